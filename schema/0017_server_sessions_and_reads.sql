-- 0017 · Sliding sessions and reads under a read-only role for `fundledger serve` (issue 15).
--
-- A session ends after `--session-hours` without a request, not that long after login. A request that
-- uses a session whose `last_seen` is more than a minute old moves `last_seen` to now and `expires_at` to
-- now + the idle lifetime, but never past `created_at` + 7 × the idle lifetime, so a stolen cookie in
-- constant use still dies (docs/server.md). The server's login (a member of fundledger_delegate) may now
-- move `expires_at` as well as `last_seen`.
GRANT UPDATE (expires_at) ON server.sessions TO fundledger_delegate;

COMMENT ON COLUMN server.sessions.expires_at IS
    'The end of the session unless it is used: moved forward by use (at most once a minute), never past created_at + 7 × the idle lifetime.';

-- The server reads funds from the state snapshots, under fundledger_auditor and as its user. 0015 lets a
-- restricted identity use only the snapshots of streams its organisations it *records* for own; one that
-- may read an organisation (an auditor's grant) may now read that organisation's snapshots too, as it may
-- read the events they fold. Saving one still needs a recorder's grant (0015's policy, unchanged).
CREATE POLICY organisation_reads ON event_store.state_snapshots FOR SELECT USING (
    (SELECT event_store.readable_organisations()) IS NULL
    OR EXISTS (SELECT 1 FROM event_store.events e
               WHERE e.stream_id = state_snapshots.stream_id AND e.stream_version = 1
                 AND e.organisation_id = ANY ((SELECT event_store.readable_organisations())::text[])));

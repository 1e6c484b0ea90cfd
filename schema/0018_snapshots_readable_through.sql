-- 0018 · A stream's snapshot is read only by an identity that may read every event it folds.
--
-- A snapshot (0011) is a cache of a stream's fold, saved by whoever folded it: the server's SnapshotKeeper
-- and network logins see every event. 0015 and 0017 let a restricted identity read the snapshots of streams
-- its organisations own, judged by the stream's first event. But a stream may hold events of another
-- organisation (a network login, or an identity recording for both, may append one), which row-level
-- security hides from that identity while the snapshot carries their effects: a fund's balance would show
-- another organisation's amounts. Reading a snapshot now also needs every event of its stream up to the
-- snapshot's version to be one the identity may read (its organisation, or shared with it); otherwise the
-- reader folds the events it may see, as it did without a snapshot.

-- SECURITY DEFINER: it must see the events row-level security hides from the caller in order to say that
-- there are some. It says only yes or no. A network identity (no grant) is answered at once.
CREATE FUNCTION event_store.stream_readable_through(p_stream text, p_version bigint) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = event_store, pg_catalog, pg_temp
AS $$
DECLARE
    v_readable constant text[] := event_store.access_organisations(false);
BEGIN
    IF v_readable IS NULL THEN
        RETURN true;
    END IF;
    RETURN NOT EXISTS (
        SELECT 1 FROM events e
        WHERE e.stream_id = p_stream AND e.stream_version <= p_version
          AND NOT coalesce(e.organisation_id = ANY (v_readable), false)
          AND NOT coalesce(jsonb_typeof(e.metadata -> 'shared_with') = 'array'
                           AND (e.metadata -> 'shared_with') ?| v_readable, false));
END
$$;

REVOKE ALL ON FUNCTION event_store.stream_readable_through(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION event_store.stream_readable_through(text, bigint) TO fundledger_writer, fundledger_auditor;

ALTER POLICY organisation_streams ON event_store.state_snapshots USING (
    (SELECT event_store.readable_organisations()) IS NULL
    OR (EXISTS (SELECT 1 FROM event_store.events e
                WHERE e.stream_id = state_snapshots.stream_id AND e.stream_version = 1
                  AND e.organisation_id = ANY ((SELECT event_store.access_organisations(true))::text[]))
        AND event_store.stream_readable_through(stream_id, stream_version)));

ALTER POLICY organisation_reads ON event_store.state_snapshots USING (
    (SELECT event_store.readable_organisations()) IS NULL
    OR (EXISTS (SELECT 1 FROM event_store.events e
                WHERE e.stream_id = state_snapshots.stream_id AND e.stream_version = 1
                  AND e.organisation_id = ANY ((SELECT event_store.readable_organisations())::text[]))
        AND event_store.stream_readable_through(stream_id, stream_version)));

-- 0020 · A restricted identity's snapshot read costs the same however long the stream (issue 14).
--
-- Since 0018 a restricted identity reads a stream's snapshot only if it may read every event the snapshot
-- folds, and the policy found that out by walking the stream up to the snapshot's version at every read
-- (`stream_readable_through`): about 50 ms for a 30 000-event fund, growing with its history. Now the row
-- carries the answer's ingredients: `folded_readers`, the distinct *reader sets* of the events at versions
-- up to its own, where an event's reader set is its organisation and the organisations it is shared with
-- (the string elements of its metadata's `shared_with` array) — exactly what the events policy of 0015
-- matches the reader's organisations against. An identity may read every folded event when each set holds
-- one of its organisations; the policy checks that on the row, a few sets, instead of walking the stream.
--
-- The saver never supplies the summary: a SECURITY DEFINER trigger computes it on every insert and update
-- and overwrites whatever the statement wrote there. It starts from the summary of a row of the same stream
-- at the greatest version not above the new one (the row it replaces, for a save) and reads only the events
-- after that version; from the stream's first event when there is none. It summarises only when the event
-- at the snapshot's version is committed and visible to it: versions are taken in order under the append
-- lock and events are never updated or deleted (0001), so then every event at a version up to it is
-- visible too and none can join them later. A row it cannot summarise (ahead of its stream, or a save that
-- races the deletion of the row it conflicts with) keeps NULL, and NULL falls back to 0018's walk: the
-- answer is the same, only its cost differs. Rows saved before this migration are summarised at its end.
-- The summary is a column of the row: a hot standby reads it as it is, with no write, and a logical
-- replica's apply worker, which fires no ordinary trigger, stores it as the publisher's trigger computed it
-- from the same events. (Only a superuser may set session_replication_role to skip the trigger.)
--
-- A restricted identity may now also save only a snapshot whose every folded event it may read (WITH CHECK):
-- before, its save of a stream holding another organisation's event succeeded and left, for network logins
-- to fold on, a state missing that event. Network logins are answered by the policy's first test, as before.
--
-- A snapshot whose stream id begins with `$` is not a stream's fold: the projector keeps the fold of the
-- whole log as `$read-models`, its version a log position (ReadModelEngine+Snapshot.swift). No events are
-- appended there by the ledger, but `append_events` accepts that stream id like any other, so before this
-- migration a restricted recorder that appended one event of its organisation to a new stream
-- `$read-models` owned it by 0015's rule and passed 0018's walk: it could read the whole network's fold and
-- overwrite the projector's snapshot. Such rows are now for network logins only, whatever a stream of that
-- name holds; the trigger leaves them alone (a plpgsql row trigger copies the row, and that state is the
-- largest: 200 MB at 1 000 000 events) and their summary stays NULL.

ALTER TABLE event_store.state_snapshots ADD COLUMN folded_readers jsonb
    CHECK (folded_readers IS NULL OR NOT starts_with(stream_id, '$'));

COMMENT ON COLUMN event_store.state_snapshots.folded_readers IS
    'The distinct reader sets (organisation and shared_with, sorted) of the stream''s events up to stream_version; computed by a trigger, never by the saver; NULL: not summarised (0018''s walk decides).';

-- The distinct reader sets of `p_stream`'s events at versions in (p_after, p_through], added to those of
-- `p_base` (a summary through p_after), as a sorted JSON array of sorted arrays of organisation ids. An
-- event without an organisation that is shared with nobody has the empty set: no restricted identity reads it.
CREATE FUNCTION event_store.folded_reader_sets(p_stream text, p_after bigint, p_through bigint, p_base jsonb)
RETURNS jsonb
LANGUAGE sql STABLE
SET search_path = event_store, pg_catalog, pg_temp
AS $$
    SELECT coalesce(jsonb_agg(s.readers ORDER BY s.readers), '[]')
    FROM (SELECT b.readers FROM jsonb_array_elements(p_base) b(readers)
          UNION
          SELECT (SELECT coalesce(jsonb_agg(o.id ORDER BY o.id), '[]')
                  FROM (SELECT c.organisation_id WHERE c.organisation_id IS NOT NULL
                        UNION
                        SELECT x.value #>> '{}'
                        FROM jsonb_array_elements(CASE WHEN jsonb_typeof(c.shared_with) = 'array' THEN c.shared_with ELSE '[]' END) x
                        WHERE jsonb_typeof(x.value) = 'string') o(id))
          FROM (SELECT DISTINCT e.organisation_id, e.metadata -> 'shared_with' AS shared_with
                FROM events e
                WHERE e.stream_id = p_stream AND e.stream_version > p_after AND e.stream_version <= p_through) c) s(readers)
$$;

-- BEFORE INSERT OR UPDATE: computes NEW.folded_readers (see above), whatever the statement put there.
CREATE FUNCTION event_store.summarise_snapshot_readers() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = event_store, pg_catalog, pg_temp
AS $$
DECLARE
    v_base_version bigint;
    v_base jsonb;
BEGIN
    NEW.folded_readers := NULL;
    IF NOT EXISTS (SELECT 1 FROM events e WHERE e.stream_id = NEW.stream_id AND e.stream_version = NEW.stream_version) THEN
        RETURN NEW;
    END IF;
    SELECT s.stream_version, s.folded_readers INTO v_base_version, v_base
    FROM state_snapshots s
    WHERE s.stream_id = NEW.stream_id AND s.folded_readers IS NOT NULL AND s.stream_version <= NEW.stream_version
    ORDER BY s.stream_version DESC
    LIMIT 1;
    -- An INSERT … ON CONFLICT fires this before it finds its conflict. When the row it would replace is
    -- there, the UPDATE that follows summarises the row kept, and this one is discarded (NULL, answered by
    -- the walk, if a concurrent deletion lets it in after all); what it carries meanwhile is read only by a
    -- restricted saver's WITH CHECK, which runs before the conflict is found. So it is computed only for
    -- one, and only from a base: from the first event it would walk the stream at every stale save.
    IF TG_OP = 'INSERT' AND EXISTS (SELECT 1 FROM state_snapshots s WHERE s.stream_id = NEW.stream_id AND s.format = NEW.format)
       AND (v_base IS NULL OR access_organisations(false) IS NULL) THEN
        RETURN NEW;
    END IF;
    NEW.folded_readers := folded_reader_sets(NEW.stream_id, coalesce(v_base_version, 0), NEW.stream_version,
                                             coalesce(v_base, '[]'));
    RETURN NEW;
END
$$;

CREATE TRIGGER summarise_readers BEFORE INSERT OR UPDATE ON event_store.state_snapshots
    FOR EACH ROW WHEN (NOT starts_with(NEW.stream_id, '$')) EXECUTE FUNCTION event_store.summarise_snapshot_readers();

-- Whether the restricted identity whose readable organisations are `p_organisations` (the policies pass
-- `(SELECT readable_organisations())`, read once per query) may read every event a snapshot folds: every
-- reader set holds one of them. Unsummarised rows are answered by 0018's walk, for the same identity; a `$`
-- row (the whole log's fold) never.
CREATE FUNCTION event_store.snapshot_readable(p_stream text, p_version bigint, p_readers jsonb, p_organisations text[])
RETURNS boolean
LANGUAGE sql STABLE
AS $$
    SELECT CASE WHEN starts_with(p_stream, '$') THEN false
                WHEN p_readers IS NULL THEN event_store.stream_readable_through(p_stream, p_version)
                ELSE NOT EXISTS (SELECT 1 FROM jsonb_array_elements(p_readers) r(readers)
                                 WHERE NOT (r.readers ?| p_organisations)) END
$$;

REVOKE ALL ON FUNCTION event_store.folded_reader_sets(text, bigint, bigint, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION event_store.summarise_snapshot_readers() FROM PUBLIC;
REVOKE ALL ON FUNCTION event_store.snapshot_readable(text, bigint, jsonb, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION event_store.snapshot_readable(text, bigint, jsonb, text[]) TO fundledger_writer, fundledger_auditor;

ALTER POLICY organisation_streams ON event_store.state_snapshots USING (
    (SELECT event_store.readable_organisations()) IS NULL
    OR (EXISTS (SELECT 1 FROM event_store.events e
                WHERE e.stream_id = state_snapshots.stream_id AND e.stream_version = 1
                  AND e.organisation_id = ANY ((SELECT event_store.access_organisations(true))::text[]))
        AND event_store.snapshot_readable(stream_id, stream_version, folded_readers,
                                          (SELECT event_store.readable_organisations()))))
WITH CHECK (
    (SELECT event_store.readable_organisations()) IS NULL
    OR (EXISTS (SELECT 1 FROM event_store.events e
                WHERE e.stream_id = state_snapshots.stream_id AND e.stream_version = 1
                  AND e.organisation_id = ANY ((SELECT event_store.access_organisations(true))::text[]))
        AND event_store.snapshot_readable(stream_id, stream_version, folded_readers,
                                          (SELECT event_store.readable_organisations()))));

ALTER POLICY organisation_reads ON event_store.state_snapshots USING (
    (SELECT event_store.readable_organisations()) IS NULL
    OR (EXISTS (SELECT 1 FROM event_store.events e
                WHERE e.stream_id = state_snapshots.stream_id AND e.stream_version = 1
                  AND e.organisation_id = ANY ((SELECT event_store.readable_organisations())::text[]))
        AND event_store.snapshot_readable(stream_id, stream_version, folded_readers,
                                          (SELECT event_store.readable_organisations()))));

-- The rows saved before this migration, summarised now (each from its stream's first event, or from a row
-- of the same stream summarised before it in this statement), so no reader waits for the next save.
UPDATE event_store.state_snapshots SET folded_readers = NULL WHERE NOT starts_with(stream_id, '$');

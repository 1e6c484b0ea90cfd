-- 0004 · restore_events: rebuild a log from an export, for the owner only (no grant to writer or auditor).
--
-- Each row must continue the chain exactly: position head+1, prev_hash = head hash, and the hash the
-- database recomputes from the stored values must equal the exported one. So an export restored here is
-- verified twice: by `fundledger import` before it starts, and row by row by the database itself.
-- Input: a jsonb array of exported event objects (docs/verification.md), payload/metadata as jsonb text.
CREATE FUNCTION event_store.restore_events(batch jsonb) RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = event_store, pg_catalog, pg_temp
AS $$
DECLARE
    zero_hash constant bytea := decode(repeat('00', 32), 'hex');
    v_event jsonb;
    v_position bigint;
    v_hash bytea;
    v_computed bytea;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('fundledger.event_store.append'));
    SELECT e.global_position, e.hash INTO v_position, v_hash FROM events e ORDER BY e.global_position DESC LIMIT 1;
    v_position := coalesce(v_position, 0);
    v_hash := coalesce(v_hash, zero_hash);
    FOR v_event IN SELECT ev FROM jsonb_array_elements(batch) b(ev) LOOP
        IF (v_event ->> 'global_position')::bigint IS DISTINCT FROM v_position + 1 THEN
            RAISE EXCEPTION 'restore expected position %, the export has %', v_position + 1,
                v_event ->> 'global_position' USING ERRCODE = 'FL020';
        END IF;
        IF decode(v_event ->> 'prev_hash', 'hex') IS DISTINCT FROM v_hash THEN
            RAISE EXCEPTION 'position %: prev_hash does not continue the chain', v_position + 1 USING ERRCODE = 'FL020';
        END IF;
        v_computed := sha256(v_hash || canonical_bytes(v_position + 1, v_event ->> 'stream_id',
                (v_event ->> 'stream_version')::bigint, (v_event ->> 'event_id')::uuid, v_event ->> 'event_type',
                (v_event ->> 'schema_version')::integer, to_date(v_event ->> 'effective_date', 'YYYY-MM-DD'),
                (v_event ->> 'recorded_at')::timestamptz, v_event ->> 'organisation_id',
                (v_event ->> 'payload')::jsonb, (v_event ->> 'metadata')::jsonb));
        IF v_computed IS DISTINCT FROM decode(v_event ->> 'hash', 'hex') THEN
            RAISE EXCEPTION 'position %: the recomputed hash differs from the exported one', v_position + 1
                USING ERRCODE = 'FL020';
        END IF;
        INSERT INTO events (global_position, stream_id, stream_version, event_id, event_type, schema_version,
                            payload, metadata, recorded_at, effective_date, organisation_id, prev_hash, hash)
        VALUES (v_position + 1, v_event ->> 'stream_id', (v_event ->> 'stream_version')::bigint,
                (v_event ->> 'event_id')::uuid, v_event ->> 'event_type', (v_event ->> 'schema_version')::integer,
                (v_event ->> 'payload')::jsonb, (v_event ->> 'metadata')::jsonb,
                (v_event ->> 'recorded_at')::timestamptz, to_date(v_event ->> 'effective_date', 'YYYY-MM-DD'),
                v_event ->> 'organisation_id', v_hash, v_computed);
        v_position := v_position + 1;
        v_hash := v_computed;
    END LOOP;
    RETURN v_position;
END
$$;

REVOKE ALL ON FUNCTION event_store.restore_events(jsonb) FROM PUBLIC;

-- 0002 · append_events: the only way events enter the log.
--
-- Input, one jsonb document:
--   {"expected": {"<stream_id>": "any" | "no_stream" | "exists" | <version>, ...},
--    "events":   [{"event_id", "stream_id", "event_type", "schema_version", "payload", "metadata",
--                  "effective_date" ("YYYY-MM-DD"), "organisation_id" (string or null)}, ...]}
-- Output: one row per event, in input order: its global_position, stream_version and hash.
--
-- Errors (SQLSTATE, DETAIL is JSON for the client to decode):
--   FL000 malformed batch · FL001 wrong expected version · FL002 event_id stored with other content
--   FL003 batch overlaps an earlier append only in part · FL004 event_id repeated within the batch
CREATE FUNCTION event_store.append_events(batch jsonb)
RETURNS TABLE (out_global_position bigint, out_stream_version bigint, out_hash bytea)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = event_store, pg_catalog, pg_temp
AS $$
DECLARE
    event_count_max constant integer := 10000;
    zero_hash constant bytea := decode(repeat('00', 32), 'hex');
    v_events jsonb := batch -> 'events';
    v_count integer;
    v_matched integer;
    v_event jsonb;
    v_stream text;
    v_expected jsonb;
    v_actual bigint;
    v_satisfied boolean;
    v_event_id uuid;
    v_schema_version integer;
    v_metadata jsonb;
    v_versions jsonb := '{}';
    v_version bigint;
    v_position bigint;
    v_hash bytea;
    v_prev bytea;
    v_recorded_at timestamptz;
    v_effective_date date;
BEGIN
    IF jsonb_typeof(v_events) IS DISTINCT FROM 'array' OR jsonb_array_length(v_events) = 0 THEN
        RAISE EXCEPTION 'an append needs a non-empty "events" array' USING ERRCODE = 'FL000';
    END IF;
    v_count := jsonb_array_length(v_events);
    IF v_count > event_count_max THEN
        RAISE EXCEPTION 'an append holds at most % events; this one has %', event_count_max, v_count
            USING ERRCODE = 'FL000';
    END IF;
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        -- Under a snapshot taken before the lock, the head read below could be stale.
        RAISE EXCEPTION 'append_events must run at READ COMMITTED, not %', current_setting('transaction_isolation')
            USING ERRCODE = 'FL000';
    END IF;
    IF (SELECT count(DISTINCT e ->> 'event_id') FROM jsonb_array_elements(v_events) e) <> v_count THEN
        RAISE EXCEPTION 'an event_id appears more than once in one append' USING ERRCODE = 'FL004';
    END IF;

    -- The writer lock: held until commit, so positions are assigned, chained and committed in one order.
    PERFORM pg_advisory_xact_lock(hashtext('fundledger.event_store.append'));

    -- Idempotency: a batch whose every event is already stored, identically, returns the original rows.
    SELECT count(*) INTO v_matched
    FROM jsonb_array_elements(v_events) b(ev)
    JOIN events e ON e.event_id = (b.ev ->> 'event_id')::uuid;
    IF v_matched > 0 THEN
        SELECT e.global_position, e.event_id INTO v_position, v_stream
        FROM jsonb_array_elements(v_events) b(ev)
        JOIN events e ON e.event_id = (b.ev ->> 'event_id')::uuid
        WHERE e.stream_id IS DISTINCT FROM b.ev ->> 'stream_id'
           OR e.event_type IS DISTINCT FROM b.ev ->> 'event_type'
           OR e.schema_version IS DISTINCT FROM coalesce((b.ev ->> 'schema_version')::integer, 1)
           OR e.payload IS DISTINCT FROM b.ev -> 'payload'
           OR e.metadata IS DISTINCT FROM coalesce(b.ev -> 'metadata', '{}')
           OR e.organisation_id IS DISTINCT FROM b.ev ->> 'organisation_id'
           OR (b.ev ->> 'effective_date' IS NOT NULL AND e.effective_date <> (b.ev ->> 'effective_date')::date)
        LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'event % is already stored at position % with different content', v_stream, v_position
                USING ERRCODE = 'FL002',
                      DETAIL = json_build_object('event_id', v_stream, 'global_position', v_position)::text;
        END IF;
        IF v_matched < v_count THEN
            RAISE EXCEPTION '% of the % events in this append were stored by an earlier append, the rest not',
                v_matched, v_count
                USING ERRCODE = 'FL003',
                      DETAIL = json_build_object('stored', v_matched, 'count', v_count)::text,
                      HINT = 'Retry the earlier append as it was, and send new events with new ids.';
        END IF;
        RETURN QUERY
            SELECT e.global_position, e.stream_version, e.hash
            FROM jsonb_array_elements(v_events) WITH ORDINALITY b(ev, ord)
            JOIN events e ON e.event_id = (b.ev ->> 'event_id')::uuid
            ORDER BY b.ord;
        RETURN;
    END IF;

    -- Expected versions, checked against the committed log under the lock.
    FOR v_stream, v_expected IN SELECT key, value FROM jsonb_each(coalesce(batch -> 'expected', '{}')) LOOP
        SELECT max(stream_version) INTO v_actual FROM events WHERE stream_id = v_stream;
        v_satisfied := CASE
            WHEN v_expected = '"any"' THEN true
            WHEN v_expected = '"no_stream"' THEN v_actual IS NULL
            WHEN v_expected = '"exists"' THEN v_actual IS NOT NULL
            WHEN jsonb_typeof(v_expected) = 'number' THEN coalesce(v_actual, 0) = v_expected::text::bigint
            ELSE false
        END;
        IF NOT v_satisfied THEN
            IF jsonb_typeof(v_expected) <> 'number' AND v_expected NOT IN ('"any"', '"no_stream"', '"exists"') THEN
                RAISE EXCEPTION 'unknown expected version % for stream %', v_expected, v_stream USING ERRCODE = 'FL000';
            END IF;
            RAISE EXCEPTION 'wrong expected version for stream %: expected %, actual %',
                v_stream, v_expected #>> '{}', coalesce(v_actual::text, 'no stream')
                USING ERRCODE = 'FL001',
                      DETAIL = json_build_object('stream_id', v_stream, 'expected', v_expected, 'actual', v_actual)::text;
        END IF;
    END LOOP;

    SELECT e.global_position, e.hash INTO v_position, v_hash
    FROM events e ORDER BY e.global_position DESC LIMIT 1;
    v_position := coalesce(v_position, 0);
    v_hash := coalesce(v_hash, zero_hash);
    -- One timestamp per append, read after the lock so it follows the previous append's.
    v_recorded_at := clock_timestamp();

    FOR v_event IN SELECT ev FROM jsonb_array_elements(v_events) b(ev) LOOP
        v_stream := v_event ->> 'stream_id';
        IF v_stream IS NULL OR v_event ->> 'event_type' IS NULL OR v_event ->> 'event_id' IS NULL
           OR jsonb_typeof(v_event -> 'payload') IS DISTINCT FROM 'object' THEN
            RAISE EXCEPTION 'each event needs event_id, stream_id, event_type and an object payload'
                USING ERRCODE = 'FL000';
        END IF;
        IF v_event ->> 'effective_date' IS NULL THEN
            v_effective_date := (v_recorded_at AT TIME ZONE 'UTC')::date;
        ELSIF v_event ->> 'effective_date' ~ '^\d{4}-\d{2}-\d{2}$' THEN
            v_effective_date := to_date(v_event ->> 'effective_date', 'YYYY-MM-DD');
        ELSE
            RAISE EXCEPTION 'effective_date must be YYYY-MM-DD, not %', v_event ->> 'effective_date'
                USING ERRCODE = 'FL000';
        END IF;
        v_version := (v_versions ->> v_stream)::bigint;
        IF v_version IS NULL THEN
            SELECT coalesce(max(stream_version), 0) INTO v_version FROM events WHERE stream_id = v_stream;
        END IF;
        v_version := v_version + 1;
        v_versions := v_versions || jsonb_build_object(v_stream, v_version);
        v_position := v_position + 1;
        v_prev := v_hash;
        v_event_id := (v_event ->> 'event_id')::uuid;
        v_schema_version := coalesce((v_event ->> 'schema_version')::integer, 1);
        v_metadata := coalesce(v_event -> 'metadata', '{}');
        v_hash := sha256(v_prev || canonical_bytes(v_position, v_stream, v_version, v_event_id,
                         v_event ->> 'event_type', v_schema_version, v_effective_date, v_recorded_at,
                         v_event ->> 'organisation_id', v_event -> 'payload', v_metadata));
        INSERT INTO events (global_position, stream_id, stream_version, event_id, event_type, schema_version,
                            payload, metadata, recorded_at, effective_date, organisation_id, prev_hash, hash)
        VALUES (v_position, v_stream, v_version, v_event_id, v_event ->> 'event_type', v_schema_version,
                v_event -> 'payload', v_metadata, v_recorded_at, v_effective_date,
                v_event ->> 'organisation_id', v_prev, v_hash);
        out_global_position := v_position;
        out_stream_version := v_version;
        out_hash := v_hash;
        RETURN NEXT;
    END LOOP;
    PERFORM pg_notify('fundledger_events', v_position::text);
END
$$;

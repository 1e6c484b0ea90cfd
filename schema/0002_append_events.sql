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
-- Its statements take the batch as a parameter; custom plans would re-plan them on every call.
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    event_count_max constant integer := 10000;
    zero_hash constant bytea := decode(repeat('00', 32), 'hex');
    v_events jsonb := batch -> 'events';
    v_count integer;
    v_ids uuid[];
    v_matched integer;
    v_stream text;
    v_expected jsonb;
    v_actual bigint;
    v_satisfied boolean;
    v_position bigint;
    v_hash bytea;
    v_recorded_at timestamptz;
    a_position bigint[];
    a_stream text[];
    a_version bigint[];
    a_type text[];
    a_schema integer[];
    a_payload jsonb[];
    a_metadata jsonb[];
    a_date date[];
    a_organisation text[];
    a_prev bytea[];
    a_hash bytea[];
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
    v_ids := ARRAY(SELECT (e ->> 'event_id')::uuid FROM jsonb_array_elements(v_events) WITH ORDINALITY b(e, ord) ORDER BY ord);
    IF array_position(v_ids, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'every event needs an event_id' USING ERRCODE = 'FL000';
    END IF;
    IF (SELECT count(DISTINCT id) FROM unnest(v_ids) id) <> v_count THEN
        RAISE EXCEPTION 'an event_id appears more than once in one append' USING ERRCODE = 'FL004';
    END IF;

    -- The writer lock: held until commit, so positions are assigned, chained and committed in one order.
    PERFORM pg_advisory_xact_lock(hashtext('fundledger.event_store.append'));

    -- Idempotency: a batch whose every event is already stored, identically, returns the original rows.
    -- (= ANY over an array, not a join with the jsonb elements, so the planner always uses the index.)
    SELECT count(*) INTO v_matched FROM events e WHERE e.event_id = ANY (v_ids);
    IF v_matched > 0 THEN
        SELECT e.global_position, e.event_id INTO v_position, v_stream
        FROM jsonb_array_elements(v_events) b(ev)
        JOIN events e ON e.event_id = (b.ev ->> 'event_id')::uuid AND e.event_id = ANY (v_ids)
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
            JOIN events e ON e.event_id = (b.ev ->> 'event_id')::uuid AND e.event_id = ANY (v_ids)
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

    IF EXISTS (
        SELECT 1 FROM jsonb_array_elements(v_events) ev
        WHERE ev ->> 'stream_id' IS NULL OR ev ->> 'event_type' IS NULL
           OR jsonb_typeof(ev -> 'payload') IS DISTINCT FROM 'object'
           OR jsonb_typeof(coalesce(ev -> 'metadata', '{}')) <> 'object'
           OR ev ->> 'organisation_id' = ''
           OR (ev ->> 'effective_date' IS NOT NULL AND ev ->> 'effective_date' !~ '^\d{4}-\d{2}-\d{2}$')
    ) THEN
        RAISE EXCEPTION 'each event needs stream_id, event_type, object payload and metadata, a non-empty organisation_id and a YYYY-MM-DD effective_date if any'
            USING ERRCODE = 'FL000';
    END IF;

    SELECT e.global_position, e.hash INTO v_position, v_hash
    FROM events e ORDER BY e.global_position DESC LIMIT 1;
    v_position := coalesce(v_position, 0);
    v_hash := coalesce(v_hash, zero_hash);
    -- One timestamp per append, read after the lock so it follows the previous append's.
    v_recorded_at := clock_timestamp();

    -- Stream versions, set-based: each stream's current version plus the event's rank within the batch.
    WITH batch AS (
        SELECT b.ord, b.ev, b.ev ->> 'stream_id' AS stream_id
        FROM jsonb_array_elements(v_events) WITH ORDINALITY b(ev, ord)
    ), bases AS (
        SELECT s.stream_id, (SELECT max(e.stream_version) FROM events e WHERE e.stream_id = s.stream_id) AS version
        FROM (SELECT DISTINCT stream_id FROM batch) s
    ), numbered AS (
        SELECT batch.*,
               coalesce(bases.version, 0) + row_number() OVER (PARTITION BY batch.stream_id ORDER BY batch.ord) AS version
        FROM batch JOIN bases USING (stream_id)
    )
    SELECT array_agg(stream_id ORDER BY ord),
           array_agg(version ORDER BY ord),
           array_agg((ev ->> 'event_type') ORDER BY ord),
           array_agg(coalesce((ev ->> 'schema_version')::integer, 1) ORDER BY ord),
           array_agg((ev -> 'payload') ORDER BY ord),
           array_agg(coalesce(ev -> 'metadata', '{}') ORDER BY ord),
           array_agg(coalesce((ev ->> 'effective_date')::date, (v_recorded_at AT TIME ZONE 'UTC')::date) ORDER BY ord),
           array_agg((ev ->> 'organisation_id') ORDER BY ord)
    INTO a_stream, a_version, a_type, a_schema, a_payload, a_metadata, a_date, a_organisation
    FROM numbered;

    -- The chain is sequential by nature; everything else is one INSERT.
    FOR i IN 1 .. v_count LOOP
        a_position[i] := v_position + i;
        a_prev[i] := v_hash;
        v_hash := sha256(v_hash || canonical_bytes(v_position + i, a_stream[i], a_version[i], v_ids[i], a_type[i],
                         a_schema[i], a_date[i], v_recorded_at, a_organisation[i], a_payload[i], a_metadata[i]));
        a_hash[i] := v_hash;
    END LOOP;

    INSERT INTO events (global_position, stream_id, stream_version, event_id, event_type, schema_version,
                        payload, metadata, recorded_at, effective_date, organisation_id, prev_hash, hash)
    SELECT p, s, v, id, t, sv, pl, md, v_recorded_at, d, o, ph, h
    FROM unnest(a_position, a_stream, a_version, v_ids, a_type, a_schema, a_payload, a_metadata, a_date,
                a_organisation, a_prev, a_hash) AS u(p, s, v, id, t, sv, pl, md, d, o, ph, h);

    RETURN QUERY SELECT * FROM unnest(a_position, a_version, a_hash);
    PERFORM pg_notify('fundledger_events', (v_position + v_count)::text);
END
$$;

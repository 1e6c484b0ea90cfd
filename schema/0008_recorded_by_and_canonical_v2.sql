-- 0008 · Provable history: who recorded each event (recorded_by), the canonical form v2, and the
-- Merkle tree over the log (docs/verification.md).
--
-- Events stored before this migration keep their bytes: they read canonical_version 1 and verify with
-- canonical_bytes (v1) as before. New events are version 2: their hash covers recorded_by, the login
-- that called append_events (session_user, which SECURITY DEFINER does not change), and tells a NULL
-- organisation_id from any text. No client passes recorded_by: a key of that name in a batch is ignored.

-- Adding columns rewrites no row (a constant default is stored once in the catalogue) and fires no
-- UPDATE trigger. The default is then dropped, so every new row must say its version.
ALTER TABLE event_store.events
    ADD COLUMN canonical_version smallint NOT NULL DEFAULT 1 CHECK (canonical_version IN (1, 2)),
    ADD COLUMN recorded_by text CHECK (recorded_by <> '' AND octet_length(recorded_by) <= 255);
ALTER TABLE event_store.events ALTER COLUMN canonical_version DROP DEFAULT;
ALTER TABLE event_store.events ADD CONSTRAINT events_v2_names_its_recorder
    CHECK (canonical_version = 1 OR recorded_by IS NOT NULL);

-- The canonical bytes of one event, version fundledger.event.v2: v1's twelve fields, then recorded_by;
-- each field is a 4-byte big-endian length and its UTF-8 bytes, and a NULL field is the length
-- FF FF FF FF with no bytes (as in PostgreSQL's binary protocol), so NULL and '' differ.
CREATE FUNCTION event_store.canonical_bytes_v2(
    p_global_position bigint, p_stream_id text, p_stream_version bigint, p_event_id uuid, p_event_type text,
    p_schema_version integer, p_effective_date date, p_recorded_at timestamptz, p_organisation_id text,
    p_payload jsonb, p_metadata jsonb, p_recorded_by text
) RETURNS bytea
LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
DECLARE
    fields constant text[] := ARRAY[
        'fundledger.event.v2',
        p_global_position::text,
        p_stream_id,
        p_stream_version::text,
        p_event_id::text,
        p_event_type,
        p_schema_version::text,
        to_char(p_effective_date, 'YYYY-MM-DD'),
        to_char(p_recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        p_organisation_id,
        p_payload::text,
        p_metadata::text,
        p_recorded_by];
    field text;
    field_bytes bytea;
    result bytea := '';
BEGIN
    FOREACH field IN ARRAY fields LOOP
        IF field IS NULL THEN
            result := result || '\xffffffff'::bytea;
        ELSE
            field_bytes := convert_to(field, 'UTF8');
            result := result || int4send(octet_length(field_bytes)) || field_bytes;
        END IF;
    END LOOP;
    RETURN result;
END
$$;

-- The canonical bytes of a stored row, in the form its canonical_version names: what an auditor's query
-- recomputes (SELECT bool_and(hash = sha256(prev_hash || event_store.canonical_bytes_of(e))) FROM …).
CREATE FUNCTION event_store.canonical_bytes_of(e event_store.events) RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT CASE e.canonical_version
        WHEN 1 THEN event_store.canonical_bytes(e.global_position, e.stream_id, e.stream_version, e.event_id,
            e.event_type, e.schema_version, e.effective_date, e.recorded_at, e.organisation_id, e.payload, e.metadata)
        ELSE event_store.canonical_bytes_v2(e.global_position, e.stream_id, e.stream_version, e.event_id,
            e.event_type, e.schema_version, e.effective_date, e.recorded_at, e.organisation_id, e.payload, e.metadata,
            e.recorded_by)
    END
$$;

-- The append of 0002 (renamed append_rows by 0006), now writing version-2 events. Everything else is as
-- it was: the same checks, lock, idempotency and errors.
CREATE OR REPLACE FUNCTION event_store.append_rows(batch jsonb)
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
    -- The login that called append_events: SECURITY DEFINER changes current_user, never session_user.
    v_recorded_by text := session_user;
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
        v_hash := sha256(v_hash || canonical_bytes_v2(v_position + i, a_stream[i], a_version[i], v_ids[i], a_type[i],
                         a_schema[i], a_date[i], v_recorded_at, a_organisation[i], a_payload[i], a_metadata[i],
                         v_recorded_by));
        a_hash[i] := v_hash;
    END LOOP;

    INSERT INTO events (global_position, stream_id, stream_version, event_id, event_type, schema_version,
                        payload, metadata, recorded_at, effective_date, organisation_id, prev_hash, hash,
                        canonical_version, recorded_by)
    SELECT p, s, v, id, t, sv, pl, md, v_recorded_at, d, o, ph, h, 2, v_recorded_by
    FROM unnest(a_position, a_stream, a_version, v_ids, a_type, a_schema, a_payload, a_metadata, a_date,
                a_organisation, a_prev, a_hash) AS u(p, s, v, id, t, sv, pl, md, d, o, ph, h);

    RETURN QUERY SELECT * FROM unnest(a_position, a_version, a_hash);
    PERFORM pg_notify('fundledger_events', (v_position + v_count)::text);
END
$$;

-- restore_events (0004) restores version-1 and version-2 events, each checked with its own form.
CREATE OR REPLACE FUNCTION event_store.restore_events(batch jsonb) RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = event_store, pg_catalog, pg_temp
AS $$
DECLARE
    zero_hash constant bytea := decode(repeat('00', 32), 'hex');
    v_event jsonb;
    v_position bigint;
    v_hash bytea;
    v_computed bytea;
    v_version smallint;
    v_canonical bytea;
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
        v_version := coalesce((v_event ->> 'canonical_version')::smallint, 1);
        IF v_version = 1 THEN
            v_canonical := canonical_bytes(v_position + 1, v_event ->> 'stream_id',
                (v_event ->> 'stream_version')::bigint, (v_event ->> 'event_id')::uuid, v_event ->> 'event_type',
                (v_event ->> 'schema_version')::integer, to_date(v_event ->> 'effective_date', 'YYYY-MM-DD'),
                (v_event ->> 'recorded_at')::timestamptz, v_event ->> 'organisation_id',
                (v_event ->> 'payload')::jsonb, (v_event ->> 'metadata')::jsonb);
        ELSE
            v_canonical := canonical_bytes_v2(v_position + 1, v_event ->> 'stream_id',
                (v_event ->> 'stream_version')::bigint, (v_event ->> 'event_id')::uuid, v_event ->> 'event_type',
                (v_event ->> 'schema_version')::integer, to_date(v_event ->> 'effective_date', 'YYYY-MM-DD'),
                (v_event ->> 'recorded_at')::timestamptz, v_event ->> 'organisation_id',
                (v_event ->> 'payload')::jsonb, (v_event ->> 'metadata')::jsonb, v_event ->> 'recorded_by');
        END IF;
        v_computed := sha256(v_hash || v_canonical);
        IF v_computed IS DISTINCT FROM decode(v_event ->> 'hash', 'hex') THEN
            RAISE EXCEPTION 'position %: the recomputed hash differs from the exported one', v_position + 1
                USING ERRCODE = 'FL020';
        END IF;
        INSERT INTO events (global_position, stream_id, stream_version, event_id, event_type, schema_version,
                            payload, metadata, recorded_at, effective_date, organisation_id, prev_hash, hash,
                            canonical_version, recorded_by)
        VALUES (v_position + 1, v_event ->> 'stream_id', (v_event ->> 'stream_version')::bigint,
                (v_event ->> 'event_id')::uuid, v_event ->> 'event_type', (v_event ->> 'schema_version')::integer,
                (v_event ->> 'payload')::jsonb, (v_event ->> 'metadata')::jsonb,
                (v_event ->> 'recorded_at')::timestamptz, to_date(v_event ->> 'effective_date', 'YYYY-MM-DD'),
                v_event ->> 'organisation_id', v_hash, v_computed, v_version,
                CASE WHEN v_version = 1 THEN NULL ELSE v_event ->> 'recorded_by' END);
        v_position := v_position + 1;
        v_hash := v_computed;
    END LOOP;
    RETURN v_position;
END
$$;

REVOKE ALL ON FUNCTION event_store.restore_events(jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION event_store.append_rows(jsonb) FROM PUBLIC, fundledger_writer;
REVOKE ALL ON FUNCTION event_store.canonical_bytes_v2(bigint, text, bigint, uuid, text, integer, date, timestamptz,
    text, jsonb, jsonb, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION event_store.canonical_bytes_v2(bigint, text, bigint, uuid, text, integer, date, timestamptz,
    text, jsonb, jsonb, text) TO fundledger_writer, fundledger_auditor;
REVOKE ALL ON FUNCTION event_store.canonical_bytes_of(event_store.events) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION event_store.canonical_bytes_of(event_store.events) TO fundledger_writer, fundledger_auditor;

-- 0010 · A slim append_events: the same contract as 0002/0006/0008 (checks, lock, idempotency, expected
-- versions, canonical v2 bytes, errors), in fewer and cheaper statements (docs/event-store.md, "How an
-- append works"):
--   * one function instead of two (append_events no longer calls append_rows): one SECURITY DEFINER
--     entry, one set of function-level settings (each SET clause costs a save and restore per call);
--   * the batch document is read once, into arrays, in one statement;
--   * identifiers are checked once per distinct value, not once per event and field (a refused one is
--     then looked up event by event, for the same message as before);
--   * the canonical bytes are one set-based expression per event (canonical_field below) instead of a
--     PL/pgSQL loop over thirteen fields; the batch-wide fields (the form's name, recorded_at,
--     recorded_by) are encoded once per append; only the chain itself, sequential by nature, is a loop
--     of one sha256 per event;
--   * under the lock, one statement reads the stored ids, each stream's version (for the expected-version
--     check and for numbering both), the first expectation that fails and the head.
-- The bytes are those of canonical_bytes_v2 (0008), byte for byte: canonical_field(NULL) is FF FF FF FF
-- and canonical_field(t) is t's 4-byte big-endian UTF-8 length and bytes (octet_length counts UTF-8
-- bytes: 0001 refuses any database whose encoding is not UTF8). canonical_bytes_v2 stays,
-- and canonical_bytes_of still uses it: what an auditor recomputes does not depend on this file.
-- append_rows (0002/0008) stays as it was, unused, and callable by no writer.

-- One field of the canonical form: a SQL function, inlined into the statements that call it (STABLE, as
-- convert_to is; a function declared more stable than its body is not inlined).
CREATE FUNCTION event_store.canonical_field(value text) RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN value IS NULL THEN '\xffffffff'::bytea
                ELSE int4send(octet_length(value)) || convert_to(value, 'UTF8') END
$$;

CREATE OR REPLACE FUNCTION event_store.append_events(batch jsonb)
RETURNS TABLE (out_global_position bigint, out_stream_version bigint, out_hash bytea)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = event_store, pg_catalog, pg_temp
-- Its statements take the batch's arrays as parameters; custom plans would re-plan them on every call.
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    event_count_max constant integer := 10000;
    zero_hash constant bytea := decode(repeat('00', 32), 'hex');
    v_events jsonb := batch -> 'events';
    v_expected jsonb := coalesce(batch -> 'expected', '{}');
    v_count integer;
    v_distinct integer;
    v_refused boolean;
    v_malformed boolean;
    v_stored integer;
    v_bad record;
    v_wrong_stream text;
    v_wrong_expected jsonb;
    v_wrong_actual bigint;
    v_position bigint;
    v_hash bytea;
    v_recorded_at timestamptz;
    -- The login that called append_events: SECURITY DEFINER changes current_user, never session_user.
    v_recorded_by text := session_user;
    v_form_field bytea;
    v_recorded_at_field bytea;
    v_recorded_by_field bytea;
    a_id_text text[];
    a_id uuid[];
    a_stream text[];
    a_type text[];
    a_schema text[];
    a_payload jsonb[];
    a_metadata jsonb[];
    a_date text[];
    a_organisation text[];
    a_version bigint[];
    a_bytes bytea[];
    a_prev bytea[];
    a_hash bytea[];
    b_stream text[];
    b_version bigint[];
BEGIN
    IF jsonb_typeof(v_events) IS DISTINCT FROM 'array' OR jsonb_array_length(v_events) = 0 THEN
        RAISE EXCEPTION 'an append needs a non-empty "events" array' USING ERRCODE = 'FL000';
    END IF;

    -- 1. The batch, read once into one array per field (input order); how many distinct ids it has,
    --    whether an event is malformed, and whether an identifier breaks the rule of 0006 (each distinct
    --    value checked once). Nothing is cast yet, so the errors come in the order they always came.
    WITH e AS (
        SELECT ev ->> 'event_id' AS id, ev ->> 'stream_id' AS stream_id, ev ->> 'event_type' AS event_type,
               ev ->> 'schema_version' AS schema_version, ev -> 'payload' AS payload,
               coalesce(ev -> 'metadata', '{}') AS metadata, ev ->> 'effective_date' AS effective_date,
               ev ->> 'organisation_id' AS organisation_id
        FROM jsonb_array_elements(v_events) WITH ORDINALITY b(ev, ord)
        ORDER BY ord
    ), p AS (
        SELECT count(*)::integer AS n, count(DISTINCT id)::integer AS n_distinct, array_agg(id) AS ids,
               array_agg(stream_id) AS streams, array_agg(event_type) AS types, array_agg(schema_version) AS schemas,
               array_agg(payload) AS payloads, array_agg(metadata) AS metadatas, array_agg(effective_date) AS dates,
               array_agg(organisation_id) AS organisations,
               bool_or(stream_id IS NULL OR event_type IS NULL
                       OR jsonb_typeof(payload) IS DISTINCT FROM 'object'
                       OR jsonb_typeof(metadata) <> 'object'
                       OR organisation_id = ''
                       OR (effective_date IS NOT NULL AND effective_date !~ '^\d{4}-\d{2}-\d{2}$')) AS malformed
        FROM e
    )
    SELECT p.n, p.n_distinct, p.ids, p.streams, p.types, p.schemas, p.payloads, p.metadatas, p.dates, p.organisations,
           p.malformed,
           EXISTS (SELECT 1 FROM (SELECT unnest(p.streams) UNION SELECT unnest(p.types)
                                  UNION SELECT unnest(p.organisations)) v(value)
                   WHERE v.value <> '' AND identifier_problem(v.value) IS NOT NULL)
    INTO v_count, v_distinct, a_id_text, a_stream, a_type, a_schema, a_payload, a_metadata, a_date, a_organisation,
         v_malformed, v_refused
    FROM p;

    IF v_refused THEN
        -- Named by the first event and field that breaks the rule, as 0006 did.
        SELECT u.ord, f.field, identifier_problem(f.value) AS problem INTO v_bad
        FROM unnest(a_stream, a_type, a_organisation) WITH ORDINALITY u(stream_id, event_type, organisation_id, ord)
        CROSS JOIN LATERAL (VALUES (1, 'stream_id', u.stream_id), (2, 'event_type', u.event_type),
                                   (3, 'organisation_id', u.organisation_id)) f(rank, field, value)
        WHERE f.value <> '' AND identifier_problem(f.value) IS NOT NULL
        ORDER BY u.ord, f.rank
        LIMIT 1;
        RAISE EXCEPTION 'event % of the append: % %', v_bad.ord, v_bad.field, v_bad.problem USING ERRCODE = 'FL005';
    END IF;
    IF v_count > event_count_max THEN
        RAISE EXCEPTION 'an append holds at most % events; this one has %', event_count_max, v_count
            USING ERRCODE = 'FL000';
    END IF;
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        -- Under a snapshot taken before the lock, the head read below could be stale.
        RAISE EXCEPTION 'append_events must run at READ COMMITTED, not %', current_setting('transaction_isolation')
            USING ERRCODE = 'FL000';
    END IF;
    a_id := a_id_text::uuid[];
    IF array_position(a_id, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'every event needs an event_id' USING ERRCODE = 'FL000';
    END IF;
    IF v_distinct <> v_count THEN
        RAISE EXCEPTION 'an event_id appears more than once in one append' USING ERRCODE = 'FL004';
    END IF;

    -- 2. The writer lock: held until commit, so positions are assigned, chained and committed in one order.
    PERFORM pg_advisory_xact_lock(hashtext('fundledger.event_store.append'));

    -- 3. Under the lock, in one statement (one snapshot, taken after the lock): how many of the batch's
    --    ids are stored; the version of each stream the batch writes or names in "expected" (NULL: no
    --    such stream); the first expectation that does not hold, in the order jsonb keeps the keys (that
    --    of 0002's loop); and the head.
    WITH b AS (
        SELECT s.stream_id, (SELECT max(e.stream_version) FROM events e WHERE e.stream_id = s.stream_id) AS version
        FROM (SELECT unnest(a_stream) UNION SELECT jsonb_object_keys(v_expected)) s(stream_id)
        WHERE s.stream_id IS NOT NULL
    )
    SELECT (SELECT count(*) FROM events e WHERE e.event_id = ANY (a_id))::integer,
           (SELECT array_agg(b.stream_id) FROM b), (SELECT array_agg(b.version) FROM b),
           w.stream_id, w.expected, w.actual, h.global_position, h.hash
    INTO v_stored, b_stream, b_version, v_wrong_stream, v_wrong_expected, v_wrong_actual, v_position, v_hash
    FROM (SELECT) one
    LEFT JOIN LATERAL (
        SELECT j.key, j.value, b.version
        FROM jsonb_each(v_expected) WITH ORDINALITY j(key, value, ord)
        JOIN b ON b.stream_id = j.key
        WHERE NOT CASE
            WHEN j.value = '"any"' THEN true
            WHEN j.value = '"no_stream"' THEN b.version IS NULL
            WHEN j.value = '"exists"' THEN b.version IS NOT NULL
            WHEN jsonb_typeof(j.value) = 'number' THEN coalesce(b.version, 0) = j.value::text::bigint
            ELSE false
        END
        ORDER BY j.ord
        LIMIT 1
    ) w(stream_id, expected, actual) ON true
    LEFT JOIN LATERAL (
        SELECT e.global_position, e.hash FROM events e ORDER BY e.global_position DESC LIMIT 1
    ) h ON true;

    -- Idempotency: a batch whose every event is already stored, identically, returns the original rows
    -- (even if its expected versions no longer hold: the first attempt moved them).
    IF v_stored > 0 THEN
        SELECT e.global_position, e.event_id INTO v_bad
        FROM unnest(a_id, a_stream, a_type, a_schema, a_payload, a_metadata, a_date, a_organisation)
             AS u(id, stream_id, event_type, schema_version, payload, metadata, effective_date, organisation_id)
        JOIN events e ON e.event_id = u.id AND e.event_id = ANY (a_id)
        WHERE e.stream_id IS DISTINCT FROM u.stream_id
           OR e.event_type IS DISTINCT FROM u.event_type
           OR e.schema_version IS DISTINCT FROM coalesce(u.schema_version::integer, 1)
           OR e.payload IS DISTINCT FROM u.payload
           OR e.metadata IS DISTINCT FROM u.metadata
           OR e.organisation_id IS DISTINCT FROM u.organisation_id
           OR (u.effective_date IS NOT NULL AND e.effective_date <> u.effective_date::date)
        LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'event % is already stored at position % with different content', v_bad.event_id,
                v_bad.global_position
                USING ERRCODE = 'FL002',
                      DETAIL = json_build_object('event_id', v_bad.event_id, 'global_position', v_bad.global_position)::text;
        END IF;
        IF v_stored < v_count THEN
            RAISE EXCEPTION '% of the % events in this append were stored by an earlier append, the rest not',
                v_stored, v_count
                USING ERRCODE = 'FL003',
                      DETAIL = json_build_object('stored', v_stored, 'count', v_count)::text,
                      HINT = 'Retry the earlier append as it was, and send new events with new ids.';
        END IF;
        RETURN QUERY
            SELECT e.global_position, e.stream_version, e.hash
            FROM unnest(a_id) WITH ORDINALITY u(id, ord)
            JOIN events e ON e.event_id = u.id AND e.event_id = ANY (a_id)
            ORDER BY u.ord;
        RETURN;
    END IF;

    -- Expected versions, against the committed log under the lock.
    IF v_wrong_stream IS NOT NULL THEN
        IF jsonb_typeof(v_wrong_expected) <> 'number' AND v_wrong_expected NOT IN ('"any"', '"no_stream"', '"exists"') THEN
            RAISE EXCEPTION 'unknown expected version % for stream %', v_wrong_expected, v_wrong_stream
                USING ERRCODE = 'FL000';
        END IF;
        RAISE EXCEPTION 'wrong expected version for stream %: expected %, actual %',
            v_wrong_stream, v_wrong_expected #>> '{}', coalesce(v_wrong_actual::text, 'no stream')
            USING ERRCODE = 'FL001',
                  DETAIL = json_build_object('stream_id', v_wrong_stream, 'expected', v_wrong_expected,
                                             'actual', v_wrong_actual)::text;
    END IF;

    IF v_malformed THEN
        RAISE EXCEPTION 'each event needs stream_id, event_type, object payload and metadata, a non-empty organisation_id and a YYYY-MM-DD effective_date if any'
            USING ERRCODE = 'FL000';
    END IF;

    v_position := coalesce(v_position, 0);
    v_hash := coalesce(v_hash, zero_hash);
    -- One timestamp per append, read after the lock so it follows the previous append's.
    v_recorded_at := clock_timestamp();
    -- The fields every event of this append shares, encoded once.
    v_form_field := canonical_field('fundledger.event.v2');
    v_recorded_at_field := canonical_field(to_char(v_recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'));
    v_recorded_by_field := canonical_field(v_recorded_by);

    -- 4. Stream versions (each stream's version plus the event's rank within the batch) and the canonical
    --    v2 bytes, set-based, in input order.
    SELECT array_agg(t.version), array_agg(
               v_form_field || canonical_field(t.position) || canonical_field(t.stream_id)
               || canonical_field(t.version_text) || canonical_field(t.id) || canonical_field(t.event_type)
               || canonical_field(t.schema_version) || canonical_field(t.effective_date) || v_recorded_at_field
               || canonical_field(t.organisation_id) || canonical_field(t.payload) || canonical_field(t.metadata)
               || v_recorded_by_field)
    INTO a_version, a_bytes
    -- OFFSET 0 keeps this subquery whole, so each text (payload::text above all) is rendered once, not
    -- once per use in the inlined canonical_field.
    FROM (SELECT n.version, (v_position + n.ord)::text AS position, n.stream_id, n.version::text AS version_text,
                 n.id::text AS id, n.event_type, coalesce(n.schema_version::integer, 1)::text AS schema_version,
                 to_char(coalesce(n.effective_date::date, (v_recorded_at AT TIME ZONE 'UTC')::date), 'YYYY-MM-DD')
                     AS effective_date,
                 n.organisation_id, n.payload::text AS payload, n.metadata::text AS metadata
          FROM (SELECT u.*, coalesce(b.version, 0) + row_number() OVER (PARTITION BY u.stream_id ORDER BY u.ord) AS version
                FROM unnest(a_id, a_stream, a_type, a_schema, a_payload, a_metadata, a_date, a_organisation)
                     WITH ORDINALITY AS u(id, stream_id, event_type, schema_version, payload, metadata, effective_date,
                                          organisation_id, ord)
                JOIN unnest(b_stream, b_version) b(stream_id, version) ON b.stream_id = u.stream_id) n
          ORDER BY n.ord
          OFFSET 0) t;

    -- 5. The chain, sequential by nature: one sha256 per event.
    FOR i IN 1 .. v_count LOOP
        a_prev[i] := v_hash;
        v_hash := sha256(v_hash || a_bytes[i]);
        a_hash[i] := v_hash;
    END LOOP;

    -- 6. One INSERT.
    INSERT INTO events (global_position, stream_id, stream_version, event_id, event_type, schema_version,
                        payload, metadata, recorded_at, effective_date, organisation_id, prev_hash, hash,
                        canonical_version, recorded_by)
    SELECT v_position + u.ord, u.stream_id, u.version, u.id, u.event_type, coalesce(u.schema_version::integer, 1),
           u.payload, u.metadata, v_recorded_at,
           coalesce(u.effective_date::date, (v_recorded_at AT TIME ZONE 'UTC')::date), u.organisation_id,
           u.prev_hash, u.hash, 2, v_recorded_by
    FROM unnest(a_id, a_stream, a_version, a_type, a_schema, a_payload, a_metadata, a_date, a_organisation, a_prev,
                a_hash)
         WITH ORDINALITY AS u(id, stream_id, version, event_type, schema_version, payload, metadata, effective_date,
                              organisation_id, prev_hash, hash, ord);

    FOR i IN 1 .. v_count LOOP
        out_global_position := v_position + i;
        out_stream_version := a_version[i];
        out_hash := a_hash[i];
        RETURN NEXT;
    END LOOP;
    PERFORM pg_notify('fundledger_events', (v_position + v_count)::text);
END
$$;

REVOKE ALL ON FUNCTION event_store.canonical_field(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION event_store.canonical_field(text) TO fundledger_writer, fundledger_auditor;

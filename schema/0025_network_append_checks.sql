-- 0025 · What a restricted recorder may append, closed where an adversarial probe of a network database
-- found it open (docs/access.md, "What the database enforces").
--
-- 0015 checked that a restricted identity records only for its organisations and only into streams they
-- own (the organisation of a stream's first event). Four ways round it:
--
-- 1. Taking a ledger stream before its owner: Eslöv appended a note to `fund-malmo-ny`, owned the stream,
--    and everything later recorded for Malmö's fund there — withdrawals Eslöv wrote, contributions Malmö's
--    network recorded — was Eslöv's to read. A ledger stream (`fund-…`, `organisation-…`) that a restricted
--    identity starts must now start with the event that establishes it, for the stream's own id, naming the
--    event's organisation: `FundEstablished` with the fund id of the stream, `OrganisationRegistered` for the
--    organisation of the stream. (The recording library also refuses to establish a fund in a stream that
--    holds events: rule fund-stream-in-use.)
-- 2. Naming another organisation in the payload: a `FundEstablished` whose event belonged to Eslöv but whose
--    payload named Tomelilla put a fund in Tomelilla's read models. Those two events' payloads must name the
--    event's organisation, in every stream.
-- 3. Reading other organisations' streams through `expected`: versions were checked for every stream named
--    there, so the error told the exact version of any stream ("actual 9") or that it did not exist. A
--    stream another organisation owns is now, for a restricted identity, as if it did not exist: the
--    expectation holds or fails exactly as it would for a missing stream, and the real version is never
--    compared. The refusal to write into such a stream no longer names its owner.
-- 4. Positions of unreadable events: an event id already stored by another organisation was refused with
--    its position. It is refused without one (the id's existence still shows; docs/access.md says what
--    keeps ids unguessable).
--
-- And `stream_readable_through`, which the snapshot policies call, answered false for another
-- organisation's stream and true for a missing one; it is false for both now.

-- 0015's check, with a refusal that does not name the owner of a stream the identity may not touch.
CREATE OR REPLACE FUNCTION event_store.check_recording_access(p_streams text[], p_organisations text[]) RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = event_store, pg_catalog, pg_temp
AS $$
DECLARE
    v_allowed constant text[] := event_store.access_organisations(true);
    v_bad record;
BEGIN
    IF v_allowed IS NULL THEN
        RETURN;
    END IF;
    SELECT u.ord, u.organisation_id INTO v_bad
    FROM unnest(p_organisations) WITH ORDINALITY u(organisation_id, ord)
    WHERE u.organisation_id IS NULL OR NOT (u.organisation_id = ANY (v_allowed))
    ORDER BY u.ord LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'event % of the append: % records only for %, not for %', v_bad.ord,
            event_store.recording_identity(),
            coalesce(nullif(array_to_string(v_allowed, ', '), ''), 'no organisation'),
            coalesce('organisation ' || v_bad.organisation_id, 'an event without an organisation')
            USING ERRCODE = '42501', HINT = 'fundledger access list shows the grants (docs/access.md).';
    END IF;
    SELECT e.stream_id INTO v_bad
    FROM events e
    WHERE e.stream_id = ANY (p_streams) AND e.stream_version = 1
      AND (e.organisation_id IS NULL OR NOT (e.organisation_id = ANY (v_allowed)))
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'stream % is not one of the streams % records into (those of %)', v_bad.stream_id,
            event_store.recording_identity(), coalesce(nullif(array_to_string(v_allowed, ', '), ''), 'no organisation')
            USING ERRCODE = '42501', HINT = 'fundledger access list shows the grants (docs/access.md).';
    END IF;
END
$$;

-- The ledger's establishing events: the stream prefix they start, and their payload's organisation.
CREATE FUNCTION event_store.check_establishing_events(p_streams text[], p_types text[], p_payloads jsonb[],
                                                     p_organisations text[]) RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = event_store, pg_catalog, pg_temp
AS $$
DECLARE
    v_bad record;
BEGIN
    -- (1) A new ledger stream starts with the event that establishes it, for the stream's own id: the
    --     first event of each ledger stream in the batch (one sort, not a scan of the batch per event).
    SELECT f.ord, f.stream_id INTO v_bad
    FROM (SELECT DISTINCT ON (u.stream_id) u.*
          FROM unnest(p_streams, p_types, p_payloads, p_organisations) WITH ORDINALITY
               u(stream_id, event_type, payload, organisation_id, ord)
          WHERE u.stream_id LIKE 'fund-%' OR u.stream_id LIKE 'organisation-%'
          ORDER BY u.stream_id, u.ord) f
    WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.stream_id = f.stream_id)
      AND NOT coalesce(CASE WHEN f.stream_id LIKE 'fund-%'
                            THEN f.event_type = 'FundEstablished' AND f.payload ->> 'fund_id' = substr(f.stream_id, 6)
                            ELSE f.event_type = 'OrganisationRegistered'
                                 AND f.payload ->> 'organisation_id' = substr(f.stream_id, 14)
                       END, false)
    ORDER BY f.ord LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'event % of the append: a new stream % must start with the % that establishes it', v_bad.ord,
            v_bad.stream_id, CASE WHEN v_bad.stream_id LIKE 'fund-%' THEN 'FundEstablished of fund ' || substr(v_bad.stream_id, 6)
                                  ELSE 'OrganisationRegistered of organisation ' || substr(v_bad.stream_id, 14) END
            USING ERRCODE = '42501', HINT = 'Record it with fundledger fund establish or organisation register (docs/access.md).';
    END IF;
    -- (2) An establishing event names its event's organisation.
    SELECT u.ord, u.event_type INTO v_bad
    FROM unnest(p_types, p_payloads, p_organisations) WITH ORDINALITY u(event_type, payload, organisation_id, ord)
    WHERE u.event_type IN ('FundEstablished', 'OrganisationRegistered')
      AND (u.payload ->> 'organisation_id') IS DISTINCT FROM u.organisation_id
    ORDER BY u.ord LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'event % of the append: a % must name its own organisation (the event''s organisation_id) in its payload',
            v_bad.ord, v_bad.event_type
            USING ERRCODE = '42501', HINT = 'docs/access.md';
    END IF;
END
$$;

-- (3) The batch's expectations as a restricted identity may state them: a stream another organisation owns
-- is treated as missing — its expectation refused as for a missing stream, or dropped when a missing stream
-- would meet it — so its real version is never compared.
CREATE FUNCTION event_store.visible_expectations(p_expected jsonb) RETURNS jsonb
LANGUAGE plpgsql STABLE
SET search_path = event_store, pg_catalog, pg_temp
AS $$
DECLARE
    v_allowed constant text[] := event_store.access_organisations(true);
    v_entry record;
    v_kept jsonb := '{}';
BEGIN
    IF v_allowed IS NULL OR jsonb_typeof(p_expected) IS DISTINCT FROM 'object' THEN
        RETURN p_expected;
    END IF;
    FOR v_entry IN SELECT j.key, j.value FROM jsonb_each(p_expected) WITH ORDINALITY j(key, value, ord) ORDER BY j.ord LOOP
        IF NOT EXISTS (SELECT 1 FROM events e WHERE e.stream_id = v_entry.key AND e.stream_version = 1
                       AND (e.organisation_id IS NULL OR NOT (e.organisation_id = ANY (v_allowed)))) THEN
            v_kept := v_kept || jsonb_build_object(v_entry.key, v_entry.value);
            CONTINUE;
        END IF;
        IF jsonb_typeof(v_entry.value) <> 'number' AND v_entry.value NOT IN ('"any"', '"no_stream"', '"exists"') THEN
            RAISE EXCEPTION 'unknown expected version % for stream %', v_entry.value, v_entry.key USING ERRCODE = 'FL000';
        END IF;
        IF NOT (v_entry.value IN ('"any"', '"no_stream"') OR v_entry.value = '0') THEN
            RAISE EXCEPTION 'wrong expected version for stream %: expected %, actual %', v_entry.key, v_entry.value #>> '{}', 'no stream'
                USING ERRCODE = 'FL001',
                      DETAIL = json_build_object('stream_id', v_entry.key, 'expected', v_entry.value, 'actual', NULL)::text;
        END IF;
    END LOOP;
    RETURN v_kept;
END
$$;

-- (4) An id the batch reuses from an event the identity may not read: refused without the event's position.
CREATE FUNCTION event_store.check_unreadable_ids(p_ids uuid[]) RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = event_store, pg_catalog, pg_temp
AS $$
DECLARE
    v_readable constant text[] := event_store.access_organisations(false);
    v_id uuid;
BEGIN
    IF v_readable IS NULL THEN
        RETURN;
    END IF;
    SELECT e.event_id INTO v_id
    FROM events e
    WHERE e.event_id = ANY (p_ids)
      AND NOT coalesce(e.organisation_id = ANY (v_readable), false)
      AND NOT coalesce(jsonb_typeof(e.metadata -> 'shared_with') = 'array' AND (e.metadata -> 'shared_with') ?| v_readable, false)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'event % is already stored with different content', v_id
            USING ERRCODE = 'FL002', DETAIL = json_build_object('event_id', v_id)::text;
    END IF;
END
$$;

REVOKE ALL ON FUNCTION event_store.check_establishing_events(text[], text[], jsonb[], text[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION event_store.visible_expectations(jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION event_store.check_unreadable_ids(uuid[]) FROM PUBLIC;

-- append_events calls 0015's check in exactly one line, for a restricted identity only; the new checks go
-- beside it. Refuse to touch a definition that is not the expected one.
DO $$
DECLARE
    v_line constant text := 'PERFORM event_store.check_recording_access(a_stream, a_organisation);';
    v_definition text := pg_get_functiondef('event_store.append_events(jsonb)'::regprocedure);
    v_count integer := (length(v_definition) - length(replace(v_definition, v_line, ''))) / length(v_line);
BEGIN
    IF v_count <> 1 THEN
        RAISE EXCEPTION '0025: append_events should call check_recording_access in one line, found % such lines', v_count;
    END IF;
    EXECUTE replace(v_definition, v_line, v_line || $patch$
        PERFORM event_store.check_establishing_events(a_stream, a_type, a_payload, a_organisation);
        v_expected := event_store.visible_expectations(v_expected);
        PERFORM event_store.check_unreadable_ids(a_id);$patch$);
END
$$;

-- A stream's snapshot is readable through a version only when the stream's first event is one the
-- identity may read as well: a missing stream and another organisation's answer alike.
CREATE OR REPLACE FUNCTION event_store.stream_readable_through(p_stream text, p_version bigint) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = event_store, pg_catalog, pg_temp
AS $$
DECLARE
    v_readable constant text[] := event_store.access_organisations(false);
BEGIN
    IF v_readable IS NULL THEN
        RETURN true;
    END IF;
    RETURN EXISTS (
        SELECT 1 FROM events e
        WHERE e.stream_id = p_stream AND e.stream_version = 1
          AND (coalesce(e.organisation_id = ANY (v_readable), false)
               OR coalesce(jsonb_typeof(e.metadata -> 'shared_with') = 'array'
                           AND (e.metadata -> 'shared_with') ?| v_readable, false)))
       AND NOT EXISTS (
        SELECT 1 FROM events e
        WHERE e.stream_id = p_stream AND e.stream_version <= p_version
          AND NOT coalesce(e.organisation_id = ANY (v_readable), false)
          AND NOT coalesce(jsonb_typeof(e.metadata -> 'shared_with') = 'array'
                           AND (e.metadata -> 'shared_with') ?| v_readable, false));
END
$$;

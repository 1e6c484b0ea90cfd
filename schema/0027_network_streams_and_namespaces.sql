-- 0027 · What a second probe of a network database found around 0025 and 0026 (docs/access.md).
--
-- 0025 held a restricted identity's *new* `fund-…` and `organisation-…` streams to their establishing
-- event. Three more ways remained for a restricted recorder:
--
-- 1. A second `FundEstablished` in its own, existing fund stream, naming another fund's id (`tomelilla`):
--    the fold keyed the fund by the stream and the read model by the payload, so the projector stopped on
--    a duplicate key for every organisation, and the network's list showed two funds `tomelilla`. Every
--    `FundEstablished` must now name the fund of its stream, and every `OrganisationRegistered` the
--    organisation of its stream, wherever in the stream it stands.
-- 2. Another organisation's valuation catalogue: `valuation-NUMBER` is credited to organisation NUMBER,
--    and Eslöv could start Tomelilla's and override its unit costs in the network's cost-benefit report
--    (and, having started it, lock Tomelilla out of its own). Every event in `valuation-NUMBER` must now
--    belong to organisation NUMBER.
-- 3. The `checkpoints` stream, before the network's first checkpoint: a restricted recorder could start
--    it with a `CheckpointSigned` of its own, which made the network's real checkpoint fail `checkpoint
--    verify`. Checkpoints are the network's: a restricted identity writes nothing there.
--
-- (0025's comment names a rule `fund-stream-in-use`; the library refuses with `unique-fund` and
-- `unique-organisation`.)
--
-- And 0026 keyed a restricted recorder's content-derived ids by the set of organisations the *identity*
-- records for, so a network login and an organisation's recorder derived different ids for one file, and a
-- grant added to a recorder changed its ids. The namespace is now that of the organisations the *commands*
-- are for: `command_id_namespace(organisations)`, given to an identity that records for all of them (a
-- network login records for any); NULL in a database without grants, where ids are derived as always.
-- The recording library also looks up the id a batch had before namespaces, so a file recorded before is
-- still a retry (docs/access.md, "Ids nobody else can compute").

CREATE FUNCTION event_store.check_network_streams(p_streams text[], p_types text[], p_payloads jsonb[],
                                                  p_organisations text[]) RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = event_store, pg_catalog, pg_temp
AS $$
DECLARE
    v_bad record;
BEGIN
    SELECT u.ord, u.stream_id,
           CASE WHEN u.stream_id = 'checkpoints' THEN 'the checkpoints stream is the network''s'
                WHEN u.stream_id LIKE 'valuation-%' THEN 'an event in ' || u.stream_id || ' belongs to organisation '
                                                         || substr(u.stream_id, 11)
                WHEN u.event_type = 'FundEstablished' THEN 'a FundEstablished in ' || u.stream_id || ' names fund '
                                                           || substr(u.stream_id, 6)
                ELSE 'an OrganisationRegistered in ' || u.stream_id || ' names organisation ' || substr(u.stream_id, 14)
           END AS rule
    INTO v_bad
    FROM unnest(p_streams, p_types, p_payloads, p_organisations) WITH ORDINALITY
         u(stream_id, event_type, payload, organisation_id, ord)
    WHERE u.stream_id = 'checkpoints'
       OR (u.stream_id LIKE 'valuation-%' AND u.organisation_id IS DISTINCT FROM substr(u.stream_id, 11))
       OR (u.event_type = 'FundEstablished'
           AND NOT (u.stream_id LIKE 'fund-%' AND u.payload ->> 'fund_id' IS NOT DISTINCT FROM substr(u.stream_id, 6)))
       OR (u.event_type = 'OrganisationRegistered'
           AND NOT (u.stream_id LIKE 'organisation-%'
                    AND u.payload ->> 'organisation_id' IS NOT DISTINCT FROM substr(u.stream_id, 14)))
    ORDER BY u.ord LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'event % of the append: % (docs/access.md)', v_bad.ord, v_bad.rule
            USING ERRCODE = '42501', HINT = 'fundledger access list shows the grants (docs/access.md).';
    END IF;
END
$$;

REVOKE ALL ON FUNCTION event_store.check_network_streams(text[], text[], jsonb[], text[]) FROM PUBLIC;

DO $$
DECLARE
    v_line constant text := 'PERFORM event_store.check_establishing_events(a_stream, a_type, a_payload, a_organisation);';
    v_definition text := pg_get_functiondef('event_store.append_events(jsonb)'::regprocedure);
    v_count integer := (length(v_definition) - length(replace(v_definition, v_line, ''))) / length(v_line);
BEGIN
    IF v_count <> 1 THEN
        RAISE EXCEPTION '0027: append_events should call check_establishing_events in one line, found % such lines', v_count;
    END IF;
    EXECUTE replace(v_definition, v_line, v_line || $patch$
        PERFORM event_store.check_network_streams(a_stream, a_type, a_payload, a_organisation);$patch$);
END
$$;

-- The namespace of content-derived ids for commands of `p_organisations`: hex of SHA-256 over the key and
-- those organisations (distinct, sorted, comma-joined). NULL in a database without grants, or for no
-- organisation; refused (42501) to an identity that does not record for every one of them.
CREATE FUNCTION event_store.command_id_namespace(p_organisations text[]) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = event_store, pg_catalog, pg_temp
AS $$
DECLARE
    v_allowed constant text[] := event_store.access_organisations(true);
    v_wanted constant text[] := ARRAY(SELECT DISTINCT o FROM unnest(p_organisations) o WHERE o IS NOT NULL ORDER BY 1);
BEGIN
    IF cardinality(v_wanted) = 0 OR NOT EXISTS (SELECT 1 FROM organisation_access) THEN
        RETURN NULL;
    END IF;
    IF v_allowed IS NOT NULL AND NOT (v_wanted <@ v_allowed) THEN
        RAISE EXCEPTION '% records only for %, not for %', event_store.recording_identity(),
            coalesce(nullif(array_to_string(v_allowed, ', '), ''), 'no organisation'), array_to_string(v_wanted, ', ')
            USING ERRCODE = '42501', HINT = 'fundledger access list shows the grants (docs/access.md).';
    END IF;
    RETURN encode(sha256((SELECT k.key FROM command_id_key k) || convert_to(array_to_string(v_wanted, ','), 'UTF8')), 'hex');
END
$$;

REVOKE ALL ON FUNCTION event_store.command_id_namespace(text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION event_store.command_id_namespace(text[]) TO fundledger_writer;
DROP FUNCTION event_store.command_id_namespace();

-- 0028 · A restricted recorder cannot stop the network's folds with an event "of a newer program".
--
-- A third probe appended, as Eslöv's recorder, a `CapitalContributed` with `schema_version` 99 into Eslöv's
-- own fund stream. The ledger refuses to fold past an event of a newer schema version than it knows — a newer
-- program reads it — and refuses to skip one, so the network's `funds`, `initiatives` and projector stopped
-- for every organisation with nothing an administrator could do. In the ledger's streams (`fund-…`,
-- `organisation-…`, `valuation-…`) a restricted identity may now write only the schema versions this
-- database's programs write: at most `event_schema_version_max()`. A release that raises an event type's
-- schema version raises this in its own migration (`EventSchemaVersionTests` compares it with the program's).

CREATE FUNCTION event_store.event_schema_version_max() RETURNS integer
LANGUAGE sql IMMUTABLE AS $$ SELECT 2 $$;

CREATE FUNCTION event_store.check_restricted_schema_versions(p_streams text[], p_schemas text[]) RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = event_store, pg_catalog, pg_temp
AS $$
DECLARE
    v_bad record;
BEGIN
    SELECT u.ord, u.schema_version INTO v_bad
    FROM unnest(p_streams, p_schemas) WITH ORDINALITY u(stream_id, schema_version, ord)
    WHERE (u.stream_id LIKE 'fund-%' OR u.stream_id LIKE 'organisation-%' OR u.stream_id LIKE 'valuation-%')
      AND u.schema_version IS NOT NULL
      AND (u.schema_version !~ '^[0-9]{1,9}$' OR u.schema_version::integer > event_store.event_schema_version_max())
    ORDER BY u.ord LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'event % of the append: schema version % is not one this database''s programs write in a ledger stream (at most %)',
            v_bad.ord, v_bad.schema_version, event_store.event_schema_version_max()
            USING ERRCODE = '42501', HINT = 'docs/access.md';
    END IF;
END
$$;

REVOKE ALL ON FUNCTION event_store.check_restricted_schema_versions(text[], text[]) FROM PUBLIC;

DO $$
DECLARE
    v_line constant text := 'PERFORM event_store.check_network_streams(a_stream, a_type, a_payload, a_organisation);';
    v_definition text := pg_get_functiondef('event_store.append_events(jsonb)'::regprocedure);
    v_count integer := (length(v_definition) - length(replace(v_definition, v_line, ''))) / length(v_line);
BEGIN
    IF v_count <> 1 THEN
        RAISE EXCEPTION '0028: append_events should call check_network_streams in one line, found % such lines', v_count;
    END IF;
    EXECUTE replace(v_definition, v_line, v_line || $patch$
        PERFORM event_store.check_restricted_schema_versions(a_stream, a_schema);$patch$);
END
$$;

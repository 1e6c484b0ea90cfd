-- 0003 · Roles: append-only by privilege as well as by trigger.
--   owner    — the role that runs `fundledger migrate`; owns every object (and the SECURITY DEFINER functions).
--   fundledger_writer  — may read events and call append_events; may not INSERT, UPDATE or DELETE directly.
--   fundledger_auditor — may read events and recompute hashes; nothing else.
-- Both are NOLOGIN group roles: grant them to login roles (GRANT fundledger_writer TO app_user).
DO $$
BEGIN
    BEGIN
        CREATE ROLE fundledger_writer NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL; -- roles are cluster-wide; another database of this cluster created it already
    END;
    BEGIN
        CREATE ROLE fundledger_auditor NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL;
    END;
END
$$;

REVOKE ALL ON SCHEMA event_store FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA event_store FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA event_store FROM PUBLIC;

GRANT USAGE ON SCHEMA event_store TO fundledger_writer, fundledger_auditor;
GRANT SELECT ON event_store.events TO fundledger_writer, fundledger_auditor;
GRANT EXECUTE ON FUNCTION event_store.append_events(jsonb) TO fundledger_writer;
GRANT EXECUTE ON FUNCTION event_store.canonical_bytes(bigint, text, bigint, uuid, text, integer, date, timestamptz,
    text, jsonb, jsonb) TO fundledger_writer, fundledger_auditor;

-- 0014 · Recording on behalf of a person: `recorded_by` names the login and, for the server, the user it
-- acts for — `fundledger_server/anna.svensson` — so the provable history says who asked, not only which
-- program wrote. The user's name comes from the transaction-local setting `fundledger.acting_for`, which
-- the server sets per request inside its group-commit transaction. Only logins that are members of the
-- new NOLOGIN role `fundledger_delegate` may set it; for any other login a non-empty setting refuses the
-- append (42501), so no login can name anyone but itself. With the setting empty, recorded_by stays the
-- login, exactly as in 0008/0010.
DO $$
BEGIN
    BEGIN
        CREATE ROLE fundledger_delegate NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL; -- roles are cluster-wide; another database of this cluster created it already
    END;
END
$$;

-- Who an append is recorded by: the login, or `login/user` for a delegate acting for `user`.
CREATE FUNCTION event_store.recording_identity() RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_for text := nullif(current_setting('fundledger.acting_for', true), '');
BEGIN
    IF v_for IS NULL THEN
        RETURN session_user;
    END IF;
    IF NOT pg_has_role(session_user, 'fundledger_delegate', 'MEMBER') THEN
        RAISE EXCEPTION 'login % may not record on behalf of %: only members of fundledger_delegate may set fundledger.acting_for',
            session_user, quote_literal(v_for) USING ERRCODE = '42501';
    END IF;
    IF v_for !~ '^[a-z0-9][a-z0-9._-]{0,62}$' THEN
        RAISE EXCEPTION 'fundledger.acting_for % is not a user name', quote_literal(left(v_for, 80)) USING ERRCODE = '22023';
    END IF;
    RETURN session_user || '/' || v_for;
END
$$;

REVOKE ALL ON FUNCTION event_store.recording_identity() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION event_store.recording_identity() TO fundledger_writer, fundledger_auditor;

-- append_events (0010) reads the login in exactly one line; replace that line and nothing else, so the
-- function's body stays 0010's, reviewed there. Refuse to touch a definition that is not the expected one.
DO $$
DECLARE
    v_line constant text := 'v_recorded_by text := session_user;';
    v_definition text := pg_get_functiondef('event_store.append_events(jsonb)'::regprocedure);
    v_count integer := (length(v_definition) - length(replace(v_definition, v_line, ''))) / length(v_line);
BEGIN
    IF v_count <> 1 THEN
        RAISE EXCEPTION '0014: append_events should read session_user in one line, found % such lines', v_count;
    END IF;
    EXECUTE replace(v_definition, v_line, 'v_recorded_by text := event_store.recording_identity();');
END
$$;

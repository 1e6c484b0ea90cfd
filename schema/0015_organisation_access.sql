-- 0015 · One ledger for a network of organisations, isolated by the database (issue 17; docs/access.md).
--
-- `fundledger access grant LOGIN --organisation ORG --role recorder|auditor` gives a login (or a server
-- user, `fundledger_server/anna.svensson`, the identity `recording_identity()` returns) an organisation.
-- A login that has ever had a grant is *restricted*: row-level security lets it read only the events of
-- its organisations and those shared with them (the metadata key `shared_with`, which the hash covers),
-- read only its organisations' read-model rows, and `append_events` refuses any event it records for
-- another organisation or into a stream another organisation owns (the organisation of the stream's
-- first event). A login that never had a grant is a *network* login and sees everything, as before 0015:
-- the network's administrator, the projector and the chain verifier. Revoking a grant keeps the row (with
-- who and when), so a login whose every grant is revoked sees nothing rather than everything.
--
-- The owner (who migrates) and superusers are not subject to row-level security; SECURITY DEFINER
-- functions (append_events, extend_merkle_tree) run as the owner and see the whole log, which the chain
-- and the Merkle tree need. Merkle nodes are hashes only and stay readable by everyone with a role.

CREATE TABLE event_store.organisation_access (
    login           text        NOT NULL CHECK (login <> '' AND login !~ '[[:cntrl:]]' AND length(login) <= 200),
    organisation_id text        NOT NULL CHECK (event_store.identifier_problem(organisation_id) IS NULL),
    role            text        NOT NULL CHECK (role IN ('recorder', 'auditor')),
    granted_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    granted_by      text        NOT NULL DEFAULT session_user,
    revoked_at      timestamptz,
    revoked_by      text,
    CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
CREATE UNIQUE INDEX organisation_access_current ON event_store.organisation_access (login, organisation_id)
    WHERE revoked_at IS NULL;
CREATE INDEX organisation_access_login ON event_store.organisation_access (login);

COMMENT ON TABLE event_store.organisation_access IS
    'Which organisations a login reads (auditor) or records for (recorder); rows are revoked, never deleted.';

-- The organisations the current identity may read (`p_recording` false) or record for (true), or NULL
-- for a network login. The login and the identity it acts as (a server user) are each restricted by their
-- own grants; when both are, the identity gets the organisations both were granted.
CREATE FUNCTION event_store.access_organisations(p_recording boolean) RETURNS text[]
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = event_store, pg_catalog, pg_temp
AS $$
DECLARE
    v_login constant text := session_user;
    v_identity constant text := event_store.recording_identity();
    v_result text[];
    v_granted text[];
    v_login_restricted boolean;
BEGIN
    FOREACH v_login_restricted IN ARRAY ARRAY[true, false] LOOP
        CONTINUE WHEN NOT v_login_restricted AND v_identity = v_login;
        IF EXISTS (SELECT 1 FROM organisation_access a
                   WHERE a.login = CASE WHEN v_login_restricted THEN v_login ELSE v_identity END) THEN
            SELECT coalesce(array_agg(DISTINCT a.organisation_id ORDER BY a.organisation_id), '{}') INTO v_granted
            FROM organisation_access a
            WHERE a.login = CASE WHEN v_login_restricted THEN v_login ELSE v_identity END
              AND a.revoked_at IS NULL AND (NOT p_recording OR a.role = 'recorder');
            v_result := CASE WHEN v_result IS NULL THEN v_granted
                             ELSE ARRAY(SELECT unnest(v_result) INTERSECT SELECT unnest(v_granted) ORDER BY 1) END;
        END IF;
    END LOOP;
    RETURN v_result;
END
$$;

CREATE FUNCTION event_store.readable_organisations() RETURNS text[]
LANGUAGE sql STABLE AS $$ SELECT event_store.access_organisations(false) $$;

-- Called by append_events (as the owner, under its lock): every event must belong to an organisation the
-- identity records for, and every stream that exists must be owned by one of them.
CREATE FUNCTION event_store.check_recording_access(p_streams text[], p_organisations text[]) RETURNS void
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
    SELECT e.stream_id, e.organisation_id INTO v_bad
    FROM events e
    WHERE e.stream_id = ANY (p_streams) AND e.stream_version = 1
      AND (e.organisation_id IS NULL OR NOT (e.organisation_id = ANY (v_allowed)))
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'stream % belongs to %; % records only for %', v_bad.stream_id,
            coalesce('organisation ' || v_bad.organisation_id, 'the network'), event_store.recording_identity(),
            coalesce(nullif(array_to_string(v_allowed, ', '), ''), 'no organisation')
            USING ERRCODE = '42501', HINT = 'fundledger access list shows the grants (docs/access.md).';
    END IF;
END
$$;

-- append_events (0010, 0014) takes its lock in exactly one line; check the access right after it, so the
-- owner of a stream is read from the committed log (`v_recorded_by` is the identity, from 0014). Refuse to
-- touch a definition that is not the expected one.
DO $$
DECLARE
    v_line constant text := 'PERFORM pg_advisory_xact_lock(hashtext(''fundledger.event_store.append''));';
    v_definition text := pg_get_functiondef('event_store.append_events(jsonb)'::regprocedure);
    v_count integer := (length(v_definition) - length(replace(v_definition, v_line, ''))) / length(v_line);
BEGIN
    IF v_count <> 1 THEN
        RAISE EXCEPTION '0015: append_events should take its lock in one line, found % such lines', v_count;
    END IF;
    -- A network login (no grant on it or on the identity it records as) pays one index probe, nothing more.
    EXECUTE replace(v_definition, v_line, v_line || $patch$
    IF EXISTS (SELECT 1 FROM organisation_access a WHERE a.login = session_user OR a.login = v_recorded_by) THEN
        PERFORM event_store.check_recording_access(a_stream, a_organisation);
    END IF;$patch$);
END
$$;

-- Row-level security. `(SELECT …)` makes each function an InitPlan: evaluated once per query, not per row.
ALTER TABLE event_store.events ENABLE ROW LEVEL SECURITY;
CREATE POLICY organisation_read ON event_store.events FOR SELECT USING (
    (SELECT event_store.readable_organisations()) IS NULL
    OR organisation_id = ANY ((SELECT event_store.readable_organisations())::text[])
    OR (jsonb_typeof(metadata -> 'shared_with') = 'array'
        AND (metadata -> 'shared_with') ?| (SELECT event_store.readable_organisations()))
);

-- State snapshots (a cache of a stream's fold): a restricted login uses and saves only those of streams its
-- organisations own.
ALTER TABLE event_store.state_snapshots ENABLE ROW LEVEL SECURITY;
CREATE POLICY organisation_streams ON event_store.state_snapshots USING (
    (SELECT event_store.readable_organisations()) IS NULL
    OR EXISTS (SELECT 1 FROM event_store.events e
               WHERE e.stream_id = state_snapshots.stream_id AND e.stream_version = 1
                 AND e.organisation_id = ANY ((SELECT event_store.access_organisations(true))::text[])))
WITH CHECK (
    (SELECT event_store.readable_organisations()) IS NULL
    OR EXISTS (SELECT 1 FROM event_store.events e
               WHERE e.stream_id = state_snapshots.stream_id AND e.stream_version = 1
                 AND e.organisation_id = ANY ((SELECT event_store.access_organisations(true))::text[])));

CREATE FUNCTION event_store.refuse_restricted_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF event_store.readable_organisations() IS NOT NULL THEN
        RAISE EXCEPTION '% sees only some organisations and may not empty %', event_store.recording_identity(), TG_TABLE_NAME
            USING ERRCODE = '42501', HINT = 'Read models are built by a network login (docs/access.md).';
    END IF;
    RETURN NULL;
END
$$;

-- Read models: a restricted login reads its organisations' funds and what belongs to them; only a network
-- login (the projector) writes them. TRUNCATE is not subject to row-level security: a trigger refuses it.
ALTER TABLE read_models.funds ENABLE ROW LEVEL SECURITY;
CREATE POLICY organisation_read ON read_models.funds FOR SELECT USING (
    (SELECT event_store.readable_organisations()) IS NULL
    OR organisation_id = ANY ((SELECT event_store.readable_organisations())::text[]));

DO $$
DECLARE
    v_table text;
BEGIN
    FOREACH v_table IN ARRAY ARRAY['initiatives', 'department_flows', 'department_pair_flows', 'postings'] LOOP
        EXECUTE format('ALTER TABLE read_models.%I ENABLE ROW LEVEL SECURITY', v_table);
        EXECUTE format($p$CREATE POLICY organisation_read ON read_models.%I FOR SELECT USING (
            (SELECT event_store.readable_organisations()) IS NULL
            OR fund_id IN (SELECT f.fund_id FROM read_models.funds f))$p$, v_table);
    END LOOP;
    FOREACH v_table IN ARRAY ARRAY['funds', 'initiatives', 'department_flows', 'department_pair_flows', 'postings',
                                   'projection_checkpoints'] LOOP
        IF v_table = 'projection_checkpoints' THEN
            EXECUTE 'ALTER TABLE read_models.projection_checkpoints ENABLE ROW LEVEL SECURITY';
            EXECUTE 'CREATE POLICY everyone_reads ON read_models.projection_checkpoints FOR SELECT USING (true)';
        END IF;
        EXECUTE format($p$CREATE POLICY network_writes ON read_models.%I
            USING ((SELECT event_store.readable_organisations()) IS NULL)
            WITH CHECK ((SELECT event_store.readable_organisations()) IS NULL)$p$, v_table);
        EXECUTE format('CREATE TRIGGER network_truncates BEFORE TRUNCATE ON read_models.%I
            FOR EACH STATEMENT EXECUTE FUNCTION event_store.refuse_restricted_truncate()', v_table);
    END LOOP;
END
$$ LANGUAGE plpgsql;

-- The trial balance reads postings with the reader's rights (PostgreSQL 15), so it shows only what they may see.
ALTER VIEW read_models.trial_balance SET (security_invoker = true);

-- The server's own tables belong to the server's login, a member of fundledger_delegate, not to every
-- writer or auditor: with INSERT on server.sessions any such login could make itself a session of another
-- user (an admin) and act as them through the server, around row-level security and roles alike.
REVOKE ALL ON server.users, server.sessions FROM fundledger_writer, fundledger_auditor;
GRANT USAGE ON SCHEMA server TO fundledger_delegate;
GRANT SELECT ON server.users TO fundledger_delegate;
GRANT SELECT, INSERT, DELETE ON server.sessions TO fundledger_delegate;
GRANT UPDATE (last_seen) ON server.sessions TO fundledger_delegate;

-- `status` reads the schema version; every login with a role may (before 0015 only the owner could).
GRANT SELECT ON public.fundledger_migrations TO fundledger_writer, fundledger_auditor;

REVOKE ALL ON event_store.organisation_access FROM PUBLIC;
REVOKE ALL ON FUNCTION event_store.access_organisations(boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION event_store.readable_organisations() FROM PUBLIC;
REVOKE ALL ON FUNCTION event_store.check_recording_access(text[], text[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION event_store.refuse_restricted_truncate() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION event_store.access_organisations(boolean) TO fundledger_writer, fundledger_auditor;
GRANT EXECUTE ON FUNCTION event_store.readable_organisations() TO fundledger_writer, fundledger_auditor;
GRANT EXECUTE ON FUNCTION event_store.refuse_restricted_truncate() TO fundledger_writer, fundledger_auditor;

-- Partitioning the event log by position range (docs/scaling.md, "Partitioning"; tested by
-- Tests/EventStoreTests/PartitionedEventsTests.swift). Not a migration: a deployment that wants it runs it
-- once, as the login that owns the event store (the one that runs `fundledger migrate`), on a database
-- migrated to schema 15:
--
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f tools/partition-events.sql
--   psql "$DATABASE_URL" -c "SELECT event_store.partition_events(10000000)"     -- 10 million positions each
--   psql "$DATABASE_URL" -c "SELECT event_store.add_event_partitions()"        -- daily, from cron
--
-- What it does, in one transaction, under the append lock and an exclusive lock on the table:
--   * the table `event_store.events` becomes the first partition, `event_store.events_from_1`, as it is:
--     no row is copied or rewritten, so every row keeps its bytes and the chain verifies as before;
--   * a new `event_store.events`, PARTITION BY RANGE (global_position), with the same columns, defaults,
--     CHECK constraints, primary key, triggers, row-level security policy and grants, takes its place;
--   * what refers to the old table by its identity, not its name — the row type of `canonical_bytes_of`
--     and the policy of `state_snapshots` — is recreated against the new one; anything else that depends
--     on the table refuses the conversion, naming it;
--   * partitions are created for the next `p_ahead` ranges.
--
-- What PostgreSQL cannot enforce on a partitioned table: a UNIQUE constraint must include the partition
-- key, so `UNIQUE (event_id)` and `UNIQUE (stream_id, stream_version)` can no longer be declared on
-- `events` (0A000). Each partition keeps them as unique indexes of its own (so lookups by id and by stream
-- stay index probes, one per partition), and the log-wide guarantees are kept two ways:
--   * `append_events` checks them itself, under its lock, before it inserts (stored ids are a retry or
--     FL002/FL003; stream versions are the stored maximum plus one) — unchanged by this file;
--   * `event_store.event_keys` holds every event's id and (stream, version) under unique indexes of its
--     own, filled by a statement trigger in the inserting statement, so an insert that bypasses
--     `append_events` (`restore_events`, or the owner with psql) is refused too (23505), as before.
-- The price: about a quarter more bytes per event (the SizingBenchmark's partitioning table measures it).

-- The range every partition covers, recorded by partition_events and read by add_event_partitions.
CREATE TABLE IF NOT EXISTS event_store.partitioning (
    one       boolean PRIMARY KEY DEFAULT true CHECK (one),
    positions bigint  NOT NULL CHECK (positions > 0)
);
REVOKE ALL ON event_store.partitioning FROM PUBLIC;

-- Every event's id and (stream, version), unique across partitions. Owner only: stream ids name other
-- organisations' funds, and row-level security is not on this table.
CREATE TABLE IF NOT EXISTS event_store.event_keys (
    event_id       uuid   PRIMARY KEY,
    stream_id      text   NOT NULL,
    stream_version bigint NOT NULL,
    UNIQUE (stream_id, stream_version)
);
REVOKE ALL ON event_store.event_keys FROM PUBLIC;

CREATE OR REPLACE FUNCTION event_store.refuse_key_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'event_store.% is append-only: % is refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'FL010';
END
$$;

-- The statement trigger on the partitioned `events`: the inserted rows' keys, in one INSERT.
CREATE OR REPLACE FUNCTION event_store.record_event_keys() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = event_store, pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO event_keys (event_id, stream_id, stream_version)
    SELECT n.event_id, n.stream_id, n.stream_version FROM new_events n;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION event_store.record_event_keys() FROM PUBLIC;

-- One empty partition for positions [p_from, p_from + p_positions): built apart, then attached (which
-- takes only a SHARE UPDATE EXCLUSIVE lock on `events`, so appends and reads go on meanwhile).
CREATE OR REPLACE FUNCTION event_store.create_event_partition(p_from bigint, p_positions bigint) RETURNS text
LANGUAGE plpgsql
SET search_path = event_store, pg_catalog, pg_temp
AS $$
DECLARE
    v_name constant text := 'events_from_' || p_from;
BEGIN
    EXECUTE format('CREATE TABLE event_store.%I (LIKE event_store.events INCLUDING DEFAULTS INCLUDING CONSTRAINTS'
                   ' INCLUDING STORAGE INCLUDING COMPRESSION)', v_name);
    -- The partition constraint, stated, so that ATTACH need not scan.
    EXECUTE format('ALTER TABLE event_store.%I ADD CONSTRAINT %I CHECK (global_position >= %s AND global_position < %s)',
                   v_name, v_name || '_range', p_from, p_from + p_positions);
    EXECUTE format('CREATE UNIQUE INDEX %I ON event_store.%I (event_id)', v_name || '_event_id', v_name);
    EXECUTE format('CREATE UNIQUE INDEX %I ON event_store.%I (stream_id, stream_version)', v_name || '_stream', v_name);
    EXECUTE format('CREATE TRIGGER events_refuse_truncate BEFORE TRUNCATE ON event_store.%I'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION event_store.refuse_change()', v_name);
    -- No grants and row-level security with no policy: only through `events` does anyone but the owner read it.
    EXECUTE format('ALTER TABLE event_store.%I ENABLE ROW LEVEL SECURITY', v_name);
    EXECUTE format('ALTER TABLE event_store.events ATTACH PARTITION event_store.%I FOR VALUES FROM (%s) TO (%s)',
                   v_name, p_from, p_from + p_positions);
    EXECUTE format('ALTER TABLE event_store.%I DROP CONSTRAINT %I', v_name, v_name || '_range');
    RETURN v_name;
END
$$;
REVOKE ALL ON FUNCTION event_store.create_event_partition(bigint, bigint) FROM PUBLIC;

-- Creates partitions until `p_ahead` whole empty ranges follow the one the head is in; returns how many
-- it created. An append beyond the last partition is refused (23514, "no partition of relation events
-- found for row") and writes nothing, so run this daily: at 10 million positions a partition, a national
-- network fills one in decades (docs/scaling.md).
CREATE OR REPLACE FUNCTION event_store.add_event_partitions(p_ahead integer DEFAULT 2) RETURNS integer
LANGUAGE plpgsql
SET search_path = event_store, pg_catalog, pg_temp
AS $$
DECLARE
    v_positions bigint;
    v_head bigint;
    v_end bigint;
    v_created integer := 0;
BEGIN
    SELECT p.positions INTO v_positions FROM partitioning p;
    IF v_positions IS NULL OR (SELECT c.relkind FROM pg_class c WHERE c.oid = 'event_store.events'::regclass) <> 'p' THEN
        RAISE EXCEPTION 'event_store.events is not partitioned; run event_store.partition_events first' USING ERRCODE = '55000';
    END IF;
    -- One extender at a time.
    PERFORM pg_advisory_xact_lock(hashtext('fundledger.event_store.partitions'));
    SELECT coalesce(max(e.global_position), 0) INTO v_head FROM events e;
    SELECT max((regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \(''?(\d+)''?\)'))[1]::bigint) INTO v_end
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'event_store.events'::regclass;
    v_end := coalesce(v_end, 1);
    -- The head's range (the first, for an empty log) must be followed by p_ahead whole ranges.
    WHILE v_end < ((greatest(v_head, 1) - 1) / v_positions + 1 + p_ahead) * v_positions + 1 LOOP
        PERFORM create_event_partition(v_end, v_positions);
        v_end := v_end + v_positions;
        v_created := v_created + 1;
    END LOOP;
    RETURN v_created;
END
$$;
REVOKE ALL ON FUNCTION event_store.add_event_partitions(integer) FROM PUBLIC;

-- The conversion. Returns a line saying what it did.
CREATE OR REPLACE FUNCTION event_store.partition_events(p_positions bigint DEFAULT 10000000, p_ahead integer DEFAULT 2)
RETURNS text
LANGUAGE plpgsql
SET search_path = event_store, pg_catalog, pg_temp
AS $$
DECLARE
    v_table constant regclass := 'event_store.events'::regclass;
    v_type oid;
    v_head bigint;
    v_end bigint;
    v_unexpected text;
    v_function text;
    v_policy record;
    v_policies text[] := '{}';
    v_grant record;
    v_comment text;
    v_created integer;
BEGIN
    IF p_positions IS NULL OR p_positions < 1 OR p_ahead IS NULL OR p_ahead < 1 THEN
        RAISE EXCEPTION 'partition_events needs a positive range and at least one partition ahead' USING ERRCODE = '22023';
    END IF;
    IF (SELECT c.relkind FROM pg_class c WHERE c.oid = v_table) = 'p' THEN
        RAISE EXCEPTION 'event_store.events is partitioned already' USING ERRCODE = '55000';
    END IF;
    IF (SELECT pg_get_userbyid(c.relowner) FROM pg_class c WHERE c.oid = v_table) <> current_user THEN
        RAISE EXCEPTION 'run partition_events as the owner of event_store.events (%), not %',
            (SELECT pg_get_userbyid(c.relowner) FROM pg_class c WHERE c.oid = v_table), current_user USING ERRCODE = '42501';
    END IF;

    -- Appends wait for the conversion (the append lock first, as append_events takes it, then the table).
    PERFORM pg_advisory_xact_lock(hashtext('fundledger.event_store.append'));
    LOCK TABLE event_store.events IN ACCESS EXCLUSIVE MODE;
    SELECT c.reltype INTO v_type FROM pg_class c WHERE c.oid = v_table;

    -- Only what this procedure knows how to carry over may depend on the table.
    SELECT string_agg(DISTINCT pg_describe_object(d.classid, d.objid, d.objsubid), ', ') INTO v_unexpected
    FROM pg_depend d
    WHERE (d.refobjid = v_table OR d.refobjid = v_type) AND d.deptype = 'n'
      AND NOT (d.classid = 'pg_constraint'::regclass
               AND EXISTS (SELECT 1 FROM pg_constraint k WHERE k.oid = d.objid AND k.conrelid = v_table))
      AND NOT (d.classid = 'pg_policy'::regclass)
      AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = 'event_store.canonical_bytes_of(event_store.events)'::regprocedure);
    IF v_unexpected IS NOT NULL THEN
        RAISE EXCEPTION 'cannot partition event_store.events: % depend on it, and this procedure does not know how to carry them over',
            v_unexpected USING ERRCODE = '55000';
    END IF;

    -- What must be recreated, read while the names still point at the old table.
    v_function := pg_get_functiondef('event_store.canonical_bytes_of(event_store.events)'::regprocedure);
    FOR v_policy IN
        SELECT DISTINCT p.oid, p.polname, p.polrelid::regclass AS relation, p.polcmd, p.polpermissive,
               pg_get_expr(p.polqual, p.polrelid) AS qual, pg_get_expr(p.polwithcheck, p.polrelid) AS with_check,
               ARRAY(SELECT CASE WHEN r = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(r)) END FROM unnest(p.polroles) r) AS roles
        FROM pg_policy p JOIN pg_depend d ON d.classid = 'pg_policy'::regclass AND d.objid = p.oid
        WHERE d.refobjid = v_table
    LOOP
        v_policies := v_policies || format('CREATE POLICY %I ON %s AS %s FOR %s TO %s%s%s', v_policy.polname,
            CASE WHEN v_policy.relation = v_table THEN 'event_store.events' ELSE v_policy.relation::text END,
            CASE WHEN v_policy.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
            CASE v_policy.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
            array_to_string(v_policy.roles, ', '),
            CASE WHEN v_policy.qual IS NULL THEN '' ELSE ' USING (' || v_policy.qual || ')' END,
            CASE WHEN v_policy.with_check IS NULL THEN '' ELSE ' WITH CHECK (' || v_policy.with_check || ')' END);
        EXECUTE format('DROP POLICY %I ON %s', v_policy.polname, v_policy.relation);
    END LOOP;
    v_comment := obj_description(v_table, 'pg_class');
    DROP FUNCTION event_store.canonical_bytes_of(event_store.events);

    -- The old table becomes the first partition, with its rows, its primary key (which the new table's
    -- adopts) and its unique indexes (kept as that partition's own).
    SELECT coalesce(max(e.global_position), 0) INTO v_head FROM event_store.events e;
    v_end := greatest(1, (v_head + p_positions - 1) / p_positions) * p_positions + 1;
    ALTER TABLE event_store.events RENAME TO events_from_1;
    ALTER TABLE event_store.events_from_1 RENAME CONSTRAINT events_pkey TO events_from_1_pkey;
    ALTER TABLE event_store.events_from_1 RENAME CONSTRAINT events_event_id_key TO events_from_1_event_id;
    ALTER TABLE event_store.events_from_1 RENAME CONSTRAINT events_stream_id_stream_version_key TO events_from_1_stream;
    -- The parent's row trigger is cloned onto every partition when it is attached.
    DROP TRIGGER events_refuse_update_delete ON event_store.events_from_1;

    CREATE TABLE event_store.events (
        LIKE event_store.events_from_1 INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMPRESSION
    ) PARTITION BY RANGE (global_position);
    ALTER TABLE event_store.events ADD PRIMARY KEY (global_position);
    EXECUTE format('COMMENT ON TABLE event_store.events IS %L', v_comment);
    CREATE TRIGGER events_refuse_update_delete BEFORE UPDATE OR DELETE ON event_store.events
        FOR EACH ROW EXECUTE FUNCTION event_store.refuse_change();
    CREATE TRIGGER events_refuse_truncate BEFORE TRUNCATE ON event_store.events
        FOR EACH STATEMENT EXECUTE FUNCTION event_store.refuse_change();
    CREATE TRIGGER events_keys AFTER INSERT ON event_store.events REFERENCING NEW TABLE AS new_events
        FOR EACH STATEMENT EXECUTE FUNCTION event_store.record_event_keys();
    ALTER TABLE event_store.events ENABLE ROW LEVEL SECURITY;
    FOR v_grant IN
        SELECT a.privilege_type, pg_get_userbyid(a.grantee) AS grantee
        FROM pg_class c, aclexplode(c.relacl) a
        WHERE c.oid = 'event_store.events_from_1'::regclass AND a.grantee <> c.relowner AND a.grantee <> 0
    LOOP
        EXECUTE format('GRANT %s ON event_store.events TO %I', v_grant.privilege_type, v_grant.grantee);
        EXECUTE format('REVOKE %s ON event_store.events_from_1 FROM %I', v_grant.privilege_type, v_grant.grantee);
    END LOOP;

    -- Attaching scans the old table once to check the range (no row is written).
    EXECUTE format('ALTER TABLE event_store.events ATTACH PARTITION event_store.events_from_1 FOR VALUES FROM (1) TO (%s)', v_end);

    -- What referred to the old table, against the new one; then every stored key.
    EXECUTE v_function;
    REVOKE ALL ON FUNCTION event_store.canonical_bytes_of(event_store.events) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION event_store.canonical_bytes_of(event_store.events) TO fundledger_writer, fundledger_auditor;
    FOR i IN 1 .. coalesce(array_length(v_policies, 1), 0) LOOP
        EXECUTE v_policies[i];
    END LOOP;
    INSERT INTO event_keys (event_id, stream_id, stream_version)
    SELECT e.event_id, e.stream_id, e.stream_version FROM event_store.events_from_1 e;
    CREATE TRIGGER event_keys_refuse_update_delete BEFORE UPDATE OR DELETE ON event_store.event_keys
        FOR EACH ROW EXECUTE FUNCTION event_store.refuse_key_change();
    CREATE TRIGGER event_keys_refuse_truncate BEFORE TRUNCATE ON event_store.event_keys
        FOR EACH STATEMENT EXECUTE FUNCTION event_store.refuse_key_change();

    INSERT INTO partitioning (positions) VALUES (p_positions);
    v_created := add_event_partitions(p_ahead);
    RETURN format('partitioned event_store.events: positions 1 to %s in events_from_1 (%s events), %s empty partitions of %s positions ahead',
                  v_end - 1, v_head, v_created, p_positions);
END
$$;
REVOKE ALL ON FUNCTION event_store.partition_events(bigint, integer) FROM PUBLIC;

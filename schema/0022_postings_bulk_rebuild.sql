-- 0022 · A rebuild of `read_models.postings` from scratch loads its rows before it builds its indexes
-- (issue 14).
--
-- Every event becomes about two postings rows, and PostgreSQL kept the table's two B-trees (the primary key
-- and postings_fund_date) up to date row by row while a rebuild COPYed them in: on the deep benchmark ledger
-- at 100 000 events (199 180 rows) that was a third of the rebuild, 0.72–0.80 s against 0.50–0.52 s without
-- the indexes, and building both afterwards from the loaded rows took 0.13 s. So a rebuild from the first
-- event drops them right after its TRUNCATE (in that transaction) and builds them again when it has
-- caught up; every run of the projector also builds any that are missing when it starts, so a rebuild that
-- crashed half-way leaves a table that the next run mends before it writes.
--
-- The projector's login (fundledger_writer) may empty the read models but does not own their tables, so
-- both steps are functions that run as the owner: the first only on an empty table and only for a network
-- login (a login that sees some organisations may not empty read models either, 0015), the second for any
-- writer, as it only ever puts back what the schema defines.

CREATE FUNCTION read_models.suspend_postings_indexes() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = read_models, pg_catalog, pg_temp
AS $$
BEGIN
    IF event_store.readable_organisations() IS NOT NULL THEN
        RAISE EXCEPTION '% sees only some organisations and may not rebuild read models', event_store.recording_identity()
            USING ERRCODE = '42501', HINT = 'Read models are built by a network login (docs/access.md).';
    END IF;
    IF EXISTS (SELECT 1 FROM read_models.postings) THEN
        RAISE EXCEPTION 'read_models.postings holds rows: its indexes are dropped only for a rebuild from scratch'
            USING ERRCODE = '55000';
    END IF;
    DROP INDEX IF EXISTS read_models.postings_fund_date;
    ALTER TABLE read_models.postings DROP CONSTRAINT IF EXISTS postings_pkey;
END
$$;

-- True when it built an index, false when both were there.
CREATE FUNCTION read_models.restore_postings_indexes() RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = read_models, pg_catalog, pg_temp
AS $$
DECLARE
    v_built boolean := false;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint
                   WHERE conrelid = 'read_models.postings'::regclass AND conname = 'postings_pkey') THEN
        ALTER TABLE read_models.postings ADD CONSTRAINT postings_pkey PRIMARY KEY (global_position, line);
        v_built := true;
    END IF;
    IF to_regclass('read_models.postings_fund_date') IS NULL THEN
        CREATE INDEX postings_fund_date ON read_models.postings (fund_id, effective_date);
        v_built := true;
    END IF;
    RETURN v_built;
END
$$;

REVOKE ALL ON FUNCTION read_models.suspend_postings_indexes(), read_models.restore_postings_indexes() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION read_models.suspend_postings_indexes(), read_models.restore_postings_indexes() TO fundledger_writer;

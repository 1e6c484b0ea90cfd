-- 0023 · Building the postings indexes again counts any primary key on the table (issue 14).
--
-- 0022's restore_postings_indexes() looked for the primary key by its name, postings_pkey. A primary key a
-- database administrator renamed was then not found, the function tried to add a second one, and every run
-- of the projector failed on "multiple primary keys for table "postings" are not allowed". It now asks
-- whether the table has a primary key at all. (0022 is not edited: it is applied wherever it ran.)

CREATE OR REPLACE FUNCTION read_models.restore_postings_indexes() RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = read_models, pg_catalog, pg_temp
AS $$
DECLARE
    v_built boolean := false;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint
                   WHERE conrelid = 'read_models.postings'::regclass AND contype = 'p') THEN
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

-- 0009 · The Merkle tree over the log (RFC 6962 §2.1; docs/verification.md): leaf i is the chain hash of
-- the event at position i + 1. The table keeps every perfect subtree once computed — the node at `level`
-- L and `index` i covers leaves i·2^L ..< (i+1)·2^L — so an inclusion or consistency proof reads
-- O(log² n) rows at most and nothing is ever rebuilt from the whole log.
--
-- The nodes are derived data: extend_merkle_tree() adds those the events after the tree's size complete,
-- reading only those events, and is called before a proof or a checkpoint. Appends do not maintain the
-- tree, so they cost what they cost before. A node a superuser changes yields proofs that fail against
-- the signed root; `checkpoint verify` recomputes roots from the log itself.
CREATE TABLE event_store.merkle_nodes (
    level smallint NOT NULL CHECK (level BETWEEN 0 AND 62),
    index bigint   NOT NULL CHECK (index >= 0),
    hash  bytea    NOT NULL CHECK (octet_length(hash) = 32),
    PRIMARY KEY (level, index)
);

-- Adds the leaves for events after the tree's size, and every perfect subtree they complete; returns the
-- new size. One extender at a time (an advisory lock); the log is gap-free, so the events it reads are a
-- prefix of the committed log.
CREATE FUNCTION event_store.extend_merkle_tree() RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = event_store, pg_catalog, pg_temp
AS $$
DECLARE
    v_size bigint;
    v_event record;
    v_index bigint;
    v_level smallint;
    v_hash bytea;
    v_left bytea;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('fundledger.event_store.merkle'));
    SELECT coalesce(max(n.index) + 1, 0) INTO v_size FROM merkle_nodes n WHERE n.level = 0;
    FOR v_event IN SELECT e.global_position, e.hash FROM events e WHERE e.global_position > v_size
                   ORDER BY e.global_position LOOP
        IF v_event.global_position <> v_size + 1 THEN
            RAISE EXCEPTION 'the log has no event at position %', v_size + 1 USING ERRCODE = 'FL030';
        END IF;
        v_index := v_size;
        v_level := 0;
        v_hash := sha256('\x00'::bytea || v_event.hash);
        INSERT INTO merkle_nodes (level, index, hash) VALUES (0, v_index, v_hash);
        WHILE v_index % 2 = 1 LOOP
            SELECT n.hash INTO v_left FROM merkle_nodes n WHERE n.level = v_level AND n.index = v_index - 1;
            v_hash := sha256('\x01'::bytea || v_left || v_hash);
            v_index := v_index / 2;
            v_level := v_level + 1;
            INSERT INTO merkle_nodes (level, index, hash) VALUES (v_level, v_index, v_hash);
        END LOOP;
        v_size := v_size + 1;
    END LOOP;
    RETURN v_size;
END
$$;

REVOKE ALL ON event_store.merkle_nodes FROM PUBLIC;
REVOKE ALL ON FUNCTION event_store.extend_merkle_tree() FROM PUBLIC;
GRANT SELECT ON event_store.merkle_nodes TO fundledger_writer, fundledger_auditor;
GRANT EXECUTE ON FUNCTION event_store.extend_merkle_tree() TO fundledger_writer, fundledger_auditor;

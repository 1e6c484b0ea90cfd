-- The Citus layout, simulated on one PostgreSQL (docs/scaling.md, "The path to Citus"; tested by
-- Tests/EventStoreTests/OrganisationChainsTests.swift). Citus cannot be installed on the machines this
-- project is built on, so this file shows, in a schema of its own (`org_chains`), what `append_events`
-- becomes when `organisation_id` is the distribution column:
--
--   * every unique key includes organisation_id (Citus requires it of a distributed table), so each
--     organisation's rows can live on one shard: positions, event ids and stream versions are unique per
--     organisation, not per network;
--   * one advisory lock and one hash chain per organisation: `position` is gap-free and in commit order
--     within an organisation, and appends of different organisations never wait for each other;
--   * the network's history is a Merkle tree (RFC 6962, as event_store.merkle_nodes) over the
--     organisations' chain heads, one leaf per organisation in organisation-number order; its root is
--     what a checkpoint signs. An organisation's auditor checks its own chain, then one inclusion proof
--     of its head in the signed tree: no other organisation's events are needed;
--   * an event shared with other organisations (metadata `shared_with`, covered by the hash) is stored
--     once, on its owner's shard; `org_chains.shared` — a reference table in Citus, copied to every node —
--     tells each reader where to find it.
--
-- Nothing in FundLedger uses this schema; it is a model to measure the design against.

CREATE SCHEMA IF NOT EXISTS org_chains;

CREATE TABLE IF NOT EXISTS org_chains.events (
    organisation_id text        NOT NULL CHECK (organisation_id <> ''),
    position        bigint      NOT NULL CHECK (position > 0),
    event_id        uuid        NOT NULL,
    stream_id       text        NOT NULL,
    stream_version  bigint      NOT NULL CHECK (stream_version > 0),
    event_type      text        NOT NULL,
    payload         jsonb       NOT NULL,
    metadata        jsonb       NOT NULL,
    recorded_at     timestamptz NOT NULL,
    prev_hash       bytea       NOT NULL CHECK (octet_length(prev_hash) = 32),
    hash            bytea       NOT NULL CHECK (octet_length(hash) = 32),
    PRIMARY KEY (organisation_id, position),
    UNIQUE (organisation_id, event_id),
    UNIQUE (organisation_id, stream_id, stream_version)
);
-- In Citus: SELECT create_distributed_table('org_chains.events', 'organisation_id');

CREATE TABLE IF NOT EXISTS org_chains.shared (
    reader_id       text   NOT NULL,
    organisation_id text   NOT NULL,
    position        bigint NOT NULL,
    PRIMARY KEY (reader_id, organisation_id, position)
);
-- In Citus: SELECT create_reference_table('org_chains.shared');

-- One field of the canonical form: its 4-byte length and UTF-8 bytes (as event_store.canonical_field).
CREATE OR REPLACE FUNCTION org_chains.field(value text) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$ SELECT int4send(octet_length(value)) || convert_to(value, 'UTF8') $$;

-- Appends events to one organisation's chain: its lock, its head, its positions, its hashes. `p_events` is a
-- JSON array of {event_id, stream_id, event_type, payload, metadata}; a stream belongs to one organisation.
-- In Citus this runs on the organisation's shard (a function distributed by its first argument).
CREATE OR REPLACE FUNCTION org_chains.append(p_organisation text, p_events jsonb)
RETURNS TABLE (out_position bigint, out_hash bytea)
LANGUAGE plpgsql AS $$
DECLARE
    v_position bigint;
    v_hash bytea;
    v_recorded_at constant timestamptz := clock_timestamp();
    v_event jsonb;
    v_version bigint;
    v_bytes bytea;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('fundledger.append.' || p_organisation));
    SELECT e.position, e.hash INTO v_position, v_hash FROM org_chains.events e
    WHERE e.organisation_id = p_organisation ORDER BY e.position DESC LIMIT 1;
    v_position := coalesce(v_position, 0);
    v_hash := coalesce(v_hash, decode(repeat('00', 32), 'hex'));
    FOR v_event IN SELECT ev FROM jsonb_array_elements(p_events) b(ev) LOOP
        SELECT coalesce(max(e.stream_version), 0) + 1 INTO v_version FROM org_chains.events e
        WHERE e.organisation_id = p_organisation AND e.stream_id = v_event ->> 'stream_id';
        v_position := v_position + 1;
        v_bytes := org_chains.field('fundledger.organisation-event.v1') || org_chains.field(p_organisation)
            || org_chains.field(v_position::text) || org_chains.field(v_event ->> 'event_id')
            || org_chains.field(v_event ->> 'stream_id') || org_chains.field(v_version::text)
            || org_chains.field(v_event ->> 'event_type')
            || org_chains.field(to_char(v_recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
            || org_chains.field((v_event -> 'payload')::text) || org_chains.field(coalesce(v_event -> 'metadata', '{}')::text);
        INSERT INTO org_chains.events (organisation_id, position, event_id, stream_id, stream_version, event_type, payload,
                                       metadata, recorded_at, prev_hash, hash)
        VALUES (p_organisation, v_position, (v_event ->> 'event_id')::uuid, v_event ->> 'stream_id', v_version,
                v_event ->> 'event_type', v_event -> 'payload', coalesce(v_event -> 'metadata', '{}'), v_recorded_at,
                v_hash, sha256(v_hash || v_bytes));
        v_hash := sha256(v_hash || v_bytes);
        INSERT INTO org_chains.shared (reader_id, organisation_id, position)
        SELECT r, p_organisation, v_position FROM jsonb_array_elements_text(v_event -> 'metadata' -> 'shared_with') r;
        out_position := v_position;
        out_hash := v_hash;
        RETURN NEXT;
    END LOOP;
END
$$;

-- The network tree's leaves: each organisation's head, in organisation-number order (bytewise). Leaf data is
-- field(organisation) ‖ field(position) ‖ head hash. In Citus, one small multi-shard query.
CREATE OR REPLACE FUNCTION org_chains.network_leaves()
RETURNS TABLE (organisation_id text, head_position bigint, head_hash bytea, leaf_data bytea)
LANGUAGE sql STABLE AS $$
    SELECT DISTINCT ON (e.organisation_id COLLATE "C") e.organisation_id, e.position, e.hash,
           org_chains.field(e.organisation_id) || org_chains.field(e.position::text) || e.hash
    FROM org_chains.events e
    ORDER BY e.organisation_id COLLATE "C", e.position DESC
$$;

-- RFC 6962 §2.1: MTH of hashes[from, to) of the leaf hashes.
CREATE OR REPLACE FUNCTION org_chains.tree_hash(p_leaves bytea[], p_from integer, p_to integer) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    v_split integer := 1;
BEGIN
    IF p_to - p_from = 1 THEN
        RETURN p_leaves[p_from];
    END IF;
    WHILE v_split * 2 < p_to - p_from LOOP
        v_split := v_split * 2;
    END LOOP;
    RETURN sha256('\x01'::bytea || org_chains.tree_hash(p_leaves, p_from, p_from + v_split)
                                 || org_chains.tree_hash(p_leaves, p_from + v_split, p_to));
END
$$;

-- The root a network checkpoint signs: the tree over every organisation's head.
CREATE OR REPLACE FUNCTION org_chains.network_root() RETURNS bytea
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN count(*) = 0 THEN sha256(''::bytea)
                ELSE org_chains.tree_hash(array_agg(sha256('\x00'::bytea || l.leaf_data) ORDER BY l.organisation_id COLLATE "C"),
                                          1, count(*)::integer + 1) END
    FROM org_chains.network_leaves() l
$$;

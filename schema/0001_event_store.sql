-- 0001 · The event log: one append-only table of events, in commit order, chained by SHA-256.
--
-- Guarantees (each enforced here, in the database, not by client convention):
--   * global_position is gap-free and in commit order: appends take one transaction-scoped lock.
--   * (stream_id, stream_version) is unique and versions count up from 1 per stream.
--   * event_id is unique: a retried append is recognised, never stored twice.
--   * hash = SHA-256(prev_hash || canonical bytes) is computed inside append_events, under the lock,
--     so no client supplies or can break the chain (docs/verification.md defines the bytes).
-- Not guaranteed: recorded_at is the server clock at append time; it is monotonic only if that clock is.

DO $$
BEGIN
    IF (SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()) <> 'UTF8' THEN
        RAISE EXCEPTION 'FundLedger needs a UTF8 database; this one is %',
            (SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database());
    END IF;
END
$$;

CREATE SCHEMA event_store;

CREATE TABLE event_store.events (
    global_position bigint      PRIMARY KEY CHECK (global_position > 0),
    stream_id       text        NOT NULL CHECK (stream_id <> '' AND octet_length(stream_id) <= 255),
    stream_version  bigint      NOT NULL CHECK (stream_version > 0),
    event_id        uuid        NOT NULL UNIQUE,
    event_type      text        NOT NULL CHECK (event_type <> '' AND octet_length(event_type) <= 255),
    schema_version  integer     NOT NULL CHECK (schema_version > 0),
    payload         jsonb       NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
    metadata        jsonb       NOT NULL CHECK (jsonb_typeof(metadata) = 'object'),
    recorded_at     timestamptz NOT NULL,
    effective_date  date        NOT NULL CHECK (effective_date BETWEEN DATE '1900-01-01' AND DATE '9999-12-31'),
    organisation_id text        CHECK (organisation_id <> ''),
    prev_hash       bytea       NOT NULL CHECK (octet_length(prev_hash) = 32),
    hash            bytea       NOT NULL CHECK (octet_length(hash) = 32),
    UNIQUE (stream_id, stream_version)
);

COMMENT ON TABLE event_store.events IS
    'Append-only event log. Write only through event_store.append_events; see docs/verification.md.';

-- The canonical bytes of one event, version fundledger.event.v1 (docs/verification.md, field by field).
-- PL/pgSQL rather than SQL: called once per event from PL/pgSQL, where a SQL function is not inlined and
-- costs about three times as much.
CREATE FUNCTION event_store.canonical_bytes(
    p_global_position bigint, p_stream_id text, p_stream_version bigint, p_event_id uuid, p_event_type text,
    p_schema_version integer, p_effective_date date, p_recorded_at timestamptz, p_organisation_id text,
    p_payload jsonb, p_metadata jsonb
) RETURNS bytea
LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
DECLARE
    fields constant text[] := ARRAY[
        'fundledger.event.v1',
        p_global_position::text,
        p_stream_id,
        p_stream_version::text,
        p_event_id::text,
        p_event_type,
        p_schema_version::text,
        to_char(p_effective_date, 'YYYY-MM-DD'),
        to_char(p_recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        coalesce(p_organisation_id, ''),
        p_payload::text,
        p_metadata::text];
    field text;
    field_bytes bytea;
    result bytea := '';
BEGIN
    FOREACH field IN ARRAY fields LOOP
        field_bytes := convert_to(field, 'UTF8');
        result := result || int4send(octet_length(field_bytes)) || field_bytes;
    END LOOP;
    RETURN result;
END
$$;

-- Append-only, whoever asks: UPDATE, DELETE and TRUNCATE raise. Corrections are new events.
CREATE FUNCTION event_store.refuse_change() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'event_store.events is append-only: % is refused', TG_OP
        USING ERRCODE = 'FL010',
              HINT = 'Record a correcting event (a reversal) instead of changing history.';
END
$$;

CREATE TRIGGER events_refuse_update_delete
    BEFORE UPDATE OR DELETE ON event_store.events
    FOR EACH ROW EXECUTE FUNCTION event_store.refuse_change();

CREATE TRIGGER events_refuse_truncate
    BEFORE TRUNCATE ON event_store.events
    FOR EACH STATEMENT EXECUTE FUNCTION event_store.refuse_change();

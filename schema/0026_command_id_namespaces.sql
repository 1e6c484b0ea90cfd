-- 0026 · Content-derived command ids that only an organisation's own recorders can compute (docs/access.md,
-- "Ids nobody else can compute").
--
-- A command file recorded twice is one recording: its entries' ids are derived from their content
-- (`DeterministicID.batch`). Anyone can derive the same id from the same content, and `append_events`
-- refuses an id that is taken, so in a network database a recorder of one organisation could confirm a
-- guess of another organisation's command — an amount, a source, a date — by appending its id (an
-- adversarial probe did: one guess in a scratch database, one refused append in the shared one). A
-- restricted recorder's ids are now keyed with a secret of its organisations: the hash of a random key of
-- this database, which no login may read, and the organisations the identity records for. Recorders of
-- the same organisations get the same namespace, so a file any of them recorded is a retry for the others;
-- no other identity can compute it. A network login has none (NULL): its ids are derived as before, so a
-- database without grants derives every id as it always did.

CREATE TABLE event_store.command_id_key (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    key       bytea   NOT NULL CHECK (length(key) = 32)
);
INSERT INTO event_store.command_id_key (key)
VALUES (decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));
REVOKE ALL ON event_store.command_id_key FROM PUBLIC;

COMMENT ON TABLE event_store.command_id_key IS
    'The key restricted recorders'' content-derived command ids are namespaced with (0026); read by no login.';

-- The namespace of the current identity's content-derived command ids: hex of SHA-256 over the key and its
-- recording organisations (sorted, comma-joined); NULL for a network identity or one that records for none.
CREATE FUNCTION event_store.command_id_namespace() RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = event_store, pg_catalog, pg_temp
AS $$
DECLARE
    v_organisations constant text[] := event_store.access_organisations(true);
BEGIN
    IF v_organisations IS NULL OR cardinality(v_organisations) = 0 THEN
        RETURN NULL;
    END IF;
    RETURN encode(sha256((SELECT k.key FROM command_id_key k) || convert_to(array_to_string(v_organisations, ','), 'UTF8')), 'hex');
END
$$;

REVOKE ALL ON FUNCTION event_store.command_id_namespace() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION event_store.command_id_namespace() TO fundledger_writer;

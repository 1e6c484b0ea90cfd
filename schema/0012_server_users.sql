-- 0012 · Server users (issue 15, first slice): who may call `fundledger serve`'s API, with which role, and
-- the SHA-256 of their API token. The token itself is never stored: `fundledger user add --token` prints it
-- once. Tokens are 256 random bits, so a plain SHA-256 (no salt, no slow hash) is enough to make the table
-- useless to whoever reads it; passwords, which are guessable, come later with a slow hash of their own.
-- Users are disabled, never deleted, so a name in an event's actor field always stays explained.
CREATE SCHEMA server;

CREATE TABLE server.users (
    name       text        PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    role       text        NOT NULL CHECK (role IN ('recorder', 'auditor', 'admin')),
    token_hash bytea       NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
    disabled   boolean     NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

COMMENT ON TABLE server.users IS
    'API users of fundledger serve: name, role (recorder, auditor, admin), SHA-256 of the API token, disabled flag.';

-- The server reads users to authenticate requests, whichever group role its login has; only the
-- schema's owner (the administrator running `fundledger user`) adds or disables them.
GRANT USAGE ON SCHEMA server TO fundledger_writer, fundledger_auditor;
GRANT SELECT ON server.users TO fundledger_writer, fundledger_auditor;

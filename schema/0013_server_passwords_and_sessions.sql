-- 0013 · Passwords and sessions for `fundledger serve` (issue 15, users and roles): people log in at /login
-- with a password and get a session cookie; systems keep their API tokens.
--
-- A user now needs a token, a password or both. `password_hash` holds a bcrypt hash (cost 12, from
-- hummingbird-auth) of the base64 of the password's SHA-256, so that every byte of a long passphrase
-- counts (bcrypt alone reads 72); the password itself is never stored. Only the schema's owner (the
-- administrator running `fundledger user`) adds users and sets passwords.
ALTER TABLE server.users ALTER COLUMN token_hash DROP NOT NULL;
ALTER TABLE server.users ADD COLUMN password_hash text
    CHECK (password_hash ~ '^\$2[aby]\$[0-9]{2}\$[./A-Za-z0-9]{53}$');
ALTER TABLE server.users ADD CONSTRAINT users_token_or_password
    CHECK (token_hash IS NOT NULL OR password_hash IS NOT NULL);

COMMENT ON TABLE server.users IS
    'API users of fundledger serve: name, role (recorder, auditor, admin), SHA-256 of the API token and/or bcrypt hash of the password, disabled flag.';

-- One row per logged-in browser. The key is the SHA-256 of the session id (256 random bits, sent only in
-- the HttpOnly cookie), so whoever reads this table cannot act as anyone. The CSRF token is kept as it is:
-- forms carry it, and without the cookie it is worth nothing. A session ends at expires_at, at logout,
-- when its user is disabled or gets a new password; expired rows are deleted at the next login.
CREATE TABLE server.sessions (
    id_hash    bytea       PRIMARY KEY CHECK (octet_length(id_hash) = 32),
    user_name  text        NOT NULL REFERENCES server.users (name),
    csrf_token text        NOT NULL CHECK (csrf_token ~ '^[A-Za-z0-9_-]{43}$'),
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    expires_at timestamptz NOT NULL,
    last_seen  timestamptz NOT NULL DEFAULT clock_timestamp(),
    CHECK (expires_at > created_at)
);

CREATE INDEX sessions_user_name ON server.sessions (user_name);
CREATE INDEX sessions_expires_at ON server.sessions (expires_at);

COMMENT ON TABLE server.sessions IS
    'Login sessions of fundledger serve: SHA-256 of the session id, user, CSRF token, created, expires, last seen.';

-- The server's database login logs people in and out, whichever group role it has (a read-only server,
-- whose login is only a fundledger_auditor, still serves the web view): sessions are the server's own
-- bookkeeping, not ledger data. It reads users (0012's grant covers the new column) but never changes them.
GRANT SELECT, INSERT, DELETE ON server.sessions TO fundledger_writer, fundledger_auditor;
GRANT UPDATE (last_seen) ON server.sessions TO fundledger_writer, fundledger_auditor;

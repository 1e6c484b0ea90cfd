-- 0011 · State snapshots: the fold of one stream as of one version, so that a command reads the events
-- after it instead of the whole stream (issue 14). A cache, never a source of truth: a reader uses a
-- snapshot only when the event at its version is still `last_event_id`, folds what came after, and the
-- append's expected version refuses a decision made on anything older. Rows are replaced as streams grow;
-- deleting them all only makes the next commands fold their streams from the start.
CREATE TABLE event_store.state_snapshots (
    stream_id      text        NOT NULL,
    format         integer     NOT NULL,
    stream_version bigint      NOT NULL CHECK (stream_version > 0),
    last_event_id  uuid        NOT NULL,
    state          bytea       NOT NULL,
    saved_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (stream_id, format)
);

COMMENT ON TABLE event_store.state_snapshots IS
    'Per-stream fold state at a version (a cache for commands); checked against the log before use.';

GRANT SELECT ON event_store.state_snapshots TO fundledger_writer, fundledger_auditor;
GRANT INSERT, UPDATE, DELETE ON event_store.state_snapshots TO fundledger_writer;

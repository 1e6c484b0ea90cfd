-- 0024 · The read models are UNLOGGED: derived rows written without the write-ahead log (issue 14).
--
-- Every row in schema read_models is a pure function of event_store.events and can be rebuilt from it
-- (0005). Logging them anyway made PostgreSQL write each postings row twice, to the WAL and to the table:
-- on the deep benchmark ledger at 100 000 events the 192 588 rows took 178–185 ms to insert into a logged
-- copy of the table and 92–105 ms into an unlogged one, and a whole rebuild went from 0.78–0.84 s to
-- 0.73–0.76 s (four runs each, alternating).
--
-- What UNLOGGED gives up, and why the read models stay correct:
-- - After a crash of the database server (not after a clean stop or restart), PostgreSQL empties every
--   unlogged table. The checkpoints are unlogged too, so rows and checkpoints are emptied TOGETHER: the
--   next `fundledger project` (or `serve --project`) finds no checkpoint and rebuilds from the first event.
--   A read model never claims rows it does not have. The fold's snapshot (event_store.state_snapshots, in
--   the WAL) is used only up to a checkpoint, so it is not used then.
-- - Streaming replicas and physical backups (pg_basebackup) do not carry unlogged rows: on a standby the
--   tables cannot be read, and after a failover or a restore from such a backup the read models are
--   rebuilt by the next projector run. Nothing in FundLedger reads them on a replica (docs/replicas.md).
--   pg_dump still dumps their rows.
-- The event log, users, sessions, snapshots and Merkle data stay logged: nothing that is not derived from
-- the log changes.
ALTER TABLE read_models.projection_checkpoints SET UNLOGGED;
ALTER TABLE read_models.funds SET UNLOGGED;
ALTER TABLE read_models.initiatives SET UNLOGGED;
ALTER TABLE read_models.department_flows SET UNLOGGED;
ALTER TABLE read_models.department_pair_flows SET UNLOGGED;
ALTER TABLE read_models.postings SET UNLOGGED;

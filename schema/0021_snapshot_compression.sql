-- 0021 · Snapshots compressed with LZ4 instead of pglz (issue 14).
--
-- A snapshot's state is one bytea, and PostgreSQL compresses a large one when it stores it (TOAST). With
-- the default method, pglz, that compression was most of what the end of a rebuild costs: the projector's
-- snapshot of the wide benchmark ledger at 100 000 events is 19.6 MB, which pglz took about 150 ms to
-- compress (to 4.3 MB) while `fundledger replay` waited for the save; LZ4 takes about 5 ms (to 5.0 MB) and
-- decompresses faster for the next restart as well. The bytes a reader gets back are the same either way:
-- only how the server stores them changes, for snapshots saved from now on (older rows keep pglz and stay
-- readable; a snapshot is a cache of a fold, replaced by the next save).
--
-- A server built without LZ4 support (every PostgreSQL package of Debian, Ubuntu and the official images
-- has it) keeps pglz: the saves are slower, nothing else differs.
DO $$
BEGIN
    ALTER TABLE event_store.state_snapshots ALTER COLUMN state SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'this PostgreSQL has no LZ4 support: snapshots stay compressed with pglz (slower saves)';
END
$$;

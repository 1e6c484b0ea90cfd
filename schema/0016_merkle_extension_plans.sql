-- 0016 · extend_merkle_tree (0009) looks up each left sibling by its key. When the statistics say
-- merkle_nodes is empty — a fresh database after VACUUM ANALYZE, or `vacuumdb --analyze` — PostgreSQL caches
-- a plan that scans the whole table for each lookup, and extending the tree becomes quadratic: 164 s
-- instead of 1 s for 50 000 events (docs/scaling.md). Every statement of the function reads by key, so it
-- runs with sequential scans off; nothing else changes.
ALTER FUNCTION event_store.extend_merkle_tree() SET enable_seqscan = off;

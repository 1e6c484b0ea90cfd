-- 0019 · The fund streams a reader may read, found at a cost that grows with the streams, not the events.
--
-- The server lists the fund streams to fold for `GET /v1/funds` and the web view with a loose index scan
-- of the `(stream_id, stream_version)` index: one `min(stream_id)` probe per stream. Under row-level
-- security (0015) each probe is filtered by the events policy, so a restricted identity's probe walks past
-- every event of every stream it may not read before it finds the next one it may: the listing cost about
-- a scan of the whole log. This function does the loose scan as the owner, whom row-level security does
-- not filter, and keeps the fund streams whose first event the caller may read by the events policy's
-- rule: an event of one of its organisations, or one shared with them. A fund begins with its
-- FundEstablished (the stream's first event), and a fund whose establishment the reader may not read folds
-- to nothing for it, so the funds a reader is shown are the same as before; what it costs is one probe per
-- stream and one more per fund stream, however long the log. It returns only streams whose first event the
-- caller may read (which it could select itself), so it shows no stream a reader may not see, nor that one
-- exists. A network identity (no grant) gets every fund stream, by the same scan as before.
CREATE FUNCTION event_store.readable_fund_streams() RETURNS SETOF text
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = event_store, pg_catalog, pg_temp
AS $$
BEGIN
    -- PL/pgSQL rather than SQL keeps the query's plan for the session (a SQL function plans it at every call,
    -- several times the cost of the scan on a small log). `(SELECT …)` reads the caller's organisations once
    -- per call, an InitPlan, as the events policy does (0015).
    RETURN QUERY
    WITH RECURSIVE streams(id) AS (
        SELECT (SELECT min(e.stream_id) FROM events e)
        UNION ALL
        SELECT (SELECT min(e.stream_id) FROM events e WHERE e.stream_id > streams.id)
        FROM streams WHERE streams.id IS NOT NULL)
    SELECT streams.id FROM streams
    WHERE streams.id LIKE 'fund-%'
      AND ((SELECT readable_organisations()) IS NULL OR EXISTS (
          SELECT 1 FROM events f
          WHERE f.stream_id = streams.id AND f.stream_version = 1
            AND (f.organisation_id = ANY ((SELECT readable_organisations())::text[])
                 OR (jsonb_typeof(f.metadata -> 'shared_with') = 'array'
                     AND (f.metadata -> 'shared_with') ?| (SELECT readable_organisations())))));
END
$$;

REVOKE ALL ON FUNCTION event_store.readable_fund_streams() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION event_store.readable_fund_streams() TO fundledger_writer, fundledger_auditor;

#!/usr/bin/env bash
# Times a restricted user's GET /v1/funds, and the listing of its fund streams alone, with two fundledger
# binaries (docs/server.md, "Funds from the state snapshots"; migration 0019): BEFORE lists the fund streams
# with a loose index scan that row-level security filters probe by probe, AFTER with
# event_store.readable_fund_streams(), which scans as the owner and keeps the streams the user may read.
#
#   Benchmarks/ServerBenchmark/funds-restricted.sh BEFORE AFTER [EVENTS]     (default: 100000)
#
# Records the demo (four organisations, six funds) in a database of its own (funds_restricted) in the private
# cluster, then contributions of 1 kr to the six funds in turn until the log holds EVENTS events. The server
# runs as a login that is not a superuser (row-level security does not apply to superusers) for three
# auditors: `tove` granted Tomelilla, `rut` granted Region Skåne, `nat` with no grant (a network user). For
# each binary and user it prints the median of 20 requests (after one to warm up, once the snapshot keeper
# has brought every fund's snapshot near its head); then the median execution time of 20 runs of
# each listing query per user in one session (EXPLAIN ANALYZE) and the rows of the log each looks at. Not a test: compare the
# figures of one run.
set -euo pipefail
before=$(realpath "$1"); after=$(realpath "$2"); size=${3:-100000}
work=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
psql "$("$after" db url --name postgres)" -q -c "DROP DATABASE IF EXISTS funds_restricted WITH (FORCE)" \
    -c "CREATE DATABASE funds_restricted" -c "DROP ROLE IF EXISTS funds_srv" \
    -c "CREATE ROLE funds_srv LOGIN IN ROLE fundledger_delegate, fundledger_writer, fundledger_auditor"
export DATABASE_URL=$("$after" db url --name funds_restricted)
server="$DATABASE_URL user=funds_srv"
"$before" migrate > /dev/null && "$before" demo > /dev/null
declare -A token
for user in tove rut nat; do token[$user]=$("$before" user add "$user" --role auditor --token | head -1); done
"$before" access grant funds_srv/tove --organisation 212000-0886 --role auditor > /dev/null
"$before" access grant funds_srv/rut --organisation 232100-0255 --role auditor > /dev/null

sql() { psql "$DATABASE_URL" -Atq -c "$1"; }
funds=$(sql "SELECT string_agg(substr(stream_id, 6), ' ') FROM event_store.events WHERE stream_id LIKE 'fund-%' AND stream_version = 1")
have=$(sql "SELECT count(*) FROM event_store.events")
while [ "$have" -lt "$size" ]; do
    for fund in $funds; do
        count=$(( (size - have) < 5000 ? size - have : 5000 )); [ "$count" -gt 0 ] || break
        { echo "defaults: {actor: bench, fund: $fund}"; echo "commands:"
          for i in $(seq "$count"); do echo "  - {command: contribute, amount: 1 kr, source: KF $have-$i}"; done; } > "$work/c.yaml"
        "$after" apply "$work/c.yaml" > /dev/null
        have=$(sql "SELECT count(*) FROM event_store.events")
    done
done
echo "events: $have; by organisation: $(sql "SELECT string_agg(organisation_id || ' ' || n, ', ' ORDER BY organisation_id) FROM (SELECT organisation_id, count(*) n FROM event_store.events GROUP BY 1) c")"

# Starts `serve` of binary $1 as funds_srv and prints the median milliseconds of 20 GET /v1/funds per user.
requests() {
    "$1" serve --port 0 --rate-limit 0 --database "$server" > "$work/serve.out" 2> "$work/serve.log" &
    local pid=$! url="" line=""
    for _ in $(seq 200); do grep -qs listening "$work/serve.out" && break; sleep 0.1; done
    url=$(sed 's/listening on //' "$work/serve.out")
    for _ in $(seq 600); do   # the keeper's first look folds every fund: wait until each snapshot is near its head
        [ "$(sql "SELECT count(*) FROM (SELECT stream_id, max(stream_version) v FROM event_store.events WHERE stream_id LIKE 'fund-%' GROUP BY 1) h
                  LEFT JOIN event_store.state_snapshots s USING (stream_id) WHERE h.v - coalesce(s.stream_version, 0) >= 256")" = 0 ] && break
        sleep 0.5
    done
    for user in tove rut nat; do
        curl -sf -o /dev/null -H "Authorization: Bearer ${token[$user]}" "$url/v1/funds"
        line+=$(for _ in $(seq 20); do
            curl -sf -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer ${token[$user]}" "$url/v1/funds"
        done | sort -n | sed -n 10p | awk '{ printf "  %8.1f", $1 * 1000 }')
    done
    kill "$pid"; wait "$pid" 2> /dev/null || true
    echo "$line"
}

# As user $1, through the server's login and role: the median execution time (ms) of 20 runs of query $2 in one
# session, and the rows of event_store.events and its indexes one run looks at (the transaction's own statistics).
query() {
    local as=(-c "SET fundledger.acting_for = '$1'" -c "SET ROLE fundledger_auditor"); shift
    local looked="SELECT sum(pg_stat_get_xact_tuples_returned(c.oid) + pg_stat_get_xact_tuples_fetched(c.oid)) FROM pg_class c
        WHERE c.oid = 'event_store.events'::regclass OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = 'event_store.events'::regclass)"
    local time first count last
    local runs=(); for _ in $(seq 21); do runs+=(-c "EXPLAIN (ANALYZE, TIMING OFF) $1"); done
    # One session, as the server's pooled connections (the first run plans the function's query: left out).
    time=$(psql "$server" -Atq "${as[@]}" "${runs[@]}" | sed -n 's/^Execution Time: \([0-9.]*\) ms$/\1/p' | tail -20 | sort -n | sed -n 10p)
    read -r first count last <<< "$(psql "$server" -Atq "${as[@]}" -c BEGIN -c "$looked" -c "SELECT count(*) FROM ($1) q" -c "$looked" -c ROLLBACK | paste -sd' ')"
    printf '  %8.2f ms  %8s rows looked at, %s streams\n' "$time" "$((last - first))" "$count"
}

printf '%-8s  %8s  %8s  %8s   (median ms of GET /v1/funds)\n' binary tove rut nat
"$before" migrate > /dev/null 2>&1 || true
printf '%-8s%s\n' before "$(requests "$before")"
"$after" migrate > /dev/null
printf '%-8s%s\n' after "$(requests "$after")"
loose="WITH RECURSIVE streams(id) AS (SELECT (SELECT min(stream_id) FROM event_store.events) UNION ALL
    SELECT (SELECT min(e.stream_id) FROM event_store.events e WHERE e.stream_id > streams.id) FROM streams WHERE streams.id IS NOT NULL)
    SELECT id FROM streams WHERE id LIKE 'fund-%'"
echo "the listing alone (median of 20 EXPLAIN ANALYZE):"
for user in tove rut nat; do
    printf '%-5s %-38s' "$user" "loose scan under row-level security"; query "$user" "$loose"
    printf '%-5s %-38s' "$user" "event_store.readable_fund_streams()"; query "$user" "SELECT * FROM event_store.readable_fund_streams()"
done

#!/usr/bin/env bash
# Times GET /v1/funds at two log sizes with two fundledger binaries (docs/server.md, "Funds from the state
# snapshots"): BEFORE folds the whole log per request, AFTER reads each fund's snapshot and its tail.
#
#   Benchmarks/ServerBenchmark/funds-read.sh BEFORE AFTER [EVENTS...]     (default: 1000 100000)
#
# Records the demo in a database of its own (funds_read) in the private cluster, then contributions of 1 kr
# to Tomelilla until the log holds EVENTS events; at each size starts each binary's `serve` in turn and
# prints the median of 20 requests (after one to warm up, and after AFTER's snapshot keeper has had its
# first look). The database is migrated by BEFORE first, then by AFTER, so both can serve it. Not a test:
# the machine is shared, so compare the two figures of one line.
set -euo pipefail
before=$(realpath "$1"); after=$(realpath "$2"); shift 2
sizes=("${@:-1000}"); [ $# -gt 0 ] || sizes=(1000 100000)
work=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
server=$("$after" db url --name postgres)
psql "$server" -q -c "DROP DATABASE IF EXISTS funds_read WITH (FORCE)" -c "CREATE DATABASE funds_read"
export DATABASE_URL=$("$after" db url --name funds_read)
"$before" migrate > /dev/null && "$before" demo > /dev/null
token=$("$before" user add bench --role auditor --token | head -1)

events() { psql "$DATABASE_URL" -Atq -c "SELECT count(*) FROM event_store.events"; }

# Appends contributions in files of at most 5 000 commands until the log holds $1 events.
grow() {
    local want=$1 have n=0
    have=$(events)
    while [ "$have" -lt "$want" ]; do
        local count=$(( want - have < 5000 ? want - have : 5000 ))
        { echo "defaults: {actor: bench, fund: tomelilla}"; echo "commands:"
          for i in $(seq "$count"); do echo "  - {command: contribute, amount: 1 kr, source: KF $have-$i}"; done; } > "$work/c.yaml"
        "$after" apply "$work/c.yaml" > /dev/null
        have=$(events); n=$((n + 1))
    done
}

# Prints the median milliseconds of 20 GET /v1/funds against `serve` of binary $1.
median() {
    "$1" serve --port 0 --rate-limit 0 > "$work/serve.out" 2> /dev/null &
    local pid=$! url=""
    for _ in $(seq 200); do grep -qs listening "$work/serve.out" && break; sleep 0.1; done
    url=$(sed 's/listening on //' "$work/serve.out")
    curl -sf -o /dev/null -H "Authorization: Bearer $token" "$url/v1/funds"
    sleep 3
    for _ in $(seq 20); do
        curl -sf -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" "$url/v1/funds"
    done | sort -n | sed -n 10p | awk '{ printf "%.1f", $1 * 1000 }'
    kill "$pid"; wait "$pid" 2> /dev/null || true
}

printf '%-8s  %14s  %14s\n' events "before ms" "after ms"
for size in "${sizes[@]}"; do
    grow "$size"
    "$before" migrate > /dev/null 2>&1 || true
    b=$(median "$before")
    "$after" migrate > /dev/null
    a=$(median "$after")
    printf '%-8s  %14s  %14s\n' "$(events)" "$b" "$a"
done

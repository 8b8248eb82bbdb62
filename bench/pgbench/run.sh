#!/usr/bin/env bash
# Consent ingestion over HTTP side by side with pgbench on the same PostgreSQL (see docs/benchmarks.md).
#
# Usage: bench/pgbench/run.sh CUSTODIA_HOME [seconds] [url]
#   CUSTODIA_HOME  the home folder of the running server, whose embedded PostgreSQL pgbench connects to (the port
#                  is the fourth line of CUSTODIA_HOME/db/postmaster.pid; the embedded server trusts local
#                  connections of the user postgres)
#   seconds        how long each run lasts (20 by default), after 10 s of warm-up for the HTTP runs
#   url            the server (http://localhost:8080 by default)
# Needs the bench module built (./mvnw -DskipTests package), curl, psql and pgbench.
# The staff account that creates the service token: CUSTODIA_BENCH_USER / CUSTODIA_BENCH_PASSWORD (the demo's DPO
# by default). CUSTODIA_BENCH_CLIENTS (default "1 8 16") and CUSTODIA_BENCH_BATCHES (events per HTTP request,
# default "1 50") change the runs. pgbench writes only into a scratch schema, bench, dropped at the end.
set -euo pipefail
home=${1:?usage: run.sh CUSTODIA_HOME [seconds] [url]}
seconds=${2:-20}
url=${3:-http://localhost:8080}
user=${CUSTODIA_BENCH_USER:-dpo}
password=${CUSTODIA_BENCH_PASSWORD:-custodia-demo-2026}
clients=${CUSTODIA_BENCH_CLIENTS:-1 8 16}
batches=${CUSTODIA_BENCH_BATCHES:-1 50}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

export PGHOST=localhost PGPORT=$(sed -n 4p "$home/db/postmaster.pid") PGUSER=postgres PGDATABASE=postgres
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "machine: $(nproc) CPU, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
echo "postgres: $(psql -Atc 'show server_version') on port $PGPORT"

created=$(curl -sf -u "$user:$password" -H 'Content-Type: application/json' \
    -d '{"name":"ingestion-bench","scopes":["consent:write"],"entity":"FR"}' "$url/api/v1/tokens")
token=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' <<<"$created")
token_id=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' <<<"$created")
trap 'curl -sf -u "$user:$password" -X DELETE "$url/api/v1/tokens/$token_id" >/dev/null || true' EXIT

for batch in $batches; do
    for c in $clients; do
        result=$(java -cp "$root/bench/target/classes" io.custodia.bench.ConsentIngestion \
            --url "$url" --token "$token" --clients "$c" --seconds "$seconds" --batch "$batch")
        echo "http batch=$batch clients=$c $(grep -o 'events/s=[0-9.]*.*' <<<"$result")  load: $(load)"
    done
done

psql -q -v ON_ERROR_STOP=1 -f "$here/setup.sql"
for script in insert ledger; do
    for c in $clients; do
        threads=$((c < 2 ? c : 2))
        out=$(pgbench -n -f "$here/$script.sql" -c "$c" -j "$threads" -T "$seconds" 2>&1)
        tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' <<<"$out")
        latency=$(sed -n 's/^latency average = \(.*\)$/\1/p' <<<"$out")
        echo "pgbench $script clients=$c tps=$tps latency=$latency  load: $(load)"
    done
done
psql -q -c 'drop schema bench cascade'

#!/usr/bin/env bash
# Decisions over HTTP beside a trivial endpoint of the same server, in one run (see docs/benchmarks.md).
#
# Usage: bench/http/run.sh [seconds] [url]
#   seconds  how long each measured run lasts (20 by default), after 5 s of warm-up
#   url      the running server (http://localhost:8080 by default), started with the demo group
# Needs wrk (Debian package wrk) and curl. The staff account that creates the service token:
# CUSTODIA_BENCH_USER / CUSTODIA_BENCH_PASSWORD (the demo's DPO by default). CUSTODIA_BENCH_CONNECTIONS (default
# "16") and CUSTODIA_BENCH_BATCH (questions per batch request, default 10000) change the runs.
#
# Runs, each with the same service token (scope decisions:read) and 2 wrk threads:
#   trivial   GET  /api/v1/whoami            (authentication, JSON answer: the baseline)
#   decide    POST /api/v1/decisions         (one question about a demo customer named by customer number)
#   batch     POST /api/v1/decisions/batch   (CUSTODIA_BENCH_BATCH questions about demo customers, by Custodia id,
#                                            two purposes in runs of 100)
set -euo pipefail
seconds=${1:-20}
url=${2:-http://localhost:8080}
user=${CUSTODIA_BENCH_USER:-dpo}
password=${CUSTODIA_BENCH_PASSWORD:-custodia-demo-2026}
connections=${CUSTODIA_BENCH_CONNECTIONS:-16}
batch=${CUSTODIA_BENCH_BATCH:-10000}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "machine: $(nproc) CPU, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"

created=$(curl -sf -u "$user:$password" -H 'Content-Type: application/json' \
    -d '{"name":"decision-bench","scopes":["decisions:read"],"entity":"FR"}' "$url/api/v1/tokens")
export TOKEN=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' <<<"$created")
token_id=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' <<<"$created")
trap 'curl -sf -u "$user:$password" -X DELETE "$url/api/v1/tokens/$token_id" >/dev/null || true; rm -rf "$work"' EXIT

# One question: a demo customer of FR, a consent-based purpose, two declared categories.
cat >"$work/one.json" <<JSON
{"subject":{"scheme":"customer_id","value":"FR-0000042"},"purpose":"marketing.personalised_offers",
 "dataCategories":["user.contact.email","user.behavior.purchase_history"]}
JSON
# A batch: the ids of the entity's whole audience of a legitimate-interest purpose (every customer), repeated; the
# purpose changes every 100 questions (a service asks about a list of customers for one purpose, then another).
curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"purpose":"analytics.network_quality"}' "$url/api/v1/audiences" \
    | grep -o '"id":"[^"]*"' | cut -d'"' -f4 >"$work/ids"
customers=$(wc -l <"$work/ids")
if [ "$customers" -eq 0 ]; then echo "no customers in the audience: is the demo loaded?" >&2; exit 1; fi
awk -v n="$batch" '{ ids[NR] = $0 } END {
    printf "{\"requests\":["
    for (i = 0; i < n; i++) {
        purpose = int(i / 100) % 2 ? "analytics.network_quality" : "marketing.personalised_offers"
        printf "%s{\"subject\":{\"id\":\"%s\"},\"purpose\":\"%s\"}", (i ? "," : ""), ids[i % NR + 1], purpose
    }
    printf "]}"
}' "$work/ids" >"$work/batch.json"
echo "customers of FR: $customers, batch of $batch questions ($(wc -c <"$work/batch.json") bytes)"

run() { # name, wrk arguments...
    local name=$1
    shift
    wrk -t2 -c"$connections" -d5s "$@" >/dev/null
    local out
    out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@")
    local rate p50 p99 bad
    rate=$(sed -n 's/^Requests\/sec: *\([0-9.]*\)/\1/p' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    bad=$(sed -n 's/^non-2xx=\([0-9]*\)/\1/p' <<<"$out")
    echo "$name connections=$connections requests/s=$rate p50=$p50 p99=$p99 non-2xx=${bad:-0}  load: $(load)"
    eval "${name}_rate=$rate"
}

run trivial -s "$here/get.lua" "$url/api/v1/whoami"
BODY_FILE="$work/one.json" run decide -s "$here/post.lua" "$url/api/v1/decisions"
echo "decide/trivial ratio: $(awk -v d="$decide_rate" -v t="$trivial_rate" 'BEGIN {printf "%.2f", d / t}')"
connections=2 BODY_FILE="$work/batch.json" run batched -s "$here/post.lua" "$url/api/v1/decisions/batch"
echo "batch decisions/s: $(awk -v r="$batched_rate" -v b="$batch" 'BEGIN {printf "%.0f", r * b}')"

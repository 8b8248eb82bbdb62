#!/usr/bin/env bash
# Export and erasure of one customer at a time in a store of 10,000,000 rows (see docs/benchmarks.md).
#
# Usage: bench/dsr/run.sh [subjects]
#   subjects  how many customers are exported and erased, one after the other (20 by default)
# Builds the bench module if needed. The store is an embedded PostgreSQL of its own under bench/target/dsr-bench,
# loaded on the first run (a few minutes) and reused after; delete that folder to load it again.
set -euo pipefail
subjects=${1:-20}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jar="$root/bench/target/benchmarks.jar"
if [ ! -f "$jar" ]; then
    (cd "$root" && ./mvnw -q -B -pl bench -am -DskipTests package)
fi
echo "machine: $(nproc) CPU, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
cd "$root/bench"
java -cp "$jar" io.custodia.bench.dsr.DsrBench "$subjects"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

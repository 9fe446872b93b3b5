#!/usr/bin/env bash
# The benchmark, in one command (BENCHMARKS.md says what it measures). From anywhere in the repository:
#   bench/run.sh            the full run: 3 repetitions of every scenario, ~30 minutes on 2 cores
#   bench/run.sh --quick    one small repetition of each, for development (~4 minutes)
# More: --only standin,backfill,dedupe,http,intake,throttle,memory  --batch-sizes 1,500  --reps N  --raised-rate N  --profile
# BENCH_JVM_OPTS="-Xmx256m" passes JVM options to the forwarder and the baseline (default: none).
# Prints the tables and writes them to bench/results/<timestamp>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f target/sentry-segment-forwarder.jar ]]; then
  echo "== building the forwarder jar" >&2
  mvn -B -q package -DskipTests
fi
echo "== building the benchmark harness (and checking its measuring code)" >&2
mvn -B -q -f bench/pom.xml package
exec java -jar bench/target/forwarder-bench.jar "$@"

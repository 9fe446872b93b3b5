#!/usr/bin/env bash
# The benchmark, in one command (BENCHMARKS.md says what it measures). From anywhere in the repository:
#   bench/run.sh            the full run: 3 repetitions of every scenario, ~45 minutes on 2 cores
#   bench/run.sh --quick    one small repetition of each, for development (a few minutes)
# More: --only standin,e2e,intake,backfill,dedupe,http,throttle,shared-throttle,memory
#       --only jms   a jms: source on an Artemis broker against the default spool (~10 minutes; not in the full run)  --batch-sizes 1,500  --reps N  --events N
#       --only hand-over   three forwarders on a broker and Redis, one killed with SIGKILL: the hand-over of its
#                          events (~5 minutes; not in the full run)
#       --raised-rate N  --throttle-rates 10,200,1000  --profile | --no-profile
# BENCH_JVM_OPTS="-Xmx256m" passes JVM options to the processes under test (default: none).
# Prints the tables and writes them to bench/results/<timestamp>.md.
set -euo pipefail
cd "$(dirname "$0")/.."

# The intake and jms scenarios load the servers with wrk (Debian package "wrk"); they run unless --only leaves them out.
needs_wrk=true
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  if [[ "${args[i]}" == "--only" && ",${args[i + 1]:-}," != *",intake,"* && ",${args[i + 1]:-}," != *",jms,"* ]]; then
    needs_wrk=false
  fi
done
if [[ "$needs_wrk" == true ]] && ! command -v wrk > /dev/null; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get > /dev/null; then
    echo "== installing wrk, the intake scenario's load generator (apt-get install wrk)" >&2
    apt-get install -y -q wrk > /dev/null || { apt-get update -q > /dev/null && apt-get install -y -q wrk > /dev/null; }
  else
    echo "bench/run.sh: the intake and jms scenarios need wrk. Install it (Debian/Ubuntu: sudo apt-get install wrk)," >&2
    echo "or leave them out, e.g. --only standin,e2e,backfill" >&2
    exit 1
  fi
fi

if [[ ! -f target/sentry-segment-forwarder.jar ]]; then
  echo "== building the forwarder jar" >&2
  mvn -B -q package -DskipTests
fi
echo "== building the benchmark harness (and checking its measuring code)" >&2
mvn -B -q -f bench/pom.xml package
exec java -jar bench/target/forwarder-bench.jar "$@"

#!/usr/bin/env bash
# Load on the Kubernetes API from N coordinating agents, counted at the fabric8 mock API server.
# Runs CoordinationLoadTest (scaled intervals: retry 200 ms, candidate retry 500 ms) for each N and
# prints its measured lines next to the model; the README's table scales the model to the defaults.
# Each agent runs a whole failover engine too, so the figures include the failover record (ConfigMap)
# reads: "Kubernetes API X req/s with the record, Y without" (Y is the load before the record existed).
# Usage: bench/coordination-load.sh [N ...]   (default: 10 100); SECONDS_PER_RUN=6 by default.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
seconds="${SECONDS_PER_RUN:-6}"
for n in "${@:-10 100}"; do
  for agents in $n; do
    log="bench/results/coordination-load-$agents.log"
    ./mvnw -B -o -q test -Dtest=CoordinationLoadTest -Dsurefire.failIfNoSpecifiedTests=false \
      -Dcoordination.load.agents="$agents" -Dcoordination.load.seconds="$seconds" >"$log" 2>&1 || { tail -40 "$log"; exit 1; }
    grep '\[coordination load\]' "$log"
  done
done

#!/usr/bin/env bash
# Region take-over time (issue 16): from the primary region going dark (its three agents killed, its Kubernetes API
# and Redis down, its public endpoint refusing) to the failover record moved to the DR target in a real BIND 9 (the
# standby fleet's one compare-and-set of record + heartbeat), measured in REAL time over RUNS runs (default 5).
# Runs RegionTakeoverBench (TwoRegions: two fleets of three whole agents, one BIND) with short but proportionate
# settings: heartbeat-interval 1 s, fence-after 3 s, takeover-after 9 s, primary endpoint probed every 1 s,
# failure-threshold 3. It prints each run's seconds beside the bound computed from the same settings
# (detection <= failure-threshold x interval + takeover-after; RTO ~ detection + write + TTL) and the 5-minute RTO
# budget; docs/regions.md scales the same arithmetic to the defaults (120 s detection, ~181 s RTO).
# Usage: bench/region-takeover.sh   (RUNS=5 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
log="bench/results/region-takeover.log"
./mvnw -B -ntp -o -q test -Dtest=RegionTakeoverBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dregion.bench=true -Dregion.bench.runs="${RUNS:-5}" >"$log" 2>&1 || { tail -60 "$log"; exit 1; }
grep '\[region take-over\]' "$log"

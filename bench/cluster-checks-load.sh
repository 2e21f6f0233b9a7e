#!/usr/bin/env bash
# Kubernetes API load of the cluster DR checks of the shipped configuration (k8s/components/saas-agent/config), counted
# at the fabric8 mock API server: requests per interval from the lease holder (followers send none).
# Usage: bench/cluster-checks-load.sh [INTERVALS]   (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
log="bench/results/cluster-checks-load.log"
./mvnw -B -o -q test -Dtest=ClusterChecksLoadTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dcluster.load.intervals="${1:-60}" >"$log" 2>&1 || { tail -40 "$log"; exit 1; }
grep '\[cluster checks load\]' "$log"

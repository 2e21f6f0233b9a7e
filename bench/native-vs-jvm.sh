#!/usr/bin/env bash
# The native executable and the JVM side by side, each measured by bench/health-bench.sh against the same servers
# (the shared NATS and PostgreSQL, a private Redis): launch to ready (median of LAUNCHES), RSS idle and after wrk
# load on /health/saas, req/s and p99, size (binary, or target/quarkus-app), and the native build's code area per origin. Three JVM rows show what the
# container flags of src/main/docker/Dockerfile.jvm and the AppCDS archive each bring; the JVM is capped like the
# sidecar's container (MaxRAM 192m, heap 50%, as run-java.sh does under a 192 MiB limit).
#
# Usage: bench/native-vs-jvm.sh   (env: LAUNCHES=5 DURATION=10s; builds what is missing: the jar with
#        ./mvnw package, the executable with scripts/native-build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
export LAUNCHES=${LAUNCHES:-5} DURATION=${DURATION:-10s}
JAR=${JAR:-target/quarkus-app/quarkus-run.jar}
CDS=$(dirname "$JAR")/app-cds.jsa  # the JVM runs in the jar's directory (see health-bench.sh)

[ -n "$(ls target/saas-health-agent-*-runner 2>/dev/null)" ] || scripts/native-build.sh
[ -f "$JAR" ] && [ -f "$CDS" ] || ./mvnw -B -q package -DskipTests

CAP="-XX:MaxRAM=192m -XX:MaxRAMPercentage=50"
FLAGS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=64m -Xss512k" # as the JVM image (Dockerfile.jvm)
summary=$(mktemp)
trap 'rm -f "$summary"' EXIT
run() { # label, then env for health-bench
  local label=$1
  shift
  echo "== $label" >&2
  env "$@" SUMMARY="$summary" JAR="$JAR" bench/health-bench.sh >&2
  echo "$label" >>"$summary.labels"
}
rm -f "$summary.labels"
run "native" AGENT=native
run "JVM (ParallelGC, as today)" JAVA_OPTS="$CAP -XX:+UseParallelGC"
run "JVM + container flags" JAVA_OPTS="$CAP $FLAGS"
run "JVM + container flags + AppCDS" JAVA_OPTS="$CAP $FLAGS -XX:SharedArchiveFile=app-cds.jsa -Xshare:auto"

echo
echo "# $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); wrk -t2 -c20 -d$DURATION on /health/saas"
printf '%-34s %10s %10s %12s %10s %9s %9s\n' "agent" "ready ms" "RSS idle" "RSS loaded" "req/s" "p99" "size MB"
paste -d' ' "$summary.labels" "$summary" | while read -r line; do
  set -- $line
  n=$#
  label=$(echo "$line" | awk -v n=$n '{ for (i = 1; i <= n - 6; i++) printf "%s%s", $i, (i < n - 6 ? " " : "") }')
  shift $((n - 6))
  printf '%-34s %10s %10s %12s %10s %9s %9s\n' "$label" "$1" "$2 MB" "$3 MB" "$4" "$5" "$6"
done
rm -f "$summary.labels"
echo
echo "# native code area per origin (bench/code-area.sh; bench/footprint.sh puts it beside the empty Quarkus app's)"
bench/code-area.sh target/native-build.log

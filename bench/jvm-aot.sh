#!/usr/bin/env bash
# The JVM image's start-up on JDK 25 with and without its AOT cache (JEP 483/514/515, -XX:AOTCache): launch to the
# first 200 on /health/ready, median of LAUNCHES, RSS idle beside it. The cache is trained the way the image's
# build does (src/main/docker/aot-train.sh, the same script Dockerfile.jvm runs), then measured against real servers:
# the shared NATS and PostgreSQL and a private redis-server. Flags as the image's container (Serial GC, C1 only,
# MaxRAM 192m, heap 50 %). After the last launch of each: RSS idle, then LOAD of wrk -t2 -c20 on /health/saas (req/s,
# p99, RSS after).
#
# Beside them, in the same run: the AOT cache with C2 as well (what C1 only trades), a cache trained without the
# protocol stand-ins (what answered probes in the training bring), the same code in Quarkus'
# default fast-jar layout with its own cache (what the aot-jar layout brings; packaged into target/fast-jar), and
# JDK 17 with the AppCDS archive of ./mvnw package (what a JDK 17 base would run).
#
# Usage: bench/jvm-aot.sh   (env: JAVA25=/usr/lib/jvm/temurin-25-jdk-amd64 JAVA17=... LAUNCHES=5 LOAD=15s
#        FAST_JAR=0 to leave the fast-jar row out; the jar target/quarkus-app/quarkus-run.jar, built with
#        ./mvnw package -DskipTests when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA17=${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64}
JAVA=$JAVA25
LAUNCHES=${LAUNCHES:-5}
LOAD=${LOAD:-15s}
APP=target/quarkus-app
FAST_APP=target/fast-jar
NATS_URL=${NATS_URL:-nats://127.0.0.1:4222}
POSTGRES_URL=${POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/test}
FLAGS="-XX:MaxRAM=192m -XX:MaxRAMPercentage=50 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=64m -Xss512k"

[ -x "$JAVA25/bin/java" ] || { echo "jvm-aot: no JDK 25 at $JAVA25" >&2; exit 2; }
command -v wrk >/dev/null || { echo "jvm-aot: wrk is required (scripts/install-test-deps.sh)" >&2; exit 2; }
[ -f "$APP/quarkus-run.jar" ] || ./mvnw -B -q package -DskipTests
WORK=$(mktemp -d /tmp/jvm-aot.XXXXXX)
mkdir -p bench/results
RESULTS=bench/results/jvm-aot-$(date +%Y%m%dT%H%M%S).txt
PID="" REDIS_PID=""
log() { printf '%s\n' "$*" | tee -a "$RESULTS"; }
now_ms() { date +%s%3N; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
stop() {
  [ -n "$PID" ] || return 0
  kill "$PID" 2>/dev/null || true
  for _ in $(seq 1 600); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done # the cache is written at exit
  kill -9 "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  PID=""
}
cleanup() { stop; [ -z "$REDIS_PID" ] || kill "$REDIS_PID" 2>/dev/null || true; rm -rf "$WORK" "$APP/bench-app.aot" "$APP/bench-refused.aot" "$FAST_APP/bench-app.aot"; }
trap cleanup EXIT INT TERM

REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!
PORT=$(free_port)
launch() { # extra JVM options...
  # shellcheck disable=SC2086 # FLAGS is a list of options
  (cd "$APP" && exec "$JAVA/bin/java" $FLAGS "$@" -Dquarkus.http.port="$PORT" \
    -Dagent.coordination.mode=none -Dagent.failover.mode=dry-run \
    -Dagent.dependencies.nats.type=nats -Dagent.dependencies.nats.url="$NATS_URL" \
    -Dagent.dependencies.redis.type=redis -Dagent.dependencies.redis.url="redis://127.0.0.1:$REDIS_PORT" \
    -Dagent.dependencies.postgres.type=postgres -Dagent.dependencies.postgres.url="$POSTGRES_URL" \
    -jar quarkus-run.jar >"$WORK/agent.log" 2>&1) &
  PID=$!
}
ready() { # prints ms from launch (epoch ms $1) to the first 200
  while [ $(( $(now_ms) - $1 )) -lt 60000 ]; do
    [ "$(curl -s -o /dev/null -m 1 -w '%{http_code}' "http://127.0.0.1:$PORT/health/ready" || true)" != 200 ] || { echo $(( $(now_ms) - $1 )); return 0; }
    kill -0 "$PID" 2>/dev/null || { tail -20 "$WORK/agent.log" >&2; exit 1; }
    sleep 0.01
  done
  echo "jvm-aot: not ready in 60 s" >&2; exit 1
}
rss() { local p; p=$(pgrep -P "$PID" java || echo "$PID"); awk '$1 == "VmRSS:" { printf "%.0f", $2 / 1024 }' "/proc/$p/status"; }
measure() { # label, JVM options...
  local label=$1 times=() idle
  shift
  for _ in $(seq 1 "$LAUNCHES"); do
    t0=$(now_ms); launch "$@"; times+=("$(ready "$t0")")
    if [ ${#times[@]} -lt "$LAUNCHES" ]; then stop; fi
  done
  sleep 5
  idle=$(rss)
  wrk -t2 -c20 -d"$LOAD" --latency "http://127.0.0.1:$PORT/health/saas" >"$WORK/wrk.txt"
  loaded="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$WORK/wrk.txt") req/s, p99 $(awk '/^ +99%/ { print $2 }' "$WORK/wrk.txt"), RSS after $(rss) MB"
  stop
  log "$(printf '%-34s ready median %5s ms [%s]  RSS idle %s MB; %s' "$label" "$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')" "${times[*]}" "$idle" "$loaded")"
}

log "# jvm-aot $(date -u +%FT%TZ) on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $("$JAVA25/bin/java" -version 2>&1 | head -1); $FLAGS"
# Training: the image's own procedure (src/main/docker/aot-train.sh: one start driven through what a pod does, each probe
# type against a protocol stand-in and against nothing, then an orderly exit writes the cache), with this machine's JDK 25 and the image's collector and compiler.
train() { # application directory [cache file name]: writes its bench-app.aot (or that name)
  # shellcheck disable=SC2086 # FLAGS is a list of options
  src/main/docker/aot-train.sh "$JAVA25/bin/java" "$1" "$1/${2:-bench-app.aot}" "$(free_port)" $FLAGS >>"$WORK/train.log" 2>&1 \
    || { tail -20 "$WORK/train.log" >&2; echo "jvm-aot: the training run of $1 wrote no cache" >&2; exit 1; }
}
train "$APP"
log "AOT cache: $(du -m "$APP/bench-app.aot" | cut -f1) MB"
measure "JDK 25, no cache" -Xshare:auto
measure "JDK 25 + AOT cache" -XX:AOTCache=bench-app.aot
# What C1 only trades: the same cache with the tiered compiler's C2 (the last -XX:TieredStopAtLevel wins).
measure "JDK 25 + AOT cache, C2 too" -XX:AOTCache=bench-app.aot -XX:TieredStopAtLevel=4
# What the training's protocol stand-ins bring: a cache trained with every probe refused (the image before 2026-12-04).
AOT_TRAIN_STANDINS=0 train "$APP" bench-refused.aot
measure "AOT cache trained on refusals only" -XX:AOTCache=bench-refused.aot
# The layout the image had before 2026-12-04: the fast-jar, whose own class loader defines the lambdas of the
# application's classes again at every start. Packaged beside (Quarkus' artifact record put back, so the packaged
# tests still find the aot-jar) and trained the same way on its own files.
if [ "${FAST_JAR:-1}" = 1 ]; then
  cp target/quarkus-artifact.properties "$WORK/artifact.properties"
  ./mvnw -B -q package -DskipTests -Dquarkus.package.jar.type=fast-jar -Dquarkus.package.output-directory=fast-jar \
    >"$WORK/fast-jar.log" 2>&1 || { tail -20 "$WORK/fast-jar.log" >&2; echo "jvm-aot: the fast-jar did not package" >&2; exit 1; }
  cp "$WORK/artifact.properties" target/quarkus-artifact.properties
  train "$FAST_APP"
  APP=$FAST_APP measure "fast-jar layout + its AOT cache" -XX:AOTCache=bench-app.aot
fi
# A JDK 17 base (the image before it moved to JDK 25): JDK 17 and the AppCDS archive of ./mvnw package.
if [ -x "$JAVA17/bin/java" ] && [ -f "$APP/app-cds.jsa" ]; then
  JAVA=$JAVA17
  measure "JDK 17 + AppCDS (a JDK 17 base)" -XX:SharedArchiveFile=app-cds.jsa -Xshare:auto
fi

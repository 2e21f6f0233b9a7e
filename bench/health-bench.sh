#!/usr/bin/env bash
# Measures the packaged agent against the machine's real servers and prints:
#   - time from launch to ready (/health/ready 200), median of LAUNCHES launches
#   - RSS (VmRSS) idle and after each load run
#   - /health/saas throughput and p50/p99 with wrk (2 threads, 20 connections, 10 s), once with every
#     dependency up and once while the agent's Redis is paused with SIGSTOP
# Dependencies: the shared NATS (4222) and PostgreSQL (5432, db test), and a private redis-server on a
# free loopback port (the one paused; the shared Redis is never touched). Coordination none, failover
# dry-run. Loopback only; every wait is bounded; rerunnable. Figures also go to bench/results/.
#
# Usage: bench/health-bench.sh   (env: LAUNCHES=5 DURATION=10s JAVA_OPTS="-Xmx64m" NATS_URL=... POSTGRES_URL=...
#        AGENT=native: the native executable target/saas-health-agent-*-runner instead of the jar;
#        SUMMARY=file: append one line "ready_ms rss_idle_mb rss_load_mb req_s p99 size_mb" to it)
# bench/native-vs-jvm.sh runs it for the native executable and the JVM (with and without AppCDS) side by side.
set -euo pipefail
cd "$(dirname "$0")/.."

LAUNCHES=${LAUNCHES:-5}
DURATION=${DURATION:-10s}
THREADS=2
CONNECTIONS=20
NATS_URL=${NATS_URL:-nats://127.0.0.1:4222}
POSTGRES_URL=${POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/test}
JAR=${JAR:-target/quarkus-app/quarkus-run.jar}
READY_TIMEOUT_S=60
JAVA_OPTS=${JAVA_OPTS:-}
AGENT=${AGENT:-jvm}
SUMMARY=${SUMMARY:-}

WORK=$(mktemp -d /tmp/health-bench.XXXXXX)
mkdir -p bench/results
RESULTS=bench/results/health-bench-$(date +%Y%m%dT%H%M%S).txt
AGENT_PID=""
REDIS_PID=""

log() { printf '%s\n' "$*" | tee -a "$RESULTS"; }
die() { echo "health-bench: $*" >&2; exit 1; }

cleanup() {
  if [ -n "$REDIS_PID" ]; then kill -CONT "$REDIS_PID" 2>/dev/null || true; fi
  stop_agent
  if [ -n "$REDIS_PID" ]; then kill "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

now_ms() { date +%s%3N; }

# ---- prerequisites ------------------------------------------------------------------------------
command -v java >/dev/null || die "java is required"
command -v curl >/dev/null || die "curl is required"
command -v redis-server >/dev/null || die "redis-server is required (apt-get install redis-server)"
command -v python3 >/dev/null || die "python3 is required (free ports)"
if ! command -v wrk >/dev/null; then
  echo "health-bench: installing wrk" >&2
  apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
fi
if [ "$AGENT" = native ]; then
  RUNNER=$(realpath "$(ls target/saas-health-agent-*-runner 2>/dev/null | head -1)")
  [ -n "$RUNNER" ] || die "no native executable: run scripts/native-build.sh first"
  # shellcheck disable=SC2206 # a Quarkus native executable takes -D options as arguments
  LAUNCH=("$RUNNER")
  SIZE_MB=$(du -m "$RUNNER" | cut -f1)
else
  if [ ! -f "$JAR" ]; then
    echo "health-bench: building the jar (./mvnw -B -q package -DskipTests)" >&2
    ./mvnw -B -q package -DskipTests
  fi
  # shellcheck disable=SC2206 # JAVA_OPTS is a list of options
  LAUNCH=(java $JAVA_OPTS)
  SIZE_MB=$(du -sm "$(dirname "$JAR")" | cut -f1)
fi

# ---- the private Redis (the dependency that gets paused) ----------------------------------------
REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
  --dir "$WORK" >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!
for _ in $(seq 1 100); do
  redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && break
  sleep 0.05
done
redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG || die "private redis on $REDIS_PORT did not start"

# ---- the agent ----------------------------------------------------------------------------------
AGENT_PORT=$(free_port)
BASE=http://127.0.0.1:$AGENT_PORT

start_agent() { # $1: log file
  # The JVM runs from the jar's directory: an AppCDS archive records the class path as the training run saw it
  # (quarkus-run.jar, relative), and the JVM silently ignores an archive whose class path differs.
  local jar=() dir=.
  [ "$AGENT" = native ] || { jar=(-jar quarkus-run.jar); dir=$(dirname "$JAR"); }
  (cd "$dir" && exec "${LAUNCH[@]}" -Dquarkus.http.port="$AGENT_PORT" \
    -Dagent.coordination.mode=none -Dagent.failover.mode=dry-run \
    -Dagent.dependencies.nats.type=nats -Dagent.dependencies.nats.url="$NATS_URL" -Dagent.dependencies.nats.critical=true \
    -Dagent.dependencies.redis.type=redis -Dagent.dependencies.redis.url="redis://127.0.0.1:$REDIS_PORT" \
    -Dagent.dependencies.redis.critical=true \
    -Dagent.dependencies.postgres.type=postgres -Dagent.dependencies.postgres.url="$POSTGRES_URL" \
    -Dagent.dependencies.postgres.critical=true \
    -Dagent.dependencies.nats.interval=5s -Dagent.dependencies.redis.interval=5s -Dagent.dependencies.postgres.interval=5s \
    "${jar[@]}" >"$1" 2>&1) &
  AGENT_PID=$!
}

stop_agent() {
  if [ -n "$AGENT_PID" ]; then
    kill "$AGENT_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$AGENT_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$AGENT_PID" 2>/dev/null || true
    wait "$AGENT_PID" 2>/dev/null || true
    AGENT_PID=""
  fi
}

# Prints the milliseconds from $1 (launch, epoch ms) until /health/ready answers 200.
wait_ready() {
  local start=$1 deadline=$(( $1 + READY_TIMEOUT_S * 1000 ))
  while [ "$(now_ms)" -lt "$deadline" ]; do
    if [ "$(curl -s -o /dev/null -m 1 -w '%{http_code}' "$BASE/health/ready" || true)" = 200 ]; then
      echo $(( $(now_ms) - start ))
      return 0
    fi
    kill -0 "$AGENT_PID" 2>/dev/null || { tail -20 "$WORK/agent.log" >&2; die "the agent exited before it was ready"; }
    sleep 0.02
  done
  die "the agent was not ready within ${READY_TIMEOUT_S}s"
}

rss_mb() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$AGENT_PID/status"; }

# Runs wrk on /health/saas and prints "req/s p50 p99 non2xx".
load() {
  local out="$WORK/wrk-$1.txt"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$BASE/health/saas" >"$out"
  cat "$out" >>"$RESULTS"
  awk '
    /^Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = $2 }
    /^ +99%/ { p99 = $2 }
    /Non-2xx or 3xx responses:/ { non2xx = $5 }
    END { printf "%s %s %s %s\n", rps, p50, p99, (non2xx == "" ? 0 : non2xx) }' "$out"
}

dependency_state() { # $1: name -> "status consecutive_failures last_error"
  curl -s -m 2 "$BASE/health/saas" | python3 -c '
import json, sys
d = json.load(sys.stdin)[sys.argv[1]]
print(d["status"], d["consecutive_failures"], d["last_error"])' "$1"
}

log "# health-bench $(date -u +%FT%TZ) on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$AGENT" = native ]; then
  log "# native executable $RUNNER (${SIZE_MB} MB, $(stat -c %y "$RUNNER" | cut -d. -f1))"
else
  log "# $(java -version 2>&1 | head -1); JAVA_OPTS='$JAVA_OPTS'; jar $(stat -c %y "$JAR" | cut -d. -f1); quarkus-app ${SIZE_MB} MB"
fi
log "# dependencies: nats $NATS_URL, postgres $POSTGRES_URL, redis 127.0.0.1:$REDIS_PORT (private)"

# ---- launch to ready, median of LAUNCHES --------------------------------------------------------
times=()
for i in $(seq 1 "$LAUNCHES"); do
  t0=$(now_ms)
  start_agent "$WORK/agent.log"
  ms=$(wait_ready "$t0")
  times+=("$ms")
  log "launch $i: ready after ${ms} ms"
  if [ "$i" -lt "$LAUNCHES" ]; then stop_agent; fi
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')

# ---- RSS idle, load with all up, load with redis paused -----------------------------------------
sleep 5 # let start-up garbage settle: "idle" is the agent probing, nobody calling it
rss_idle=$(rss_mb)
log "dependencies before load: nats=[$(dependency_state nats)] redis=[$(dependency_state redis)] postgres=[$(dependency_state postgres)]"

# An unmeasured run first (as long as a measured one), so that both measured runs meet an agent whose
# JIT has compiled the hot path and whose heap has grown to its working size: else the first run pays for both.
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "$BASE/health/saas" >/dev/null
read -r up_rps up_p50 up_p99 up_non2xx < <(load all-up)
rss_up=$(rss_mb)

kill -STOP "$REDIS_PID"
read -r paused_rps paused_p50 paused_p99 paused_non2xx < <(load redis-paused)
rss_paused=$(rss_mb)
log "redis after the paused run: [$(dependency_state redis)]"
kill -CONT "$REDIS_PID"

log ""
log "== figures =="
log "launch to ready (median of $LAUNCHES): ${median} ms   [${times[*]}]"
log "RSS idle: ${rss_idle} MB; after load (all up): ${rss_up} MB; after load (redis paused): ${rss_paused} MB"
log "  (RSS after load follows the JVM's default heap sizing; set JAVA_OPTS, e.g. -Xmx64m, to see a capped sidecar)"
log "/health/saas, all up:        ${up_rps} req/s, p50 ${up_p50}, p99 ${up_p99}, non-2xx ${up_non2xx}"
log "/health/saas, redis paused:  ${paused_rps} req/s, p50 ${paused_p50}, p99 ${paused_p99}, non-2xx ${paused_non2xx}"
log "(wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency; full wrk output in $RESULTS)"
if [ -n "$SUMMARY" ]; then
  echo "$median $rss_idle $rss_up $up_rps $up_p99 $SIZE_MB" >>"$SUMMARY"
fi

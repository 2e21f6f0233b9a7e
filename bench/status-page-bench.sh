#!/usr/bin/env bash
# Measures GET /status, the HTML page, on the packaged agent with 10 dependencies and prints its median and
# p99 (wrk, one connection: one request at a time, the latency a person's browser sees) and its throughput
# (wrk -t2 -c10), twice: with every dependency answering, and while one of them hangs (an HTTP endpoint that
# accepts the connection and never answers, 5 s probe timeout every 6 s, breaker re-opening after 1 s): the page
# must stay as fast, because it renders the last known state and never waits on a probe.
# Dependencies: the shared NATS (4222) and PostgreSQL (5432, db test), tcp checks of those, and a small HTTP
# endpoint of this script's own on a free port (answering, then hanging). Coordination none, dry-run.
# Loopback only; every wait is bounded; rerunnable. Figures also go to bench/results/.
#
# Usage: bench/status-page-bench.sh   (env: DURATION=10s; AGENT=native for target/saas-health-agent-*-runner)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
JAR=${JAR:-target/quarkus-app/quarkus-run.jar}
AGENT=${AGENT:-jvm}
WORK=$(mktemp -d /tmp/status-bench.XXXXXX)
mkdir -p bench/results
RESULTS=bench/results/status-page-bench-$(date +%Y%m%dT%H%M%S).txt
AGENT_PID=""
HTTP_PID=""

log() { printf '%s\n' "$*" | tee -a "$RESULTS"; }
die() { echo "status-page-bench: $*" >&2; exit 1; }
stop_pid() { if [ -n "$1" ]; then kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; fi; }
cleanup() { stop_pid "$AGENT_PID"; stop_pid "$HTTP_PID"; rm -rf "$WORK"; }
trap cleanup EXIT INT TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

command -v wrk >/dev/null || die "wrk is required (scripts/install-test-deps.sh installs it)"
command -v python3 >/dev/null || die "python3 is required"
if [ "$AGENT" = native ]; then
  RUNNER=$(ls target/saas-health-agent-*-runner 2>/dev/null | head -1)
  [ -n "$RUNNER" ] || die "no native executable: run scripts/native-build.sh first"
  LAUNCH=("$RUNNER")
else
  [ -f "$JAR" ] || ./mvnw -B -q package -DskipTests
  LAUNCH=(java -jar "$JAR")
fi

# The tenth dependency: answers 200 ("ok"), or accepts and never answers ("hang").
HTTP_PORT=$(free_port)
cat >"$WORK/endpoint.py" <<'PY'
import socket, sys, threading
mode, port = sys.argv[1], int(sys.argv[2])
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", port)); s.listen(64)
held = []
def serve(c):
    try:
        c.recv(4096); c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
    finally:
        c.close()
while True:
    c, _ = s.accept()
    if mode == "hang":
        held.append(c)  # never read, never answered, never closed
    else:
        threading.Thread(target=serve, args=(c,), daemon=True).start()
PY
endpoint() { stop_pid "$HTTP_PID"; python3 "$WORK/endpoint.py" "$1" "$HTTP_PORT" & HTTP_PID=$!; sleep 0.3; }
endpoint ok

AGENT_PORT=$(free_port)
BASE=http://127.0.0.1:$AGENT_PORT
props=(-Dquarkus.http.port="$AGENT_PORT" -Dagent.coordination.mode=none -Dagent.failover.mode=dry-run)
dep() { # name type url
  props+=("-Dagent.dependencies.$1.type=$2" "-Dagent.dependencies.$1.url=$3" "-Dagent.dependencies.$1.interval=200ms"
          "-Dagent.dependencies.$1.timeout=150ms")
}
dep nats nats nats://127.0.0.1:4222
dep postgres postgres postgresql://postgres@127.0.0.1:5432/test
for i in 1 2 3 4; do dep "nats-tcp-$i" tcp tcp://127.0.0.1:4222; done
for i in 1 2 3; do dep "postgres-tcp-$i" tcp tcp://127.0.0.1:5432; done
dep edge http "http://127.0.0.1:$HTTP_PORT/healthz"
props+=(-Dagent.dependencies.edge.timeout=5s -Dagent.dependencies.edge.interval=6s
        -Dagent.dependencies.edge.circuit.open-duration=1s -Dagent.dependencies.edge.circuit.max-open-duration=1s)
"${LAUNCH[@]:0:1}" "${props[@]}" "${LAUNCH[@]:1}" >"$WORK/agent.log" 2>&1 &
AGENT_PID=$!
for _ in $(seq 1 300); do
  [ "$(curl -s -o /dev/null -m 1 -w '%{http_code}' "$BASE/health/ready" || true)" = 200 ] && break
  kill -0 "$AGENT_PID" 2>/dev/null || { tail -20 "$WORK/agent.log"; die "the agent exited"; }
  sleep 0.1
done
sleep 13 # 60 results at 200 ms: every bar full

measure() { # label
  wrk -t1 -c1 -d"$DURATION" --latency "$BASE/status" >"$WORK/seq.txt"
  wrk -t2 -c10 -d"$DURATION" "$BASE/status" >"$WORK/par.txt"
  cat "$WORK/seq.txt" "$WORK/par.txt" >>"$RESULTS"
  local p50 p99 rps non2xx
  p50=$(awk '/^ +50%/ { print $2 }' "$WORK/seq.txt"); p99=$(awk '/^ +99%/ { print $2 }' "$WORK/seq.txt")
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$WORK/par.txt")
  non2xx=$(cat "$WORK/seq.txt" "$WORK/par.txt" | awk '/Non-2xx/ { n += $5 } END { print n + 0 }')
  log "$1: one at a time p50 $p50, p99 $p99; wrk -t2 -c10 ${rps} req/s; non-2xx $non2xx"
}

log "# status-page-bench $(date -u +%FT%TZ) on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), agent $AGENT"
log "# page: $(curl -s "$BASE/status" | wc -c) bytes, $(curl -s "$BASE/status" | grep -c 'class="dependency"') dependencies"
wrk -t2 -c10 -d"$DURATION" "$BASE/status" >/dev/null # warm-up (JIT)
measure "10 dependencies answering"
endpoint hang
# Wait (bounded) until the edge probe has timed out once: from then on it hangs 5 s of every 6.
for _ in $(seq 1 150); do
  curl -s "$BASE/health/saas" | python3 -c 'import json,sys; e=json.load(sys.stdin)["edge"]["last_error"] or ""; sys.exit(0 if e.startswith("timeout") else 1)' && break
  sleep 0.2
done
log "# edge while hung: $(curl -s "$BASE/health/saas" | python3 -c 'import json,sys; d=json.load(sys.stdin)["edge"]; print(d["status"], d["last_error"])')"
measure "one dependency hung"
log "# edge after: $(curl -s "$BASE/health/saas" | python3 -c 'import json,sys; d=json.load(sys.stdin)["edge"]; print(d["status"], d["consecutive_failures"], d["last_error"])')"
log "(full wrk output in $RESULTS)"

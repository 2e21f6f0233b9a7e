#!/usr/bin/env bash
# The agent's native executable beside the smallest Quarkus native app (bench/baseline/: quarkus-rest and
# quarkus-smallrye-health, nothing else, same platform and toolchain), measured in the same run because absolute
# figures differ threefold between machines. Prints, for each and as agent/baseline ratios against issue 17's bars:
#   - binary MB, reachable types and types registered for reflection, code area per origin (from the build's
#     output, kept by scripts/native-build.sh in target/native-build.log);
#   - ready: launch to the first 200 on /health/ready (baseline /q/health/ready), median of STARTS, launches
#     (the agent also without dependencies: its own start, apart from its dependencies' first answers),
#     alternated agent/baseline so both meet the same machine;
#   - RSS idle (5 s after ready), RSS and peak RSS (VmHWM) after DURATION of wrk -t2 -c20, threads, fds;
#   - req/s and p99 of /health/saas (the agent) and of /q/health/ready (the baseline) under that load;
#   - the agent's heap after load (jvm_memory_used_bytes, area heap), the figure its cap is chosen from.
# The agent probes the shared NATS (4222) and PostgreSQL (5432) and a private redis-server on a free port; the
# shared servers are only read. Coordination none, failover dry-run. Loopback only; every wait is bounded.
#
# Usage: bench/footprint.sh   (env: STARTS=10 DURATION=60s; AGENT_OPTS="-Xmx256m" overrides the heap baked into
#        the agent's binary, e.g. to see what it would take uncapped; AGENT_BIN=path another build of the agent,
#        its native-build.log and stats beside it as in target/; builds what is missing with
#        scripts/native-build.sh and NATIVE_PROJECT=bench/baseline scripts/native-build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

STARTS=${STARTS:-10}
DURATION=${DURATION:-60s}
AGENT_OPTS=${AGENT_OPTS:-}
NATS_URL=${NATS_URL:-nats://127.0.0.1:4222}
POSTGRES_URL=${POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/test}
READY_TIMEOUT_MS=30000

WORK=$(mktemp -d /tmp/footprint.XXXXXX)
mkdir -p bench/results
RESULTS=bench/results/footprint-$(date +%Y%m%dT%H%M%S).txt
PID=""
REDIS_PID=""

die() { echo "footprint: $*" >&2; exit 1; }
log() { printf '%s\n' "$*" | tee -a "$RESULTS"; }
now_ms() { date +%s%3N; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

stop() {
  if [ -n "$PID" ]; then
    kill "$PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.05; done
    kill -9 "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
    PID=""
  fi
}
cleanup() {
  stop
  if [ -n "$REDIS_PID" ]; then kill "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

for c in curl wrk redis-server redis-cli python3; do command -v "$c" >/dev/null || die "$c is required (scripts/install-test-deps.sh; apt-get install wrk)"; done

AGENT=${AGENT_BIN:-$(ls target/saas-health-agent-*-runner 2>/dev/null | head -1 || true)}
[ -n "$AGENT" ] || { scripts/native-build.sh; AGENT=$(ls target/saas-health-agent-*-runner | head -1); }
BASELINE=$(ls bench/baseline/target/*-runner 2>/dev/null | head -1 || true)
[ -n "$BASELINE" ] || { NATIVE_PROJECT=bench/baseline scripts/native-build.sh; BASELINE=$(ls bench/baseline/target/*-runner | head -1); }

REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!
for _ in $(seq 1 100); do redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && break; sleep 0.05; done
redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG || die "private redis on $REDIS_PORT did not start"

PORT=$(free_port)
launch() { # agent|agent-bare|baseline
  local deps=()
  if [ "$1" = agent ]; then
    deps=(-Dagent.dependencies.nats.type=nats -Dagent.dependencies.nats.url="$NATS_URL" -Dagent.dependencies.nats.critical=true
      -Dagent.dependencies.redis.type=redis -Dagent.dependencies.redis.url="redis://127.0.0.1:$REDIS_PORT"
      -Dagent.dependencies.redis.critical=true
      -Dagent.dependencies.postgres.type=postgres -Dagent.dependencies.postgres.url="$POSTGRES_URL"
      -Dagent.dependencies.postgres.critical=true)
  fi
  if [ "$1" = baseline ]; then
    "$BASELINE" -Dquarkus.http.port="$PORT" >"$WORK/baseline.log" 2>&1 &
  else
    # agent-bare is the agent's own start: no dependency, so ready does not wait on a first answer from PostgreSQL
    # or NATS.
    # shellcheck disable=SC2086 # AGENT_OPTS is a list of options
    "$AGENT" $AGENT_OPTS -Dquarkus.http.port="$PORT" -Dagent.coordination.mode=none -Dagent.failover.mode=dry-run \
      "${deps[@]}" >"$WORK/$1.log" 2>&1 &
  fi
  PID=$!
}
ready_path() { [ "$1" = baseline ] && echo /q/health/ready || echo /health/ready; }
load_path() { [ "$1" = agent ] && echo /health/saas || echo /q/health/ready; }

READY_MS=""
ready_ms() { # launches $1 and leaves in READY_MS the ms to the first 200 on its ready path (no subshell: PID stays set)
  local t0 url
  url=http://127.0.0.1:$PORT$(ready_path "$1")
  # A process left on the port would answer for the one launched: refuse to measure it.
  ! curl -s -o /dev/null -m 1 "$url" || die "port $PORT already answers: a process left from an earlier launch"
  t0=$(now_ms)
  launch "$1"
  while [ $(( $(now_ms) - t0 )) -lt "$READY_TIMEOUT_MS" ]; do
    if [ "$(curl -s -o /dev/null -m 1 -w '%{http_code}' "$url" || true)" = 200 ]; then READY_MS=$(( $(now_ms) - t0 )); return 0; fi
    kill -0 "$PID" 2>/dev/null || { tail -20 "$WORK/$1.log" >&2; die "$1 exited before it was ready"; }
    sleep 0.005
  done
  tail -20 "$WORK/$1.log" >&2
  die "$1 not ready within $READY_TIMEOUT_MS ms"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
status_mb() { awk -v k="$1:" '$1 == k { printf "%.1f", $2 / 1024 }' "/proc/$PID/status"; }
threads() { awk '$1 == "Threads:" { print $2 }' "/proc/$PID/status"; }
fds() { ls "/proc/$PID/fd" | wc -l; }
heap_mb() { # the agent's heap in use, from its Prometheus endpoint
  curl -s -m 2 "http://127.0.0.1:$PORT/metrics" | awk '/^jvm_memory_used_bytes\{.*area="heap"/ { s += $NF } END { printf "%.1f", s / 1048576 }'
}

# ---- build figures --------------------------------------------------------------------------------
# The builder's statistics (<name>-build-output-stats.json beside the image: reachable and reflection-registered
# types) and its printed "Top 10 origins of code area" column (kept in target/native-build.log).
stats() { # binary, json path of a count under analysis_results.types
  local json
  json=$(ls "$(dirname "$1")"/*-native-image-source-jar/*-build-output-stats.json 2>/dev/null | head -1)
  [ -n "$json" ] || { echo "?"; return; }
  python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["analysis_results"]["types"][sys.argv[2]])' "$json" "$2" 2>/dev/null || echo "?"
}
origins() { bench/code-area.sh "$(dirname "$1")/native-build.log"; }

log "# footprint $(date -u +%FT%TZ) on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
log "# agent $AGENT ($(stat -c %y "$AGENT" | cut -d. -f1)) AGENT_OPTS='$AGENT_OPTS'; baseline $BASELINE"
log "# dependencies: nats $NATS_URL, postgres $POSTGRES_URL, redis 127.0.0.1:$REDIS_PORT (private); wrk -t2 -c20 -d$DURATION"
for app in agent baseline; do
  bin=$AGENT; [ "$app" = agent ] || bin=$BASELINE
  eval "${app}_size=$(du -m "$bin" | cut -f1)"
  eval "${app}_reach=$(stats "$bin" reachable)"
  eval "${app}_refl=$(stats "$bin" reflection)"
  log "## $app code area per origin (from $(dirname "$bin")/native-build.log):"
  log "$(origins "$bin")"
done

# ---- ready, median of STARTS, alternated --------------------------------------------------------------
agent_times=()
agent_bare_times=()
baseline_times=()
for i in $(seq 1 "$STARTS"); do
  for app in agent agent-bare baseline; do
    ready_ms "$app"
    stop
    eval "${app//-/_}_times+=($READY_MS)"
  done
done
log "ready agent:    [${agent_times[*]}]"
log "ready agent, no dependencies: [${agent_bare_times[*]}]"
log "ready baseline: [${baseline_times[*]}]"
agent_ready=$(printf '%s\n' "${agent_times[@]}" | median)
bare_ready=$(printf '%s\n' "${agent_bare_times[@]}" | median)
baseline_ready=$(printf '%s\n' "${baseline_times[@]}" | median)

# ---- memory and throughput, one at a time ---------------------------------------------------------------
for app in agent baseline; do
  ready_ms "$app"
  sleep 5 # "idle": the agent probing, nobody calling it
  eval "${app}_idle=$(status_mb VmRSS)"
  # Where the idle RSS is: pages of the binary (image code and heap, clean and shared) or anonymous memory
  # (the collected heap, thread stacks, malloc).
  eval "${app}_idle_file=$(status_mb RssFile)"
  eval "${app}_idle_anon=$(status_mb RssAnon)"
  eval "${app}_idle_threads=$(threads)"
  wrk -t2 -c20 -d"$DURATION" --latency "http://127.0.0.1:$PORT$(load_path "$app")" >"$WORK/wrk-$app.txt"
  cat "$WORK/wrk-$app.txt" >>"$RESULTS"
  eval "${app}_rps=$(awk '/^Requests\/sec:/ { print $2 }' "$WORK/wrk-$app.txt")"
  eval "${app}_p99=$(awk '/^ +99%/ { print $2 }' "$WORK/wrk-$app.txt")"
  non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $5 }' "$WORK/wrk-$app.txt")
  [ -z "$non2xx" ] || log "WARNING: $app answered $non2xx non-2xx responses under load"
  eval "${app}_loaded=$(status_mb VmRSS)"
  eval "${app}_peak=$(status_mb VmHWM)"
  eval "${app}_threads=$(threads)"
  eval "${app}_fds=$(fds)"
  if [ "$app" = agent ]; then agent_heap=$(heap_mb); fi
  stop
done

ratio() { python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print('%.2fx' % (a / b) if b else '?')" "$1" "$2" 2>/dev/null || echo "?"; }
ms_of() { python3 -c "import sys,re; v=sys.argv[1]; m=re.match(r'([0-9.]+)(us|ms|s)', v); print('%.2f' % (float(m.group(1)) * {'us': 0.001, 'ms': 1, 's': 1000}[m.group(2)]))" "$1"; }
log ""
log "== figures (agent beside baseline, same run) =="
printf '%-30s %14s %14s %8s   %s\n' "" "agent" "baseline" "ratio" "issue 17 asks" | tee -a "$RESULTS"
row() { printf '%-30s %14s %14s %8s   %s\n' "$1" "$2" "$3" "$(ratio "$2" "$3")" "$4" | tee -a "$RESULTS"; }
row "binary MB" "$agent_size" "$baseline_size" "agent <= 80 MB"
row "reachable types" "$agent_reach" "$baseline_reach" ""
row "types registered (reflection)" "$agent_refl" "$baseline_refl" ""
row "ready ms (median of $STARTS)" "$agent_ready" "$baseline_ready" "<= 1.5x"
row "  without dependencies ms" "$bare_ready" "$baseline_ready" "(its own start)"
row "RSS idle MB" "$agent_idle" "$baseline_idle" "<= 1.25x"
row "  of it the binary's pages MB" "$agent_idle_file" "$baseline_idle_file" ""
row "  of it anonymous MB" "$agent_idle_anon" "$baseline_idle_anon" ""
row "threads idle" "$agent_idle_threads" "$baseline_idle_threads" ""
row "RSS after load MB" "$agent_loaded" "$baseline_loaded" "<= 1.4x"
row "peak RSS (VmHWM) MB" "$agent_peak" "$baseline_peak" ""
row "req/s (agent /health/saas)" "$agent_rps" "$baseline_rps" ">= 0.7x"
row "p99 ms" "$(ms_of "$agent_p99")" "$(ms_of "$baseline_p99")" "agent <= 5 ms"
row "threads after load" "$agent_threads" "$baseline_threads" ""
row "fds after load" "$agent_fds" "$baseline_fds" ""
log "agent heap in use after load: ${agent_heap} MB (jvm_memory_used_bytes, area heap)"
log "(wrk output and the per-origin tables in $RESULTS)"

#!/usr/bin/env bash
# Start-up work in instructions, not milliseconds: each native binary is started under valgrind's callgrind until
# its readiness path answers 200, and the instructions executed until then are printed beside the baseline's.
# Instruction counts repeat for the same binary and inputs whatever else the machine does, so two builds can be
# compared on a busy machine, where ready times in ms are noise (bench/footprint.sh measures those).
# No dependencies are configured (coordination none, failover dry-run): this is the agent's own start-up.
#
# Usage: bench/startup-instructions.sh [AGENT_BIN ...]   (default: target/*-runner; the baseline from
#        bench/baseline/target, built by bench/footprint.sh). About a minute per binary.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "startup-instructions: valgrind is required (apt-get install valgrind)" >&2; exit 2; }
BASELINE=$(ls bench/baseline/target/*-runner 2>/dev/null | head -1 || true)
[ -n "$BASELINE" ] || { echo "startup-instructions: no baseline; run bench/footprint.sh once (it builds it)" >&2; exit 2; }
[ $# -gt 0 ] || set -- $(ls target/saas-health-agent-*-runner)
WORK=$(mktemp -d /tmp/startup-ir.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

instructions() { # binary ready-path [options...]: prints the instructions executed until the first 200
  local bin=$1 path=$2 port pid; shift 2
  port=$(free_port)
  valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.%p" --dump-instr=no "$bin" "$@" -Dquarkus.http.port="$port" \
    >"$WORK/run.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do
    [ "$(curl -s -o /dev/null -m 1 -w '%{http_code}' "http://127.0.0.1:$port$path" || true)" = 200 ] && break
    sleep 0.1
  done
  callgrind_control -d "$pid" >/dev/null 2>&1 # dump the counts at ready, before the exit adds its own
  sleep 1
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  # the dump at ready is the largest "summary" (the exit's dump counts only what ran after it)
  grep -h '^summary:' "$WORK"/cg.* | awk '{ print $2 }' | sort -n | tail -1
  rm -f "$WORK"/cg.*
}

base=$(instructions "$BASELINE" /q/health/ready)
printf '%-60s %15s %8s\n' "binary" "instructions" "ratio"
printf '%-60s %15s %8s\n' "baseline $(basename "$BASELINE")" "$base" "1.00x"
for bin in "$@"; do
  n=$(instructions "$bin" /health/ready -Dagent.coordination.mode=none -Dagent.failover.mode=dry-run)
  printf '%-60s %15s %8s\n' "$bin" "$n" "$(python3 -c "print('%.2fx' % ($n / $base))")"
done

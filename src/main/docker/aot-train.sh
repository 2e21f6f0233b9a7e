#!/usr/bin/env bash
# Trains the JDK 25 AOT cache (JEP 483/514/515) of the JVM image: one start of the agent driven through what a pod
# does (ready, liveness, /health/saas, /failover, /metrics, /status while its probes run), then SIGTERM; the JVM
# writes the cache at its orderly exit. Needs only bash (HTTP over /dev/tcp, no curl in the base image) so the image
# build runs it with its own JDK, which is the one that maps the cache (a cache made by another JDK build is refused).
#
# Usage: aot-train.sh JAVA APP_DIR CACHE_FILE PORT [java options...]
#   Dockerfile.jvm:    aot-train.sh java /deployments /deployments/app.aot 18080 -XX:+UseSerialGC
#   bench/jvm-aot.sh:  the same flags, with the machine's JDK 25 and a bench directory
set -euo pipefail
JAVA=$1 APP=$2 CACHE=$3 PORT=$4
shift 4

get() { # path -> HTTP status code, or nothing when nothing answers
  local line
  exec 3<>"/dev/tcp/127.0.0.1/$PORT" 2>/dev/null || return 0
  printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$1" >&3
  IFS= read -r -t 5 line <&3 || true
  cat <&3 >/dev/null 2>&1 || true
  exec 3<&- 3>&-
  set -- $line
  echo "${2:-}"
}

# The protocols' stand-ins (io.saasagent.aot.TrainingServers, in the agent's jar, a JVM of their own that is not
# recorded): each probe type runs its answered path, its protocol's decoding as a pod's first round does, beside its
# refused one (nothing listens on port 1 of the loopback). Should they not start, the training runs the refused paths;
# AOT_TRAIN_STANDINS=0 leaves them out (bench/jvm-aot.sh measures what they bring).
NATS_PORT=1 REDIS_PORT=1 POSTGRES_PORT=1 stubs="" stubs_out=""
if [ "${AOT_TRAIN_STANDINS:-1}" = 1 ]; then
  stubs_out=$(mktemp)
  "$JAVA" -XX:TieredStopAtLevel=1 -cp "$APP/app/*" io.saasagent.aot.TrainingServers >"$stubs_out" 2>&1 &
  stubs=$!
  trap 'kill -9 "$stubs" 2>/dev/null || true; rm -f "$stubs_out"' EXIT
  for _ in $(seq 1 100); do grep -q '^nats=' "$stubs_out" && break; sleep 0.1; done
  port_of() { sed -n "s/^.*$1=\([0-9]*\).*$/\1/p" "$stubs_out"; }
  if grep -q '^nats=' "$stubs_out"; then
    NATS_PORT=$(port_of nats) REDIS_PORT=$(port_of redis) POSTGRES_PORT=$(port_of postgres)
  else
    echo "aot-train: the protocol stand-ins did not start; training the refused paths only" >&2
  fi
fi

# shellcheck disable=SC2086
"$JAVA" -XX:AOTCacheOutput="$CACHE" "$@" \
  -Dquarkus.http.port="$PORT" -Dquarkus.http.host=127.0.0.1 \
  -Dagent.coordination.mode=none -Dagent.failover.mode=dry-run \
  -Dagent.dependencies.train-nats.type=nats -Dagent.dependencies.train-nats.url="nats://127.0.0.1:$NATS_PORT" \
  -Dagent.dependencies.train-redis.type=redis -Dagent.dependencies.train-redis.url="redis://127.0.0.1:$REDIS_PORT" \
  -Dagent.dependencies.train-postgres.type=postgres -Dagent.dependencies.train-postgres.url="postgresql://postgres@127.0.0.1:$POSTGRES_PORT/test" \
  -Dagent.dependencies.train-api.type=http -Dagent.dependencies.train-api.url="http://127.0.0.1:$PORT/health/live" \
  -Dagent.dependencies.train-nats-down.type=nats -Dagent.dependencies.train-nats-down.url=nats://127.0.0.1:1 \
  -Dagent.dependencies.train-redis-down.type=redis -Dagent.dependencies.train-redis-down.url=redis://127.0.0.1:1 \
  -Dagent.dependencies.train-postgres-down.type=postgres -Dagent.dependencies.train-postgres-down.url=postgresql://postgres@127.0.0.1:1/test \
  -Dagent.dependencies.train-api-down.type=http -Dagent.dependencies.train-api-down.url=http://127.0.0.1:1/health \
  -Dagent.dependencies.train-api.interval=1s -Dagent.dependencies.train-api-down.interval=1s \
  -jar "$APP/quarkus-run.jar" &
pid=$!
trap 'kill -9 "$pid" $stubs 2>/dev/null || true; rm -f "$stubs_out"' EXIT

ready=""
for _ in $(seq 1 600); do
  [ "$(get /health/ready)" != 200 ] || { ready=yes; break; }
  kill -0 "$pid" 2>/dev/null || { echo "aot-train: the agent exited before it was ready" >&2; exit 1; }
  sleep 0.1
done
[ -n "$ready" ] || { echo "aot-train: not ready in 60 s" >&2; exit 1; }
for round in 1 2 3; do
  for path in /health/ready /health/live /health/saas /health/failover /failover /metrics /status /q/health; do
    get "$path" >/dev/null
  done
  [ "$round" = 3 ] || sleep 1.5 # the probes tick (and fail) between rounds
done

kill -TERM "$pid"
for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done # the cache is written at exit
# An agent still running after 60 s would block the wait below for ever: fail, and let the trap kill it.
! kill -0 "$pid" 2>/dev/null || { echo "aot-train: the agent did not exit within 60 s of SIGTERM" >&2; exit 1; }
[ -z "$stubs" ] || kill -9 "$stubs" 2>/dev/null || true
rm -f "$stubs_out"
trap - EXIT
wait "$pid" || true
[ -s "$CACHE" ] || { echo "aot-train: no cache written at $CACHE" >&2; exit 1; }
echo "aot-train: $(du -m "$CACHE" | cut -f1) MB AOT cache at $CACHE"

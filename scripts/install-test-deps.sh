#!/usr/bin/env bash
# Installs (only if missing) the Debian packages the test suites need and s3rver (npm, the S3-compatible
# server of the object-store tests, into ~/.cache/saas-agent/s3rver), then makes sure the shared
# loopback servers the tests may use are up: PostgreSQL 5432 (database `test`), Redis 6379 and
# NATS JetStream 4222. Idempotent and non-interactive; never stops anything.
#
# Why: a fresh machine (or CI on one) has only what the project's own files install. Run it as root;
# as another user it only checks and exits 1 with a clear message when something is missing.
#
# Note: apt packages such as bind9 or prometheus may start their own daemons on install in images
# without a policy-rc.d that forbids it. Such a system `named` (53) or `prometheus` (9090) is left
# alone: the tests start their own instances on free ports and never need those ports.
set -euo pipefail

log() { echo "install-test-deps: $*" >&2; }
is_root() { [ "$(id -u)" -eq 0 ]; }

# package -> a command it provides; a package counts as present if dpkg says so OR its command exists
# (e.g. postgresql-client-15 without the postgresql-client metapackage still gives psql).
declare -A PKG_CMD=(
  [redis-server]=redis-server
  [nats-server]=nats-server
  [postgresql]=pg_ctlcluster
  [postgresql-client]=psql
  [bind9]=named
  [bind9-utils]=named-checkconf
  [bind9-dnsutils]=dig
  [prometheus]=promtool
  [wrk]=wrk
  [kubernetes-client]=kubectl
  [curl]=curl
  [unzip]=unzip
  [maven]=mvn
  [nodejs]=node
  [npm]=npm
  [chromium]=chromium
)
PKGS=(redis-server nats-server postgresql postgresql-client bind9 bind9-utils bind9-dnsutils
      prometheus wrk kubernetes-client curl unzip maven nodejs npm chromium)

have_cmd() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/usr/bin/$1" ]; }
pkg_present() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed' || have_cmd "${PKG_CMD[$1]}"
}
pg_bin_present() { compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null; }

missing=()
for p in "${PKGS[@]}"; do
  if [ "$p" = postgresql ]; then
    { pkg_present "$p" && pg_bin_present; } || missing+=("$p")
  else
    pkg_present "$p" || missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  if ! is_root; then
    log "missing packages: ${missing[*]}"
    log "run this script as root (or: sudo apt-get install -y ${missing[*]})"
    exit 1
  fi
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Some images let packages start their daemons on install; they are harmless (tests use free ports).
  for d in named prometheus; do
    if pgrep -x "$d" >/dev/null 2>&1; then
      log "note: the package started a system '$d' daemon; left running (tests never use its port)"
    fi
  done
else
  log "all packages present"
fi

# ---- s3rver: the S3-compatible server PrivateS3 starts on a free port (Node; checks SigV4 signatures) --
S3RVER_VERSION=3.7.1
S3RVER_HOME=${S3RVER_HOME:-$HOME/.cache/saas-agent/s3rver}
if ! grep -qs "\"version\": \"$S3RVER_VERSION\"" "$S3RVER_HOME/node_modules/s3rver/package.json"; then
  log "installing s3rver $S3RVER_VERSION into $S3RVER_HOME"
  mkdir -p "$S3RVER_HOME"
  npm install --prefix "$S3RVER_HOME" --no-audit --no-fund --loglevel=error "s3rver@$S3RVER_VERSION" >/dev/null
else
  log "s3rver $S3RVER_VERSION present"
fi

# ---- shared loopback servers -------------------------------------------------------------------
port_open() { timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }
wait_port() { # name port seconds
  local i
  for ((i = 0; i < $3 * 5; i++)); do port_open "$2" && { log "$1 answers on 127.0.0.1:$2"; return 0; }; sleep 0.2; done
  log "$1 did not answer on 127.0.0.1:$2 within $3 s"; return 1
}
need_root_for() { is_root || { log "$1 is not running on 127.0.0.1:$2 and starting it needs root"; exit 1; }; }

if ! port_open 5432; then
  need_root_for PostgreSQL 5432
  log "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
fi
if ! port_open 6379; then
  need_root_for Redis 6379
  log "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi
if ! port_open 4222; then
  need_root_for NATS 4222
  log "starting NATS JetStream"
  mkdir -p /var/lib/nats-server
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log
fi
wait_port PostgreSQL 5432 30
wait_port Redis 6379 30
wait_port NATS 4222 30

# database `test` (trust auth on loopback); the port may answer a moment before logins are accepted
psql_pg() { psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -v ON_ERROR_STOP=1 -tAq "$@"; }
for ((i = 0; i < 150; i++)); do psql_pg -c 'SELECT 1' >/dev/null 2>&1 && break; sleep 0.2; done
if [ "$(psql_pg -c "SELECT 1 FROM pg_database WHERE datname = 'test'")" != 1 ]; then
  log "creating database test"
  psql_pg -c 'CREATE DATABASE test'
fi
log "ready"

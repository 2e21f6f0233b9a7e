#!/usr/bin/env bash
# Builds the native executable target/saas-health-agent-<version>-runner.
#
# With GRAALVM_HOME set (GraalVM or Mandrel 25), that toolchain builds it. Without, the toolchain of
# ../shared/native/ is assembled once into a cache directory (SAAS_AGENT_CACHE, default ~/.cache/saas-agent;
# first time about 5 min and root for apt-get, later 15-20 s) and used. Extra arguments go to Maven.
# NATIVE_PROJECT=bench/baseline builds that project (bench/footprint.sh's baseline) with the same toolchain.
# The build's output is kept in <project>/target/native-build.log: bench/footprint.sh reads the reflection
# counts and the code area per origin from it.
# Exit codes: 0 built; 3 the toolchain could not be assembled (one line says why); else the build's own.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { echo "native-build: $*" >&2; }
project=${NATIVE_PROJECT:-.}

if [ -z "${GRAALVM_HOME:-}" ]; then
  cache=${SAAS_AGENT_CACHE:-$HOME/.cache/saas-agent}/native
  tool=../shared/native/graalvm-home.sh
  [ -x "$tool" ] || { log "NATIVE TOOLCHAIN UNAVAILABLE: no GRAALVM_HOME and no $tool beside the repository"; exit 3; }
  toollog=$(mktemp)
  if ! "$tool" "$cache" >"$toollog" 2>&1; then
    log "NATIVE TOOLCHAIN UNAVAILABLE: $tool failed: $(grep -v '^\s*$' "$toollog" | tail -1)"
    exit 3
  fi
  GRAALVM_HOME=$(sed -n 's/.*GRAALVM_HOME=//p' "$toollog" | tail -1)
  rm -f "$toollog"
  [ -n "$GRAALVM_HOME" ] || { log "NATIVE TOOLCHAIN UNAVAILABLE: $tool printed no GRAALVM_HOME"; exit 3; }
fi
export GRAALVM_HOME
log "GRAALVM_HOME=$GRAALVM_HOME"

start=$(date +%s)
mkdir -p "$project/target"
./mvnw -B -ntp -f "$project/pom.xml" package -Dnative -DskipTests -Dquarkus.native.graalvm-home="$GRAALVM_HOME" "$@" \
  2>&1 | tee "$project/target/native-build.log"
if [ "$project" = . ]; then runner=$(ls target/saas-health-agent-*-runner); else runner=$(ls "$project"/target/*-runner); fi
log "built $runner: $(du -m "$runner" | cut -f1) MB in $(( $(date +%s) - start )) s"

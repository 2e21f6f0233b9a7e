#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run), in three parts:
#   1. what the tests need: Debian packages and the shared loopback servers (install-test-deps.sh);
#   2. the JVM: every unit test, then the packaged integration tests (*IT) against the JVM jar (./mvnw verify);
#   3. the native executable: scripts/native-build.sh (the toolchain is cached in ~/.cache/saas-agent between
#      runs), then the same packaged integration tests against the binary.
# The native part is required. Exit 3 means only that the native toolchain could not be assembled on this
# machine: the JVM part passed, the native part did NOT run, and this script says so and fails.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { echo "test.sh: $*" >&2; }
t0=$(date +%s)

scripts/install-test-deps.sh

# A binary left by an earlier build would be tested in place of the jar (PackagedAgent prefers it).
rm -f target/saas-health-agent-*-runner
./mvnw -B -ntp verify "$@"
t1=$(date +%s)
log "JVM part passed in $((t1 - t0)) s"

rc=0
scripts/native-build.sh || rc=$?
if [ "$rc" -eq 3 ]; then
  log "NATIVE PART DID NOT RUN: the native toolchain could not be assembled (the line above says why). The JVM part passed; the native executable was neither built nor tested. Failing."
  exit 3
elif [ "$rc" -ne 0 ]; then
  log "native build FAILED (exit $rc)"
  exit "$rc"
fi
t2=$(date +%s)
runner=$(ls target/saas-health-agent-*-runner)
log "native executable $runner built in $((t2 - t1)) s"

# Failsafe passes native.image.path (pom.xml), so PackagedAgent starts the binary.
./mvnw -B -ntp failsafe:integration-test failsafe:verify "$@"
t3=$(date +%s)
log "native integration tests passed in $((t3 - t2)) s; whole run $((t3 - t0)) s"

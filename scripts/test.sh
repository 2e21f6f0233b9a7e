#!/usr/bin/env bash
# The whole test suite, as CI runs it: install what the tests need (Debian packages, the shared
# loopback servers), then build and run every unit and integration test with Maven 3.9.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-deps.sh
exec ./mvnw -B -ntp verify "$@"

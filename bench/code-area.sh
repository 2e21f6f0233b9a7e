#!/usr/bin/env bash
# Prints the code area per origin (jar or module) of a native build, from the "Top 10 origins of code area" column
# of the image builder's output, which scripts/native-build.sh keeps in <project>/target/native-build.log.
# Usage: bench/code-area.sh [target/native-build.log]
set -euo pipefail
log=${1:-$(dirname "$0")/../target/native-build.log}
[ -f "$log" ] || { echo "code-area: no $log (build with scripts/native-build.sh)"; exit 0; }
awk '/origins of code area/ { on = 1; next }
     on && /for [0-9]+ more/ { print "    " $1, "in", $3, "more", $5; on = 0; next }
     on && /^ *[0-9.]+[kMG]B / { print "    " $1, $2; next }
     on { on = 0 }' "$log"
awk '/%\) for (code area|image heap|other data)/ { t = $0; sub(/.*%\) for /, "", t); sub(/:.*/, "", t); printf "    %s %s\n", $1, t }' "$log"

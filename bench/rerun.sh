#!/usr/bin/env bash
# First run vs fully cached second run of the titanic example, in a fresh store.
# Reports the wall time of both whole commands (JVM start included) and the ratio second/first.
# Usage: bench/rerun.sh [experiment.yaml]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exp="${1:-$root/examples/titanic/experiment.yaml}"
state="$(mktemp -d)"
trap 'rm -rf "$state"' EXIT
"$root/stimulus" stages >/dev/null   # build the CLI first so neither timed run pays for it
run() {
  local t0 t1
  t0=$(date +%s.%N)
  "$root/stimulus" run "$exp" --state "$state" --no-progress > "$state/$1.log"
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}
first=$(run first)
second=$(run second)
grep -E "invocations:" "$state/first.log" | sed 's/^/first:  /'
grep -E "invocations:" "$state/second.log" | sed 's/^/second: /'
awk -v f="$first" -v s="$second" 'BEGIN { printf "wall time: first %.1f s, second %.1f s, ratio second/first = %.3f\n", f, s, s / f }'

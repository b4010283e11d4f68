#!/usr/bin/env bash
# The all-cached example on Conductor vs the local engine, and the Conductor sweep vs a no-op workflow
# of the same shape. Starts a private local stack under a temporary state directory and stops it after.
# Usage: bench/conductor.sh [experiment.yaml] [rounds]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/java-env.sh"
experiment="$(realpath "${1:-$root/examples/titanic/experiment.yaml}")"
rounds="${2:-5}"
state="$(mktemp -d)"
"$root/mvnw" -q -ntp -DskipTests -pl bench,cli -am package >/dev/null
cleanup() { "$root/stimulus" down --state "$state" >/dev/null 2>&1 || true; rm -rf "$state"; }
trap cleanup EXIT
jar="$HOME/.m2/repository/org/conductoross/conductor-server/3.32.3/conductor-server-3.32.3-boot.jar"
extra=(); [ -f "$jar" ] && extra=(--conductor-jar "$jar")
"$root/stimulus" up --state "$state" --workers 1 "${extra[@]}"
cp="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
java -cp "$cp" -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true \
  -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  dev.stimulus.bench.ConductorBench "$state/stack/stack.json" "$experiment" "$rounds"

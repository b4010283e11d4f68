#!/usr/bin/env bash
# Builds the bench module and runs one of its main classes from the repository root.
# Usage: bench/run.sh CLASS [args...]   (CLASS without package, e.g. CacheHitBench)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/java-env.sh"
main="$1"; shift
"$root/mvnw" -q -ntp -DskipTests -pl bench -am package >/dev/null
cp="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
cd "$root"
exec java --enable-native-access=ALL-UNNAMED -cp "$cp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  "dev.stimulus.bench.$main" "$@"

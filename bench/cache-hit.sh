#!/usr/bin/env bash
# Cache-hit overhead of one invocation vs a raw S3 HEAD+GET on the same embedded server.
# Usage: bench/cache-hit.sh [rounds] [ops-per-round]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/java-env.sh"
"$root/mvnw" -q -ntp -DskipTests -pl bench -am package >/dev/null
cp="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
exec java -cp "$cp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn dev.stimulus.bench.CacheHitBench "$@"

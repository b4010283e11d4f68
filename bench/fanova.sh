#!/usr/bin/env bash
# fANOVA speed vs Optuna's FanovaImportanceEvaluator on the same trial tables (needs Debian python3-optuna).
# Usage: bench/fanova.sh [sizes, default 1000,10000] [largest size to give Optuna, default 1000]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/java-env.sh"
"$root/mvnw" -q -ntp -DskipTests -pl bench -am package >/dev/null
cp="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
cd "$root"
exec java -cp "$cp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn dev.stimulus.bench.FanovaBench "$@"

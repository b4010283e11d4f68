#!/usr/bin/env bash
# One-hot encoding and masking throughput: stimulus (TextOneHot, UniformTextMasker) vs NumPy, side by side.
# Needs Debian's python3-numpy (apt-get install -y python3-numpy).
# Usage: bench/encode.sh [rows] [length] [repeat]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/java-env.sh"
"$root/mvnw" -q -ntp -DskipTests -pl bench -am package >/dev/null
cp="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
cd "$root"
exec java -cp "$cp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn dev.stimulus.bench.EncodeBench \
  "${1:-100000}" "${2:-100}" "${3:-5}" /usr/bin/python3 bench/encode/onehot_mask.py

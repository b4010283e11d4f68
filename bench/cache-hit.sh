#!/usr/bin/env bash
# Cache-hit overhead of one invocation vs a raw S3 HEAD+GET on the same embedded server.
# Usage: bench/cache-hit.sh [rounds] [ops-per-round]
exec "$(dirname "${BASH_SOURCE[0]}")/run.sh" CacheHitBench "$@"

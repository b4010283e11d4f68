#!/usr/bin/env bash
# fANOVA speed vs Optuna's FanovaImportanceEvaluator on the same trial tables (needs Debian python3-optuna).
# Usage: bench/fanova.sh [sizes, default 1000,10000] [largest size to give Optuna, default 1000]
exec "$(dirname "${BASH_SOURCE[0]}")/run.sh" FanovaBench "$@"

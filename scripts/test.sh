#!/usr/bin/env bash
# The test command (README quick start, CI): set up, build, check layers, run every test file.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node dist/scripts/check-layers.js
mapfile -t files < <(find dist/src dist/test -name '*.test.js' ! -name '*.case.test.js' | sort)
exec node --test --test-concurrency=2 --test-timeout=300000 "${files[@]}"

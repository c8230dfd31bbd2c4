#!/usr/bin/env bash
# The test command (README quick start, CI): set up, build, check layers, run every test file.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node dist/scripts/check-layers.js
# Two files run at a time: unit and integration files first (their timing tables run beside each other, not
# beside a server), then the e2e files, the largest first (a proxy for their duration), so the tail is short
# files rather than one long e2e file running alone.
mapfile -t files < <(
  find dist/src dist/test -name '*.test.js' ! -name '*.case.test.js' ! -path 'dist/test/e2e/*' | sort
  find dist/test/e2e -name '*.test.js' ! -name '*.case.test.js' -printf '%s %p\n' | sort -rn | cut -d' ' -f2-
)
exec node --test --test-concurrency=2 --test-timeout=300000 "${files[@]}"

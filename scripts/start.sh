#!/usr/bin/env bash
# README quick start, command 1: set up, build, and run `skiff server` (flags are passed through).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >&2
exec node dist/src/cmd/skiff.js server "$@"

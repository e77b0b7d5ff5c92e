#!/bin/sh
# Prints one table of performance figures measured in this run; see scripts/bench.py. Pass --million for 1M.
set -e
exec python3 "$(dirname "$0")/bench.py" "$@"

#!/bin/sh
# make eval: scores quotex on every shared corpus with gold and prints one table.
B=${B:-build/release}
SHARED=${SHARED:-../shared}
PYTHON=${PYTHON:-/usr/bin/python3}
exec "$PYTHON" tests/eval.py "$B/quotex" "$SHARED" "$@"

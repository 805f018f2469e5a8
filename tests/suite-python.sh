#!/bin/sh
# Runs the Python binding's unittest tests (tests/test_python.py) against $B/libquotex.so and
# prints "qxt-result: P F python" from the unittest counts (skipped tests count as neither).
# Environment: B (build dir), PYTHON (default /usr/bin/python3), SHARED (shared corpora).
B=${B:-build/release}
PYTHON=${PYTHON:-/usr/bin/python3}
if [ ! -e "$B/libquotex.so" ]; then
    echo "suite-python: $B/libquotex.so is missing (run make first)"
    echo "qxt-result: 0 1 python"
    exit 1
fi
QUOTEX_LIB=$B/libquotex.so QUOTEX_BIN=$B/quotex SHARED=${SHARED:-../shared} \
    exec "$PYTHON" tests/test_python.py

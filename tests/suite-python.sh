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
# A sanitizer build of the library can only be loaded into Python with the sanitizer's
# runtime preloaded (leak reports would be Python's own, so they are off).
if nm -D "$B/libquotex.so" 2>/dev/null | grep -q ' U __asan_init'; then
    LD_PRELOAD="$(${CC:-cc} -print-file-name=libasan.so) $(${CC:-cc} -print-file-name=libubsan.so)"
    ASAN_OPTIONS=detect_leaks=0:verify_asan_link_order=0
    export LD_PRELOAD ASAN_OPTIONS
fi
QUOTEX_LIB=$B/libquotex.so QUOTEX_BIN=$B/quotex SHARED=${SHARED:-../shared} \
    exec "$PYTHON" tests/test_python.py

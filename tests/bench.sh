#!/bin/sh
# tests/bench.sh - `make bench` (issues 3 and 5): runs tests/bench.py, which does the work.
#   B=build/release sh tests/bench.sh [bench.py options]
# Expects $B/quotex and the baselines in $B/bench/ (mk/bench.mk builds both).
B=${B:-build/release}
SHARED=${SHARED:-../shared}
exec "${PYTHON:-/usr/bin/python3}" tests/bench.py --quotex "$B/quotex" --bin "$B/bench" \
    --corpus "${BENCH_CORPUS:-$SHARED/corpora/bbc_news/articles.jsonl}" "$@"

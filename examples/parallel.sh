#!/bin/sh
# examples/parallel.sh - quotex over a JSONL corpus with GNU parallel, on every core of one
# machine or, with parallel's --sshlogin, of several.
#
#   examples/parallel.sh [IN.jsonl] > OUT.jsonl        (stdin when IN is omitted)
#
# `parallel --pipe` cuts the input into blocks at line ends and feeds each block to its own
# `quotex --jsonl` process; `-k` writes the outputs in input order. Because quotex --jsonl is a
# pure filter (one line out per line in, no state between lines), the result is byte-identical
# to a single `quotex --jsonl IN` run. Each process runs one thread (-j 1): parallel supplies
# the parallelism. Environment: QUOTEX (the binary; default quotex on PATH), JOBS (processes;
# default one per core), BLOCK (block size; default 1M). Exit status: 0 when every block
# succeeded; otherwise parallel's count of failed blocks (a block with error records exits 1).
set -eu
QUOTEX=${QUOTEX:-quotex}
BLOCK=${BLOCK:-1M}
JOBS=${JOBS:-100%}
if [ $# -gt 0 ] && [ "$1" != - ]; then
    exec < "$1"
fi
exec parallel --will-cite --pipe -k --block "$BLOCK" -j "$JOBS" "$QUOTEX" --jsonl -j 1 --quiet

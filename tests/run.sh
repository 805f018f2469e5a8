#!/bin/sh
# Runs every test program given as arguments, then every tests/*.sh suite (except helpers
# listed below) and the Python tests, adds up their "qxt-result: P F" lines and ends with one
# line "N passed, N failed". Exit status 1 when anything failed or a suite crashed.
# Environment: B (build dir), SHARED, PYTHON, QX_WRAP (a command prefix such as valgrind).
B=${B:-build/release}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
for t in "$@"; do
    if ! $QX_WRAP "$t" > "$out.1" 2>&1; then
        status=1
        echo "FAILED: $t" >&2
        cat "$out.1" >&2
    fi
    grep '^qxt-result:' "$out.1" >> "$out" || echo "qxt-result: 0 1 $t (no result line)" >> "$out"
done
for s in tests/suite-*.sh; do
    [ -f "$s" ] || continue
    if ! B=$B sh "$s" > "$out.1" 2>&1; then
        status=1
        echo "FAILED: $s" >&2
        cat "$out.1" >&2
    fi
    grep '^qxt-result:' "$out.1" >> "$out" || echo "qxt-result: 0 1 $s (no result line)" >> "$out"
done
rm -f "$out.1"
awk '{p += $2; f += $3; if ($3 > 0) print "  " $0 > "/dev/stderr"} END {printf "%d passed, %d failed\n", p, f; exit (f > 0)}' "$out" || status=1
exit $status

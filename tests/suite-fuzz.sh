#!/bin/sh
# suite-fuzz.sh - replays the committed fuzz corpora (tests/fuzz/corpus/<target>/) through the
# fuzz targets built with tests/fuzz/standalone.c and the project's compiler against
# $B/libquotex.a (make's $(B)/replay/fuzz_<target> rule in mk/fuzz.mk). Every input counts
# as one test: when a replay run aborts, each input of that target is run alone to name the
# ones that break an invariant. Prints "qxt-result: P F fuzz-replay".
# Environment: B (build dir), MAKE.
B=${B:-build/release}
MAKE=${MAKE:-make}
MAKEFLAGS=$(printf '%s' "${MAKEFLAGS:-}" | sed 's/--jobserver-[a-z]*=[^ ]*//g')
export MAKEFLAGS
log=$(mktemp)
trap 'rm -f "$log"' EXIT
pass=0
fail=0
for t in extract lexicon jsonl; do
    bin=$B/replay/fuzz_$t
    dir=tests/fuzz/corpus/$t
    if ! $MAKE -s --no-print-directory B="$B" "$bin" > "$log" 2>&1; then
        cat "$log"
        echo "fuzz-replay: $t: build failed"
        fail=$((fail + 1))
        continue
    fi
    if "$bin" "$dir" > "$log" 2>&1; then
        n=$(sed -n 's/^replayed \([0-9]*\) inputs.*/\1/p' "$log")
        echo "fuzz-replay: $t: $(cat "$log")"
        pass=$((pass + ${n:-0}))
        continue
    fi
    for f in "$dir"/*; do
        if "$bin" "$f" > "$log" 2>&1; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1))
            echo "fuzz-replay: $t: FAILED on $f:"
            grep -E 'invariant broken|ERROR|runtime error|fuzz_' "$log" | head -5
        fi
    done
done
echo "qxt-result: $pass $fail fuzz-replay"
[ "$fail" -eq 0 ]

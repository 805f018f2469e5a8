#!/bin/sh
# suite-lexicons.sh - run by `make test` (tests/run.sh): lints every lexicons/en/*.txt with
# tests/lint-lexicons.sh, checks that the lint itself still rejects a broken file, and prints
# one line: "qxt-result: 1 0 lexicons" when both hold, "qxt-result: 0 1 lexicons" otherwise.
cd "$(dirname "$0")/.." || exit 1
pass=0
fail=0
if sh tests/lint-lexicons.sh lexicons/en/*.txt; then
    pass=$((pass + 1))
else
    fail=$((fail + 1))
    echo "lexicons: lint-lexicons.sh found problems (above)"
fi
# The lint must catch a bad file: unsorted, duplicate, unknown flag, no class flag.
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
printf '#!qx-lexicon 1 verbs\nsays\tsay\tinv,speech\nsaid\tsay\tinv,past,speech\nSaid\tsay\tspeech\nx\tx\tbogus\n' \
    > "$tmp/verbs.txt"
out=$(sh tests/lint-lexicons.sh "$tmp/verbs.txt")
if [ $? -eq 1 ] && [ "$(printf '%s\n' "$out" | grep -c ':[0-9]*: ')" -ge 4 ]; then
    pass=$((pass + 1))
else
    fail=$((fail + 1))
    echo "lexicons: lint-lexicons.sh accepted a broken file:"
    printf '%s\n' "$out"
fi
if [ "$fail" -eq 0 ]; then
    echo "qxt-result: 1 0 lexicons"
else
    echo "qxt-result: 0 1 lexicons"
    exit 1
fi

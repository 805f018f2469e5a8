#!/bin/sh
# suite-chaos.sh - the allocation-failure test (tests/test_chaos.c) in make test: builds the
# library with -DQXP_CHAOS under ASan + LeakSanitizer in build/chaos (`make check-chaos`) and
# runs it; test_chaos prints its own "qxt-result: P F chaos" line. A build failure counts as
# one failed test. Takes ~10 s from scratch on 2 cores, ~2 s when the build is up to date.
# Environment: B (the calling build dir; build/chaos is its sibling), MAKE.
B=${B:-build/release}
MAKE=${MAKE:-make}
# Keep the caller's variables (CC, CONFIG, ...) but not its jobserver, which is not ours.
MAKEFLAGS=$(printf '%s' "${MAKEFLAGS:-}" | sed 's/--jobserver-[a-z]*=[^ ]*//g')
export MAKEFLAGS
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
$MAKE --no-print-directory B="$B" check-chaos > "$log" 2>&1 || status=1
if grep -q '^qxt-result:' "$log"; then
    grep -v '^\(clang\|gcc\|cc\|ar\|sh\|make\)\b' "$log"  # the test's own lines
else
    cat "$log"
    echo "qxt-result: 0 1 chaos (build failed)"
fi
exit $status

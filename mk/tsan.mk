# mk/tsan.mk - `make check-tsan`: the thread test (tests/test_threads.c: 4 threads, one model)
# under ThreadSanitizer, built with clang in build/tsan (issue 6, item 4); then the CLI's
# worker pipeline (src/batch.c: ring, reclaim lists, shared read buffers) under it, -j 3 over
# tests/chunks.py's input from a file and from a pipe, each byte-identical to -j 1.
#
# setarch -R turns address randomisation off for the run: the TSan runtime of clang 14 cannot
# map its shadow memory under the larger mmap randomisation of recent kernels ("unexpected
# memory mapping"); without setarch (or where it is refused) the program runs as is.

QXT_TSAN_B := $(patsubst %/,%,$(dir $(B)))/tsan

.PHONY: check-tsan
check-tsan:
	$(MAKE) --no-print-directory CONFIG=tsan CC=clang EXTRA_CFLAGS=-fsanitize=thread \
	    LDFLAGS=-fsanitize=thread B=$(QXT_TSAN_B) $(QXT_TSAN_B)/tests/test_threads \
	    $(QXT_TSAN_B)/quotex
	@set -e; t=$$(mktemp -d); trap 'rm -rf "$$t"' EXIT; \
	norand=; if setarch "$$(uname -m)" -R true 2>/dev/null; then norand="setarch $$(uname -m) -R"; fi; \
	run() { QX_SHARED=$(SHARED) TSAN_OPTIONS="halt_on_error=1 exitcode=66 $(TSAN_OPTIONS)" $$norand "$$@"; }; \
	echo "$${norand:+$$norand }$(QXT_TSAN_B)/tests/test_threads"; \
	run $(QXT_TSAN_B)/tests/test_threads; \
	/usr/bin/python3 tests/chunks.py make "$$t/in.jsonl" fixtures/sample/article.txt; \
	run $(QXT_TSAN_B)/quotex --jsonl -j 1 --quiet "$$t/in.jsonl" > "$$t/one"; \
	run $(QXT_TSAN_B)/quotex --jsonl -j 3 --quiet "$$t/in.jsonl" > "$$t/three"; \
	/usr/bin/python3 tests/chunks.py pipe "$$t/in.jsonl" | \
	    run $(QXT_TSAN_B)/quotex --jsonl -j 3 --quiet > "$$t/pipe"; \
	cmp "$$t/one" "$$t/three"; cmp "$$t/one" "$$t/pipe"; \
	echo "qxt-result: 2 0 tsan-cli ($$(wc -l < "$$t/one") records, -j 3 from a file and a pipe)"

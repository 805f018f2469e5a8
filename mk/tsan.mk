# mk/tsan.mk - `make check-tsan`: the thread test (tests/test_threads.c: 4 threads, one model)
# under ThreadSanitizer, built with clang in build/tsan (issue 6, item 4).
#
# setarch -R turns address randomisation off for the run: the TSan runtime of clang 14 cannot
# map its shadow memory under the larger mmap randomisation of recent kernels ("unexpected
# memory mapping"); without setarch (or where it is refused) the program runs as is.

QXT_TSAN_B := $(patsubst %/,%,$(dir $(B)))/tsan

.PHONY: check-tsan
check-tsan:
	$(MAKE) --no-print-directory CONFIG=tsan CC=clang EXTRA_CFLAGS=-fsanitize=thread \
	    LDFLAGS=-fsanitize=thread B=$(QXT_TSAN_B) $(QXT_TSAN_B)/tests/test_threads
	@run() { QX_SHARED=$(SHARED) TSAN_OPTIONS="halt_on_error=1 exitcode=66 $(TSAN_OPTIONS)" "$$@"; }; \
	if setarch "$$(uname -m)" -R true 2>/dev/null; then \
	    echo "setarch -R $(QXT_TSAN_B)/tests/test_threads"; \
	    run setarch "$$(uname -m)" -R $(QXT_TSAN_B)/tests/test_threads; \
	else \
	    echo "$(QXT_TSAN_B)/tests/test_threads"; \
	    run $(QXT_TSAN_B)/tests/test_threads; \
	fi

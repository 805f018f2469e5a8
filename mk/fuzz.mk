# mk/fuzz.mk - robustness targets (issue 7):
#
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS="extract lexicon jsonl"] [FUZZ_FLAGS=-jobs=2 ...]
#       clang -fsanitize=fuzzer,address,undefined builds in build/fuzz, then runs each libFuzzer
#       target FUZZ_SECONDS with tests/fuzz/dict and its seed corpus tests/fuzz/corpus/<t>.
#       New inputs go to build/fuzz/corpus/<t> (the committed corpus is only read); crashes
#       to build/fuzz/crash/<t>/. Minimize one with
#       build/fuzz/fuzz_<t> -minimize_crash=1 -runs=100000 CRASH_FILE, and commit it to
#       tests/fuzz/corpus/<t>/ once fixed.
#   make stress            tests/stress.sh: time and peak RSS on hostile inputs at 1x/4x/16x
#   make check-chaos       tests/test_chaos.c against a -DQXP_CHAOS library (build/chaos) under
#                          ASan+LeakSanitizer: every allocation failure -> QX_ERR_NOMEM, no leak
#   $(B)/replay/fuzz_<t>   a fuzz target with tests/fuzz/standalone.c (any compiler); used by
#                          tests/suite-fuzz.sh to replay the committed corpus in make test

FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= extract lexicon jsonl
# Largest input libFuzzer makes up (bytes): large enough for nesting and multi-paragraph
# quotes, small enough to keep executions fast.
FUZZ_MAX_LEN ?= 8192
FUZZ_B       := $(patsubst %/,%,$(dir $(B)))/fuzz
CHAOS_B      := $(patsubst %/,%,$(dir $(B)))/chaos
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# Objects beyond libquotex.a that a target needs: the JSONL reader lives in the CLI (all of
# its objects but main.o).
FUZZ_CLI_OBJS := $(filter-out $(B)/obj/main.o,$(CLI_OBJS))
FUZZ_OBJS_jsonl = $(FUZZ_CLI_OBJS)

.PHONY: fuzz fuzz-build stress check-chaos

# ---- libFuzzer (clang) ------------------------------------------------------------------
# The sub-make builds the library with -fsanitize=fuzzer-no-link (coverage, no main) and
# links each target with -fsanitize=fuzzer (libFuzzer's main).
fuzz-build:
	$(MAKE) --no-print-directory CONFIG=fuzz CC=clang B=$(FUZZ_B) \
	    EXTRA_CFLAGS="-fsanitize=fuzzer-no-link -DQXP_CHECKS $(FUZZ_SAN)" LDFLAGS="$(FUZZ_SAN)" \
	    $(FUZZ_TARGETS:%=$(FUZZ_B)/fuzz_%)

$(B)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(B)/libquotex.a $(FUZZ_CLI_OBJS)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJS_$*) $(B)/libquotex.a \
	    $(LDFLAGS) $(PKG_LIBS) -lpthread

fuzz: fuzz-build
	@bad=; for t in $(FUZZ_TARGETS); do \
	    mkdir -p $(FUZZ_B)/corpus/$$t $(FUZZ_B)/crash/$$t; \
	    echo "fuzz: $$t for $(FUZZ_SECONDS) s (log: $(FUZZ_B)/fuzz_$$t.log)"; \
	    if $(FUZZ_B)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAX_LEN) \
	        -timeout=10 -rss_limit_mb=2048 -dict=tests/fuzz/dict -print_final_stats=1 \
	        -artifact_prefix=$(FUZZ_B)/crash/$$t/ $(FUZZ_FLAGS) \
	        $(FUZZ_B)/corpus/$$t tests/fuzz/corpus/$$t > $(FUZZ_B)/fuzz_$$t.log 2>&1; then \
	        grep -E '^(Done |stat::(number_of_executed_units|peak_rss_mb)|#[0-9]+: cov)' \
	            $(FUZZ_B)/fuzz_$$t.log | tail -3 | sed "s/^/fuzz: $$t: /"; \
	        n=$$(ls $(FUZZ_B)/crash/$$t | wc -l); \
	        if [ "$$n" -gt 0 ]; then echo "fuzz: $$t: $$n input(s) in $(FUZZ_B)/crash/$$t"; fi; \
	    else \
	        grep -E -A12 'invariant broken|ERROR:|runtime error' $(FUZZ_B)/fuzz_$$t.log | head -40; \
	        echo "fuzz: $$t FAILED: $$(ls -t $(FUZZ_B)/crash/$$t | head -1)"; bad="$$bad $$t"; \
	    fi; \
	done; \
	if [ -n "$$bad" ]; then echo "fuzz: failed:$$bad (inputs in $(FUZZ_B)/crash/)"; exit 1; fi

# ---- replay drivers (make test) -----------------------------------------------------------
$(B)/replay/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h tests/fuzz/standalone.c $(B)/libquotex.a \
                    $(FUZZ_CLI_OBJS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< tests/fuzz/standalone.c $(FUZZ_OBJS_$*) $(B)/libquotex.a \
	    $(LDFLAGS) $(PKG_LIBS) -lpthread

# ---- hostile inputs -----------------------------------------------------------------------
stress: $(B)/quotex
	@B=$(B) PYTHON=$(PYTHON) sh tests/stress.sh $(STRESS_ARGS)

# ---- allocation failures -------------------------------------------------------------------
check-chaos:
	@$(MAKE) --no-print-directory CONFIG=chaos B=$(CHAOS_B) \
	    EXTRA_CFLAGS="-DQXP_CHAOS $(FUZZ_SAN)" LDFLAGS="$(FUZZ_SAN)" $(CHAOS_B)/tests/test_chaos
	QX_SHARED=$(SHARED) ASAN_OPTIONS=detect_leaks=1 $(CHAOS_B)/tests/test_chaos

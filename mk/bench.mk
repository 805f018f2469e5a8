# mk/bench.mk - `make bench` (issues 3 and 5): a release build of quotex, the baseline programs
# tests/bench/*.c built with the same compiler at -O2 into $(B)/bench/, then tests/bench.sh
# (tests/bench.py): throughput, -j 2 scaling, peak RSS at 1x and 8x the corpus, splitter
# linearity and a callgrind instruction count, printed as one table with the issues' goals.
# A benchmark, never a test: it fails only if a program crashes or loses documents.
#   make bench                      N = 10 rounds (about 55 seconds)
#   make bench BENCH_RUNS=20        more runs on a noisy machine
#   make bench BENCH_PROFILE=1      also the top 15 functions of the callgrind profile
#   make bench BENCH_CALLGRIND=0    skip valgrind
BENCH_CORPUS ?= $(SHARED)/corpora/bbc_news/articles.jsonl
# 10: the -j 2 runs last about 45 ms on this 2-core VM, and the first of them after single-
# thread runs often took a fifth more cpu time (the host waking the second vCPU): four runs of
# make bench at N = 5 gave -j 2 / -j 1 = 1.48 to 1.66 on the corpus once (cpu time 1.16x to
# 1.31x -j 1's), seven at N = 10 gave 1.76 to 1.89 (cpu time 1.04x to 1.07x). Each round
# runs every 1x series three times (tests/bench.py Series.repeat) and the 8-copy series once;
# the table shows best and median.
BENCH_RUNS ?= 10
BENCH_PROGS := $(patsubst tests/bench/%.c,$(B)/bench/%,$(wildcard tests/bench/*.c))

.PHONY: bench-progs

$(B)/bench/%: tests/bench/%.c tests/bench/quote_regex.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O2 -o $@ $< $(LDFLAGS) $(PKG_LIBS)

bench-progs: $(BENCH_PROGS)

ifeq ($(CONFIG),release)
bench: $(B)/quotex $(BENCH_PROGS)
	@B=$(B) SHARED=$(SHARED) PYTHON=$(PYTHON) BENCH_CORPUS=$(BENCH_CORPUS) \
	    BENCH_RUNS=$(BENCH_RUNS) BENCH_CFLAGS="$(CFLAGS)" sh tests/bench.sh
else
# Timing a sanitizer or debug build says nothing: always measure the release configuration.
bench:
	$(MAKE) --no-print-directory CONFIG=release B=build/release bench
endif

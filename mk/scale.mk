# mk/scale.mk - `make test-scale`: quotex --jsonl as a streaming filter under GNU parallel
# (examples/parallel.sh) and Dask distributed (examples/dask_pipe.py, a LocalCluster of 2
# worker processes) over the BBC corpus; each combined output must be byte-identical to a
# single-process run. Installs parallel and python3-distributed with apt-get when they are
# missing and make runs as root; otherwise prints the command to run.
SCALE_CORPUS ?= $(SHARED)/corpora/bbc_news/articles.jsonl
# Small blocks so that the corpus (4.7 MB) is cut into many pieces: ~19 for parallel, ~10
# partitions for Dask.
SCALE_PARALLEL_BLOCK ?= 256k
SCALE_DASK_BLOCK ?= 512K

.PHONY: test-scale scale-deps

scale-deps:
	@if command -v parallel >/dev/null 2>&1 && $(PYTHON) -c 'import distributed' 2>/dev/null; then \
	    :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "test-scale: installing parallel python3-distributed"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	        parallel python3-distributed >/dev/null || exit 1; \
	else \
	    echo "test-scale: missing tools; run: sudo apt-get install parallel python3-distributed"; \
	    exit 1; \
	fi

test-scale: $(B)/quotex scale-deps
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	corpus=$(SCALE_CORPUS); \
	echo "test-scale: reference: $(B)/quotex --jsonl -j 1 $$corpus"; \
	$(B)/quotex --jsonl -j 1 --quiet "$$corpus" > $$tmp/single.jsonl; \
	echo "test-scale: GNU parallel --pipe -k --block $(SCALE_PARALLEL_BLOCK) (examples/parallel.sh)"; \
	QUOTEX=$(B)/quotex BLOCK=$(SCALE_PARALLEL_BLOCK) sh examples/parallel.sh "$$corpus" \
	    > $$tmp/parallel.jsonl; \
	echo "test-scale: Dask LocalCluster, 2 worker processes, $(SCALE_DASK_BLOCK) partitions (examples/dask_pipe.py)"; \
	$(PYTHON) examples/dask_pipe.py --quotex $(B)/quotex --workers 2 \
	    --blocksize $(SCALE_DASK_BLOCK) "$$corpus" > $$tmp/dask.jsonl 2> $$tmp/dask.err \
	    || { cat $$tmp/dask.err >&2; exit 1; }; \
	in=$$(wc -l < "$$corpus"); \
	for v in parallel dask; do \
	    n=$$(wc -l < $$tmp/$$v.jsonl); \
	    if cmp -s $$tmp/single.jsonl $$tmp/$$v.jsonl; then \
	        echo "test-scale: $$v: $$n lines for $$in input lines, identical to the single run ($$(wc -c < $$tmp/$$v.jsonl) bytes)"; \
	    else \
	        echo "test-scale: $$v: output differs from the single run ($$n lines for $$in)"; exit 1; \
	    fi; \
	done; \
	echo "test-scale: OK"

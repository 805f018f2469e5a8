# browser.mk - `make test-browser`: render the seed article's HTML view in a real browser.
#
# Installs Debian's chromium when it is missing and make runs as root (otherwise prints the
# command), writes $(B)/seed.html with `quotex --format html`, renders it headless into
# $(B)/seed.png (desktop), $(B)/seed-phone.png (phone width) and $(B)/seed.dom.html
# (--dump-dom), each run with a new empty profile; renders a copy that clicks the first
# speaker and a quote ($(B)/seed-click.dom.html); then tests/browser-check.py checks the
# rendered DOMs against ../shared/corpora/seed/gold.jsonl and prints "qxt-result: P F browser".

CHROMIUM       ?= chromium
CHROMIUM_FLAGS := --headless --no-sandbox --disable-gpu --no-first-run \
                  --disable-background-networking --disable-component-update --disable-sync \
                  --hide-scrollbars --virtual-time-budget=3000
SEED_GOLD      := $(SHARED)/corpora/seed/gold.jsonl

.PHONY: test-browser browser-deps

browser-deps:
	@if ! command -v $(CHROMIUM) >/dev/null 2>&1; then \
	    if [ "$$(id -u)" = 0 ]; then \
	        echo "installing chromium (apt-get install -y chromium)"; \
	        DEBIAN_FRONTEND=noninteractive apt-get install -y chromium || \
	        { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; } \
	        || exit 1; \
	    else \
	        echo "chromium is missing; as root run: apt-get install -y chromium" >&2; exit 1; \
	    fi; \
	fi

test-browser: all browser-deps
	$(B)/quotex --format html fixtures/sample/article.txt > $(B)/seed.html
	@set -e; url="file://$(abspath $(B))/seed.html"; \
	for shot in "seed.png 1280,1600" "seed-phone.png 400,1400"; do \
	    set -- $$shot; prof=$$(mktemp -d); \
	    $(CHROMIUM) $(CHROMIUM_FLAGS) --user-data-dir=$$prof --window-size=$$2 \
	        --screenshot=$(abspath $(B))/$$1 "$$url" >/dev/null 2>&1 || \
	        { rm -rf "$$prof"; echo "chromium failed to take $$1" >&2; exit 1; }; \
	    rm -rf "$$prof"; \
	done; \
	$(PYTHON) tests/browser-check.py --make-click $(B)/seed.html $(B)/seed-click.html; \
	for page in seed seed-click; do \
	    prof=$$(mktemp -d); \
	    $(CHROMIUM) $(CHROMIUM_FLAGS) --user-data-dir=$$prof --dump-dom \
	        "file://$(abspath $(B))/$$page.html" > $(B)/$$page.dom.html 2>/dev/null || \
	        { rm -rf "$$prof"; echo "chromium --dump-dom failed on $$page.html" >&2; exit 1; }; \
	    rm -rf "$$prof"; \
	done
	$(PYTHON) tests/browser-check.py $(B)/seed.dom.html $(SEED_GOLD) \
	    --clicked $(B)/seed-click.dom.html $(B)/seed.png $(B)/seed-phone.png

# quotex - the only build entry point (GNU make).
#
#   make            libquotex.a, libquotex.so (soname), quotex, libquotex.pc in $(B)
#   make run        build, then extract the quotes of the bundled sample article
#   make test       unit, golden, CLI and Python tests; ends with "N passed, N failed"
#   make check      the same tests under ASan+UBSan (build/asan)
#   make check-nosimd  those tests with the portable scanners instead of SSE2 (build/nosimd)
#   make eval       score every shared corpus with ../shared/eval/score.py; one table
#   make bench      throughput and memory against simple baselines (see tests/bench.sh)
#
# On a fresh Debian machine the first build installs the three -dev packages when run as
# root (apt-get), and otherwise prints the command to run.

VERSION    := 0.1.0
ABI_MAJOR  := 0
ABI_MINOR  := 1
ABI_PATCH  := 0

PREFIX     ?= /usr/local
DESTDIR    ?=
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR    ?= $(PREFIX)/share
MANDIR     ?= $(DATADIR)/man

CC        ?= cc
CONFIG    ?= release
B         ?= build/$(CONFIG)
SHARED    ?= ../shared
PYTHON    ?= /usr/bin/python3
WERROR    ?= -Werror
ifeq ($(CONFIG),release)
CFLAGS    ?= -O2 -g
else ifeq ($(CONFIG),asan)
CFLAGS    ?= -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
             -DQXP_CHECKS
LDFLAGS   += -fsanitize=address,undefined
else ifeq ($(CONFIG),nosimd)
# the portable scanners (QXP_SSE2 off, internal.h) under the sanitizers: make check-nosimd
CFLAGS    ?= -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
             -DQXP_CHECKS -DQXP_NO_SIMD
LDFLAGS   += -fsanitize=address,undefined
else
CFLAGS    ?= -O1 -g
endif

# build/config.mk holds the dependencies' flags; making it installs them when missing (see
# tests/deps.sh), and make then restarts with the flags read.
ifeq ($(filter clean help,$(MAKECMDGOALS)),)
include build/config.mk
endif
build/config.mk: tests/deps.sh
	@mkdir -p build
	@sh tests/deps.sh > $@.tmp && mv $@.tmp $@

WARN := -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wstrict-prototypes \
        -Wmissing-prototypes -Wformat=2 -Wundef -Wcast-qual -Wwrite-strings -Wvla \
        -Wimplicit-fallthrough -Wnull-dereference $(WERROR)
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -fPIC -fvisibility=hidden $(WARN) \
             -Isrc -I$(B)/gen $(PKG_CFLAGS) $(EXTRA_CFLAGS) $(CFLAGS)

LIB_SRCS := $(filter-out src/main.c src/batch.c src/view.c src/jsonl.c,$(wildcard src/*.c))
CLI_SRCS := $(wildcard src/main.c src/batch.c src/view.c src/jsonl.c)
LIB_OBJS := $(LIB_SRCS:src/%.c=$(B)/obj/%.o)
CLI_OBJS := $(CLI_SRCS:src/%.c=$(B)/obj/%.o)
LEXICONS := $(sort $(wildcard lexicons/en/*.txt))

SONAME   := libquotex.so.$(ABI_MAJOR)
SOFILE   := libquotex.so.$(ABI_MAJOR).$(ABI_MINOR).$(ABI_PATCH)

.PHONY: all run test check check-nosimd valgrind eval bench install uninstall install-check clean \
        golden-update lint-lexicons help
.DEFAULT_GOAL := all

all: $(B)/libquotex.a $(B)/$(SOFILE) $(B)/quotex $(B)/libquotex.pc

$(B)/gen/lexicons_builtin.inc: $(LEXICONS) tests/gen-lexicons.sh
	@mkdir -p $(@D)
	sh tests/gen-lexicons.sh $(LEXICONS) > $@.tmp && mv $@.tmp $@

$(B)/obj/%.o: src/%.c $(wildcard src/*.h) | $(B)/gen/lexicons_builtin.inc
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# the built-in lexicons are compiled into lexicon.o
$(B)/obj/lexicon.o: $(B)/gen/lexicons_builtin.inc

$(B)/libquotex.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(B)/$(SOFILE): $(LIB_OBJS) src/libquotex.map
	$(CC) -shared -o $@ $(LIB_OBJS) -Wl,-soname,$(SONAME) -Wl,--version-script=src/libquotex.map \
	    -Wl,--no-undefined -Wl,--as-needed $(LDFLAGS) $(PKG_LIBS) -lpthread
	ln -sf $(SOFILE) $(B)/$(SONAME)
	ln -sf $(SONAME) $(B)/libquotex.so

$(B)/quotex: $(CLI_OBJS) $(B)/libquotex.a
	$(CC) -o $@ $(CLI_OBJS) $(B)/libquotex.a $(LDFLAGS) $(PKG_LIBS) -lpthread

# rebuilt whenever the install paths change
$(B)/prefix.stamp: FORCE
	@mkdir -p $(@D); echo '$(PREFIX)|$(LIBDIR)|$(INCLUDEDIR)' | cmp -s - $@ || \
	    echo '$(PREFIX)|$(LIBDIR)|$(INCLUDEDIR)' > $@
FORCE:

$(B)/libquotex.pc: src/libquotex.pc.in Makefile $(B)/prefix.stamp
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	    -e 's|@VERSION@|$(VERSION)|' $< > $@

run: all
	$(B)/quotex --pretty fixtures/sample/article.txt

# ---- tests -------------------------------------------------------------------------------
TEST_SRCS := $(wildcard tests/test_*.c)
TEST_BINS := $(TEST_SRCS:tests/%.c=$(B)/tests/%)

$(B)/tests/%: tests/%.c tests/harness.h $(B)/libquotex.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -o $@ $< $(B)/libquotex.a $(LDFLAGS) $(PKG_LIBS) -lpthread

test: all $(TEST_BINS)
	@B=$(B) SHARED=$(SHARED) PYTHON=$(PYTHON) sh tests/run.sh $(TEST_BINS)

golden-update: all $(B)/tests/test_golden
	QX_GOLDEN_UPDATE=1 $(B)/tests/test_golden

check:
	$(MAKE) CONFIG=asan test

check-nosimd:
	$(MAKE) CONFIG=nosimd test

valgrind: all $(TEST_BINS)
	@B=$(B) SHARED=$(SHARED) PYTHON=$(PYTHON) \
	    QX_WRAP="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect" \
	    sh tests/run.sh $(TEST_BINS)

eval: all
	@B=$(B) SHARED=$(SHARED) PYTHON=$(PYTHON) sh tests/eval.sh

lint-lexicons:
	@sh tests/lint-lexicons.sh $(LEXICONS)

# ---- install -----------------------------------------------------------------------------
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR) \
	    $(DESTDIR)$(DATADIR)/quotex/lexicons/en
	install -m 755 $(B)/quotex $(DESTDIR)$(BINDIR)/quotex
	install -m 644 $(B)/libquotex.a $(DESTDIR)$(LIBDIR)/libquotex.a
	install -m 755 $(B)/$(SOFILE) $(DESTDIR)$(LIBDIR)/$(SOFILE)
	ln -sf $(SOFILE) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libquotex.so
	install -m 644 src/quotex.h $(DESTDIR)$(INCLUDEDIR)/quotex.h
	install -m 644 $(B)/libquotex.pc $(DESTDIR)$(LIBDIR)/pkgconfig/libquotex.pc
	install -m 644 $(LEXICONS) $(DESTDIR)$(DATADIR)/quotex/lexicons/en/
	for m in $(wildcard src/*.1); do install -D -m 644 $$m $(DESTDIR)$(MANDIR)/man1/$${m##*/}; done
	for m in $(wildcard src/*.3); do install -D -m 644 $$m $(DESTDIR)$(MANDIR)/man3/$${m##*/}; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/quotex $(DESTDIR)$(LIBDIR)/libquotex.* \
	    $(DESTDIR)$(LIBDIR)/pkgconfig/libquotex.pc $(DESTDIR)$(INCLUDEDIR)/quotex.h \
	    $(DESTDIR)$(MANDIR)/man1/quotex.1 $(DESTDIR)$(MANDIR)/man3/libquotex.3
	rm -rf $(DESTDIR)$(DATADIR)/quotex

clean:
	rm -rf build

help:
	@sed -n '2,12p' Makefile

# Areas maintained on their own (bench, fuzz, stress, scale, python, browser, ...).
-include $(sort $(wildcard mk/*.mk))

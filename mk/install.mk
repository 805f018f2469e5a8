# mk/install.mk - `make install-check`: installs into a staging folder, then builds and runs
# examples/extract.c against the staged tree with pkg-config alone (issue 6, item 2).
#
#   make install-check            stage in $(B)/stage with PREFIX=/usr, build, run
#
# The program is built twice: against the staged shared library (run with LD_LIBRARY_PATH set
# to the staged lib folder; the check fails if it would pick up another libquotex) and against
# the staged libquotex.a with `pkg-config --static` (Requires.private: PCRE2, utf8proc and
# Jansson linked statically too, from Debian's -dev packages). It also fails if pkg-config
# reports another version than the Makefile's, or if an installed file is missing.

QXI_STAGE := $(abspath $(B))/stage
QXI_PC     = PKG_CONFIG_SYSROOT_DIR=$(QXI_STAGE) PKG_CONFIG_PATH=$(QXI_STAGE)/usr/lib/pkgconfig \
             pkg-config

install-check:
	rm -rf $(QXI_STAGE)
	@# libquotex.pc holds PREFIX but does not depend on it: write it afresh for /usr, and
	@# remove it again afterwards so the next plain build writes it for its own PREFIX.
	rm -f $(B)/libquotex.pc
	$(MAKE) --no-print-directory install B=$(B) DESTDIR=$(QXI_STAGE) PREFIX=/usr
	rm -f $(B)/libquotex.pc
	@for f in usr/bin/quotex usr/include/quotex.h usr/lib/libquotex.a usr/lib/libquotex.so \
	    usr/lib/libquotex.so.$(ABI_MAJOR) usr/lib/$(SOFILE) usr/lib/pkgconfig/libquotex.pc \
	    usr/share/quotex/lexicons/en $(if $(wildcard src/libquotex.3),usr/share/man/man3/libquotex.3) \
	    $(if $(wildcard src/quotex.1),usr/share/man/man1/quotex.1); do \
	    test -e $(QXI_STAGE)/$$f || { echo "install-check: $$f was not installed"; exit 1; }; \
	done
	test "$$($(QXI_PC) --modversion libquotex)" = "$(VERSION)"
	$(QXI_PC) --cflags --libs libquotex
	$(CC) -std=c11 -Wall -Wextra -Werror -o $(B)/stage-extract examples/extract.c \
	    $$($(QXI_PC) --cflags libquotex) $$($(QXI_PC) --libs libquotex)
	LD_LIBRARY_PATH=$(QXI_STAGE)/usr/lib ldd $(B)/stage-extract | grep -F '$(QXI_STAGE)/usr/lib/libquotex.so.$(ABI_MAJOR)'
	LD_LIBRARY_PATH=$(QXI_STAGE)/usr/lib $(B)/stage-extract fixtures/sample/article.txt
	LD_LIBRARY_PATH=$(QXI_STAGE)/usr/lib $(B)/stage-extract fixtures/sample/article.txt \
	    $(QXI_STAGE)/usr/share/quotex/lexicons/en > /dev/null
	$(CC) -std=c11 -Wall -Wextra -Werror -o $(B)/stage-extract-static examples/extract.c \
	    $$($(QXI_PC) --cflags libquotex) -Wl,-Bstatic $$($(QXI_PC) --static --libs libquotex) -Wl,-Bdynamic
	! ldd $(B)/stage-extract-static | grep -q libquotex
	$(B)/stage-extract-static fixtures/sample/article.txt | tail -n 1
	@# The EXAMPLE of libquotex(3) must build and run too.
	sed -n '/^\.SH EXAMPLE/,/^\.SH VERSIONS/p' src/libquotex.3 | sed -n '/^\.EX/,/^\.EE/p' \
	    | sed '/^\.E[XE]$$/d; s/\\e/\\/g; s/\\-/-/g' > $(B)/stage-man-example.c
	$(CC) -std=c11 -Wall -Wextra -Werror -o $(B)/stage-man-example $(B)/stage-man-example.c \
	    $$($(QXI_PC) --cflags --libs libquotex)
	LD_LIBRARY_PATH=$(QXI_STAGE)/usr/lib $(B)/stage-man-example fixtures/sample/article.txt \
	    | grep -q 'Peskov'
	@echo "install-check: OK (staged in $(QXI_STAGE))"

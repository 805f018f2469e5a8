#!/bin/sh
# Prints the make variables for quotex's three dependencies. When one is missing it installs
# Debian's -dev packages if run as root, and otherwise says which command to run and fails.
pkgs="libpcre2-8 libutf8proc jansson"
if ! pkg-config --exists $pkgs 2>/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "quotex: installing libpcre2-dev libutf8proc-dev libjansson-dev pkg-config" >&2
        apt-get update -qq >&2 || true
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            libpcre2-dev libutf8proc-dev libjansson-dev pkg-config >&2 || exit 1
    else
        echo "quotex: missing build dependencies; run:" >&2
        echo "  sudo apt-get install libpcre2-dev libutf8proc-dev libjansson-dev pkg-config" >&2
        exit 1
    fi
fi
echo "PKG_CFLAGS := $(pkg-config --cflags $pkgs)"
echo "PKG_LIBS := $(pkg-config --libs $pkgs)"

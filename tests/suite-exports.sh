#!/bin/sh
# Checks what libquotex exports (STYLE.md section 7, check-exports):
#  1. the dynamic symbols defined by $B/libquotex.so are exactly the functions declared with
#     QX_API in src/quotex.h (nothing private leaks, nothing public is missing);
#  2. every global symbol defined in $B/libquotex.a starts with qx_ or qxp_ (no clash with the
#     programs that link it statically);
#  3. the soname is libquotex.so.<ABI major>, with ABI_MAJOR read from the Makefile, and the
#     exported symbols carry the version node of src/libquotex.map.
# Prints "qxt-result: P F exports".
B=${B:-build/release}
pass=0
fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "suite-exports: FAIL: $*"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

so=$B/libquotex.so
a=$B/libquotex.a
if [ ! -e "$so" ] || [ ! -e "$a" ]; then
    echo "suite-exports: $so or $a is missing (run make first)"
    echo "qxt-result: 0 1 exports"
    exit 1
fi

# 1. header vs .so. A declaration may span lines; its name is the identifier right before
# the first "(" after QX_API (qualifiers such as QX_NODISCARD and pointer stars come first).
awk '/^[[:space:]]*QX_API[[:space:]]/ { decl = $0; while (decl !~ /\(/ && (getline line) > 0) decl = decl " " line;
                          sub(/\(.*/, "", decl); n = split(decl, w, /[^A-Za-z0-9_]+/);
                          while (n > 0 && w[n] == "") n--; print w[n] }' src/quotex.h \
    | sort -u > "$tmp/header"
# (type A is the version node QUOTEX_0 itself, not a function)
nm -D --defined-only "$so" | awk '$2 ~ /^[A-Z]$/ && $2 != "A" { sub(/@.*/, "", $3); print $3 }' \
    | sort -u > "$tmp/so"
if [ -s "$tmp/header" ] && cmp -s "$tmp/header" "$tmp/so"; then
    ok
else
    ko "exported symbols differ from the QX_API declarations of src/quotex.h" \
       "(< header only, > library only):"
    diff "$tmp/header" "$tmp/so" | grep '^[<>]'
fi
echo "suite-exports: $(wc -l < "$tmp/header") functions in quotex.h, $(wc -l < "$tmp/so") exported"

# 2. .a globals: defined (not U), external (upper-case type letter; weak V/W too).
nm -g --defined-only "$a" 2>/dev/null | awk 'NF == 3 { print $3 }' | sort -u > "$tmp/a"
# (sanitizer builds add their own __odr_asan.* and __asan_* globals)
grep -v -E '^(qx_|qxp_|__odr_asan|__asan_|__ubsan_)' "$tmp/a" > "$tmp/bad"
if [ -s "$tmp/a" ] && [ ! -s "$tmp/bad" ]; then
    ok
else
    ko "global symbols of libquotex.a without the qx_/qxp_ prefix:"
    cat "$tmp/bad"
fi

# 3. soname and symbol version.
abi=$(sed -n 's/^ABI_MAJOR[[:space:]]*:*=[[:space:]]*\([0-9]*\).*/\1/p' Makefile)
soname=$(objdump -p "$so" | awk '$1 == "SONAME" { print $2 }')
if [ -n "$abi" ] && [ "$soname" = "libquotex.so.$abi" ]; then
    ok
else
    ko "soname is '$soname', want libquotex.so.$abi"
fi
node=$(sed -n 's/^\([A-Za-z][A-Za-z0-9_]*\)[[:space:]]*{.*/\1/p' src/libquotex.map | head -n 1)
if [ -n "$node" ] && nm -D --defined-only "$so" | grep -q "qx_extract@@$node\$"; then
    ok
else
    ko "qx_extract does not carry the version node '$node' of src/libquotex.map"
fi
# 4. The manual: src/libquotex.3 documents every function of the header and renders
# without groff warnings.
if [ -f src/libquotex.3 ]; then
    missing=$(while read -r fn; do grep -q "^\.B[IR]* .*$fn" src/libquotex.3 || echo "$fn"; done < "$tmp/header")
    if [ -z "$missing" ]; then ok; else ko "functions missing from src/libquotex.3:" $missing; fi
    if command -v groff >/dev/null 2>&1; then
        warn=$(LC_ALL=C.UTF-8 groff -t -man -ww -z src/libquotex.3 2>&1)
        if [ -z "$warn" ]; then ok; else ko "groff warnings in src/libquotex.3:"; echo "$warn" | head -n 5; fi
    fi
else
    ko "src/libquotex.3 is missing"
fi
echo "qxt-result: $pass $fail exports"
[ "$fail" = 0 ]

#!/bin/sh
# Turns lexicon files into C arrays for the built-in model: one byte array per file and a
# table of (file name, bytes, length). Usage: gen-lexicons.sh lexicons/en/*.txt > out.inc
i=0
for f in "$@"; do
    echo "static const unsigned char qxp_lexfile_$i[] = {"
    od -An -v -tx1 "$f" | sed -e 's/ *$//' -e 's/^ */0x/' -e 's/  */,0x/g' -e 's/$/,/' -e '/^0x,$/d'
    echo "0x00};"
    i=$((i + 1))
done
echo "static const struct { const char *name; const unsigned char *bytes; size_t len; } qxp_lexfiles[] = {"
i=0
for f in "$@"; do
    n=$(wc -c < "$f")
    echo "    {\"${f##*/}\", qxp_lexfile_$i, $n},"
    i=$((i + 1))
done
echo "};"

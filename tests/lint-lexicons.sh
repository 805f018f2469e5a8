#!/bin/sh
# lint-lexicons.sh - checks lexicon files: sh tests/lint-lexicons.sh lexicons/en/*.txt
#
# Each FILE must be lexicons/<lang>/<kind>.txt in the format of src/lexicon.h and STYLE.md §5:
#   - line 1 is "#!qx-lexicon 1 <kind>" with <kind> = the file name without ".txt";
#   - valid UTF-8 (and NFC, when python3 is there to check it), LF line ends, no NUL, no CR,
#     a final newline, no trailing white space, '#' comments only in column 1;
#   - entries FIELD1[<TAB>FIELD2[<TAB>FLAGS]]: one TAB between fields, FIELD1 not empty, no
#     space next to a TAB, the fields each kind expects, FLAGS a comma list of known names
#     that the kind allows (verbs: exactly one class of speech|claim|ask|write);
#   - entries sorted bytewise on the whole line (LC_ALL=C sort) and unique on FIELD1, after
#     casefolding for every kind except abbreviations, nonnames and quote_marks.
# Prints each problem as FILE:LINE: message and exits 1 if there was any (2 on bad usage).
# Needs only POSIX sh and awk; python3 (or $PYTHON), when present, adds the NFC check and
# full Unicode casefolding for the uniqueness check (awk folds ASCII and Latin-1 only).
LC_ALL=C
export LC_ALL
if [ $# -eq 0 ]; then
    echo "usage: sh tests/lint-lexicons.sh FILE..." >&2
    exit 2
fi

# One awk program checks one file; it prints problems and exits 1 if it found any.
prog='
function err(msg) { printf "%s:%d: %s\n", file, NR, msg; bad = 1 }
function fold(s,    c) {
    s = tolower(s)
    # Latin-1 capitals U+00C0..U+00DE (not U+00D7) are C3 80..9E; lower case is +0x20.
    if (s ~ /\303/) {
        for (c = 128; c <= 158; c++) {
            if (c != 151) {
                gsub(sprintf("\303%c", c), sprintf("\303%c", c + 32), s)
            }
        }
    }
    return s
}
BEGIN {
    bad = 0
    nflags = split("inv obj speech claim ask write prefix role final m f sg pl subj group " \
                   "past that noun double single number place", names, " ")
    for (i = 1; i <= nflags; i++) {
        known[names[i]] = 1
    }
    allowed["verbs"] = "inv obj past speech claim ask write that"
    allowed["phrases"] = "inv obj past speech claim ask write that noun"
    allowed["titles"] = "prefix role place m f sg pl"
    allowed["honorifics"] = "m f sg pl"
    allowed["pronouns"] = "m f sg pl subj"
    allowed["nonnames"] = ""
    allowed["given_names"] = "m f"
    allowed["groups"] = "group sg pl"
    allowed["quote_marks"] = "double single"
    allowed["abbreviations"] = "final number prefix place m f sg pl"
    n = split(allowed[kind], a, " ")
    for (i = 1; i <= n; i++) {
        ok[a[i]] = 1
    }
    casefold = (kind != "abbreviations" && kind != "nonnames" && kind != "quote_marks")
    # Kinds whose FIELD2 must be empty (KEY<TAB><TAB>FLAGS) or must hold something.
    f2empty = (kind == "titles" || kind == "honorifics" || kind == "pronouns" ||
               kind == "given_names" || kind == "groups")
    f2needed = (kind == "verbs" || kind == "phrases" || kind == "quote_marks")
    utf8 = "^([\001-\177]|[\302-\337][\200-\277]|\340[\240-\277][\200-\277]|" \
           "[\341-\354\356\357][\200-\277][\200-\277]|\355[\200-\237][\200-\277]|" \
           "\360[\220-\277][\200-\277][\200-\277]|[\361-\363][\200-\277][\200-\277][\200-\277]|" \
           "\364[\200-\217][\200-\277][\200-\277])*$"
    prev = ""
    prevline = 0
}
{
    if ($0 ~ /\r/) {
        err("carriage return (lines must end with LF only)")
        sub(/\r+$/, "")
    }
    if ($0 !~ utf8) {
        err("invalid UTF-8")
        next
    }
    if (NR == 1) {
        if ($0 !~ /^#!qx-lexicon /) {
            err("line 1 must be the magic line \"#!qx-lexicon 1 " kind "\"")
        } else if ($0 !~ /^#!qx-lexicon 1 /) {
            err("unsupported lexicon version (expected \"#!qx-lexicon 1 " kind "\")")
        } else if ($0 != "#!qx-lexicon 1 " kind) {
            err("magic line names kind \"" substr($0, 16) "\" but the file name says \"" kind "\"")
        }
        next
    }
    if ($0 ~ /[ \t]$/) {
        err("trailing white space")
    }
    if ($0 ~ /^#/ || $0 == "") {
        next
    }
    if ($0 ~ /^[ \t]/) {
        err("leading white space (comments start with # in column 1)")
        next
    }
    if ($0 ~ /[ \t]#/) {
        err("\"#\" after white space: comments are only allowed in column 1")
    }
    if ($0 ~ / \t|\t /) {
        err("space next to a TAB")
    }
    nf = split($0, fld, "\t")
    if (nf > 3) {
        err("more than 3 TAB-separated fields")
    }
    key = fld[1]
    f2 = (nf >= 2) ? fld[2] : ""
    fl = (nf >= 3) ? fld[3] : ""
    if (key == "") {
        err("empty first field")
    }
    if (kind == "nonnames") {
        if (nf > 1) {
            err("nonnames takes one word a line, no other fields")
        }
        if (key ~ / /) {
            err("nonnames takes single words (no spaces)")
        }
    }
    if (f2empty && f2 != "") {
        err("the second field must be empty for " kind " (write KEY<TAB><TAB>FLAGS)")
    }
    if (f2needed && f2 == "") {
        err("the second field (" (kind == "quote_marks" ? "closing marks" : "lemma") ") is missing")
    }
    if (nf == 3 && fl == "") {
        err("empty flags field")
    }
    # Flags: known names, allowed for this kind, no repeats, no empty items.
    delete seen
    nclass = 0
    if (fl != "") {
        n = split(fl, items, ",")
        for (i = 1; i <= n; i++) {
            g = items[i]
            if (g == "") {
                err("empty flag in \"" fl "\"")
            } else if (!(g in known)) {
                err("unknown flag \"" g "\"")
            } else if (!(g in ok)) {
                err("flag \"" g "\" does not apply to " kind)
            } else if (g in seen) {
                err("flag \"" g "\" repeated")
            }
            seen[g] = 1
            if (g == "speech" || g == "claim" || g == "ask" || g == "write") {
                nclass++
            }
        }
    }
    if (kind == "verbs" && nclass != 1) {
        err("a verb needs exactly one class flag of speech, claim, ask, write")
    }
    if (kind == "quote_marks" && !("double" in seen) && !("single" in seen)) {
        err("a quote mark pair needs the flag double or single")
    }
    if (kind == "given_names" && ("m" in seen) && ("f" in seen)) {
        err("both m and f: leave the flag out for names used for both")
    }
    # Order and uniqueness.
    if (prevline && $0 < prev) {
        err("out of order (LC_ALL=C sort): must come before line " prevline)
    }
    prev = $0
    prevline = NR
    k = casefold ? fold(key) : key
    if (k in first) {
        err("duplicate entry \"" key "\" (first on line " first[k] ")")
    } else {
        first[k] = NR
    }
}
END {
    exit bad
}
'

status=0
for f in "$@"; do
    base=${f##*/}
    kind=${base%.txt}
    if [ ! -f "$f" ] || [ ! -r "$f" ]; then
        echo "$f:0: cannot read the file"
        status=1
        continue
    fi
    case $base in
        *.txt) ;;
        *) echo "$f:0: a lexicon file name ends in .txt"; status=1; continue ;;
    esac
    case $kind in
        verbs|phrases|titles|honorifics|abbreviations|pronouns|nonnames|quote_marks|given_names|groups) ;;
        *) echo "$f:1: unknown lexicon kind \"$kind\" (from the file name)"; status=1; continue ;;
    esac
    size=$(wc -c < "$f")
    if [ "$size" -eq 0 ]; then
        echo "$f:1: empty file (line 1 must be \"#!qx-lexicon 1 $kind\")"
        status=1
        continue
    fi
    if [ "$(tr -d '\000' < "$f" | wc -c)" -ne "$size" ]; then
        echo "$f:0: NUL byte in the file"
        status=1
        continue
    fi
    if [ "$(tail -c 1 "$f" | od -An -c | tr -d ' ')" != '\n' ]; then
        echo "$f:$(($(wc -l < "$f") + 1)): no newline at the end of the file"
        status=1
    fi
    awk -v file="$f" -v kind="$kind" "$prog" "$f" || status=1
done

# NFC and full casefolding need Unicode tables: python3 has them; skip quietly without it.
py=${PYTHON:-python3}
if command -v "$py" >/dev/null 2>&1; then
    "$py" - "$@" <<'PY' || status=1
import sys, unicodedata
bad = False
for path in sys.argv[1:]:
    kind = path.rsplit('/', 1)[-1][:-4] if path.endswith('.txt') else ''
    try:
        data = open(path, 'rb').read().decode('utf-8')
    except (OSError, UnicodeDecodeError):
        continue  # reported by the awk pass
    first = {}
    def awkfold(s):  # what the awk pass folds: ASCII and Latin-1 capitals
        return ''.join(chr(ord(c) + 32) if 'A' <= c <= 'Z' or
                       ('\u00c0' <= c <= '\u00de' and c != '\u00d7') else c for c in s)
    for no, line in enumerate(data.split('\n'), 1):
        if unicodedata.normalize('NFC', line) != line:
            print(f'{path}:{no}: not in Unicode NFC')
            bad = True
        if no == 1 or not line or line.startswith('#'):
            continue
        key = line.split('\t', 1)[0]
        if kind not in ("abbreviations", "nonnames", "quote_marks"):
            k = unicodedata.normalize('NFC', key.casefold())
            if k in first and awkfold(key) != first[k][1]:
                print(f'{path}:{no}: duplicate entry "{key}" after casefolding '
                      f'(first on line {first[k][0]})')
                bad = True
            first.setdefault(k, (no, awkfold(key)))
sys.exit(1 if bad else 0)
PY
fi
exit $status

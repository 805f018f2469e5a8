#!/bin/sh
# tests/suite-cli.sh - the quotex command end to end: exit codes, stdin vs file, --id, --jsonl
# with good and malformed lines (fixtures/cli/mixed.jsonl + .expect), order and byte identity
# of -j 4 vs -j 1 on the BBC corpus, --batch over a temporary tree, --files-from, --keep,
# missing files, write errors (/dev/full), --offsets codepoints, --flat, --sentences,
# limits, signals, a record per line over a pipe before the next line, --help/--version,
# and every --help option documented in src/quotex.1.
# Prints "qxt-result: P F cli". Environment: B (build dir), SHARED, PYTHON.
B=${B:-build/release}
SHARED=${SHARED:-../shared}
PY=${PYTHON:-/usr/bin/python3}
Q=$B/quotex
FX=fixtures/cli
BBC=$SHARED/corpora/bbc_news/articles.jsonl
P=0
F=0
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

pass() { P=$((P + 1)); }
fail() { F=$((F + 1)); echo "FAIL: $*" >&2; }
# check DESC CMD...: passes when CMD succeeds.
check() {
    d=$1
    shift
    if "$@"; then pass; else fail "$d"; fi
}
# rc WANT DESC CMD...: runs CMD (output to $T/out, $T/err) and checks its exit status.
rc() {
    want=$1
    d=$2
    shift 2
    "$@" > "$T/out" 2> "$T/err"
    got=$?
    if [ "$got" = "$want" ]; then pass; else fail "$d: exit $got, want $want ($(head -c 300 "$T/err"))"; fi
}
# pycheck DESC FILE PYTHON-EXPR: evaluates a Python expression over `lines` (the file's
# lines parsed as JSON) and `raw` (its text).
pycheck() {
    d=$1
    f=$2
    expr=$3
    if "$PY" - "$f" "$expr" <<'EOF'
import json, sys
raw = open(sys.argv[1], encoding="utf-8", errors="surrogateescape").read()
lines = [json.loads(l) for l in raw.split("\n") if l != ""]
ok = eval(sys.argv[2])
sys.exit(0 if ok else 1)
EOF
    then pass; else fail "$d"; fi
}

if [ ! -x "$Q" ]; then
    echo "qxt-result: 0 1 cli ($Q not built)"
    exit 1
fi
ART=fixtures/sample/article.txt

# ---- help, version, usage errors, model errors ------------------------------------------
rc 0 "--help" "$Q" --help
check "--help lists exit codes" grep -q "Exit status" "$T/out"
cp "$T/out" "$T/help"
rc 0 "-h" "$Q" -h
rc 0 "--version" "$Q" --version
check "--version format" grep -Eq '^quotex [0-9]+\.[0-9]+\.[0-9]+ \(lexicons [0-9a-f]+\)$' "$T/out"
rc 2 "unknown option" "$Q" --no-such-option "$ART"
rc 2 "--kinds bad" "$Q" --kinds direct,bogus "$ART"
rc 2 "-j 0" "$Q" --jsonl -j 0 "$BBC"
rc 2 "--offsets bad" "$Q" --offsets words "$ART"
rc 2 "--format bad" "$Q" --format xml "$ART"
rc 2 "two files without --batch" "$Q" "$ART" "$ART"
rc 2 "--batch without paths" "$Q" --batch
rc 2 "--jsonl with --batch" "$Q" --jsonl --batch "$ART"
rc 2 "--keep id" "$Q" --jsonl --keep id "$FX/mixed.jsonl"
rc 2 "--max-input-bytes bad" "$Q" --max-input-bytes 12Q "$ART"
rc 2 "option without its value" "$Q" --id
rc 2 "html batch needs --html-dir" "$Q" --batch --format html "$ART"
rc 3 "missing lexicon dir" "$Q" --lexicons "$T/no-such-dir" "$ART"
mkdir -p "$T/lex"
printf 'this is not a lexicon\n' > "$T/lex/verbs.txt"
rc 3 "malformed lexicon" "$Q" --lexicons "$T/lex" "$ART"
check "lexicon error names the file" grep -q "verbs.txt" "$T/err"

# ---- one article: file, stdin, --id, missing file, write errors ---------------------------
rc 0 "single file" "$Q" "$ART"
pycheck "single file: one object, id = path" "$T/out" \
    "len(lines) == 1 and lines[0]['id'] == 'fixtures/sample/article.txt' and list(lines[0])[:2] == ['id', 'quotes']"
cp "$T/out" "$T/single"
rc 0 "stdin with -" sh -c "'$Q' - < '$ART'"
pycheck "stdin: id is -" "$T/out" "lines[0]['id'] == '-'"
rc 0 "stdin without a path" sh -c "'$Q' < '$ART'"
pycheck "no path: id is -" "$T/out" "lines[0]['id'] == '-'"
rc 0 "stdin with --id" sh -c "'$Q' --id=fixtures/sample/article.txt - < '$ART'"
check "stdin and file give the same record" cmp -s "$T/out" "$T/single"
rc 0 "--id on a file" "$Q" --id a17 "$ART"
pycheck "--id" "$T/out" "lines[0]['id'] == 'a17'"
rc 1 "missing file" "$Q" "$T/does-not-exist.txt"
check "missing file: message names it" grep -q "does-not-exist.txt" "$T/err"
check "missing file: nothing on stdout" test ! -s "$T/out"
rc 1 "a directory without --batch" "$Q" "$T"
if [ -w /dev/full ]; then
    rc 4 "single >/dev/full" sh -c "'$Q' '$ART' > /dev/full"
    check "write error message" grep -q "write error" "$T/err"
    rc 4 "--jsonl >/dev/full" sh -c "'$Q' --jsonl -j 2 '$FX/mixed.jsonl' > /dev/full"
    rc 4 "--help >/dev/full" sh -c "'$Q' --help > /dev/full"
fi
rc 0 "-o FILE" "$Q" -o "$T/o.json" "$ART"
check "-o: stdout empty" test ! -s "$T/out"
check "-o: file written" cmp -s "$T/o.json" "$T/single"
rc 4 "-o into a missing dir" "$Q" -o "$T/nodir/x.json" "$ART"

# ---- output shapes ------------------------------------------------------------------------
rc 0 "--pretty" "$Q" --pretty "$ART"
check "--pretty is indented" test "$(wc -l < "$T/out")" -gt 1
check "--pretty is the same JSON" "$PY" -c "import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); sys.exit(a!=b)" "$T/out" "$T/single"
rc 0 "--flat" "$Q" --flat "$ART"
cp "$T/out" "$T/flat"
pycheck "--flat: one line per quote, each with doc" "$T/flat" \
    "len(lines) == len(json.load(open('$T/single'))['quotes']) and all('doc' in l for l in lines)"
rc 0 "--sentences" "$Q" --sentences "$ART"
pycheck "--sentences: spans with text" "$T/out" \
    "len(lines) == 1 and len(lines[0]['sentences']) > 3 and all({'start','end','text'} <= set(s) for s in lines[0]['sentences'])"
rc 0 "--kinds all" "$Q" --kinds all "$ART"
pycheck "--kinds all keeps at least the default records" "$T/out" \
    "len(lines[0]['quotes']) >= len(json.load(open('$T/single'))['quotes'])"
rc 0 "--kinds direct" "$Q" --kinds direct "$ART"
pycheck "--kinds direct prints only direct" "$T/out" "all(q['kind'] == 'direct' for q in lines[0]['quotes'])"
rc 0 "--no-single-quotes" "$Q" --no-single-quotes "$ART"
rc 0 "--format text" "$Q" --format text "$ART"
rc 0 "--format html" "$Q" --format html "$ART"
check "--format html is a page" grep -qi "<html" "$T/out"

# --offsets codepoints and utf16 against byte offsets on multibyte text (fixtures/cli)
rc 0 "--offsets bytes" "$Q" --id u "$FX/utf8-article.in"
cp "$T/out" "$T/ob"
rc 0 "--offsets codepoints" "$Q" --id u --offsets codepoints "$FX/utf8-article.in"
cp "$T/out" "$T/oc"
rc 0 "--offsets utf16" "$Q" --id u --offsets=utf16 "$FX/utf8-article.in"
cp "$T/out" "$T/ou"
check "offsets convert" "$PY" - "$FX/utf8-article.in" "$T/ob" "$T/oc" "$T/ou" <<'EOF'
import json, sys
data = open(sys.argv[1], "rb").read()
b, c, u = (json.load(open(p))["quotes"] for p in sys.argv[2:5])
cp = lambda o: len(data[:o].decode("utf-8"))
u16 = lambda o: len(data[:o].decode("utf-8").encode("utf-16-le")) // 2
ok = len(b) == len(c) == len(u)
for qb, qc, qu in zip(b, c, u):
    ok &= (qc["start"], qc["end"]) == (cp(qb["start"]), cp(qb["end"]))
    ok &= (qu["start"], qu["end"]) == (u16(qb["start"]), u16(qb["end"]))
    ok &= data[qb["segments"][0][0]:qb["segments"][0][1]].decode("utf-8") in qb["text"]
sys.exit(0 if ok else 1)
EOF

# ---- --jsonl: good and malformed lines ---------------------------------------------------
rc 1 "--jsonl with bad lines exits 1" "$Q" --jsonl -j 1 "$FX/mixed.jsonl"
cp "$T/out" "$T/mixed1"
check "--jsonl: one line per input line, expected records" "$PY" - "$T/mixed1" "$FX/mixed.expect" <<'EOF'
import json, sys
out = open(sys.argv[1], encoding="utf-8").read().split("\n")
exp = open(sys.argv[2], encoding="utf-8").read().split("\n")
assert out[-1] == "" and exp[-1] == ""
ok = len(out) == len(exp)
for i, (o, e) in enumerate(zip(out[:-1], exp[:-1]), 1):
    rec = json.loads(o)
    if e.startswith("ok "):
        good = "error" not in rec and "quotes" in rec and str(rec["id"]) == e[3:]
    else:
        good = o == e
    if not good:
        print("line %d: %s\n   want %s" % (i, o, e), file=sys.stderr)
    ok &= good
sys.exit(0 if ok else 1)
EOF
rc 1 "--jsonl from stdin, -j 3" sh -c "'$Q' --jsonl -j 3 < '$FX/mixed.jsonl'"
check "stdin and -j 3 identical to the file with -j 1" cmp -s "$T/out" "$T/mixed1"
# --stats counts "Analysts" (starting a sentence) and "analysts" as one speaker, shown in
# the form counted most (batch.c speakers_merge_case)
for j in 1 2; do
    rc 0 "--stats -j $j" "$Q" --jsonl -j $j --stats "$FX/stats-case.jsonl"
    check "--stats -j $j: case variants counted as one speaker" \
        grep -q "top speakers: analysts (3), Rachel Lomax (1)$" "$T/err"
done
rc 1 "--strict-utf8 jsonl" "$Q" --jsonl --strict-utf8 "$FX/mixed.jsonl"
pycheck "--strict-utf8: the raw Latin-1 line fails" "$T/out" \
    "lines[6].get('line') == 7 and 'UTF-8' in lines[6]['error'] and 'error' not in lines[10]"
rc 1 "--keep" "$Q" --jsonl --keep url,date "$FX/mixed.jsonl"
pycheck "--keep copies url after id" "$T/out" \
    "list(lines[7])[:2] == ['id', 'url'] and lines[7]['url'] == 'https://example.com/17' and 'url' not in lines[0]"
printf '{"id":"ok","text":"Short."}\n{"id":"big","text":"%s"}\n' \
    "$(head -c 3000 /dev/zero | tr '\0' 'a')" > "$T/limit.jsonl"
rc 1 "--max-input-bytes" "$Q" --jsonl --max-input-bytes 1K "$T/limit.jsonl"
pycheck "over the limit: error record on its line" "$T/out" \
    "'error' not in lines[0] and lines[1]['line'] == 2 and 'max-input-bytes' in lines[1]['error']"
head -c 2000 /dev/zero | tr '\0' 'a' > "$T/big.txt"
rc 1 "single file over --max-input-bytes" "$Q" --max-input-bytes 1K "$T/big.txt"
rc 0 "--max-quote-bytes" "$Q" --max-quote-bytes 64 "$ART"
printf 'He said, "caf\351."\n' > "$T/latin1.txt"
rc 0 "invalid UTF-8 is data by default" "$Q" "$T/latin1.txt"
rc 1 "--strict-utf8 single" "$Q" --strict-utf8 "$T/latin1.txt"
pycheck "--strict-utf8: error record" "$T/out" "'UTF-8' in lines[0]['error']"
# a long line (1 MB, past the 64 KiB caps of many readers): no fixed line cap
"$PY" -c "import json; print(json.dumps({'id': 'long', 'text': ('He said \"yes.\" ' * 70000)}))" > "$T/long.jsonl"
rc 0 "a 1 MB line" "$Q" --jsonl "$T/long.jsonl"
pycheck "a 1 MB line gives one record" "$T/out" "len(lines) == 1 and lines[0]['id'] == 'long'"
# Articles of 1 MiB and more have their record written as it is rendered (batch.c
# stream_record, main.c): the same bytes in batch and single-file mode, in input order
# between small records with -j 1 and -j 2, and a write error still exits 4.
"$PY" - "$T/stream.jsonl" "$T/stream.txt" <<'EOF'
import json, sys
text = "\u201cWe will \\ not \"back\" down,\u201d said Jane Smith. She said talks would resume.\n\n" * 16000
open(sys.argv[2], "w", encoding="utf-8").write(text)
small = json.dumps({"id": "small", "text": "\"Yes,\" he said."})
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write(small + "\n" + json.dumps({"id": "big", "text": text}) + "\n" + small + "\n"
            + json.dumps({"id": "big2", "text": text}) + "\n" + small + "\n")
EOF
rc 0 "streamed record: single file (reference)" "$Q" --id big "$T/stream.txt"
cp "$T/out" "$T/stream.one"
for j in 1 2; do
    rc 0 "streamed record -j $j" "$Q" --jsonl -j "$j" "$T/stream.jsonl"
    check "streamed record -j $j: five lines, the big ones as in single mode" "$PY" - "$T/out" "$T/stream.one" <<'EOF'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
one = open(sys.argv[2], encoding="utf-8").read().rstrip("\n")
ok = len(lines) == 6 and lines[5] == "" and lines[1] == one and len(one) > 1000000
ok = ok and lines[3] == one.replace('"id":"big"', '"id":"big2"', 1)
ok = ok and [json.loads(l)["id"] for l in lines[:5]] == ["small", "big", "small", "big2", "small"]
sys.exit(0 if ok else 1)
EOF
done
if [ -w /dev/full ]; then
    rc 4 "streamed record >/dev/full" sh -c "'$Q' --jsonl -j 1 '$T/stream.jsonl' > /dev/full"
    rc 4 "streamed single file >/dev/full" sh -c "'$Q' '$T/stream.txt' > /dev/full"
fi

# ---- order and byte identity on the BBC corpus ---------------------------------------------
if [ -f "$BBC" ]; then
    head -n 300 "$BBC" > "$T/bbc.jsonl"
    rc 0 "bbc -j 1" "$Q" --jsonl -j 1 "$T/bbc.jsonl"
    cp "$T/out" "$T/bbc1"
    rc 0 "bbc -j 4" "$Q" --jsonl -j 4 --quiet "$T/bbc.jsonl"
    check "bbc: -j 4 byte-identical to -j 1" cmp -s "$T/out" "$T/bbc1"
    check "bbc: ids in input order" "$PY" - "$T/bbc.jsonl" "$T/bbc1" <<'EOF'
import json, sys
a = [json.loads(l)["id"] for l in open(sys.argv[1], encoding="utf-8")]
b = [json.loads(l)["id"] for l in open(sys.argv[2], encoding="utf-8")]
sys.exit(0 if a == b and len(a) == 300 else 1)
EOF
    rc 0 "bbc --stats" "$Q" --jsonl -j 2 --stats "$T/bbc.jsonl"
    check "--stats summary on stderr" grep -q "300 documents" "$T/err"
    check "--stats: stdout unchanged" cmp -s "$T/out" "$T/bbc1"
    rc 0 "--progress goes to stderr" "$Q" --jsonl --progress "$T/bbc.jsonl"
    check "--progress: stdout unchanged" cmp -s "$T/out" "$T/bbc1"
    check "--progress: a line on stderr" grep -q "docs" "$T/err"
    rc 0 "--quiet" "$Q" --jsonl --progress --quiet "$T/bbc.jsonl"
    check "--quiet: nothing on stderr" test ! -s "$T/err"
    # SIGTERM during a stream: only complete lines, exit 143 (-j 1 writes on the reading
    # thread, which takes the signal; -j N on workers, which block it)
    for j in 1 2; do
        mkfifo "$T/fifo$j"
        "$Q" --jsonl -j $j < "$T/fifo$j" > "$T/sig.out" 2> /dev/null &
        qpid=$!
        (cat "$T/bbc.jsonl"; sleep 2) > "$T/fifo$j" &
        fpid=$!
        sleep 1
        kill -TERM "$qpid"
        wait "$qpid"
        got=$?
        wait "$fpid"
        check "SIGTERM -j $j: exit 143" test "$got" = 143
        pycheck "SIGTERM -j $j: only complete lines" "$T/sig.out" \
            "raw.endswith('\n') and len(lines) <= 300" 2> /dev/null
    done
fi

# ---- the line reader's shared buffers (batch.c read_chunk) -------------------------------------
# With workers, lines held whole in a 256 KiB read buffer are processed where they are, and
# a buffer is used again once its last job is done. Lines of 100 B to 60 KB: some cross a
# buffer's end (copied), and a ring of 192 documents pins more than the 16 buffers allowed
# (the reader waits for one). From a file, and from a pipe written in 7,000-byte pieces (each
# read fills the rest of the current buffer): -j 3 byte-identical to -j 1.
"$PY" tests/chunks.py make "$T/chunks.jsonl" "$ART"
rc 0 "chunks -j 1" "$Q" --jsonl -j 1 --quiet "$T/chunks.jsonl"
cp "$T/out" "$T/chunks1"
pycheck "chunks -j 1: 400 records, none failed" "$T/out" \
    "len(lines) == 400 and all('error' not in l for l in lines) and lines[399]['id'] == 'c399'"
rc 0 "chunks -j 3" "$Q" --jsonl -j 3 --quiet "$T/chunks.jsonl"
check "chunks -j 3: byte-identical to -j 1" cmp -s "$T/out" "$T/chunks1"
rc 0 "chunks -j 3 from a pipe" sh -c "'$PY' tests/chunks.py pipe '$T/chunks.jsonl' | '$Q' --jsonl -j 3 --quiet"
check "chunks -j 3 from a pipe: byte-identical to -j 1" cmp -s "$T/out" "$T/chunks1"

# ---- --batch and --files-from --------------------------------------------------------------
D=$T/tree
mkdir -p "$D/b/sub" "$D/a" "$D/.hidden"
printf 'Article a.\n' > "$D/a/one.txt"
printf '"Yes," he said.\n' > "$D/b/sub/two.txt"
printf '{"text":"line one"}\n{"id":"L2","text":"line two"}\nnot json\n' > "$D/b/three.jsonl"
printf 'ignored\n' > "$D/b/notes.md"
printf 'hidden\n' > "$D/.hidden/h.txt"
printf 'Zed.\n' > "$D/z.txt"
rc 1 "--batch tree + missing path" "$Q" --batch -j 3 "$D" "$T/missing.txt"
check "--batch: ids, order and errors" "$PY" - "$T/out" "$D" <<'EOF'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
d = sys.argv[2]
want = [d + "/a/one.txt", d + "/b/sub/two.txt", d + "/b/three.jsonl:1", "L2",
        d + "/b/three.jsonl:3", d + "/z.txt", d.rsplit("/", 1)[0] + "/missing.txt"]
ids = [r["id"] for r in recs]
ok = ids == want
ok &= recs[4]["line"] == 3 and "error" in recs[4] and "error" in recs[6] and recs[6]["line"] is None
ok &= all("quotes" in r for i, r in enumerate(recs) if i not in (4, 6))
sys.exit(0 if ok else 1)
EOF
cp "$T/out" "$T/batch3"
rc 1 "--batch -j 1" "$Q" --batch -j 1 "$D" "$T/missing.txt"
check "--batch: -j 3 identical to -j 1" cmp -s "$T/out" "$T/batch3"
printf '%s\n\n%s\n' "$D/z.txt" "$D/a" > "$T/list"
rc 0 "--files-from" "$Q" --files-from "$T/list"
pycheck "--files-from: listed order" "$T/out" \
    "[l['id'] for l in lines] == ['$D/z.txt', '$D/a/one.txt']"
rc 0 "--files-from - with a path" sh -c "echo '$D/z.txt' | '$Q' --batch '$D/a' --files-from -"
pycheck "--files-from -: paths first, then the list" "$T/out" \
    "[l['id'] for l in lines] == ['$D/a/one.txt', '$D/z.txt']"
rc 0 "--batch --format html" "$Q" --batch --format html --html-dir "$T/html" "$D/a" "$D/z.txt"
check "html pages and index" test -f "$T/html/index.html" -a -f "$T/html/doc-000001.html" -a -f "$T/html/doc-000002.html"

# ---- limits: a PCRE2 limit hit is a warning, never a failed document ------------------------
rc 0 "--match-limit 1" "$Q" --match-limit 1 fixtures/quotes/markup.txt
check "--match-limit 1: warning in the record" grep -q "PCRE2 limit reached" "$T/out"
rc 0 "--max-nesting 1" "$Q" --kinds all --max-nesting 1 fixtures/quotes/nesting.txt

# ---- UTF-16 input is refused with a clear message ------------------------------------------
printf '\377\376"\000H\000i\000"\000' > "$T/u16.txt"
rc 1 "UTF-16 input: exit 1" "$Q" "$T/u16.txt"
check "UTF-16 input: the error says so" grep -q "UTF-16" "$T/out"

# ---- a stream filter answers each line before the next one comes (batch.h QXB_OUT_BUFFER):
# a line goes in through a pipe, its record must come out while quotex waits for more -------
for j in 1 2; do
    check "--jsonl -j $j over a pipe: each record before the next line" "$PY" - "$Q" "$j" <<'EOF'
import json, select, subprocess, sys
q = subprocess.Popen([sys.argv[1], "--jsonl", "-j", sys.argv[2], "--quiet"],
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
ok = True
for i in range(3):
    q.stdin.write(json.dumps({"id": i, "text": '"Yes," she said.'}).encode() + b"\n")
    q.stdin.flush()
    r, _, _ = select.select([q.stdout], [], [], 10)
    ok = ok and bool(r) and json.loads(q.stdout.readline())["id"] == str(i)
q.stdin.close()
ok = ok and q.stdout.read() == b"" and q.wait(20) == 0
sys.exit(0 if ok else 1)
EOF
done

# ---- the man page documents every option of --help -----------------------------------------
if [ -f src/quotex.1 ]; then
    sed 's/\\-/-/g' src/quotex.1 > "$T/man"
    missing=""
    for o in $(grep -Eo -- '--[a-z0-9][a-z0-9-]*|(^|[ ,])-[a-zA-Z]([ ,]|$)' "$T/help" | tr -d ' ,' | sort -u); do
        grep -q -- "$o" "$T/man" || missing="$missing $o"
    done
    check "options missing from quotex.1:$missing" test -z "$missing"
else
    fail "src/quotex.1 missing"
fi

echo "qxt-result: $P $F cli"
[ "$F" = 0 ]

#!/bin/sh
# Validates quotex's output against schemas/quote-record.schema.json (issue 8, item 5).
# Runs $B/quotex over the shared corpora (seed, textacy_tests, litbank, the first 200
# bbc_news lines, the golden rules) in --jsonl mode with each output shape (document
# records in each --offsets unit, --flat, --sentences, error records) and validates every
# record with Debian's python3-jsonschema (installed with apt-get when missing and root;
# otherwise the suite is skipped with the command to run). Besides the schema it checks what
# a schema cannot say: one output line per input line, start <= end, segments in order and
# inside [start, end]. It also checks that the schema rejects broken records.
# Prints "qxt-result: P F schema". Environment: B, SHARED, PYTHON.
B=${B:-build/release}
SHARED=${SHARED:-../shared}
PYTHON=${PYTHON:-/usr/bin/python3}
Q=$B/quotex
if [ ! -x "$Q" ]; then
    echo "suite-schema: $Q is missing (run make first)"
    echo "qxt-result: 0 1 schema"
    exit 1
fi
if ! "$PYTHON" -c 'import jsonschema' 2>/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "suite-schema: installing python3-jsonschema"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -qq python3-jsonschema >/dev/null 2>&1 ||
            { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq python3-jsonschema >/dev/null; }
    fi
    if ! "$PYTHON" -c 'import jsonschema' 2>/dev/null; then
        echo "suite-schema: SKIPPED: python3-jsonschema is missing; run:"
        echo "  sudo apt-get install python3-jsonschema"
        echo "qxt-result: 0 0 schema"
        exit 0
    fi
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
C=$SHARED/corpora
status=0
# run NAME SHAPE INPUT QUOTEX-ARGS...: output in $tmp/NAME.SHAPE.out, input lines counted.
run() {
    name=$1 shape=$2 input=$3
    shift 3
    if [ ! -f "$input" ]; then
        echo "suite-schema: no $input; $name skipped"
        return
    fi
    "$Q" "$@" "$input" > "$tmp/$name.$shape.out" 2> "$tmp/$name.err"
    echo "$?" > "$tmp/$name.$shape.rc"
    cp "$input" "$tmp/$name.$shape.in"
}
run seed document "$C/seed/gold.jsonl" --jsonl --kinds all
run seed-cp document "$C/seed/gold.jsonl" --jsonl --kinds all --offsets codepoints
run sample single fixtures/sample/article.txt --kinds all
run textacy document "$C/textacy_tests/dev.jsonl" --jsonl --kinds all --offsets utf16
run litbank document "$C/litbank/dev.jsonl" --jsonl --offsets codepoints
if [ -f "$C/bbc_news/articles.jsonl" ]; then
    head -n 200 "$C/bbc_news/articles.jsonl" > "$tmp/bbc200.jsonl"
    run bbc200 document "$tmp/bbc200.jsonl" --jsonl --kinds all
    run bbc200 flat "$tmp/bbc200.jsonl" --jsonl --flat --kinds all
fi
run seed flat "$C/seed/gold.jsonl" --jsonl --flat --kinds all
run textacy flat "$C/textacy_tests/dev.jsonl" --jsonl --flat --kinds all
run golden sentences "$C/golden_rules/en.jsonl" --jsonl --sentences
run litbank sentences "$C/litbank/dev.jsonl" --jsonl --sentences --offsets codepoints
printf '%s\n' '{"id": "ok", "text": "He said: \"Yes.\""}' 'not json' '{"id": 5}' \
    '{"text": "No id here."}' '[1, 2]' > "$tmp/bad.jsonl"
run bad mixed "$tmp/bad.jsonl" --jsonl

"$PYTHON" - "$tmp" schemas/quote-record.schema.json <<'PY' || status=1
import copy, glob, json, os, sys
import jsonschema

tmp, schema_path = sys.argv[1], sys.argv[2]
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
cls = getattr(jsonschema, "Draft202012Validator", None) or jsonschema.Draft7Validator
passed = failed = 0

def result(ok, what, details=()):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("suite-schema: FAIL: " + what)
        for d in list(details)[:5]:
            print("    " + d)

try:
    cls.check_schema(schema)
    result(True, "schema")
except jsonschema.exceptions.SchemaError as e:
    result(False, "the schema itself is invalid: %s" % e.message)
    print("qxt-result: %d %d schema" % (passed, failed))
    sys.exit(1)

def validator(shape):
    # The whole schema with its top-level oneOf narrowed to the shape the mode must print.
    s = copy.deepcopy(schema)
    if shape is not None:
        s["oneOf"] = [{"$ref": "#/$defs/" + d} for d in shape]
    return cls(s)

anyshape = validator(None)
shapes = {
    "document": validator(["document", "error"]), "single": validator(["document"]),
    "flat": validator(["flat", "error"]), "sentences": validator(["sentences", "error"]),
    "mixed": validator(["document", "error"]),
}

def span_problems(rec):
    out = []
    def span(o, where):
        if isinstance(o, dict) and isinstance(o.get("start"), int) and isinstance(o.get("end"), int):
            if o["start"] > o["end"]:
                out.append("%s: start %d > end %d" % (where, o["start"], o["end"]))
    quotes = rec.get("quotes", [rec] if "doc" in rec else [])
    for i, q in enumerate(quotes):
        span(q, "quote %d" % i)
        prev = q.get("start", 0)
        for s, e in q.get("segments", []):
            if not (prev <= s <= e <= q.get("end", e)):
                out.append("quote %d: segment [%d, %d] out of order or outside" % (i, s, e))
            prev = e
        for k in ("speaker_mention", "cue", "addressee"):
            span(q.get(k), "quote %d %s" % (i, k))
    for i, s in enumerate(rec.get("sentences", [])):
        span(s, "sentence %d" % i)
    return out

records = {}
for out in sorted(glob.glob(os.path.join(tmp, "*.out"))):
    base = os.path.basename(out)[:-4]
    name, shape = base.rsplit(".", 1)
    with open(out, encoding="utf-8") as f:
        lines = [l for l in f.read().split("\n") if l]
    with open(os.path.join(tmp, base + ".rc")) as f:
        rc = int(f.read())
    with open(os.path.join(tmp, base + ".in"), encoding="utf-8", errors="replace") as f:
        n_in = sum(1 for l in f if l.strip())
    problems, recs = [], []
    for n, line in enumerate(lines, 1):
        try:
            rec = json.loads(line)
        except ValueError as e:
            problems.append("line %d: not JSON: %s" % (n, e))
            continue
        recs.append(rec)
        for e in shapes[shape].iter_errors(rec):
            problems.append("line %d: %s at /%s" % (n, e.message[:200],
                                                    "/".join(map(str, e.absolute_path))))
        problems += ["line %d: %s" % (n, p) for p in span_problems(rec)]
    records[base] = recs
    result(lines and not problems, "%s: %d records do not all validate" % (base, len(lines)),
           problems)
    if shape in ("document", "sentences", "mixed"):
        result(len(lines) == n_in, "%s: %d output lines for %d input lines" % (base, len(lines), n_in))
    want_rc = 1 if shape == "mixed" else 0
    result(rc == want_rc, "%s: exit code %d, want %d" % (base, rc, want_rc))
    print("suite-schema: %-22s %5d records, %d problems" % (base, len(lines), len(problems)))

bad = records.get("bad.mixed", [])
# bad.jsonl: a good line, not JSON, no "text" (id 5), a good line without id, not an object.
shape = ["quotes" if "quotes" in r else "error" if "error" in r else "?" for r in bad]
result(shape == ["quotes", "error", "error", "quotes", "error"],
       "bad.mixed: want document, error, error, document, error records, got %s" % shape,
       [json.dumps(r) for r in bad])
if len(bad) == 5:
    result([r.get("line") for r in bad] == [None, 2, 3, None, 5] and bad[2]["id"] == "5"
           and bad[3]["id"] is None,
           "error records: line numbers 2, 3, 5; ids \"5\" and null", [json.dumps(r) for r in bad])

# The schema is not vacuous: it rejects broken records.
docs = [r for recs in records.values() for r in recs if r.get("quotes")]
if docs:
    good = docs[0]
    def broken(change):
        r = copy.deepcopy(good)
        change(r)
        return r
    cases = {
        "no quotes": broken(lambda r: r.pop("quotes")),
        "score 101": broken(lambda r: r["quotes"][0].update(score=101)),
        "kind gossip": broken(lambda r: r["quotes"][0].update(kind="gossip")),
        "negative start": broken(lambda r: r["quotes"][0].update(start=-1)),
        "segment of 3": broken(lambda r: r["quotes"][0].update(segments=[[1, 2, 3]])),
        "no segments": broken(lambda r: r["quotes"][0].update(segments=[])),
        "speaker 5": broken(lambda r: r["quotes"][0].update(speaker=5)),
        "cue without lemma": broken(lambda r: r["quotes"][0].update(cue={"start": 0, "end": 1, "text": "x"})),
        "no speaker key": broken(lambda r: r["quotes"][0].pop("speaker")),
        "error and quotes": broken(lambda r: r.update(error="x")),
        "numeric id": broken(lambda r: r.update(id=5)),
    }
    wrong = [k for k, r in cases.items() if anyshape.is_valid(r)]
    result(not wrong, "the schema accepts broken records: " + ", ".join(wrong))
else:
    result(False, "no document record with quotes to mutate")
print("qxt-result: %d %d schema" % (passed, failed))
sys.exit(1 if failed else 0)
PY
exit $status

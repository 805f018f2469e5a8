#!/bin/sh
# suite-view.sh - the human views without a browser: `quotex --format text` and
# `--format html` on the sample article and on tricky inputs (empty text, <script> and & in
# the text, unclosed and mismatched marks, invalid UTF-8, control characters). Checks that
# the HTML is well-formed (balanced tags, python3 html.parser), self-contained (no external
# script, style, font or image) and escaped (the input's markup stays text); that the page
# highlights exactly the quotes of the JSON output with their speakers; that piped output,
# and NO_COLOR on a terminal, carry no escape codes while a terminal gets colors; and, when
# the CLI has --html-dir, that batch mode writes one page per document and an index linking
# them. Prints "qxt-result: P F view".
# Environment: B (build dir), PYTHON.
B=${B:-build/release}
PYTHON=${PYTHON:-/usr/bin/python3}
Q=$B/quotex
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
# t DESCRIPTION COMMAND...: one check, passed when the command succeeds.
t() {
    d=$1
    shift
    if "$@"; then ok; else bad "$d"; fi
}
has_esc() { LC_ALL=C grep -q "$(printf '\033')" "$1"; }
no_esc() { ! has_esc "$1"; }

if [ ! -x "$Q" ]; then
    echo "FAIL: $Q not built"
    echo "qxt-result: 0 1 view"
    exit 1
fi

# ---- the checker: well-formed, self-contained, escaped, consistent with the JSON ---------
cat > "$tmp/check.py" <<'EOF'
import html.parser, json, re, sys, unicodedata
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}

class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.scripts, self.data = [], [], 0, []
        self.quotes, self.external, self.doctype = {}, [], False
    def handle_decl(self, decl):
        self.doctype = self.doctype or decl.lower() == "doctype html"
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self.scripts += 1
        for k in ("src", "srcset", "poster", "data"):
            if k in a:
                self.external.append("%s %s=%r" % (tag, k, a[k]))
        if tag == "link" or (tag == "a" and "href" in a and not sys.argv[1] == "index"):
            self.external.append(tag)
        q = a.get("data-q") if "qx-quote" in (a.get("class") or "").split() else None
        if q is not None and q not in self.quotes:
            self.quotes[q] = {"speaker": a.get("data-speaker"), "text": []}
        if tag not in VOID:
            self.stack.append((tag, q))
    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.errors.append("self-closing <%s/>" % tag)
            self.stack.pop()
    def handle_endtag(self, tag):
        if tag in VOID:
            self.errors.append("end tag </%s> of a void element" % tag)
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append("</%s> closes <%s>" % (tag, self.stack[-1][0] if self.stack else "nothing"))
            return
        _, q = self.stack.pop()
        if q is not None:
            self.quotes[q]["text"].append("\x00")
    def handle_data(self, data):
        self.data.append(data)
        for _, q in self.stack:
            if q is not None:
                self.quotes[q]["text"].append(data)

def norm(s):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()

mode, page_file = sys.argv[1], sys.argv[2]
raw = open(page_file, "rb").read()
problems = []
try:
    src = raw.decode("utf-8")
except UnicodeDecodeError as e:
    print("not UTF-8: %s" % e)
    sys.exit(1)
p = Page()
p.feed(src)
p.close()
problems += p.errors
if p.stack:
    problems.append("unclosed at the end: %s" % [t for t, _ in p.stack])
if not p.doctype:
    problems.append("no <!DOCTYPE html>")
if p.scripts != (1 if mode != "index" else 0):
    problems.append("%d <script> elements" % p.scripts)
if p.external:
    problems.append("external resources: %s" % p.external)
if re.search(r"@import|url\(|@font-face", src):
    problems.append("CSS fetches something")
if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", src):
    problems.append("raw control characters in the page")
text = "".join(p.data)
if mode == "page":
    # argv[3]: the input text, which must survive as text (markup escaped, not parsed);
    # argv[4]: the JSON record, whose quotes must be exactly the highlighted ones.
    inp = open(sys.argv[3], "rb").read().decode("utf-8", "replace")
    for frag in re.findall(r"<[a-z/][^<>\n]*>|&\w+;?", inp):
        if frag not in text:
            problems.append("input markup %r not shown as text" % frag)
    rec = json.load(open(sys.argv[4], encoding="utf-8"))
    want = sorted((norm(q["text"]), q["speaker"]) for q in rec["quotes"])
    got = sorted((norm(" ".join("".join(q["text"]).split("\x00"))), q["speaker"])
                 for q in p.quotes.values())
    if want != got:
        problems.append("highlighted quotes differ from the JSON record:\n  json %s\n  html %s"
                        % (want, got))
elif mode == "index":
    # argv[3:]: the page files the index must link to
    hrefs = re.findall(r'href="([^"]*)"', src)
    for name in sys.argv[3:]:
        if name not in hrefs:
            problems.append("index does not link %r (links: %s)" % (name, hrefs))
for x in problems:
    print(x)
sys.exit(1 if problems else 0)
EOF
check() { "$PYTHON" "$tmp/check.py" "$@"; }

# ---- inputs ------------------------------------------------------------------------------
: > "$tmp/empty.txt"
printf 'AT&amp;T <script>alert("pwned")</script> & friends said: \342\200\234a < b && c > d, <b>really</b>,\342\200\235 she said. Tom & Jerry\047s "<i>show</i>," he added.\n' > "$tmp/markup.txt"
printf '\342\200\234This never ends, she said.\n\nAnother \342\200\234paragraph\342\200\231 with \342\200\230 odd marks and "a straight one.\n\n\302\253Guillemets,\302\273 said Marie Dupont.\n' > "$tmp/unclosed.txt"
printf 'Bad \377\376 bytes \033[31mred\033[0m and a NUL \000 here. "We will not back \303 down," said Jane Smith.\n' > "$tmp/bytes.txt"

for f in fixtures/sample/article.txt "$tmp/empty.txt" "$tmp/markup.txt" "$tmp/unclosed.txt" \
    "$tmp/bytes.txt"; do
    n=$(basename "$f" .txt)
    # text: exit 0, something written, no escape codes when piped or with NO_COLOR
    t "$n: --format text exits 0" "$Q" --format text "$f" > "$tmp/$n.out" 2> "$tmp/$n.err"
    t "$n: --format text writes a listing" test -s "$tmp/$n.out"
    t "$n: piped text has no escape codes" no_esc "$tmp/$n.out"
    NO_COLOR=1 "$Q" --format text "$f" > "$tmp/$n.nc" 2>/dev/null
    t "$n: NO_COLOR text has no escape codes" no_esc "$tmp/$n.nc"
    # html: exit 0, well-formed, self-contained, escaped, same quotes as the JSON record
    t "$n: --format html exits 0" "$Q" --format html "$f" > "$tmp/$n.html" 2> "$tmp/$n.err"
    "$Q" "$f" > "$tmp/$n.json" 2>/dev/null
    t "$n: html well-formed, escaped, same quotes as JSON" check page "$tmp/$n.html" "$f" \
        "$tmp/$n.json"
    # all kinds (terms and blocks too): still well-formed
    "$Q" --format html --kinds all "$f" > "$tmp/$n.all.html" 2>/dev/null
    "$Q" --kinds all "$f" > "$tmp/$n.all.json" 2>/dev/null
    t "$n: html --kinds all well-formed, same quotes" check page "$tmp/$n.all.html" "$f" \
        "$tmp/$n.all.json"
done

# The sample article's page: quotes, labels, mentions, cues, panel, responsive layout.
s="$tmp/article.html"
t "sample: quotes highlighted" grep -q 'class="qx-quote' "$s"
t "sample: speaker labels" grep -q 'class="qx-label' "$s"
t "sample: speaker mentions marked" grep -q 'class="qx-mention' "$s"
t "sample: cues marked" grep -q 'class="qx-cue' "$s"
t "sample: tooltips with cue, rule, via, score" grep -q 'title="[^"]*cue: [^"]*rule: [^"]*via: [^"]*score: ' "$s"
t "sample: speaker panel with show all" grep -q 'class="qx-filter qx-all"' "$s"
t "sample: responsive (viewport and media query)" sh -c \
    "grep -q 'name=\"viewport\"' '$s' && grep -q '@media' '$s'"
t "sample: text view names speaker, paragraph and score" \
    grep -q 'paragraph [0-9]* · score [0-9]*' "$tmp/article.out"
t "empty: html says the document is empty" grep -q 'qx-empty' "$tmp/empty.html"
t "empty: text says there are no quotes" grep -q '(no quotes)' "$tmp/empty.out"
t "bytes: the input's ESC never reaches the terminal" no_esc "$tmp/bytes.out"

# On a terminal (script(1) gives one): colors, unless NO_COLOR is set.
if command -v script > /dev/null 2>&1; then
    script -qec "$Q --format text fixtures/sample/article.txt" /dev/null > "$tmp/tty.out" 2>&1
    t "terminal: text view has colors" has_esc "$tmp/tty.out"
    NO_COLOR=1 script -qec "$Q --format text fixtures/sample/article.txt" /dev/null \
        > "$tmp/tty-nc.out" 2>&1
    t "terminal with NO_COLOR: no colors" no_esc "$tmp/tty-nc.out"
fi

# Batch mode: one page per document and an index page linking them (when the CLI has it).
if "$Q" --help 2>&1 | grep -q -- '--html-dir'; then
    mkdir -p "$tmp/in"
    cp fixtures/sample/article.txt "$tmp/in/article one.txt"
    cp "$tmp/markup.txt" "$tmp/in/markup.txt"
    t "batch: --html-dir exits 0" "$Q" --batch --format html --html-dir "$tmp/site" "$tmp/in" \
        > "$tmp/batch.out" 2> "$tmp/batch.err"
    t "batch: index.html written" test -s "$tmp/site/index.html"
    pages=$(cd "$tmp/site" 2>/dev/null && ls | grep -v '^index\.html$' | sed 's/ /%20/g')
    t "batch: one page per document" test "$(echo "$pages" | grep -c .)" -eq 2
    # shellcheck disable=SC2086
    t "batch: index well-formed and linking every page" check index "$tmp/site/index.html" $pages
    for pg in "$tmp/site"/*.html; do
        [ "$(basename "$pg")" = index.html ] && continue
        t "batch: $(basename "$pg") well-formed" check wellformed "$pg"
    done
else
    echo "note: quotex has no --html-dir yet: batch pages not checked"
fi

echo "qxt-result: $pass $fail view"
[ "$fail" -eq 0 ]

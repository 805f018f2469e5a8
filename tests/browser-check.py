#!/usr/bin/python3
"""browser-check.py - checks the DOM that headless chromium rendered from quotex's HTML view.

Usage: browser-check.py DOM.html GOLD.jsonl [--clicked CLICKED.dom.html] [SCREENSHOT.png ...]
       browser-check.py --make-click PAGE.html OUT.html

--make-click writes a copy of the page with a script that, once the page is loaded, clicks the
first speaker in the panel, then the first quote still highlighted; --clicked is the DOM
chromium rendered from that copy.

DOM.html is `chromium --headless --dump-dom` of the page `quotex --format html` wrote for the
seed article; GOLD.jsonl its hand annotation (../shared/corpora/seed/gold.jsonl). Checks:
  - the page's inline script ran in the browser (it sets data-qx-ready on <html>);
  - every direct gold quote is highlighted: some quote (the qx-quote elements sharing one
    data-q, joined) contains its text; in text order, no two gold quotes share the same text
    of one quote (the headline's quote, printed twice, needs two highlights);
  - that quote's speaker (data-speaker, and the visible qx-label) is the gold speaker;
  - the speaker panel lists that speaker with a filter button;
  - after the click on a speaker: every mark of another speaker is dimmed (class qx-off),
    none of that speaker's, and its button is pressed; after the click on a quote, the detail
    box shows the quote's tooltip;
  - each screenshot given exists and is a non-trivial PNG.
Prints one line per check that failed and ends with "qxt-result: P F browser".
Standard library only.
"""
import html.parser
import json
import os
import re
import sys
import unicodedata

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


def norm(s):
    """NFC, white space folded, trimmed: how a quote's text is compared."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()


def core(s):
    """The text without surrounding punctuation and spaces: "choose," -> "choose"."""
    return norm(s).strip(" ,.;:!?\u2013\u2014-\"'\u2018\u2019\u201c\u201d")


class Dom(html.parser.HTMLParser):
    """Collects each quote's text (by data-q), its speaker, the labels and the panel."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []          # (tag, quote id or None, is label, is panel name)
        self.quotes = {}         # data-q -> {"text": [...], "speaker": str, "order": n}
        self.labels = []         # (text, data-speaker)
        self.label_text = None
        self.panel = []          # data-speaker of the filter buttons
        self.ready = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html" and a.get("data-qx-ready") == "1":
            self.ready = True
        classes = (a.get("class") or "").split()
        q = a.get("data-q") if "qx-quote" in classes else None
        if q is not None and q not in self.quotes:
            self.quotes[q] = {"text": [], "speaker": a.get("data-speaker"),
                              "order": len(self.quotes)}
        if "qx-filter" in classes and a.get("data-speaker"):
            self.panel.append(a["data-speaker"])
        is_label = "qx-label" in classes
        if is_label:
            self.label_text = []
            self.labels.append(["", a.get("data-speaker")])
        if tag not in VOID:
            self.stack.append((tag, q, is_label))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            t, q, is_label = self.stack.pop()
            if is_label and self.label_text is not None:
                self.labels[-1][0] = "".join(self.label_text)
                self.label_text = None
            if q is not None:
                self.quotes[q]["text"].append("\x00")  # element boundary
            if t == tag:
                break

    def handle_data(self, data):
        for _, q, _ in self.stack:
            if q is not None:
                self.quotes[q]["text"].append(data)
        if self.label_text is not None:
            self.label_text.append(data)


CLICK_SCRIPT = """<script>
window.addEventListener('load', function () {
  var b = document.querySelector('.qx-filter:not([data-si="all"]):not([data-si="u"])');
  if (!b) return;
  b.click();
  document.documentElement.setAttribute('data-qx-clicked', b.getAttribute('data-si'));
  var q = document.querySelector('.qx-quote:not(.qx-off)');
  if (q) {
    q.click();
    document.documentElement.setAttribute('data-qx-quote-title', q.getAttribute('title'));
  }
});
</script>
"""


def make_click(page, out):
    with open(page, encoding="utf-8") as f:
        src = f.read()
    at = src.rfind("</body>")
    if at < 0:
        print("no </body> in %s" % page, file=sys.stderr)
        return 1
    with open(out, "w", encoding="utf-8") as f:
        f.write(src[:at] + CLICK_SCRIPT + src[at:])
    return 0


class Clicked(html.parser.HTMLParser):
    """The state after the clicks: which marks are dimmed, which buttons pressed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.clicked = self.title = None
        self.marks = []          # (data-si, dimmed) of the article's marks
        self.pressed = {}        # data-si -> aria-pressed of the panel buttons
        self.detail = None       # (hidden, text) of #qx-detail
        self.in_detail = False
        self.detail_text = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.clicked = a.get("data-qx-clicked")
            self.title = a.get("data-qx-quote-title")
        classes = (a.get("class") or "").split()
        if "qx-filter" in classes:
            self.pressed[a.get("data-si")] = a.get("aria-pressed")
        elif "data-si" in a:
            self.marks.append((a["data-si"], "qx-off" in classes))
        if a.get("id") == "qx-detail":
            self.detail = "hidden" in a
            self.in_detail = True

    def handle_endtag(self, tag):
        if self.in_detail and tag == "div":
            self.in_detail = False

    def handle_data(self, data):
        if self.in_detail:
            self.detail_text.append(data)


def check_clicked(path, check):
    with open(path, encoding="utf-8") as f:
        c = Clicked()
        c.feed(f.read())
        c.close()
    check(c.clicked is not None, "the click script found no speaker button to click")
    if c.clicked is None:
        return
    wrong = [(si, off) for si, off in c.marks if off != (si != c.clicked)]
    check(not wrong, "after clicking speaker %s, %d marks have the wrong dimming: %s"
          % (c.clicked, len(wrong), wrong[:5]))
    check(any(si != c.clicked for si, _ in c.marks) or len(c.marks) > 0,
          "no marks in the page")
    check(c.pressed.get(c.clicked) == "true" and c.pressed.get("all") == "false",
          "speaker button not pressed after the click: %s" % c.pressed)
    check(c.detail is False and c.title is not None and
          " ".join("".join(c.detail_text).split()) == " ".join(c.title.split()),
          "the quote's detail box did not open with its tooltip")


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--make-click":
        return make_click(sys.argv[2], sys.argv[3])
    if len(sys.argv) < 3:
        print("usage: browser-check.py DOM.html GOLD.jsonl [--clicked DOM] [PNG...]",
              file=sys.stderr)
        return 2
    passed = failed = 0

    def check(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL:", what)

    with open(sys.argv[1], encoding="utf-8") as f:
        dom = Dom()
        dom.feed(f.read())
        dom.close()
    with open(sys.argv[2], encoding="utf-8") as f:
        gold = [json.loads(line) for line in f if line.strip()]

    check(dom.ready, "the page's script did not run (no data-qx-ready on <html>)")
    check(len(dom.quotes) > 0, "no qx-quote element in the rendered page")

    # Each quote's text: its elements joined by one space (a split quote's segments, or a
    # quote reopened after a paragraph break, are several elements).
    quotes = sorted(dom.quotes.values(), key=lambda q: q["order"])
    for q in quotes:
        q["joined"] = norm(" ".join(p for p in "".join(q["text"]).split("\x00")))
        q["pos"] = 0  # where the next gold quote may match (a split quote holds several)
    label_speakers = {norm(t): s for t, s in dom.labels}

    for doc in gold:
        direct = [g for g in doc.get("quotes", []) if g.get("kind") == "direct"]
        for g in sorted(direct, key=lambda g: g["start"]):
            want = core(g["text"])
            hit = None
            # The closest fit: the shortest quote holding the text (a nested quote, not the
            # quote around it), the first in text order among equals.
            for q in quotes:
                at = q["joined"].find(want, q["pos"]) if want else -1
                if at >= 0 and (hit is None or len(q["joined"]) < len(hit["joined"])):
                    hit, hit_at = q, at
            if hit is not None:
                hit["pos"] = hit_at + len(want)
            check(hit is not None, "gold direct quote not highlighted: %r" % g["text"][:60])
            if hit is None:
                continue
            speaker = g.get("speaker")
            got = hit["speaker"]
            check(got is not None and norm(got).casefold() == norm(speaker).casefold(),
                  "quote %r: data-speaker %r, gold speaker %r" % (want[:40], got, speaker))
            if got is None:
                continue  # one failure is enough: no label or panel entry to look for
            check(norm(got) in label_speakers,
                  "quote %r: no visible label naming %r" % (want[:40], got))
            check(got in dom.panel,
                  "quote %r: speaker %r missing from the panel" % (want[:40], got))

    rest = sys.argv[3:]
    if len(rest) >= 2 and rest[0] == "--clicked":
        check_clicked(rest[1], check)
        rest = rest[2:]
    for png in rest:
        ok = False
        if os.path.isfile(png) and os.path.getsize(png) > 2000:
            with open(png, "rb") as f:
                ok = f.read(8) == b"\x89PNG\r\n\x1a\n"
        check(ok, "screenshot missing or not a PNG: %s" % png)

    print("qxt-result: %d %d browser" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Tests of the Python binding (python/quotex), standard library only.

Run by tests/suite-python.sh with QUOTEX_LIB=$B/libquotex.so; run alone with
    QUOTEX_LIB=build/release/libquotex.so /usr/bin/python3 tests/test_python.py
It ends with the line "qxt-result: P F python" that tests/run.sh adds up.
Environment: QUOTEX_LIB (the library), QUOTEX_BIN (the CLI, for the CLI comparison; default:
quotex beside the library), SHARED (the shared corpora; default ../shared).
"""

import doctest
import json
import os
import subprocess
import sys
import threading
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "python"))

import quotex  # noqa: E402

SHARED = os.environ.get("SHARED", os.path.join(ROOT, "..", "shared"))
ARTICLE = os.path.join(ROOT, "fixtures", "sample", "article.txt")


def read_article():
    with open(ARTICLE, encoding="utf-8") as f:
        return f.read()


def bbc_texts(n):
    """The first n bbc_news articles, or [] when the shared corpora are not there."""
    path = os.path.join(SHARED, "corpora", "bbc_news", "articles.jsonl")
    if not os.path.exists(path):
        return []
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            out.append(json.loads(line)["text"])
            if len(out) == n:
                break
    return out


class SeedArticle(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.text = read_article()
        cls.quotes = quotex.extract(cls.text)

    def test_finds_quotes(self):
        self.assertGreater(len(self.quotes), 0)
        for q in self.quotes:
            self.assertIsInstance(q, quotex.Quote)
            self.assertIn(q.kind, quotex.KINDS)
            self.assertTrue(0 <= q.score <= 100)

    def test_codepoint_offsets_slice_the_content(self):
        # The article has curly quotes and other non-ASCII characters before its quotes, so
        # byte offsets would not slice the str right: these must be code point indexes.
        self.assertNotEqual(len(self.text), len(self.text.encode("utf-8")))
        checked = 0
        for q in self.quotes:
            self.assertTrue(0 <= q.start <= q.end <= len(self.text), q)
            self.assertEqual(q.segments[0][0], q.start)
            self.assertEqual(q.segments[-1][1], q.end)
            for s, e in q.segments:
                self.assertTrue(q.start <= s <= e <= q.end)
            if len(q.segments) == 1 and "multi_paragraph" not in q.flags:
                # The record's text is the slice with white space folded (NBSP -> space).
                self.assertEqual(" ".join(self.text[q.start:q.end].split()),
                                 " ".join(q.text.split()))
                checked += 1
            for m in (q.speaker_mention, q.cue, q.addressee):
                if m is not None:
                    # Mention texts fold white space; compare both sides folded.
                    self.assertEqual(" ".join(self.text[m.start:m.end].split()),
                                     " ".join(m.text.split()))
        self.assertGreater(checked, 0)

    def test_known_quote(self):
        start = self.text.index("First, we will respect")
        hits = [q for q in self.quotes if q.start == start]
        self.assertEqual(len(hits), 1, [q.text for q in self.quotes])
        self.assertEqual(hits[0].kind, "direct")
        self.assertTrue(hits[0].text.startswith("First, we will respect"))

    def test_kinds(self):
        direct = quotex.extract(self.text, kinds=["direct"])
        self.assertTrue(direct)
        self.assertTrue(all(q.kind == "direct" for q in direct))
        self.assertEqual(quotex.extract(self.text, kinds="direct"), direct)
        everything = quotex.extract(self.text, kinds="all")
        self.assertGreaterEqual(len(everything), len(self.quotes))
        self.assertTrue(set(q.kind for q in everything) <= set(quotex.KINDS))

    def test_record_matches_quotes(self):
        rec = quotex.extract_record(self.text, id="seed")
        self.assertEqual(rec["id"], "seed")
        self.assertEqual([quotex.Quote.from_record(q) for q in rec["quotes"]], self.quotes)
        for q, d in zip(self.quotes, rec["quotes"]):
            self.assertEqual(q.to_dict(), d)
        self.assertIsInstance(rec["speakers"], list)

    def test_same_record_as_cli(self):
        lib = os.environ.get("QUOTEX_LIB", "")
        cli = os.environ.get("QUOTEX_BIN") or os.path.join(os.path.dirname(lib), "quotex")
        if not lib or not os.access(cli, os.X_OK):
            self.skipTest("no quotex binary beside QUOTEX_LIB")
        out = subprocess.run([cli, "--offsets", "codepoints", "--id", "seed", ARTICLE],
                             capture_output=True, check=True).stdout
        self.assertEqual(json.loads(out), quotex.extract_record(self.text, id="seed"))


class NonAscii(unittest.TestCase):
    TEXT = ("\U0001F600 Z\u00f6e M\u00fcller, la ministre, a \u00e9t\u00e9 claire. "
            "Zo\u00eb M\u00fcller said: \u201c\u00c7a va tr\u00e8s bien, \U0001F44D merci.\u201d\n")

    def test_offsets_are_string_indexes(self):
        quotes = quotex.extract(self.TEXT)
        self.assertEqual(len(quotes), 1, quotes)
        q = quotes[0]
        self.assertEqual(q.text, "\u00c7a va tr\u00e8s bien, \U0001F44D merci.")
        self.assertEqual(self.TEXT[q.start:q.end], q.text)
        self.assertEqual(q.start, self.TEXT.index("\u00c7a"))

    def test_bytes_input_gives_the_same(self):
        self.assertEqual(quotex.extract(self.TEXT.encode("utf-8")), quotex.extract(self.TEXT))

    def test_invalid_utf8_replaced_by_default(self):
        data = b"He said: \xe2\x80\x9cOK \xff now.\xe2\x80\x9d\n"
        rec = quotex.extract_record(data)
        self.assertTrue(rec["warnings"], rec)
        decoded = data.decode("utf-8", "replace")
        for q in rec["quotes"]:
            self.assertTrue(0 <= q["start"] <= q["end"] <= len(decoded))

    def test_nul_bytes(self):
        text = "A\x00B said: \u201cHi\x00 there.\u201d"
        for q in quotex.extract(text):
            self.assertTrue(0 <= q.start <= q.end <= len(text))

    def test_empty(self):
        self.assertEqual(quotex.extract(""), [])
        self.assertEqual(quotex.extract(b""), [])


class Threads(unittest.TestCase):
    def test_shared_extractor_matches_serial(self):
        texts = [read_article()] + bbc_texts(15)
        ex = quotex.Extractor()
        serial = [ex.extract_record(t, kinds="all") for t in texts]
        results = [[None] * len(texts) for _ in range(4)]
        errors = []

        def work(tid):
            try:
                # Each thread walks the articles from another starting point, so the threads
                # extract different articles at the same time.
                for k in range(len(texts)):
                    i = (k + tid * len(texts) // 4) % len(texts)
                    results[tid][i] = ex.extract_record(texts[i], kinds="all")
            except Exception as exc:  # reported below, in the main thread
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        for tid in range(4):
            self.assertEqual(results[tid], serial, "thread %d" % tid)
        ex.close()

    def test_module_level_default_from_threads(self):
        text = NonAscii.TEXT
        want = quotex.extract(text)
        got = []
        threads = [threading.Thread(target=lambda: got.append(quotex.extract(text)))
                   for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(got, [want] * 4)


class Jsonl(unittest.TestCase):
    def test_stream(self):
        lines = [
            json.dumps({"id": "a", "text": NonAscii.TEXT, "url": "ignored"}),
            {"id": 7, "text": "Nothing quoted here."},
            b'{"text": "She said: \\"Yes.\\""}',
            "",
            "{not json",
            json.dumps({"id": "no-text"}),
            json.dumps([1, 2]),
        ]
        out = list(quotex.extract_jsonl(lines))
        self.assertEqual(len(out), 6)  # the blank line gives no record
        self.assertEqual(out[0]["id"], "a")
        self.assertEqual([q["text"] for q in out[0]["quotes"]],
                         [q.text for q in quotex.extract(NonAscii.TEXT)])
        self.assertEqual(list(out[0])[:2], ["id", "quotes"])
        self.assertEqual((out[1]["id"], out[1]["quotes"]), ("7", []))
        self.assertIsNone(out[2]["id"])
        self.assertIn("quotes", out[2])
        self.assertEqual((out[3]["line"], out[3]["id"]), (5, None))
        self.assertIn("error", out[3])
        self.assertEqual((out[4]["line"], out[4]["id"]), (6, "no-text"))
        self.assertEqual(out[5]["line"], 7)

    def test_lazy_and_whole_text(self):
        gen = quotex.extract_jsonl(iter(['{"id": 1, "text": "x"}'] * 3))
        self.assertEqual(next(gen)["id"], "1")
        self.assertEqual(len(list(gen)), 2)
        text = '{"id": 1, "text": "x"}\n{"id": 2, "text": "y"}\n'
        self.assertEqual([r["id"] for r in quotex.extract_jsonl(text)], ["1", "2"])

    def test_ids_like_the_cli(self):
        out = list(quotex.extract_jsonl([{"id": 7.5, "text": "x"}, {"id": [1], "text": "x"},
                                         {"id": True, "text": "x"}, {"text": "x"}]))
        self.assertEqual(out[0]["id"], "7.5")
        self.assertEqual((out[1]["id"], out[1]["line"]), (None, 2))
        self.assertEqual((out[2]["id"], out[2]["line"]), (None, 3))
        self.assertIsNone(out[3]["id"])
        self.assertIn("quotes", out[3])

    def test_corpus_file(self):
        path = os.path.join(SHARED, "corpora", "textacy_tests", "dev.jsonl")
        if not os.path.exists(path):
            self.skipTest("no shared corpora")
        with open(path, encoding="utf-8") as f:
            lines = f.readlines()
        out = list(quotex.extract_jsonl(lines, kinds="all"))
        self.assertEqual(len(out), len(lines))
        self.assertEqual([r["id"] for r in out], [json.loads(l)["id"] for l in lines])
        self.assertTrue(all("error" not in r for r in out))


class Errors(unittest.TestCase):
    def test_bad_arguments(self):
        with self.assertRaises(TypeError):
            quotex.extract(123)
        with self.assertRaises(TypeError):
            quotex.extract(None)
        with self.assertRaises(TypeError):
            quotex.extract("x", bogus=True)
        with self.assertRaises(TypeError):
            quotex.extract("x", strict_utf8="yes")
        with self.assertRaises(TypeError):
            quotex.extract("x", kinds=5)
        with self.assertRaises(ValueError):
            quotex.extract("x", kinds=["direct", "gossip"])
        with self.assertRaises(ValueError):
            quotex.extract("x", kinds=[])
        with self.assertRaises(ValueError):
            quotex.extract("lone \ud800 surrogate")
        with self.assertRaises(TypeError):
            quotex.extract_record("x", id=5)
        with self.assertRaises(TypeError):
            quotex.extract_jsonl(["{}"], nope=1)

    def test_strict_utf8(self):
        data = b"Fine text \xff\xfe then more."
        with self.assertRaises(quotex.QuotexError) as cm:
            quotex.extract(data, strict_utf8=True)
        self.assertIsInstance(cm.exception, ValueError)
        self.assertEqual(cm.exception.offset, 10)
        self.assertEqual(quotex.extract(data), [])  # replaced, not an error, by default
        out = list(quotex.extract_jsonl([{"id": "s", "text": "ok \udcff"}], strict_utf8=True))
        self.assertEqual((out[0]["id"], out[0]["line"]), ("s", 1))

    def test_lexicons(self):
        with self.assertRaises(OSError):
            quotex.Extractor(os.path.join(ROOT, "no", "such", "folder"))
        with self.assertRaises(TypeError):
            quotex.Extractor(42)
        folder = os.path.join(ROOT, "lexicons", "en")
        if os.path.isdir(folder):
            with quotex.Extractor(folder) as ex:
                self.assertEqual(ex.extract(NonAscii.TEXT), quotex.extract(NonAscii.TEXT))
                self.assertTrue(ex.fingerprint)

    def test_closed(self):
        ex = quotex.Extractor()
        ex.close()
        ex.close()
        with self.assertRaises(ValueError):
            ex.extract("x")

    def test_docstring_examples(self):
        self.assertEqual(doctest.testmod(quotex).failed, 0)

    def test_version(self):
        self.assertEqual(quotex.version(), quotex.__version__)
        self.assertTrue(quotex.library_path())


if __name__ == "__main__":
    runner = unittest.TextTestRunner(verbosity=2)
    result = runner.run(unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__]))
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    passed = result.testsRun - failed - len(result.skipped)
    print("qxt-result: %d %d python" % (passed, failed))
    sys.exit(1 if failed else 0)

#!/usr/bin/python3
"""Input for the tests of the line reader's shared buffers (src/batch.c read_chunk).

  chunks.py make OUT ARTICLE   writes 400 JSONL lines of 100 B to 60 KB of ARTICLE's text
                               (half with \\u escapes, half raw UTF-8): some lines cross the
                               end of a 256 KiB read buffer, and a ring of 192 documents pins
                               more than the 16 buffers the reader may use at once
  chunks.py pipe FILE          writes FILE to stdout in 7,000-byte pieces, each flushed, so
                               that a reader on a pipe gets many short reads
"""
import json
import random
import sys


def make(out, article):
    art = open(article, encoding="utf-8").read()
    rnd = random.Random(5)
    with open(out, "w", encoding="utf-8") as f:
        for i in range(400):
            n = rnd.choice([100, 700, 3000, 20000, 60000])
            text = (art * (n // len(art) + 1))[:n]
            rec = {"id": "c%d" % i, "text": text}
            f.write(json.dumps(rec, ensure_ascii=(i % 2 == 0)) + "\n")


def pipe(path):
    data = open(path, "rb").read()
    for i in range(0, len(data), 7000):
        sys.stdout.buffer.write(data[i:i + 7000])
        sys.stdout.flush()


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "make":
        make(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "pipe":
        pipe(sys.argv[2])
    else:
        sys.exit(__doc__)

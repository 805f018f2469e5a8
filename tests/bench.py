#!/usr/bin/python3
"""tests/bench.py - the benchmark behind `make bench` (issues 3 and 5). Never a test: it
prints figures and goals, and fails only when a program crashes or loses documents.

    /usr/bin/python3 tests/bench.py --quotex build/release/quotex --bin build/release/bench \
        [--corpus ../shared/corpora/bbc_news/articles.jsonl] [--runs 10]

In one run, over the corpus ("straight") and over a copy it makes itself with "..." turned
into “...” by context and apostrophes between letters into ’ ("curly", curl_text), it
measures whole-process wall time (best and median of N rounds of three runs each, programs
interleaved round by round so that the machine's noise hits them alike) and peak RSS (wait4
rusage, through tests/bench/runstat.c) of:
  quotex --jsonl -j 1, quotex --sentences --jsonl -j 1, quotex --jsonl -j 2, and the
  baselines built by mk/bench.mk from tests/bench/*.c: (a) scan_memchr, (b) regex_scan (one
  PCRE2-JIT regex over the raw bytes of each line), (c) jansson_regex (the issue 5 floor:
  Jansson in, the regex over "text", Jansson out), and (c) run as two processes over the two
  halves of the corpus at once (the machine's own two-core figure, beside -j 2's);
then peak RSS of quotex --jsonl -j 1 and the -j 2 speed-up over 8 copies of the corpus (N
interleaved rounds of two runs; the 1x -j 2 runs last about 45 ms), the splitter's linearity
(4 MiB without a sentence end, and 400,000 "Mr." in a row: the issue's 50,000 take about 2 ms,
too close to the process start-up to time; each at 1x and 4x), and the callgrind
instruction count of quotex --jsonl -j 1 over the first 200 lines (noise-free, to compare
commits). BENCH_PROFILE=1 adds callgrind_annotate's top 15 functions.

Environment: BENCH_RUNS (N, default 10, see mk/bench.mk; at least 5), BENCH_PROFILE=1,
BENCH_CALLGRIND=0 (skip valgrind), BENCH_KEEP=1 (keep the temporary directory),
BENCH_CFLAGS (printed in the header: the flags quotex was built with).
MB is 10^6 bytes; RSS is in MiB (2^20 bytes).
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

MIB = 1 << 20

# Goals, as written in the issues.
GOAL_FULL_MBS = 50.0        # issue 5: full pipeline, single thread
GOAL_FLOOR_RATIO = 1.25     # issue 5: at most 1.25x the Jansson+regex floor's time
GOAL_SPLIT_MBS = 100.0      # issue 3: --sentences, single thread
GOAL_SPLIT_RATIO = 3.0      # issue 3: at most 3x the regex scan's time
GOAL_J2 = 1.8               # issue 5: -j 2 throughput over -j 1
GOAL_RSS_MIB = 32.0         # issue 5: peak RSS
GOAL_RSS_GROWTH = 1.25      # issue 5: 8x corpus within 25% of 1x
GOAL_LINEAR = 5.0           # issue 3: 4x the input, ~4x the time (ok up to 5x)


def status_text(rc):
    return "was killed by signal %d" % (rc - 128) if rc > 128 else "exited with %d" % rc


def die(msg):
    print("bench: " + msg, file=sys.stderr)
    sys.exit(1)


# ---- inputs -------------------------------------------------------------------------------

APOS = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")
# a straight double mark opens after white space, an opening bracket, a dash or another
# opening mark, or at the text's start; anywhere else it closes
OPENS_AFTER = re.compile(r'(?:^|(?<=[\s(\[{\u2014\u2013\u201c\u2018/-]))"')


def curl_text(text):
    """Typographic ("smart") quotes as word processors and publishing systems set them, by
    context: '"' opens after white space, an opening bracket, a dash or at the start, and
    closes elsewhere: 'He said "Go" and "Stop"' -> 'He said “Go” and “Stop”', and a
    paragraph that reopens a quote gets an opening mark. An apostrophe between two letters
    becomes ’: "Boynton's" -> "Boynton’s"; "'90s" and "dogs'" stay. (Alternating open and
    close through a text, as an earlier version of this benchmark did, reversed the marks
    after every quote left unclosed, “…” -> ”…“, in a third of the BBC articles: text no
    publisher prints.)"""
    text = APOS.sub("\u2019", text)
    text = OPENS_AFTER.sub("\u201c", text)
    return text.replace('"', "\u201d")


def make_curly(src, dst):
    with open(src, encoding="utf-8") as fi, open(dst, "w", encoding="utf-8") as fo:
        for line in fi:
            rec = json.loads(line)
            if isinstance(rec.get("text"), str):
                rec["text"] = curl_text(rec["text"])
            fo.write(json.dumps(rec, ensure_ascii=False) + "\n")


def make_repeat(src, dst, times):
    with open(src, "rb") as fi:
        data = fi.read()
    with open(dst, "wb") as fo:
        for _ in range(times):
            fo.write(data)


def make_halves(src, dst1, dst2):
    """The lines of src in two files of about the same size (the first takes lines until it
    holds half the bytes)."""
    with open(src, "rb") as fi:
        lines = fi.readlines()
    total, acc, cut = sum(len(l) for l in lines), 0, len(lines)
    for i, line in enumerate(lines):
        if acc >= total / 2:
            cut = i
            break
        acc += len(line)
    with open(dst1, "wb") as fo:
        fo.writelines(lines[:cut])
    with open(dst2, "wb") as fo:
        fo.writelines(lines[cut:])


def make_head(src, dst, lines):
    with open(src, "rb") as fi, open(dst, "wb") as fo:
        for i, line in enumerate(fi):
            if i >= lines:
                break
            fo.write(line)


def make_no_end(dst, size):
    """Words, commas and single spaces, no sentence end and no line break, `size` bytes."""
    words = ("the committee, which met on Tuesday in the old town hall, heard evidence from "
             "farmers and traders who said that prices had risen sharply over the winter, ")
    data = (words * (size // len(words) + 1))[:size].encode()
    with open(dst, "wb") as fo:
        fo.write(data)


def make_mr(dst, count):
    with open(dst, "wb") as fo:
        fo.write(b"Mr. " * count)


# ---- running ------------------------------------------------------------------------------

class Run:
    __slots__ = ("wall", "cpu", "rss_kib", "rc", "timed_out")

    def __init__(self, wall, cpu, rss_kib, rc, timed_out):
        self.wall, self.cpu, self.rss_kib, self.rc = wall, cpu, rss_kib, rc
        self.timed_out = timed_out


TMP = None
RUNSTAT = None  # tests/bench/runstat.c, built by mk/bench.mk: see why there


def run_once(cmd, out_path=os.devnull, err_path=os.devnull, timeout=None):
    """Whole-process wall time, user+sys CPU time and peak RSS of one run of cmd, measured
    by runstat (fork, exec, wait4) so that Python's own memory does not count."""
    res = os.path.join(TMP, "runstat.out")
    with open(out_path, "wb") as fo, open(err_path, "ab") as fe:
        rc = subprocess.run([RUNSTAT, res, str(int(timeout or 0))] + cmd,
                            stdin=subprocess.DEVNULL, stdout=fo, stderr=fe).returncode
    if rc != 0:
        die("runstat failed (exit %d) for %s" % (rc, " ".join(cmd)))
    with open(res) as f:
        wall, cpu, rss, code, timed_out = f.read().split()
    return Run(float(wall), float(cpu), int(rss), int(code), timed_out == "1")


class Series:
    """The runs of one command."""

    def __init__(self, name, cmd, size, ok_rcs=(0,), repeat=1):
        self.name, self.cmd, self.size, self.ok_rcs = name, cmd, size, ok_rcs
        # runs per round: three for the 1x series, whose runs of 15 to 85 ms are the noisiest
        self.repeat = repeat
        self.runs = []

    def add(self, r, errlog):
        if r.rc not in self.ok_rcs and not r.timed_out:
            with open(errlog, "rb") as fe:
                tail = fe.read()[-2000:].decode("utf-8", "replace")
            die("%s %s: %s\n%s" % (self.name, status_text(r.rc), " ".join(self.cmd), tail))
        self.runs.append(r)

    @property
    def best(self):
        return min(r.wall for r in self.runs)

    @property
    def median(self):
        return statistics.median(r.wall for r in self.runs)

    @property
    def cpu(self):
        return min(r.cpu for r in self.runs)

    @property
    def rss_mib(self):
        return max(r.rss_kib for r in self.runs) / 1024.0

    @property
    def mbs(self):
        return self.size / 1e6 / self.best

    @property
    def cmbs(self):
        return self.size / 1e6 / max(self.cpu, 1e-6)

    @property
    def timed_out(self):
        return any(r.timed_out for r in self.runs)


def run_rounds(series, rounds, errlog):
    """Round-robin: run 1 of every series, then run 2 of every series, ..."""
    for _ in range(rounds):
        for s in series:
            for _ in range(s.repeat):
                s.add(run_once(s.cmd, err_path=errlog), errlog)


# ---- checks -------------------------------------------------------------------------------

def check_output(path, n_in):
    """(lines, error records, quotes) of a quotex --jsonl output."""
    lines = errors = quotes = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            lines += 1
            rec = json.loads(line)
            if "error" in rec and "quotes" not in rec:
                errors += 1
            else:
                quotes += len(rec.get("quotes") or [])
    if lines != n_in:
        die("%s: %d output lines for %d input lines" % (path, lines, n_in))
    return lines, errors, quotes


# ---- table --------------------------------------------------------------------------------

ROWS = []
PROFILE = []


def row(label, corpus="", wall="", mbs="", cmbs="", rss="", figure="", goal="", ok=None):
    mark = "" if ok is None else ("ok" if ok else "MISS")
    ROWS.append((label, corpus, wall, mbs, cmbs, rss, figure, goal, mark))


def fmt_wall(s):
    if s.timed_out:
        return "timeout"
    return "%.3f (%.3f)" % (s.best, s.median)


def print_table():
    head = ("measure", "input", "wall s best (med)", "MB/s", "cpu MB/s", "RSS MiB", "figure",
            "goal", "")
    widths = [max(len(str(r[i])) for r in ROWS + [head] if r[0] != "--")
              for i in range(len(head))]
    right = {3, 4, 5}

    def line(r):
        cells = []
        for i, c in enumerate(r):
            c = str(c)
            cells.append(c.rjust(widths[i]) if i in right else c.ljust(widths[i]))
        return "  ".join(cells).rstrip()

    print(line(head))
    print("  ".join("-" * w for w in widths).rstrip())
    for r in ROWS:
        if r[0] == "--":
            print()
            continue
        print(line(r))


# ---- main ---------------------------------------------------------------------------------

def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return f.read().split()[0]
    except OSError:
        return "?"


def callgrind(quotex, path, tmp, profile):
    """Total Ir of quotex --jsonl -j 1 over path; with profile, also print the top 15."""
    if os.environ.get("BENCH_CALLGRIND") == "0":
        return None, "skipped (BENCH_CALLGRIND=0)"
    if not shutil.which("valgrind"):
        return None, "skipped (no valgrind; apt-get install valgrind)"
    out = os.path.join(tmp, "callgrind.out")
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out,
           quotex, "--jsonl", "-j", "1", "--quiet", path]
    r = run_once(cmd, err_path=os.path.join(tmp, "callgrind.err"), timeout=240)
    if r.rc != 0 or not os.path.exists(out):
        return None, "failed (exit %d, see valgrind output)" % r.rc
    total = None
    with open(out) as f:
        for line in f:
            if line.startswith(("totals:", "summary:")):
                total = int(line.split()[1])
    if profile and shutil.which("callgrind_annotate"):
        ann = subprocess.run(["callgrind_annotate", "--threshold=100", out],
                             capture_output=True, text=True).stdout.splitlines()
        PROFILE.append("callgrind profile (self Ir) of quotex --jsonl -j 1 over the first 200 "
                       "lines, top 15 functions:")
        started = False
        for line in ann:
            if not started:
                started = "file:function" in line
                continue
            if line.startswith("---"):
                continue
            if not line.strip():
                if len(PROFILE) > 1:
                    break
                continue
            PROFILE.append("  " + line.strip())
            if len(PROFILE) == 16:
                break
        stages = ["json_loadb", "qxb_jsonl_scan", "qxb_jsonl_unescape", "qx_extract",
                  "qxp_sentence_split", "qxp_quotes_find", "qxp_tokenize", "qxp_attribute",
                  "qxp_entities_collect", "qx_doc_to_json", "qx_doc_write_jsonl", "json_dumpb",
                  "json_dumpf"]
        inc = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", out],
                             capture_output=True, text=True).stdout.splitlines()
        found = {}
        pat = re.compile(r"^\s*([\d,]+) \(\s*([\d.]+)%\)\s+(\S*?):?(\w+) \[")
        for line in inc:
            m = pat.match(line)
            if m and m.group(4) in stages and m.group(4) not in found:
                found[m.group(4)] = "  %13s (%5s%%)  %s" % (m.group(1), m.group(2),
                                                           m.group(3) + ":" + m.group(4))
        if found:
            PROFILE.append("stages, inclusive Ir:")
            PROFILE.extend(found[k] for k in stages if k in found)
    return total, None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quotex", required=True)
    ap.add_argument("--bin", required=True, help="directory of the baseline programs")
    ap.add_argument("--corpus", default="../shared/corpora/bbc_news/articles.jsonl")
    ap.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "10")))
    args = ap.parse_args()
    runs = max(1, args.runs)
    quotex = os.path.abspath(args.quotex)
    base = {n: os.path.join(os.path.abspath(args.bin), n)
            for n in ("scan_memchr", "regex_scan", "jansson_regex", "runstat")}
    for p in [quotex] + list(base.values()):
        if not os.access(p, os.X_OK):
            die("missing program %s (run make bench)" % p)
    if not os.path.exists(args.corpus):
        die("missing corpus %s" % args.corpus)

    t_start = time.perf_counter()
    load0 = loadavg()
    global RUNSTAT, TMP
    tmp = TMP = tempfile.mkdtemp(prefix="quotex-bench.")
    RUNSTAT = os.path.join(os.path.abspath(args.bin), "runstat")
    errlog = os.path.join(tmp, "stderr.log")
    try:
        corpora = [("straight", os.path.abspath(args.corpus)),
                   ("curly", os.path.join(tmp, "curly.jsonl"))]
        make_curly(corpora[0][1], corpora[1][1])
        info = {}
        for name, path in corpora:
            with open(path, "rb") as f:
                n_lines = sum(1 for _ in f)
            info[name] = (os.path.getsize(path), n_lines)

        print("quotex make bench: %d cores (nproc), %s; load average %s at start"
              % (os.cpu_count() or 0, cpu_model(), load0))
        print("quotex %s (CFLAGS %s); baselines cc -O2; N = %d rounds, interleaved"
              % (args.quotex, os.environ.get("BENCH_CFLAGS", "?"), runs))
        for name, path in corpora:
            # relative to the project (the table goes into the README: no machine paths)
            print("input %-8s %s: %.2f MB, %d lines" % (name, os.path.relpath(path)
                                                        if name == "straight"
                  else "(made from it: \"...\" -> \u201c...\u201d by context, ' -> \u2019)",
                  info[name][0] / 1e6, info[name][1]))
        sys.stdout.flush()

        # Correctness first (one untimed run each): every line comes back, -j 2 == -j 1.
        checks = {}
        for name, path in corpora:
            o1, o2 = os.path.join(tmp, name + ".j1"), os.path.join(tmp, name + ".j2")
            for o, j in ((o1, "1"), (o2, "2")):
                r = run_once([quotex, "--jsonl", "-j", j, "--quiet", path], out_path=o,
                             err_path=errlog)
                if r.rc not in (0, 1):
                    die("quotex -j %s %s on %s" % (j, status_text(r.rc), path))
            checks[name] = check_output(o1, info[name][1])
            with open(o1, "rb") as a, open(o2, "rb") as b:
                if a.read() != b.read():
                    die("quotex --jsonl -j 2 output differs from -j 1 on " + path)
            os.unlink(o1)
            os.unlink(o2)

        # Throughput, all programs interleaved.
        table = {}
        series = []
        for name, path in corpora:
            size = info[name][0]
            t = {
                "full": Series("quotex --jsonl -j 1", [quotex, "--jsonl", "-j", "1", "--quiet",
                                                     path], size, (0, 1), repeat=3),
                "split": Series("quotex --sentences --jsonl -j 1",
                                [quotex, "--sentences", "--jsonl", "-j", "1", "--quiet", path],
                                size, (0, 1), repeat=3),
                "j2": Series("quotex --jsonl -j 2", [quotex, "--jsonl", "-j", "2", "--quiet",
                                                   path], size, (0, 1), repeat=3),
                "scan": Series("(a) scan_memchr", [base["scan_memchr"], path], size, repeat=3),
                "regex": Series("(b) regex_scan", [base["regex_scan"], path], size, repeat=3),
                "floor": Series("(c) jansson_regex", [base["jansson_regex"], path], size, repeat=3),
            }
            # What the machine gives two processes at this moment: (c) over the two halves of
            # the corpus at once (through sh, whose start counts against it). Where the host
            # slows the second vCPU, this trivially parallel pair falls below 2x as well, and
            # the -j 2 row is read against it (the goal stays 1.8x).
            h1, h2 = (os.path.join(tmp, "%s.half%d" % (name, i)) for i in (1, 2))
            make_halves(path, h1, h2)
            t["pair"] = Series("(c) x2 processes", ["/bin/sh", "-c", '"$0" "$1" > /dev/null & '
                                                    '"$0" "$2" > /dev/null; wait',
                                                    base["jansson_regex"], h1, h2], size,
                               repeat=3)
            table[name] = t
            series.extend(t.values())
        run_rounds(series, runs, errlog)

        # Peak RSS at 8x the corpus (RSS is not noisy), and -j 2 against -j 1 there: the
        # 1x runs of -j 2 last about 45 ms, of which the process start and the model's
        # building (about 2 ms) run before any thread starts, and a single late wake-up
        # moves the ratio by a few percent; 8 copies take the same figure over 0.35 s or
        # more. N interleaved rounds of two runs each: at three rounds of one, a stretch of
        # the host slowing the second vCPU (the -j 2 runs taking 1.12x the cpu time of -j
        # 1's for the same documents) spanned all three -j 2 runs of a make bench (1.77x);
        # at ten rounds of one, all ten (1.75x at 1.13x). Twenty runs a series cover about
        # 20 s, as the 1x series' thirty do.
        big = os.path.join(tmp, "x8.jsonl")
        make_repeat(corpora[0][1], big, 8)
        s8 = Series("quotex --jsonl -j 1", [quotex, "--jsonl", "-j", "1", "--quiet", big],
                    os.path.getsize(big), (0, 1), repeat=2)
        s8j2 = Series("quotex --jsonl -j 2", [quotex, "--jsonl", "-j", "2", "--quiet", big],
                      os.path.getsize(big), (0, 1), repeat=2)
        run_rounds([s8, s8j2], runs, errlog)
        os.unlink(big)

        # Linearity of the splitter (and of the full pipeline) in single-article mode.
        lin_inputs = []
        for label, maker, unit in (("4 MiB, no sentence end", make_no_end, 4 * MIB),
                                   ("400,000 \"Mr.\" in a row", make_mr, 400000)):
            p1 = os.path.join(tmp, "lin1-%d" % len(lin_inputs))
            p4 = os.path.join(tmp, "lin4-%d" % len(lin_inputs))
            maker(p1, unit)
            maker(p4, 4 * unit)
            lin_inputs.append((label, p1, p4))
        empty = os.path.join(tmp, "empty.txt")
        with open(empty, "wb") as f:
            f.write(b"Hello.\n")
        lin = []
        for mode, flags in (("--sentences", ["--sentences"]), ("full", [])):
            s0 = Series("startup", [quotex] + flags + [empty], 7, (0, 1))
            run_rounds([s0], runs, errlog)
            for label, p1, p4 in lin_inputs:
                a = Series("1x", [quotex] + flags + [p1], os.path.getsize(p1), (0, 1))
                b = Series("4x", [quotex] + flags + [p4], os.path.getsize(p4), (0, 1))
                # One probe each, with a timeout; repeat only when that was quick.
                for s in (a, b):
                    s.add(run_once(s.cmd, err_path=errlog, timeout=60), errlog)
                if not a.timed_out and not b.timed_out and b.best < 3.0:
                    # Runs of a few tens of ms are the noisiest: three times as many.
                    a.repeat = b.repeat = 3 if b.best < 0.5 else 1
                    run_rounds([a, b], runs - 1, errlog)
                lin.append((mode, label, s0, a, b))

        # Callgrind over the first 200 lines.
        head = os.path.join(tmp, "head200.jsonl")
        make_head(corpora[0][1], head, 200)
        ir, ir_note = callgrind(quotex, head, tmp, os.environ.get("BENCH_PROFILE") == "1")
        head_size = os.path.getsize(head)

        # ---- the table ----
        def prog(s, figure="", goal="", ok=None, corpus=""):
            row(s.name, corpus, fmt_wall(s), "%.1f" % s.mbs, "%.1f" % s.cmbs,
                "%.1f" % s.rss_mib, figure, goal, ok)

        def ratio_row(s, b, corpus, goal=None):
            ratio = s.best / b.best
            row("  time / %s" % b.name, corpus,
                figure="%.2fx (cpu time %.2fx)" % (ratio, s.cpu / max(b.cpu, 1e-6)),
                goal="<= %gx" % goal if goal else "", ok=(ratio <= goal) if goal else None)

        for name, _ in corpora:
            t = table[name]
            lines, errors, quotes = checks[name]
            full, split, j2 = t["full"], t["split"], t["j2"]
            prog(full, "%d docs, %d errors, %d quotes" % (lines, errors, quotes),
                 ">= %g MB/s" % GOAL_FULL_MBS, full.mbs >= GOAL_FULL_MBS, name)
            ratio_row(full, t["scan"], name)
            ratio_row(full, t["regex"], name)
            ratio_row(full, t["floor"], name, GOAL_FLOOR_RATIO)
            prog(split, "", ">= %g MB/s" % GOAL_SPLIT_MBS, split.mbs >= GOAL_SPLIT_MBS, name)
            ratio_row(split, t["regex"], name, GOAL_SPLIT_RATIO)
            sp = full.best / j2.best
            prog(j2, "%.2fx the -j 1 throughput; cpu time %.2fx -j 1's" % (sp, j2.cpu / full.cpu),
                 ">= %gx" % GOAL_J2, sp >= GOAL_J2, name)
            pair = t["pair"]
            row("  machine: 2 processes of (c)", name,
                figure="%.2fx one process's throughput; cpu time %.2fx"
                % (t["floor"].best / pair.best, pair.cpu / t["floor"].cpu))
            for key, note in (("scan", "memchr for \" and \u201c \u201d over the raw file"),
                              ("regex", "PCRE2-JIT over the raw bytes of each line"),
                              ("floor", "Jansson in, regex over \"text\", Jansson out"),
                              ("pair", "(c) on each half of the lines, both at once")):
                b = t[key]
                b.name = "baseline " + b.name
                prog(b, note, corpus=name)
            row("--")
        full1 = table["straight"]["full"]
        growth = s8.rss_mib / full1.rss_mib
        s8.name = "quotex --jsonl -j 1, 8 copies"
        prog(s8, "RSS %.2fx the 1x run (%.1f MiB)" % (growth, full1.rss_mib),
             "<= %gx, <= %g MiB" % (GOAL_RSS_GROWTH, GOAL_RSS_MIB),
             growth <= GOAL_RSS_GROWTH and s8.rss_mib <= GOAL_RSS_MIB
             and full1.rss_mib <= GOAL_RSS_MIB, "straight x8")
        sp8 = s8.best / s8j2.best
        s8j2.name = "quotex --jsonl -j 2, 8 copies"
        prog(s8j2, "%.2fx the -j 1 throughput; cpu time %.2fx -j 1's"
             % (sp8, s8j2.cpu / s8.cpu), ">= %gx" % GOAL_J2, sp8 >= GOAL_J2, "straight x8")
        row("--")
        for mode, label, s0, a, b in lin:
            what = "quotex %sFILE: %s" % ("--sentences " if mode == "--sentences" else "", label)
            if a.timed_out or b.timed_out:
                row(what, "1x / 4x", "%s / %s" % (fmt_wall(a), fmt_wall(b)),
                    figure="did not finish in 60 s", goal="~4x", ok=False)
                continue
            net = (b.best - s0.best) / max(a.best - s0.best, 1e-4)
            cpu = b.cpu / max(a.cpu, 1e-6)
            row(what, "1x / 4x", "%.3f / %.3f" % (a.best, b.best),
                "%.1f" % (b.size / 1e6 / b.best), "%.1f" % b.cmbs, "%.1f" % b.rss_mib,
                "4x: time %.2fx (net of %.3f s startup), cpu %.2fx" % (net, s0.best, cpu),
                "~4x (<= %gx)" % GOAL_LINEAR, min(net, cpu) <= GOAL_LINEAR)
        row("--")
        if ir is not None:
            row("callgrind quotex --jsonl -j 1", "first 200",
                figure="%d Ir (%.0f Ir/byte of %.2f MB)" % (ir, ir / head_size, head_size / 1e6),
                goal="compare commits")
        else:
            row("callgrind quotex --jsonl -j 1", "first 200", figure=ir_note)
        print()
        print_table()
        print("\nload average %s at start, %s at end; bench took %.0f s. MB = 10^6 bytes; wall "
              "= best of %d whole-process runs (median in brackets; 8 copies: %d runs); RSS = "
              "peak (max of runs)." % (load0, loadavg(), time.perf_counter() - t_start,
                                       3 * runs, 2 * runs))
        busy = max(float(load0), float(loadavg())) if load0 != "?" else 0.0
        if busy > 0.5 * (os.cpu_count() or 1):
            print("warning: the machine was busy (load average %.1f on %d cores): wall times "
                  "and the -j 2 figure are pessimistic; the cpu MB/s column is the steadier "
                  "one." % (busy, os.cpu_count() or 0))
        if PROFILE:
            print("\n" + "\n".join(PROFILE))
    finally:
        if os.environ.get("BENCH_KEEP") == "1":
            print("bench: kept " + tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""make eval: run quotex over every shared corpus that has gold, score it with the shared
scorer (../shared/eval/score.py), and print one table. Also checks the 52 Golden Rules of
sentence splitting through `quotex --sentences`.

Usage: eval.py QUOTEX SHARED_DIR [--json OUT]
"""
import json
import os
import subprocess
import sys
import tempfile

ROWS = [
    # corpus, gold file, quotex arguments, score.py --kinds
    ("seed", "seed/gold.jsonl", [], "direct"),
    ("seed", "seed/gold.jsonl", ["--kinds", "direct,indirect,mixed,block"], "direct,indirect,mixed,block"),
    ("textacy_tests", "textacy_tests/dev.jsonl", [], "direct"),
    ("litbank", "litbank/dev.jsonl", [], "direct"),
]


def run_quotex(quotex, gold_path, args, out_path):
    with open(gold_path, "rb") as src, open(out_path, "wb") as dst:
        r = subprocess.run([quotex, "--jsonl", "--offsets", "codepoints", "-j", "1", "--quiet"] + args,
                           stdin=src, stdout=dst, stderr=subprocess.PIPE)
    if r.returncode not in (0, 1):
        sys.exit("quotex failed (%d): %s" % (r.returncode, r.stderr.decode(errors="replace")))


def score(shared, gold_path, pred_path, kinds):
    cmd = [sys.executable, os.path.join(shared, "eval", "score.py"), gold_path, pred_path, "--json"]
    if kinds:
        cmd += ["--kinds", kinds]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True)
    return json.loads(r.stdout)


def golden_rules(quotex, shared):
    path = os.path.join(shared, "corpora", "golden_rules", "en.jsonl")
    rules = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    inp = "".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in rules)
    r = subprocess.run([quotex, "--jsonl", "--sentences", "-j", "1", "--quiet"], input=inp.encode(),
                       stdout=subprocess.PIPE, check=False)
    got = [json.loads(l) for l in r.stdout.decode().splitlines()]
    passed, failed = 0, []
    for rule, out in zip(rules, got):
        sents = [s["text"].strip() for s in out.get("sentences", []) if s["text"].strip()]
        want = [" ".join(s.split()) for s in rule["sentences"]]
        if [" ".join(s.split()) for s in sents] == want:
            passed += 1
        else:
            failed.append(rule["id"])
    return passed, len(rules), failed


def main():
    quotex, shared = sys.argv[1], sys.argv[2]
    corpora = os.path.join(shared, "corpora")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, gold, args, kinds) in enumerate(ROWS):
            gp = os.path.join(corpora, gold)
            if not os.path.exists(gp):
                continue
            pp = os.path.join(tmp, "pred%d.jsonl" % i)
            run_quotex(quotex, gp, args, pp)
            res = score(shared, gp, pp, kinds)
            results.append((name, kinds, res))
    hdr = ("%-14s %-28s %5s %5s | %5s %5s %5s | %5s %5s %5s | %6s %6s | %6s"
           % ("corpus", "kinds", "gold", "pred", "ex.P", "ex.R", "ex.F1", "ov.P", "ov.R", "ov.F1",
              "spk", "spk.nm", "e2e.F1"))
    print(hdr)
    print("-" * len(hdr))
    for name, kinds, r in results:
        ex, ov = r["exact"], r["overlap"]
        print("%-14s %-28s %5d %5d | %5.3f %5.3f %5.3f | %5.3f %5.3f %5.3f | %6.3f %6.3f | %6.3f"
              % (name, kinds, r["gold_quotes"], r["pred_quotes"], ex["precision"], ex["recall"],
                 ex["f1"], ov["precision"], ov["recall"], ov["f1"], ov["speaker_acc"],
                 ov["speaker_acc_named"], ov["e2e_f1"]))
    print("(ov = overlap match >= 50%; spk = speaker accuracy on overlap-matched quotes; "
          "spk.nm = the same where gold names the speaker; e2e = quote and speaker right)")
    passed, total, failed = golden_rules(quotex, shared)
    print("Golden Rules (sentence splitting): %d/%d passed%s"
          % (passed, total, (" (failing: %s)" % ", ".join(failed)) if failed else ""))
    if "--json" in sys.argv:
        with open(sys.argv[sys.argv.index("--json") + 1], "w") as f:
            json.dump({"rows": [{"corpus": n, "kinds": k, "result": r} for n, k, r in results],
                       "golden_rules": {"passed": passed, "total": total, "failed": failed}}, f)


if __name__ == "__main__":
    main()

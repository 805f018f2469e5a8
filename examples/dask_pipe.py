#!/usr/bin/python3
"""quotex over a JSONL corpus with Dask distributed.

    /usr/bin/python3 examples/dask_pipe.py [--quotex PATH] [--workers 2] [--blocksize 1M]
                                           IN.jsonl > OUT.jsonl

A LocalCluster of worker processes (2 by default, one thread each) reads the corpus in
partitions: byte ranges that start and end at line ends, as dask.bag.read_text cuts them.
Each worker reads its own range from the file and pipes it through `quotex --jsonl -j 1`
(a pure streaming filter: one line out per line in, no state between lines). The driver
writes the partitions' outputs in partition order, so the result is byte-identical to one
`quotex --jsonl IN` run. At most 2 partitions per worker are in flight, so the driver's
memory does not grow with the corpus. On a real cluster, replace LocalCluster by the
scheduler's address (Client("tcp://host:8786")) and put the corpus on a shared file system.

Exit status: the highest exit status of the quotex runs (1 when some lines were error
records), 2 on a usage error. Needs Debian's python3-distributed; run it with /usr/bin/python3.
"""
import argparse
import collections
import os
import shutil
import subprocess
import sys


def parse_size(text):
    """'4096', '512K', '1M' -> bytes."""
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    text = text.strip().upper()
    if text and text[-1] in units:
        return int(text[:-1]) * units[text[-1]]
    return int(text)


def partitions(path, blocksize):
    """Byte ranges [start, end) of `path`, each ending just after a newline (or at EOF)."""
    size = os.path.getsize(path)
    start = 0
    with open(path, "rb") as f:
        while start < size:
            end = min(start + blocksize, size)
            if end < size:
                f.seek(end)
                f.readline()  # move to the end of the line that straddles the cut
                end = f.tell()
            yield start, end
            start = end


def run_quotex(path, start, end, quotex, extra):
    """On a worker: pipe bytes [start, end) of `path` through quotex; returns its output."""
    with open(path, "rb") as f:
        f.seek(start)
        data = f.read(end - start)
    proc = subprocess.run([quotex, "--jsonl", "-j", "1", "--quiet"] + extra, input=data,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    return proc.returncode, proc.stdout, proc.stderr


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", help="a JSONL corpus file")
    ap.add_argument("--quotex", default=shutil.which("quotex") or "quotex",
                    help="the quotex binary (default: quotex on PATH)")
    ap.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--blocksize", default="1M", help="partition size (default 1M)")
    ap.add_argument("quotex_args", nargs="*", help="more quotex options, after --")
    args = ap.parse_args()
    quotex = os.path.abspath(args.quotex) if os.sep in args.quotex else args.quotex
    path = os.path.abspath(args.input)

    from distributed import Client, LocalCluster  # Debian: python3-distributed

    cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    client = Client(cluster)
    status = 0
    window = collections.deque()
    out = sys.stdout.buffer

    def drain_one():
        nonlocal status
        rc, data, err = window.popleft().result()
        out.write(data)
        if err:
            sys.stderr.buffer.write(err)
        status = max(status, rc)

    try:
        for start, end in partitions(path, parse_size(args.blocksize)):
            window.append(client.submit(run_quotex, path, start, end, quotex, args.quotex_args,
                                        pure=False))
            if len(window) >= 2 * args.workers:
                drain_one()
        while window:
            drain_one()
        out.flush()
    finally:
        client.close()
        cluster.close()
    return status


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""The seller-data benchmark: lint and scan over generated exports, native and wasm,
--jobs 1 and 2; for each run the wall time, records per second, peak RSS and the time
to the first byte of output. Prints a Markdown table for BENCHMARKS.md.

usage: python3 bench/gen_export.py 1000000 /tmp/big --xlsx 100000
       python3 bench/seller_data.py /tmp/big [--kefu target/release/kefu] [--quick]
"""
import os
import subprocess
import sys
import time

DIR = sys.argv[1]
KEFU = sys.argv[sys.argv.index("--kefu") + 1] if "--kefu" in sys.argv else "target/release/kefu"
QUICK = "--quick" in sys.argv
NOW = "2026-11-26T10:00:00+08:00"


def lines(path):
    with open(path, "rb") as f:
        return sum(1 for _ in f)


def run(engine, op, path, jobs, records):
    cmd = ["/usr/bin/time", "-f", "%M", KEFU, "--engine", engine, op, "--quiet", "--jobs", str(jobs), "--format", "ndjson"]
    if op == "scan":
        cmd += ["--now", NOW]
    cmd.append(path)
    start = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = p.stdout.read(1)
    t_first = time.monotonic() - start if first else float("nan")
    while p.stdout.read(1 << 20):
        pass
    _, err = p.communicate()
    wall = time.monotonic() - start
    rss_kb = int(err.decode().strip().splitlines()[-1])
    return wall, records / wall, rss_kb / 1024, t_first


def main():
    inputs = [("NDJSON", os.path.join(DIR, "orders.ndjson")), ("GBK CSV", os.path.join(DIR, "orders.csv"))]
    n = lines(inputs[0][1])
    rows = []
    engines = ["native"] if QUICK else ["native", "wasm"]
    for op in ["lint", "scan"]:
        for fmt, path in inputs:
            for engine in engines:
                for jobs in [1, 2]:
                    wall, rate, rss, first = run(engine, op, path, jobs, n)
                    rows.append((op, fmt, n, engine, jobs, wall, rate, rss, first))
                    print(f"{op} {fmt} {engine} jobs {jobs}: {wall:.2f} s, {rate:,.0f}/s, {rss:.0f} MiB, first {first:.3f} s",
                          file=sys.stderr)
    xlsx = os.path.join(DIR, "orders.xlsx")
    if os.path.exists(xlsx):
        import zipfile
        m = sum(1 for _ in zipfile.ZipFile(xlsx).open("xl/worksheets/sheet1.xml").read().split(b"<row ")) - 2
        for jobs in [1, 2]:
            wall, rate, rss, first = run("native", "lint", xlsx, jobs, m)
            rows.append(("lint", "xlsx", m, "native", jobs, wall, rate, rss, first))
    print("| op | input | orders | engine | jobs | wall (s) | orders/s | peak RSS (MiB) | first output (s) |")
    print("|---|---|---:|---|---:|---:|---:|---:|---:|")
    for op, fmt, count, engine, jobs, wall, rate, rss, first in rows:
        print(f"| {op} | {fmt} | {count:,} | {engine} | {jobs} | {wall:.2f} | {rate:,.0f} | {rss:.0f} | {first:.3f} |")


if __name__ == "__main__":
    main()

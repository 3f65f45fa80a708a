#!/usr/bin/env python3
"""Generate N cases as NDJSON for benchmarks: the scenario suite's cases (those under
the default policy), cycled, each with its own order id.

usage: python3 bench/gen_cases.py N > cases.ndjson
"""
import glob
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
cases = []
for path in sorted(glob.glob(os.path.join(here, "..", "tests", "scenarios", "*.json"))):
    s = json.load(open(path))
    if not s.get("policy"):
        cases.append(s["case"])
n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
out = sys.stdout
for i in range(n):
    c = cases[i % len(cases)]
    c["order"]["order_id"] = f"6{i:011d}"
    out.write(json.dumps(c, ensure_ascii=False))
    out.write("\n")

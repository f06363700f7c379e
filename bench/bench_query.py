"""Benchmark: a piped `lplan who-leads 2.3.1` against a click echo program.

Both run as fresh processes, interleaved, in the same run, so machine noise hits
both alike; the figure is the median of per-pair ratios (lplan / baseline). The
budget (issue: query path) is a ratio of at most 1.25.

    python bench/bench_query.py [--runs 41] [--budget 1.25]

Uses the `lplan` next to the running interpreter (the virtual environment's).
The plan cache is warmed first; that is the state every query after the first
one runs in.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _time(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, capture_output=True, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=41)
    parser.add_argument("--budget", type=float, default=1.25)
    args = parser.parse_args()

    lplan = shutil.which("lplan", path=os.path.dirname(sys.executable)) or shutil.which("lplan")
    if lplan is None:
        print("lplan is not installed in this environment", file=sys.stderr)
        return 2
    # An installed package has its bytecode compiled (pip does it); an editable
    # checkout under PYTHONDONTWRITEBYTECODE would not, so compile it here.
    import compileall

    import lijiang_plan

    compileall.compile_dir(os.path.dirname(lijiang_plan.__file__), quiet=1)
    query = [lplan, "who-leads", "2.3.1"]
    baseline = [sys.executable, str(HERE / "echo_click.py"), "2.3.1"]
    for cmd in (query, baseline, query, baseline):  # warm the plan cache and the OS file cache
        _time(cmd)

    ratios, q_times, b_times = [], [], []
    for i in range(args.runs):
        pair = (query, baseline) if i % 2 == 0 else (baseline, query)
        t = {id(cmd): _time(cmd) for cmd in pair}
        q_times.append(t[id(query)])
        b_times.append(t[id(baseline)])
        ratios.append(t[id(query)] / t[id(baseline)])
    ratio = statistics.median(ratios)
    print(f"runs: {args.runs}")
    print(f"lplan who-leads 2.3.1 | cat : median {statistics.median(q_times) * 1000:.1f} ms")
    print(f"click echo baseline         : median {statistics.median(b_times) * 1000:.1f} ms")
    print(f"median ratio                : {ratio:.3f} (budget {args.budget})")
    return 0 if ratio <= args.budget else 1


if __name__ == "__main__":
    sys.exit(main())

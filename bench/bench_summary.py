"""Benchmark: `lplan summary` against `lplan check` on the same folder, and its memory.

Generates N valid reports (default 1,000; the reporting units and periods in
turn, as bench_check.py does) in one folder, and the first quarter of them in
another. In the same run, interleaved, as fresh processes:

* lplan check DIR
* lplan summary DIR --period 2025-H1 --format csv --table matrix

The summary reads every file through the same checker, so its time should be
close to check's (ratio summary / check). Peak memory (maxrss) of the summary
for the quarter folder and the whole one shows it streams: it keeps a small
record per file, never the documents.

    python bench/bench_summary.py [--files 1000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import _generate, _run  # the same reports, the same process timing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    lplan = shutil.which("lplan", path=os.path.dirname(sys.executable)) or shutil.which("lplan")
    if lplan is None:
        print("needs lplan in this environment: pip install -e .", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="lplan-bench-") as tmp:
        full, quarter = Path(tmp, "all"), Path(tmp, "quarter")
        full.mkdir()
        quarter.mkdir()
        paths = _generate(full, args.files)
        for path in paths[: len(paths) // 4]:
            shutil.copy(path, quarter)
        check = [lplan, "check", str(full)]
        summary = [lplan, "summary", str(full), "--period", "2025-H1", "--format", "csv", "--table", "matrix"]
        for cmd in (check, summary):
            _run(cmd)  # warm the plan cache and the file cache
        times: dict[str, list[float]] = {"check": [], "summary": []}
        for i in range(args.runs):
            pair = [("check", check), ("summary", summary)]
            for name, cmd in pair if i % 2 == 0 else reversed(pair):
                times[name].append(_run(cmd)[0])
        rss_quarter = _run([*summary[:2], str(quarter), *summary[3:]])[2]
        rss_full = _run(summary)[2]
    check_s, summary_s = statistics.median(times["check"]), statistics.median(times["summary"])
    print(
        f"{args.files} files: check {check_s:.2f}s, summary {summary_s:.2f}s, ratio summary/check {summary_s / check_s:.2f}"
    )
    print(
        f"summary maxrss: {len(paths) // 4} files {rss_quarter / 1024:.1f} MiB, {len(paths)} files {rss_full / 1024:.1f} MiB "
        f"(growth {100 * (rss_full - rss_quarter) / rss_quarter:.1f}%)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

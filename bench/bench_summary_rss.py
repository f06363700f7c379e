"""Benchmark: `lplan summary DIR -p 2025-H1`'s peak memory at 1,000 and at 10,000 reports, as a user measures it.

    python bench/bench_summary_rss.py [--sizes 1000,10000] [--runs 3] [--budget 1.3]

Each figure is the largest of --runs runs of

    /usr/bin/time -f %M lplan summary DIR -p 2025-H1

(text output, the command as the office runs it) on the same generated reports
as bench_check.py makes. time(1) forks the command from itself, a small C
program, so the figure is lplan's own resident peak, however large this
benchmark is (bench_check's launcher does the same from a bare Python). Exit
status 1 when the largest size's peak is more than --budget times the
smallest's: a roll-up keeps a small record per file, never the documents.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import _generate  # the same reports  # noqa: E402


def peak_kib(time: str, cmd: list[str], report: Path) -> int:
    """The resident peak of one run of ``cmd``, in KiB, from time(1)'s %M."""
    subprocess.run(
        [time, "-f", "%M", "-o", str(report), *cmd],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    return int(report.read_text().split()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--budget", type=float, default=1.3)
    args = parser.parse_args()
    lplan = shutil.which("lplan", path=os.path.dirname(sys.executable)) or shutil.which("lplan")
    time = shutil.which("time", path="/usr/bin:/bin")
    if lplan is None or time is None:
        print("needs lplan in this environment and /usr/bin/time (apt-get install time)", file=sys.stderr)
        return 2
    sizes = sorted(int(size) for size in args.sizes.split(","))
    peaks: dict[int, int] = {}
    with tempfile.TemporaryDirectory(prefix="lplan-bench-rss-") as tmp:
        for count in sizes:
            directory = Path(tmp, str(count))
            directory.mkdir()
            _generate(directory, count)
            cmd = [lplan, "summary", str(directory), "-p", "2025-H1"]
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)  # warm caches
            peaks[count] = max(peak_kib(time, cmd, Path(tmp, "peak.txt")) for _ in range(args.runs))
            print(f"{count:>6} reports: summary peak {peaks[count] / 1024:6.1f} MiB (/usr/bin/time -f %M)")
    ratio = peaks[sizes[-1]] / peaks[sizes[0]]
    print(f"peak {sizes[-1]} / {sizes[0]}: {ratio:.2f}x (budget {args.budget}x)")
    return 0 if ratio <= args.budget else 1


if __name__ == "__main__":
    sys.exit(main())

"""Every speed and memory figure of CONTRIBUTING.md's speed table, in one run.

    pip install -e '.[bench]'
    python bench/run_all.py [--sizes 1000,10000] [--runs 3] [--startup-runs 21]

Prints, each against a baseline measured in the same run (fresh processes,
interleaved, medians):

* start-up: `lplan who-leads 2.3.1` (English and Chinese), `lplan template`,
  one-file `lplan check FILE`, and yamllint on the same file, each as a ratio
  to a click program that only echoes (bench/echo_click.py);
* at each size (generated valid reports, as bench_check.py makes them):
  the floor, one Python process that merely parses every file with PyYAML's
  CSafeLoader; `lplan check --jobs 1` (serial) and `lplan check` (default:
  one worker per core); `lplan summary --period 2025-H1 -f csv -t matrix`;
  each with its peak memory (the largest process's maxrss);
* at the smallest size: check-jsonschema with the report schema and yamllint
  (`-d relaxed`) on the same files, where installed;
* the portal: bench/bench_portal.py (upload-to-findings with 39 clients,
  the office's page, the server's memory after 1,000 uploads).

Exit status 1 when a budget is missed: query <= 1.25x, template <= 1.5x,
one-file check <= 2.5x the echo program; at the largest size check (default)
<= 0.8x the parse floor; summary's peak memory at the largest size <= 1.3x
that at the smallest.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_check import REPO, _generate, _run  # noqa: E402 - the same reports and process timing
from bench_startup import compile_package, lplan_path, ratios, startup_commands  # noqa: E402

STARTUP_BUDGETS = {"query": 1.25, "query-zh": 1.25, "template": 1.5, "check-one": 2.5}
PARSE = (
    "import sys, yaml\n"
    "for path in sys.argv[1:]:\n"
    "    with open(path, 'rb') as fh:\n"
    "        yaml.load(fh.read(), Loader=yaml.CSafeLoader)\n"
)


def _median(cmd: list[str], runs: int) -> tuple[float, float]:
    """(median wall seconds, largest maxrss in MiB) of ``runs`` fresh processes."""
    walls, rss = [], []
    for _ in range(runs):
        wall, _status, maxrss = _run(cmd)
        walls.append(wall)
        rss.append(maxrss / 1024)
    return statistics.median(walls), max(rss)


def startup(lplan: str, report: str, runs: int) -> bool:
    commands = startup_commands(lplan, report)
    commands["query-zh"] = [lplan, "--lang", "zh", "who-leads", "2.3.1"]
    yamllint = shutil.which("yamllint", path=os.path.dirname(sys.executable))
    if yamllint:
        commands["yamllint-one"] = [yamllint, "-d", "relaxed", report]
    ok = True
    print("start-up (median of per-pair ratios to a click echo program):")
    for name, m in ratios(commands, runs).items():
        budget = STARTUP_BUDGETS.get(name)
        met = budget is None or m["ratio"] <= budget
        ok &= met
        limit = f"budget {budget}x" if budget else "for comparison"
        print(
            f"  {name:<13} {m['ms']:6.1f} ms vs {m['baseline_ms']:5.1f} ms: {m['ratio']:.2f}x ({limit})"
            + ("" if met else "  MISSED")
        )
    return ok


def at_size(lplan: str, directory: Path, count: int, runs: int, rivals: bool) -> dict[str, tuple[float, float]]:
    paths = _generate(directory, count)
    folder = str(directory)
    commands = {
        "parse (CSafeLoader, 1 process)": [sys.executable, "-c", PARSE, *paths],
        "check --jobs 1": [lplan, "check", "--jobs", "1", folder],
        "check (default jobs)": [lplan, "check", folder],
        "summary (csv matrix)": [lplan, "summary", folder, "-p", "2025-H1", "-f", "csv", "-t", "matrix"],
    }
    bindir = os.path.dirname(sys.executable)
    cjs, yamllint = shutil.which("check-jsonschema", path=bindir), shutil.which("yamllint", path=bindir)
    if rivals and cjs:
        schema = str(REPO / "schemas" / "report.schema.json")
        commands["check-jsonschema"] = [cjs, "--schemafile", schema, *paths]
    if rivals and yamllint:
        commands["yamllint -d relaxed"] = [yamllint, "-d", "relaxed", folder]
    for cmd in commands.values():
        _run(cmd)  # warm the file cache and the plan cache
    found = {name: _median(cmd, runs) for name, cmd in commands.items()}
    floor = found["parse (CSafeLoader, 1 process)"][0]
    print(f"{count} reports ({sum(os.path.getsize(p) for p in paths) / 2**20:.1f} MiB), median of {runs}:")
    for name, (wall, rss) in found.items():
        print(f"  {name:<31} {wall:7.2f} s  {wall / floor:5.2f}x parse  peak {rss:5.1f} MiB")
    serial, default = found["check --jobs 1"][0], found["check (default jobs)"][0]
    print(f"  parallel / serial check: {default / serial:.2f}x")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated numbers of reports")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--startup-runs", type=int, default=21)
    args = parser.parse_args()
    lplan = lplan_path()
    if lplan is None:
        return 2
    compile_package()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    with tempfile.TemporaryDirectory(prefix="lplan-bench-") as tmp:
        ok = startup(lplan, _generate(Path(tmp), 1)[0], args.startup_runs)
        results = {}
        for count in sizes:
            directory = Path(tmp, str(count))
            directory.mkdir()
            results[count] = at_size(lplan, directory, count, args.runs, rivals=count == sizes[0])
    largest, smallest = results[sizes[-1]], results[sizes[0]]
    floor = largest["parse (CSafeLoader, 1 process)"][0]
    check_ratio = largest["check (default jobs)"][0] / floor
    memory = largest["summary (csv matrix)"][1] / smallest["summary (csv matrix)"][1]
    print(f"check at {sizes[-1]} / parse: {check_ratio:.2f}x (budget 0.8x)")
    print(f"summary peak memory {sizes[-1]} / {sizes[0]}: {memory:.2f}x (budget 1.3x)")
    ok &= check_ratio <= 0.8 and memory <= 1.3
    print("portal (bench/bench_portal.py):", flush=True)
    portal = subprocess.run([sys.executable, str(HERE / "bench_portal.py")], check=False)
    ok &= portal.returncode == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

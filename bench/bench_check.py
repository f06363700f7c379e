"""Benchmark: `lplan check` against check-jsonschema on the same 1,000 report files.

Generates N reports (default 1,000) in a temporary directory: every reporting
unit in turn, each report its unit's template filled in (2 to 47 measures,
Chinese accounts, figures on some), all valid, so both tools do their whole
work on every file. Then, in the same run and interleaved:

* lplan check FILES...            (YAML, shape, and every plan rule)
* check-jsonschema --schemafile schemas/report.schema.json FILES...   (shape only)

Both are fresh processes; the figure is the median wall time of --runs runs
each, and the ratio check-jsonschema / lplan (the issue asks for >= 10).
Peak memory (maxrss of the lplan process) is measured for the first quarter of
the files and for all of them: streaming keeps it flat.

    pip install -e '.[bench]'
    python bench/bench_check.py [--files 1000] [--runs 5] [--min-ratio 10]

Exit status 0 when the ratio is met and memory stays flat (< 10% growth), else 1.
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

REPO = Path(__file__).resolve().parent.parent
ACCOUNTS = [
    "按照任务分工,制定年度工作方案,明确责任科室和工作要求,定期调度推进情况。",
    "组织开展专项排查和宣传活动,及时通报工作进展,未发现新的涉拐线索。",
    "会同相关部门开展联合检查,对发现的问题督促整改,建立工作台账。",
    "结合日常业务工作落实反拐要求,开展业务培训,提高干部职工的反拐意识。",
]


def _generate(directory: Path, count: int) -> list[str]:
    """``count`` valid reports, the reporting units in turn; returns their paths."""
    from lijiang_plan.plan.deadlines import reporters
    from lijiang_plan.plan.store import load_plan
    from lijiang_plan.reports import template

    plan = load_plan()
    units = reporters(plan)
    periods = [f"{year}-{half}" for year in range(2022, 2031) for half in ("H1", "H2")]
    paths = []
    for i in range(count):
        unit_id = units[i % len(units)]
        period = periods[i % len(periods)]
        text = template.render(plan, unit_id, period, "../schemas/report.schema.json")
        text = text.replace('submitted: ""', f"submitted: {period[:4]}-{'06-15' if period.endswith('H1') else '12-15'}")
        parts = text.split('account: ""')
        filled = parts[0]
        for j, rest in enumerate(parts[1:]):
            account = ACCOUNTS[(i + j) % len(ACCOUNTS)]
            figures = (
                f"\n    figures:\n      宣传活动场次: {(i + j) % 17}\n      覆盖人数: {(i * 7 + j) % 900}"
                if j % 3 == 0
                else ""
            )
            filled += f"account: {account}{figures}" + rest
        path = directory / f"{i:04d}-{unit_id}-{period}.yaml"
        path.write_text(filled, encoding="utf-8")
        paths.append(str(path))
    return paths


#: Runs one command for _run and reports its wall time, exit status and maxrss on fd argv[1].
#: A process's maxrss starts at the RSS of the process it was forked from (Linux
#: keeps the high-water mark across fork and exec), so a command forked straight
#: from this benchmark, which holds thousands of generated reports, would report
#: at least this process's size. Forking it from a fresh, bare interpreter puts
#: that floor at a bare Python's few MiB instead.
_LAUNCHER = """
import os, sys, time
fd, cmd = int(sys.argv[1]), sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(cmd[0], cmd)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
os.write(fd, f"{wall} {os.waitstatus_to_exitcode(status)} {usage.ru_maxrss}".encode())
"""


def _run(cmd: list[str]) -> tuple[float, int, int]:
    """(wall seconds, exit status, maxrss KiB) of one fresh process (timed and measured by _LAUNCHER)."""
    read_end, write_end = os.pipe()
    try:
        subprocess.run(
            [sys.executable, "-S", "-c", _LAUNCHER, str(write_end), *cmd],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(write_end,),
            check=True,
        )
        os.close(write_end)
        write_end = -1
        wall, status, maxrss = os.read(read_end, 200).decode().split()
    finally:
        os.close(read_end)
        if write_end >= 0:
            os.close(write_end)
    return float(wall), int(status), int(maxrss)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--min-ratio", type=float, default=10.0)
    args = parser.parse_args()

    bindir = os.path.dirname(sys.executable)
    lplan = shutil.which("lplan", path=bindir) or shutil.which("lplan")
    cjs = shutil.which("check-jsonschema", path=bindir) or shutil.which("check-jsonschema")
    if lplan is None or cjs is None:
        print("needs lplan and check-jsonschema in this environment: pip install -e '.[bench]'", file=sys.stderr)
        return 2
    import compileall

    import lijiang_plan

    compileall.compile_dir(os.path.dirname(lijiang_plan.__file__), quiet=1)  # as an installed wheel would be
    schema = str(REPO / "schemas" / "report.schema.json")

    with tempfile.TemporaryDirectory(prefix="lplan-bench-") as tmp:
        paths = _generate(Path(tmp), args.files)
        size = sum(os.path.getsize(p) for p in paths)
        quarter = paths[: len(paths) // 4]
        ours = [lplan, "check", "--strict", *paths]
        theirs = [cjs, "--schemafile", schema, *paths]
        for cmd in (ours, theirs):  # warm caches; both must pass: the files are valid
            _, status, _ = _run(cmd)
            if status != 0:
                print(f"{cmd[0]} failed on the generated reports (exit {status})", file=sys.stderr)
                return 1
        our_times, their_times = [], []
        for i in range(args.runs):
            pair = (ours, theirs) if i % 2 == 0 else (theirs, ours)
            for cmd in pair:
                (our_times if cmd is ours else their_times).append(_run(cmd)[0])
        rss_quarter = max(_run([lplan, "check", *quarter])[2] for _ in range(3))
        rss_all = max(_run([lplan, "check", *paths])[2] for _ in range(3))

    ours_s, theirs_s = statistics.median(our_times), statistics.median(their_times)
    ratio = theirs_s / ours_s
    growth = rss_all / rss_quarter
    print(f"reports: {args.files} files, {size / 1024:.0f} KiB, runs: {args.runs}")
    print(
        f"lplan check --strict      : median {ours_s * 1000:7.1f} ms  ({ours_s / args.files * 1e6:.0f} µs/file incl. start-up)"
    )
    print(f"check-jsonschema (schema) : median {theirs_s * 1000:7.1f} ms")
    print(f"speed-up                  : {ratio:.1f}x (need >= {args.min_ratio:g}x)")
    print(f"lplan maxrss {len(quarter):>5} files : {rss_quarter / 1024:.1f} MiB")
    print(f"lplan maxrss {args.files:>5} files : {rss_all / 1024:.1f} MiB  (x{growth:.3f})")
    return 0 if ratio >= args.min_ratio and growth < 1.10 else 1


if __name__ == "__main__":
    sys.exit(main())

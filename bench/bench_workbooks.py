"""Benchmark: `lplan check` on 1,000 report workbooks against merely opening them (the floor).

Generates N workbooks (default 1,000) in a temporary directory, as
`lplan template --format xlsx` lays them out: every reporting unit in turn,
2 to 47 measures, Chinese accounts, figures on some, half in Chinese and half
in English, all valid. Then, in the same run and interleaved, fresh processes:

* lplan check --strict DIR      (zip checks, the workbook reader, shape and every plan rule)
* the floor: a Python process that opens every workbook with the chosen reader
  (files/xlsxsource.py: the zip checks and the report sheet's cells, parsed
  with the standard library's expat) and does nothing else

and prints the median wall times and their ratio (the cost of checking over
opening). For the record it also times, in this process and per workbook, the
readers that were weighed: lplan's own (chosen), openpyxl in full and
read-only mode, and python-calamine (if installed); CONTRIBUTING.md's Speed
section says why the chosen one is not the fastest.

    pip install -e '.[bench]'
    python bench/bench_workbooks.py [--files 1000] [--runs 5] [--max-ratio 3]

Exit status 0 when check / floor <= --max-ratio, else 1.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ACCOUNTS = [
    "按照任务分工,制定年度工作方案,明确责任科室和工作要求,定期调度推进情况。",
    "组织开展专项排查和宣传活动,及时通报工作进展,未发现新的涉拐线索。",
    "会同相关部门开展联合检查,对发现的问题督促整改,建立工作台账。",
    "结合日常业务工作落实反拐要求,开展业务培训,提高干部职工的反拐意识。",
]

FLOOR = """
import sys
from lijiang_plan.files.xlsxsource import open_book
for path in sys.argv[1:]:
    with open(path, "rb") as fh:
        book = open_book(fh.read())
    book.sheets[0].cells  # the report sheet, parsed: every stored cell
"""


def _generate(directory: Path, count: int) -> list[str]:
    """``count`` valid report workbooks, the reporting units in turn; returns their paths."""
    from lijiang_plan.plan.deadlines import reporters
    from lijiang_plan.plan.store import load_plan
    from lijiang_plan.reports import template, xlsxreport

    plan = load_plan()
    units = reporters(plan)
    periods = [f"{year}-{half}" for year in range(2022, 2031) for half in ("H1", "H2")]
    paths = []
    for i in range(count):
        unit_id = units[i % len(units)]
        period = periods[i % len(periods)]
        data = template.skeleton(plan, unit_id, period)
        data["submitted"] = f"{period[:4]}-{'06-15' if period.endswith('H1') else '12-15'}"
        for j, entry in enumerate(data["measures"]):
            entry["account"] = ACCOUNTS[(i + j) % len(ACCOUNTS)]
            if j % 3 == 0:
                entry["figures"] = {"宣传活动场次": (i + j) % 17, "覆盖人数": (i * 7 + j) % 900}
        path = directory / f"{i:04d}-{unit_id}-{period}.xlsx"
        path.write_bytes(xlsxreport.render(plan, data, "zh" if i % 2 == 0 else "en"))
        paths.append(str(path))
    return paths


def _run(cmd: list[str]) -> tuple[float, int]:
    """(wall seconds, exit status) of one fresh process."""
    start = time.perf_counter()
    status = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False).returncode
    return time.perf_counter() - start, status


def _per_file(paths: list[str], open_one: Any) -> float:
    """Mean milliseconds to open one workbook with ``open_one``, in this process."""
    start = time.perf_counter()
    for path in paths:
        open_one(path)
    return (time.perf_counter() - start) / len(paths) * 1000


def _readers() -> dict[str, Any]:
    import warnings

    import openpyxl

    def full(path: str) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, data_only=False, keep_links=False, rich_text=False)
        for sheet in book.worksheets:
            for cell in sheet._cells.values():
                cell.value  # noqa: B018 - touched, as the reader touches it

    def read_only(path: str) -> None:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
        for sheet in book.worksheets:
            for _row in sheet.iter_rows(values_only=True):
                pass
        book.close()

    from lijiang_plan.files.xlsxsource import open_book

    def own(path: str) -> None:
        with open(path, "rb") as fh:
            for sheet in open_book(fh.read()).sheets:
                sheet.cells  # noqa: B018 - parsed on first use

    readers: dict[str, Any] = {"xlsxsource (chosen)": own, "openpyxl full": full, "openpyxl read-only": read_only}
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        return readers

    def calamine(path: str) -> None:
        book = CalamineWorkbook.from_path(path)
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python()

    readers["python-calamine"] = calamine
    return readers


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--max-ratio", type=float, default=3.0)
    args = parser.parse_args()

    bindir = os.path.dirname(sys.executable)
    lplan = shutil.which("lplan", path=bindir) or shutil.which("lplan")
    if lplan is None:
        print("needs lplan in this environment: pip install -e .", file=sys.stderr)
        return 2
    # The workbooks report on every period to 2030, each sent on time: "today" is after the last of them, so
    # that no submitted date is in the future (future-date) and --strict passes on valid files.
    os.environ["LPLAN_TODAY"] = "2030-12-31"
    with tempfile.TemporaryDirectory(prefix="lplan-bench-xlsx-") as tmp:
        paths = _generate(Path(tmp), args.files)
        size = sum(os.path.getsize(p) for p in paths)
        ours = [lplan, "check", "--strict", tmp]
        floor = [sys.executable, "-c", FLOOR, *paths]
        for cmd in (ours, floor):  # warm caches; both must succeed: the files are valid
            _, status = _run(cmd)
            if status != 0:
                print(f"{cmd[:3]} failed on the generated workbooks (exit {status})", file=sys.stderr)
                return 1
        times: dict[str, list[float]] = {"check": [], "floor": []}
        for i in range(args.runs):
            for name, cmd in (("check", ours), ("floor", floor)) if i % 2 == 0 else (("floor", floor), ("check", ours)):
                times[name].append(_run(cmd)[0])
        sample = paths[: min(200, len(paths))]
        per_file = {name: _per_file(sample, reader) for name, reader in _readers().items()}

    check_s, floor_s = statistics.median(times["check"]), statistics.median(times["floor"])
    ratio = check_s / floor_s
    print(f"workbooks: {args.files} files, {size / 1024:.0f} KiB, runs: {args.runs}")
    print(
        f"lplan check --strict : median {check_s:6.2f} s  ({check_s / args.files * 1000:.1f} ms/workbook incl. start-up)"
    )
    print(
        f"open (the floor)     : median {floor_s:6.2f} s  ({floor_s / args.files * 1000:.1f} ms/workbook incl. start-up)"
    )
    print(f"check / floor        : {ratio:.2f}x (budget <= {args.max_ratio:g}x)")
    print(f"readers, per workbook, in this process ({len(sample)} files):")
    for name, ms in per_file.items():
        print(f"  {name:<24}{ms:6.2f} ms")
    return 0 if ratio <= args.max_ratio else 1


if __name__ == "__main__":
    sys.exit(main())

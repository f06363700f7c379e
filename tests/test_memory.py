"""Memory that does not grow with the number of reports (measured in a fresh process).

Counted with tracemalloc in a subprocess, so the figures are the program's own
allocations, not the test runner's, and do not depend on timing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lijiang_plan.plan.deadlines import reporters
from lijiang_plan.reports.template import render

REPO = Path(__file__).resolve().parent.parent
FILES = 600


def write_reports(plan, directory: Path, count: int) -> list[str]:
    """``count`` valid, filled-in reports: the reporting units and periods in turn."""
    units = reporters(plan)
    periods = [f"{year}-{half}" for year in range(2022, 2031) for half in ("H1", "H2")]
    paths = []
    for i in range(count):
        period = periods[i % len(periods)]
        text = render(plan, units[i % len(units)], period, "x.json")
        text = text.replace('submitted: ""', f"submitted: {period[:4]}-{'06-15' if period.endswith('H1') else '12-15'}")
        path = directory / f"{i:05d}.yaml"
        path.write_text(text.replace('account: ""', "account: 已完成阶段性工作。"), encoding="utf-8")
        paths.append(str(path))
    return paths


@pytest.fixture(scope="module")
def reports(plan, tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("many-reports")
    write_reports(plan, directory, FILES)
    return directory


def _growth(code: str, directory: Path) -> float:
    """Bytes ``code`` keeps per file beyond the first third: run on a third of the files, then on all."""
    script = (
        "import sys, tracemalloc\n"
        "from lijiang_plan.plan.store import load_plan\n"
        "from lijiang_plan.reports.check import expand_paths\n"
        "plan = load_plan()\n"
        "every, _ = expand_paths([sys.argv[1]])\n"
        "def run(files):\n"
        "    tracemalloc.start()\n"
        + "".join(f"    {line}\n" for line in code.splitlines())
        + "    size = tracemalloc.get_traced_memory()[0]\n"
        "    tracemalloc.stop()\n"
        "    return size\n"
        "run(every[:10])  # caches (the schema, the plan's duties) outside the count\n"
        "third = run(every[: len(every) // 3])\n"
        "print((run(every) - third) / (len(every) - len(every) // 3))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(directory)], capture_output=True, text=True, check=True, cwd=REPO
    )
    return float(out.stdout)


def test_summary_keeps_a_small_record_per_file(reports):
    """What the roll-up keeps of each file: its path and a few shared values (was ~1.8 KB)."""
    kept = _growth(
        "from lijiang_plan.reports import rollup\n"
        "kept = rollup.assign(rollup.read_records(files, plan, keep_findings=False), plan, '2025-H1')\n",
        reports,
    )
    assert kept < 200, kept

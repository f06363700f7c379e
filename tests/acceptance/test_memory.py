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
from tests.conftest import REPO

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


def _growth(code: str, directory: Path) -> tuple[float, float]:
    """Bytes per file, beyond the first third, that ``code`` keeps (at the end) and needs (at its peak).

    ``code`` runs on a third of the files, then on all of them; the
    difference, divided by the difference in files, is what each file costs.
    """
    script = (
        "import sys, tracemalloc\n"
        "from lijiang_plan.plan.store import load_plan\n"
        "from lijiang_plan.reports.discover import expand_paths\n"
        "plan = load_plan()\n"
        "every, _ = expand_paths([sys.argv[1]])\n"
        "def run(files):\n"
        "    tracemalloc.start()\n"
        + "".join(f"    {line}\n" for line in code.splitlines())
        + "    sizes = tracemalloc.get_traced_memory()\n"
        "    tracemalloc.stop()\n"
        "    return sizes\n"
        "run(every[:10])  # caches (the schema, the plan's duties) outside the count\n"
        "third = run(every[: len(every) // 3])\n"
        "full = run(every)\n"
        "more = len(every) - len(every) // 3\n"
        "print((full[0] - third[0]) / more, (full[1] - third[1]) / more)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(directory)], capture_output=True, text=True, check=True, cwd=REPO
    )
    kept, peak = out.stdout.split()
    return float(kept), float(peak)


def test_summary_keeps_a_small_record_per_file(reports):
    """What the roll-up keeps of each file: its path and a few shared values (was ~1.8 KB; now about 105 bytes)."""
    kept, _ = _growth(
        "from lijiang_plan.reports import rollup\n"
        "kept = rollup.assign(rollup.read_records(files, plan, keep_findings=False), plan, '2025-H1')\n",
        reports,
    )
    assert kept < 130, kept  # about 105 bytes on CPython 3.11; 153 if records had a __dict__ each


def test_check_holds_only_a_window_of_results(reports):
    """Results are handed on as they come: the peak does not grow with the number of files."""
    _, peak = _growth(
        "from lijiang_plan.reports.parallel import check_paths\nfor result in check_paths(files, plan, 1):\n    pass\n",
        reports,
    )
    assert peak < 16, peak  # every result kept: ~50 bytes a file


def test_workers_are_given_a_bounded_window_of_chunks(plan, reports, monkeypatch):
    """However many files, at most AHEAD chunks per worker are handed out before their results are read."""
    import multiprocessing

    from lijiang_plan.reports import parallel

    handed_out = []

    class Done:  # a chunk's result, ready at once
        def __init__(self, value):
            self.value = value

        def get(self):
            return self.value

    class Pool:  # runs each chunk at once, in this process, and counts what was handed out
        def __init__(self, jobs: int, **_options: object) -> None:
            pass

        def apply_async(self, function, args):
            handed_out.append(len(args[0]))
            return Done(function(*args))

        def close(self) -> None:
            pass

        def join(self) -> None:
            pass

    context = type("Context", (), {"Pool": Pool})

    monkeypatch.setattr(multiprocessing, "get_context", lambda method: context)
    monkeypatch.setattr(parallel, "_plan", plan)
    files = sorted(str(p) for p in reports.iterdir())
    ahead = []
    for read, _result in enumerate(parallel.check_in_workers(files, plan, 2), start=1):
        ahead.append(sum(handed_out) - read)
    assert len(ahead) == len(files) and sum(handed_out) == len(files)
    assert max(ahead) < len(files) / 2  # not all at once
    assert max(ahead) <= 2 * parallel.AHEAD * parallel.CHUNK


# -- one huge value, measured as a user measures it (issue #23) ---------------------------------------------


def _peak_mib(tmp_path: Path, *args: str) -> float:
    """The peak resident memory of one `lplan` run, in MiB, as `/usr/bin/time -f %M` reports it.

    time(1) is a small program that forks the command itself, so the figure is
    the command's own, not this test runner's (a fork starts from its parent's size).
    """
    import os
    import shutil

    time = shutil.which("time", path="/usr/bin:/bin")
    if time is None:
        pytest.skip("needs /usr/bin/time (Debian: apt-get install time)")
    report = tmp_path / "peak.txt"
    proc = subprocess.run(
        [time, "-f", "%M", "-o", str(report), sys.executable, "-m", "lijiang_plan", *args],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert b"Traceback" not in proc.stderr, proc.stderr
    return int(report.read_text().split()[-1]) / 1024


@pytest.mark.parametrize("character", ["甲", "x"])
def test_a_report_with_a_5_mb_unit_value_is_checked_in_under_150_mib(tmp_path, character):
    """Values are clipped for messages long before this; matching and escaping must not copy them per character."""
    base = (REPO / "tests" / "corpus" / "good-base.yaml").read_text(encoding="utf-8")
    size = 5 * 1024 * 1024 - 2000
    value = character * (size // len(character.encode()))
    path = tmp_path / "huge-unit.yaml"
    path.write_text(base.replace("unit: 丽江火车站", "unit: " + value), encoding="utf-8")
    assert _peak_mib(tmp_path, "check", str(path)) < 150

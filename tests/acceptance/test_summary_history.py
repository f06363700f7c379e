"""`lplan summary DIR` without --period (or --period all): every period the folder holds.

Each period's line must say exactly what `summary --period P` says of it: the
history is the same roll-up, once per period, from one reading of the files.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from lijiang_plan.plan.deadlines import reporters
from tests.acceptance.test_summary import PERIOD, Folder

EARLIER = "2024-H2"


@pytest.fixture
def folder(run, plan, tmp_path) -> Folder:
    """The summary tests' folder: 2025-H1 reports, and one unit's report for 2024-H2."""
    root = tmp_path / "reports"
    root.mkdir()
    return Folder(run, plan, root)


def history(run, folder: Folder, *args: str) -> dict:
    result = run("summary", str(folder.root), "--format", "json", *args)
    assert result.exit_code == 1, result.stderr  # the latest period is incomplete
    return json.loads(result.stdout)


def test_every_period_held_is_rolled_up_oldest_first(run, folder):
    doc = history(run, folder)
    assert [p["period"] for p in doc["periods"]] == [EARLIER, PERIOD]
    assert doc == history(run, folder, "--period", "all") == history(run, folder, "-p", " ALL ")


def test_each_period_agrees_with_its_own_summary(run, folder):
    doc = history(run, folder)
    for row in doc["periods"]:
        single = json.loads(run("summary", str(folder.root), "-p", row["period"], "-f", "json").stdout)
        assert row["complete"] is single["complete"] and row["due"] == single["due"]
        assert {k: v for k, v in row.items() if k in single["totals"]} == single["totals"]
        statuses = {u["unit_id"]: u["status"] for u in single["units"]}
        assert {u["unit_id"]: u[row["period"]] for u in doc["history"]} == statuses


def test_unit_history_has_every_expected_reporter(run, plan, folder):
    doc = history(run, folder)
    assert [u["unit_id"] for u in doc["history"]] == reporters(plan)
    by_unit = {u["unit_id"]: u for u in doc["history"]}
    assert (by_unit[folder.other_period][EARLIER], by_unit[folder.other_period][PERIOD]) == ("on-time", "missing")
    assert (by_unit[folder.late][EARLIER], by_unit[folder.late][PERIOD]) == ("missing", "late")


def test_csv_tables_of_all_periods(run, folder):
    result = run("summary", str(folder.root), "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert [r["period"] for r in rows] == [EARLIER, PERIOD] and result.stdout_bytes.endswith(b"\r\n")
    assert rows[1]["late"] == "1" and rows[1]["complete"] == "false"
    table = run("summary", str(folder.root), "-f", "csv", "-t", "history").stdout
    head = next(csv.reader(io.StringIO(table)))
    assert head == ["unit_id", "unit", "kind", EARLIER, PERIOD]


def test_plain_text_has_a_headline_per_period_and_a_status_grid(run, folder):
    result = run("summary", str(folder.root))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{EARLIER} (due 2024-12-20)") and lines[1].startswith(f"{PERIOD} (due 2025-06-20)")
    assert f"  Unit\t{EARLIER}\t{PERIOD}" in lines
    assert sum(line.startswith("  ") for line in lines) == 39 + 1


def test_tables_belong_to_their_mode(run, folder):
    one = run("summary", str(folder.root), "-t", "units")
    assert one.exit_code == 2 and "--table units is a table of one period" in one.stderr
    many = run("summary", str(folder.root), "-p", PERIOD, "-t", "history")
    assert many.exit_code == 2 and "--period all" in many.stderr


def test_a_folder_with_no_period_is_an_empty_history(run, tmp_path):
    (tmp_path / "notes.yaml").write_text("just: notes\n", encoding="utf-8")
    result = run("summary", str(tmp_path), "-f", "json")
    assert result.exit_code == 0 and "gives a period" in result.stderr
    assert json.loads(result.stdout)["periods"] == []
    empty = run("summary", str(tmp_path / "nothing"))
    assert empty.exit_code == 2


def test_a_complete_latest_period_exits_0(run, plan, tmp_path):
    from tests.acceptance.test_summary import template
    from tests.acceptance.test_template import _fill

    for unit in reporters(plan):
        (tmp_path / f"{unit}.yaml").write_text(_fill(template(run, unit), "2025-06-01"), encoding="utf-8")
    (tmp_path / "old.yaml").write_text(
        _fill(template(run, reporters(plan)[0], EARLIER), "2024-12-01"), encoding="utf-8"
    )
    result = run("summary", str(tmp_path), "-f", "json")
    assert result.exit_code == 0, result.stdout
    assert [p["complete"] for p in json.loads(result.stdout)["periods"]] == [False, True]


def test_the_page_of_all_periods_for_a_folder_of_one_period(run, plan, tmp_path):
    """One period held: its page still lists every reporting unit, each with that period's status."""
    root = tmp_path / "reports"
    root.mkdir()
    (root / "r.yaml").write_text(
        "unit: 市法院\nperiod: 2025-H1\nsubmitted: 2025-06-10\nmeasures: []\n", encoding="utf-8"
    )
    result = run("summary", str(root), "--format", "html")
    assert result.exit_code == 1, result.stderr  # one unit of many: incomplete
    assert "Traceback" not in result.stderr and result.stdout.count("<tr") >= len(reporters(plan))
    assert plan.unit_name("court") in result.stdout
    doc = json.loads(run("summary", str(root), "--format", "json").stdout)
    assert [u["unit_id"] for u in doc["history"]] == reporters(plan)
    assert {u["unit_id"]: u["2025-H1"] for u in doc["history"]}["court"] == "on-time"

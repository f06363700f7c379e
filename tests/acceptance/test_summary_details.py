"""`lplan summary` columns and lines the office reads that the broad tests do not pin:
who cooperated, a unit's counts when nothing of it is counted, the headline's undated
and unidentified parts, and the unit named beside each report with findings."""

from __future__ import annotations

import json

import pytest

from lijiang_plan.plan.deadlines import reporters
from tests.acceptance.test_summary import PERIOD, Folder, rollup, template


@pytest.fixture
def office(run, plan, tmp_path) -> Folder:
    root = tmp_path / PERIOD
    root.mkdir()
    return Folder(run, plan, root)


def test_each_measure_splits_its_cooperating_units_into_reported_and_missing(run, plan, office):
    doc = rollup(run, office)
    cooperating = {
        m: [u for u in reporters(plan) for d in plan.duties(u, "cooperate") if d.measure == m] for m in plan.leaf_ids()
    }
    assert sum(map(len, cooperating.values())) > 0
    for row in doc["measures"]:
        measure, units = row["measure"], cooperating[row["measure"]]
        assert row["cooperate_reported"] == [u for u in units if office.reported(u, measure)], measure
        assert row["cooperate_missing"] == [u for u in units if not office.reported(u, measure)], measure
    assert any(row["cooperate_reported"] for row in doc["measures"])


def test_a_unit_with_no_counted_report_has_no_errors_or_warnings(run, office):
    rows = {row["unit_id"]: row for row in rollup(run, office)["units"]}
    for unit in office.missing:
        assert (rows[unit]["errors"], rows[unit]["warnings"], rows[unit]["path"]) == (0, 0, None)
    assert rows[office.unreadable]["errors"] >= 1  # its unreadable file is what counts for it


@pytest.fixture
def undated(run, tmp_path):
    """One report with no submitted date (railway station) and one file naming no unit."""
    text = template(run, "丽江火车站").replace('account: ""', "account: 已开展宣传。")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "notes.yaml").write_text("just: [notes\n", encoding="utf-8")
    return tmp_path


def test_the_headline_counts_undated_reports_and_unidentified_files(run, undated):
    result = run("summary", str(undated), "--period", PERIOD)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{PERIOD} (due 2025-06-20): 1 of 39 units submitted (0 on time, 0 late, 1 undated, 0 unreadable), "
        "38 not submitted; 0 of 47 measures reported by every lead unit; 1 unidentified file(s). INCOMPLETE"
    )
    doc = json.loads(run("summary", str(undated), "--period", PERIOD, "-f", "json").stdout)
    assert (doc["totals"]["undated"], doc["totals"]["unidentified"]) == (1, 1)


def test_reports_with_findings_name_the_unit_of_each_file(run, undated):
    lines = run("summary", str(undated), "--period", PERIOD).stdout.splitlines()
    start = lines.index("Reports with findings (lplan check FILE for details):")
    a, notes = str(undated / "a.yaml"), str(undated / "notes.yaml")
    assert lines[start + 1 : start + 3] == [f"  {a}\t麗江火車站\t1\t0", f"  {notes}\t\t1\t0"]


def test_a_broken_reports_unit_is_read_from_its_first_64_kib_only(run, tmp_path):
    """A file that does not load is still the unit's (unreadable) submission when its unit: line
    ends within the first 64 KiB; a unit: line after that is never read (unidentified)."""
    line = b"unit: railway-station\n"
    (tmp_path / "within.yaml").write_bytes(b"#" * (64 * 1024 - len(line) - 1) + b"\n" + line + b"period: [\n")
    (tmp_path / "after.yaml").write_bytes(b"#" * (64 * 1024 - 1) + b"\n" + line + b"period: [\n")
    doc = json.loads(run("summary", str(tmp_path), "--period", PERIOD, "-f", "json").stdout)
    units = {row["path"].rsplit("/", 1)[-1]: (row["unit_id"], row["use"]) for row in doc["files"]}
    assert units == {"within.yaml": ("railway-station", "counted"), "after.yaml": (None, "unidentified")}


def test_each_measure_names_the_counties_that_reported_it_and_counts_every_reporter(run, plan, office):
    doc = rollup(run, office)
    counties = {
        m: [u for u in reporters(plan) for d in plan.duties(u, "county") if d.measure == m] for m in plan.leaf_ids()
    }
    counted = [u for u in reporters(plan) if u in office.counted]
    for row in doc["measures"]:
        measure = row["measure"]
        assert row["counties_reported"] == [u for u in counties[measure] if office.reported(u, measure)], measure
        with_duty = [u for u in counted if any(d.measure == measure for d in plan.duties(u))]  # their templates hold it
        assert row["reported_by"] == sum(office.reported(u, measure) for u in with_duty), measure
    assert any(row["counties_reported"] for row in doc["measures"])
    assert len({row["reported_by"] for row in doc["measures"]}) > 1

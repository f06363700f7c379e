"""`lplan summary`: a period's folder of filled-in templates, rolled up for the municipal office.

The folder is built from `lplan template` output, filled in as a unit would.
Which units play which part is chosen from the plan's data (reporters, lead
duties), and what the roll-up must say is derived from the plan too: a
measure's lead units are `plan.node(mid)["lead"]`, a unit's duties
`plan.duties(uid)`, the due date `deadlines.due_date`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
from dataclasses import fields
from pathlib import Path

import pandas
import pytest

from lijiang_plan.outputs.tables import csv_cell
from lijiang_plan.plan.deadlines import due_date, reporters
from lijiang_plan.reports import rollup as summary
from tests.acceptance.test_export import documented_columns
from tests.acceptance.test_template import _fill, _without
from tests.conftest import REPO

PERIOD = "2025-H1"
TABLES = list(summary.TABLES)
BOM = b"\xef\xbb\xbf"


def template(run, unit: str, period: str = PERIOD) -> str:
    result = run("template", "--unit", unit, "--period", period)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def lead_measures(plan, unit_id: str) -> list[str]:
    return [d.measure for d in plan.duties(unit_id) if d.role == "lead"]


class Folder:
    """A period's folder: who plays which part, chosen from the plan, and the files written."""

    def __init__(self, run, plan, root: Path) -> None:
        self.root = root
        self.due = due_date(plan, 2025, "H1")
        units = reporters(plan)
        leaders = [u for u in units if plan.units[u]["kind"] == "department" and lead_measures(plan, u)]
        counties = [u for u in units if plan.units[u]["kind"] == "county"]
        self.on_time = leaders[:6] + counties[:1]
        self.late, self.dropped, self.duplicate, self.unreadable, self.other_period = leaders[6:11]
        self.dropped_measure = lead_measures(plan, self.dropped)[0]
        self.duplicate_measure = lead_measures(plan, self.duplicate)[0]

        def write(name: str, text: str) -> None:
            (root / name).write_text(text, encoding="utf-8")

        for i, unit in enumerate(self.on_time):  # the due day itself and earlier days are on time
            write(f"{unit}.yaml", _fill(template(run, unit), str(self.due - dt.timedelta(days=i))))
        write(f"{self.late}.yaml", _fill(template(run, self.late), str(self.due + dt.timedelta(days=1))))
        filled = _fill(template(run, self.dropped), str(self.due))
        write(f"{self.dropped}.yaml", _without(filled, self.dropped_measure))
        # duplicate: an early, incomplete report, then a complete one (counted: the later date)
        early = _without(
            _fill(template(run, self.duplicate), str(self.due - dt.timedelta(days=5))), self.duplicate_measure
        )
        write(f"{self.duplicate}-v1.yaml", early)
        write(f"{self.duplicate}-v0.yaml", _fill(template(run, self.duplicate), str(self.due - dt.timedelta(days=2))))
        # unreadable: broken YAML at the end; its unit: line names the unit
        write(f"{self.unreadable}.yaml", _fill(template(run, self.unreadable), str(self.due)) + "  - id: [\n")
        write(f"{self.other_period}.yaml", _fill(template(run, self.other_period, "2024-H2"), "2024-12-18"))
        (root / "notes.yaml").write_bytes(b"just: [some notes\n")  # no unit, not even YAML
        self.counted = {*self.on_time, self.late, self.dropped, self.duplicate}
        self.missing = [u for u in units if u not in self.counted and u != self.unreadable]

    def reported(self, unit_id: str, measure: str) -> bool:
        return unit_id in self.counted and (unit_id, measure) != (self.dropped, self.dropped_measure)


@pytest.fixture
def folder(run, plan, tmp_path) -> Folder:
    root = tmp_path / PERIOD
    root.mkdir()
    return Folder(run, plan, root)


def rollup(run, folder: Folder, *args: str) -> dict:
    result = run("summary", str(folder.root), "--period", PERIOD, "--format", "json", *args)
    assert result.exit_code == 1, result.stderr
    return json.loads(result.stdout)


# -- what the roll-up says -----------------------------------------------------------


def test_units_status_follows_the_due_date_and_the_files(run, plan, folder):
    doc = rollup(run, folder)
    status = {row["unit_id"]: row["status"] for row in doc["units"]}
    assert list(status) == reporters(plan) and len(status) == 39
    expected = {u: "on-time" for u in folder.on_time + [folder.dropped, folder.duplicate]}
    expected |= {folder.late: "late", folder.unreadable: "unreadable"}
    expected |= {u: "missing" for u in folder.missing}
    assert status == expected
    assert folder.other_period in folder.missing  # a report for another period does not count
    late = next(r for r in doc["units"] if r["unit_id"] == folder.late)
    assert (late["submitted"], late["days_late"]) == (str(folder.due + dt.timedelta(days=1)), 1)
    assert doc["period"] == PERIOD and doc["due"] == str(folder.due) and doc["complete"] is False
    totals = doc["totals"]
    assert totals["expected"] == 39 and totals["missing"] == len(folder.missing)
    assert totals["submitted"] == len(folder.counted) + 1
    assert (totals["late"], totals["unreadable"], totals["duplicates"]) == (1, 1, 1)
    assert (totals["other_period"], totals["unidentified"], totals["files"]) == (
        1,
        1,
        len(folder.counted) + 4,
    )  # + superseded, unreadable, other, notes


def test_each_measure_lists_exactly_the_lead_units_that_did_not_report(run, plan, folder):
    doc = rollup(run, folder)
    assert [row["measure"] for row in doc["measures"]] == plan.leaf_ids()
    for row in doc["measures"]:
        leads = plan.node(row["measure"])["lead"]
        missing = [u for u in leads if not folder.reported(u, row["measure"])]
        assert row["lead_ids"] == leads
        assert row["lead_missing"] == missing, row["measure"]
        assert row["lead_reported"] == [u for u in leads if u not in missing]
        assert row["complete"] is (not missing)
    assert doc["totals"]["measures_incomplete"] == sum(not r["complete"] for r in doc["measures"]) > 0
    dropped = next(r for r in doc["measures"] if r["measure"] == folder.dropped_measure)
    assert folder.dropped in dropped["lead_missing"]


def test_units_list_the_measures_they_still_owe(run, plan, folder):
    rows = {row["unit_id"]: row for row in rollup(run, folder)["units"]}
    assert rows[folder.dropped]["missing_required"] == [folder.dropped_measure]
    assert rows[folder.on_time[0]]["missing_required"] == [] == rows[folder.on_time[0]]["missing_cooperate"]
    for unit in folder.missing + [folder.unreadable]:
        owed = [d.measure for d in plan.duties(unit) if d.role in ("lead", "county")]
        assert rows[unit]["missing_required"] == owed
        assert rows[unit]["missing_cooperate"] == [d.measure for d in plan.duties(unit) if d.role == "cooperate"]
    assert any(rows[unit]["missing_cooperate"] for unit in folder.missing)


def test_duplicate_submission_counts_the_latest_date_not_the_last_file(run, folder):
    doc = rollup(run, folder)
    row = next(r for r in doc["units"] if r["unit_id"] == folder.duplicate)
    assert row["path"].endswith(f"{folder.duplicate}-v0.yaml")  # later date, earlier name
    assert [Path(p).name for p in row["duplicates"]] == [f"{folder.duplicate}-v1.yaml"]
    use = {Path(f["path"]).name: f["use"] for f in doc["files"]}
    assert use[f"{folder.duplicate}-v1.yaml"] == "superseded"
    measure = next(r for r in doc["measures"] if r["measure"] == folder.duplicate_measure)
    assert folder.duplicate not in measure["lead_missing"]


def test_files_say_what_became_of_each(run, folder):
    files = {Path(f["path"]).name: f for f in rollup(run, folder)["files"]}
    assert files[f"{folder.other_period}.yaml"]["use"] == "other-period"
    assert files[f"{folder.other_period}.yaml"]["period"] == "2024-H2"
    unreadable = files[f"{folder.unreadable}.yaml"]
    assert (unreadable["use"], unreadable["readable"], unreadable["unit_id"]) == ("counted", False, folder.unreadable)
    assert files["notes.yaml"]["use"] == "unidentified" and files["notes.yaml"]["unit_id"] is None
    assert files[f"{folder.late}.yaml"]["warnings"] == 1 and files[f"{folder.late}.yaml"]["errors"] == 0


def test_findings_are_those_lplan_check_gives(run, folder):
    doc = rollup(run, folder)
    checked = json.loads(run("check", "--format", "json", str(folder.root)).stdout)
    assert [{k: v for k, v in f.items() if k != "unit_id"} for f in doc["findings"]] == [
        {k: v for k, v in f.items() if k != "fails"} for f in checked["findings"]
    ]
    counts = {f["path"]: (f["errors"], f["warnings"]) for f in checked["files"]}
    assert {f["path"]: (f["errors"], f["warnings"]) for f in doc["files"]} == counts
    rules = {f["rule"] for f in doc["findings"]}
    assert {"late", "missing-lead", "yaml-syntax"} <= rules


def test_matrix_cells_are_role_and_state_from_the_unit_duties(run, plan, folder):
    matrix = rollup(run, folder)["matrix"]
    assert [row["unit_id"] for row in matrix] == reporters(plan)
    for row in matrix:
        assert list(row)[3:] == plan.leaf_ids()
        roles = {d.measure: d.role for d in plan.duties(row["unit_id"])}
        for measure in plan.leaf_ids():
            role = roles.get(measure)
            state = "reported" if folder.reported(row["unit_id"], measure) else "missing"
            assert row[measure] == (None if role is None else f"{role}:{state}"), (row["unit_id"], measure)


def test_a_complete_folder_exits_0(run, plan, tmp_path):
    due = str(due_date(plan, 2025, "H1"))
    for unit in reporters(plan):
        (tmp_path / f"{unit}.yaml").write_text(_fill(template(run, unit), due), encoding="utf-8")
    result = run("summary", str(tmp_path), "-p", PERIOD, "-f", "json")
    assert result.exit_code == 0, result.stdout
    doc = json.loads(result.stdout)
    assert doc["complete"] is True and doc["totals"]["on_time"] == 39
    assert all(row["complete"] for row in doc["measures"])
    text = run("summary", str(tmp_path), "-p", PERIOD)
    assert text.exit_code == 0 and text.stdout.rstrip().endswith("complete") and "INCOMPLETE" not in text.stdout


def test_a_county_report_leaving_out_a_measure_makes_the_roll_up_incomplete(run, plan, tmp_path):
    due = str(due_date(plan, 2025, "H1"))
    county = next(u for u in reporters(plan) if plan.units[u]["kind"] == "county")
    left_out = plan.leaf_ids()[-1]
    for unit in reporters(plan):
        text = _fill(template(run, unit), due)
        (tmp_path / f"{unit}.yaml").write_text(_without(text, left_out) if unit == county else text, encoding="utf-8")
    result = run("summary", str(tmp_path), "-p", PERIOD, "-f", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["complete"] is False and doc["totals"]["counties_incomplete"] == 1
    assert next(r for r in doc["units"] if r["unit_id"] == county)["missing_required"] == [left_out]
    assert all(row["complete"] for row in doc["measures"])  # no lead unit is missing anything
    assert "1 county office report(s) leaving out measures" in run("summary", str(tmp_path), "-p", PERIOD).stdout


def test_an_unfilled_template_reports_nothing(run, plan, tmp_path):
    unit = next(u for u in reporters(plan) if lead_measures(plan, u))
    (tmp_path / "r.yaml").write_text(template(run, unit), encoding="utf-8")  # accounts and date empty
    doc = json.loads(run("summary", str(tmp_path), "-p", PERIOD, "-f", "json").stdout)
    row = next(r for r in doc["units"] if r["unit_id"] == unit)
    assert row["status"] == "undated"
    assert row["missing_required"] == lead_measures(plan, unit)


def test_bad_period_in_a_readable_report_makes_it_unreadable_for_its_unit(run, plan, tmp_path):
    unit = reporters(plan)[0]
    text = _fill(template(run, unit), "2025-06-01").replace(f"period: {PERIOD}", "period: 2025-H3")
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    doc = json.loads(run("summary", str(tmp_path), "-p", PERIOD, "-f", "json").stdout)
    assert next(r for r in doc["units"] if r["unit_id"] == unit)["status"] == "unreadable"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_among_the_reports_is_listed_and_never_blocks(run, plan, tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")  # opening it for reading would block forever
    result = run("summary", str(tmp_path), "-p", PERIOD, "-f", "json")
    assert result.exit_code == 1
    files = json.loads(result.stdout)["files"]
    assert [(f["path"].endswith("pipe.yaml"), f["use"]) for f in files] == [(True, "unidentified")]


def test_a_gbk_report_is_unreadable_but_still_its_units(run, plan, tmp_path):
    unit = reporters(plan)[0]
    (tmp_path / "r.yaml").write_bytes(_fill(template(run, unit), "2025-06-01").encode("gbk", errors="replace"))
    doc = json.loads(run("summary", str(tmp_path), "-p", PERIOD, "-f", "json").stdout)
    assert next(r for r in doc["units"] if r["unit_id"] == unit)["status"] == "unreadable"
    assert doc["findings"][0]["rule"] == "encoding"


def test_full_width_period_and_ids_are_read_as_lplan_check_reads_them(run, plan, tmp_path):
    unit = next(u for u in reporters(plan) if lead_measures(plan, u))
    text = _fill(template(run, unit), "2025-06-01").replace(f"period: {PERIOD}", "period: ２０２５－Ｈ１")
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    doc = json.loads(run("summary", str(tmp_path), "-p", PERIOD, "-f", "json").stdout)
    assert next(r for r in doc["units"] if r["unit_id"] == unit)["status"] == "on-time"


# -- CSV and its round trip ------------------------------------------------------------


def csv_bytes(run, folder: Folder, table: str, *args: str) -> bytes:
    result = run("summary", str(folder.root), "-p", PERIOD, "-f", "csv", "-t", table, *args)
    assert result.exit_code == 1, result.stderr
    return result.stdout_bytes


@pytest.mark.parametrize("table", TABLES)
def test_csv_reads_back_with_csv_and_pandas_as_the_json_rows(run, plan, folder, table):
    raw = csv_bytes(run, folder, table)
    assert not raw.startswith(BOM) and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    rows = json.loads(run("summary", str(folder.root), "-p", PERIOD, "-f", "json", "-t", table).stdout)
    columns = summary.columns(table, plan)
    expected = [[c.key for c in columns]] + [[csv_cell(row[c.key], c.type) for c in columns] for row in rows]
    parsed = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert parsed == expected
    frame = pandas.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False)
    assert [list(frame.columns)] + frame.values.tolist() == expected
    assert len(rows) == {"units": 39, "matrix": 39, "measures": 47}.get(table, len(rows))


def test_csv_default_table_is_units(run, folder):
    default = run("summary", str(folder.root), "-p", PERIOD, "-f", "csv").stdout_bytes
    assert default == csv_bytes(run, folder, "units")
    header = default.split(b"\r\n", 1)[0].decode()
    assert header == ",".join(c.key for c in summary.UNITS)


def test_csv_lists_are_joined_with_semicolons(run, plan, folder):
    rows = list(csv.DictReader(io.StringIO(csv_bytes(run, folder, "units").decode(), newline="")))
    owed = next(r for r in rows if r["unit_id"] == folder.missing[0])["missing_required"]
    assert owed == ";".join(d.measure for d in plan.duties(folder.missing[0]) if d.role in ("lead", "county"))


def test_excel_adds_only_a_bom(run, folder, tmp_path):
    plain = csv_bytes(run, folder, "matrix")
    assert csv_bytes(run, folder, "matrix", "--excel") == BOM + plain
    target = tmp_path / "m.csv"
    csv_bytes(run, folder, "matrix", "--excel", "-o", str(target))
    assert target.read_bytes() == BOM + plain


# -- text --------------------------------------------------------------------------------


def test_piped_text_is_the_headline_and_sections(run, plan, folder):
    result = run("summary", str(folder.root), "-p", PERIOD)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{PERIOD} (due {folder.due}): {len(folder.counted) + 1} of 39 units submitted")
    assert lines[0].endswith("INCOMPLETE")
    for title in ("Not submitted:", "Unreadable:", "Late:", "Duplicate submissions", "Measures not reported"):
        assert any(line.startswith(title) for line in lines), title
    late_line = next(line for line in lines if line.startswith(f"  {plan.unit_name(folder.late, 'traditional')}\t"))
    assert late_line.endswith("\t1")
    assert "notes.yaml" in result.stdout and "2024-H2" in result.stdout


def test_text_follows_script(run, plan, folder):
    result = run("--script", "simplified", "summary", str(folder.root), "-p", PERIOD)
    assert plan.unit_name(folder.late, "simplified") in result.stdout


_STATUS_WORDS = {"on-time": "按时", "late": "逾期", "undated": "无日期", "unreadable": "无法读取", "missing": "未报送"}


def test_text_with_table_is_a_header_and_tab_separated_rows_for_people(run, plan, folder):
    result = run("summary", str(folder.root), "-p", PERIOD, "-t", "measures")
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == [c.header for c in summary.MEASURES]
    assert [line.split("\t")[0] for line in lines[1:]] == plan.leaf_ids()
    zh = run("summary", str(folder.root), "-p", PERIOD, "-t", "units", env={"LANG": "zh_CN.UTF-8"}).stdout
    head, first = zh.splitlines()[:2]
    assert head.split("\t")[:4] == ["单位", "类别", "状态", "报送日期"]
    unit = json.loads(run("summary", str(folder.root), "-p", PERIOD, "-f", "json").stdout)["units"][0]
    assert first.split("\t")[:3] == [
        plan.unit_name(unit["unit_id"], "simplified"),
        "部门",
        _STATUS_WORDS[unit["status"]],
    ]
    assert "unit_id" not in zh and "department" not in zh and "on-time" not in zh


def test_terminal_view_is_tables_under_a_coloured_headline(run, folder, monkeypatch):
    from lijiang_plan.outputs import tables as output

    monkeypatch.setattr(output, "is_terminal", lambda stream: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    result = run("summary", str(folder.root), "-p", PERIOD)
    assert result.exit_code == 1
    assert "Not submitted" in result.stdout and ("│" in result.stdout or "┃" in result.stdout)
    table = run("summary", str(folder.root), "-p", PERIOD, "-t", "files", env={"COLUMNS": "400"})
    assert "notes.yaml" in table.stdout and "other period" in table.stdout


def test_terminal_view_shows_file_names_literally(run, folder, monkeypatch):
    from lijiang_plan.outputs import tables as output

    monkeypatch.setattr(output, "is_terminal", lambda stream: True)
    monkeypatch.setenv("NO_COLOR", "1")
    (folder.root / "notes.yaml").rename(folder.root / "[red]notes.yaml")
    result = run("summary", str(folder.root), "-p", PERIOD, env={"COLUMNS": "400"})
    assert "[red]notes.yaml" in result.stdout and "\x1b[" not in result.stdout


# -- files and errors -----------------------------------------------------------------------


def test_output_file_holds_what_stdout_gets_and_is_never_replaced_without_force(run, folder, tmp_path):
    stdout = run("summary", str(folder.root), "-p", PERIOD, "-f", "json").stdout
    target = tmp_path / "out.json"
    assert run("summary", str(folder.root), "-p", PERIOD, "-f", "json", "-o", str(target)).exit_code == 1
    assert target.read_text(encoding="utf-8") == stdout
    target.write_text("mine", encoding="utf-8")
    refused = run("summary", str(folder.root), "-p", PERIOD, "-o", str(target))
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert target.read_text(encoding="utf-8") == "mine"
    assert run("summary", str(folder.root), "-p", PERIOD, "-o", str(target), "--force").exit_code == 1
    assert target.read_text(encoding="utf-8") == stdout  # -o FILE.json without --format: JSON


@pytest.mark.parametrize(
    ("name", "fmt"), [("s.JSON", "json"), ("s.csv", "csv"), ("s.html", "html"), ("s.txt", "text"), ("s", "text")]
)
def test_without_format_the_output_name_chooses_it(run, folder, tmp_path, name, fmt):
    """One reading of -o FILE.EXT for every command (outputs.writers.format_of); an unknown suffix keeps text."""
    target = tmp_path / name
    assert run("summary", str(folder.root), "-p", PERIOD, "-o", str(target)).exit_code == 1
    given = run("summary", str(folder.root), "-p", PERIOD, "-f", fmt).stdout_bytes
    assert target.read_bytes() == given


def test_an_explicit_format_wins_over_the_output_name(run, folder, tmp_path):
    target = tmp_path / "s.json"
    assert run("summary", str(folder.root), "-p", PERIOD, "-f", "csv", "-o", str(target)).exit_code == 1
    assert target.read_bytes() == run("summary", str(folder.root), "-p", PERIOD, "-f", "csv").stdout_bytes


def test_text_table_to_a_file_is_plain(run, folder, tmp_path):
    target = tmp_path / "units.txt"
    run("summary", str(folder.root), "-p", PERIOD, "-t", "units", "-o", str(target))
    assert target.read_text(encoding="utf-8").split("\t", 1)[0] == "Unit"


@pytest.mark.parametrize("period", ["2025-H3", "2025H1", "2019-H1", "2031-H2"])
def test_bad_period_is_a_usage_error(run, folder, period):
    result = run("summary", str(folder.root), "-p", period)
    assert result.exit_code == 2 and result.stdout == ""
    assert f"period '{period}'" in result.stderr


def test_missing_or_non_directory_dir_is_a_usage_error(run, tmp_path):
    missing = run("summary", str(tmp_path / "nope"), "-p", PERIOD)
    assert missing.exit_code == 2 and "does not exist" in missing.stderr
    (tmp_path / "f.yaml").write_text("x: 1\n", encoding="utf-8")
    a_file = run("summary", str(tmp_path / "f.yaml"), "-p", PERIOD)
    assert a_file.exit_code == 2 and "is not a directory" in a_file.stderr


def test_bad_choices_are_usage_errors(run, tmp_path):
    assert run("summary", str(tmp_path), "-p", PERIOD, "-t", "nope").exit_code == 2
    assert run("summary", str(tmp_path), "-p", PERIOD, "-f", "yaml").exit_code == 2  # xlsx is a format now
    excel = run("summary", str(tmp_path), "-p", PERIOD, "-f", "json", "--excel")
    assert excel.exit_code == 2 and "--excel applies to CSV only" in excel.stderr


def test_an_empty_folder_is_all_missing(run, tmp_path):
    result = run("summary", str(tmp_path), "-p", PERIOD, "-f", "json")
    assert result.exit_code == 1 and "no report files" in result.stderr
    assert json.loads(result.stdout)["totals"]["missing"] == 39


def test_hidden_directories_are_skipped_and_other_formats_listed_as_check_lists_them(run, plan, tmp_path):
    unit = reporters(plan)[0]
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "r.yaml").write_text(_fill(template(run, unit), "2025-06-01"), encoding="utf-8")
    (tmp_path / "r.txt").write_text(_fill(template(run, unit), "2025-06-01"), encoding="utf-8")
    doc = json.loads(run("summary", str(tmp_path), "-p", PERIOD, "-f", "json").stdout)
    # a text file is listed, and its unit: line tells whose unreadable report it is
    assert [(f["path"], f["use"], f["readable"], f["unit_id"]) for f in doc["files"]] == [
        (str(tmp_path / "r.txt"), "counted", False, unit)
    ]


# -- the library ---------------------------------------------------------------------------


def test_records_keep_no_documents_and_findings_only_when_asked(plan, folder):
    files = sorted(str(p) for p in folder.root.iterdir())
    kept = summary.summarize(iter(files), plan, PERIOD, keep_findings=False)
    for record in kept.files:
        assert record.findings == ()
        assert all(
            isinstance(v, (str, bool, int, frozenset, dt.date, tuple, type(None)))
            for v in (getattr(record, f.name) for f in fields(record))
        )
    assert any(r.findings for r in summary.summarize(files, plan, PERIOD).files)


def test_check_file_gives_inspect_files_findings(plan, folder):
    from lijiang_plan.reports.check import check_file, inspect_file

    for path in sorted(folder.root.iterdir()):
        loaded, findings = inspect_file(str(path), plan)
        assert findings == check_file(str(path), plan)
        assert loaded.path == str(path)


# -- documentation ----------------------------------------------------------------------------


def test_the_reference_documents_exactly_the_tables_and_columns():
    from lijiang_plan.reports import history

    assert documented_columns("Summary tables") == {
        name: [(c.key, c.type) for c in cols] for name, (_, cols) in {**summary.TABLES, **history.TABLES}.items()
    }


def test_help_lists_every_table_and_column(run):
    result = run("summary", "--help")
    assert result.exit_code == 0
    for name, (_, columns) in summary.TABLES.items():
        assert re.search(rf"^\s+{name}:", result.stdout, re.MULTILINE)
        for column in columns:
            assert re.search(rf"^\s+{re.escape(column.key)}\s", result.stdout, re.MULTILINE), column.key


def test_duplicates_on_the_same_day_count_the_last_path_and_readable_beats_unreadable(run, plan, tmp_path):
    first, second = reporters(plan)[:2]
    filled = _fill(template(run, first), "2025-06-10")
    (tmp_path / "a.yaml").write_text(filled, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(filled, encoding="utf-8")
    later_but_broken = _fill(template(run, second), "2025-06-19") + "  - id: [\n"
    (tmp_path / "c.yaml").write_text(later_but_broken, encoding="utf-8")
    (tmp_path / "d.yaml").write_text(_fill(template(run, second), "2025-06-01"), encoding="utf-8")
    doc = json.loads(run("summary", str(tmp_path), "-p", PERIOD, "-f", "json").stdout)
    rows = {r["unit_id"]: r for r in doc["units"]}
    assert Path(rows[first]["path"]).name == "b.yaml" and rows[first]["status"] == "on-time"
    assert Path(rows[second]["path"]).name == "d.yaml" and rows[second]["status"] == "on-time"
    assert [Path(p).name for p in rows[second]["duplicates"]] == ["c.yaml"]


def test_dash_output_is_stdout_and_json_table_is_a_list_of_rows(run, folder):
    findings = run("summary", str(folder.root), "-p", PERIOD, "-f", "json", "-t", "findings", "-o", "-")
    rows = json.loads(findings.stdout)
    assert rows and list(rows[0]) == [c.key for c in summary.FINDINGS]
    unreadable = [r for r in rows if r["rule"] == "yaml-syntax"]
    assert {r["unit_id"] for r in unreadable} == {folder.unreadable, None}


@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_odd_file_names_print_in_every_format(run, plan, tmp_path, fmt):
    unit = next(u for u in reporters(plan) if lead_measures(plan, u))
    text = _fill(template(run, unit), str(due_date(plan, 2025, "H1") + dt.timedelta(days=3)))  # late
    names = [os.fsencode(tmp_path) + b"/\xff.yaml", os.fsencode(tmp_path) + b"/esc\x1b[31m.yaml"]
    for name in names:
        with open(name, "wb") as fh:
            fh.write(text.encode("utf-8"))
    for table in ("files", "findings"):
        result = run("summary", str(tmp_path), "-p", PERIOD, "-f", fmt, "-t", table)
        assert result.exit_code == 1, result.stderr
        assert "\x1b" not in result.stdout
        assert "\\xff" in result.stdout or "\\\\xff" in result.stdout


@pytest.mark.parametrize("measures", ["4.3", "{id: '4.3'}", "[4.3, '4.8']"], ids=["text", "mapping", "not-entries"])
def test_a_report_whose_measures_are_not_entries_reports_none_of_them(run, plan, tmp_path, measures):
    (tmp_path / "airport.yaml").write_text(
        f"unit: 丽江机场集团\nperiod: {PERIOD}\nsubmitted: 2025-06-10\nmeasures: {measures}\n", encoding="utf-8"
    )
    result = run("summary", str(tmp_path), "--period", PERIOD, "--format", "json")
    assert result.exit_code == 1, result.stderr
    row = next(r for r in json.loads(result.stdout)["units"] if r["unit_id"] == "airport-group")
    assert row["path"] == str(tmp_path / "airport.yaml")
    assert row["missing_required"] == lead_measures(plan, "airport-group") and row["errors"] >= 1


def test_a_period_in_chinese_words_is_read_everywhere_and_shown_in_words(run, tmp_path):
    zh = {"LANG": "zh_CN.UTF-8"}
    court = (REPO / "examples" / "reports" / "good-court-2024-H2.yaml").read_text(encoding="utf-8")
    (tmp_path / "court.yaml").write_text(court.replace("period: 2024-H2", "period: 2024年下半年"), encoding="utf-8")
    text = run("summary", str(tmp_path), "-p", "2024年下半年", env=zh)
    assert text.exit_code == 1 and text.stdout.startswith("2024年下半年（"), text.stdout
    document = json.loads(run("summary", str(tmp_path), "-p", "2024-H2", "-f", "json", env=zh).stdout)
    assert document["period"] == "2024-H2" and document["totals"]["submitted"] == 1  # not unreadable
    assert [f["period"] for f in document["files"]] == ["2024-H2"]
    everything = run("summary", str(tmp_path), env=zh).stdout
    assert everything.startswith("2024年下半年（") and "单位\t2024年下半年\n" in everything
    from tests.acceptance.test_summary_page import Page

    page = Page(run("summary", str(tmp_path), "-p", "2024-H2", "-f", "html", env=zh).stdout)
    assert "2024年下半年报送情况" in page.text
    digest = run("digest", str(tmp_path), "-p", "2024-H2", "-f", "md", env=zh).stdout
    assert digest.startswith("# 2024年下半年工作报告汇编\n")
    refused = run("summary", str(tmp_path), "-p", "2024年", env=zh)
    assert refused.exit_code == 2 and "是否应为 2024-H1（1—6 月）或 2024-H2（7—12 月）？" in refused.stderr


# -- every file accounted for, each linked to its unit ---------------------------------------------


@pytest.fixture
def sent(run, plan, tmp_path) -> Path:
    """A period's folder as the office gets it: reports in the right format and not, named every which way."""
    root = tmp_path / "2025-H1"
    root.mkdir()
    (root / "court.yaml").write_text(_fill(template(run, "court"), "2025-06-10"), encoding="utf-8")
    education = _fill(template(run, "education-sports"), "2025-06-12").replace("unit: 市教育体育局", "unit: 教育局")
    (root / "jiaoyu.yaml").write_text(education, encoding="utf-8")  # the unit field fits one unit only
    (root / "2025-H1-市外办.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))  # Excel 97-2003
    (root / "2025-H1-市文化和旅游局.ods").write_bytes(b"PK\x03\x04 an OpenDocument spreadsheet")
    (root / "report.csv").write_text("单位,市公安局\n报告期,2025年上半年\n", encoding="utf-8")
    (root / "说明.txt").write_text("请查收。", encoding="utf-8")  # no unit in its name or content
    (root / "~$court.xlsx").write_bytes(b"\x00")  # a lock file: not a file anyone sent
    return root


ZH = {"LANG": "zh_CN.UTF-8"}
SENT = ["court", "education-sports", "foreign-affairs-office", "culture-tourism", "public-security"]


def test_every_file_in_the_folder_is_checked_and_named_in_chinese(run, sent):
    result = run("check", str(sent), env=ZH)
    assert result.exit_code == 1
    assert "已检查 6 个文件" in result.stderr  # six files sent; the lock file is none of them
    lines = result.stdout.splitlines()
    for name in ("2025-H1-市文化和旅游局.ods", "report.csv", "说明.txt"):
        (line,) = [line for line in lines if line.startswith(str(sent / name))]
        assert "不支持此格式，请另存为 .xlsx" in line and line.endswith("(unsupported-format)")
    (xls,) = [line for line in lines if "市外办.xls" in line]
    assert "另存为“Excel 工作簿（.xlsx）”" in xls
    (education,) = [line for line in lines if "jiaoyu.yaml" in line and "unit-matched" in line]
    assert "按唯一能对应上的报送单位市教育体育局读取" in education


def test_not_submitted_means_nothing_came_from_the_unit(run, plan, sent):
    document = json.loads(run("summary", str(sent), "-p", PERIOD, "-f", "json", env=ZH).stdout)
    status = {row["unit_id"]: row["status"] for row in document["units"]}
    assert {u: status[u] for u in SENT} == {
        "court": "on-time",
        "education-sports": "on-time",
        "foreign-affairs-office": "unreadable",
        "culture-tourism": "unreadable",
        "public-security": "unreadable",
    }
    assert [u for u, s in status.items() if s == "missing"] == [u for u in reporters(plan) if u not in SENT]
    assert document["totals"]["files"] == 6 and document["totals"]["unidentified"] == 1
    how = {os.path.basename(f["path"]): (f["unit_id"], f["matched_by"]) for f in document["files"]}
    assert how == {
        "court.yaml": ("court", "unit-field"),
        "jiaoyu.yaml": ("education-sports", "close-match"),
        "2025-H1-市外办.xls": ("foreign-affairs-office", "file-name"),
        "2025-H1-市文化和旅游局.ods": ("culture-tourism", "file-name"),
        "report.csv": ("public-security", "unit-field"),  # its 单位 line
        "说明.txt": (None, None),
    }
    text = run("summary", str(sent), "-p", PERIOD, env=ZH).stdout
    missing_part = text.split("未报送：\n", 1)[1].split("\n\n", 1)[0]
    assert "市外办" not in missing_part and "市公安局" not in missing_part and "市教育体育局" not in missing_part
    unreadable_part = text.split("无法读取：\n", 1)[1].split("\n\n", 1)[0]
    assert "2025-H1-市文化和旅游局.ods" in unreadable_part and "report.csv" in unreadable_part
    assert "说明.txt" in text.split("无法识别的文件", 1)[1]


def test_the_page_and_the_digest_name_every_file(run, sent):
    page = run("summary", str(sent), "-p", PERIOD, "-f", "html", env=ZH).stdout
    digest = run("digest", str(sent), "-p", PERIOD, "-f", "md", env=ZH).stdout
    for name in ("2025-H1-市外办.xls", "2025-H1-市文化和旅游局.ods", "report.csv", "说明.txt"):
        assert name in page, name
        assert name.replace(".", "\\.").replace("-", "\\-") in digest or name in digest, name


# -- what the summary counts, it lists -----------------------------------------------------------


def test_the_text_names_the_county_offices_that_leave_out_measures_and_which(run, plan, tmp_path):
    county = next(u for u in reporters(plan) if plan.units[u]["kind"] == "county")
    left_out = plan.leaf_ids()[:2]
    filled = _fill(template(run, county), "2025-06-10")
    for measure in left_out:
        filled = _without(filled, measure)
    (tmp_path / "county.yaml").write_text(filled, encoding="utf-8")
    text = run("summary", str(tmp_path), "-p", PERIOD, env=ZH).stdout
    assert "1 份县（区）反拐办报告缺少措施" in text.splitlines()[0]
    part = text.split("缺少措施的县（区）反拐办报告（县（区）反拐办须报告全部措施）：\n", 1)[1].split("\n\n", 1)[0]
    name = plan.unit_name(county, "simplified")
    assert part.splitlines() == [f"  {name}\t{tmp_path / 'county.yaml'}\t{'、'.join(left_out)}"]


def test_the_page_cards_and_the_section_heading_count_the_same_units(run, plan, sent):
    from tests.acceptance.test_summary_page import Page

    text = run("summary", str(sent), "-p", PERIOD, "-f", "html", env=ZH).stdout
    page = Page(text)
    cards = dict(re.findall(r'<div class="card"><dt>([^<]+)</dt><dd>([^<]+)</dd></div>', text))
    heading = re.search(r'<h2 id="s-missing">([^<]+)</h2>', text)[1]
    assert heading == f"没有可读报告的单位：未报送 {cards['未报送']} 个，无法读取 {cards['无法读取']} 个"
    listed = text.split('id="s-missing"', 1)[1].split("</table>", 1)[0].count('<tr><th scope="row"')
    assert listed == int(cards["未报送"]) + int(cards["无法读取"]) and "没有可读报告的单位" in "".join(page.text)


def test_a_file_whose_period_cannot_be_read_counts_in_the_latest_period_only(run, plan, tmp_path):
    court = (REPO / "examples" / "reports" / "good-court-2024-H2.yaml").read_text(encoding="utf-8")
    (tmp_path / "court-2024-H2.yaml").write_text(court, encoding="utf-8")
    (tmp_path / "court-2025-H1.yaml").write_text(
        court.replace("2024-H2", "2025-H1").replace("2024-12-20", "2025-06-10"), encoding="utf-8"
    )
    police = _fill(template(run, "public-security"), "2025-06-10").replace("period: 2025-H1", "period: 下半年")
    (tmp_path / "police.yaml").write_text(police, encoding="utf-8")  # its period cannot be read
    document = json.loads(run("summary", str(tmp_path), "-f", "json", env=ZH).stdout)
    by_period = {
        row["unit_id"]: {p["period"]: row[p["period"]] for p in document["periods"]} for row in document["history"]
    }
    assert by_period["public-security"] == {"2024-H2": "missing", "2025-H1": "unreadable"}
    assert by_period["court"] == {"2024-H2": "on-time", "2025-H1": "on-time"}
    assert [(p["period"], p["unreadable"], p["duplicates"]) for p in document["periods"]] == [
        ("2024-H2", 0, 0),
        ("2025-H1", 1, 0),
    ]
    one = json.loads(run("summary", str(tmp_path), "-p", "2024-H2", "-f", "json").stdout)
    assert one["totals"]["unreadable"] == 1  # asked for a period, it is that period's unreadable report


def test_a_long_file_list_names_the_first_files_and_counts_the_rest(run, plan, tmp_path):
    """A folder of many periods: the overview lists 50 of another period's files and counts all of them."""
    from lijiang_plan.outputs.overview import LISTED
    from tests.acceptance.test_memory import write_reports

    write_reports(plan, tmp_path, 400)  # 18 periods in turn: 2025-H1 holds 400 / 18 of them
    other = sum(1 for p in tmp_path.iterdir() if "2025-H1" not in p.read_text(encoding="utf-8"))
    assert other > LISTED
    for lang, title in (
        ("en", f"Other period (not counted): {other:,} files, the first {LISTED} listed"),
        ("zh", f"其他报告期（不计入）：共 {other:,} 个文件，列出前 {LISTED} 个"),
    ):
        lines = run("--lang", lang, "summary", str(tmp_path), "-p", "2025-H1").stdout.splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith(title))
        rest = lines[start + 1 :] + [""]
        listed = rest[: next(i for i, line in enumerate(rest) if not line.startswith("  "))]
        assert len(listed) == LISTED
    every = json.loads(run("summary", str(tmp_path), "-p", "2025-H1", "-f", "json", "-t", "files").stdout)
    assert sum(row["use"] == "other-period" for row in every) == other  # the table still lists every file

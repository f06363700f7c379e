"""`lplan deadlines` through the CLI: every option, every error path."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from lijiang_plan.plan import deadlines as dl
from tests.support.deadline_source import expected_deadlines, issue_day, plan_years

TODAY = "2025-06-10"


def _json(run, *args):
    today = () if "--today" in args else ("--today", TODAY)
    result = run("deadlines", "--format", "json", *today, *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _dated_lines(stdout):
    return [line.split("\t") for line in stdout.splitlines() if not line.startswith("undated\t")]


def _reporter_count(plan):
    return sum(1 for u in plan.units.values() if u["kind"] in ("department", "county"))


# -- the full list --------------------------------------------------------------------


def test_default_lists_every_dated_deadline_in_date_order_then_the_undated(run, plan):
    result = run("deadlines", "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    dated = _dated_lines(result.stdout)
    assert [(f[1], f[0]) for f in dated] == [(p, due.isoformat()) for p, due, _ in expected_deadlines()]
    undated = [line.split("\t")[1] for line in lines if line.startswith("undated\t")]
    assert undated == [o["id"] for o in dl.undated_obligations(plan)]
    assert len(lines) == len(dated) + len(undated)
    assert all(line.startswith("undated\t") for line in lines[len(dated) :])  # dated ones first


def test_json_deadlines_are_pinned_to_the_text_and_undated_ones_have_no_date(run, plan):
    data = _json(run)
    got = [(d["period"], d["due"], d["before_issue"]) for d in data["deadlines"]]
    assert got == [(p, due.isoformat(), before) for p, due, before in expected_deadlines()]
    assert data["plan"]["period"] == list(plan_years())
    assert data["plan"]["issued"] == issue_day().isoformat()
    assert data["undated"] and all(o["due"] is None for o in data["undated"])
    assert len(data["reporters"]) == _reporter_count(plan)
    assert data["unit"] is None and data["today"] == TODAY


def test_deadlines_before_the_issue_day_are_marked_and_no_others(run):
    for fields in _dated_lines(run("deadlines", "--today", TODAY).stdout):
        before = dt.date.fromisoformat(fields[0]) < issue_day()
        assert (fields[-1] == f"before the plan was issued ({issue_day()})") == before


def test_each_deadline_names_the_period_it_closes(run):
    for fields in _dated_lines(run("deadlines", "--today", TODAY).stdout):
        due = dt.date.fromisoformat(fields[0])
        assert fields[1] == f"{due.year}-{'H1' if due.month <= 6 else 'H2'}"


# -- status relative to today -------------------------------------------------------


@pytest.mark.parametrize(
    "today, h1_status",
    [
        ("2025-06-20", "due today"),
        ("2025-06-19", "due in 1 day"),
        ("2025-06-01", "due in 19 days"),
        ("2025-06-21", "past"),
    ],
)
def test_status_of_the_2025_h1_deadline(run, today, h1_status):
    result = run("deadlines", "--year", "2025", "--today", today)
    assert result.exit_code == 0, result.stderr
    statuses = {f[1]: f[2] for f in _dated_lines(result.stdout)}
    assert statuses["2025-H1"] == h1_status
    days_to_h2 = (dt.date(2025, 12, 20) - dt.date.fromisoformat(today)).days
    assert statuses["2025-H2"] == f"due in {days_to_h2} days"


def test_json_status_words_and_signed_days(run):
    data = _json(run, "--year", "2025", "--today", "2025-06-20")
    by_period = {d["period"]: d for d in data["deadlines"]}
    assert (by_period["2025-H1"]["status"], by_period["2025-H1"]["days"]) == ("due today", 0)
    assert by_period["2025-H2"]["status"] == "upcoming" and by_period["2025-H2"]["days"] == 183
    past = _json(run, "--year", "2024")["deadlines"]
    assert {d["status"] for d in past} == {"past"} and all(d["days"] < 0 for d in past)


def test_today_defaults_to_the_system_date(run):
    data = json.loads(run("deadlines", "-f", "json", "--next").stdout)
    assert data["today"] == dt.date.today().isoformat()


# -- selections ---------------------------------------------------------------------


def test_year_selects_that_years_two_deadlines(run):
    fields = _dated_lines(run("deadlines", "--year", "2027", "--today", TODAY).stdout)
    assert [f[1] for f in fields] == ["2027-H1", "2027-H2"]


@pytest.mark.parametrize("year", [str(plan_years()[0] - 1), str(plan_years()[1] + 1), "1999"])
def test_a_year_outside_the_plan_is_a_usage_error_naming_the_plans_years(run, year):
    result = run("deadlines", "--year", year)
    assert result.exit_code == 2
    first, last = plan_years()
    assert f"outside the plan's years {first}–{last}" in result.stderr
    assert result.stdout == ""


def test_a_year_that_is_not_a_number_is_a_usage_error(run):
    result = run("deadlines", "--year", "next")
    assert result.exit_code == 2 and "'--year'" in result.stderr


def test_from_and_to_include_both_ends(run):
    fields = _dated_lines(run("deadlines", "--from", "2025-06-20", "--to", "2026-06-20", "--today", TODAY).stdout)
    assert [f[1] for f in fields] == ["2025-H1", "2025-H2", "2026-H1"]
    fields = _dated_lines(run("deadlines", "--from", "2025-06-21", "--to", "2026-06-19", "--today", TODAY).stdout)
    assert [f[1] for f in fields] == ["2025-H2"]


def test_from_alone_and_to_alone_are_open_ended(run):
    after = _dated_lines(run("deadlines", "--from", "2030-01-01", "--today", TODAY).stdout)
    assert [f[1] for f in after] == ["2030-H1", "2030-H2"]
    before = _dated_lines(run("deadlines", "--to", "2021-12-31", "--today", TODAY).stdout)
    assert [f[1] for f in before] == ["2021-H1", "2021-H2"]


@pytest.mark.parametrize("option", ["--from", "--to", "--today"])
@pytest.mark.parametrize("value", ["2025-13-01", "2025-02-30", "20250620", "20/06/2025", "tomorrow"])
def test_a_bad_date_is_a_usage_error_naming_option_and_value(run, option, value):
    result = run("deadlines", option, value)
    assert result.exit_code == 2
    assert f"'{option}'" in result.stderr and f"'{value}'" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_from_after_to_is_a_usage_error(run):
    result = run("deadlines", "--from", "2026-01-01", "--to", "2025-01-01")
    assert result.exit_code == 2
    assert "--from 2026-01-01 is after --to 2025-01-01" in result.stderr


def test_year_with_from_or_to_is_a_usage_error(run):
    for extra in (["--from", "2025-01-01"], ["--to", "2025-12-31"]):
        result = run("deadlines", "--year", "2025", *extra)
        assert result.exit_code == 2 and "--year or --from/--to" in result.stderr


def test_an_empty_selection_says_so_on_stderr_and_exits_0(run):
    result = run("deadlines", "--from", "2031-01-01", "--no-undated")
    assert result.exit_code == 0
    assert result.stdout == ""
    first, *_, last = expected_deadlines()
    assert f"run from {first[1]} to {last[1]}" in result.stderr


# -- --next and --upcoming ------------------------------------------------------------


@pytest.mark.parametrize("today", ["2025-06-10", "2025-06-20", "2025-06-21", "2021-01-01"])
def test_next_is_the_first_deadline_due_today_or_later(run, today):
    result = run("deadlines", "--next", "--today", today)
    assert result.exit_code == 0, result.stderr
    expected = next(p for p, due, _ in expected_deadlines() if due >= dt.date.fromisoformat(today))
    assert [f[1] for f in _dated_lines(result.stdout)] == [expected]
    assert "undated" not in result.stdout


def test_upcoming_n_lists_the_next_n(run):
    fields = _dated_lines(run("deadlines", "--upcoming", "3", "--today", "2025-06-21").stdout)
    assert [f[1] for f in fields] == ["2025-H2", "2026-H1", "2026-H2"]


def test_upcoming_combines_with_a_range(run):
    fields = _dated_lines(run("deadlines", "--upcoming", "5", "--year", "2026", "--today", "2025-01-01").stdout)
    assert [f[1] for f in fields] == ["2026-H1", "2026-H2"]


def test_next_after_the_last_deadline_prints_nothing_and_says_why(run):
    last = expected_deadlines()[-1][1]
    result = run("deadlines", "--next", "--today", (last + dt.timedelta(days=1)).isoformat())
    assert result.exit_code == 0
    assert result.stdout == "" and "no report deadline" in result.stderr


@pytest.mark.parametrize("value", ["0", "-1", "x"])
def test_upcoming_needs_a_positive_count(run, value):
    assert run("deadlines", "--upcoming", value).exit_code == 2


def test_next_and_upcoming_together_is_a_usage_error(run):
    result = run("deadlines", "--next", "--upcoming", "2")
    assert result.exit_code == 2 and "--next or --upcoming" in result.stderr


def test_undated_flag_overrides_the_default(run, plan):
    with_next = run("deadlines", "--next", "--undated", "--today", TODAY).stdout
    assert with_next.count("undated\t") == len(dl.undated_obligations(plan))
    without = run("deadlines", "--no-undated", "--today", TODAY).stdout
    assert "undated" not in without and len(without.splitlines()) == len(expected_deadlines())


# -- --unit ---------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["市民政局", "民政局", "civil-affairs"])
def test_a_department_gets_its_reports_and_its_kinds_obligations(run, plan, typed):
    data = _json(run, "--unit", typed)
    assert data["unit"]["id"] == "civil-affairs" and data["unit"]["role"] == "reporter"
    assert data["reporters"] == ["civil-affairs"]
    assert len(data["deadlines"]) == len(expected_deadlines())
    recipient = plan.unit_name(plan.reporting["recipient"])
    assert {d["what"] for d in data["deadlines"]} == {f"report to {recipient}"}
    assert [o["id"] for o in data["undated"]] == [
        o["id"] for o in dl.undated_obligations(plan) if "department" in o["applies_to"]
    ]


def test_a_county_office_gets_the_county_and_joint_meeting_office_obligations(run, plan):
    data = _json(run, "--unit", "玉龙县")
    assert data["unit"]["kind"] == "county" and data["unit"]["role"] == "reporter"
    ids = [o["id"] for o in data["undated"]]
    assert "county-annual-plans" in ids and "final-evaluation" in ids
    assert "unit-implementation-plans" not in ids


def test_the_municipal_office_collects_from_every_reporter(run, plan):
    result = run("deadlines", "--unit", "市反拐办", "--year", "2026", "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    count = _reporter_count(plan)
    assert [f[3] for f in _dated_lines(result.stdout)] == [f"collect reports from {count} units"] * 2
    undated = [line.split("\t")[1] for line in result.stdout.splitlines() if line.startswith("undated\t")]
    assert undated == [o["id"] for o in dl.undated_obligations(plan) if o["who"].endswith("聯席會議辦公室")]
    data = _json(run, "--unit", "anti-trafficking-office")
    assert data["unit"]["role"] == "recipient" and len(data["reporters"]) == count


def test_an_unknown_unit_is_exit_2_with_a_suggestion(run):
    result = run("deadlines", "--unit", "民政")
    assert result.exit_code == 2
    assert "no unit named '民政'" in result.stderr and "市民政局" in result.stderr


def test_a_group_is_not_a_unit_and_the_error_says_what_to_do(run):
    result = run("deadlines", "--unit", "各成员单位")
    assert result.exit_code == 2
    assert "is a group, not a unit" in result.stderr and "--unit" in result.stderr


def test_script_simplified_names_units_in_simplified(run):
    result = run("--script", "simplified", "deadlines", "--unit", "市民政局", "--next", "--today", TODAY)
    assert result.stdout.rstrip().endswith("report to 市反拐办")


# -- csv --------------------------------------------------------------------------------


def test_csv_has_one_row_per_deadline_and_per_undated_obligation(run, plan):
    result = run("deadlines", "-f", "csv", "--today", TODAY)
    assert result.exit_code == 0
    raw = result.stdout_bytes.decode("utf-8")  # .stdout turns CRLF into LF
    assert raw.count("\r\n") == raw.count("\n")
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    reports = [r for r in rows if r["type"] == "report"]
    assert [(r["period"], r["due"]) for r in reports] == [(p, d.isoformat()) for p, d, _ in expected_deadlines()]
    assert all(r["text"] == plan.reporting["quote"] for r in reports)
    undated = [r for r in rows if r["type"] == "undated"]
    assert [r["obligation"] for r in undated] == [o["id"] for o in dl.undated_obligations(plan)]
    assert all(r["due"] == "" and r["status"] == "undated" for r in undated)


# -- output files -------------------------------------------------------------------


def test_output_dash_is_standard_output_as_for_the_other_commands(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    to_dash = run("deadlines", "--year", "2025", "--today", TODAY, "-o", "-")
    plain = run("deadlines", "--year", "2025", "--today", TODAY)
    assert to_dash.exit_code == 0 and to_dash.stdout == plain.stdout != ""
    assert not (tmp_path / "-").exists()


def test_output_file_is_written_and_never_overwritten_without_force(run, tmp_path):
    target = tmp_path / "deadlines.txt"
    first = run("deadlines", "--year", "2025", "--today", TODAY, "-o", str(target))
    assert first.exit_code == 0 and first.stdout == ""
    assert [line.split("\t")[1] for line in target.read_text(encoding="utf-8").splitlines()[:2]] == [
        "2025-H1",
        "2025-H2",
    ]
    target.write_text("mine", encoding="utf-8")
    again = run("deadlines", "--year", "2026", "-o", str(target))
    assert again.exit_code == 2 and "--force" in again.stderr
    assert target.read_text(encoding="utf-8") == "mine"
    forced = run("deadlines", "--year", "2026", "--today", TODAY, "-o", str(target), "--force")
    assert forced.exit_code == 0 and "2026-H1" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("name, check", [("d.json", json.loads), ("d.csv", lambda t: t.startswith("type,due,"))])
def test_output_file_name_picks_the_format_unless_format_is_given(run, tmp_path, name, check):
    target = tmp_path / name
    assert run("deadlines", "--today", TODAY, "-o", str(target)).exit_code == 0
    assert check(target.read_text(encoding="utf-8"))
    explicit = tmp_path / ("explicit-" + name)
    assert run("deadlines", "--today", TODAY, "-f", "text", "-o", str(explicit)).exit_code == 0
    assert explicit.read_text(encoding="utf-8").startswith("2021-06-20\t")


def test_output_into_a_missing_directory_is_exit_2(run, tmp_path):
    result = run("deadlines", "-o", str(tmp_path / "nowhere" / "d.ics"))
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_force_without_output_is_a_usage_error(run):
    result = run("deadlines", "--force")
    assert result.exit_code == 2 and "-o FILE" in result.stderr


def test_remind_outside_ics_is_a_usage_error(run):
    result = run("deadlines", "--remind", "3")
    assert result.exit_code == 2 and "--format ics" in result.stderr


def test_undated_in_a_calendar_is_a_usage_error(run):
    result = run("deadlines", "-f", "ics", "--undated")
    assert result.exit_code == 2 and "needs a date" in result.stderr


# -- terminal ---------------------------------------------------------------------------


def test_on_a_terminal_the_deadlines_and_obligations_are_two_titled_tables(run, monkeypatch):
    from lijiang_plan.outputs import tables as output

    monkeypatch.setattr(output, "is_terminal", lambda stream: True)
    result = run("deadlines", "--unit", "市民政局", "--year", "2025", "--today", "2025-06-20", env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.stderr
    assert "市民政局: 2 report deadlines (today is 2025-06-20)" in result.stdout
    assert "without a date in the plan (1)" in result.stdout
    assert "due today" in result.stdout and "due in 183 days" in result.stdout
    assert "Note" not in result.stdout  # only deadlines before the issue day have one
    early = run("deadlines", "--year", str(plan_years()[0]), "--today", TODAY, env={"COLUMNS": "160"})
    assert "Note" in early.stdout and "before the plan was issued" in early.stdout


def test_help_lists_the_status_words(run):
    result = run("deadlines", "--help")
    assert result.exit_code == 0
    for words in ("past", "due today", "due in N days", "--remind", "--upcoming"):
        assert words in result.stdout
    assert "deadlines" in run("--help").stdout


def test_listing_the_command_imports_nothing_heavy():
    """`lplan --help` imports every command module; this one must stay light."""
    import subprocess
    import sys

    code = (
        "import sys, lijiang_plan.commands.deadlines, lijiang_plan.plan.deadlines;"
        "print(' '.join(m for m in ('icalendar', 'pydantic', 'yaml', 'rich', 'json', 'csv') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_deadlines_name_the_period_in_words_for_people_and_by_code_for_machines(run):
    zh = {"LANG": "zh_CN.UTF-8"}
    text = run("deadlines", "--year", "2026", "--no-undated", "--today", "2026-06-01", env=zh).stdout
    assert text.splitlines()[0].split("\t")[:2] == ["2026-06-20", "2026年上半年"]
    assert [
        d["period"] for d in json.loads(run("deadlines", "--year", "2026", "-f", "json", env=zh).stdout)["deadlines"]
    ] == [
        "2026-H1",
        "2026-H2",
    ]
    rows = list(csv.DictReader(io.StringIO(run("deadlines", "--year", "2026", "-f", "csv", env=zh).stdout)))
    assert {row["period"] for row in rows if row["type"] == "report"} == {"2026-H1", "2026-H2"}

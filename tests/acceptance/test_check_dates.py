"""`lplan check` on a report's period and date at their edges: the plan's first and
last years, the first day of each half-year (`early`) and the due day (`late`)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.conftest import REPO
from tests.support.deadline_source import plan_years

GOOD = REPO / "examples" / "reports" / "good-due-day.yaml"

REPORT = """\
unit: 丽江机场集团
period: {period}
submitted: {submitted}
measures:
  - id: "4.3"
    status: ongoing
    account: 在候机楼电子屏滚动播放反拐公益广告。
  - id: "4.8"
    status: ongoing
    account: 组织志愿者参与旅客寻亲协助工作。
"""


@pytest.fixture
def check(run, tmp_path):
    """check(period, submitted) -> [(rule, message)] of `lplan check --strict --format json`."""

    def _check(period: str, submitted: str) -> list[tuple[str, str]]:
        report = tmp_path / "report.yaml"
        report.write_text(REPORT.format(period=period, submitted=submitted), encoding="utf-8")
        # checked as of the day after the plan ends, so that no date of its years lies in the future
        result = run("check", "--strict", "--format", "json", str(report), env={"LPLAN_TODAY": AFTER_THE_PLAN})
        findings = [(f["rule"], f["message"]) for f in json.loads(result.stdout)["findings"]]
        assert result.exit_code == (1 if findings else 0)
        return findings

    return _check


FIRST, LAST = plan_years()
AFTER_THE_PLAN = f"{LAST + 1}-01-01"


@pytest.mark.parametrize(
    ("period", "submitted"),
    [(f"{FIRST}-H1", f"{FIRST}-06-20"), (f"{FIRST}-H2", f"{FIRST}-12-20"), (f"{LAST}-H2", f"{LAST}-12-20")],
)
def test_the_plans_first_and_last_years_are_reporting_periods(check, period, submitted):
    assert check(period, submitted) == []


@pytest.mark.parametrize("period", [f"{FIRST - 1}-H2", f"{LAST + 1}-H1"])
def test_a_year_outside_the_plan_is_a_bad_period_naming_the_years(check, period):
    assert check(period, "2025-06-20") == [
        ("bad-period", f"period '{period}' is outside the plan's years {FIRST}–{LAST}")
    ]


@pytest.mark.parametrize(
    ("period", "submitted", "began"),
    [("2025-H1", "2024-12-31", "2025-01-01"), ("2025-H2", "2025-06-30", "2025-07-01")],
)
def test_a_report_dated_the_day_before_its_half_year_began_is_early(check, period, submitted, began):
    assert check(period, submitted) == [
        ("early", f"submitted {submitted}, before {period} began ({began}); check the period and the date")
    ]


@pytest.mark.parametrize(("period", "submitted"), [("2025-H1", "2025-01-01"), ("2025-H2", "2025-07-01")])
def test_a_report_dated_the_first_day_of_its_half_year_is_not_early(check, period, submitted):
    assert check(period, submitted) == []


@pytest.mark.parametrize(
    ("period", "submitted", "due"), [("2025-H1", "2025-06-21", "2025-06-20"), ("2025-H2", "2025-12-22", "2025-12-20")]
)
def test_a_report_after_its_due_day_is_late_by_so_many_days(check, period, submitted, due):
    days = int(submitted[-2:]) - int(due[-2:])
    assert check(period, submitted) == [
        ("late", f"submitted {submitted}, after {period}'s due date {due} ({days} day(s) late)")
    ]


def test_a_report_sent_on_its_due_day_is_on_time(check):
    assert check("2025-H2", "2025-12-20") == []


def test_a_deadline_on_the_day_the_plan_was_issued_is_not_before_it(run, tmp_path):
    """A plan issued on a due day (here a copy moved to 2022-06-20): that deadline counts."""
    import shutil

    from tests.conftest import PLAN_DIR

    plan_dir = tmp_path / "plan"
    shutil.copytree(PLAN_DIR, plan_dir)
    for name in ("plan.yaml", "source/plan-text.txt"):
        path = plan_dir / name
        text = path.read_text(encoding="utf-8").replace("2022年4月20日", "2022年6月20日")
        path.write_text(text.replace('issued: "2022-04-20"', 'issued: "2022-06-20"'), encoding="utf-8")
    result = run("--plan", str(plan_dir), "deadlines", "--year", "2022", "--today", "2022-01-01", "--format", "json")
    assert result.exit_code == 0, result.stderr
    dated = {d["period"]: d["before_issue"] for d in json.loads(result.stdout)["deadlines"] if d.get("period")}
    assert dated == {"2022-H1": False, "2022-H2": False}
    report = tmp_path / "report.yaml"
    report.write_text(REPORT.format(period="2022-H1", submitted="2022-06-23"), encoding="utf-8")
    checked = json.loads(run("--plan", str(plan_dir), "check", "--format", "json", str(report)).stdout)
    assert [(f["rule"], f["message"]) for f in checked["findings"]] == [
        ("late", "submitted 2022-06-23, after 2022-H1's due date 2022-06-20 (3 day(s) late)")
    ]
    summary = run("--plan", str(plan_dir), "summary", str(tmp_path), "-p", "2022-H1", "-f", "json")
    row = next(r for r in json.loads(summary.stdout)["units"] if r["path"] == str(report))
    assert (row["status"], row["days_late"]) == ("late", 3)


# -- a date that cannot be right ------------------------------------------------------------------


def _h2_workbook(run, tmp_path, submitted):
    import openpyxl

    path = tmp_path / "2025-H2-市公安局.xlsx"
    assert (
        run("template", "-u", "市公安局", "-p", "2025-H2", "-o", str(path), env={"LANG": "zh_CN.UTF-8"}).exit_code == 0
    )
    book = openpyxl.load_workbook(path)
    sheet = book["填报"]
    sheet["B5"] = submitted
    row = 11
    while sheet.cell(row, 1).value:
        sheet.cell(row, 5).value = "已开展。"
        row += 1
    book.save(path)
    return path


def test_a_date_typed_without_its_year_is_after_today_and_says_to_check_the_year(run, tmp_path):
    # 12月18日 typed on 2026-01-08: the spreadsheet stored 2026-12-18
    book = _h2_workbook(run, tmp_path, dt.date(2026, 12, 18))
    env = {"LANG": "zh_CN.UTF-8", "LPLAN_TODAY": "2026-01-08"}
    result = run("check", "-f", "json", str(book), env=env)
    assert result.exit_code == 0  # warnings: the report is read; --strict fails it
    found = {f["rule"]: f for f in json.loads(result.stdout)["findings"]}
    assert set(found) == {"late", "future-date"}
    assert found["future-date"]["cell"] == "填报!B5"
    assert found["future-date"]["message"] == (
        "报送日期 2026-12-18 晚于今天（2026-01-08）；报告不可能在以后的日期报送：请填写实际报送日期"
    )
    assert "请核对年份" in found["late"]["message"] and "是否应为 2025-12-18？" in found["late"]["message"]
    assert run("check", "--strict", str(book), env=env).exit_code == 1


def test_a_date_after_today_but_on_time_is_only_after_today(run, tmp_path):
    book = _h2_workbook(run, tmp_path, dt.date(2025, 12, 18))
    found = json.loads(run("check", "-f", "json", str(book), env={"LPLAN_TODAY": "2025-12-10"}).stdout)["findings"]
    assert [f["rule"] for f in found] == ["future-date"]
    later = json.loads(run("check", "-f", "json", str(book), env={"LPLAN_TODAY": "2025-12-18"}).stdout)["findings"]
    assert later == []  # sent today: on time, not in the future


def test_a_report_a_little_late_is_late_without_the_year_hint(run, tmp_path):
    book = _h2_workbook(run, tmp_path, dt.date(2026, 1, 15))
    (found,) = json.loads(run("check", "-f", "json", str(book), env={"LPLAN_TODAY": "2026-02-01"}).stdout)["findings"]
    assert found["rule"] == "late" and "check the year" not in found["message"]


def test_today_can_be_set_for_every_command_and_a_bad_one_is_refused(run):
    text = run("deadlines", "--next", env={"LPLAN_TODAY": "2026-11-29"}).stdout
    assert text.startswith("2026-12-20\t2026-H2\tdue in 21 days")
    refused = run("check", str(GOOD), env={"LPLAN_TODAY": "tomorrow", "LANG": "zh_CN.UTF-8"})
    assert refused.exit_code == 2 and "LPLAN_TODAY 为“tomorrow”" in refused.stderr

"""`lplan check` on a report's period and date at their edges: the plan's first and
last years, the first day of each half-year (`early`) and the due day (`late`)."""

from __future__ import annotations

import json

import pytest

from tests.support.deadline_source import plan_years

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
        result = run("check", "--strict", "--format", "json", str(report))
        findings = [(f["rule"], f["message"]) for f in json.loads(result.stdout)["findings"]]
        assert result.exit_code == (1 if findings else 0)
        return findings

    return _check


FIRST, LAST = plan_years()


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

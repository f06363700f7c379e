"""What the plan text itself says about deadlines, read straight from plan/source/plan-text.txt.

The deadline tests compare lplan's answers with these, so that the expectations
come from the text, not from lplan's own data or code.
"""

from __future__ import annotations

import datetime as dt
import re

from tests.conftest import SOURCE_TEXT


def text() -> str:
    return SOURCE_TEXT.read_text(encoding="utf-8")


def report_days() -> list[tuple[int, int]]:
    """[(6, 20), (12, 20)] from '每年6月20日、12月20日前'."""
    match = re.search(r"每年(\d+)月(\d+)日、(\d+)月(\d+)日前", text())
    assert match, "the reporting rule is not in the plan text"
    numbers = [int(g) for g in match.groups()]
    return [(numbers[0], numbers[1]), (numbers[2], numbers[3])]


def plan_years() -> tuple[int, int]:
    """(2021, 2030) from the title's '(2021—2030年)'."""
    match = re.search(r"\((\d{4})—(\d{4})年\)", text())
    assert match, "the plan period is not in the plan text"
    return int(match.group(1)), int(match.group(2))


def issue_day() -> dt.date:
    """2022-04-20 from the interpretation: '2022年4月20日,麗江市人民政府辦公室印發了'."""
    match = re.search(r"(\d{4})年(\d+)月(\d+)日,麗江市人民政府辦公室印發了", text())
    assert match, "the issue date is not in the plan text"
    return dt.date(*(int(g) for g in match.groups()))


def expected_deadlines() -> list[tuple[str, dt.date, bool]]:
    """(period, due, before_issue) for every half of every plan year, H1 the earlier day."""
    first, last = plan_years()
    days = sorted(report_days())
    result = []
    for year in range(first, last + 1):
        for half, (month, day) in zip(("H1", "H2"), days):
            due = dt.date(year, month, day)
            result.append((f"{year}-{half}", due, due < issue_day()))
    return result


def guarantee_two_sentences() -> list[str]:
    """The sentences of chapter 五 (二), where the reporting rule and the undated obligations are."""
    chapter = text().split("五、強化組織保障", 1)[1].split("政策解讀", 1)[0]
    line = next(ln for ln in chapter.splitlines() if ln.startswith("(二)"))
    body = line.split("。", 1)[1]  # after the heading
    return [s.strip() for s in body.split("。") if s.strip()]

"""Deadlines derived from the plan data: never a date written into code.

The reporting rule in plan/guarantees.yaml says who reports, to whom, and by
which day of which month; the plan period says which years. Every dated
deadline is computed from those; the obligations the text gives without a date
are listed as undated and never given one.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, NamedTuple

from lijiang_plan.errors import LplanError

_PERIOD = re.compile(r"^(\d{4})-(H[12])$")


class BadPeriod(LplanError):
    """A reporting period that is not YEAR-H1 or YEAR-H2 within the plan's years."""


class Deadline(NamedTuple):
    """One semiannual report deadline: the period it closes and its due date."""

    period: str  # '2025-H1'
    due: dt.date
    before_issue: bool  # fell before the plan was issued


def parse_period(text: str, plan: Any) -> tuple[int, str]:
    """'2025-H1' -> (2025, 'H1'), checked against the plan's years."""
    match = _PERIOD.match(text.strip()) if isinstance(text, str) else None
    if not match:
        raise BadPeriod(f"period '{text}' is not of the form YEAR-H1 or YEAR-H2 (e.g. 2025-H1)")
    year, half = int(match.group(1)), match.group(2)
    start, end = plan.period
    if not start <= year <= end:
        raise BadPeriod(f"period '{text}' is outside the plan's years {start}–{end}")
    return year, half


def due_date(plan: Any, year: int, half: str) -> dt.date:
    """The day a period's report is due ('before 20 June': the report must arrive by then)."""
    for rule in plan.data["reporting"]["periods"]:
        if rule["period"] == half:
            return dt.date(year, rule["due"]["month"], rule["due"]["day"])
    raise BadPeriod(f"the plan sets no deadline for period half '{half}'")


def issued(plan: Any) -> dt.date:
    return dt.date.fromisoformat(plan.meta["issued"])


def all_deadlines(plan: Any) -> list[Deadline]:
    """Every dated report deadline of the plan period, in date order."""
    start, end = plan.period
    issue_day = issued(plan)
    result = []
    for year in range(start, end + 1):
        for rule in plan.data["reporting"]["periods"]:
            due = dt.date(year, rule["due"]["month"], rule["due"]["day"])
            result.append(Deadline(f"{year}-{rule['period']}", due, due < issue_day))
    return sorted(result, key=lambda d: d.due)


def reporters(plan: Any) -> list[str]:
    """Unit IDs that must send the semiannual report (member units and county offices)."""
    kinds = plan.data["reporting"]["reporters"]
    return [uid for uid, unit in plan.units.items() if unit["kind"] in kinds]


def undated_obligations(plan: Any) -> list[dict[str, Any]]:
    """Obligations the text states without a date, as encoded in plan/guarantees.yaml."""
    return list(plan.data["obligations"])

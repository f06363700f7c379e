"""Deadlines derived from the plan data: never a date written into code.

The reporting rule in plan/guarantees.yaml says who reports, to whom, and by
which day of which month; the plan period says which years. Every dated
deadline is computed from those; the obligations the text gives without a date
are listed as undated and never given one.

Status words, relative to a day ("today"): a deadline is ``past`` once its day
has gone by, ``due today`` on the day itself, and ``upcoming`` before it (shown
as "due in N days"). lplan has no record of submissions here, so ``past`` says
only that the day has gone, not that anyone missed it; `lplan check` judges
a report's own lateness with `due_date`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import TYPE_CHECKING, NamedTuple

from lijiang_plan.errors import BadDate, BadPeriod, NotAReportingUnit, clip
from lijiang_plan.i18n import _
from lijiang_plan.plan.query import in_script as in_script  # outputs read a record's text here with its dates

if TYPE_CHECKING:
    from lijiang_plan.plan.query import Plan
    from lijiang_plan.plan.records import Obligation

_PERIOD = re.compile(r"^([0-9]{4})-(H[12])$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)

PAST = "past"
DUE_TODAY = "due today"
UPCOMING = "upcoming"

#: What a unit does at each report deadline, by its part in the reporting rule.
REPORTER = "reporter"
RECIPIENT = "recipient"


class Deadline(NamedTuple):
    """One semiannual report deadline: the period it closes and its due date."""

    period: str  # '2025-H1'
    due: dt.date
    before_issue: bool  # fell before the plan was issued


#: A half-year as a Chinese writer writes it: 2025年上半年, 2025年度下半年, 2025上半年 (spaces allowed).
_IN_WORDS = re.compile(r"^([0-9]{4})年?度?([上下])半年度?$")
_HALF_WORD = {"上": "H1", "下": "H2"}


def parse_period(text: str, plan: Plan) -> tuple[int, str]:
    """'2025-H1' or '2025年上半年' -> (2025, 'H1'), checked against the plan's years.

    The Chinese words for the halves are what the office writes in a heading
    or types into a cell, with or without 年 (年度 too), in full-width digits or
    with spaces; they mean the period exactly, so they are read without a
    word. Anything else is refused with the period it most likely means.
    """
    match = _PERIOD.match(text.strip()) if isinstance(text, str) else None
    if match:
        year, half = int(match.group(1)), match.group(2)
    else:
        words = _IN_WORDS.match("".join(unicodedata.normalize("NFKC", text).split())) if isinstance(text, str) else None
        if not words:
            raise BadPeriod(
                _(
                    "period '{period}' is not of the form YEAR-H1 or YEAR-H2 (e.g. 2025-H1, or 2025年上半年); {hint}"
                ).format(period=clip(str(text)), hint=_period_hint(str(text)))
            )
        year, half = int(words.group(1)), _HALF_WORD[words.group(2)]
    start, end = plan.period
    if not start <= year <= end:
        raise BadPeriod(
            _("period '{period}' is outside the plan's years {first}–{last}").format(
                period=clip(text), first=start, last=end
            )
        )
    return year, half


def _period_hint(text: str) -> str:
    """The period a refused one most likely means: its year's half when the text names it, else both halves."""
    plain = unicodedata.normalize("NFKC", text)
    year = re.search(r"(?<![0-9])(20[0-9]{2})(?![0-9])", plain)
    if year is None:
        return _("give the year too, e.g. 2025-H1")
    rest = (plain[: year.start()] + " " + plain[year.end() :]).casefold()
    first = re.search(r"h\s*1(?![0-9])|上|第一|一季|二季|(?<![0-9])0?1\s*[-—~～至到]\s*0?6\s*月|first", rest)
    second = re.search(r"h\s*2(?![0-9])|下|第二半|三季|四季|(?<![0-9])0?7\s*[-—~～至到]\s*12\s*月|second", rest)
    if bool(first) != bool(second):
        return _("did you mean {period}?").format(period=f"{year.group(1)}-{'H1' if first else 'H2'}")
    return _("did you mean {first} (January to June) or {second} (July to December)?").format(
        first=f"{year.group(1)}-H1", second=f"{year.group(1)}-H2"
    )


def period_text(period: str) -> str:
    """A period ('2025-H2') as prose shows it, in the interface language: 2025年下半年 in Chinese.

    For headings, titles and tables people read; JSON, CSV and file names keep the code.
    """
    match = _PERIOD.match(period)
    if match is None:
        return period
    year, half = match.groups()
    template = _("{year}-H1") if half == "H1" else _("{year}-H2")
    return template.format(year=year)


def cli_period(text: str) -> str:
    """A period typed on the command line, read as leniently as in a report: 2025-h1, ２０２５－Ｈ１ -> 2025-H1.

    Width (NFKC), surrounding spaces and the case of the H are the only
    things forgiven; anything else is left for `parse_period` to refuse.
    """
    plain = unicodedata.normalize("NFKC", text).strip()
    return plain.upper() if _PERIOD.match(plain.upper()) else text


def due_date(plan: Plan, year: int, half: str) -> dt.date:
    """The day a period's report is due ('before 20 June': the report must arrive by then)."""
    for rule in plan.reporting["periods"]:
        if rule["period"] == half:
            return dt.date(year, rule["due"]["month"], rule["due"]["day"])
    raise BadPeriod(f"the plan sets no deadline for period half '{half}'")


def issued(plan: Plan) -> dt.date:
    return dt.date.fromisoformat(plan.meta["issued"])


def all_deadlines(plan: Plan) -> list[Deadline]:
    """Every dated report deadline of the plan period, in date order."""
    start, end = plan.period
    issue_day = issued(plan)
    result = []
    for year in range(start, end + 1):
        for rule in plan.reporting["periods"]:
            due = dt.date(year, rule["due"]["month"], rule["due"]["day"])
            result.append(Deadline(f"{year}-{rule['period']}", due, due < issue_day))
    return sorted(result, key=lambda d: d.due)


def is_reporter(plan: Plan, unit_id: str) -> bool:
    """Whether the unit must send the semiannual report (a member unit or a county office)."""
    return plan.units[unit_id]["kind"] in plan.reporting["reporters"]


def reporters(plan: Plan) -> list[str]:
    """Unit IDs that must send the semiannual report, in registry order."""
    return [uid for uid in plan.units if is_reporter(plan, uid)]


def undated_obligations(plan: Plan) -> list[Obligation]:
    """Obligations the text states without a date, as encoded in plan/guarantees.yaml."""
    return list(plan.obligations)


class Status(NamedTuple):
    """Where a deadline stands relative to a day: a status word and the days until it."""

    word: str  # PAST | DUE_TODAY | UPCOMING
    days: int  # due minus today: negative once past

    @property
    def label(self) -> str:
        """'past', 'due today', 'due in 1 day', 'due in 12 days' (in the interface language; ``word`` is the code)."""
        from lijiang_plan.i18n import ngettext

        if self.word == UPCOMING:
            return ngettext("due in {n} day", "due in {n} days", self.days).format(n=self.days)
        return _("due today") if self.word == DUE_TODAY else _("past")


def status(due: dt.date, today: dt.date) -> Status:
    """A deadline's status on ``today``; a report sent on the due day is on time."""
    days = (due - today).days
    if days < 0:
        return Status(PAST, days)
    if days == 0:
        return Status(DUE_TODAY, 0)
    return Status(UPCOMING, days)


def parse_day(text: str) -> dt.date:
    """'2025-06-20' (full-width digits too) -> date; anything else (other layouts, 2025-02-30) raises BadDate."""
    value = unicodedata.normalize("NFKC", text).strip() if isinstance(text, str) else ""
    if not _DAY.match(value):
        raise BadDate(_("'{date}' is not a date written YYYY-MM-DD (e.g. 2025-06-20)").format(date=clip(str(text))))
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        reason = no_such_day(value)
        raise BadDate(
            _("'{date}' is not a real date ({reason})").format(date=clip(text), reason=reason), reason
        ) from None


def no_such_day(value: str) -> str:
    """Why YYYY-MM-DD is no day, in the reader's language (Python's own reason is English, and varies by version)."""
    import calendar

    year, month, day = (int(part) for part in value.split("-"))
    if year == 0:
        return _("there is no year 0000")
    if not 1 <= month <= 12:
        return _("months run from 01 to 12, not {month}").format(month=f"{month:02d}")
    days = calendar.monthrange(year, month)[1]
    if day == 0:
        return _("days start at 01, not 00")
    return _("{year}-{month} has {days} days").format(year=f"{year:04d}", month=f"{month:02d}", days=days)


def today() -> dt.date:
    """Today, or the day ``LPLAN_TODAY`` (YYYY-MM-DD) names: a check or a calendar made as of another day.

    Tests and anyone re-checking last period's reports as they stood set it; a
    value that is no date is refused (BadDate), never silently ignored.
    """
    import os

    given = os.environ.get("LPLAN_TODAY")
    if not given:
        return dt.date.today()
    try:
        return parse_day(given)
    except BadDate:
        raise BadDate(
            _("LPLAN_TODAY is '{value}', not a date written YYYY-MM-DD; set it to a day or unset it").format(
                value=clip(given)
            )
        ) from None


def between(deadlines: list[Deadline], start: dt.date | None = None, end: dt.date | None = None) -> list[Deadline]:
    """The deadlines due from ``start`` to ``end``, both days included; None is open."""
    return [d for d in deadlines if (start is None or d.due >= start) and (end is None or d.due <= end)]


def upcoming(deadlines: list[Deadline], today: dt.date, count: int) -> list[Deadline]:
    """The next ``count`` deadlines due today or later, in date order."""
    return [d for d in sorted(deadlines, key=lambda d: d.due) if d.due >= today][:count]


def recipient(plan: Plan) -> str:
    """The unit ID that receives the reports (the municipal anti-trafficking office)."""
    return plan.recipient()


def role(plan: Plan, unit_id: str) -> str:
    """REPORTER for a unit that sends the report, RECIPIENT for the office that collects them."""
    if unit_id == recipient(plan):
        return RECIPIENT
    if unit_id in reporters(plan):
        return REPORTER
    unit = plan.units[unit_id]
    if unit["kind"] == "group":
        raise NotAReportingUnit(
            f"'{unit['simplified']}' is a group, not a unit: each of its members reports on its own; "
            "give one member unit to --unit, or leave --unit out for every unit's deadlines"
        )
    raise NotAReportingUnit(f"'{unit['simplified']}' neither sends nor receives the semiannual report")


def obligations_for(plan: Plan, unit_id: str) -> list[Obligation]:
    """The undated obligations that fall on a unit's kind (``applies_to`` in guarantees.yaml)."""
    kind = plan.units[unit_id]["kind"]
    return [o for o in undated_obligations(plan) if kind in o.get("applies_to", [])]

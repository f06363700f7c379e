"""The reminder (催报): who still owes the office a report for a period, and what is wrong with it.

Built from the period roll-up (`rollup.Rollup`, read with its findings), so
the reminder always names exactly the units `lplan summary` counts as
missing or unreadable, and the reports whose counted file has errors: the
same reading, the same findings. `lplan remind` and the portal's office page
both call `build`; the words a person reads are the writers' job
(`outputs.reminder_words`, `outputs.reminder_docx`).

A unit is reminded when nothing came from it (missing), when its counted
report cannot be read (unreadable), or when its counted report has errors
(the findings `lplan check` gives it). Each reminder carries what it needs
to say why: the counted file, how late it is (or how many days past the due
date a missing report is), the errors' positions and messages, and the
measures the unit must report on and has not (its lead measures; a county
office's every measure). Files whose unit cannot be told are listed apart:
no unit can be reminded of them, but the office must find out whose they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lijiang_plan.findings import Finding
from lijiang_plan.reports import rollup as rollups

if TYPE_CHECKING:
    from lijiang_plan.plan.query import Plan

#: Why a unit is reminded, in the order a notice lists them.
MISSING, UNREADABLE, ERRORS = "missing", "unreadable", "errors"
REASONS = (MISSING, UNREADABLE, ERRORS)


@dataclass(frozen=True)
class Reminder:
    """One unit to remind, and everything a notice says about it."""

    unit_id: str
    unit: str  # its name in the chosen script
    kind: str  # department | county
    reason: str  # MISSING | UNREADABLE | ERRORS
    path: str | None  # the counted file (None when nothing came)
    submitted: dt.date | None
    days_late: int  # a late report: days after the due date; a missing one: days past it today; else 0
    errors: tuple[Finding, ...]  # the counted file's errors, as `lplan check` words them
    owed: tuple[str, ...]  # measures it must report on (lead, or every one for a county office) and has not


@dataclass
class Reminders:
    """The period's reminder: the units by reason, and the files no unit can be told for."""

    period: str
    due: dt.date
    today: dt.date
    before_issue: bool  # the due day fell before the plan was issued: nothing is late
    title: str  # the plan's title, in the chosen script
    recipient: str  # the office that collects the reports, in the chosen script
    units: list[Reminder] = field(default_factory=list)
    unidentified: list[tuple[str, int]] = field(default_factory=list)  # (path, errors)

    def by_reason(self, reason: str) -> list[Reminder]:
        return [r for r in self.units if r.reason == reason]

    @property
    def overdue(self) -> int:
        """Days the due date lies behind ``today`` (0 on or before it, and for a period before the plan)."""
        return 0 if self.before_issue else max((self.today - self.due).days, 0)

    @property
    def empty(self) -> bool:
        return not self.units and not self.unidentified


def build(rollup: rollups.Rollup, plan: Plan, script: str, today: dt.date) -> Reminders:
    """The reminder of a roll-up read with its findings (``keep_findings=True``)."""
    notice = Reminders(
        period=rollup.period,
        due=rollup.due,
        today=today,
        before_issue=rollup.before_issue,
        title=plan_title(plan, script),
        recipient=plan.unit_name(plan.recipient(), script),
    )
    for row in rollups.unit_rows(rollup, plan, script):
        record = rollup.counted.get(row["unit_id"])
        reason = _reason(row["status"], record)
        if reason is None:
            continue
        owed = tuple(row["missing_required"])
        notice.units.append(
            Reminder(
                unit_id=row["unit_id"],
                unit=row["unit"],
                kind=row["kind"],
                reason=reason,
                path=record.path if record is not None else None,
                submitted=record.submitted if record is not None else None,
                days_late=row["days_late"] or (notice.overdue if reason == MISSING else 0),
                errors=tuple(f for f in record.findings if f.level == "error") if record is not None else (),
                owed=owed,
            )
        )
    notice.units.sort(key=lambda r: REASONS.index(r.reason))  # stable: registry order within a reason
    notice.unidentified = [
        (record.path, record.errors) for record in rollup.files if rollup.use[record.path] == rollups.UNIDENTIFIED
    ]
    return notice


def from_files(files: list[str], plan: Plan, period: str, script: str, today: dt.date) -> Reminders:
    """Read ``files`` (as `lplan summary` reads them) and build the reminder for ``period``."""
    return build(rollups.summarize(files, plan, period, keep_findings=True), plan, script, today)


def _reason(status: str, record: rollups.FileRecord | None) -> str | None:
    if status == rollups.MISSING:
        return MISSING
    if status == rollups.UNREADABLE:
        return UNREADABLE
    if record is not None and record.errors:
        return ERRORS
    return None


def plan_title(plan: Plan, script: str) -> str:
    """The plan's title as the notice cites it, in ``script``."""
    if script == "simplified":
        return str(plan.meta["simplified"]["title"])
    return str(plan.meta["title"])

"""Check one report file against the plan: the rules in `rules.RULES`.

`check_file` reads one report (`load.read_file`: its YAML or workbook, and its
shape) and, when there is data to look at, checks it against the plan: the
unit, the period and its due date, and every measure entry against the unit's
duties. Which files a run reads is `discover`'s; running many of them, on one
core or several, is `parallel.check_paths`'s; a whole `lplan check` run is
`run.CheckRun`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any, NamedTuple

from lijiang_plan.errors import NotFound, clip
from lijiang_plan.files.yamlsource import Document, describe_char
from lijiang_plan.findings import Finding
from lijiang_plan.i18n import _
from lijiang_plan.plan.deadlines import (
    BadDate,
    BadPeriod,
    due_date,
    is_reporter,
    issued,
    parse_day,
    parse_period,
    period_text,
    today,
)
from lijiang_plan.plan.query import Plan
from lijiang_plan.reports import layout, matching
from lijiang_plan.reports.load import Loaded, odd_characters, position_in_value, read_file, visible
from lijiang_plan.reports.statuses import NOT_APPLICABLE
from lijiang_plan.rules import ReportRuleName, finding, message

_HALF_START = {"H1": 1, "H2": 7}
#: Dashes that look like '-' and are not (hyphen, non-breaking hyphen, figure dash, en and em dash, minus sign,
#: small and full-width hyphen-minus are read by NFKC already).
_DASHES = re.compile("[\u2010-\u2015\u2212\u2043]")
_ROLE_RULE: dict[str, ReportRuleName] = {
    "lead": "missing-lead",
    "county": "missing-measure",
    "cooperate": "missing-cooperate",
}


class FileResult(NamedTuple):
    """One file's findings, as a run yields them."""

    path: str
    findings: list[Finding]


def check_file(path: str, plan: Plan, duties: dict[str, dict[str, Any]] | None = None) -> list[Finding]:
    """Every finding for one report file, sorted by position."""
    return inspect_file(path, plan, duties)[1]


def _next_due(plan: Plan, year: int, half: str) -> dt.date:
    """The due date of the period after (year, half)."""
    return due_date(plan, year, "H2") if half == "H1" else due_date(plan, year + 1, "H1")


def _meant(day: dt.date, due: dt.date) -> str:
    """The day meant when a date lies a year (or more) after its due date: the same day in the due date's year."""
    for year in (due.year, due.year - 1):
        try:
            meant = day.replace(year=year)
        except ValueError:  # 29 February
            continue
        if meant <= due + dt.timedelta(days=183):
            return meant.isoformat()
    return due.isoformat()


def _bad_date(typed: str, reason: str) -> str:
    if reason:  # written right, but no such day
        return message("bad-date", "no-such-day", date=clip(typed), reason=reason)
    spelled = re.fullmatch(
        r"\s*(\d{4})\s*(?:年|/|\.|-)\s*(\d{1,2})\s*(?:月|/|\.|-)\s*(\d{1,2})\s*日?\s*",
        unicodedata.normalize("NFKC", typed),
    )
    if spelled:
        fixed = f"{int(spelled[1]):04d}-{int(spelled[2]):02d}-{int(spelled[3]):02d}"
        return message("bad-date", "spelled", date=clip(typed), fixed=fixed)
    return message("bad-date", "layout", date=clip(typed))


# -- the checks against the plan --------------------------------------------


class PlanCheck:
    """The plan rules for one report. Values with the wrong type were reported
    by the shape check already and are skipped here."""

    def __init__(
        self, plan: Plan, document: Document, path: str, duties: dict[str, dict[str, Any]] | None = None
    ) -> None:
        self.plan = plan
        self.duties_by_unit = duties if duties is not None else {}
        self.doc = document
        self.data: dict[str, Any] = document.data
        self.path = path
        self.found: list[Finding] = []

    def add(self, loc: tuple[Any, ...], rule: ReportRuleName, text: str) -> None:
        self.add_at(self.doc.locate(loc), rule, text)

    def add_at(self, position: tuple[int, int], rule: ReportRuleName, text: str) -> None:
        """The one way a plan finding is made: at its place, and in a workbook at its cell (填报!B3)."""
        self.found.append(finding(self.path, position, rule, text, self.doc.cell(position)))

    def run(self) -> list[Finding]:
        unit_id = self.unit()
        period = self.period()
        self.submitted(period)
        self.measures(unit_id)
        return self.found

    def unit(self) -> str | None:
        typed = self.data.get("unit")
        if not isinstance(typed, str) or not typed.strip():
            return None
        try:
            unit_id = self.plan.resolve_unit(typed)
        except NotFound as exc:
            if odd_characters(typed):
                self._invisible_in_unit(typed)
                return None
            close = matching.from_field(self.plan, typed)
            if close is not None:  # no registry name, but one reporting unit only: checked as that unit's
                name = self.plan.unit_name(close.unit_id, "simplified")
                self.add(("unit",), "unit-matched", message("unit-matched", "close", unit=clip(typed), name=name))
                return close.unit_id
            by_name = matching.from_file_name(self.plan, self.path)
            if by_name is None:
                text = message("unknown-unit", unit=clip(typed), hint=exc.hint)
            else:
                name = self.plan.unit_name(by_name.unit_id, "simplified")
                text = message("unknown-unit", "file-name", unit=clip(typed), hint=exc.hint, name=name)
            self.add(("unit",), "unknown-unit", text)
            return None
        kind = self.plan.units[unit_id]["kind"]
        if not is_reporter(self.plan, unit_id):
            name = self.plan.unit_name(unit_id, "simplified")
            why = message("not-a-reporter", "group" if kind == "group" else "recipient", name=name)
            self.add(("unit",), "not-a-reporter", why)
            return None
        return unit_id

    def _invisible_in_unit(self, typed: str) -> None:
        """An unknown unit name holding a character nobody can see: name it, point at it."""
        odd = odd_characters(typed)
        index, char = odd[0]
        cleaned = "".join(ch for i, ch in enumerate(typed) if i not in dict(odd))
        fields = {"unit": clip(visible(typed)), "character": describe_char(char)}
        try:
            meant = self.plan.unit_name(self.plan.resolve_unit(cleaned), "simplified")
            text = message("unknown-unit", "invisible-meant", meant=meant, **fields)
        except NotFound:
            text = message("unknown-unit", "invisible", **fields)
        where = position_in_value(self.doc, ("unit",), self.doc.locate(("unit",)), index)
        self.add_at(where, "unknown-unit", text)

    def period(self) -> tuple[int, str] | None:
        typed = self.data.get("period")
        if not isinstance(typed, str) or not typed.strip():
            return None
        try:
            return parse_period(typed, self.plan)
        except BadPeriod as exc:
            dash = _DASHES.search(typed)
            if dash:  # 2025‐H1 with a hyphen or minus sign from a word processor: the character is named
                fixed = clip(_DASHES.sub("-", typed).strip())
                text = message(
                    "bad-period", "dash", period=clip(typed), character=describe_char(dash.group()), fixed=fixed
                )
            else:
                text = message("bad-period", reason=exc.message)
            self.add(("period",), "bad-period", text)
            return None

    def submitted(self, period: tuple[int, str] | None) -> None:
        typed = self.data.get("submitted")
        if not isinstance(typed, str) or not typed.strip():
            return
        try:
            day = parse_day(typed)  # the one reading of a date, as summary and --today read it
        except BadDate as exc:
            self.add(("submitted",), "bad-date", _bad_date(typed, exc.reason or ""))
            return
        if period is None:
            return
        year, half = period
        due = due_date(self.plan, year, half)
        start = dt.date(year, _HALF_START[half], 1)
        label = period_text(f"{year}-{half}")  # 2025年上半年 in Chinese
        if day > due and due >= issued(self.plan):  # a due day before the plan existed binds no one
            days = (day - due).days
            if day > _next_due(self.plan, year, half):  # after the next period was due: the year, most likely
                late = message("late", "year", day=day, period=label, due=due, days=days, meant=_meant(day, due))
            else:
                late = message("late", day=day, period=label, due=due, days=days)
            self.add(("submitted",), "late", late)
        elif day < start:
            self.add(("submitted",), "early", message("early", day=day, period=label, start=start))
        now = today()
        if day > now:
            self.add(("submitted",), "future-date", message("future-date", day=day, today=now))

    def measures(self, unit_id: str | None) -> None:
        entries = self.data.get("measures")
        if not isinstance(entries, list):
            return
        duties: dict[str, Any] = {}
        if unit_id:
            if unit_id not in self.duties_by_unit:
                self.duties_by_unit[unit_id] = {d.measure: d for d in self.plan.duties(unit_id)}
            duties = self.duties_by_unit[unit_id]
        seen: dict[str, int] = {}
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict):
                continue
            self.entry(index, entry, unit_id, duties, seen)
        if unit_id is None:
            return
        where = self.doc.locate_key(("measures",))
        name = self.plan.unit_name(unit_id, "simplified")
        for role, rule in _ROLE_RULE.items():  # errors (lead, county) before warnings (cooperate)
            for measure, duty in duties.items():
                if duty.role == role and measure not in seen:
                    text = self._missing(rule, measure, duty, name)
                    self.add_at(where, rule, text)

    def entry(
        self, index: int, entry: dict[str, Any], unit_id: str | None, duties: dict[str, Any], seen: dict[str, int]
    ) -> None:
        loc = ("measures", index)
        if entry.get("status") == NOT_APPLICABLE:
            reason = entry.get("reason")
            if not isinstance(reason, str) or not reason.strip():
                label = self._label(entry, index)
                if self.doc.sheet:  # a workbook: the reason's own cell (不适用原因), in the sheet's words
                    column = layout.COLUMNS["reason"][layout.interface_language()]
                    text = message("missing-reason", "workbook", label=label, column=column)
                    self.add((*loc, "reason"), "missing-reason", text)
                else:
                    self.add((*loc, "status"), "missing-reason", message("missing-reason", label=label))
        measure = entry.get("id")
        if not isinstance(measure, str):
            return
        if measure not in self.plan.nodes:
            self.add((*loc, "id"), "unknown-measure", self._unknown(measure))
        elif not self.plan.is_leaf(measure):
            self.add((*loc, "id"), "not-a-leaf", self._not_leaf(measure, duties))
        elif measure in seen:
            first = self.doc.where(self.doc.locate((*loc[:1], seen[measure], "id")))
            self.add((*loc, "id"), "duplicate-measure", message("duplicate-measure", measure=measure, first=first))
        else:
            seen[measure] = index
            if unit_id is not None and measure not in duties:
                name = self.plan.unit_name(unit_id, "simplified")
                text = message("not-involved", unit=name, measure=measure, title=self._title(measure))
                self.add((*loc, "id"), "not-involved", text)

    # -- messages -----------------------------------------------------------

    def _label(self, entry: dict[str, Any], index: int) -> str:
        measure = entry.get("id")
        if isinstance(measure, str) and measure:
            return _("measure {id}").format(id=measure)
        return _("measures entry {n}").format(n=index + 1)

    def _title(self, measure: str, width: int = 24) -> str:
        title = self.plan.text(measure, "title", "simplified")
        return title if len(title) <= width else title[: width - 1] + "…"

    def _unknown(self, measure: str) -> str:
        try:
            meant = self.plan.resolve_id(measure)
        except NotFound as exc:
            return message("unknown-measure", measure=measure, hint=exc.hint)
        return message("unknown-measure", "spelling", measure=measure, meant=meant)

    def _not_leaf(self, measure: str, duties: dict[str, Any]) -> str:
        kind = "section" if self.plan.node(measure)["kind"] == "section" else "item"  # an item with sub-measures
        leaves = self.plan.leaves_under(measure)
        mine = [m for m in leaves if m in duties] if duties else leaves
        shown = ", ".join((mine or leaves)[:8]) + (", …" if len(mine or leaves) > 8 else "")
        return message("not-a-leaf", kind, measure=measure, leaves=shown)

    def _missing(self, rule: ReportRuleName, measure: str, duty: Any, name: str) -> str:
        title = self._title(measure)
        if duty.via:
            group = self.plan.unit_name(duty.via, "simplified")
            return message(rule, "via", measure=measure, title=title, unit=name, group=group)
        return message(rule, measure=measure, title=title, unit=name)


# -- for callers that need the data as well as the findings ------------------


def inspect_file(
    path: str, plan: Plan, duties: dict[str, dict[str, Any]] | None = None
) -> tuple[Loaded, list[Finding]]:
    """`check_file`'s findings together with the loaded report, read once.

    For `summary`, which needs the unit, period, date and measure IDs as well
    as the findings. The findings are exactly those `check_file` gives.
    """
    loaded = read_file(path)
    findings = loaded.findings
    if loaded.document is not None and isinstance(loaded.data, dict):
        findings = findings + PlanCheck(plan, loaded.document, path, duties).run()
    return loaded, sorted(findings, key=lambda f: (f.line, f.column))  # stable: rule order within a position

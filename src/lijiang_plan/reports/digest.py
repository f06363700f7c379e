"""The period's digest: who said what on each measure, in plan order, for the office's own report.

Built from the roll-up (which file counts for which unit) and from the
reports' measure entries, gathered while the roll-up reads the files (one
reading: `rollup.read_records`' ``collect``); only this period's entries are
kept, and only until the digest is built. For each section, item and measure in plan order: the lead
units, then the cooperating units, then the county offices (and any unit that
reported without a duty there), each with its status and account, or a note
that it has not reported; the figures summed across units by label; and what
is missing. Every text is passed through `visible` (no control character
reaches a document); escaping for HTML, Markdown or Word is the writers' job.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from lijiang_plan.reports import rollup as rollups
from lijiang_plan.table import printable
from lijiang_plan.visible import one_line, visible

if TYPE_CHECKING:
    from lijiang_plan.plan.query import Plan

#: A unit's part in a measure, in the order the digest lists them.
ROLES = ("lead", "cooperate", "county", "other")
_DECIMAL = re.compile(r"^[0-9]+(\.[0-9]+)?$")


@dataclass(frozen=True)
class Account:
    """What one unit's report says on one measure, and the unit's part in it."""

    unit_id: str
    unit: str
    role: str
    status: str
    account: str
    reason: str
    figures: tuple[tuple[str, str], ...]
    findings: int  # errors and warnings in the unit's report: marked, still shown


@dataclass(frozen=True)
class Figure:
    """One label's total on a measure, and who gave which number."""

    label: str
    total: str
    parts: tuple[tuple[str, str], ...]  # (unit, value)


@dataclass
class Measure:
    id: str
    title: str
    level: int  # heading level under the section: 2 for an item that is a measure, 3 for a sub-item
    leads: list[str] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    leads_missing: list[str] = field(default_factory=list)
    others_missing: list[tuple[str, str]] = field(default_factory=list)  # (unit, role): cooperating, county
    no_lead: bool = False  # it has lead units and none of them reported on it


@dataclass
class Heading:
    """A section (level 1) or an item that has sub-items (level 2)."""

    id: str
    title: str
    level: int


@dataclass(frozen=True)
class Source:
    unit: str
    path: str
    submitted: str
    status: str
    errors: int
    warnings: int

    @property
    def file(self) -> str:
        """The file's name, as the office knows it (the folder is the digest's own, named once)."""
        return file_name(self.path)


def file_name(path: str) -> str:
    """A path's last part, as it can be shown: the file name people sent and recognise (escapes as `printable`)."""
    seps = os.sep + (os.altsep or "")  # not a backslash on Linux: there it is a name's own, or an escape's
    return printable(os.path.basename(path.rstrip(seps)) or path)


@dataclass
class Digest:
    period: str
    due: str
    title: str
    parts: list[Heading | Measure] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    not_counted: list[tuple[str, str]] = field(default_factory=list)  # (path, use)
    not_reported: list[tuple[str, str]] = field(default_factory=list)  # (unit, status)
    uncovered: list[tuple[str, str]] = field(default_factory=list)  # (measure, title): no lead unit reported
    totals: list[Figure] = field(default_factory=list)  # each label over every measure; parts: (measure, subtotal)

    @property
    def measures(self) -> list[Measure]:
        return [part for part in self.parts if isinstance(part, Measure)]


def build(files: list[str], plan: Plan, period: str, script: str) -> Digest:
    """Read ``files``, roll them up for ``period`` and gather every counted report's entries."""
    from lijiang_plan.plan.deadlines import parse_period

    year, half = parse_period(period, plan)
    wanted = f"{year}-{half}"
    kept: dict[str, dict[str, list[dict[str, Any]]]] = {}

    def collect(record: rollups.FileRecord, data: dict[str, Any]) -> None:
        if record.period == wanted:
            kept[record.path] = _entries(plan, data)

    rollup = rollups.assign(rollups.read_records(files, plan, False, collect), plan, wanted)
    entries = {unit_id: kept.get(record.path, {}) for unit_id, record in rollup.counted.items()}
    digest = Digest(rollup.period, rollup.due.isoformat(), _title(plan, script))
    _add_sources(digest, rollup, plan, script)
    duties = _duty_roles(plan, rollup.reporters)
    for node_id in _outline(plan):
        node = plan.node(node_id)
        title = one_line(plan.text(node_id, "title", script))
        level = node_id.count(".") + 1
        if not node.get("leaf"):
            digest.parts.append(Heading(node_id, title, level))
            continue
        measure = Measure(node_id, title, level)
        _add_accounts(measure, rollup, plan, script, entries, _roles(plan, rollup, node_id, duties[node_id], entries))
        digest.parts.append(measure)
        if measure.no_lead:
            digest.uncovered.append((node_id, title))
    digest.totals = _totals(plan, digest.measures)
    return digest


def _title(plan: Plan, script: str) -> str:
    meta = plan.meta
    if script == "simplified":
        return str(meta["simplified"]["title"])
    return str(meta["title"])


def _outline(plan: Plan) -> list[str]:
    """Sections, items and measures in plan order (the compiled plan keeps that order)."""
    return list(plan.nodes)


def _duty_roles(plan: Plan, reporters: list[str]) -> dict[str, dict[str, str]]:
    """Measure -> {unit: role} for every reporter with a duty on it, in registry order."""
    roles: dict[str, dict[str, str]] = {measure: {} for measure in plan.leaf_ids()}
    for unit_id in reporters:
        for duty in plan.duties(unit_id):
            roles[duty.measure][unit_id] = duty.role
    return roles


def _entries(plan: Plan, data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Measure ID -> the report's entries for it (shape-checked loosely: the checker judges them)."""
    found: dict[str, list[dict[str, Any]]] = {}
    entries = data.get("measures")
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("id"), str) and plan.is_leaf(entry["id"]):
            found.setdefault(entry["id"], []).append(entry)
    return found


def _add_sources(digest: Digest, rollup: rollups.Rollup, plan: Plan, script: str) -> None:
    for unit_id in rollup.reporters:
        status = rollup.status(unit_id)
        record = rollup.counted.get(unit_id)
        name = plan.unit_name(unit_id, script)
        if status in (rollups.MISSING, rollups.UNREADABLE):
            digest.not_reported.append((name, status))
        if record is not None:
            submitted = record.submitted.isoformat() if record.submitted else ""
            digest.sources.append(Source(name, record.path, submitted, status, record.errors, record.warnings))
    digest.not_counted = [(r.path, rollup.use[r.path]) for r in rollup.files if rollup.use[r.path] != rollups.COUNTED]


def _roles(
    plan: Plan, rollup: rollups.Rollup, measure: str, duties: dict[str, str], entries: dict[str, Any]
) -> list[tuple[str, str]]:
    """(unit, role) of every unit with a part in ``measure``: leads in the plan's order, then the others.

    A lead the plan names as a group leads through its members: they follow the units named themselves.
    """
    leads = [u for u in plan.node(measure)["lead"] if u in rollup.reporters]
    leads += [u for u, role in duties.items() if role == "lead" and u not in leads]
    others = {unit: role for unit, role in duties.items() if unit not in leads}
    others.update((u, "other") for u, said in entries.items() if measure in said and u not in leads and u not in others)
    ordered = [(u, "lead") for u in leads]  # no lead is left among the others
    return ordered + [(u, r) for role in ROLES for u, r in others.items() if r == role]


def _add_accounts(
    measure: Measure,
    rollup: rollups.Rollup,
    plan: Plan,
    script: str,
    entries: dict[str, dict[str, Any]],
    roles: list[tuple[str, str]],
) -> None:
    sums: dict[str, tuple[str, Decimal, list[tuple[str, str]]]] = {}
    for unit_id, role in roles:
        name = plan.unit_name(unit_id, script)
        record = rollup.counted.get(unit_id)
        said = [e for e in entries.get(unit_id, {}).get(measure.id, []) if _text(e.get("account")).strip()]
        if role == "lead":
            measure.leads.append(name)
        if not said:
            if role == "lead":
                measure.leads_missing.append(name)
            elif role != "other":
                measure.others_missing.append((name, role))
            continue  # nothing said: no account and no figures to add
        marks = record.errors + record.warnings if record is not None else 0
        for entry in said:
            figures = _figures(entry.get("figures"))
            for label, value in figures:
                key = plan.fold(unicodedata.normalize("NFKC", label))
                shown, total, parts = sums.get(key, (label, Decimal(0), []))
                sums[key] = (shown, total + Decimal(value), [*parts, (name, value)])
            measure.accounts.append(_account(unit_id, name, role, entry, figures, marks))
    measure.figures = [Figure(label, _number(total), tuple(parts)) for label, total, parts in sums.values()]
    measure.no_lead = bool(measure.leads) and measure.leads == measure.leads_missing


def _account(
    unit_id: str, name: str, role: str, entry: dict[str, Any], figures: list[tuple[str, str]], marks: int
) -> Account:
    return Account(
        unit_id,
        name,
        role,
        status=one_line(_text(entry.get("status"))),
        account=visible(_text(entry.get("account"))).strip("\n"),
        reason=visible(_text(entry.get("reason"))).strip("\n"),
        figures=tuple(figures),
        findings=marks,
    )


def _totals(plan: Plan, measures: list[Measure]) -> list[Figure]:
    """Each figure label summed over every measure (one label in either script), with each measure's part."""
    sums: dict[str, tuple[str, Decimal, list[tuple[str, str]]]] = {}
    for measure in measures:
        for figure in measure.figures:
            key = plan.fold(unicodedata.normalize("NFKC", figure.label))
            shown, total, parts = sums.get(key, (figure.label, Decimal(0), []))
            sums[key] = (shown, total + Decimal(figure.total), [*parts, (measure.id, figure.total)])
    return [Figure(label, _number(total), tuple(parts)) for label, total, parts in sums.values()]


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (dt.date, int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def _figures(value: Any) -> list[tuple[str, str]]:
    """(label, number as text) of the figures that are numbers; others are the checker's business."""
    if not isinstance(value, dict):
        return []
    found = []
    for label, number in value.items():
        if not isinstance(label, str) or isinstance(number, bool):
            continue
        text = str(number) if isinstance(number, int) and number >= 0 else number if isinstance(number, str) else ""
        text = unicodedata.normalize("NFKC", text).strip()
        if _DECIMAL.match(text):
            found.append((one_line(label), text))
    return found


def _number(value: Decimal) -> str:
    """A sum as people write it: 12, 3.5 (no exponent, no trailing zeros)."""
    text = format(value.normalize(), "f")
    return text

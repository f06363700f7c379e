"""The period roll-up for the municipal anti-trafficking office: who reported, what is missing.

`summarize` reads report files one at a time through the checker
(`check.inspect_file`: the loader and findings `lplan check` uses) and keeps
only a small record per file: its unit, period, submission date, the IDs of
the measures it reports on, its finding counts (and, if asked, its findings).
From those records the tables are built: units, measures, the unit × measure
matrix, files and findings. Every table has one column definition here
(`TABLES`), read by the command's --help, the generated reference
(docs/reference/datasets.md) and the CSV writer.

Decisions (documented in docs/office.md, "Summary for the office"):

- The reporters expected are `deadlines.reporters(plan)`; a report counts for
  the unit its `unit:` names (any name or ID the registry knows, or a name
  that fits only one reporting unit), or failing that the unit its file name
  names (`reports.matching`; the files table says which way).
- A measure counts as reported when the report has an entry with its leaf ID
  and a non-empty account; an unfilled template reports nothing.
- A report whose period is not the one asked for is "other period": listed,
  never counted.
- A file that cannot be read as a report (YAML, encoding, not a mapping) or
  whose period cannot be read counts as the unit's *unreadable* submission when
  its unit can be told (from the data, or from a top-level ``unit:`` line of the
  raw text); otherwise it is an *unidentified* file. Both make the roll-up
  incomplete. A file whose period cannot be read counts for the period being
  collected only: for the one asked for, or across all periods for the latest.
- Several reports from one unit for the period: all are flagged as a duplicate
  submission, and the one counted is a readable one before an unreadable one,
  then the latest `submitted` date, then the last path in sorted order.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from lijiang_plan.i18n import N_
from lijiang_plan.reports.matching import of_file
from lijiang_plan.table import Column, printable

if TYPE_CHECKING:
    from lijiang_plan.plan.query import Plan

#: Unit statuses, in the order the roll-up counts them.
ON_TIME, LATE, UNDATED, UNREADABLE, MISSING = "on-time", "late", "undated", "unreadable", "missing"
STATUSES = (ON_TIME, LATE, UNDATED, UNREADABLE, MISSING)
#: The statuses of a unit with no readable report: it owes every measure.
NOT_REPORTED = (MISSING, UNREADABLE)

#: What became of each file.
COUNTED, SUPERSEDED, OTHER_PERIOD, UNIDENTIFIED = "counted", "superseded", "other-period", "unidentified"

#: Matrix cell of a unit that has no duty on a measure: empty in CSV, null in JSON.
NOT_INVOLVED = None


UNITS: tuple[Column, ...] = (
    Column(
        "unit_id",
        "text",
        "unit ID of an expected reporter (member unit or county office), in registry order",
        header=N_("Unit ID"),
    ),
    Column("unit", "text", "unit name, in the chosen script", header=N_("Unit")),
    Column("kind", "text", "department or county", header=N_("Kind")),
    Column(
        "status", "text", "on-time, late, undated (no valid submitted date), unreadable or missing", header=N_("Status")
    ),
    Column("submitted", "date", "submitted date of the counted report; empty if none", header=N_("Submitted on")),
    Column("days_late", "integer", "days after the due date; empty unless late", header=N_("Days late")),
    Column("path", "text", "the counted report file; empty if missing", header=N_("File")),
    Column(
        "duplicates",
        "ids",
        "other files from the unit for the period, not counted (duplicate submission)",
        header=N_("Not counted (duplicates)"),
    ),
    Column("errors", "integer", "errors `lplan check` finds in the counted report", header=N_("Errors")),
    Column("warnings", "integer", "warnings `lplan check` finds in the counted report", header=N_("Warnings")),
    Column(
        "missing_required",
        "ids",
        "measures it leads (a county office: every measure) not reported",
        header=N_("Measures it must report on, not reported"),
    ),
    Column(
        "missing_cooperate",
        "ids",
        "measures it cooperates on not reported",
        header=N_("Measures it cooperates on, not reported"),
    ),
)

MEASURES: tuple[Column, ...] = (
    Column("measure", "text", "leaf measure ID, in plan order", header=N_("Measure")),
    Column("title", "text", "measure heading, in the chosen script", header=N_("Title")),
    Column("lead_ids", "ids", "its lead units (負責), primary lead first", header=N_("Lead units")),
    Column("lead_reported", "ids", "lead units whose counted report covers it", header=N_("Lead units reported")),
    Column(
        "lead_missing",
        "ids",
        "lead units whose report does not cover it, or who sent none or an unreadable one",
        header=N_("Lead units missing"),
    ),
    Column("complete", "boolean", "true when every lead unit reported on it", header=N_("Complete")),
    Column(
        "cooperate_reported",
        "ids",
        "cooperating units (4.8: joint-meeting members) that reported on it",
        header=N_("Cooperating units reported"),
    ),
    Column("cooperate_missing", "ids", "cooperating units that did not", header=N_("Cooperating units missing")),
    Column("counties_reported", "ids", "county offices that reported on it", header=N_("County offices reported")),
    Column("reported_by", "integer", "number of counted reports that cover it", header=N_("Reports covering it")),
)

MATRIX_HEAD: tuple[Column, ...] = (
    Column("unit_id", "text", "unit ID, one row per expected reporter", header=N_("Unit ID")),
    Column("unit", "text", "unit name, in the chosen script", header=N_("Unit")),
    Column("kind", "text", "department or county", header=N_("Kind")),
)
MATRIX_CELL = Column(
    "<measure ID>",
    "text",
    "one column per leaf measure (47): ROLE:STATE, ROLE lead, cooperate or county, "
    "STATE reported or missing; empty (JSON null) when the unit has no duty on it",
)

FILES: tuple[Column, ...] = (
    Column("path", "text", "report file, in the order `lplan check` reads them", header=N_("File")),
    Column(
        "use", "text", "counted, superseded (a duplicate not counted), other-period or unidentified", header=N_("Use")
    ),
    Column(
        "readable",
        "boolean",
        "false when the file could not be read as a report, or its period not read",
        header=N_("Readable"),
    ),
    Column("unit_id", "text", "the unit it is from; empty if unidentified", header=N_("Unit ID")),
    Column("period", "text", "the period it gives; empty if it cannot be read", header=N_("Period")),
    Column("submitted", "date", "its submitted date; empty if missing or not a date", header=N_("Submitted on")),
    Column("errors", "integer", "errors `lplan check` finds in it", header=N_("Errors")),
    Column("warnings", "integer", "warnings `lplan check` finds in it", header=N_("Warnings")),
    Column(
        "matched_by",
        "text",
        "how its unit was told: unit-field (a name or ID), short-form, close-match (the field fits this unit "
        "only), file-name (the field did not tell; the file name did); empty if unidentified",
        header=N_("Unit told by"),
    ),
)

FINDINGS: tuple[Column, ...] = (
    Column("path", "text", "report file", header=N_("File")),
    Column("unit_id", "text", "the unit it is from; empty if unidentified", header=N_("Unit ID")),
    Column("line", "integer", "line, from 1", header=N_("Line")),
    Column("column", "integer", "column, from 1", header=N_("Column")),
    Column(
        "cell",
        "text",
        "in a workbook, the cell (SHEET!D12; line and column are its row and column); else empty",
        header=N_("Cell"),
    ),
    Column("level", "text", "error or warning", header=N_("Level")),
    Column("rule", "text", "rule name (lplan check --list-rules)", header=N_("Rule")),
    Column("message", "text", "what is wrong and what to do", header=N_("Message")),
)

TABLES: dict[str, tuple[str, tuple[Column, ...]]] = {
    "units": ("one row per expected reporter (39)", UNITS),
    "measures": ("one row per leaf measure (47)", MEASURES),
    "matrix": ("units × measures: one row per expected reporter, one column per measure", (*MATRIX_HEAD, MATRIX_CELL)),
    "files": ("one row per report file read", FILES),
    "findings": ("one row per finding, file by file", FINDINGS),
}


@dataclass(frozen=True, slots=True)
class FileRecord:
    """What the roll-up keeps of one file: never the document itself.

    A record is small (about 150 bytes: slots, and values shared between
    records, see `_Shared`), so that a national roll-up of tens of thousands of
    files needs hardly more memory than a city's.
    """

    path: str
    readable: bool
    unit_id: str | None
    period: str | None
    submitted: dt.date | None
    measures: frozenset[str]
    errors: int
    warnings: int
    findings: tuple[Any, ...] = ()
    matched_by: str | None = None  # how the unit was told (`matching.HOW`)


@dataclass
class Rollup:
    """The records of one period's folder, and who is counted for what."""

    period: str
    due: dt.date
    reporters: list[str]
    before_issue: bool  # the due day fell before the plan was issued: nothing is late
    files: list[FileRecord] = field(default_factory=list)
    use: dict[str, str] = field(default_factory=dict)  # path -> COUNTED, SUPERSEDED, ...
    counted: dict[str, FileRecord] = field(default_factory=dict)  # unit -> its counted report
    duplicates: dict[str, list[str]] = field(default_factory=dict)  # unit -> paths not counted

    def status(self, unit_id: str) -> str:
        record = self.counted.get(unit_id)
        if record is None:
            return MISSING
        if not record.readable:
            return UNREADABLE
        if record.submitted is None:
            return UNDATED
        return LATE if record.submitted > self.due and not self.before_issue else ON_TIME

    def reported(self, unit_id: str) -> frozenset[str]:
        record = self.counted.get(unit_id)
        return record.measures if record is not None and record.readable else frozenset()


# -- reading ----------------------------------------------------------------


def summarize(files: Iterable[str], plan: Plan, period: str, keep_findings: bool = True) -> Rollup:
    """Read ``files`` one at a time and roll them up for ``period`` ('2025-H1', already checked)."""
    return assign(read_records(files, plan, keep_findings), plan, period)


def read_records(
    files: Iterable[str],
    plan: Plan,
    keep_findings: bool,
    collect: Callable[[FileRecord, dict[str, Any]], None] | None = None,
) -> list[FileRecord]:
    """One small record per file, read one at a time through the checker.

    ``collect`` (the digest) is shown each readable report's data with its
    record as it is read, and keeps what it needs: the roll-up keeps nothing more.
    """
    from lijiang_plan.reports.check import inspect_file

    duties: dict[str, dict[str, Any]] = {}
    shared = _Shared()
    records = []
    for path in files:
        loaded, findings = inspect_file(path, plan, duties)
        record = shared.record(_record(plan, loaded, findings, keep_findings))
        if collect is not None and record.readable and isinstance(loaded.data, dict):
            collect(record, loaded.data)
        records.append(record)
    return records


class _Shared:
    """One copy of each period, date and set of measures, however many records hold it.

    Reports repeat these (most units report on exactly their duties), so
    sharing them makes a record's cost its path and a few pointers.
    """

    def __init__(self) -> None:
        self.values: dict[Any, Any] = {}

    def one(self, value: Any) -> Any:
        return self.values.setdefault(value, value)

    def record(self, record: FileRecord) -> FileRecord:
        return replace(
            record,
            period=self.one(record.period),
            submitted=self.one(record.submitted),
            measures=self.one(record.measures),
        )


def assign(records: list[FileRecord], plan: Plan, period: str, unknown_period: bool = True) -> Rollup:
    """The roll-up of ``period`` from records already read (one reading serves every period).

    A file whose period cannot be read counts for ``period`` as its unit's
    unreadable report when ``unknown_period`` (the period being collected);
    rolling up earlier periods from the same folder, it is another period's.
    """
    from lijiang_plan.plan.deadlines import due_date, issued, parse_period, reporters

    year, half = parse_period(period, plan)
    due = due_date(plan, year, half)
    rollup = Rollup(f"{year}-{half}", due, reporters(plan), files=list(records), before_issue=due < issued(plan))
    _assign(rollup, unknown_period)
    return rollup


def periods_held(records: Iterable[FileRecord]) -> list[str]:
    """The periods the files give (readable ones), oldest first."""
    return sorted({r.period for r in records if r.period is not None})


def _record(plan: Plan, loaded: Any, findings: list[Any], keep_findings: bool) -> FileRecord:
    data = loaded.data if isinstance(loaded.data, dict) else None
    from lijiang_plan.reports.load import salvage

    fields = data if data is not None else salvage(loaded.path)  # the loader's best reading of a broken file
    period = _period(plan, fields.get("period"))
    errors = sum(f.level == "error" for f in findings)
    # Names and messages as they can be printed: a file name that is not UTF-8,
    # or holds control characters, must not break JSON, CSV or the terminal.
    findings = [replace(f, path=printable(f.path), message=printable(f.message)) for f in findings]
    match = of_file(plan, fields.get("unit"), loaded.path)
    return FileRecord(
        path=printable(loaded.path),
        readable=data is not None and period is not None,
        unit_id=match.unit_id if match else None,
        matched_by=match.how if match else None,
        period=period,
        submitted=_day(fields.get("submitted")) if data is not None else None,
        measures=_reported_measures(plan, data) if data is not None else frozenset(),
        errors=errors,
        warnings=len(findings) - errors,
        findings=tuple(findings) if keep_findings else (),
    )


def _period(plan: Plan, typed: Any) -> str | None:
    from lijiang_plan.plan.deadlines import BadPeriod, parse_period

    if not isinstance(typed, str):
        return None
    try:
        year, half = parse_period(unicodedata.normalize("NFKC", typed).strip(), plan)
    except BadPeriod:
        return None
    return f"{year}-{half}"


def _day(typed: Any) -> dt.date | None:
    """The submitted date as `lplan check` reads it, or None when it is not a real date."""
    from lijiang_plan.plan.deadlines import BadDate, parse_day

    try:
        return parse_day(typed)
    except BadDate:
        return None


def _reported_measures(plan: Plan, data: dict[str, Any]) -> frozenset[str]:
    """Leaf IDs with an entry whose account is filled in."""
    entries = data.get("measures")
    if not isinstance(entries, list):
        return frozenset()
    return frozenset(
        entry["id"]
        for entry in entries
        if isinstance(entry, dict)
        and isinstance(entry.get("id"), str)
        and plan.is_leaf(entry["id"])
        and isinstance(entry.get("account"), str)
        and entry["account"].strip()
    )


def _assign(rollup: Rollup, unknown_period: bool = True) -> None:
    """Decide each file's use, and which report counts for each unit (see the module docstring)."""
    by_unit: dict[str, list[FileRecord]] = {}
    for record in rollup.files:
        if record.unit_id is None:
            rollup.use[record.path] = UNIDENTIFIED
        elif record.period != rollup.period and (record.period is not None or not unknown_period):
            rollup.use[record.path] = OTHER_PERIOD
        else:  # this period, or a file whose period cannot be read (unreadable for its unit)
            by_unit.setdefault(record.unit_id, []).append(record)
    for unit_id, records in by_unit.items():
        ranked = sorted(records, key=lambda r: (r.readable, r.submitted or dt.date.min, r.path))
        chosen = ranked[-1]
        rollup.counted[unit_id] = chosen
        rollup.use[chosen.path] = COUNTED
        if len(ranked) > 1:
            rollup.duplicates[unit_id] = [r.path for r in ranked[:-1]]
            rollup.use.update((r.path, SUPERSEDED) for r in ranked[:-1])


# -- tables -----------------------------------------------------------------


def _duties(plan: Plan, unit_id: str) -> dict[str, str]:
    """Measure -> role (lead, cooperate, county) for one unit."""
    return {duty.measure: duty.role for duty in plan.duties(unit_id)}


def counties_incomplete(units: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The county offices among ``units`` (`unit_rows`) whose counted report leaves out measures.

    Lead units' gaps show in a measure's lead_missing; a county office owes
    every measure but leads none, so its gaps are counted (`totals`) and
    listed (the summary, the page) from here.
    """
    return [u for u in units if u["kind"] == "county" and u["status"] not in NOT_REPORTED and u["missing_required"]]


def unit_rows(rollup: Rollup, plan: Plan, script: str) -> list[dict[str, Any]]:
    rows = []
    for unit_id in rollup.reporters:
        record = rollup.counted.get(unit_id)
        status = rollup.status(unit_id)
        reported = rollup.reported(unit_id)
        roles = _duties(plan, unit_id)
        submitted = record.submitted if record is not None else None
        rows.append(
            {
                "unit_id": unit_id,
                "unit": plan.unit_name(unit_id, script),
                "kind": plan.units[unit_id]["kind"],
                "status": status,
                "submitted": submitted.isoformat() if submitted else None,
                "days_late": (submitted - rollup.due).days if submitted and status == LATE else None,
                "path": record.path if record else None,
                "duplicates": rollup.duplicates.get(unit_id, []),
                "errors": record.errors if record else 0,
                "warnings": record.warnings if record else 0,
                "missing_required": [m for m, r in roles.items() if r in ("lead", "county") and m not in reported],
                "missing_cooperate": [m for m, r in roles.items() if r == "cooperate" and m not in reported],
            }
        )
    return rows


def measure_rows(rollup: Rollup, plan: Plan, script: str) -> list[dict[str, Any]]:
    involved: dict[str, dict[str, list[str]]] = {m: {"cooperate": [], "county": []} for m in plan.leaf_ids()}
    for unit_id in rollup.reporters:
        for measure, role in _duties(plan, unit_id).items():
            if role != "lead":
                involved[measure][role].append(unit_id)
    rows = []
    for measure in plan.leaf_ids():
        leads = list(plan.node(measure)["lead"])
        cooperating = involved[measure]["cooperate"]
        rows.append(
            {
                "measure": measure,
                "title": plan.text(measure, "title", script),
                "lead_ids": leads,
                "lead_reported": [u for u in leads if measure in rollup.reported(u)],
                "lead_missing": [u for u in leads if measure not in rollup.reported(u)],
                "complete": all(measure in rollup.reported(u) for u in leads),
                "cooperate_reported": [u for u in cooperating if measure in rollup.reported(u)],
                "cooperate_missing": [u for u in cooperating if measure not in rollup.reported(u)],
                "counties_reported": [u for u in involved[measure]["county"] if measure in rollup.reported(u)],
                "reported_by": sum(measure in rollup.reported(u) for u in rollup.counted),
            }
        )
    return rows


def matrix_rows(rollup: Rollup, plan: Plan, script: str) -> list[dict[str, Any]]:
    rows = []
    for unit_id in rollup.reporters:
        roles = _duties(plan, unit_id)
        reported = rollup.reported(unit_id)
        row: dict[str, Any] = {
            "unit_id": unit_id,
            "unit": plan.unit_name(unit_id, script),
            "kind": plan.units[unit_id]["kind"],
        }
        for measure in plan.leaf_ids():
            role = roles.get(measure)
            row[measure] = (
                NOT_INVOLVED if role is None else f"{role}:{'reported' if measure in reported else 'missing'}"
            )
        rows.append(row)
    return rows


def file_rows(rollup: Rollup, plan: Plan, script: str) -> list[dict[str, Any]]:
    return [
        {
            "path": r.path,
            "use": rollup.use[r.path],
            "readable": r.readable,
            "unit_id": r.unit_id,
            "period": r.period,
            "submitted": r.submitted.isoformat() if r.submitted else None,
            "errors": r.errors,
            "warnings": r.warnings,
            "matched_by": r.matched_by,
        }
        for r in rollup.files
    ]


def finding_rows(rollup: Rollup, plan: Plan, script: str) -> list[dict[str, Any]]:
    return [{"unit_id": r.unit_id, **f.as_dict()} for r in rollup.files for f in r.findings]


BUILDERS = {
    "units": unit_rows,
    "measures": measure_rows,
    "matrix": matrix_rows,
    "files": file_rows,
    "findings": finding_rows,
}


def columns(table: str, plan: Plan) -> tuple[Column, ...]:
    """The columns of ``table``; the matrix has one per leaf measure."""
    if table == "matrix":
        return (*MATRIX_HEAD, *(Column(m, "text", MATRIX_CELL.doc) for m in plan.leaf_ids()))
    return TABLES[table][1]


def rows(rollup: Rollup, plan: Plan, table: str, script: str = "traditional") -> list[dict[str, Any]]:
    """Rows of ``table`` with JSON types (lists, booleans, integers, None)."""
    built = BUILDERS[table](rollup, plan, script)
    keys = [column.key for column in columns(table, plan)]
    return [{key: row[key] for key in keys} for row in built]


def totals(rollup: Rollup, plan: Plan) -> dict[str, Any]:
    statuses = [rollup.status(u) for u in rollup.reporters]
    measures = measure_rows(rollup, plan, "traditional")
    uses = list(rollup.use.values())
    counts: dict[str, Any] = {"expected": len(rollup.reporters)}
    counts["submitted"] = len(statuses) - statuses.count(MISSING)
    counts.update({status.replace("-", "_"): statuses.count(status) for status in STATUSES})
    counts.update(
        duplicates=len(rollup.duplicates),
        measures=len(measures),
        measures_complete=sum(m["complete"] for m in measures),
        measures_incomplete=sum(not m["complete"] for m in measures),
        files=len(rollup.files),
        other_period=uses.count(OTHER_PERIOD),
        unidentified=uses.count(UNIDENTIFIED),
    )
    counts["counties_incomplete"] = len(counties_incomplete(unit_rows(rollup, plan, "traditional")))
    counts["complete"] = not (
        counts[MISSING]
        or counts[UNREADABLE]
        or counts["unidentified"]
        or counts["measures_incomplete"]
        or counts["counties_incomplete"]
    )
    return counts


def document(rollup: Rollup, plan: Plan, script: str, version: str) -> dict[str, Any]:
    """The whole roll-up as one JSON value: totals and every table."""
    counts = totals(rollup, plan)
    return {
        "tool": "lplan",
        "version": version,
        "period": rollup.period,
        "due": rollup.due.isoformat(),
        "complete": counts.pop("complete"),
        "totals": counts,
        **{table: rows(rollup, plan, table, script) for table in TABLES},
    }

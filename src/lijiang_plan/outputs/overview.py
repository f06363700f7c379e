"""The roll-up (`reports.rollup`, `reports.history`) as an Output: overview, one table, or the whole document.

`lplan summary` hands this Output to the writer registry. Text is the
overview for people (the headline, then each part that has something to say)
or, with a table name, that table; JSON is the whole roll-up or that table's
rows; CSV is one table (units unless another is named; for every period,
periods); xlsx is every table, one sheet each (or the one named); html is the
coverage page (`outputs.page`), an extra format of this Output.

JSON and CSV carry the codes (on-time, department, unit IDs): they are
contracts. Text tables and the workbook are for people (`for_people`):
headers, sheet names and values in the interface language (按时, 部门, units
by name, 负责：已报告); the workbook keeps the codes in trailing columns
headed by their JSON keys (unit_id, status, …), for formulas and scripts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any

from lijiang_plan.i18n import N_, _
from lijiang_plan.outputs import words
from lijiang_plan.plan.deadlines import period_text
from lijiang_plan.plan.query import Plan
from lijiang_plan.reports import history as histories
from lijiang_plan.reports import rollup as rollups
from lijiang_plan.table import Column, Output, Table, column_help

#: Sheet names of the workbook, by table.
SHEETS = {
    "units": N_("Units"),
    "measures": N_("Measures"),
    "matrix": N_("Coverage matrix"),
    "files": N_("Files"),
    "findings": N_("Findings"),
    "periods": N_("Periods"),
    "history": N_("History"),
}
#: Roll-up columns of unit IDs, shown as names; of measure IDs and paths, shown as a list.
_UNIT_LISTS = frozenset(
    {"lead_ids", "lead_reported", "lead_missing", "cooperate_reported", "cooperate_missing", "counties_reported"}
)
_LISTS = frozenset({"missing_required", "missing_cooperate", "duplicates"}) | _UNIT_LISTS
#: Codes the workbook keeps beside their words, headed by the JSON key.
CODES = ("unit_id", "kind", "status", "use", "level", "matched_by")
#: The coverage matrix's cells as a workbook colours them: missing red (yellow for a cooperating unit), reported green.
_COVERAGE_FILLS = {
    "lead:missing": "F4B6B6",
    "county:missing": "F4B6B6",
    "cooperate:missing": "FFF2B3",
    "lead:reported": "C6EFCE",
    "county:reported": "C6EFCE",
    "cooperate:reported": "C6EFCE",
}


def for_people(
    name: str, columns: Sequence[Column], rows: list[dict[str, Any]], plan: Plan, script: str
) -> tuple[list[Column], list[dict[str, Any]]]:
    """A roll-up table as people read it: headers and values in the interface language, units by name.

    ``unit_id`` gives way to the unit's name; codes become words; lists of
    units become their names; booleans yes/no; periods 2025年上半年 in Chinese.
    """
    keys = [column.key for column in columns]
    shown: list[Column] = []
    for column in columns:
        if column.key == "unit_id":
            if "unit" not in keys:
                shown.append(Column("unit", "text", header=N_("Unit")))
            continue
        kind = "names" if column.key in _LISTS else "text" if column.type == "boolean" else column.type
        header = column.header
        if name == "history" and column.key not in keys[:3]:
            header = period_text(column.key)  # a period's column
        shown.append(Column(column.key, kind, column.doc, header if header is not None else column.key))
    people = []
    for row in rows:
        out: dict[str, Any] = {}
        for column in shown:
            key = column.key
            value = row.get(key)
            if key == "unit" and "unit" not in row:
                value = plan.unit_name(row["unit_id"], script) if row.get("unit_id") else None
            elif key in words.BY_COLUMN:
                value = words.word(words.BY_COLUMN[key], value)
            elif key in _UNIT_LISTS:
                value = [plan.unit_name(u, script) for u in value or ()]
            elif isinstance(value, bool):
                value = words.yes_no(value)
            elif key == "period" and isinstance(value, str):
                value = period_text(value)
            elif name == "matrix" and key not in keys[:3]:
                value = words.word(words.COVERAGE, value)
            elif name == "history" and key not in keys[:3]:
                value = words.word(words.STATUSES, value)
            out[key] = value
        people.append(out)
    return shown, people


def _workbook(tables: list[tuple[str, Table]], plan: Plan, script: str) -> bytes:
    """Every table as a sheet for people (`for_people`), the codes in trailing columns headed by their keys."""
    from lijiang_plan.outputs import xlsx  # openpyxl: only for a workbook

    sheets = []
    for name, table in tables:
        shown, people = for_people(name, table.columns, table.rows, plan, script)
        codes = [Column(f"#{key}", "text", header=key) for key in CODES if any(c.key == key for c in table.columns)]
        for row, source in zip(people, table.rows, strict=True):
            row.update((f"#{key}", source.get(key)) for key in CODES)
        fills = (
            {_(words.COVERAGE[code]): colour for code, colour in _COVERAGE_FILLS.items()} if name == "matrix" else {}
        )
        heads = sum(c.key in ("unit", "kind") for c in shown)  # the matrix's measure columns follow unit and kind
        sheets.append(
            xlsx.Sheet(_(SHEETS[name]), Table([*shown, *codes], people, name=name), len(codes), fills, heads + 1)
        )
    return xlsx.render_sheets(sheets)


def help_text(width: int = 20) -> str:
    """Every roll-up table's columns, for --help."""
    return column_help({**rollups.TABLES, **histories.TABLES}, width)


def _cell(value: Any) -> str:
    """A roll-up value for people: names, IDs and paths joined with the interface's list separator, booleans yes/no."""
    if isinstance(value, bool):
        return words.yes_no(value)
    if isinstance(value, (list, tuple)):
        return _(", ").join(str(v) for v in value)
    return "" if value is None else str(value)


def _cells(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{key: _cell(value) for key, value in row.items()} for row in rows]


def _table_output(
    name: str,
    columns: list[Any],
    rows: list[dict[str, Any]],
    title: str,
    complete: bool,
    plan: Plan,
    script: str,
    headline: str | None = None,
) -> Output:
    """One table (--table): its rows as JSON and CSV (keys, codes), and for people in text and a workbook."""
    data = Table(columns, rows, title=title, name=name)
    shown, people = for_people(name, columns, rows, plan, script)
    view = Table(shown, _cells(people), title=title)
    plain = ["\t".join(c.title for c in shown)] + ["\t".join(_cell(row[c.key]) for c in shown) for row in people]
    return Output(
        [data],
        rows,
        view=[view],
        plain=lambda: plain,
        headline=headline,
        complete=complete,
        spaced=True,
        extra={"xlsx": lambda: _workbook([(name, data)], plan, script)},
    )


class _Deferred(Table):
    """A table whose rows are built the first time a writer reads them."""

    def __init__(self, columns: Any, build: Callable[[], list[dict[str, Any]]], name: str) -> None:
        self._build: Callable[[], list[dict[str, Any]]] | None = build
        self._rows: list[dict[str, Any]] = []
        super().__init__(columns, [], title=name, name=name)

    @property  # type: ignore[override]
    def rows(self) -> list[dict[str, Any]]:
        if self._build is not None:
            self._rows, self._build = self._build(), None
        return self._rows

    @rows.setter
    def rows(self, value: list[dict[str, Any]]) -> None:
        if value:  # Table.__init__ sets [] first; anything else replaces the rows to build
            self._rows, self._build = value, None


def output(
    rollup: rollups.Rollup,
    plan: Plan,
    table: str | None,
    script: str,
    version: str,
    earlier: list[rollups.Rollup] | None = None,
) -> Output:
    """One period for the writers; ``table`` None means the overview (text) and the whole document (JSON).

    ``earlier`` periods draw the trend on the html page.
    """
    name = table or "units"
    columns = rollups.columns(name, plan)
    rows = rollups.rows(rollup, plan, name, script)
    data = Table(columns, rows, title=f"{name} ({rollup.period})", name=name)
    complete = rollups.totals(rollup, plan)["complete"]

    def page() -> str:
        from lijiang_plan.outputs.page import render_period

        return render_period(rollup, earlier or [], plan, script, version)

    if table is not None:
        return _table_output(name, list(columns), rows, data.title or name, complete, plan, script)
    parts = sections(rollup, plan, script)
    line = headline(rollup, plan)

    def overview() -> list[str]:
        lines = [line]
        for title, section_columns, section_rows in parts:
            lines += ["", _("{title}:").format(title=title)]
            lines += ["  " + "\t".join(_cell(row.get(key)) for key, _ in section_columns) for row in section_rows]
        return lines

    # Every table, units first: CSV writes the first, a workbook one sheet each. Built when a writer
    # reads them: the text overview shows only its sections (10,000 files' rows cost 16 MiB at its peak).
    others: list[Table] = [
        _Deferred(rollups.columns(other, plan), partial(rollups.rows, rollup, plan, other, script), other)
        for other in rollups.TABLES
        if other != name
    ]
    return Output(
        [data, *others],
        lambda: rollups.document(rollup, plan, script, version),
        view=[_Deferred(cols, partial(_cells, body), title) for title, cols, body in parts],
        headline=line,
        complete=complete,
        plain=overview,
        spaced=True,
        extra={"html": page, "xlsx": lambda: _workbook([(t.name, t) for t in (data, *others)], plan, script)},
    )


def history_output(periods: list[rollups.Rollup], plan: Plan, table: str | None, script: str, version: str) -> Output:
    """Every period the folder holds; complete when the latest is (or there is none)."""
    complete = histories.complete(periods, plan)
    head = _("; ").join(
        _("{period}: {verdict}").format(
            period=period_text(r.period),
            verdict=_("complete") if rollups.totals(r, plan)["complete"] else _("INCOMPLETE"),
        )
        for r in periods
    )
    if table is not None:
        columns = list(histories.columns(table, periods))
        rows = histories.rows(periods, plan, table, script)
        return _table_output(table, columns, rows, table, complete, plan, script, head or _("no period"))
    tables = [
        Table(histories.columns(name, periods), histories.rows(periods, plan, name, script), title=name, name=name)
        for name in histories.TABLES
    ]

    def plain() -> list[str]:
        """Each period's headline, then each unit's status by period."""
        lines = [headline(rollup, plan) for rollup in periods] or [_("no period")]
        if periods:
            lines += [
                "",
                _("Status by period:"),
                "  " + "\t".join([_("Unit"), *(period_text(r.period) for r in periods)]),
            ]
            for row in histories.history_rows(periods, plan, script):
                statuses = [words.word(words.STATUSES, row[r.period]) for r in periods]
                lines.append("  " + "\t".join([row["unit"], *statuses]))
        return lines

    def page() -> str:
        from lijiang_plan.outputs.page import render_history

        return render_history(periods, plan, script, version)

    views = [for_people(t.name, t.columns, t.rows, plan, script) for t in tables]
    return Output(
        tables,
        lambda: histories.document(periods, plan, script, version),
        view=[Table(shown, _cells(people), title=t.title) for t, (shown, people) in zip(tables, views, strict=True)],
        headline=head or _("no period"),
        complete=complete,
        plain=plain,
        spaced=True,
        extra={"html": page, "xlsx": lambda: _workbook([(t.name, t) for t in tables], plan, script)},
    )


# -- the overview's words: the headline and the parts that have something to say --------


def _due(rollup: rollups.Rollup, plan: Plan) -> str:
    if rollup.before_issue:
        return _("due {due}, before the plan was issued on {issued}: no report is late").format(
            due=rollup.due, issued=plan.meta["issued"]
        )
    return _("due {due}").format(due=rollup.due)


def headline(rollup: rollups.Rollup, plan: Plan) -> str:
    """One sentence: how many reported, how, and how many measures are covered by all their leads."""
    t = rollups.totals(rollup, plan)
    parts = [_("{n} on time").format(n=t["on_time"]), _("{n} late").format(n=t["late"])]
    if t["undated"]:
        parts.append(_("{n} undated").format(n=t["undated"]))
    line = _(
        "{period} ({due}): {submitted} of {expected} units submitted ({how}, {unreadable} unreadable), "
        "{missing} not submitted; {complete} of {measures} measures reported by every lead unit"
    ).format(
        period=period_text(rollup.period),
        due=_due(rollup, plan),
        submitted=t["submitted"],
        expected=t["expected"],
        how=_(", ").join(parts),
        unreadable=t["unreadable"],
        missing=t["missing"],
        complete=t["measures_complete"],
        measures=t["measures"],
    )
    counts = [
        (t["counties_incomplete"], N_("{n} county office report(s) leaving out measures")),
        (t["duplicates"], N_("{n} duplicate submission(s)")),
        (t["other_period"], N_("{n} file(s) for another period")),
        (t["unidentified"], N_("{n} unidentified file(s)")),
    ]
    extra = _("; ").join(_(text).format(n=n) for n, text in counts if n)
    verdict = _("complete") if t["complete"] else _("INCOMPLETE")
    if extra:
        return _("{line}; {extra}. {verdict}").format(line=line, extra=extra, verdict=verdict)
    return _("{line}. {verdict}").format(line=line, verdict=verdict)


def sections(
    rollup: rollups.Rollup, plan: Plan, script: str
) -> list[tuple[str, list[tuple[str, str]], list[dict[str, Any]]]]:
    """(title, columns, rows) for each part of the overview that has something to say."""
    units = rollups.unit_rows(rollup, plan, script)
    by_status = {s: [u for u in units if u["status"] == s] for s in rollups.STATUSES}
    name = {u["unit_id"]: u["unit"] for u in units}
    found = [
        (
            N_("Not submitted"),
            [("unit", N_("Unit")), ("kind", N_("Kind"))],
            [{**u, "kind": words.word(words.KINDS, u["kind"])} for u in by_status[rollups.MISSING]],
        ),
        (N_("Unreadable"), [("unit", N_("Unit")), ("path", N_("File"))], by_status[rollups.UNREADABLE]),
        (
            N_("Late"),
            [("unit", N_("Unit")), ("submitted", N_("Submitted on")), ("days_late", N_("Days late"))],
            by_status[rollups.LATE],
        ),
        (N_("Undated"), [("unit", N_("Unit")), ("path", N_("File"))], by_status[rollups.UNDATED]),
        (
            N_("Duplicate submissions (the latest is counted)"),
            [("unit", N_("Unit")), ("path", N_("Counted")), ("duplicates", N_("Not counted"))],
            [u for u in units if u["duplicates"]],
        ),
        (
            N_("County office reports leaving out measures (county offices report on every measure)"),
            [("unit", N_("Unit")), ("path", N_("File")), ("missing_required", N_("Measures left out"))],
            rollups.counties_incomplete(units),
        ),
        (
            N_("Measures not reported by every lead unit"),
            [("measure", N_("Measure")), ("title", N_("Title")), ("lead_missing", N_("Lead units missing"))],
            [
                {**m, "lead_missing": [name.get(u, u) for u in m["lead_missing"]]}
                for m in rollups.measure_rows(rollup, plan, script)
                if not m["complete"]
            ],
        ),
        (
            N_("Reports with findings (lplan check FILE for details)"),
            [("path", N_("File")), ("unit", N_("Unit")), ("errors", N_("Errors")), ("warnings", N_("Warnings"))],
            _listed(
                (r for r in rollup.files if r.errors or r.warnings),
                lambda r: {
                    "path": r.path,
                    "unit": name.get(r.unit_id or "", ""),
                    "errors": r.errors,
                    "warnings": r.warnings,
                },
            ),
        ),
        (
            N_("Other period (not counted)"),
            [("path", N_("File")), ("period", N_("Period")), ("unit", N_("Unit"))],
            _listed(
                (r for r in rollup.files if rollup.use[r.path] == rollups.OTHER_PERIOD),
                lambda r: {
                    "path": r.path,
                    "period": period_text(r.period or ""),
                    "unit": name.get(r.unit_id or "", ""),
                },
            ),
        ),
        (
            N_("Unidentified files (no reporting unit could be read)"),
            [("path", N_("File")), ("errors", N_("Errors"))],
            _listed(
                (r for r in rollup.files if rollup.use[r.path] == rollups.UNIDENTIFIED),
                lambda r: {"path": r.path, "errors": r.errors},
            ),
        ),
    ]
    listed = [(title, cols, body if isinstance(body, tuple) else (body, len(body))) for title, cols, body in found]
    return [(_title(title, rows, total), cols, rows) for title, cols, (rows, total) in listed if total]


#: The files a list of the overview names (a folder of many periods holds thousands of other periods'
#: files): the rest are counted in its title, and every file is in the files table (--table files).
LISTED = 50


def _listed(records: Iterable[Any], row: Callable[[Any], dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """(rows of the first `LISTED` records, how many there are): a row is built only for a file shown."""
    kept: list[dict[str, Any]] = []
    total = 0
    for record in records:
        total += 1
        if len(kept) < LISTED:
            kept.append(row(record))
    return kept, total


def _title(title: str, rows: list[dict[str, Any]], total: int) -> str:
    if total <= len(rows):
        return _(title)
    return _("{title}: {total} files, the first {shown} listed (every file: --table files)").format(
        title=_(title), total=f"{total:,}", shown=len(rows)
    )

"""The coverage page (`lplan summary --format html`): what the template shows, as plain data.

This module turns roll-ups into the values the Jinja template lays out: the
headline, the units not reported, the unit × measure matrix with a symbol and
a spoken label for every cell (colour is never the only signal), each
measure's lead coverage, the findings per file, and, when the folder holds
earlier periods, the trend chart's geometry and each unit's history. Nothing
here writes markup: the template does, with autoescaping on (`outputs.html`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lijiang_plan.i18n import N_, _, ngettext
from lijiang_plan.outputs import chart, words
from lijiang_plan.plan.deadlines import period_text
from lijiang_plan.reports import rollup as rollups

if TYPE_CHECKING:
    from lijiang_plan.plan.query import Plan

#: Matrix cell (ROLE:STATE from `rollup.matrix_rows`) -> CSS class, symbol, legend label.
CELLS: dict[str | None, tuple[str, str, str]] = {
    "lead:reported": ("req-ok", "●", N_("leads it: reported")),
    "lead:missing": ("req-no", "×", N_("leads it: not reported")),
    "county:reported": ("req-ok", "●", N_("county office: reported")),
    "county:missing": ("req-no", "×", N_("county office: not reported")),
    "cooperate:reported": ("co-ok", "○", N_("cooperates: reported")),
    "cooperate:missing": ("co-no", "△", N_("cooperates: not reported")),
    None: ("none", "", N_("no duty")),
}

#: Unit status -> CSS class, symbol, label (history table, status column).
STATUS_CELLS: dict[str, tuple[str, str, str]] = {
    rollups.ON_TIME: ("st-on-time", "●", words.STATUSES[rollups.ON_TIME]),
    rollups.LATE: ("st-late", "◐", words.STATUSES[rollups.LATE]),
    rollups.UNDATED: ("st-undated", "?", words.STATUSES[rollups.UNDATED]),
    rollups.UNREADABLE: ("st-unreadable", "!", words.STATUSES[rollups.UNREADABLE]),
    rollups.MISSING: ("st-missing", "×", words.STATUSES[rollups.MISSING]),
}


#: Words for the machine values the page shows (JSON and CSV keep the values themselves): `outputs.words`.
KINDS = words.KINDS
USES = words.USES


def legend() -> list[dict[str, str]]:
    """The matrix legend: one entry per kind of cell, symbol and words as well as colour."""
    seen = [
        ("req-ok", "●", N_("lead unit or county office: reported")),
        ("req-no", "×", N_("lead unit or county office: not reported")),
    ]
    seen += [("co-ok", "○", N_("cooperating unit: reported")), ("co-no", "△", N_("cooperating unit: not reported"))]
    seen += [("none", "", N_("no duty on the measure"))]
    return [{"cls": cls, "symbol": symbol, "label": _(label)} for cls, symbol, label in seen]


def status_cell(status: str) -> dict[str, str]:
    cls, symbol, label = STATUS_CELLS[status]
    return {"cls": cls, "symbol": symbol, "label": _(label), "status": status}


def headline(rollup: rollups.Rollup, plan: Plan) -> dict[str, Any]:
    totals = rollups.totals(rollup, plan)
    return {"period": rollup.period, "label": period_text(rollup.period), "due": rollup.due.isoformat(), **totals}


def not_reported(units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Units (`rollup.unit_rows`) with no readable report counted: missing first, then unreadable."""
    order = {rollups.MISSING: 0, rollups.UNREADABLE: 1}
    chosen = [u for u in units if u["status"] in order]
    chosen.sort(key=lambda u: order[u["status"]])
    return [{**u, "kind": _(KINDS[u["kind"]]), "state": status_cell(u["status"])} for u in chosen]


def counties_incomplete(units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """County offices whose counted report leaves out measures (they report on every one), with those measures."""
    return [
        {"unit": u["unit"], "path": u["path"], "missing": u["missing_required"]}
        for u in rollups.counties_incomplete(units)
    ]


def matrix(rollup: rollups.Rollup, plan: Plan, script: str) -> dict[str, Any]:
    """Column groups by section, and one row of cells per expected reporter."""
    measures = plan.leaf_ids()
    groups: list[dict[str, Any]] = []
    for measure in measures:
        section = measure.split(".")[0]
        if groups and groups[-1]["section"] == section:
            groups[-1]["span"] += 1
        else:
            groups.append({"section": section, "span": 1})
    rows = []
    for row in rollups.matrix_rows(rollup, plan, script):
        cells = []
        for measure in measures:
            cls, symbol, label = CELLS[row[measure]]
            cells.append({"cls": cls, "symbol": symbol, "label": f"{measure}: {_(label)}"})
        rows.append({"unit": row["unit"], "state": _report_state(rollup, row["unit_id"]), "cells": cells})
    return {"measures": measures, "groups": groups, "rows": rows}


def _report_state(rollup: rollups.Rollup, unit_id: str) -> dict[str, Any]:
    """The Report column: the unit's status, and how many findings its counted report has (marked, still used)."""
    state: dict[str, Any] = status_cell(rollup.status(unit_id))
    record = rollup.counted.get(unit_id)
    state["findings"] = record.errors + record.warnings if record is not None and record.readable else 0
    if state["findings"]:
        found = ngettext(
            "its report has {n} finding (lplan check)", "its report has {n} findings (lplan check)", state["findings"]
        )
        state["label"] = f"{state['label']}; {found.format(n=state['findings'])}"
    return state


def coverage(rollup: rollups.Rollup, plan: Plan, script: str) -> list[dict[str, Any]]:
    """Each measure's lead coverage: how many of its lead units reported, who did not."""
    found = []
    for row in rollups.measure_rows(rollup, plan, script):
        total, done = len(row["lead_ids"]), len(row["lead_reported"])
        found.append(
            {
                "measure": row["measure"],
                "title": row["title"],
                "total": total,
                "done": done,
                "percent": round(100 * done / total) if total else 100,
                "complete": row["complete"],
                "missing": [plan.unit_name(u, script) for u in row["lead_missing"]],
                "reported_by": row["reported_by"],
            }
        )
    return found


def files(rollup: rollups.Rollup, plan: Plan, script: str) -> list[dict[str, Any]]:
    """Every file read, with its use and its findings (paths and messages already printable)."""
    found = []
    for record in rollup.files:
        found.append(
            {
                "path": record.path,
                "unit": plan.unit_name(record.unit_id, script) if record.unit_id else "",
                "use": _(USES[rollup.use[record.path]]),
                "period": period_text(record.period) if record.period else "",
                "errors": record.errors,
                "warnings": record.warnings,
                "findings": [_finding(f) for f in record.findings],
            }
        )
    return found


def _finding(found: Any) -> dict[str, Any]:
    """A finding as the page shows it: where (a workbook's cell, F11, or a text file's line and column), in words."""
    if found.cell:  # SHEET!F11: the sheet matters when a finding is about another sheet (extra-sheet)
        where = _("cell {cell}").format(cell=found.cell)
    else:
        where = _("line {line}, column {column}").format(line=found.line, column=found.column)
    return {**found.as_dict(), "where": where, "level_word": words.word(words.LEVELS, found.level)}


def history(periods: list[rollups.Rollup], plan: Plan, script: str) -> dict[str, Any]:
    """Each period's totals, the trend chart and each unit's status by period."""
    reporters = periods[0].reporters if periods else []
    rows = [
        {
            "unit": plan.unit_name(unit_id, script),
            "kind": plan.units[unit_id]["kind"],
            "cells": [status_cell(rollup.status(unit_id)) for rollup in periods],
        }
        for unit_id in reporters
    ]
    totals = [headline(rollup, plan) for rollup in periods]
    return {"periods": totals, "rows": rows, "chart": chart.trend(totals)}


def period_page(rollup: rollups.Rollup, earlier: list[rollups.Rollup], plan: Plan, script: str) -> dict[str, Any]:
    """Everything the one-period page shows; ``earlier`` are the periods before it (may be empty)."""
    units = rollups.unit_rows(rollup, plan, script)
    return {
        "kind": "period",
        "headline": headline(rollup, plan),
        "not_reported": not_reported(units),
        "counties": counties_incomplete(units),
        "matrix": matrix(rollup, plan, script),
        "legend": legend(),
        "report_legend": [status_cell(status) for status in rollups.STATUSES],
        "coverage": coverage(rollup, plan, script),
        "files": files(rollup, plan, script),
        "history": history([*earlier, rollup], plan, script) if earlier else None,
    }


def history_page(periods: list[rollups.Rollup], plan: Plan, script: str) -> dict[str, Any]:
    """Everything the page of all periods shows."""
    return {"kind": "history", "history": history(periods, plan, script)}


def render_period(rollup: rollups.Rollup, earlier: list[rollups.Rollup], plan: Plan, script: str, version: str) -> str:
    """The one-period page as one self-contained HTML document."""
    from lijiang_plan.outputs.html import name_lang, render

    page = period_page(rollup, earlier, plan, script)
    return render("summary.html.j2", page=page, name_lang=name_lang(script), version=version)


def render_history(periods: list[rollups.Rollup], plan: Plan, script: str, version: str) -> str:
    """The page of every period as one self-contained HTML document."""
    from lijiang_plan.outputs.html import name_lang, render

    page = history_page(periods, plan, script)
    return render("history.html.j2", page=page, name_lang=name_lang(script), version=version)

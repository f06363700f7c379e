"""The report deadlines a selection asks for, as an Output (`lplan deadlines`).

A `Selection` is what the command's options chose: which dated deadlines,
whose (one unit, or everyone's), relative to which day, and whether the
undated obligations are listed. `output` turns it into the text tables, the
JSON document, the CSV rows and the calendar (ics, an extra format only this
Output has). The dates themselves come from `plan.deadlines`, never from here.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from lijiang_plan.i18n import N_, _, ngettext
from lijiang_plan.plan import deadlines as dl
from lijiang_plan.plan.query import Plan
from lijiang_plan.table import Column, Output, Table

if TYPE_CHECKING:
    from lijiang_plan.plan.records import Obligation


class Selection:
    """What the options ask for: which deadlines, whose, relative to which day."""

    def __init__(
        self, plan: Plan, unit_id: str | None, today: dt.date, chosen: list[dl.Deadline], undated: bool
    ) -> None:
        self.plan = plan
        self.unit_id = unit_id
        self.part = dl.role(plan, unit_id) if unit_id else None
        self.today = today
        self.deadlines = chosen
        self.obligations: list[Obligation] = []
        if undated:
            self.obligations = dl.obligations_for(plan, unit_id) if unit_id else dl.undated_obligations(plan)


def _what(sel: Selection, script: str) -> str:
    """The deadline's meaning for whoever asked: report, collect, or everyone's report."""
    to = sel.plan.unit_name(dl.recipient(sel.plan), script)
    count = len(dl.reporters(sel.plan))
    if sel.part == dl.RECIPIENT:
        return ngettext("collect reports from {n} unit", "collect reports from {n} units", count).format(n=count)
    if sel.part == dl.REPORTER:
        return _("report to {unit}").format(unit=to)
    return ngettext("{n} unit reports to {unit}", "{n} units report to {unit}", count).format(n=count, unit=to)


def deadline_rows(sel: Selection, script: str) -> list[dict[str, Any]]:
    """One row per selected deadline, with its status on the selection's day."""
    what = _what(sel, script)
    rows = []
    for deadline in sel.deadlines:
        state = dl.status(deadline.due, sel.today)
        rows.append(
            {
                "period": deadline.period,
                "due": deadline.due.isoformat(),
                "status": state.word,
                "label": state.label,
                "closes": dl.period_text(deadline.period),
                "days": state.days,
                "before_issue": deadline.before_issue,
                "what": what,
                "note": _("before the plan was issued ({date})").format(date=sel.plan.meta["issued"])
                if deadline.before_issue
                else "",
            }
        )
    return rows


def obligation_rows(sel: Selection, script: str) -> list[dict[str, Any]]:
    """The undated obligations selected, as the text states them (no due date)."""
    return [
        {
            "id": o["id"],
            "guarantee": o["guarantee"],
            "who": dl.in_script(o, "who", script),
            "quote": dl.in_script(o, "quote", script),
            "applies_to": list(o.get("applies_to", [])),
            "due": None,
        }
        for o in sel.obligations
    ]


def _unit_record(sel: Selection) -> dict[str, Any] | None:
    if sel.unit_id is None:
        return None
    unit = sel.plan.units[sel.unit_id]
    return {
        "id": sel.unit_id,
        "name": unit["name"],
        "simplified": unit["simplified"],
        "kind": unit["kind"],
        "role": sel.part,
    }


def _document(
    sel: Selection, script: str, rows: list[dict[str, Any]], obligations: list[dict[str, Any]]
) -> dict[str, Any]:
    plan = sel.plan
    reporters = [sel.unit_id] if sel.part == dl.REPORTER else dl.reporters(plan)
    return {
        "plan": {"title": plan.meta_text("title", script), "issued": plan.meta["issued"], "period": list(plan.period)},
        "today": sel.today.isoformat(),
        "unit": _unit_record(sel),
        "recipient": dl.recipient(plan),
        "reporters": reporters,
        "deadlines": [{k: v for k, v in r.items() if k not in ("label", "closes", "note")} for r in rows],
        "undated": obligations,
    }


#: The CSV: one row per deadline ("report") and per undated obligation ("undated").
CSV_COLUMNS = (
    Column("type"),
    Column("due", "date"),
    Column("period"),
    Column("status"),
    Column("days", "integer"),
    Column("before_issue", "boolean"),
    Column("what"),
    Column("obligation"),
    Column("who"),
    Column("text"),
)


def _csv_rows(
    sel: Selection, script: str, rows: list[dict[str, Any]], obligations: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    quote = dl.in_script(sel.plan.reporting, "quote", script)
    dated = [
        {"type": "report", **{k: r[k] for k in ("due", "period", "status", "days", "before_issue", "what")}}
        | {"obligation": "", "who": "", "text": quote}
        for r in rows
    ]
    undated = [
        {"type": "undated", "due": "", "period": "", "status": "undated", "days": "", "before_issue": ""}
        | {"what": "", "obligation": o["id"], "who": o["who"], "text": o["quote"]}
        for o in obligations
    ]
    return dated + undated


def _views(sel: Selection, script: str, rows: list[dict[str, Any]], obligations: list[dict[str, Any]]) -> list[Table]:
    """The text output: the dated deadlines, then (if any) the undated obligations."""
    unit = sel.plan.unit_name(sel.unit_id, script) if sel.unit_id else None

    def whose(title: str) -> str:
        return _("{unit}: {title}").format(unit=unit, title=title) if unit else title

    columns = [("due", N_("Due by")), ("closes", N_("Closes")), ("label", N_("Status")), ("what", N_("What"))]
    if any(r["note"] for r in rows):
        columns.append(("note", N_("Note")))
    dated = Table(
        columns,
        rows,
        plain=lambda: [
            "\t".join(filter(None, (r["due"], r["closes"], r["label"], r["what"], r["note"]))) for r in rows
        ],
        title=whose(
            ngettext(
                "{n} report deadline (today is {today})", "{n} report deadlines (today is {today})", len(rows)
            ).format(n=len(rows), today=sel.today)
        ),
    )
    tables = [dated]
    if obligations:
        tables.append(
            Table(
                [("id", N_("Obligation")), ("who", N_("Who (as the text says)")), ("quote", N_("Text"))],
                obligations,
                plain=lambda: [f"undated\t{o['id']}\t{o['who']}\t{o['quote']}" for o in obligations],
                title=whose(_("without a date in the plan ({n})").format(n=len(obligations))),
            )
        )
    return tables


def _empty_note(sel: Selection) -> str | None:
    if sel.deadlines:
        return None
    every = dl.all_deadlines(sel.plan)
    return _(
        "no report deadline in this selection; the plan's deadlines run from {first} to {last} (today is {today})"
    ).format(first=every[0].due, last=every[-1].due, today=sel.today)


def output(sel: Selection, script: str, remind_days: int) -> Output:
    """The selection for the writers, with its calendar as the extra format ``ics``."""
    rows = deadline_rows(sel, script)
    obligations = obligation_rows(sel, script)

    def calendar() -> str:
        from lijiang_plan.outputs.ics import deadline_calendar

        return deadline_calendar(sel.plan, sel.deadlines, unit_id=sel.unit_id, script=script, remind_days=remind_days)

    return Output(
        [Table(CSV_COLUMNS, _csv_rows(sel, script, rows, obligations), name="deadlines")],
        _document(sel, script, rows, obligations),
        view=_views(sel, script, rows, obligations),
        note=_empty_note(sel),
        extra={"ics": calendar},
    )

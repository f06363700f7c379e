"""`lplan deadlines`: the plan's report deadlines and undated obligations, as a list or a calendar."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import click

from lijiang_plan import completion
from lijiang_plan.clikit import App, format_option, pass_app, wrote
from lijiang_plan.outputs.tables import Table, emit, to_json, write_csv
from lijiang_plan.plan import deadlines as dl


class DayType(click.ParamType):
    """A calendar day written YYYY-MM-DD; anything else is a usage error (exit 2)."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dl.parse_day(value)
        except dl.BadDate as exc:
            self.fail(exc.message, param, ctx)


DAY = DayType()


class Selection:
    """What the options ask for: which deadlines, whose, relative to which day."""

    def __init__(
        self, plan: Any, unit_id: str | None, today: dt.date, chosen: list[dl.Deadline], undated: bool
    ) -> None:
        self.plan = plan
        self.unit_id = unit_id
        self.part = dl.role(plan, unit_id) if unit_id else None
        self.today = today
        self.deadlines = chosen
        self.obligations: list[dict[str, Any]] = []
        if undated:
            self.obligations = dl.obligations_for(plan, unit_id) if unit_id else dl.undated_obligations(plan)


def _select(plan: Any, ctx: click.Context, opts: dict[str, Any]) -> list[dl.Deadline]:
    """The dated deadlines the date options select, after checking they make sense together."""
    year, start, end = opts["year"], opts["start"], opts["end"]
    first, last = plan.period
    if year is not None:
        if start is not None or end is not None:
            raise click.UsageError("use --year or --from/--to, not both", ctx)
        if not first <= year <= last:
            raise click.BadParameter(f"{year} is outside the plan's years {first}–{last}", ctx, param_hint="'--year'")
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if start is not None and end is not None and start > end:
        raise click.UsageError(f"--from {start} is after --to {end}", ctx)
    chosen = dl.between(dl.all_deadlines(plan), start, end)
    count = 1 if opts["next_only"] else opts["upcoming"]
    if count is not None:
        chosen = dl.upcoming(chosen, opts["today"], count)
    return chosen


_SUFFIX_FORMATS = {".ics": "ics", ".json": "json", ".csv": "csv"}


def _infer_format(ctx: click.Context, opts: dict[str, Any]) -> None:
    """Without --format, `-o FILE.ics` (or .json, .csv) picks the format from the name."""
    if opts["output"] and ctx.get_parameter_source("fmt") is click.core.ParameterSource.DEFAULT:
        import os.path

        suffix = os.path.splitext(opts["output"])[1].lower()
        opts["fmt"] = _SUFFIX_FORMATS.get(suffix, opts["fmt"])


def _check_combinations(ctx: click.Context, opts: dict[str, Any]) -> None:
    """Options that only make sense together with others."""
    if opts["next_only"] and opts["upcoming"] is not None:
        raise click.UsageError("use --next or --upcoming N, not both", ctx)
    given = ctx.get_parameter_source("remind") is not click.core.ParameterSource.DEFAULT
    if given and opts["fmt"] != "ics":
        raise click.UsageError("--remind applies to --format ics only", ctx)
    if opts["fmt"] == "ics" and opts["undated"]:
        raise click.UsageError(
            "a calendar event needs a date, so --format ics holds only the dated deadlines; "
            "list the undated obligations with --format text, json or csv",
            ctx,
        )
    if opts["force"] and not opts["output"]:
        raise click.UsageError("--force applies with -o FILE only", ctx)


def _what(sel: Selection, app: App) -> str:
    """The deadline's meaning for whoever asked: report, collect, or everyone's report."""
    to = app.name(dl.recipient(sel.plan))
    count = len(dl.reporters(sel.plan))
    if sel.part == dl.RECIPIENT:
        return f"collect reports from {count} units"
    if sel.part == dl.REPORTER:
        return f"report to {to}"
    return f"{count} units report to {to}"


def _deadline_rows(sel: Selection, app: App) -> list[dict[str, Any]]:
    what = _what(sel, app)
    rows = []
    for deadline in sel.deadlines:
        state = dl.status(deadline.due, sel.today)
        rows.append(
            {
                "period": deadline.period,
                "due": deadline.due.isoformat(),
                "status": state.word,
                "label": state.label,
                "days": state.days,
                "before_issue": deadline.before_issue,
                "what": what,
                "note": f"before the plan was issued ({sel.plan.meta['issued']})" if deadline.before_issue else "",
            }
        )
    return rows


def _obligation_rows(sel: Selection, script: str) -> list[dict[str, Any]]:
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


def _unit_record(sel: Selection, app: App) -> dict[str, Any] | None:
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


def _json(sel: Selection, app: App) -> str:
    rows = _deadline_rows(sel, app)
    plan = sel.plan
    reporters = [sel.unit_id] if sel.part == dl.REPORTER else dl.reporters(plan)
    value = {
        "plan": {
            "title": plan.meta_text("title", app.script),
            "issued": plan.meta["issued"],
            "period": list(plan.period),
        },
        "today": sel.today.isoformat(),
        "unit": _unit_record(sel, app),
        "recipient": dl.recipient(plan),
        "reporters": reporters,
        "deadlines": [{k: v for k, v in r.items() if k not in ("label", "note")} for r in rows],
        "undated": _obligation_rows(sel, app.script),
    }
    return to_json(value) + "\n"


_CSV_COLUMNS = ["type", "due", "period", "status", "days", "before_issue", "what", "obligation", "who", "text"]


def _csv(sel: Selection, app: App) -> str:
    quote = dl.in_script(sel.plan.data["reporting"], "quote", app.script)
    rows: list[list[Any]] = [
        ["report", r["due"], r["period"], r["status"], r["days"], r["before_issue"], r["what"], "", "", quote]
        for r in _deadline_rows(sel, app)
    ]
    rows += [
        ["undated", "", "", "undated", "", "", "", o["id"], o["who"], o["quote"]]
        for o in _obligation_rows(sel, app.script)
    ]
    buffer = io.StringIO()
    write_csv(buffer, _CSV_COLUMNS, rows)
    return buffer.getvalue()


def _tables(sel: Selection, app: App) -> list[Table]:
    """The text output: the dated deadlines, then (if any) the undated obligations."""
    rows = _deadline_rows(sel, app)
    whose = f"{app.name(sel.unit_id)}: " if sel.unit_id else ""
    columns = [("due", "Due by"), ("period", "Closes"), ("label", "Status"), ("what", "What")]
    if any(r["note"] for r in rows):
        columns.append(("note", "Note"))
    dated = Table(
        columns,
        rows,
        plain=lambda: [
            "\t".join(filter(None, (r["due"], r["period"], r["label"], r["what"], r["note"]))) for r in rows
        ],
        title=f"{whose}{len(rows)} report deadline{'s' if len(rows) != 1 else ''} (today is {sel.today})",
    )
    tables = [dated]
    obligations = _obligation_rows(sel, app.script)
    if obligations:
        tables.append(
            Table(
                [("id", "Obligation"), ("who", "Who (as the text says)"), ("quote", "Text")],
                obligations,
                plain=lambda: [f"undated\t{o['id']}\t{o['who']}\t{o['quote']}" for o in obligations],
                title=f"{whose}without a date in the plan ({len(obligations)})",
            )
        )
    return tables


def _plain_text(sel: Selection, app: App) -> str:
    buffer = io.StringIO()
    for table in _tables(sel, app):
        emit(table, "text", buffer)
    return buffer.getvalue()


def _render(sel: Selection, app: App, fmt: str, remind: int) -> str:
    if fmt == "json":
        return _json(sel, app)
    if fmt == "csv":
        return _csv(sel, app)
    if fmt == "ics":
        from lijiang_plan.outputs.ics import deadline_calendar

        return deadline_calendar(sel.plan, sel.deadlines, unit_id=sel.unit_id, script=app.script, remind_days=remind)
    return _plain_text(sel, app)


def _empty_note(sel: Selection) -> str:
    every = dl.all_deadlines(sel.plan)
    return (
        f"lplan: no report deadline in this selection; the plan's deadlines run from "
        f"{every[0].due} to {every[-1].due} (today is {sel.today})"
    )


@click.command("deadlines")
@click.option(
    "--unit",
    "unit_name",
    metavar="UNIT",
    shell_complete=completion.unit_names,
    help="Only this unit's own deadlines and obligations (any name, either script).",
)
@click.option("--year", type=int, metavar="YEAR", help="Only deadlines in YEAR (one of the plan's years).")
@click.option("--from", "start", type=DAY, metavar="DATE", help="Only deadlines due on or after DATE (YYYY-MM-DD).")
@click.option("--to", "end", type=DAY, metavar="DATE", help="Only deadlines due on or before DATE (YYYY-MM-DD).")
@click.option(
    "--upcoming", type=click.IntRange(min=1), metavar="N", help="Only the next N deadlines due today or later."
)
@click.option("--next", "next_only", is_flag=True, help="Only the next deadline (same as --upcoming 1).")
@click.option(
    "--today",
    type=DAY,
    metavar="DATE",
    help="Take DATE as today, for status and --upcoming [default: the system date].",
)
@click.option(
    "--undated/--no-undated",
    default=None,
    help="List the obligations the plan gives without a date [default: yes, except with --upcoming/--next or ics].",
)
@format_option("text", "json", "csv", "ics")
@click.option(
    "--remind",
    type=click.IntRange(0, 365),
    default=7,
    show_default=True,
    metavar="DAYS",
    help="ics: a reminder at 09:00 DAYS days before each deadline; 0 for none.",
)
@click.option(
    "--output", "-o", metavar="FILE", shell_complete=completion.files, help="Write to FILE instead of standard output."
)
@click.option("--force", is_flag=True, help="With -o: replace FILE if it exists.")
@click.pass_context
@pass_app
def deadlines(app: App, ctx: click.Context, unit_name: str | None, **opts: Any) -> None:
    """When the semiannual reports are due, who sends them, and what has no date.

    Chapter 五 of the plan: every member unit and every county (district)
    office reports to the municipal anti-trafficking office (市反拐辦) before
    20 June and 20 December of every year of the plan. Each deadline closes a
    period (2025-H1, 2025-H2); one sent on the due day is on time. The dates
    come from plan/guarantees.yaml, never from code. Deadlines that fell
    before the plan was issued are marked so.

    \b
    Status, relative to today (or --today):
      past            the due day has gone by (lplan knows no submissions;
                      `lplan check` judges a report's lateness)
      due today       the due day is today
      due in N days   still to come
    JSON and CSV give status as past | due today | upcoming, and days
    (due minus today; negative when past).

    \b
    --unit: a department or county office gets its report deadlines and the
    undated obligations of its kind; the municipal office gets the same dates
    as "collect reports from N units" and the obligations of the joint meeting
    offices (supervision, phased and final evaluation).

    \b
    -o FILE writes FILE (never replacing one without --force); without
    --format, a name ending .ics, .json or .csv picks that format.
    --format ics writes an iCalendar file: one all-day event per deadline,
    with stable UIDs (re-importing updates, never duplicates) and a reminder
    (--remind). Undated obligations have no date and are not in it.

    \b
    Examples:
      lplan deadlines --next
      lplan deadlines --unit 市民政局 --year 2026
      lplan deadlines --unit 市民政局 --format ics -o minzheng.ics
    """
    _infer_format(ctx, opts)
    _check_combinations(ctx, opts)
    plan = app.plan
    unit_id = plan.resolve_unit(unit_name) if unit_name is not None else None
    opts["today"] = opts["today"] or dt.date.today()
    chosen = _select(plan, ctx, opts)
    undated = opts["undated"]
    if undated is None:
        undated = opts["fmt"] != "ics" and opts["upcoming"] is None and not opts["next_only"]
    sel = Selection(plan, unit_id, opts["today"], chosen, undated)
    if not chosen:
        click.echo(_empty_note(sel), err=True)
    if opts["output"] and opts["output"] != "-":
        from lijiang_plan.files.safewrite import write_text

        write_text(opts["output"], _render(sel, app, opts["fmt"], opts["remind"]), force=opts["force"], newline="")
        wrote(opts["output"])
    elif opts["fmt"] == "text":
        for table in _tables(sel, app):
            emit(table, "text")
    else:
        from lijiang_plan.outputs.streams import write_file

        write_file(_render(sel, app, opts["fmt"], opts["remind"]))

"""`lplan deadlines`: the plan's report deadlines and undated obligations, as a list or a calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from lijiang_plan import completion
from lijiang_plan.clikit import (
    DAY,
    App,
    chosen_format,
    force_option,
    format_option,
    output_option,
    pass_app,
    say,
    wrote,
)
from lijiang_plan.i18n import _
from lijiang_plan.outputs import schedule
from lijiang_plan.outputs.writers import deliver, emit
from lijiang_plan.plan import deadlines as dl
from lijiang_plan.plan.query import Plan


def _select(plan: Plan, ctx: click.Context, opts: dict[str, Any]) -> list[dl.Deadline]:
    """The dated deadlines the date options select, after checking they make sense together."""
    year, start, end = opts["year"], opts["start"], opts["end"]
    first, last = plan.period
    if year is not None:
        if start is not None or end is not None:
            raise click.UsageError(_("use --year or --from/--to, not both"), ctx)
        if not first <= year <= last:
            raise click.BadParameter(
                _("{year} is outside the plan's years {first}–{last}").format(year=year, first=first, last=last),
                ctx,
                param_hint="'--year'",
            )
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if start is not None and end is not None and start > end:
        raise click.UsageError(_("--from {start} is after --to {end}").format(start=start, end=end), ctx)
    chosen = dl.between(dl.all_deadlines(plan), start, end)
    count = 1 if opts["next_only"] else opts["upcoming"]
    if count is not None:
        chosen = dl.upcoming(chosen, opts["today"], count)
    return chosen


def _check_combinations(ctx: click.Context, opts: dict[str, Any]) -> None:
    """Options that only make sense together with others."""
    if opts["next_only"] and opts["upcoming"] is not None:
        raise click.UsageError(_("use --next or --upcoming N, not both"), ctx)
    given = ctx.get_parameter_source("remind") is not click.core.ParameterSource.DEFAULT
    if given and opts["fmt"] != "ics":
        raise click.UsageError(_("--remind applies to --format ics only"), ctx)
    if opts["fmt"] == "ics" and opts["undated"]:
        raise click.UsageError(
            "a calendar event needs a date, so --format ics holds only the dated deadlines; "
            "list the undated obligations with --format text, json or csv",
            ctx,
        )
    if opts["force"] and not opts["output"]:
        raise click.UsageError(_("--force applies with -o FILE only"), ctx)


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
    help="Take DATE as today, for status and --upcoming [default: LPLAN_TODAY, else the system date].",
)
@click.option(
    "--undated/--no-undated",
    default=None,
    help="List the obligations the plan gives without a date [default: yes, except with --upcoming/--next or ics].",
)
@format_option(extra=("ics",))
@click.option(
    "--remind",
    type=click.IntRange(0, 365),
    default=7,
    show_default=True,
    metavar="DAYS",
    help="ics: a reminder at 09:00 DAYS days before each deadline; 0 for none.",
)
@output_option()
@force_option("With -o: replace FILE if it exists.")
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
    opts["fmt"] = chosen_format(ctx, opts["fmt"], opts["output"])  # -o FILE.ics without --format: a calendar
    _check_combinations(ctx, opts)
    plan = app.plan
    unit_id = plan.resolve_unit(unit_name) if unit_name is not None else None
    opts["today"] = opts["today"] or dl.today()
    chosen = _select(plan, ctx, opts)
    undated = opts["undated"]
    if undated is None:
        undated = opts["fmt"] != "ics" and opts["upcoming"] is None and not opts["next_only"]
    sel = schedule.Selection(plan, unit_id, opts["today"], chosen, undated)
    result = schedule.output(sel, app.script, opts["remind"])
    if result.note:
        say(_("lplan: {note}").format(note=result.note))
    if opts["output"] and opts["output"] != "-":
        deliver(result, opts["fmt"], opts["output"], force=opts["force"])
        wrote(opts["output"])
    else:
        emit(result, opts["fmt"])

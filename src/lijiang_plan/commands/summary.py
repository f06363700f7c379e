"""`lplan summary`: the period roll-up of a folder of reports, for the municipal office."""

from __future__ import annotations

import sys

import click

from lijiang_plan import completion
from lijiang_plan.clikit import (
    App,
    chosen_format,
    force_option,
    format_option,
    output_option,
    pass_app,
    period_option,
    reports_folder,
    say,
    wrote,
)
from lijiang_plan.errors import EXIT_FINDINGS
from lijiang_plan.i18n import _
from lijiang_plan.outputs import overview
from lijiang_plan.outputs.writers import deliver
from lijiang_plan.reports import history as histories
from lijiang_plan.reports import rollup as rollups
from lijiang_plan.table import Output

_HELP = """Roll up the reports in DIR for one period: who has not submitted, who was late,
which measures lack a lead unit's report, and what `lplan check` finds in each file.

DIR is read as `lplan check DIR` reads it (every file: *.yaml/*.yml/*.xlsx
reports, and files in other formats, named as such; hidden directories
skipped), one file at a time. The units expected are the member units and
county offices (39). A file counts for the unit its unit field names (or the
one reporting unit it fits, such as 教育局), else for the unit its file name
names (2025-H2-市外办.xls). A measure is reported when the report has an entry with
its ID and a non-empty account. Reports for another period are listed, not
counted. A file that cannot be read (or whose period cannot) counts as its
unit's unreadable submission when the unit can be told, else it is listed as
unidentified. Several reports from one unit: flagged as duplicates; the
latest submitted date is counted (a readable report before an unreadable one).

Without --period (or with --period all): every period the folder holds,
oldest first, each rolled up as --period would roll it up (tables periods
and history).

\b
--format text   an overview (tables on a terminal, plain lines when piped);
                with --table, that table.
--format json   the whole roll-up (totals and every table) as one document;
                with --table, that table as a list of objects.
--format csv    one table (--table, default units), RFC 4180 as `lplan export`
                writes it: lists joined with ';', formulas made inert,
                --excel adds a byte order mark.
--format xlsx   an Excel workbook: every table one sheet (or the --table
                one), typed cells (IDs as text, numbers, dates), the
                coverage matrix coloured (missing red, reported green).
--format html   one self-contained page to open or print on A4: headline,
                units not reported, coverage matrix, lead coverage,
                findings per file, and the trend when DIR holds earlier
                periods (with all periods: the trend and each unit's history).

-o FILE writes atomically and never replaces a file without --force.

\b
Exit status: 0 complete; 1 a unit has not submitted, a lead unit has not
reported on a measure, a county office's report leaves out a measure, or a
report is unreadable or unidentified (for all periods: in the latest); 2 usage
error (DIR missing, bad period, FILE exists).

\b
Tables and columns:
{columns}

\b
Examples:
  lplan summary reports/2025-H1 --period 2025-H1
  lplan summary reports/2025-H1 -p 2025-H1 -f csv --table matrix --excel -o matrix.csv
  lplan summary reports -p 2025-H1 -f html -o 2025-H1.html
  lplan summary reports -f csv -t history
"""


@click.command("summary", help=_HELP.format(columns=overview.help_text()))
@click.argument("directory", metavar="DIR", shell_complete=completion.directories)
@period_option(
    required=False,
    every=True,
    help="The half-year, e.g. 2025-H1; 'all' (or no --period): every period the folder holds.",
)
@format_option(
    extra=("html",),
    help="text: an overview; json: the whole roll-up; csv: one table; xlsx: a workbook; html: a page to open or print.",
)
@click.option(
    "--table",
    "-t",
    type=click.Choice([*rollups.TABLES, *histories.TABLES]),
    help="The table to write (csv default: units; for all periods: periods).",
)
@output_option()
@force_option()
@click.option("--excel", is_flag=True, help="CSV for Excel: start with a UTF-8 byte order mark.")
@click.pass_context
@pass_app
def summary(
    app: App,
    ctx: click.Context,
    directory: str,
    period: str | None,
    fmt: str,
    table: str | None,
    output: str | None,
    force: bool,
    excel: bool,
) -> None:
    from lijiang_plan.reports.discover import discover

    fmt = chosen_format(ctx, fmt, output)  # -o FILE.html without --format: the page
    if excel and fmt != "csv":
        raise click.UsageError(_("--excel applies to CSV only; drop it or use --format csv"))
    if table is not None and fmt == "html":
        raise click.UsageError(_("--table applies to text, json and csv; the html page shows every table"))
    reports_folder(directory)
    every = period is None or period.strip().lower() == "all"
    _check_table(table, every)
    plan = app.plan
    if not every:
        from lijiang_plan.plan.deadlines import cli_period, parse_period

        year, half = parse_period(cli_period(period or ""), plan)  # BadPeriod: exit 2
        period = f"{year}-{half}"
    found = discover([directory])
    for line in found.notes():
        say(line)
    files = found.files
    if every:
        result = _history(app, files, table, directory)
    else:
        result = _period(app, files, period or "", fmt, table)
    deliver(result, fmt, output, force=force, excel=excel, reads=files)  # never over a report it read
    if output is not None and output != "-":
        wrote(output)
    if not result.complete:
        sys.exit(EXIT_FINDINGS)


def _check_table(table: str | None, every: bool) -> None:
    if table is None:
        return
    if every and table not in histories.TABLES:
        raise click.UsageError(
            _(
                "--table {table} is a table of one period: give --period YEAR-H1|YEAR-H2, "
                "or for all periods use --table {tables}"
            ).format(table=table, tables=_(" or ").join(histories.TABLES))
        )
    if not every and table in histories.TABLES:
        raise click.UsageError(
            _("--table {table} is a table of all periods: use --period all (or no --period)").format(table=table)
        )


def _period(app: App, files: list[str], period: str, fmt: str, table: str | None) -> Output:
    """One period's roll-up, for the writers."""
    from lijiang_plan import __version__

    plan = app.plan
    if fmt == "html":  # the page shows the trend: every earlier period the folder holds
        records = rollups.read_records(files, plan, keep_findings=True)
        *earlier, rollup = histories.up_to(records, plan, period)
        return overview.output(rollup, plan, table, app.script, __version__, earlier)
    needs_findings = table == "findings" or (fmt in ("json", "xlsx") and table is None)
    rollup = rollups.summarize(files, plan, period, keep_findings=needs_findings)
    return overview.output(rollup, plan, table, app.script, __version__)


def _history(app: App, files: list[str], table: str | None, directory: str) -> Output:
    """Every period the folder holds, for the writers."""
    from lijiang_plan import __version__

    plan = app.plan
    periods = histories.history(rollups.read_records(files, plan, keep_findings=False), plan)
    if files and not periods:
        say(_("lplan: note: no report under {folder} gives a period that can be read").format(folder=directory))
    return overview.history_output(periods, plan, table, app.script, __version__)

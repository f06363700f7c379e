"""`lplan summary`: the period roll-up of a folder of reports, for the municipal office."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from lijiang_plan import completion
from lijiang_plan.clikit import App, CliError, pass_app
from lijiang_plan.errors import EXIT_FINDINGS, EXIT_USAGE
from lijiang_plan.i18n import _
from lijiang_plan.reports import history as histories
from lijiang_plan.reports import rollup as rollups

_HELP = """Roll up the reports in DIR for one period: who has not submitted, who was late,
which measures lack a lead unit's report, and what `lplan check` finds in each file.

DIR is read as `lplan check DIR` reads it (*.yaml/*.yml, hidden directories
skipped), one file at a time. The units expected are the member units and
county offices (39). A measure is reported when the report has an entry with
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


def _column_help(width: int = 20) -> str:
    lines = []
    for name, (doc, columns) in {**rollups.TABLES, **histories.TABLES}.items():
        lines.append(f"{name}: {doc}")
        lines.extend(f"  {column.key:<{width}}{column.doc}" for column in columns)
    return "\n".join(lines)


@click.command("summary", help=_HELP.format(columns=_column_help()))
@click.argument("directory", metavar="DIR", shell_complete=completion.directories)
@click.option(
    "--period",
    "-p",
    metavar="YEAR-H1|YEAR-H2|all",
    shell_complete=completion.periods_or_all,
    help="The half-year, e.g. 2025-H1; 'all' (or no --period): every period the folder holds.",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["text", "json", "csv", "html"]),
    default="text",
    show_default=True,
    help="text: an overview; json: the whole roll-up; csv: one table; html: a page to open or print.",
)
@click.option(
    "--table",
    "-t",
    type=click.Choice([*rollups.TABLES, *histories.TABLES]),
    help="The table to write (csv default: units; for all periods: periods).",
)
@click.option(
    "--output",
    "-o",
    "output",
    metavar="FILE",
    shell_complete=completion.files,
    help="Write to FILE instead of stdout ('-' is stdout).",
)
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@click.option("--excel", is_flag=True, help="CSV for Excel: start with a UTF-8 byte order mark.")
@pass_app
def summary(
    app: App,
    directory: str,
    period: str | None,
    fmt: str,
    table: str | None,
    output: str | None,
    force: bool,
    excel: bool,
) -> None:
    from lijiang_plan.reports.check import expand_paths

    if excel and fmt != "csv":
        raise click.UsageError("--excel applies to CSV only; drop it or use --format csv")
    if table is not None and fmt == "html":
        raise click.UsageError("--table applies to text, json and csv; the html page shows every table")
    if not os.path.isdir(directory):
        what = "is not a directory" if os.path.exists(directory) else "does not exist"
        raise CliError(f"{directory} {what}; give the folder that holds the period's reports", EXIT_USAGE)
    try:
        with os.scandir(directory):
            pass
    except OSError as exc:
        reason = (exc.strerror or type(exc).__name__).lower()
        raise CliError(
            _("cannot read folder {folder}: {reason}").format(folder=directory, reason=reason), EXIT_USAGE
        ) from None
    every = period is None or period.strip().lower() == "all"
    _check_table(table, every)
    plan = app.plan
    if not every:
        from lijiang_plan.plan.deadlines import cli_period, parse_period

        year, half = parse_period(cli_period(period or ""), plan)  # BadPeriod: exit 2
        period = f"{year}-{half}"
    files, _missing = expand_paths([directory])
    if not files:
        click.echo(f"lplan: note: no report files (*.yaml, *.yml) under {directory}", err=True)
    if every:
        complete = _history(app, files, fmt, table, output, force, excel, directory)
    else:
        complete = _period(app, files, period or "", fmt, table, output, force, excel)
    if not complete:
        sys.exit(EXIT_FINDINGS)


def _check_table(table: str | None, every: bool) -> None:
    if table is None:
        return
    if every and table not in histories.TABLES:
        raise click.UsageError(
            f"--table {table} is a table of one period: give --period YEAR-H1|YEAR-H2, "
            f"or for all periods use --table {' or '.join(histories.TABLES)}"
        )
    if not every and table in histories.TABLES:
        raise click.UsageError(f"--table {table} is a table of all periods: use --period all (or no --period)")


def _period(
    app: App, files: list[str], period: str, fmt: str, table: str | None, output: str | None, force: bool, excel: bool
) -> bool:
    """One period's roll-up, written; True when complete."""
    from lijiang_plan.commands.export import deliver

    plan = app.plan
    needs_findings = table == "findings" or (fmt == "json" and table is None) or fmt == "html"
    if fmt == "html":
        from lijiang_plan import __version__
        from lijiang_plan.outputs.page import render_period

        records = rollups.read_records(files, plan, keep_findings=True)
        *earlier, rollup = histories.up_to(records, plan, period)
        text = render_period(rollup, earlier, plan, app.script, __version__)
    else:
        rollup = rollups.summarize(files, plan, period, keep_findings=needs_findings)
        text = _period_text(app, rollup, fmt, table, output)
    if text:
        deliver(text, output, force=force, excel=excel)
    return bool(rollups.totals(rollup, plan)["complete"])


def _period_text(app: App, rollup: rollups.Rollup, fmt: str, table: str | None, output: str | None) -> str:
    plan = app.plan
    if fmt == "csv":
        return _csv(rollup, plan, table or "units", app.script)
    if fmt == "json":
        return _json(rollup, plan, table, app.script)
    if (output is None or output == "-") and _on_terminal():
        _show(rollup, plan, table, app.script)
        return ""
    if table is not None:
        return _plain_table(rollup, plan, table, app.script)
    return _plain_overview(rollup, plan, app.script)


def _history(
    app: App,
    files: list[str],
    fmt: str,
    table: str | None,
    output: str | None,
    force: bool,
    excel: bool,
    directory: str,
) -> bool:
    """Every period the folder holds, written; True when the latest is complete (or there is none)."""
    from lijiang_plan import __version__
    from lijiang_plan.commands.export import deliver
    from lijiang_plan.outputs.datasets import csv_row
    from lijiang_plan.outputs.tables import csv_text, to_json

    plan = app.plan
    periods = histories.history(rollups.read_records(files, plan, keep_findings=False), plan)
    if files and not periods:
        click.echo(f"lplan: note: no report under {directory} gives a period that can be read", err=True)
    if fmt == "html":
        from lijiang_plan.outputs.page import render_history

        text = render_history(periods, plan, app.script, __version__)
    elif fmt == "json":
        value = histories.document(periods, plan, app.script, __version__)
        text = to_json(value if table is None else histories.rows(periods, plan, table, app.script)) + "\n"
    elif fmt == "csv":
        cols = histories.columns(table or "periods", periods)
        text = csv_text(
            [c.key for c in cols],
            [csv_row(cols, r) for r in histories.rows(periods, plan, table or "periods", app.script)],
        )
    elif (output is None or output == "-") and _on_terminal():
        text = ""
        _show_history(periods, plan, table, app.script)
    else:
        text = _plain_history(periods, plan, table, app.script)
    if text:
        deliver(text, output, force=force, excel=excel)
    return histories.complete(periods, plan)


def _on_terminal() -> bool:
    from lijiang_plan.outputs.tables import is_terminal

    return is_terminal(sys.stdout)


def _csv(rollup: rollups.Rollup, plan: Any, table: str, script: str) -> str:
    from lijiang_plan.outputs.datasets import csv_row
    from lijiang_plan.outputs.tables import csv_text

    columns = rollups.columns(table, plan)
    rows = rollups.rows(rollup, plan, table, script)
    return csv_text([column.key for column in columns], [csv_row(columns, row) for row in rows])


def _json(rollup: rollups.Rollup, plan: Any, table: str | None, script: str) -> str:
    from lijiang_plan import __version__
    from lijiang_plan.outputs.tables import to_json

    if table is None:
        return to_json(rollups.document(rollup, plan, script, __version__)) + "\n"
    return to_json(rollups.rows(rollup, plan, table, script)) + "\n"


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _plain_overview(rollup: rollups.Rollup, plan: Any, script: str) -> str:
    """The overview as plain lines: the headline, then each section's rows, tab-separated."""
    lines = [rollups.headline(rollup, plan)]
    for title, columns, rows in rollups.sections(rollup, plan, script):
        lines += ["", f"{title}:"]
        lines += ["  " + "\t".join(_cell(row.get(key)) for key, _header in columns) for row in rows]
    return "\n".join(lines) + "\n"


def _plain_table(rollup: rollups.Rollup, plan: Any, table: str, script: str) -> str:
    """One table as plain lines: a header of column keys, then tab-separated rows."""
    keys = [column.key for column in rollups.columns(table, plan)]
    rows = rollups.rows(rollup, plan, table, script)
    return "\n".join(["\t".join(keys)] + ["\t".join(_cell(row[k]) for k in keys) for row in rows]) + "\n"


def _show(rollup: rollups.Rollup, plan: Any, table: str | None, script: str) -> None:
    """At a terminal: one table (--table), or the overview as tables under the headline."""
    from lijiang_plan.outputs.tables import Table
    from lijiang_plan.outputs.terminal import print_summary

    complete = rollups.totals(rollup, plan)["complete"]
    if table is not None:
        columns = [(column.key, column.key) for column in rollups.columns(table, plan)]
        rows = [{k: _cell(v) for k, v in row.items()} for row in rollups.rows(rollup, plan, table, script)]
        print_summary(None, [Table(columns, rows, title=f"{table} ({rollup.period})")], complete, sys.stdout)
        return
    parts = [
        Table(columns, [{k: _cell(v) for k, v in row.items()} for row in rows], title=title)
        for title, columns, rows in rollups.sections(rollup, plan, script)
    ]
    print_summary(rollups.headline(rollup, plan), parts, complete, sys.stdout)


def _plain_history(periods: list[rollups.Rollup], plan: Any, table: str | None, script: str) -> str:
    """Each period's headline, then each unit's status by period (or one table, with --table)."""
    if table is not None:
        keys = [column.key for column in histories.columns(table, periods)]
        rows = histories.rows(periods, plan, table, script)
        return "\n".join(["\t".join(keys)] + ["\t".join(_cell(row[k]) for k in keys) for row in rows]) + "\n"
    lines = [rollups.headline(rollup, plan) for rollup in periods] or ["no period"]
    if periods:
        lines += ["", "Status by period:", "  " + "\t".join(["unit", *(r.period for r in periods)])]
        for row in histories.history_rows(periods, plan, script):
            lines.append("  " + "\t".join([row["unit"], *(row[r.period] for r in periods)]))
    return "\n".join(lines) + "\n"


def _show_history(periods: list[rollups.Rollup], plan: Any, table: str | None, script: str) -> None:
    """At a terminal: the periods table and each unit's statuses."""
    from lijiang_plan.outputs.tables import Table
    from lijiang_plan.outputs.terminal import print_summary

    complete = histories.complete(periods, plan)
    parts = []
    for name in [table] if table else list(histories.TABLES):
        cols = [(c.key, c.key) for c in histories.columns(name, periods)]
        rows = [{k: _cell(v) for k, v in row.items()} for row in histories.rows(periods, plan, name, script)]
        parts.append(Table(cols, rows, title=name))
    head = "; ".join(
        f"{r.period}: {'complete' if rollups.totals(r, plan)['complete'] else 'INCOMPLETE'}" for r in periods
    )
    print_summary(head or "no period", parts, complete, sys.stdout)

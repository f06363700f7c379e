"""`lplan export`: the plan as CSV or JSON tables, for spreadsheets and scripts."""

from __future__ import annotations

import click

from lijiang_plan.clikit import App, chosen_format, force_option, format_option, output_option, pass_app, wrote
from lijiang_plan.i18n import _
from lijiang_plan.outputs import datasets as exports
from lijiang_plan.outputs.writers import deliver

_HELP = """Export DATASET as CSV (default) or JSON, to stdout or to FILE.

DATASET is measures, responsibilities (the long form: one row per measure, role
and unit), units or deadlines. Names and texts follow --script.

CSV is RFC 4180 UTF-8 with CRLF line ends and a header row. A list is one cell:
names joined with '、', IDs with ';'; booleans are true/false; empty means none.
A cell that starts (after any blanks) with = + - @ or their full-width forms,
or with a tab or CR, gets a leading ' so a spreadsheet can never run it as a
formula. --excel adds the UTF-8 byte order mark Excel needs to read Chinese.
JSON is a list of objects with the same keys, lists as lists, booleans as
booleans, no cell changed. xlsx is an Excel workbook of one sheet with the
same columns and typed cells: IDs as text (3.10 stays 3.10), numbers as
numbers, dates as dates, booleans as TRUE/FALSE; never a formula.

-o FILE writes atomically and never replaces an existing file without --force
('-o -' is stdout). Exit status 0, or 2 for a usage error or unwritable file.

\b
Columns:
{columns}

\b
Examples:
  lplan export measures -o measures.csv --excel
  lplan --script simplified export responsibilities --format json
  lplan export measures --format xlsx -o measures.xlsx
"""


@click.command("export", help=_HELP.format(columns=exports.help_text()))
@click.argument("dataset", metavar="DATASET", type=click.Choice(list(exports.DATASETS)))
@format_option(default="csv", skip=("text",), help="CSV for spreadsheets, JSON for scripts, xlsx for Excel.")
@output_option()
@force_option()
@click.option("--excel", is_flag=True, help="CSV for Excel: start with a UTF-8 byte order mark.")
@click.pass_context
@pass_app
def export(app: App, ctx: click.Context, dataset: str, fmt: str, output: str | None, force: bool, excel: bool) -> None:
    fmt = chosen_format(ctx, fmt, output)  # -o FILE.xlsx without --format: a workbook
    if excel and fmt != "csv":
        raise click.UsageError(_("--excel applies to CSV only; drop it or use --format csv"))
    deliver(exports.output(app.plan, dataset, app.script), fmt, output, force=force, excel=excel)
    if output is not None and output != "-":
        wrote(output)

"""`lplan export`: the plan as CSV or JSON tables, for spreadsheets and scripts."""

from __future__ import annotations

import click

from lijiang_plan import completion
from lijiang_plan.clikit import App, pass_app, wrote
from lijiang_plan.outputs import datasets as exports

_HELP = """Export DATASET as CSV (default) or JSON, to stdout or to FILE.

DATASET is measures, responsibilities (the long form: one row per measure, role
and unit), units or deadlines. Names and texts follow --script.

CSV is RFC 4180 UTF-8 with CRLF line ends and a header row. A list is one cell:
names joined with '、', IDs with ';'; booleans are true/false; empty means none.
A cell that starts (after any blanks) with = + - @ or their full-width forms,
or with a tab or CR, gets a leading ' so a spreadsheet can never run it as a
formula. --excel adds the UTF-8 byte order mark Excel needs to read Chinese.
JSON is a list of objects with the same keys, lists as lists, booleans as
booleans, no cell changed.

-o FILE writes atomically and never replaces an existing file without --force
('-o -' is stdout). Exit status 0, or 2 for a usage error or unwritable file.

\b
Columns:
{columns}

\b
Examples:
  lplan export measures -o measures.csv --excel
  lplan --script simplified export responsibilities --format json
"""


@click.command("export", help=_HELP.format(columns=exports.column_help()))
@click.argument("dataset", metavar="DATASET", type=click.Choice(list(exports.DATASETS)))
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["csv", "json"]),
    default="csv",
    show_default=True,
    help="CSV for spreadsheets, JSON for scripts.",
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
def export(app: App, dataset: str, fmt: str, output: str | None, force: bool, excel: bool) -> None:
    if excel and fmt != "csv":
        raise click.UsageError("--excel applies to CSV only; drop it or use --format csv")
    deliver(render(app, dataset, fmt), output, force=force, excel=excel)


def deliver(text: str, output: str | None, *, force: bool = False, excel: bool = False) -> None:
    """``text`` exactly as given (CRLFs kept), to stdout or atomically to ``output``; --excel adds a BOM."""
    encoding = "utf-8-sig" if excel else "utf-8"
    if output is None or output == "-":
        _write_stdout(text, encoding)
        return
    from lijiang_plan.files.safewrite import write_text

    write_text(output, text, force=force, encoding=encoding, newline="")
    wrote(output)


def _write_stdout(text: str, encoding: str) -> None:
    """Bytes to stdout, so no platform turns CRLF into CR CR LF or re-encodes the text."""
    from lijiang_plan.outputs.streams import write_file

    write_file(text, encoding)


def render(app: App, dataset: str, fmt: str) -> str:
    """The whole export as text: CSV (CRLF) or JSON (LF), no BOM."""
    spec = exports.DATASETS[dataset]
    rows = exports.build(app.plan, dataset, app.script)
    if fmt == "json":
        from lijiang_plan.outputs.tables import to_json

        return to_json(rows) + "\n"
    from lijiang_plan.outputs.tables import csv_text

    return csv_text([column.key for column in spec.columns], [exports.csv_row(spec.columns, row) for row in rows])

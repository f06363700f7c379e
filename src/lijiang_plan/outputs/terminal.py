"""Rich rendering for people at a terminal. The only module that imports rich.

`show` is how the text writer draws an `Output` at a terminal; `FindingsView`
is how `lplan check` draws findings there. Cells and titles are always `Text`,
never markup: they hold plan text, file names and other user input ('[x]').
"""

from __future__ import annotations

from typing import IO

from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from lijiang_plan.findings import Finding
from lijiang_plan.i18n import N_, _
from lijiang_plan.outputs.tables import color_allowed
from lijiang_plan.table import Output, Table, text_cell


def console(stream: IO[str]) -> Console:
    # NO_COLOR: no escape codes at all, not only no colours.
    plain = not color_allowed(stream)
    return Console(file=stream, no_color=plain, color_system=None if plain else "auto", highlight=False)


def _rich_table(table: Table) -> RichTable:
    title = Text(table.title) if table.title else None
    rich_table = RichTable(title=title, show_lines=False, title_justify="left")
    for column in table.columns:
        rich_table.add_column(Text(column.title), overflow="fold")
    for row in table.rows:
        rich_table.add_row(*(Text(text_cell(row.get(column.key))) for column in table.columns))
    return rich_table


def print_table(table: Table, stream: IO[str]) -> None:
    """One table of plain cells."""
    console(stream).print(_rich_table(table))


def show(output: Output, stream: IO[str]) -> None:
    """An output at a terminal: its headline in colour (if any), then its tables."""
    con = console(stream)
    if output.headline is not None:
        con.print(Text(output.headline, style="bold green" if output.complete else "bold red"))
    for table in output.shown():
        if output.spaced:
            con.print()
        con.print(_rich_table(table))


#: The level as a person reads it at a terminal (piped lines keep the code: CI logs and editors parse it).
_LEVEL_WORD = {"error": N_("error"), "warning": N_("warning")}
_LEVEL_STYLE = {"error": "bold red", "warning": "yellow"}


class FindingsView:
    """`lplan check` at a terminal: findings grouped under their file, levels in colour."""

    def __init__(self, stream: IO[str]) -> None:
        self.con = console(stream)

    def file(self, path: str, findings: list[Finding]) -> None:
        if not findings:
            return
        grid = RichTable.grid(padding=(0, 1))
        grid.add_column(justify="right", no_wrap=True)
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        grid.add_column(no_wrap=True, style="dim")
        for f in findings:
            grid.add_row(  # Text, not markup: messages quote user input such as '[x]'
                Text(f"  {f.cell or f'{f.line}:{f.column}'}"),
                Text(_(_LEVEL_WORD.get(f.level, f.level)), style=_LEVEL_STYLE.get(f.level, "")),
                Text(f.message),
                Text(f.rule),
            )
        self.con.print(path, style="bold underline", markup=False, highlight=False)
        self.con.print(grid)
        self.con.print()

    def finish(self, summary_line: str, failed: bool) -> None:
        self.con.print(summary_line, style="bold red" if failed else "bold green")

"""Rich rendering for people at a terminal. The only module that imports rich."""

from __future__ import annotations

from typing import IO

from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from lijiang_plan.findings import Finding
from lijiang_plan.outputs.tables import Table, _plain, color_allowed


def console(stream: IO[str]) -> Console:
    # NO_COLOR: no escape codes at all, not only no colours.
    plain = not color_allowed(stream)
    return Console(file=stream, no_color=plain, color_system=None if plain else "auto", highlight=False)


def print_table(table: Table, stream: IO[str]) -> None:
    """A table of plain cells: plan text or file names are never read as rich markup."""
    title = Text(table.title) if table.title else None
    rich_table = RichTable(title=title, show_lines=False, title_justify="left")
    for _, header in table.columns:
        rich_table.add_column(Text(header), overflow="fold")
    for row in table.rows:
        rich_table.add_row(*(Text(_plain(row.get(key))) for key, _ in table.columns))
    console(stream).print(rich_table)


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
                Text(f.level, style=_LEVEL_STYLE.get(f.level, "")),
                Text(f.message),
                Text(f.rule),
            )
        self.con.print(path, style="bold underline", markup=False, highlight=False)
        self.con.print(grid)
        self.con.print()

    def finish(self, summary_line: str, failed: bool) -> None:
        self.con.print(summary_line, style="bold red" if failed else "bold green")


def print_summary(headline: str | None, tables: list[Table], complete: bool, stream: IO[str]) -> None:
    """`lplan summary` at a terminal: the headline in colour, then one table per section.

    Cells are Text, not markup: they hold file names and other user input such as '[draft]'.
    """
    con = console(stream)
    if headline is not None:
        con.print(Text(headline, style="bold green" if complete else "bold red"))
    for table in tables:
        rich_table = RichTable(title=table.title, title_justify="left")
        for _, header in table.columns:
            rich_table.add_column(header, overflow="fold")
        for row in table.rows:
            rich_table.add_row(*(Text(_plain(row.get(key))) for key, _ in table.columns))
        con.print()
        con.print(rich_table)

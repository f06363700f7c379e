"""Rich rendering for people at a terminal. The only module that imports rich."""

from __future__ import annotations

import os
from typing import IO

from rich.console import Console
from rich.table import Table as RichTable

from lijiang_plan.output import Table, _plain


def console(stream: IO[str]) -> Console:
    # NO_COLOR: no escape codes at all, not only no colours.
    plain = bool(os.environ.get("NO_COLOR"))
    return Console(file=stream, no_color=plain, color_system=None if plain else "auto", highlight=False)


def print_table(table: Table, stream: IO[str]) -> None:
    rich_table = RichTable(title=table.title, show_lines=False, title_justify="left")
    for _, header in table.columns:
        rich_table.add_column(header, overflow="fold")
    for row in table.rows:
        rich_table.add_row(*(_plain(row.get(key)) for key, _ in table.columns))
    con = console(stream)
    con.print(rich_table)
    for note in table.notes:
        con.print(note, style="dim")

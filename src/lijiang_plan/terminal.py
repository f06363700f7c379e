"""Rich rendering for people at a terminal. The only module that imports rich."""

from __future__ import annotations

import os
from typing import IO

from rich.console import Console
from rich.table import Table as RichTable

from lijiang_plan.output import Table, _plain


def console(stream: IO[str]) -> Console:
    return Console(file=stream, no_color=bool(os.environ.get("NO_COLOR")), highlight=False)


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


class FindingsView:
    """`lplan check` at a terminal: findings grouped under their file, levels in colour."""

    _STYLE = {"error": "bold red", "warning": "yellow"}

    def __init__(self, stream: IO[str]) -> None:
        self.con = console(stream)

    def file(self, path: str, findings: list) -> None:  # list[Finding]
        if not findings:
            return
        from rich.text import Text

        self.con.print(Text(path, style="bold underline"))
        for f in findings:
            line = Text(f"  {f.line:>4}:{f.column:<3} ")
            line.append(f"{f.level:<7}", style=self._STYLE.get(f.level, ""))
            line.append(f" {f.message} ")
            line.append(f.rule, style="dim")
            self.con.print(line)
        self.con.print()

    def finish(self, summary_line: str, failed: bool) -> None:
        self.con.print(summary_line, style="bold red" if failed else "bold green")

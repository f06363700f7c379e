"""The finding: one problem in one file, created complete, sortable, immutable.

Plan validation and the report checker both produce these; reporters only read
them. Rule names are stable: users filter on them and CI logs quote them.

A finding in a workbook also names its cell (``填报!D12``); its ``line`` and
``column`` are then the cell's row and column number (D12: line 12, column 4),
so every format that knows only lines and columns still points at the cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from lijiang_plan.table import Column

Level = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    column: int
    rule: str
    level: Level
    message: str
    cell: str = ""  # 'SHEET!A1' in a workbook; empty in a text file

    @property
    def where(self) -> str:
        """``path:line:col``, or ``path:SHEET!CELL`` in a workbook."""
        return f"{self.path}:{self.cell}" if self.cell else f"{self.path}:{self.line}:{self.column}"

    def as_text(self) -> str:
        """The linter line: ``path:line:col: [level] message (rule)`` (``path:SHEET!CELL: …`` in a workbook)."""
        return f"{self.where}: [{self.level}] {self.message} ({self.rule})"

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "cell": self.cell or None,
            "rule": self.rule,
            "level": self.level,
            "message": self.message,
        }


#: A finding as a table row (`as_dict`): the columns, in the order of its keys.
FINDING_COLUMNS = (
    Column("path", doc="file"),
    Column("line", "integer", "line, from 1"),
    Column("column", "integer", "column, from 1"),
    Column("cell", doc="SHEET!A1 in a workbook; empty in a text file"),
    Column("rule", doc="rule name"),
    Column("level", doc="error or warning"),
    Column("message", doc="what is wrong and what to do"),
)

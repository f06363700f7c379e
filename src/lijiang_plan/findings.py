"""The finding: one problem in one file, created complete, sortable, immutable.

Plan validation and the report checker both produce these; reporters only read
them. Rule names are stable: users filter on them and CI logs quote them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    column: int
    rule: str
    level: Level
    message: str

    def as_text(self) -> str:
        """The linter line: ``path:line:col: [level] message (rule)``."""
        return f"{self.path}:{self.line}:{self.column}: [{self.level}] {self.message} ({self.rule})"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

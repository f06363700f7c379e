"""Cells and streams: how one value is written in CSV or JSON, and whether a stream is a terminal.

The pieces every writer of `outputs.writers` shares: CSV cells made inert
(no formula ever runs when a spreadsheet opens an export), RFC 4180 CSV,
JSON as lplan writes it, and the terminal and NO_COLOR tests. Nothing here
imports rich, csv or json at import time: this is on every query's path.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import IO, Any

from lijiang_plan.table import Column

#: Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection),
#: and their full-width forms, which Chinese and Japanese input methods type and
#: spreadsheets may read as the ASCII ones. Looked for after leading blanks.
_FORMULA_STARTS = ("=", "+", "-", "@", "＝", "＋", "－", "＠")

#: Control characters OWASP lists as dangerous at the very start of a cell.
_CONTROL_STARTS = ("\t", "\r")

#: Invisible characters an importer may skip besides white space: BOM, zero-width space/joiners.
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"


def is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def color_allowed(stream: IO[str]) -> bool:
    """Colour only on a terminal, and never with NO_COLOR set (https://no-color.org)."""
    return is_terminal(stream) and not os.environ.get("NO_COLOR")


def inert(value: Any) -> Any:
    """A CSV cell that cannot run as a formula when a spreadsheet opens it.

    A text whose first character, or first character after leading white space,
    is one of ``= + - @`` (ASCII or full-width), a tab or a CR gets a leading
    apostrophe, which makes every spreadsheet read the cell as text. Leading
    white space counts because some importers trim it before they look. Only
    the start matters: "-" or "=" inside a text stays as it is. Non-text values
    (numbers) are never changed.
    """
    if not isinstance(value, str):
        return value
    if value.startswith(_CONTROL_STARTS) or _after_blanks(value).startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _after_blanks(text: str) -> str:
    """``text`` without leading white space (any Unicode space, line breaks) or invisible characters."""
    start = 0
    while start < len(text) and (text[start].isspace() or text[start] in _INVISIBLE):
        start += 1
    return text[start:]


#: How a list of names is joined in one CSV cell: the plan's own enumeration comma.
NAME_SEPARATOR = "、"
#: How a list of IDs (or paths) is joined in one CSV cell.
ID_SEPARATOR = ";"


def csv_cell(value: Any, type_: str = "text") -> str:
    """A value as its CSV cell: lists joined (IDs with ';', names with '、'), booleans true/false,
    None empty, numbers as they are, text made inert."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)  # a number is data, never a formula: -3 stays -3
    if isinstance(value, (list, tuple)):
        value = (ID_SEPARATOR if type_ == "ids" else NAME_SEPARATOR).join(str(v) for v in value)
    elif value is None:
        value = ""
    return str(inert(value))


def write_csv(
    stream: IO[str], headers: Sequence[str], rows: Sequence[Sequence[Any]], types: Sequence[str] | None = None
) -> None:
    """RFC 4180: comma, CRLF, quotes doubled; formulas neutralised.

    A cell is quoted when it holds a comma, a quote or a line break; a line break
    inside a cell stays as it is (quoted, as RFC 4180 allows). ``types`` are the
    columns' value types (see `csv_cell`). Open ``stream`` with ``newline=""`` so
    that nothing translates the CRLFs.
    """
    import csv

    writer = csv.writer(stream, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL, doublequote=True, strict=True)
    writer.writerow([csv_cell(h) for h in headers])
    for row in rows:
        if types is None:
            writer.writerow([csv_cell(v) for v in row])
        else:
            writer.writerow([csv_cell(v, kind) for v, kind in zip(row, types, strict=True)])


def table_csv(columns: Sequence[Column], rows: Sequence[dict[str, Any]]) -> str:
    """Rows as CSV text under their column keys, each cell by its column's type."""
    return csv_text(
        [c.key for c in columns], [[row.get(c.key) for c in columns] for row in rows], [c.type for c in columns]
    )


def csv_text(headers: Sequence[str], rows: Sequence[Sequence[Any]], types: Sequence[str] | None = None) -> str:
    """`write_csv` into a string."""
    import io

    buffer = io.StringIO(newline="")
    write_csv(buffer, headers, rows, types)
    return buffer.getvalue()


def to_json(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, indent=2)

"""Turning results into text, JSON or CSV, without rich on the piped path.

A command builds a `Table` (named columns, rows of plain values, and the lines
it prints when piped); `emit` writes it in the chosen format. Rich is imported
only when a table goes to a terminal (see `terminal`).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import IO, Any

#: Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection),
#: and their full-width forms, which Chinese and Japanese input methods type and
#: spreadsheets may read as the ASCII ones. Looked for after leading blanks.
_FORMULA_STARTS = ("=", "+", "-", "@", "＝", "＋", "－", "＠")

#: Control characters OWASP lists as dangerous at the very start of a cell.
_CONTROL_STARTS = ("\t", "\r")

#: Invisible characters an importer may skip besides white space: BOM, zero-width space/joiners.
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"


class Table:
    """A result: columns (key, header), rows, and the plain lines for pipes.

    ``json_value`` is what --format json prints (default: the rows).
    """

    def __init__(
        self,
        columns: list[tuple[str, str]],
        rows: list[dict[str, Any]],
        plain: Callable[[], list[str]] | None = None,
        title: str | None = None,
        json_value: Any = None,
    ) -> None:
        self.columns = columns
        self.rows = rows
        self.plain = plain
        self.title = title
        self.json_value = json_value


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


def csv_cell(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        value = "、".join(str(v) for v in value)
    elif value is None:
        value = ""
    elif isinstance(value, bool):
        value = "true" if value else "false"
    return inert(value)


def write_csv(stream: IO[str], headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """RFC 4180: comma, CRLF, quotes doubled; formulas neutralised.

    A cell is quoted when it holds a comma, a quote or a line break; a line break
    inside a cell stays as it is (quoted, as RFC 4180 allows). Open ``stream``
    with ``newline=""`` so that nothing translates the CRLFs.
    """
    import csv

    writer = csv.writer(stream, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL, doublequote=True, strict=True)
    writer.writerow([csv_cell(h) for h in headers])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])


def csv_text(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """`write_csv` into a string."""
    import io

    buffer = io.StringIO(newline="")
    write_csv(buffer, headers, rows)
    return buffer.getvalue()


def to_json(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, indent=2)


def emit(table: Table, fmt: str, stream: IO[str] | None = None) -> None:
    """Write ``table`` to ``stream`` (stdout) as text, json or csv."""
    out = stream if stream is not None else sys.stdout
    if fmt in ("json", "csv"):
        if fmt == "json":
            value = table.json_value if table.json_value is not None else table.rows
            text = to_json(value) + "\n"
        else:
            keys = [key for key, _header in table.columns]
            text = csv_text(keys, [[row.get(k) for k in keys] for row in table.rows])
        if stream is None:  # a file format: UTF-8 bytes whatever the console's encoding
            from lijiang_plan.outputs.streams import write_file

            write_file(text)
        else:
            out.write(text)
    elif is_terminal(out):
        from lijiang_plan.outputs import terminal

        terminal.print_table(table, out)
    else:
        lines = (
            table.plain()
            if table.plain
            else ["\t".join(_plain(row.get(k)) for k, _ in table.columns) for row in table.rows]
        )
        if lines:
            out.write("\n".join(lines) + "\n")


def _plain(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    return "" if value is None else str(value)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` as it can be written to any UTF-8 output.

    A file name that is not UTF-8 arrives with its odd bytes as lone
    surrogates (Python's surrogateescape); they are shown as ``\\xNN`` so the
    name stays recognisable and writing it never fails.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:
            text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    # Control characters (a newline or \x01 in a file name or a quoted value)
    # would break one-finding-per-line output and make XML invalid.
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)

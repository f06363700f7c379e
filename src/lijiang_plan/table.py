"""The one shape of every command's result: columns, tables of rows, and an `Output`.

Every command that prints data builds an `Output` (one or more `Table`s, the
JSON document, and how it reads for people) and hands it to one writer of the
registry in `outputs.writers` (`--format text|json|csv`, ...). Builders never
format: rows hold JSON types (text, numbers, booleans, lists, None); writers
decide how a list or a boolean looks in CSV, in a terminal or in a workbook.

This module sits at the bottom with `findings` and `errors`: the plan, the
report roll-up and the writers all read it, and it imports nothing of lplan but
`i18n` (column meanings are translated where they are shown).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from lijiang_plan.i18n import gettext


class Column(NamedTuple):
    """One column: its key (CSV header, JSON key), value type, meaning, and header for people."""

    key: str
    type: str = "text"  # text | names | ids | integer | boolean | date
    doc: str = ""
    header: str | None = None

    @property
    def title(self) -> str:
        """The header a person reads (text, workbook), in the interface language; the key when none is given.

        Headers are marked with ``N_`` where they are defined and translated here, when shown.
        """
        if self.header is None:
            return self.key
        return gettext(self.header) if self.header else ""


def _column(column: Column | tuple[str, str]) -> Column:
    if isinstance(column, Column):
        return column
    key, header = column
    return Column(key, header=header)


class Table:
    """Named columns and rows of plain values, with the lines it prints when piped.

    ``columns`` may be given as `Column`s or as ``(key, header)`` pairs.
    ``plain`` gives the piped text lines when they are not the tab-separated cells.
    """

    def __init__(
        self,
        columns: Iterable[Column | tuple[str, str]],
        rows: list[dict[str, Any]],
        plain: Callable[[], list[str]] | None = None,
        title: str | None = None,
        name: str = "",
    ) -> None:
        self.columns = [_column(column) for column in columns]
        self.rows = rows
        self.plain = plain
        self.title = title
        self.name = name

    def lines(self) -> list[str]:
        """The table as plain text lines, for a pipe."""
        if self.plain is not None:
            return self.plain()
        return ["\t".join(text_cell(row.get(c.key)) for c in self.columns) for row in self.rows]


class Output:
    """A command's whole result, as every writer sees it.

    - ``tables``: the data. CSV writes the first; a workbook would write each.
    - ``document``: what JSON writes (a callable is called only then); default:
      the first table's rows.
    - ``view``: the tables text shows, when they are not ``tables`` (a grouped
      or decorated form for people).
    - ``headline``/``complete``: a first line for people, green when complete.
    - ``plain``: the whole piped text, when it is not the view's own lines.
    - ``spaced``: a blank line before each table at a terminal.
    - ``note``: one line for stderr (an empty answer says why).
    - ``extra``: formats only this result has (the deadlines' calendar), by name.

    A plain class, not a dataclass: this is on every query's start-up path.
    """

    def __init__(
        self,
        tables: list[Table],
        document: Any = None,
        *,
        view: list[Table] | None = None,
        headline: str | None = None,
        complete: bool = True,
        plain: Callable[[], list[str]] | None = None,
        spaced: bool = False,
        note: str | None = None,
        extra: dict[str, Callable[[], str | bytes]] | None = None,
    ) -> None:
        self.tables = tables
        self.document = document
        self.view = view
        self.headline = headline
        self.complete = complete
        self.plain = plain
        self.spaced = spaced
        self.note = note
        self.extra = extra or {}

    def json_value(self) -> Any:
        if self.document is None:
            return self.tables[0].rows
        return self.document() if callable(self.document) else self.document

    def shown(self) -> list[Table]:
        """The tables a person reads."""
        return self.view if self.view is not None else self.tables


def text_cell(value: Any) -> str:
    """A value as a terminal or piped cell: lists joined with the plan's '、'."""
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    return "" if value is None else str(value)


def column_help(tables: dict[str, tuple[str, Sequence[Column]]], width: int) -> str:
    """Every table's columns as plain lines, for a command's --help."""
    lines = []
    for name, (doc, columns) in tables.items():
        lines.append(f"{name}: {doc}")
        lines.extend(f"  {column.key:<{width}}{column.doc}" for column in columns)
    return "\n".join(lines)


#: What never reaches an output raw: C0 and C1 controls and DEL (a terminal obeys ESC, BEL, CSI; a line
#: break splits a one-line message; XML cannot hold most of them), the bidirectional marks, overrides
#: and isolates (they reorder what a reader sees), and the non-characters U+FFFE and U+FFFF (XML 1.0
#: cannot hold them; a JUnit or SARIF file holding one is not XML).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def printable(text: str) -> str:
    """``text`` as it can be written to any output: a terminal, a log, JSON, CSV, XML.

    The one function every echo of user text goes through: file names, typed
    arguments, values quoted in messages. A file name that is not UTF-8
    arrives with its odd bytes as lone surrogates (Python's surrogateescape);
    they are shown as ``\\xNN`` so the name stays recognisable and writing it
    never fails. Control characters, bidirectional controls and U+FFFE/U+FFFF
    are shown as their escapes (``\\x1b``, ``\\n``, ``\\u202e``), so nothing a
    user typed can move the cursor, retitle a terminal, split a line or
    reorder text, and every format stays valid.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:
            text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)

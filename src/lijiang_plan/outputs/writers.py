"""The writer registry: every command's `--format` is one entry of `WRITERS`.

A command builds an `Output` (see `lijiang_plan.table`) and hands it, with the
chosen format name, to `emit` (a query's answer, on standard output) or
`deliver` (standard output as exact bytes, or a file written atomically with
-o). The writer turns the Output into text or bytes; the command never formats.

Where to add a format (xlsx, html, ...): write one function
``render(output: Output) -> str | bytes`` (in its own module if it needs a
library: import that library inside the function, so that no other format pays
for it), and add one `Writer` to `WRITERS` below. `clikit.format_option` offers
every registered writer to every command that prints data, `deliver` writes
bytes unchanged, and CONTRIBUTING.md's "Where to add a format" says the rest.
`lplan check` has its own registry of finding formats (`outputs.formats`),
because findings are streamed file by file rather than built as one Output.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Collection, Iterable
from typing import IO, NamedTuple

from lijiang_plan.outputs import tables as cells
from lijiang_plan.table import Output, Table


class Writer(NamedTuple):
    """One output format: its name, a line of help, and how it renders an Output."""

    name: str
    help: str
    render: Callable[[Output], str | bytes]
    #: How it looks at a terminal, when that differs from the rendered text (text: tables).
    show: Callable[[Output, IO[str]], None] | None = None
    #: File names that ask for it (`-o FILE.csv` without --format), in lower case.
    suffixes: tuple[str, ...] = ()


def _text(output: Output) -> str:
    """Plain lines for pipes, grep and cut: each table's own lines, or the output's."""
    if output.plain is not None:
        lines = output.plain()
    else:
        lines = [line for table in output.shown() for line in table.lines()]
    return "\n".join(lines) + "\n" if lines else ""


def _show_text(output: Output, stream: IO[str]) -> None:
    from lijiang_plan.outputs import terminal  # rich: only at a terminal

    terminal.show(output, stream)


def _json(output: Output) -> str:
    return cells.to_json(output.json_value()) + "\n"


def _csv(output: Output) -> str:
    """RFC 4180, one table (the first): each cell by its column's type, formulas made inert."""
    table = output.tables[0]
    return cells.table_csv(table.columns, table.rows)


def _xlsx(output: Output) -> bytes:
    from lijiang_plan.outputs import xlsx  # openpyxl: only for a workbook

    return xlsx.render(output)


def _no_workbook_on_a_terminal(output: Output, stream: IO[str]) -> None:
    from lijiang_plan.errors import LplanError
    from lijiang_plan.i18n import _

    raise LplanError(_("a workbook is not for a terminal; give -o FILE.xlsx (or redirect the output)"))


#: --format name -> writer, in the order --help lists them.
WRITERS: dict[str, Writer] = {
    "text": Writer("text", "a table on a terminal, plain tab-separated lines when piped", _text, _show_text),
    "json": Writer("json", "JSON, UTF-8, for scripts", _json, suffixes=(".json",)),
    "csv": Writer("csv", "RFC 4180 CSV, UTF-8, CRLF line ends, for spreadsheets", _csv, suffixes=(".csv",)),
    "xlsx": Writer(
        "xlsx",
        "an Excel workbook: one sheet per table, typed cells (IDs as text)",
        _xlsx,
        _no_workbook_on_a_terminal,
        suffixes=(".xlsx",),
    ),
}

#: The names that ask for the formats some commands add to the registry's (`Output.extra`, a YAML report).
OTHER_SUFFIXES: dict[str, tuple[str, ...]] = {
    "ics": (".ics",),
    "html": (".html", ".htm"),
    "docx": (".docx",),
    "md": (".md", ".markdown"),
    "yaml": (".yaml", ".yml"),
}


def suffixes(fmt: str) -> tuple[str, ...]:
    """The file name suffixes that ask for format ``fmt`` (none for text)."""
    return WRITERS[fmt].suffixes if fmt in WRITERS else OTHER_SUFFIXES.get(fmt, ())


def format_of(path: str, choices: Iterable[str]) -> str | None:
    """The format among ``choices`` that file name ``path`` asks for by its suffix (any case), if any.

    The one reading of `-o FILE.EXT` for every command: `summary -o page.html`,
    `deadlines -o due.ics`, `digest -o digest.docx`, `template -o r.xlsx`.
    """
    suffix = os.path.splitext(path)[1].lower()
    return next((fmt for fmt in choices if suffix and suffix in suffixes(fmt)), None)


def as_output(result: Output | Table) -> Output:
    return result if isinstance(result, Output) else Output([result])


def render(result: Output | Table, fmt: str) -> str | bytes:
    """The whole result in format ``fmt``, as it is written to a pipe or a file."""
    output = as_output(result)
    if fmt in output.extra:
        return output.extra[fmt]()
    return WRITERS[fmt].render(output)


def emit(result: Output | Table, fmt: str, stream: IO[str] | None = None) -> None:
    """Write a result to ``stream`` (stdout): tables at a terminal, the rendered text otherwise.

    Text for people goes through the console's encoding; a file format (every
    writer without a terminal view: json, csv, ...) goes to stdout as UTF-8
    bytes, exactly as -o would write it, whatever the console's encoding.
    """
    out = stream if stream is not None else sys.stdout
    output = as_output(result)
    writer = WRITERS.get(fmt)
    people = writer is not None and writer.show is not None
    if people and writer is not None and writer.show is not None and cells.is_terminal(out):
        writer.show(output, out)
        return
    content = render(output, fmt)
    if stream is None and (not people or isinstance(content, bytes)):
        _write_stdout(content)
    elif isinstance(content, bytes):
        raise TypeError(f"format {fmt} writes bytes; it cannot go to a text stream")
    elif content:
        out.write(content)


def deliver(
    result: Output | Table,
    fmt: str,
    path: str | None = None,
    *,
    force: bool = False,
    excel: bool = False,
    reads: Collection[str] = (),
) -> None:
    """A result exactly as rendered (CRLFs kept) to stdout as bytes, or atomically to ``path``.

    ``excel`` starts text with the UTF-8 byte order mark Excel needs for Chinese.
    A file is never replaced without ``force``, nor ever one of ``reads``, the
    files the run read (files/safewrite). At a terminal,
    a format with a terminal view (text) shows it instead.
    """
    output = as_output(result)
    to_stdout = path is None or path == "-"
    writer = WRITERS.get(fmt)
    if to_stdout and writer is not None and writer.show is not None and cells.is_terminal(sys.stdout):
        writer.show(output, sys.stdout)
        return
    content = render(output, fmt)
    encoding = "utf-8-sig" if excel else "utf-8"
    if to_stdout and fmt == "text" and isinstance(content, str):
        # Lines for people, not a file: the console's encoding (GBK on a Chinese Windows console,
        # with ASCII stand-ins where it has no character), as every other text answer.
        sys.stdout.write(content)
        return
    if to_stdout:
        _write_stdout(content, encoding)
        return
    assert path is not None
    from lijiang_plan.files import safewrite

    if isinstance(content, bytes):
        safewrite.write_bytes(path, content, force=force, reads=reads)
    else:
        safewrite.write_text(path, content, force=force, encoding=encoding, newline="", reads=reads)


def _write_stdout(content: str | bytes, encoding: str = "utf-8") -> None:
    """A file's content to stdout as bytes: no newline translation, no re-encoding by the console."""
    from lijiang_plan.outputs.streams import write_bytes, write_file

    if isinstance(content, bytes):
        write_bytes(content)
    elif content:
        write_file(content, encoding)

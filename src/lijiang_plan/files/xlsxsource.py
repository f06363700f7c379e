"""The one place that turns workbook bytes into cells, for any workbook lplan reads.

A workbook is a zip of XML parts, and one sent by mail may be anything: a
renamed CSV, an old .xls, a password-protected file, a zip bomb. Every such
decision lives here, before openpyxl sees a byte:

* The bytes are sniffed first: an OLE2 (compound file) container is an
  encrypted workbook or an Excel 97-2003 .xls; anything not a zip is named
  for what it looks like.
* The zip's directory is read before anything is unpacked: more than
  ``MAX_UNPACKED`` bytes in all, or more than ``MAX_PARTS`` parts, is refused
  (Python's zipfile never inflates a part beyond its declared size, so the
  declared sizes bound the work and the memory).
* Macros (a ``vbaProject.bin`` part) are noted, never run; formulas are kept
  as formulas, never evaluated (openpyxl does not evaluate them either).
* What comes out is plain data (`Book`, `Sheet`, `Cell`), so the report
  layout (`reports.workbook`) never touches openpyxl and openpyxl is
  imported only when a workbook is actually read.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

MAX_UNPACKED = 16 * 1024 * 1024
MAX_PARTS = 1000

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")

Position = tuple[int, int]  # (row, column), 1-based


class WorkbookProblem(Exception):
    """A file that cannot be read as a workbook: the rule and what to do."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message


@dataclass(frozen=True)
class Cell:
    """One cell as stored: never evaluated, never converted beyond what the file says."""

    value: Any  # str, int, float, bool, datetime, or the formula's text
    formula: bool = False
    error: bool = False  # an error value such as #N/A


@dataclass
class Sheet:
    name: str
    state: str = "visible"  # visible, hidden or veryHidden
    chart: bool = False  # a chart sheet (no cells)
    cells: dict[Position, Cell] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_row, min_col, max_row, max_col
    hidden_rows: list[int] = field(default_factory=list)
    hidden_columns: list[int] = field(default_factory=list)

    def value(self, row: int, column: int) -> Any:
        cell = self.cells.get((row, column))
        return None if cell is None else cell.value


@dataclass
class Book:
    sheets: list[Sheet]
    macros: bool = False


def column_letter(column: int) -> str:
    """1 -> A, 27 -> AA (without importing openpyxl)."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_name(row: int, column: int) -> str:
    return f"{column_letter(column)}{row}"


def open_book(raw: bytes) -> Book:
    """The workbook in ``raw``; WorkbookProblem when it cannot or must not be read."""
    archive = _archive(raw)
    macros = any(name.lower().endswith("vbaproject.bin") for name in archive.namelist())
    book = _load(raw)
    book.macros = macros
    return book


def _archive(raw: bytes) -> zipfile.ZipFile:
    if raw.startswith(_OLE):
        if _ENCRYPTED_STREAM in raw:
            raise WorkbookProblem(
                "encrypted",
                "the workbook is password-protected (encrypted) and cannot be read; "
                "open it, remove the password (File → Info → Protect Workbook), save and send it again",
            )
        raise WorkbookProblem(
            "not-a-workbook",
            "this is an Excel 97-2003 workbook (.xls) or another old Office file; "
            "open it and save it as Excel Workbook (.xlsx)",
        )
    if not raw.startswith(b"PK\x03\x04"):
        raise WorkbookProblem("not-a-workbook", _looks_like(raw))
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise WorkbookProblem(
            "not-a-workbook", "the workbook is damaged or cut off; open it in Excel, save it again and resend it"
        ) from None
    if len(infos) > MAX_PARTS:
        raise WorkbookProblem("too-large", f"the workbook has {len(infos):,} parts; a report has a few dozen")
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED:
        raise WorkbookProblem(
            "too-large",
            f"the workbook unpacks to {unpacked:,} bytes (limit {MAX_UNPACKED:,}); "
            "a report is far smaller: is it the right file?",
        )
    if any(info.flag_bits & 0x1 for info in infos):
        raise WorkbookProblem("encrypted", "parts of the zip are encrypted; save the workbook without a password")
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        raise WorkbookProblem("not-a-workbook", f"the file is {_zip_kind(names)}, not an Excel workbook (.xlsx)")
    return archive


def _looks_like(raw: bytes) -> str:
    head = raw[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head:
        return "the file is empty, not an Excel workbook (.xlsx)"
    if head.startswith((b"<html", b"<!doctype", b"<table", b"<?xml")):
        kind = "a web page or XML file (some systems save those with an Excel name)"
    elif head.startswith(b"%pdf"):
        kind = "a PDF document"
    elif b"\x00" in head:
        kind = "binary data"
    else:
        kind = "text (a CSV or YAML file renamed?)"
    return f"the file is {kind}, not an Excel workbook (.xlsx); open it in Excel and save it as Excel Workbook (.xlsx)"


def _zip_kind(names: set[str]) -> str:
    if "word/document.xml" in names:
        return "a Word document"
    if any(name.startswith("ppt/") for name in names):
        return "a PowerPoint presentation"
    if "content.xml" in names:
        return "an OpenDocument file (WPS or LibreOffice); save it as Excel Workbook (.xlsx)"
    return "a zip archive"


def _load(raw: bytes) -> Book:
    import warnings

    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops; nothing for the author
            workbook = openpyxl.load_workbook(io.BytesIO(raw), data_only=False, keep_links=False, rich_text=False)
    except Exception:  # openpyxl raises many kinds for a damaged part; all mean the same to the author
        raise WorkbookProblem(
            "not-a-workbook",
            "the workbook is damaged (a part cannot be read); open it in Excel, save it again and resend it",
        ) from None
    sheets = []
    for sheet in workbook._sheets:  # worksheets and chart sheets, in workbook order
        sheets.append(_sheet(sheet))
    return Book(sheets)


def _sheet(sheet: Any) -> Sheet:
    result = Sheet(str(sheet.title), str(getattr(sheet, "sheet_state", "visible") or "visible"))
    cells = getattr(sheet, "_cells", None)
    if cells is None:  # a chart sheet
        result.chart = True
        return result
    # The stored cells only: iter_rows would make a cell for every empty position up to the last one.
    for (row, column), cell in cells.items():
        value = cell.value
        if value is None or value == "":
            continue
        kind = cell.data_type
        if kind == "f" or type(value).__name__ in ("ArrayFormula", "DataTableFormula"):
            result.cells[(row, column)] = Cell(str(getattr(value, "text", value)), formula=True)
        elif kind == "e":
            result.cells[(row, column)] = Cell(str(value), error=True)
        else:
            result.cells[(row, column)] = Cell(_plain(value))
    result.merged = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in sheet.merged_cells.ranges]
    result.hidden_rows = sorted(row for row, dim in sheet.row_dimensions.items() if dim.hidden)
    hidden_columns: set[int] = set()
    for dim in sheet.column_dimensions.values():
        if dim.hidden and dim.min and dim.max:
            hidden_columns.update(range(dim.min, min(dim.max, 16384) + 1))
    result.hidden_columns = sorted(hidden_columns)
    return result


def _plain(value: Any) -> Any:
    """A cell value as plain Python data: text, int, float, bool, datetime."""
    if isinstance(value, (str, bool, int, float, dt.datetime)):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    return str(value)  # a time or duration: shown as text, the report has no such field

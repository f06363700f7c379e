"""The one place that turns workbook bytes into cells, for any workbook lplan reads.

A workbook is a zip of XML parts, and one sent by mail may be anything: a
renamed CSV, an old .xls, a password-protected file, a zip bomb. Every such
decision lives here:

* The bytes are sniffed first: an OLE2 (compound file) container is an
  encrypted workbook or an Excel 97-2003 .xls; anything not a zip is named
  for what it looks like.
* The zip's directory is read before anything is unpacked: more than
  ``MAX_UNPACKED`` bytes in all, or more than ``MAX_PARTS`` parts, is refused
  (Python's zipfile never inflates a part beyond its declared size, so the
  declared sizes bound the work and the memory).
* The parts are read with the standard library's XML parser (expat); a part
  with a DOCTYPE (entity declarations, which no spreadsheet writes) is
  refused before anything is expanded. The sheet is streamed:
  stored cells only, so one cell at XFD1048576 costs one cell. Measured per
  workbook this is ~10x faster than openpyxl (full or read-only mode, ~20 ms)
  and, unlike python-calamine (~1 ms), sees formulas, hidden rows and columns
  and merged cells (bench/bench_workbooks.py).
* Macros (a ``vbaProject.bin`` part) are noted, never run; a formula is kept
  as its text and never evaluated: the result a spreadsheet cached beside it
  is ignored.
* What comes out is plain data (`Book`, `Sheet`, `Cell`) with the values a
  spreadsheet stores: text, numbers (whole ones as int), booleans, dates for
  date-formatted numbers, error values. openpyxl is used only to write.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lijiang_plan.i18n import _
from lijiang_plan.rules import message

if TYPE_CHECKING:
    from lijiang_plan.rules import RuleName

MAX_UNPACKED = 16 * 1024 * 1024
MAX_PARTS = 1000

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")

Position = tuple[int, int]  # (row, column), 1-based


class WorkbookProblem(Exception):
    """A file that cannot be read as a workbook: the rule and what to do."""

    def __init__(self, rule: RuleName, message: str) -> None:
        super().__init__(message)
        self.rule: RuleName = rule
        self.message = message


@dataclass(frozen=True)
class Cell:
    """One cell as stored: never evaluated, never converted beyond what the file says."""

    value: Any  # str, int, float, bool, datetime, or the formula's text
    formula: bool = False
    error: bool = False  # an error value such as #N/A


class Sheet:
    """One sheet: its name and state, and (read on first use) its stored cells, merged and hidden parts."""

    def __init__(self, name: str, state: str = "visible", chart: bool = False, loader: Any = None) -> None:
        self.name = name
        self.state = state  # visible, hidden or veryHidden
        self.chart = chart  # a chart sheet (no cells)
        self._loader = loader
        self._cells: dict[Position, Cell] = {}
        self._merged: list[tuple[int, int, int, int]] = []  # min_row, min_col, max_row, max_col
        self._hidden_rows: list[int] = []
        self._hidden_columns: list[int] = []

    def _load(self) -> None:
        loader, self._loader = self._loader, None
        if loader is not None:
            try:
                loader(self)
            except Exception:  # bad XML, a bad index, a CRC error: damage, whatever the kind
                raise WorkbookProblem("not-a-workbook", _damaged()) from None

    @property
    def cells(self) -> dict[Position, Cell]:
        self._load()
        return self._cells

    @property
    def merged(self) -> list[tuple[int, int, int, int]]:
        self._load()
        return self._merged

    @property
    def hidden_rows(self) -> list[int]:
        self._load()
        return self._hidden_rows

    @property
    def hidden_columns(self) -> list[int]:
        self._load()
        return self._hidden_columns

    def value(self, row: int, column: int) -> Any:
        cell = self.cells.get((row, column))
        return None if cell is None else cell.value


@dataclass
class Book:
    sheets: list[Sheet]
    macros: bool  # a vbaProject.bin part: noted, never run


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
    return _load(_archive(raw))


def _archive(raw: bytes) -> zipfile.ZipFile:
    if raw.startswith(_OLE):
        if _ENCRYPTED_STREAM in raw:
            raise WorkbookProblem("encrypted", message("encrypted"))
        raise WorkbookProblem("not-a-workbook", message("not-a-workbook", "old-office"))
    if not raw.startswith(b"PK\x03\x04"):
        raise WorkbookProblem("not-a-workbook", _looks_like(raw))
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise WorkbookProblem("not-a-workbook", message("not-a-workbook", "cut-off")) from None
    if len(infos) > MAX_PARTS:
        raise WorkbookProblem("too-large", message("too-large", "parts", count=f"{len(infos):,}"))
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED:
        text = message("too-large", "unpacked", size=f"{unpacked:,}", limit=f"{MAX_UNPACKED:,}")
        raise WorkbookProblem("too-large", text)
    if any(info.flag_bits & 0x1 for info in infos):
        raise WorkbookProblem("encrypted", message("encrypted", "parts"))
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        raise WorkbookProblem("not-a-workbook", _zip_kind(names))
    return archive


def _looks_like(raw: bytes) -> str:
    head = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()  # blank lines first are not an empty file
    if not head:
        return message("not-a-workbook", "empty")
    if head.startswith((b"<html", b"<!doctype", b"<table", b"<?xml")):
        kind = _("a web page or XML file (some systems save those with an Excel name)")
    elif head.startswith(b"%pdf"):
        kind = _("a PDF document")
    elif b"\x00" in head:
        kind = _("binary data")
    else:
        kind = _("text (a CSV or YAML file renamed?)")
    return message("not-a-workbook", "looks-like", kind=kind)


def _zip_kind(names: set[str]) -> str:
    if "word/document.xml" in names:
        kind = _("a Word document")
    elif any(name.startswith("ppt/") for name in names):
        kind = _("a PowerPoint presentation")
    elif "content.xml" in names:
        return message("not-a-workbook", "opendocument")
    else:
        kind = _("a zip archive")
    return message("not-a-workbook", "zip", kind=kind)


def _load(archive: zipfile.ZipFile) -> Book:
    """The sheets of a workbook, read from its XML parts with the standard library."""
    try:
        return _Parts(archive).book()
    except WorkbookProblem:
        raise
    except Exception:  # a damaged part (bad XML, a bad index, a CRC error): all mean the same to the author
        raise WorkbookProblem("not-a-workbook", _damaged()) from None


def _damaged() -> str:
    return message("not-a-workbook", "damaged")


_LOCAL: dict[str, str] = {}


def _refuse_doctype(*_args: Any) -> None:
    """No spreadsheet writes a DOCTYPE; one that declares entities could expand without end."""
    raise ValueError("a DOCTYPE in a workbook part")


def _local(tag: str) -> str:
    """An XML tag without its namespace or prefix (transitional and strict OOXML differ; some writers use x:)."""
    local = _LOCAL.get(tag)
    if local is None:
        local = _LOCAL[tag] = tag.rpartition("}")[2].rpartition(":")[2]
    return local


def _attribute(element: Any, name: str) -> str | None:
    """An attribute by local name, whatever its namespace prefix (r:id)."""
    for key, value in element.attrib.items():
        if _local(key) == name:
            return str(value)
    return None


def _true(value: str | None) -> bool:
    return (value or "").lower() in ("1", "true")


class _Parts:
    """The parts of one workbook: sheets, shared strings, date styles."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.names = set(archive.namelist())
        self.date1904 = False
        self.strings: list[str] = []
        self.date_styles: set[int] = set()

    def _xml(self, name: str) -> Any:
        import xml.etree.ElementTree as ET

        data = self.archive.read(name)
        text = data.decode("utf-16", "ignore").encode() if b"\x00" in data[:64] else data
        if b"<!DOCTYPE" in text:
            _refuse_doctype()
        return ET.fromstring(data)

    def book(self) -> Book:
        workbook = self._xml("xl/workbook.xml")
        targets = self._relationships("xl/_rels/workbook.xml.rels")
        self.date1904 = any(_local(e.tag) == "workbookPr" and _true(e.get("date1904")) for e in workbook.iter())
        self.strings = self._shared_strings()
        self.date_styles = self._date_styles()
        sheets = []
        for element in workbook.iter():
            if _local(element.tag) != "sheet":
                continue
            name = element.get("name") or "?"
            state = element.get("state") or "visible"
            target, kind = targets.get(_attribute(element, "id") or "", ("", ""))
            if kind.endswith("/chartsheet") or target not in self.names:
                sheets.append(Sheet(name, state, chart=True))
            else:
                sheets.append(Sheet(name, state, loader=lambda sheet, part=target: self._sheet(sheet, part)))
        return Book(sheets, macros=any(name.lower().endswith("vbaproject.bin") for name in self.names))

    def _relationships(self, name: str) -> dict[str, tuple[str, str]]:
        if name not in self.names:
            return {}
        found = {}
        for element in self._xml(name).iter():
            if _local(element.tag) == "Relationship":
                target = element.get("Target") or ""
                path = target.lstrip("/") if target.startswith("/") else "xl/" + target
                found[element.get("Id") or ""] = (_normpath(path), element.get("Type") or "")
        return found

    def _shared_strings(self) -> list[str]:
        if "xl/sharedStrings.xml" not in self.names:
            return []
        return [_text(si) for si in self._xml("xl/sharedStrings.xml") if _local(si.tag) == "si"]

    def _date_styles(self) -> set[int]:
        """Indexes of the cell styles whose number format shows a date."""
        if "xl/styles.xml" not in self.names:
            return set()
        styles = self._xml("xl/styles.xml")
        custom = {
            int(e.get("numFmtId") or -1): e.get("formatCode") or "" for e in styles.iter() if _local(e.tag) == "numFmt"
        }
        dates: set[int] = set()
        for part in styles:
            if _local(part.tag) != "cellXfs":
                continue
            for index, xf in enumerate(x for x in part if _local(x.tag) == "xf"):
                number_format = int(xf.get("numFmtId") or 0)
                if number_format in _DATE_FORMAT_IDS or _is_date_format(custom.get(number_format, "")):
                    dates.add(index)
        return dates

    def _sheet(self, sheet: Sheet, part: str) -> None:
        """Fill ``sheet`` from its XML part, streamed through expat (no element tree is built)."""
        from xml.parsers import expat

        reader = _SheetReader(sheet, self)
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartElementHandler = reader.start
        parser.EndElementHandler = reader.end
        parser.CharacterDataHandler = reader.text
        parser.StartDoctypeDeclHandler = _refuse_doctype
        with self.archive.open(part) as stream:
            parser.ParseFile(stream)

    def cell(self, kind: str, value: str | None, formula: str | None, inline: str | None, style: int) -> Cell | None:
        if formula is not None:  # whatever result the file stores beside it is never used
            return Cell("=" + formula if formula else _("(a shared formula)"), formula=True)
        if kind == "inlineStr":
            return Cell(inline) if inline else None
        if not value:
            return None
        if kind == "s":
            text = self.strings[int(value)]
            return Cell(text) if text else None
        if kind == "str":
            return Cell(value)
        if kind == "b":
            return Cell(value.strip() in ("1", "true"))
        if kind == "e":
            return Cell(value, error=True)
        if kind == "d":
            return Cell(dt.datetime.fromisoformat(value.rstrip("Z")))
        return Cell(self._number(value, style))

    def _number(self, text: str, style: int) -> Any:
        number = float(text)
        if style in self.date_styles and 0 <= number < 2958466:  # up to 9999-12-31
            epoch = dt.datetime(1904, 1, 1) if self.date1904 else dt.datetime(1899, 12, 30)
            # A serial is a float: 09:30 is 0.395833...; to the millisecond (a spreadsheet's own precision),
            # not to the float's last bit (09:30:00.000001).
            return epoch + dt.timedelta(milliseconds=round(number * 86_400_000))
        return int(number) if number.is_integer() and _INTEGER.match(text) else number


class _SheetReader:
    """expat handlers for one worksheet part: cells, hidden rows and columns, merged ranges."""

    def __init__(self, sheet: Sheet, parts: _Parts) -> None:
        self.sheet = sheet
        self.parts = parts
        self.row = self.column = 0
        self.attributes: dict[str, str] = {}
        self.value: str | None = None
        self.formula: str | None = None
        self.inline: list[str] | None = None
        self.collect: list[str] | None = None  # text being gathered (<v>, <f>, or an inline string's <t>)
        self.phonetic = False

    def start(self, name: str, attributes: dict[str, str]) -> None:
        tag = _local(name)
        if tag == "c":
            self.attributes, self.value, self.formula, self.inline = attributes, None, None, None
        elif tag in ("v", "f"):
            self.collect = []
        elif tag == "is":
            self.inline = []
        elif tag == "rPh":
            self.phonetic = True
        elif tag == "t" and self.inline is not None and not self.phonetic:
            self.collect = []
        elif tag == "row":
            self.row, self.column = int(attributes.get("r") or self.row + 1), 0
            if _true(attributes.get("hidden")):
                self.sheet._hidden_rows.append(self.row)
        elif tag == "col" and _true(attributes.get("hidden")):
            first = int(attributes.get("min") or 1)  # both are required; a writer that leaves max out means one
            last = min(int(attributes.get("max") or first), _MAX_COLUMN)
            self.sheet._hidden_columns.extend(range(first, last + 1))
        elif tag == "mergeCell" and attributes.get("ref"):
            top_left, _colon, bottom_right = attributes["ref"].partition(":")
            self.sheet._merged.append((*_position(top_left), *_position(bottom_right or top_left)))

    def text(self, data: str) -> None:
        if self.collect is not None:
            self.collect.append(data)

    def end(self, name: str) -> None:
        tag = _local(name)
        if tag == "v" and self.collect is not None:
            self.value, self.collect = "".join(self.collect), None
        elif tag == "f" and self.collect is not None:
            self.formula, self.collect = "".join(self.collect), None
        elif tag == "t" and self.collect is not None and self.inline is not None:
            self.inline.extend(self.collect)
            self.collect = None
        elif tag == "rPh":
            self.phonetic = False
        elif tag == "c":
            self._cell()

    def _cell(self) -> None:
        attributes = self.attributes
        ref = attributes.get("r")
        if ref:
            self.row, self.column = _position(ref)
        else:
            self.column += 1
        inline = "".join(self.inline) if self.inline is not None else None
        style = int(attributes.get("s") or 0)
        cell = self.parts.cell(attributes.get("t") or "n", self.value, self.formula, inline, style)
        if cell is not None:
            self.sheet._cells[(self.row, self.column)] = cell


_MAX_ROW = 1_048_576
_MAX_COLUMN = 16_384
#: Excel's built-in number formats that show dates or times (ECMA-376 Part 1, 18.8.30): 14-22 and 45-47
#: in every locale, 27-36 and 50-58 in the Chinese, Japanese and Korean ones (31 is yyyy"年"m"月"d"日").
_DATE_FORMAT_IDS = frozenset({*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)})
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
_INTEGER = re.compile(r"^[-+]?[0-9]+$")


def _position(ref: str) -> tuple[int, int]:
    """'D12' -> (12, 4); a reference outside the sheet's bounds is damage."""
    match = _REF.match(ref)
    if not match:
        raise ValueError(f"bad cell reference {ref!r}")
    column = 0
    for letter in match[1].upper():
        column = column * 26 + ord(letter) - 64
    row = int(match[2])
    if not (1 <= row <= _MAX_ROW and 1 <= column <= _MAX_COLUMN):
        raise ValueError(f"cell reference {ref!r} outside the sheet")
    return row, column


def _text(element: Any) -> str:
    """The text of a string item: its <t>, or its runs' <t>s; phonetic guides (<rPh>) left out."""
    parts: list[str] = []
    for child in element:
        tag = _local(child.tag)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)


def _is_date_format(code: str) -> bool:
    """Whether a custom number format shows a date: y, d (or m without h, s) outside quotes, escapes, [brackets].

    Elapsed time in brackets ([h]:mm, [mm]:ss) counts as its letters: a duration, not a date.
    """
    plain = re.sub(r'"[^"]*"|\\.|\[(?![hms]+\])[^\]]*\]', "", code.split(";")[0].lower())
    return bool(re.search(r"[yd]", plain)) or ("m" in plain and not re.search(r"[hs]", plain))


def _normpath(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)

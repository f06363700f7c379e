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
#: What one sheet keeps at most. A report is some 5,000 cells with no merged ranges and no hidden rows;
#: past these the sheet is `Sheet.overflow`, so that 16 MiB of tiny elements cannot cost gigabytes
#: (1.1 million cells were 366 MiB; 545,000 merged ranges 1.9 GB and as many findings).
MAX_CELLS = 200_000
MAX_MERGED = 1_000
MAX_HIDDEN_ROWS = 10_000
#: The most elements of a part read whole (the workbook, relationships, styles); sheets and strings are streamed.
MAX_ELEMENTS = 100_000

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

    value: Any  # str, int, float, bool, datetime, time, or the formula's text
    formula: bool = False
    error: bool = False  # an error value such as #N/A
    #: A date cell that holds no day of the calendar: "time" (a time of day only), "overflow" (past
    #: 9999-12-31 or before 1900), "no-such-day" (1900-02-29, text that is no date); ``value`` is then
    #: what the cell stores, as text.
    bad_date: str = ""


class Sheet:
    """One sheet: its name and state, and (read on first use) its stored cells, merged and hidden parts."""

    def __init__(self, name: str, state: str = "visible", chart: bool = False, loader: Any = None) -> None:
        self.name = name
        self.state = state  # visible, hidden or veryHidden
        self.chart = chart  # a chart sheet (no cells)
        self._loader = loader
        self._cells: dict[Position, Cell] = {}
        # Each place once, however often a part repeats it (50,000 copies of one merged range are one range).
        self._merged: set[tuple[int, int, int, int]] = set()  # min_row, min_col, max_row, max_col
        self._hidden_rows: set[int] = set()
        self._hidden_columns = _Ranges()
        self._overflow: dict[str, int] = {}  # what ran past its limit -> the limit ("cells", "merged", "hidden-rows")

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
        """The merged ranges, each once, in order."""
        self._load()
        return sorted(self._merged)

    @property
    def hidden_rows(self) -> list[int]:
        """The hidden rows, each once, in order."""
        self._load()
        return sorted(self._hidden_rows)

    @property
    def hidden_columns(self) -> list[tuple[int, int]]:
        """The hidden columns as (first, last) ranges, merged, in order: at most 8,192 of them."""
        self._load()
        return list(self._hidden_columns.ranges)

    @property
    def overflow(self) -> dict[str, int]:
        """What the sheet holds more of than any report (its limit): only the first that many were kept."""
        self._load()
        return dict(self._overflow)

    def column_hidden(self, column: int) -> bool:
        self._load()
        return column in self._hidden_columns

    def value(self, row: int, column: int) -> Any:
        cell = self.cells.get((row, column))
        return None if cell is None else cell.value


class _Ranges:
    """Disjoint (first, last) ranges of column numbers, merged as they are added.

    A ``<col>`` element names a range of up to 16,384 columns; expanding each
    into its columns made 20,000 of them in a 10 KB workbook cost 2 GB. Kept
    as merged ranges, they are never more than 8,192 whatever a part repeats.
    """

    def __init__(self) -> None:
        self.ranges: list[tuple[int, int]] = []

    def add(self, first: int, last: int) -> None:
        import bisect

        ranges = self.ranges
        if ranges and ranges[-1][0] <= first <= ranges[-1][1] + 1:  # in order, as writers write: the common case
            ranges[-1] = (ranges[-1][0], max(last, ranges[-1][1]))
            return
        at = bisect.bisect_left(ranges, (first, first))
        start = at - 1 if at and ranges[at - 1][1] + 1 >= first else at
        end = at
        while end < len(ranges) and ranges[end][0] <= last + 1:
            end += 1
        if start < end:
            first, last = min(first, ranges[start][0]), max(last, ranges[end - 1][1])
        ranges[start:end] = [(first, last)]

    def __contains__(self, column: int) -> bool:
        import bisect

        at = bisect.bisect_right(self.ranges, (column, _MAX_COLUMN + 1)) - 1
        return at >= 0 and self.ranges[at][0] <= column <= self.ranges[at][1]


@dataclass
class Book:
    sheets: list[Sheet]
    macros: bool  # VBA code (vbaProject.bin) or Excel 4.0 macro sheets: noted, never run
    date1904: bool = False  # the workbook counts days from 1904-01-01 (Excel for Mac's old default)
    excel4_macros: bool = False  # its macros are Excel 4.0 macro sheets, not VBA


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
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):  # the last one would win here, the first in another program
        twice = next(name for index, name in enumerate(names) if name in names[:index])
        raise WorkbookProblem("not-a-workbook", message("not-a-workbook", "duplicate-part", part=twice))
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
        parts = _Parts(archive)
        main = parts.main_part()
        if main is None:
            raise WorkbookProblem("not-a-workbook", _zip_kind(parts.names))
        return parts.book(main)
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


#: The first bytes of an XML part and the encoding they mean (XML 1.0, Appendix F): a byte order
#: mark, else ``<?`` as UTF-16 or UTF-8 writes it. UTF-32, EBCDIC and the rest are refused.
_XML_STARTS = (
    (b"\xef\xbb\xbf", "UTF-8"),
    (b"\xfe\xff", "UTF-16BE"),
    (b"\xff\xfe", "UTF-16LE"),
    (b"\x00\x3c\x00\x3f", "UTF-16BE"),
    (b"\x3c\x00\x3f\x00", "UTF-16LE"),
)
#: UTF-32 (either order, with or without a mark) and EBCDIC's <?xm: XML parsers may read them; no spreadsheet writes them.
_REFUSED_STARTS = (
    b"\x00\x00\xfe\xff",
    b"\xff\xfe\x00\x00",
    b"\x00\x00\x00\x3c",
    b"\x3c\x00\x00\x00",
    b"\x4c\x6f\xa7\x94",
)
_DECLARED = re.compile(r"""^<\?xml[^>]*?\bencoding\s*=\s*["']([^"']*)["']""")


def xml_encoding(head: bytes) -> str:
    """The encoding of an XML part from its first bytes, as the XML spec reads them; ValueError if not UTF-8/16.

    Decided before the parser sees a byte, and given to it, so that a part
    cannot slip past the DOCTYPE refusal in an encoding it was not looked at
    in, nor declare an encoding (UTF-7, EBCDIC, UTF-32) no spreadsheet writes.
    """
    if head.startswith(_REFUSED_STARTS):
        raise ValueError("a UTF-32 or EBCDIC part")
    encoding = next((name for start, name in _XML_STARTS if head.startswith(start)), "UTF-8")
    family = "utf-16" if encoding.startswith("UTF-16") else "utf-8"
    text = head.decode(encoding.lower().replace("be", "-be").replace("le", "-le"), "replace").lstrip("\ufeff")
    declared = _DECLARED.match(text)
    if declared:
        name = declared[1].lower().replace("_", "-")
        if name not in ({"utf-8", "utf8"} if family == "utf-8" else {"utf-16", "utf-16be", "utf-16le"}):
            raise ValueError(f"a part declared as {declared[1]} but read as {encoding}")
    return encoding


def _expat(head: bytes) -> Any:
    """An expat parser for a part that starts with ``head``: its encoding fixed, DOCTYPEs refused."""
    from xml.parsers import expat

    parser = expat.ParserCreate(xml_encoding(head), namespace_separator="}")
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    return parser


class TooManyElements(Exception):
    """A part parsed whole that holds more elements than `MAX_ELEMENTS`."""


def parse_xml(data: bytes) -> Any:
    """A whole (small) part as an element tree, through the same parser as a streamed sheet.

    At most `MAX_ELEMENTS` elements (a tree costs some 250 bytes each): the
    workbook, relationships and styles parts of a report hold a few hundred.
    """
    import xml.etree.ElementTree as ET

    builder = ET.TreeBuilder()
    parser = _expat(data[:256])
    count = 0

    def start(tag: str, attributes: dict[str, str]) -> None:
        nonlocal count
        count += 1
        if count > MAX_ELEMENTS:
            raise TooManyElements()
        builder.start(tag, attributes)

    parser.StartElementHandler = start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.Parse(data, True)
    return builder.close()


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
        try:
            return parse_xml(self.archive.read(name))
        except TooManyElements:
            text = message("too-complex", "part", part=name, limit=f"{MAX_ELEMENTS:,}")
            raise WorkbookProblem("too-complex", text) from None

    def main_part(self) -> str | None:
        """The workbook part: the package's officeDocument relationship (_rels/.rels), else xl/workbook.xml.

        A package is free to keep its workbook anywhere; the relationship says where.
        """
        for target, kind in self._relationships("_rels/.rels", "").values():
            if kind.endswith("/officeDocument") and target in self.names:
                return target
        return "xl/workbook.xml" if "xl/workbook.xml" in self.names else None

    def book(self, main: str) -> Book:
        folder, _slash, file = main.rpartition("/")
        workbook = self._xml(main)
        targets = self._relationships(f"{folder}/_rels/{file}.rels" if folder else f"_rels/{file}.rels", folder)
        by_kind = {kind.rpartition("/")[2]: target for target, kind in targets.values()}
        self.date1904 = any(_local(e.tag) == "workbookPr" and _true(e.get("date1904")) for e in workbook.iter())
        self.strings = self._shared_strings(by_kind.get("sharedStrings", f"{folder}/sharedStrings.xml"))
        self.date_styles = self._date_styles(by_kind.get("styles", f"{folder}/styles.xml"))
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
        kinds = {kind.rpartition("/")[2].lower() for _target, kind in targets.values()}
        vba = any(name.lower().endswith("vbaproject.bin") for name in self.names) or "vbaproject" in kinds
        excel4 = (  # macro sheets (XLM), which run without any VBA: by their parts, their relationships, Auto_Open
            any(name.lower().startswith(("xl/macrosheets/", f"{folder.lower()}/macrosheets/")) for name in self.names)
            or bool(kinds & {"xlmacrosheet", "xlintlmacrosheet"})
            or any(_local(e.tag) == "definedName" and _is_auto_run(e.get("name")) for e in workbook.iter())
        )
        return Book(sheets, macros=vba or excel4, date1904=self.date1904, excel4_macros=excel4 and not vba)

    def _relationships(self, name: str, folder: str) -> dict[str, tuple[str, str]]:
        """Id -> (part, type) of a relationships part; a relative target is relative to ``folder``."""
        if name not in self.names:
            return {}
        found = {}
        for element in self._xml(name).iter():
            if _local(element.tag) == "Relationship":
                target = element.get("Target") or ""
                path = target.lstrip("/") if target.startswith("/") else f"{folder}/{target}" if folder else target
                found[element.get("Id") or ""] = (_normpath(path), element.get("Type") or "")
        return found

    def _shared_strings(self, part: str) -> list[str]:
        """The shared strings, streamed like a sheet: 16 MiB of tiny <si> would be ~400 bytes each as a tree."""
        if part not in self.names:
            return []
        reader = _StringsReader()
        self._stream(part, reader.start, reader.end, reader.text)
        return reader.strings

    def _date_styles(self, part: str) -> set[int]:
        """Indexes of the cell styles whose number format shows a date."""
        if part not in self.names:
            return set()
        styles = self._xml(part)
        custom = {
            int(e.get("numFmtId") or -1): e.get("formatCode") or "" for e in styles.iter() if _local(e.tag) == "numFmt"
        }
        dates: set[int] = set()
        for child in styles:
            if _local(child.tag) != "cellXfs":
                continue
            for index, xf in enumerate(x for x in child if _local(x.tag) == "xf"):
                number_format = int(xf.get("numFmtId") or 0)
                if number_format in _DATE_FORMAT_IDS or _is_date_format(custom.get(number_format, "")):
                    dates.add(index)
        return dates

    def _sheet(self, sheet: Sheet, part: str) -> None:
        """Fill ``sheet`` from its XML part, streamed through expat (no element tree is built)."""
        reader = _SheetReader(sheet, self)
        self._stream(part, reader.start, reader.end, reader.text)

    def _stream(self, part: str, start: Any, end: Any, text: Any) -> None:
        """Feed a part through expat to the handlers, 64 KiB at a time (no element tree is built)."""
        with self.archive.open(part) as stream:
            chunk = stream.read(1 << 16)
            parser = _expat(chunk[:256])
            parser.StartElementHandler = start
            parser.EndElementHandler = end
            parser.CharacterDataHandler = text
            while chunk:
                parser.Parse(chunk, False)
                chunk = stream.read(1 << 16)
            parser.Parse(b"", True)

    def cell(self, kind: str, value: str | None, formula: str | None, inline: str | None, style: int) -> Cell | None:
        if formula is not None:  # whatever result the file stores beside it is never used
            return Cell("=" + formula if formula else _("(a shared formula)"), formula=True)
        if kind == "inlineStr":
            return Cell(inline) if inline else None
        if not value:
            return None
        if kind == "s":
            index = _number_in(value, 0, len(self.strings) - 1)  # -1 must not read the last string
            text = self.strings[index]
            return Cell(text) if text else None
        if kind == "str":
            return Cell(value)
        if kind == "b":
            return Cell(value.strip() in ("1", "true"))
        if kind == "e":
            return Cell(value, error=True)
        if kind == "d":
            return _iso_date(value)
        if style in self.date_styles:
            return self._date(value)
        return Cell(_plain_number(value))

    def _date(self, text: str) -> Cell:
        """A date-formatted number: days since the workbook's epoch, to the millisecond.

        Outside the calendar a spreadsheet can show (before its epoch, after
        9999-12-31) it stays the number it is. In the 1900 system, day 0 and
        its fractions are a time of day with no date (Excel shows 1900-01-00),
        and day 60 is the 1900-02-29 Excel invents (it counts 1900 as a leap
        year, so days 1 to 59 are one day later than a plain count gives).
        """
        number = float(text)
        if self.date1904:
            epoch, last = dt.datetime(1904, 1, 1), 2957003  # 9999-12-31
        elif 1 <= number < 61:
            if int(number) == 60:
                return Cell(text, bad_date="no-such-day")
            epoch, last = dt.datetime(1899, 12, 31), 2958465
        else:
            epoch, last = dt.datetime(1899, 12, 30), 2958465
        if not 0 <= number < last + 1:
            return Cell(_plain_number(text))
        if number < 1 and not self.date1904:
            return Cell(_time_of_day(number), bad_date="time")
        # A serial is a float: 09:30 is 0.395833...; to the millisecond (a spreadsheet's own precision),
        # not to the float's last bit (09:30:00.000001).
        return Cell(epoch + dt.timedelta(milliseconds=round(number * 86_400_000)))


def _plain_number(text: str) -> Any:
    number = float(text)
    return int(number) if number.is_integer() and _INTEGER.match(text) else number


def _time_of_day(fraction: float) -> dt.time:
    milliseconds = round(fraction * 86_400_000)
    moment = dt.datetime(2000, 1, 1) + dt.timedelta(milliseconds=min(milliseconds, 86_399_999))
    return moment.time()


def _iso_date(text: str) -> Cell:
    """A cell of type d (ISO 8601 text): its date and time; a time alone or a date past year 9999 is no day."""
    stripped = text.strip().rstrip("Z")
    try:
        return Cell(dt.datetime.fromisoformat(stripped))
    except ValueError:
        pass
    try:
        dt.time.fromisoformat(stripped.removeprefix("T"))
    except ValueError:
        return Cell(text, bad_date="overflow" if re.match(r"^[+-]?\d{5,}-", stripped) else "no-such-day")
    return Cell(text, bad_date="time")


def _is_auto_run(name: str | None) -> bool:
    """An Excel 4.0 macro that runs when the workbook opens (a defined name Auto_Open, Auto_Activate...)."""
    plain = (name or "").lower().removeprefix("_xlnm.")
    return plain.startswith(("auto_open", "auto_activate", "auto_close", "auto_deactivate"))


def _number_in(text: str | None, low: int, high: int) -> int:
    """A whole number written in a part (a row, a column, an index) within [low, high]; ValueError otherwise.

    Checked before it is used, so that -1 cannot read the last string, row 0
    cannot hold a cell and a range of -300,000,000 columns is never counted out.
    """
    if text is None or not _WHOLE.match(text):
        raise ValueError(f"not a whole number: {text!r}")
    number = int(text)
    if not low <= number <= high:
        raise ValueError(f"{number} outside {low}..{high}")
    return number


class _StringsReader:
    """expat handlers for the shared-strings part: each <si>'s text (its <t>, or its runs'), phonetic guides left out."""

    def __init__(self) -> None:
        self.strings: list[str] = []
        self.parts: list[str] | None = None
        self.collect = False
        self.phonetic = False

    def start(self, name: str, _attributes: dict[str, str]) -> None:
        tag = _local(name)
        if tag == "si":
            self.parts = []
        elif tag == "rPh":
            self.phonetic = True
        elif tag == "t" and self.parts is not None and not self.phonetic:
            self.collect = True

    def text(self, data: str) -> None:
        if self.collect and self.parts is not None:
            self.parts.append(data)

    def end(self, name: str) -> None:
        tag = _local(name)
        if tag == "t":
            self.collect = False
        elif tag == "rPh":
            self.phonetic = False
        elif tag == "si" and self.parts is not None:
            self.strings.append("".join(self.parts))
            self.parts = None


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
            self.row = _number_in(attributes.get("r") or str(self.row + 1), 1, _MAX_ROW)
            self.column = 0
            if _true(attributes.get("hidden")) and self._room("hidden-rows", self.sheet._hidden_rows, MAX_HIDDEN_ROWS):
                self.sheet._hidden_rows.add(self.row)
        elif tag == "col" and _true(attributes.get("hidden")):
            # Both are required; a writer that leaves max out means one column. A range past the last
            # column is cut at it (16384 is what Excel writes for "the rest"); one that starts outside
            # the sheet or ends before it starts is damage, refused before anything is counted.
            first = _number_in(attributes.get("min") or "1", 1, _MAX_COLUMN)
            last = _number_in(attributes.get("max") or str(first), first, 2**31)
            self.sheet._hidden_columns.add(first, min(last, _MAX_COLUMN))
        elif tag == "mergeCell" and attributes.get("ref"):
            top_left, _colon, bottom_right = attributes["ref"].partition(":")
            (top, left), (bottom, right) = _position(top_left), _position(bottom_right or top_left)
            if self._room("merged", self.sheet._merged, MAX_MERGED):
                self.sheet._merged.add((min(top, bottom), min(left, right), max(top, bottom), max(left, right)))

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
            if not 1 <= self.row or self.column > _MAX_COLUMN:
                raise ValueError("a cell outside the sheet")
        inline = "".join(self.inline) if self.inline is not None else None
        style = int(attributes.get("s") or 0)
        cell = self.parts.cell(attributes.get("t") or "n", self.value, self.formula, inline, style)
        if cell is not None and self._room("cells", self.sheet._cells, MAX_CELLS):
            self.sheet._cells[(self.row, self.column)] = cell

    def _room(self, kind: str, kept: Any, limit: int) -> bool:
        """Whether one more of ``kind`` is kept; past ``limit`` the sheet notes its overflow instead."""
        if len(kept) < limit:
            return True
        self.sheet._overflow[kind] = limit
        return False


_MAX_ROW = 1_048_576
_MAX_COLUMN = 16_384
#: Excel's built-in number formats that show dates or times (ECMA-376 Part 1, 18.8.30): 14-22 and 45-47
#: in every locale, 27-36 and 50-58 in the Chinese, Japanese and Korean ones (31 is yyyy"年"m"月"d"日").
_DATE_FORMAT_IDS = frozenset({*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)})
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
_INTEGER = re.compile(r"^[-+]?[0-9]+$")
_WHOLE = re.compile(r"^[0-9]{1,10}$")


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

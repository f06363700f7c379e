"""A report workbook's cells -> the same located document the YAML loader gives the checker.

`read_book` finds the report sheet (`layout`), reads its header fields and
its table into the data a YAML report holds (the same keys, the same value
types: text stays text, a whole number is an int, a date becomes
'YYYY-MM-DD'), and records each value's (row, column) as its position, so
the model and the plan rules run unchanged and their findings name cells.

What only a workbook can get wrong is found here, at its cell: formulas
(never evaluated), error values, IDs stored as numbers (3.1 or 3.10?), dates
stored as serial numbers, merged and hidden cells, extra sheets. Such a cell
is given to the model as it is (a number, or nothing), and the model's own
finding about that cell is dropped by the loader: one finding per cell.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from lijiang_plan.files.xlsxsource import Book, Cell, Sheet, cell_name, column_letter
from lijiang_plan.files.yamlsource import Document, Path_
from lijiang_plan.findings import Finding
from lijiang_plan.i18n import N_, _
from lijiang_plan.reports import layout
from lijiang_plan.rules import RuleName, finding, message

_SCAN_ROWS = 60  # the table header is looked for in the first rows
_MAX_ROWS = 5000  # rows of the table read at most (bounded work on a pasted sheet)
_FIGURE = re.compile(r"^\s*(.*?)\s*[:：]\s*([^:：]*?)\s*$")  # at the last colon: a label may hold one
_INT = re.compile(r"^[-+]?[0-9]+$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EPOCH_1904 = dt.date(1904, 1, 1)  # a workbook with date1904 counts from here (Excel for Mac's old default)
#: An extra sheet's message by its state: a very hidden one cannot be unhidden from Excel's menus.
_HIDDEN_SHEET = {"visible": "default", "veryHidden": "very-hidden"}
#: What a sheet keeps a limited number of (`Sheet.overflow`), as a message names it.
_KEPT = {"cells": N_("cells with values"), "merged": N_("merged ranges"), "hidden-rows": N_("hidden rows")}
#: A date cell that holds no day (`Cell.bad_date`) -> its bad-date message.
_BAD_DATE = {"time": "cell-time", "overflow": "cell-overflow", "no-such-day": "cell-no-such-day"}
_OPTIONAL = ("reason", "figures")


class _Reader:
    def __init__(self, book: Book, path: str) -> None:
        self.book = book
        self.path = path
        self.findings: list[Finding] = []
        self.positions: dict[Path_, tuple[int, int]] = {(): (1, 1)}
        self.keys: dict[Path_, tuple[int, int]] = {}
        self.sheet: Sheet = book.sheets[0]
        self.label = ""  # the measure being read, for messages

    def add(self, position: tuple[int, int], rule: RuleName, text: str, sheet: str | None = None) -> None:
        name = sheet if sheet is not None else self.sheet.name
        self.findings.append(finding(self.path, position, rule, text, f"{name}!{cell_name(*position)}"))

    # -- the workbook -----------------------------------------------------

    def read(self) -> Document | None:
        found = self._report_sheet()
        if self.book.macros:
            text = message("macros", "excel4" if self.book.excel4_macros else "default")
            self.add((1, 1), "macros", text, self.book.sheets[0].name)
        if found is None:
            first = self.book.sheets[0].name  # read_book never reads a workbook without sheets
            sheets, header = " / ".join(layout.SHEET.values()), " / ".join(layout.COLUMNS["id"].values())
            self.add((1, 1), "no-report-sheet", message("no-report-sheet", sheets=sheets, header=header), first)
            return None
        self.sheet, header_row = found
        self._other_sheets()
        self._merged_and_hidden()
        data: dict[str, Any] = {}
        self._fields(data, header_row)
        data["measures"] = self._table(header_row)
        return Document(data, self.positions, self.keys, sheet=self.sheet.name)

    def _report_sheet(self) -> tuple[Sheet, int] | None:
        """The report sheet (by name, else the first with a table header) and its header row."""
        ranked = sorted(self.book.sheets, key=lambda s: layout.normal(s.name) not in layout.SHEET_NAMES)
        for sheet in ranked:
            row = _header_row(sheet)
            if row is not None:
                return sheet, row
        return None

    def _other_sheets(self) -> None:
        for sheet in self.book.sheets:
            if sheet is self.sheet:
                continue
            if layout.normal(sheet.name) in layout.INSTRUCTION_NAMES and not sheet.chart:
                continue
            key = "chart" if sheet.chart else _HIDDEN_SHEET.get(sheet.state, "hidden")
            text = message("extra-sheet", key, sheet=sheet.name, report=self.sheet.name)
            self.add((1, 1), "extra-sheet", text, sheet.name)

    def _merged_and_hidden(self) -> None:
        sheet = self.sheet
        for kind, limit in sheet.overflow.items():
            text = message("too-complex", "sheet", sheet=sheet.name, limit=f"{limit:,}", what=_(_KEPT[kind]))
            self.add((1, 1), "too-complex", text)
        if sheet.state != "visible":  # read like any other, so what cannot be seen would be reported
            key = "very-hidden-sheet" if sheet.state == "veryHidden" else "sheet"
            self.add((1, 1), "hidden-cells", message("hidden-cells", key, sheet=sheet.name))
        for min_row, min_col, max_row, max_col in sheet.merged:
            first, last = cell_name(min_row, min_col), cell_name(max_row, max_col)
            self.add((min_row, min_col), "merged-cells", message("merged-cells", first=first, last=last))
        used_rows = {row for row, _ in sheet.cells}
        used_columns = {column for _row, column in sheet.cells}
        for row in sheet.hidden_rows:
            if row in used_rows:
                self.add((row, 1), "hidden-cells", message("hidden-cells", "row", row=row))
        for column in sorted(used_columns):
            if sheet.column_hidden(column):
                text = message("hidden-cells", "column", column=column_letter(column))
                self.add((1, column), "hidden-cells", text)

    # -- header fields ------------------------------------------------------

    def _fields(self, data: dict[str, Any], header_row: int) -> None:
        seen: dict[tuple[str, ...], int] = {}
        for row in range(1, header_row):
            label = self.sheet.value(row, 1)
            path = layout.FIELD_BY_LABEL.get(layout.normal(label))
            cell = self.sheet.cells.get((row, 2))
            if path is None:
                if cell is not None and row > 1:
                    fields = ", ".join(w["zh"] + "/" + w["en"] for w in layout.FIELDS.values())
                    text = message("unknown-field", "label", label=label, fields=fields)
                    self.add((row, 1), "unknown-field", text)
                continue
            if path in seen:
                text = message("duplicate-key", "label", label=label, row=seen[path])
                self.add((row, 1), "duplicate-key", text)
                continue
            seen[path] = row
            self.keys[path] = (row, 1)
            self.positions[path] = (row, 2)
            value = self._value(path, cell, (row, 2))
            if value is _ABSENT:
                if path[0] != "contact":
                    data[path[0]] = ""
                continue
            if path[0] == "contact":
                contact = data.setdefault("contact", {})
                self.positions.setdefault(("contact",), (row, 2))
                self.keys.setdefault(("contact",), (row, 1))
                contact[path[1]] = value
            else:
                data[path[0]] = value

    # -- the table ----------------------------------------------------------

    def _table(self, header_row: int) -> list[dict[str, Any]]:
        columns = self._columns(header_row)
        self.keys[("measures",)] = self.positions[("measures",)] = (header_row, 1)
        last = max((row for row, _ in self.sheet.cells), default=header_row)
        if last > header_row + _MAX_ROWS:
            text = message("too-complex", "rows", limit=f"{_MAX_ROWS:,}")
            self.add((header_row + _MAX_ROWS + 1, 1), "too-complex", text)
        entries: list[dict[str, Any]] = []
        for row in range(header_row + 1, min(last, header_row + _MAX_ROWS) + 1):
            cells = {field: self.sheet.cells.get((row, column)) for field, column in columns.items()}
            if all(cells[f] is None for f in cells if f not in layout.SHOWN_ONLY):
                continue  # a blank row (or one with only a title): not an entry
            entries.append(self._entry(len(entries), row, columns, cells))
        return entries

    def _columns(self, header_row: int) -> dict[str, int]:
        columns: dict[str, int] = {}
        for (row, column), cell in sorted(self.sheet.cells.items()):
            if row != header_row:
                continue
            field = layout.COLUMN_BY_LABEL.get(layout.normal(cell.value))
            if field is None or field in columns:
                names = ", ".join(w["zh"] + "/" + w["en"] for w in layout.COLUMNS.values())
                rule: RuleName = "duplicate-key" if field else "unknown-field"
                self.add((row, column), rule, message(rule, "column", header=cell.value, columns=names))
                continue
            columns[field] = column
        for field in ("id", "status", "account"):
            if field not in columns:
                words = layout.COLUMNS[field]
                text = message("missing-field", "column", column=f"{words['zh']}/{words['en']}", row=header_row)
                self.add((header_row, 1), "missing-field", text)
        return columns

    def _entry(self, index: int, row: int, columns: dict[str, int], cells: dict[str, Cell | None]) -> dict[str, Any]:
        base: Path_ = ("measures", index)
        self.positions[base] = (row, columns["id"])  # the header row was found by its ID column
        entry: dict[str, Any] = {}
        typed = cells.get("id")
        self.label = (
            _("measure {measure}").format(measure=typed.value)
            if typed is not None and isinstance(typed.value, str) and not typed.formula
            else _("measures entry {n}").format(n=index + 1)
        )
        # A column missing from the header is named there (`_columns`); each entry's missing value is named
        # at the entry's row by the shape check, like a key missing from a YAML entry.
        for field, column in columns.items():
            if field in layout.SHOWN_ONLY:
                continue
            path = (*base, field)
            self.positions[path] = self.keys[path] = (row, column)
            value = self._value(path, cells[field], (row, column))
            if value is _ABSENT:
                if field not in _OPTIONAL:
                    entry[field] = None if field == "status" else ""
                continue
            entry[field] = value
        return entry

    # -- values -------------------------------------------------------------

    def _what(self, path: Path_) -> str:
        """'account' of measure 4.8, as the model's messages name a value; 'contact.phone' for a field."""
        if path[0] == "measures":
            return _("'{field}' of {measure}").format(field=path[2], measure=self.label)
        return "'" + ".".join(str(p) for p in path) + "'"

    def _value(self, path: Path_, cell: Cell | None, at: tuple[int, int]) -> Any:
        """The data value of one cell, as YAML would have given it; _ABSENT for an empty cell."""
        if cell is None:
            return _ABSENT
        name = path[-1]
        if cell.formula:
            self.add(at, "formula", _formula(name, cell.value, at))
            return _ABSENT if name in _OPTIONAL else None
        if cell.error:
            self.add(at, "wrong-type", message("wrong-type", "error-value", what=self._what(path), value=cell.value))
            return None
        value = cell.value
        if cell.bad_date:
            if name == "submitted":
                shown = value.isoformat() if isinstance(value, dt.time) else str(value)
                self.add(
                    at, "bad-date", message("bad-date", _BAD_DATE[cell.bad_date], cell=cell_name(*at), value=shown)
                )
                return None
            return value.isoformat() if isinstance(value, dt.time) else str(value)  # what the cell shows
        if isinstance(value, str):
            if name == "status":
                return layout.STATUS_BY_WORD.get(value.strip(), value)
            if name == "figures":
                return self._figures(path, value, at)
            if not value.strip() and name in _OPTIONAL:
                return _ABSENT
            return value
        if isinstance(value, dt.datetime):
            if name == "submitted":
                return value.date().isoformat()
            return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
        if name == "id" and isinstance(value, (int, float)) and not isinstance(value, bool):
            self.add(at, "wrong-type", _number_id(value, at))
        elif name == "submitted" and isinstance(value, (int, float)) and not isinstance(value, bool):
            self.add(at, "bad-date", _serial_date(value, at, self.book.date1904))
        elif name == "figures" and not isinstance(value, bool):
            text = message("invalid-value", "bare-number", what=self._what(path), value=value)
            self.add(at, "invalid-value", text)
            return _ABSENT  # the finding above tells it; no value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value

    def _figures(self, path: Path_, text: str, at: tuple[int, int]) -> Any:
        figures: dict[str, Any] = {}
        for part in re.split(r"[\n;；]", text):
            if not part.strip():
                continue
            match = _FIGURE.match(part)
            if not match or not match[1]:
                text = message("invalid-value", "not-label-number", what=self._what(path), text=part.strip())
                self.add(at, "invalid-value", text)
                continue
            label, number = match[1], match[2]
            if label in figures:
                self.add(at, "duplicate-key", message("duplicate-key", "figure", what=self._what(path), label=label))
                continue
            figures[label] = int(number) if _INT.match(number) else number
            self.positions[(*path, label)] = self.keys[(*path, label)] = at
        return figures if figures else _ABSENT


_ABSENT: Any = object()


def _header_row(sheet: Sheet) -> int | None:
    for row in range(1, _SCAN_ROWS + 1):
        for column in range(1, 4):
            if layout.COLUMN_BY_LABEL.get(layout.normal(sheet.value(row, column))) == "id":
                return row
    return None


def _formula(name: object, text: str, at: tuple[int, int]) -> str:
    shown = text if len(text) <= 40 else text[:39] + "…"
    key = _FORMULA_KEYS.get(str(name), "default")
    return message("formula", key, cell=cell_name(*at), formula=shown)


#: A formula's message by the field its cell holds: what to type instead.
_FORMULA_KEYS = {"submitted": "date", "id": "id", "figures": "figures"}


def _number_id(value: float, at: tuple[int, int]) -> str:
    text = str(value)  # as the cell shows it: 4.8, 12
    return message("wrong-type", "id-decimal" if "." in text else "id-number", cell=cell_name(*at), number=text)


def _serial_date(value: float, at: tuple[int, int], date1904: bool) -> str:
    where = cell_name(*at)
    epoch, first = (_EPOCH_1904, 35064) if date1904 else (_EXCEL_EPOCH, 36526)  # the day numbers of 2000-01-01
    if first <= value <= first + 36524:  # 2000-01-01 .. 2099-12-31
        day = epoch + dt.timedelta(days=int(value))
        return message("bad-date", "serial-day", cell=where, number=f"{value:g}", day=day)
    return message("bad-date", "serial", cell=where, number=f"{value:g}")


def read_book(book: Book, path: str) -> tuple[Document | None, list[Finding]]:
    """(the report's located document, or None if no sheet holds one; the workbook's own findings)."""
    if not book.sheets:
        return None, [finding(path, (1, 1), "no-report-sheet", message("no-report-sheet", "no-sheets"))]
    reader = _Reader(book, path)
    document = reader.read()
    return document, reader.findings

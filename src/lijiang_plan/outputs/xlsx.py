"""The xlsx writer of the registry: every table of an Output as one sheet of a workbook.

Cells are typed by their column (`table.Column.type`): IDs and other text as
text cells (3.10 stays 3.10; text that looks like a formula is stored as text
with Excel's quote prefix, never as a formula), integers as numbers, booleans
as TRUE/FALSE, dates as date cells (yyyy-mm-dd), a list as one text cell
joined as CSV joins it (names with '、', IDs with ';'). Row 1 holds the column
keys, as the CSV header does, frozen with the first column and filtered.

`render_sheets` writes tables laid out for people instead (the summary's
workbook): each sheet under its own name, row 1 the columns' headers in the
interface language, and the codes a formula or a script needs in trailing
columns headed by their JSON keys, in grey.

openpyxl is imported only when a workbook is written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, NamedTuple

from lijiang_plan.table import Column, Output, Table

_NAME_SEPARATOR = "、"
_ID_SEPARATOR = ";"
_MAX_WIDTH = 60
_BAD_SHEET_CHARACTERS = re.compile(r"[\[\]:*?/\\]")


class Sheet(NamedTuple):
    """One sheet for people: its name, its table (people's columns, then ``codes`` code columns), cell fills."""

    name: str
    table: Table
    codes: int = 0
    fills: dict[str, str] = {}  # a cell's exact text -> fill colour (conditional formatting)
    fill_from: int = 2  # the first column the fills apply to


def render_sheets(sheets: list[Sheet]) -> bytes:
    """A workbook of sheets for people: headers are the columns' titles; the trailing code columns are grey."""
    from openpyxl.styles import Font, PatternFill

    def mark(sheet: Any, index: int) -> None:
        spec = sheets[index]
        grey = PatternFill("solid", start_color="EDEDED", end_color="EDEDED")
        first_code = len(spec.table.columns) - spec.codes + 1
        for column_number in range(first_code, len(spec.table.columns) + 1):
            cell = sheet.cell(row=1, column=column_number)
            cell.fill, cell.font = grey, Font(bold=True, color="595959")
        if spec.fills:
            _fill_exact(sheet, spec.table, spec.fills, spec.fill_from, last_column=first_code - 1)

    tables = [Table(spec.table.columns, spec.table.rows, name=spec.name) for spec in sheets]
    return _workbook(tables, header=lambda column: column.title, mark=mark)


def _fill_exact(sheet: Any, table: Table, fills: dict[str, str], first_column: int, last_column: int) -> None:
    """Conditional fills on cells whose text is exactly a key of ``fills``, so Excel recolours an edited cell."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import PatternFill

    if last_column < first_column or not table.rows:
        return
    first = sheet.cell(row=2, column=first_column).coordinate
    last = sheet.cell(row=len(table.rows) + 1, column=last_column).coordinate
    for text, colour in fills.items():
        fill = PatternFill("solid", start_color=colour, end_color=colour)
        quoted = text.replace('"', '""')
        rule = FormulaRule(formula=[f'EXACT({first},"{quoted}")'], fill=fill, stopIfTrue=True)
        sheet.conditional_formatting.add(f"{first}:{last}", rule)


def render(output: Output) -> bytes:
    """The workbook's bytes: one sheet per table, in order."""
    return _workbook(output.tables)


def _workbook(tables: list[Table], header: Any = None, mark: Callable[[Any, int], None] | None = None) -> bytes:
    """One sheet per table (`_write`; ``mark(sheet, index)`` then styles it), or one sheet "empty" for none."""
    import openpyxl

    from lijiang_plan.files.xlsxwrite import to_bytes

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for index, table in enumerate(tables):
        sheet = workbook.create_sheet(_sheet_name(table, index + 1, used))
        _write(sheet, table, header)
        if mark is not None:
            mark(sheet, index)
    if not tables:
        workbook.create_sheet("empty")
    workbook.properties.creator = "lplan"
    return to_bytes(workbook)


def _sheet_name(table: Table, index: int, used: set[str]) -> str:
    """A valid, unique sheet name (at most 31 characters, none of []:*?/\\)."""
    name = _BAD_SHEET_CHARACTERS.sub("_", table.name or table.title or f"table{index}")[:31] or f"table{index}"
    candidate, n = name, 2
    while candidate.lower() in used:
        candidate = f"{name[:28]}_{n}"
        n += 1
    used.add(candidate.lower())
    return candidate


def _write(sheet: Any, table: Table, header: Any = None) -> None:
    """The table from A1: a bold header row (the keys, or ``header(column)``), then typed cells."""
    from openpyxl.styles import Alignment, Font

    from lijiang_plan.files.xlsxwrite import put

    heads = [header(column) if header is not None else column.key for column in table.columns]
    widths = [_width(head) for head in heads]
    for column_number, head in enumerate(heads, start=1):
        put(sheet, 1, column_number, head).font = Font(bold=True)
    for row_number, row in enumerate(table.rows, start=2):
        for column_number, column in enumerate(table.columns, start=1):
            value = cell_value(column, row.get(column.key))
            cell = put(sheet, row_number, column_number, value, f"'{column.key}' in row {row_number}")
            if isinstance(value, str):
                widths[column_number - 1] = max(widths[column_number - 1], min(_width(value), _MAX_WIDTH))
                if len(value) > _MAX_WIDTH or "\n" in value:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            elif isinstance(value, dt.date):
                widths[column_number - 1] = max(widths[column_number - 1], 12)
    for column_number, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=column_number).column_letter].width = width
    if table.columns:
        sheet.freeze_panes = "B2"
        sheet.auto_filter.ref = sheet.dimensions


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text.split("\n", 1)[0]) + 2


def cell_value(column: Column, value: Any) -> Any:
    """A row value as its typed cell value: text, number, boolean, date, or None for empty."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        separator = _NAME_SEPARATOR if column.type == "names" else _ID_SEPARATOR
        return separator.join(str(v) for v in value) or None
    if column.type == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value if column.type != "text" else str(value)
    return str(value)

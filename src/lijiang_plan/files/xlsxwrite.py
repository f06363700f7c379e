"""Writing cells into workbooks: typed, and never a formula.

openpyxl stores any string that starts with '=' as a formula. Every cell lplan
writes goes through `put`: text is stored as text (``data_type`` 's'), and text
that a spreadsheet would take for a formula when someone edits the cell (it
starts with = + - @, their full-width forms, or those after blanks) also gets
Excel's quote prefix, the stored form of a leading apostrophe. Numbers stay
numbers, dates become date cells, booleans stay booleans.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from lijiang_plan.errors import OutputError
from lijiang_plan.i18n import _

#: The most characters a spreadsheet cell holds (Excel's limit).
MAX_CELL = 32_767

_FORMULA_STARTS = ("=", "+", "-", "@", "＝", "＋", "－", "＠")
#: Characters XML 1.0 cannot hold (openpyxl refuses them).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
DATE_FORMAT = "yyyy-mm-dd"


class CellTooLong(OutputError):
    """Text longer than a spreadsheet cell can hold."""


def looks_like_formula(text: str) -> bool:
    return text.lstrip().startswith(_FORMULA_STARTS) or text.startswith(("\t", "\r"))


def put(sheet: Any, row: int, column: int, value: Any, what: str = "") -> Any:
    """Write ``value`` at (row, column) with its type kept; return the cell (``what`` names it in a refusal)."""
    what = what or _("a value")
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        if len(value) > MAX_CELL:
            raise CellTooLong(
                _("{what} is {count} characters; a spreadsheet cell holds at most {limit}: shorten it").format(
                    what=what, count=f"{len(value):,}", limit=f"{MAX_CELL:,}"
                )
            )
        if _ILLEGAL.search(value):
            raise OutputError(
                _("{what} holds a control character a workbook cannot store; remove it").format(what=what)
            )
        cell.value = value
        cell.data_type = "s"  # openpyxl made '=…' a formula; it is text
        if looks_like_formula(value):
            cell.quotePrefix = True
    elif isinstance(value, dt.datetime):
        cell.value = value
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        cell.value = value  # int, float, bool, None
    return cell


def to_bytes(workbook: Any) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

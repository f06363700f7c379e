"""Report workbooks filled in as a unit fills its template: with openpyxl, cell by cell, as a spreadsheet saves them.

The template comes from lplan (`lplan template -o FILE.xlsx`, or the portal's
download); `fill` types the date it is sent and an account under every
measure, except those left empty on purpose, and returns the workbook's bytes.
The table is found by its header row (编号 or ID), so the helper follows the
layout rather than hard-coding its rows.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable

import openpyxl

ACCOUNT = "按照任务分工推进落实，已完成阶段性工作。"


def _header_row(sheet) -> tuple[int, dict[str, int]]:
    for row in sheet.iter_rows(min_row=1, max_row=60):
        labels = {str(c.value).strip(): c.column for c in row if c.value is not None}
        if "编号" in labels or "ID" in labels:
            return row[0].row, labels
    raise AssertionError("no header row in the template")


def fill(
    template: bytes,
    submitted: dt.date | str,
    *,
    empty: Iterable[str] = (),
    account: str = ACCOUNT,
    unit: str | None = None,
    period: str | None = None,
) -> bytes:
    """The template's bytes filled in: date, every account but those in ``empty``; optionally another unit or period."""
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    header, labels = _header_row(sheet)
    id_column = labels.get("编号") or labels["ID"]
    account_column = labels.get("工作情况") or labels["Account"]
    for row in range(1, header):
        label = str(sheet.cell(row, 1).value or "").strip()
        if label in ("报送日期", "Submitted"):
            sheet.cell(row, 2).value = dt.date.fromisoformat(submitted) if isinstance(submitted, str) else submitted
        elif label in ("单位", "Unit") and unit is not None:
            sheet.cell(row, 2).value = unit
        elif label in ("报告期", "Period") and period is not None:
            sheet.cell(row, 2).value = period
    skipped = set(empty)
    for row in range(header + 1, sheet.max_row + 1):
        measure = sheet.cell(row, id_column).value
        if measure and str(measure) not in skipped:
            sheet.cell(row, account_column).value = account
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def account_cell(template: bytes, measure: str) -> str:
    """The cell (填报!E14) where ``measure``'s account is written."""
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    header, labels = _header_row(sheet)
    id_column = labels.get("编号") or labels["ID"]
    account_column = labels.get("工作情况") or labels["Account"]
    for row in range(header + 1, sheet.max_row + 1):
        if str(sheet.cell(row, id_column).value) == measure:
            return f"{sheet.title}!{openpyxl.utils.get_column_letter(account_column)}{row}"
    raise AssertionError(f"no row for {measure}")

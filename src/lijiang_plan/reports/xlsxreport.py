"""A report (the data the YAML loader and the workbook reader give) written as a workbook.

Used by `lplan template --format xlsx` (the skeleton's data) and by `lplan
convert` (a report's data), so the two can never lay a workbook out
differently, and `reports.workbook` reads back exactly what is written here.

The report sheet: typed cells (IDs and codes as text, figures as text lines
'label: number', the date as a date cell), a status drop-down of the four
statuses, ID/title/role and the given unit and period locked (the sheet is
protected without a password; the cells to fill are unlocked), readable
widths, wrapping, a frozen table header, and A4 landscape printing fitted to
the page width with the table header repeated on every page. A second sheet
says how to fill it in.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from lijiang_plan.files.xlsxwrite import DATE_FORMAT, put, to_bytes
from lijiang_plan.i18n import _
from lijiang_plan.reports import layout

if TYPE_CHECKING:
    from lijiang_plan.plan.query import Plan

_WIDTHS = {"id": 9, "title": 34, "role": 10, "status": 12, "account": 60, "figures": 24, "reason": 28}
_EDITABLE = ("status", "account", "figures", "reason")


def render(plan: Plan, data: dict[str, Any], language: str = "zh") -> bytes:
    """The workbook's bytes for report ``data`` (unit, period, submitted, contact, measures)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = layout.SHEET[language]
    unit_id = _unit_id(plan, data.get("unit"))
    _header(sheet, data, language)
    last = _table(sheet, plan, unit_id, data.get("measures") or [], language)
    _finish(sheet, last)
    _instructions(workbook.create_sheet(layout.INSTRUCTIONS[language]), plan, data, language)
    workbook.properties.creator = "lplan"
    return to_bytes(workbook)


def _unit_id(plan: Plan, typed: Any) -> str | None:
    from lijiang_plan.errors import NotFound

    if not isinstance(typed, str) or not typed.strip():
        return None
    try:
        return str(plan.resolve_unit(typed))
    except NotFound:
        return None


def _header(sheet: Any, data: dict[str, Any], language: str) -> None:
    from openpyxl.styles import Alignment, Font, Protection

    unit, period = str(data.get("unit") or ""), str(data.get("period") or "")
    put(sheet, 1, 1, layout.title(unit, period, language)).font = Font(bold=True, size=14)
    for offset, (path, words) in enumerate(layout.FIELDS.items()):
        row = layout.FIELD_ROW + offset
        put(sheet, row, 1, words[language]).font = Font(bold=True)
        value = data.get(path[0])
        if isinstance(value, dict):
            value = value.get(path[1])
        cell = put(sheet, row, 2, _field_value(path, value), f"field '{'.'.join(path)}'")
        cell.alignment = Alignment(horizontal="left")
        if path[0] not in ("unit", "period"):  # given by the template; the rest is filled in
            cell.protection = Protection(locked=False)
        if path in (("submitted",), ("contact", "phone")):
            cell.number_format = DATE_FORMAT if path == ("submitted",) else "@"


def _field_value(path: tuple[str, ...], value: Any) -> Any:
    if path == ("submitted",) and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)  # a real date cell; any other text stays text
        except ValueError:
            return value or None
    return value if value != "" else None


def _table(sheet: Any, plan: Plan, unit_id: str | None, entries: list[Any], language: str) -> int:
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    head = layout.TABLE_ROW
    fill = PatternFill("solid", fgColor="DDEBF7")
    for column, header in enumerate(layout.COLUMNS.values(), start=1):
        cell = put(sheet, head, column, header[language])
        cell.font, cell.fill = Font(bold=True), fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    roles = {duty.measure: duty for duty in plan.duties(unit_id)} if unit_id else {}
    row = head
    for row, entry in enumerate(entries, start=head + 1):
        values = _row(plan, roles, entry if isinstance(entry, dict) else {}, language)
        for column, field in enumerate(layout.COLUMNS, start=1):
            cell = put(sheet, row, column, values.get(field), _named(entry, field, row - head))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if field in _EDITABLE:
                cell.protection = Protection(locked=False)
            if field in ("id", "figures"):
                cell.number_format = "@"  # text, so that typing 3.10 keeps 3.10
    status_column = list(layout.COLUMNS).index("status") + 1
    words = ",".join(w[language] for w in layout.STATUS_WORDS.values())
    check = DataValidation(type="list", formula1=f'"{words}"', allow_blank=True, showErrorMessage=True)
    from lijiang_plan.i18n import _, using

    with using(language):  # the workbook's own language, as every word in it
        check.error = _("Pick the status from the list: {statuses}").format(statuses=words.replace(",", _(", ")))
        check.errorTitle = layout.COLUMNS["status"][language]
    sheet.add_data_validation(check)
    letter = sheet.cell(row=head, column=status_column).column_letter
    check.add(f"{letter}{head + 1}:{letter}{max(row, head + 1)}")
    return row


def _row(plan: Plan, roles: dict[str, Any], entry: dict[str, Any], language: str) -> dict[str, Any]:
    measure = entry.get("id")
    values: dict[str, Any] = {field: entry.get(field) for field in ("id", "account", "reason")}
    if isinstance(measure, str) and measure in plan.nodes:
        values["title"] = plan.text(measure, "title", "simplified")
    duty = roles.get(measure) if isinstance(measure, str) else None
    if duty is not None:
        role = layout.ROLE_WORDS[duty.role][language]
        values["role"] = f"{role}（{plan.unit_name(duty.via, 'simplified')}）" if duty.via else role
    status = entry.get("status")
    values["status"] = layout.STATUS_WORDS[status][language] if status in layout.STATUS_WORDS else status
    figures = entry.get("figures")
    if isinstance(figures, dict) and figures:
        values["figures"] = "\n".join(f"{label}: {number}" for label, number in figures.items())
    return values


def _finish(sheet: Any, last: int) -> None:
    """Widths, frozen header, protection and printing."""
    from openpyxl.utils import get_column_letter

    for column, field in enumerate(layout.COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = _WIDTHS[field]
    sheet.freeze_panes = sheet.cell(row=layout.TABLE_ROW + 1, column=1).coordinate
    sheet.protection.sheet = True  # no password: it guards against slips, not people
    sheet.protection.formatColumns = False  # widths and heights may still be changed
    sheet.protection.formatRows = False
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{layout.TABLE_ROW}:{layout.TABLE_ROW}"
    sheet.print_area = f"A1:{get_column_letter(len(layout.COLUMNS))}{max(last, layout.TABLE_ROW)}"


def _instructions(sheet: Any, plan: Plan, data: dict[str, Any], language: str) -> None:
    from openpyxl.styles import Alignment, Font

    from lijiang_plan.plan.deadlines import BadPeriod, due_date, parse_period

    recipient = plan.unit_name(plan.recipient(), "simplified")
    try:
        due = due_date(plan, *parse_period(str(data.get("period") or ""), plan)).isoformat()
    except BadPeriod:
        due = "6月20日/12月20日" if language == "zh" else "20 June / 20 December"
    for row, line in enumerate(layout.instructions(language, recipient, due), start=1):
        cell = put(sheet, row, 1, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if row == 1:
            cell.font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 100
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToHeight = 0


def _named(entry: Any, field: str, number: int) -> str:
    """A value as a refusal names it: 'account' of measure 4.3 (of measures entry N when it has no ID)."""
    ident = entry.get("id") if isinstance(entry, dict) else None
    measure = (
        _("measure {id}").format(id=ident)
        if isinstance(ident, str) and ident
        else _("measures entry {n}").format(n=number)
    )
    return _("'{field}' of {measure}").format(field=field, measure=measure)

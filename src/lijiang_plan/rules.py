"""The report checker's rules: a stable name, a level and a meaning for each.

Names are an interface: users select and ignore them (--select/--ignore), CI
logs and SARIF dashboards quote them, golden files pin them. Never rename one;
add a new rule instead. The README's rule table is this table
(tests keep the two in step).
"""

from __future__ import annotations

from typing import NamedTuple

from lijiang_plan.findings import Finding, Level


class Rule(NamedTuple):
    level: Level
    meaning: str


ERROR: Level = "error"
WARNING: Level = "warning"

#: Rule name -> level and meaning, in the order a report is checked.
RULES: dict[str, Rule] = {
    # Reading the file (yamlsource)
    "io-error": Rule(
        ERROR,
        "the file cannot be read: permissions, a broken link or a link loop, a directory that cannot be listed, a FIFO or device",
    ),
    "encoding": Rule(ERROR, "the file is not UTF-8 text (GBK, UTF-16 or binary); save it as UTF-8"),
    "yaml-syntax": Rule(
        ERROR, "the file is not valid YAML, holds several documents, uses merge keys or holds control characters"
    ),
    "duplicate-key": Rule(ERROR, "a key appears twice in the same mapping"),
    "yaml-tag": Rule(ERROR, "a YAML tag (!!python/..., !foo) where plain values belong"),
    "too-complex": Rule(ERROR, "aliases or nesting expand far beyond any report"),
    "too-large": Rule(ERROR, "the file is larger than 5 MiB, or a workbook unpacks to more than 16 MiB (a zip bomb)"),
    # Reading a workbook (xlsxsource, reports.workbook)
    "not-a-workbook": Rule(
        ERROR, "a .xlsx/.xlsm/.xls file that is not an Excel workbook: not a zip, an old .xls, damaged"
    ),
    "encrypted": Rule(ERROR, "the workbook is password-protected (encrypted); it cannot be read"),
    "macros": Rule(ERROR, "a macro-enabled workbook (.xlsm, or one holding VBA code); send an .xlsx"),
    "no-report-sheet": Rule(ERROR, "no sheet of the workbook is laid out as a report (no ID/编号 header row)"),
    "extra-sheet": Rule(ERROR, "a sheet besides the report and its instructions (its content would be ignored)"),
    "formula": Rule(ERROR, "a formula where a value belongs; formulas are never evaluated"),
    "merged-cells": Rule(ERROR, "merged cells in the report sheet (only the first cell keeps a value)"),
    "hidden-cells": Rule(ERROR, "hidden rows or columns in the report sheet (what is hidden is still read)"),
    # The report's shape (report.Report)
    "not-a-report": Rule(ERROR, "the file is empty or is not a mapping of report fields"),
    "missing-field": Rule(
        ERROR, "a required field (unit, period, submitted, measures; id, status, account) is missing or empty"
    ),
    "unknown-field": Rule(ERROR, "a field the report format does not have (often a typo)"),
    "wrong-type": Rule(
        ERROR,
        "a value of the wrong type: a number where text belongs (an ID a spreadsheet stored as a number), a list where a mapping does",
    ),
    "invalid-value": Rule(
        ERROR,
        "a status that is not one of ongoing, completed, not-started, not-applicable; a figure that is not a number",
    ),
    "normalized": Rule(
        WARNING,
        "an ID, period or date written with full-width characters, spaces or invisible characters; read as its ASCII form",
    ),
    # Against the plan
    "unknown-unit": Rule(ERROR, "the unit is not in the unit registry"),
    "not-a-reporter": Rule(ERROR, "the unit does not send reports (the municipal office receives them)"),
    "bad-period": Rule(ERROR, "the period is not YEAR-H1/YEAR-H2 or lies outside the plan's years 2021–2030"),
    "bad-date": Rule(
        ERROR, "the submission date is not a real date written YYYY-MM-DD (in a workbook: a date cell, or such text)"
    ),
    "late": Rule(
        WARNING,
        "submitted after the period's due date (20 June, 20 December; the due day itself is on time; "
        "never for 2021, whose due days came before the plan was issued)",
    ),
    "early": Rule(WARNING, "submitted before the period it reports on began"),
    "unknown-measure": Rule(ERROR, "a measure ID the plan does not have"),
    "not-a-leaf": Rule(ERROR, "a section or item ID where a leaf measure belongs"),
    "duplicate-measure": Rule(ERROR, "the same measure reported twice"),
    "not-involved": Rule(WARNING, "a measure the unit neither leads nor cooperates on (a mistyped ID?)"),
    "missing-lead": Rule(ERROR, "a measure the unit leads is not reported"),
    "missing-measure": Rule(
        ERROR, "a county office's report leaves out a measure (county offices report on all of them)"
    ),
    "missing-cooperate": Rule(WARNING, "a measure the unit cooperates on is not reported"),
    "empty-account": Rule(ERROR, "a measure's account of what was done is empty"),
    "missing-reason": Rule(ERROR, "status not-applicable without a reason"),
}


def finding(path: str, position: tuple[int, int], rule: str, message: str, cell: str = "") -> Finding:
    """A finding at ``position`` (a workbook's: at ``cell``) with the rule's level (a KeyError names an unlisted rule)."""
    return Finding(path, position[0], position[1], rule, RULES[rule].level, message, cell)

"""Every rule lplan reports, in one registry: its name, level, phase, meaning, help and messages.

A rule is one unit. Each `Rule` carries its stable name (users select and
ignore it, CI logs and SARIF dashboards quote it, golden files pin it: never
rename one, add a new rule instead), its level, the phase that finds it, whether
--select/--ignore may hide it, whether it stops `lplan convert`, a one-line
meaning (the rule reference, docs/reference/rules.md, and `lplan check
--list-rules`), a longer help
(SARIF), and its message templates.

What lives here and what does not:

* Every sentence a finding says is a template in its rule's ``messages``,
  under a key, with named placeholders, as a plain literal string, so that a
  translator sees each sentence once and can reorder it. The module that finds
  the problem fills one in with ``message(name, key, **fields)``. A few
  templates are clauses that a module appends to a sentence of the same rule
  (``id-example``, ``leading-zero``): they are kept as their own keys so that
  the translations stay what they were.
* The words that go *into* a placeholder stay with the module that composes
  them, as ``_()``/``N_()`` vocabulary: how a place is named ("measure {id}",
  "row {n}"), what a value is ("a number", "text"), what kind of file it looks
  like ("a PDF document"), the hint for a field or a syntax error, the OS's
  reason and its fix. They are not sentences of a rule, and several rules use
  them.

Rule names are typed: `ReportRuleName` and `PlanRuleName` list them (a test
keeps them equal to the keys of `RULES` and `PLAN_RULES`), and `message`,
`finding` and the problems the file readers raise take a `RuleName`, so mypy
rejects a misspelt name at any call site, while a plain string literal still
works. Each rule says which modules report it (``emitted_by``); a test reads
those modules and keeps the field true.

`RULES` are the report checker's (in the order a report is checked);
`PLAN_RULES` are plan validation's (`lplan validate`, plan/build.py), which
also reports the reading rules of `RULES` for plan files.

Where to add a rule: its name in `ReportRuleName` (or `PlanRuleName`), one
`Rule` entry here (level, phase, meaning and its message templates), emitted
from the one module that finds it; then `python scripts/gen_reference.py` (a
test keeps the rule reference in step) and a golden example under
examples/reports/ or tests/corpus/.
"""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

from lijiang_plan.findings import Finding, Level
from lijiang_plan.i18n import gettext

#: Phases, in the order a report is checked.
READ, WORKBOOK, SHAPE, PLAN, PLAN_DATA = "read", "workbook", "shape", "plan", "plan-data"

#: The report checker's rule names, in `RULES`' order.
ReportRuleName = Literal[
    "io-error",
    "encoding",
    "yaml-syntax",
    "duplicate-key",
    "yaml-tag",
    "too-complex",
    "too-large",
    "unsupported-format",
    "not-a-workbook",
    "encrypted",
    "macros",
    "no-report-sheet",
    "extra-sheet",
    "formula",
    "merged-cells",
    "hidden-cells",
    "not-a-report",
    "missing-field",
    "unknown-field",
    "wrong-type",
    "invalid-value",
    "normalized",
    "unknown-unit",
    "unit-matched",
    "not-a-reporter",
    "bad-period",
    "bad-date",
    "late",
    "future-date",
    "early",
    "unknown-measure",
    "not-a-leaf",
    "duplicate-measure",
    "not-involved",
    "missing-lead",
    "missing-measure",
    "missing-cooperate",
    "empty-account",
    "missing-reason",
]
#: Plan validation's rule names, in `PLAN_RULES`' order.
PlanRuleName = Literal[
    "plan-file",
    "plan-schema",
    "plan-id",
    "plan-count",
    "unit-duplicate",
    "unit-script",
    "unit-ambiguous",
    "unit-unknown",
    "source-mismatch",
    "source-order",
    "source-missing",
]
#: Any rule's name: what `message` and `finding` take, so that mypy rejects a misspelt one.
RuleName = Literal[ReportRuleName, PlanRuleName]


class Rule(NamedTuple):
    """One rule: what it is, who finds it, what it says."""

    level: Level
    meaning: str
    phase: str = PLAN
    ignorable: bool = True  # False: --select/--ignore never hide it, so a broken file cannot pass
    emitted_by: tuple[str, ...] = ()  # the modules that report it (a test reads them to keep this true)
    messages: dict[str, str] = {}  # key -> template with {named} placeholders
    details: str = ""  # longer help than the meaning, if any
    blocks_conversion: bool = False  # True: the data is not all there, so `lplan convert` refuses the file

    @property
    def text(self) -> str:
        """The meaning, in the interface language."""
        return gettext(self.meaning)

    @property
    def help(self) -> str:
        """The long help SARIF shows: the details, or the meaning as a sentence (in the interface language)."""
        if self.details:
            return gettext(self.details)
        meaning = self.text
        return gettext("{meaning}.").format(meaning=meaning[:1].upper() + meaning[1:])


ERROR: Level = "error"
WARNING: Level = "warning"

#: The report checker's rules, in the order a report is checked.
RULES: dict[str, Rule] = {
    "io-error": Rule(
        ERROR,
        "the file cannot be read: permissions, a broken link or a link loop, a directory that cannot be listed, a FIFO or device",
        phase=READ,
        ignorable=False,
        emitted_by=("reports/load", "reports/discover"),
        messages={
            "not-regular": "this is {kind}, not a report file; it was not read (lplan reads regular files only): move it out of the way",
            "unreadable": "cannot read the file ({reason}): {fix}",
            "directory-loop": "symbolic link loop: this link points at '{target}', a directory that contains it; its reports are checked once, under their own path: remove the link",
            "unlistable": "cannot list this directory ({reason}); the reports in it were not checked: {fix}",
            "directory": "this is a directory, not a report file; name the directory to check the reports in it",
            "broken-link": "broken symbolic link: it points at '{target}', which does not exist; fix or remove the link",
            "link-loop": "symbolic link loop: this link points at '{target}', which leads back to itself, never to a file; fix or remove the link",
            "loop": "symbolic link loop: this link leads back to itself, never to a file; fix or remove the link",
        },
        details=(
            "lplan could not open the file: it is not readable for the user running lplan, a symbolic link "
            "that is broken or loops, a directory that cannot be listed, or a FIFO, device or socket (never "
            "opened, so nothing blocks). Make the file readable (chmod a+r), fix or remove the link, or move "
            "the file out of the reports folder."
        ),
        blocks_conversion=True,
    ),
    "encoding": Rule(
        ERROR,
        "the file is not UTF-8 text (GBK, UTF-16 or binary); save it as UTF-8",
        phase=READ,
        ignorable=False,
        emitted_by=("files/yamlsource",),
        messages={
            "default": "file is not UTF-8 text; save it as UTF-8 (Save As, Encoding: UTF-8)",
            "utf-16": "file is UTF-16 text; save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
            "binary": "file is binary data, not YAML text; is it the right file?",
            "binary-kind": "file is {kind}, not YAML text; is it the right file?",
            "workbook": "file is an Excel workbook with a YAML name; name it .xlsx (lplan reads a file as a workbook by its name)",
            "opendocument": "file is an OpenDocument spreadsheet (.ods, from WPS or LibreOffice), not YAML text; save it as Excel Workbook (.xlsx) and send that",
            "old-office": "file is an old Office file (.xls or .doc), not YAML text; save it as Excel Workbook (.xlsx) and send that",
            "cut-off": "file ends in the middle of a character: it looks cut off; save or copy the whole file again",
            "gbk": "file looks like GBK/GB18030 text; save it as UTF-8 (Save As, Encoding: UTF-8)",
        },
        details=(
            "Reports are UTF-8 text. A file saved as GBK/GB18030 (the default of Chinese Windows editors), "
            "UTF-16, or binary data cannot be read. Open it in the editor and save it again with Encoding: "
            "UTF-8."
        ),
        blocks_conversion=True,
    ),
    "yaml-syntax": Rule(
        ERROR,
        "the file is not valid YAML, holds several documents, uses merge keys or holds control characters",
        phase=READ,
        ignorable=False,
        emitted_by=("files/yamlsource",),
        messages={
            "default": "YAML syntax error: {problem}; {hint}",
            "tab": "a tab where YAML needs spaces; indent with spaces, not tabs",
            "yaml-only-break": "an invisible {character} here, which YAML reads as a line break (the line continues after it as a new line); delete it, or retype the line",
            "control": "the file holds an invisible control character ({code}) that YAML does not allow; delete it (retype the line if you cannot see it)",
            "other": "YAML error: {error}",
            "documents": "file holds more than one YAML document (a second '---'); keep one report per file",
            "alias": "alias '*{name}' names no anchor",
            "event": "unexpected {event}",
            "key": "a key must be a plain name, not a list or mapping",
            "merge": "merge keys ('<<') are not supported; write the fields out",
            "culprit": "YAML syntax error: {problem}; the cause is most likely {character} here, {fix}",
            "long-key": "the name before ':' on this line is {count} characters long, and YAML allows at most {limit} in a name (so it reads as if the ':' were missing); if this is text, write it as a value, after 'account: ', in quotes",
            "long-number": "a number {count} digits long ('{start}…') is far too long for a report; check it",
        },
        details=(
            "The file is not valid YAML: a quote or bracket never closed, a ': ' inside an unquoted value, a "
            "line indented differently from its neighbours, a tab in the indentation, several documents (a "
            "second '---'), merge keys, or an invisible control character. The message names the place and "
            "the likely fix; quoting long text usually solves it."
        ),
        blocks_conversion=True,
    ),
    "duplicate-key": Rule(
        ERROR,
        "a key appears twice in the same mapping",
        phase=READ,
        ignorable=False,
        emitted_by=("files/yamlsource", "reports/workbook"),
        messages={
            "default": "key '{key}' appears twice in the same mapping; keep one",
            "first-at": "key '{key}' appears twice in the same mapping (first at line {line}); keep one",
            "label": "'{label}' appears twice (first in row {row}); keep one",
            "column": "column '{header}' appears twice (the table has {columns}); its values are not read: fix the header or clear the column",
            "figure": "{what}: '{label}' appears twice; keep one",
        },
        details=(
            "The same key appears twice in one mapping (two 'status:' lines in one measure, two 'unit:' "
            "lines). YAML would silently keep only one of them; keep the one you mean and delete the other."
        ),
        blocks_conversion=True,
    ),
    "yaml-tag": Rule(
        ERROR,
        "a YAML tag (!!python/..., !foo) where plain values belong",
        phase=READ,
        ignorable=False,
        emitted_by=("files/yamlsource",),
        messages={
            "default": "YAML tag '{tag}' is not allowed; remove it and write plain values",
        },
        details=(
            "A YAML tag (!!python/object, !!binary, !foo) asks a YAML reader to build something other than "
            "plain text, numbers and lists. Reports hold plain values only; remove the tag."
        ),
        blocks_conversion=True,
    ),
    "too-complex": Rule(
        ERROR,
        "aliases or nesting expand far beyond any report, or a workbook's table runs far past one",
        phase=READ,
        ignorable=False,
        emitted_by=("files/yamlsource", "files/xlsxsource", "reports/workbook"),
        messages={
            "deep": "file is nested too deeply to be a report",
            "depth": "file is nested more than {depth} levels deep",
            "aliases": "file expands to more than {limit} values through aliases (*name); write the report out plainly",
            "values": "file holds more than {limit} values, far more than any report; is it the right file?",
            "rows": "the table runs on for more than {limit} rows below its header, far more than any report (one row per measure); only those rows are read: is this the right sheet?",
            "part": "the workbook part {part} holds more than {limit} elements, far more than any report's; is it the right file?",
            "sheet": "sheet '{sheet}' holds more than {limit} {what}, far more than any report; only the first {limit} are read: is this the right workbook? (a report is one row per measure, with no merged or hidden cells)",
        },
        details=(
            "Aliases (*name) or nesting make the file expand far beyond any report (an alias bomb): write "
            "the report out plainly, without anchors and aliases. In a workbook, the report table runs on for "
            "more than 5,000 rows (a report has one row per measure): only the first 5,000 are read; check "
            "that the sheet is the report."
        ),
        blocks_conversion=True,
    ),
    "too-large": Rule(
        ERROR,
        "the file is larger than 5 MiB, or a workbook unpacks to more than 16 MiB (a zip bomb)",
        phase=READ,
        ignorable=False,
        emitted_by=("reports/load", "files/yamlsource", "files/xlsxsource"),
        messages={
            "default": "file is {size} bytes; a report is far smaller (limit {limit}); is it the right file?",
            "text": "file is {size} bytes; a report is far smaller (limit {limit})",
            "parts": "the workbook has {count} parts; a report has a few dozen",
            "unpacked": "the workbook unpacks to {size} bytes (limit {limit}); a report is far smaller: is it the right file?",
        },
        details=(
            "A report is a few kilobytes. A file over 5 MiB, or a workbook that unpacks to more than 16 MiB, "
            "is almost certainly the wrong file (or a zip bomb) and is not read."
        ),
        blocks_conversion=True,
    ),
    "unsupported-format": Rule(
        ERROR,
        "a file in a format lplan does not read (.ods, .csv, .docx, .pdf, .txt, …); save the report as .xlsx",
        phase=READ,
        ignorable=False,
        emitted_by=("reports/load",),
        messages={
            "default": "{kind} is not a format lplan reads; save it as .xlsx (File → Save As → Excel Workbook) and send it again",
            "text": "{kind} is not a format lplan reads; save it as .xlsx (File → Save As → Excel Workbook), or write the report as .yaml, and send it again",
            "archive": "{kind} is not a format lplan reads: unpack it into the reports folder, so that each report is checked on its own (as .xlsx or .yaml)",
        },
        details=(
            "lplan reads reports as Excel workbooks (.xlsx) and YAML files (.yaml, .yml). A file in any other "
            "format (an OpenDocument or WPS spreadsheet, a CSV file, a Word, WPS or PDF document, a text file, an "
            "image, an archive) is listed with this error, so that nothing in a reports folder goes uncounted: "
            "'lplan summary' counts it as its unit's unreadable report when its name (or, for a CSV or text file, "
            "its unit line) tells the unit. Open it and save it as an Excel Workbook (.xlsx), then send that."
        ),
    ),
    "not-a-workbook": Rule(
        ERROR,
        "a .xlsx/.xlsm/.xls file that is not an Excel workbook: not a zip, an old .xls, damaged",
        phase=WORKBOOK,
        ignorable=False,
        emitted_by=("files/xlsxsource",),
        messages={
            "old-office": "this is an Excel 97-2003 workbook (.xls) or another old Office file; open it and save it as Excel Workbook (.xlsx)",
            "cut-off": "the workbook is damaged or cut off; open it in Excel, save it again and resend it",
            "damaged": "the workbook is damaged (a part cannot be read); open it in Excel, save it again and resend it",
            "empty": "the file is empty, not an Excel workbook (.xlsx)",
            "looks-like": "the file is {kind}, not an Excel workbook (.xlsx); open it in Excel and save it as Excel Workbook (.xlsx)",
            "zip": "the file is {kind}, not an Excel workbook (.xlsx)",
            "opendocument": "the file is an OpenDocument file (WPS or LibreOffice), not an Excel workbook (.xlsx); save it as Excel Workbook (.xlsx)",
            "duplicate-part": "the workbook holds two parts named {part}, which programs read differently (one takes the first, another the last); open it in Excel, save it again and resend it",
        },
        details=(
            "The file has a workbook suffix (.xlsx, .xlsm, .xls) but is not an Excel workbook lplan can "
            "read: not a zip archive, an old binary .xls, or damaged. Save it again from Excel or WPS as an "
            ".xlsx workbook."
        ),
        blocks_conversion=True,
    ),
    "encrypted": Rule(
        ERROR,
        "the workbook is password-protected (encrypted); it cannot be read",
        phase=WORKBOOK,
        ignorable=False,
        emitted_by=("files/xlsxsource",),
        messages={
            "default": "the workbook is password-protected (encrypted) and cannot be read; open it, remove the password (File → Info → Protect Workbook), save and send it again",
            "parts": "parts of the zip are encrypted; save the workbook without a password",
        },
        details=(
            "A password-protected workbook cannot be read. Remove the password (File, Info, Protect Workbook "
            "in Excel) and send it again."
        ),
        blocks_conversion=True,
    ),
    "macros": Rule(
        ERROR,
        "a macro-enabled workbook (.xlsm, or one holding VBA code or Excel 4.0 macro sheets); send an .xlsx",
        phase=WORKBOOK,
        emitted_by=("reports/workbook",),
        messages={
            "default": "the workbook holds macros (VBA code); lplan never runs them, but a report is sent as Excel Workbook (.xlsx): save it as .xlsx and send that",
            "excel4": "the workbook holds Excel 4.0 macros (a macro sheet, which can run when the workbook opens); lplan never runs them: copy the report sheet's rows into a new workbook made with lplan template and send that",
        },
        details=(
            "Macro-enabled workbooks can run code when opened; reports must not. Save the workbook as a "
            "plain .xlsx workbook."
        ),
        blocks_conversion=True,
    ),
    "no-report-sheet": Rule(
        ERROR,
        "no sheet of the workbook is laid out as a report (no ID/编号 header row)",
        phase=WORKBOOK,
        ignorable=False,
        emitted_by=("reports/workbook",),
        messages={
            "default": "no sheet holds a report: the report sheet ({sheets}) has the header {header} above one row per measure; make the workbook with: lplan template --unit UNIT --period PERIOD -o FILE.xlsx",
            "no-sheets": "the workbook has no sheets",
        },
        details=(
            "No sheet has the report's header row (ID/编号 …). Start from a workbook made by 'lplan template "
            "--format xlsx' and fill it in without moving its header."
        ),
        blocks_conversion=True,
    ),
    "extra-sheet": Rule(
        ERROR,
        "a sheet besides the report and its instructions (its content would be ignored)",
        phase=WORKBOOK,
        emitted_by=("reports/workbook",),
        messages={
            "default": "extra sheet '{sheet}': lplan reads only the report sheet '{report}', so anything here would be lost; move what belongs in the report into it, then delete this sheet",
            "hidden": "extra hidden sheet '{sheet}': lplan reads only the report sheet '{report}', so anything here would be lost; unhide it (right-click a sheet tab → Unhide), move what belongs in the report into it, then delete this sheet",
            "chart": "extra chart sheet '{sheet}': lplan reads only the report sheet '{report}'; delete this sheet",
            "very-hidden": "extra very hidden sheet '{sheet}': lplan reads only the report sheet '{report}', so anything here would be lost; a very hidden sheet cannot be unhidden from Excel's menus (a macro or another program hid it): copy the report sheet's rows into a new workbook made with lplan template and send that",
        },
        details=(
            "A sheet besides the report and its instructions would be ignored, so whatever it holds would be "
            "lost. Move its content into the report sheet or delete the sheet."
        ),
        blocks_conversion=True,
    ),
    "formula": Rule(
        ERROR,
        "a formula where a value belongs; formulas are never evaluated",
        phase=WORKBOOK,
        emitted_by=("reports/workbook",),
        messages={
            "default": "{cell} holds the formula {formula}; lplan never evaluates formulas, so the value is not read: type the text itself (or copy the cell and Paste Special → Values)",
            "date": "{cell} holds the formula {formula}; lplan never evaluates formulas, so the value is not read: type the date itself, e.g. 2025-06-18 (or copy the cell and Paste Special → Values)",
            "id": "{cell} holds the formula {formula}; lplan never evaluates formulas, so the value is not read: type the measure's ID as text (or copy the cell and Paste Special → Values)",
            "figures": "{cell} holds the formula {formula}; lplan never evaluates formulas, so the value is not read: type the numbers themselves, 'label: number' (or copy the cell and Paste Special → Values)",
        },
        details=(
            "A cell holds a formula where a value belongs. Formulas are never evaluated; type the value "
            "itself (copy, then paste as values)."
        ),
        blocks_conversion=True,
    ),
    "merged-cells": Rule(
        ERROR,
        "merged cells in the report sheet (only the first cell keeps a value)",
        phase=WORKBOOK,
        emitted_by=("reports/workbook",),
        messages={
            "default": "cells {first}:{last} are merged; a merged cell keeps its value in {first} only: unmerge them (Home → Merge & Center) and give each row its own values",
        },
        details=(
            "Merged cells keep a value only in their first cell, so the others read as empty. Unmerge the "
            "cells and fill in each one."
        ),
        blocks_conversion=True,
    ),
    "hidden-cells": Rule(
        ERROR,
        "a hidden report sheet, or hidden rows or columns in it (what is hidden is still read)",
        phase=WORKBOOK,
        emitted_by=("reports/workbook",),
        messages={
            "row": "row {row} is hidden but holds values, which are read as if shown; unhide it (select the rows around it, right-click → Unhide) and check it",
            "column": "column {column} is hidden but holds values, which are read as if shown; unhide it (right-click the column headers → Unhide) and check it",
            "sheet": "the report sheet '{sheet}' is hidden, and what it holds is read as if shown; unhide it (right-click a sheet tab → Unhide) and check it",
            "very-hidden-sheet": "the report sheet '{sheet}' is very hidden (a macro or another program hid it; Excel's menus cannot unhide it), and what it holds is read as if shown; copy its rows into a new workbook made with lplan template and send that",
        },
        details=(
            "Hidden rows or columns are still read, so what cannot be seen would be reported. Unhide them "
            "and check what they hold."
        ),
        blocks_conversion=True,
    ),
    "not-a-report": Rule(
        ERROR,
        "the file is empty or is not a mapping of report fields",
        phase=SHAPE,
        ignorable=False,
        emitted_by=("reports/load",),
        messages={
            "empty": "the file is empty (no data, only comments or blank lines); a report has unit, period, submitted and measures",
            "kind": "the file is {kind}, not a mapping of fields; a report has unit, period, submitted and measures",
        },
        details=(
            "The file is empty, or holds a list or a single value instead of the report's fields. A report "
            "is a mapping with unit, period, submitted and measures; start from 'lplan template'."
        ),
        blocks_conversion=True,
    ),
    "missing-field": Rule(
        ERROR,
        "a required field (unit, period, submitted, measures; id, status, account) is missing or empty",
        phase=SHAPE,
        emitted_by=("reports/load", "reports/workbook"),
        messages={
            "blank": "'{field}' is empty; {hint}",
            "default": "missing required field '{field}'",
            "in": "missing required field '{field}' in {where}",
            "empty": "{where} is empty; {hint}",
            "column": "the table has no column {column} in row {row}; add it (or make the workbook again with lplan template)",
        },
        details=(
            "A required field is missing or empty: unit, period, submitted and measures in the report, and "
            "id, status and account in each measure. Fill it in; the message says what belongs there."
        ),
    ),
    "unknown-field": Rule(
        ERROR,
        "a field the report format does not have (often a typo)",
        phase=SHAPE,
        emitted_by=("reports/load", "reports/workbook"),
        messages={
            "default": "unknown field '{name}'; {hint}",
            "in": "unknown field '{name}' in {where}; {hint}",
            "key-type": "{problem} (YAML read the name as {kind}, not text)",
            "label": "'{label}' is not a field of the report (it has {fields}); fix or clear the row",
            "column": "column '{header}' is not a column of the report (the table has {columns}); its values are not read: fix the header or clear the column",
        },
        details=(
            "A field the report format does not have, usually a typo (stauts, acount). It is not read. "
            "Correct the name; the message suggests the field meant."
        ),
        blocks_conversion=True,
    ),
    "wrong-type": Rule(
        ERROR,
        "a value of the wrong type: a number where text belongs (an ID a spreadsheet stored as a number), a list where a mapping does",
        phase=SHAPE,
        emitted_by=("reports/load", "reports/workbook"),
        messages={
            "default": "{where} must be {expected}, but is {kind} {value}",
            "collection": "{where} must be {expected}, but is {kind}",
            "hint": "{message}; {hint}",
            "yaml-text": "{where} must be text, but YAML read it as {read_as}; put the value in quotes exactly as intended",
            "id-example": ', e.g. id: "3.1"',
            "leading-zero": " so a leading 0 is kept",
            "cell-yes-no": "{where} must be text, but the cell holds the yes/no value {value}; format the cell as Text and type it again",
            "cell-number": "{where} must be text, but the cell holds the number {number}; format the cell as Text and type it again",
            "cell-leading-zero": " (so that a leading 0 is kept)",
            "error-value": "{what} holds the error value {value}; type the value itself",
            "id-decimal": "the measure ID in {cell} is the number {number}, not text: a spreadsheet stores {number} and {number}0 as the same number, so the measure meant ('{number}' or '{number}0') cannot be told; format the cell as Text and type the ID again, or type it with a leading apostrophe ('{number})",
            "id-number": "the measure ID in {cell} is the number {number}, not text: a measure ID is text; format the cell as Text and type the ID again, or type it with a leading apostrophe ('{number})",
        },
        details=(
            "A value of the wrong type: a number where text belongs (write IDs and phone numbers in quotes), "
            "a list where a mapping belongs, or the reverse."
        ),
        blocks_conversion=True,
    ),
    "invalid-value": Rule(
        ERROR,
        "a status that is not one of ongoing, completed, not-started, not-applicable; a figure that is not a number",
        phase=SHAPE,
        emitted_by=("reports/load", "reports/workbook"),
        messages={
            "default": "{where} is {value}: {reason}",
            "status": "{where} is {value}, not one of {accepted}",
            "did-you-mean": "{message}; did you mean '{meant}'?",
            "unholdable": "{where} holds {character}, a character no workbook or document can hold (it was written as an escape such as \\uFFFE); delete it",
            "bare-number": "{what} is the bare number {value}; write one 'label: number' per line, e.g. 宣传活动场次: 12",
            "not-label-number": "{what}: '{text}' is not 'label: number'; write one 'label: number' per line, e.g. 宣传活动场次: 12",
        },
        details=(
            "A status that is not one of ongoing, completed, not-started, not-applicable (or their Chinese "
            "words 进行中, 已完成, 未开始, 不适用), or a figure that is not a non-negative number. Put units and words "
            "in the figure's label, not its value."
        ),
        blocks_conversion=True,
    ),
    "normalized": Rule(
        WARNING,
        "an ID, period or date written with full-width characters, spaces or invisible characters; read as its ASCII form",
        phase=SHAPE,
        emitted_by=("reports/load",),
        messages={
            "invisible": "{what} '{value}' holds {character}, which cannot be seen; read as '{plain}' (delete it)",
            "full-width": "{what} '{value}' is written with full-width characters; read as '{plain}' (type it as '{plain}')",
            "spaces": "{what} '{value}' is written with spaces around it; read as '{plain}' (type it as '{plain}')",
        },
        details=(
            "An ID, the period or the date typed with full-width characters (２．３．１), spaces around it, or "
            "invisible characters (a zero-width or no-break space). lplan reads it as its ASCII form and "
            "says so; retype it as shown. With --strict this warning fails the check."
        ),
    ),
    "unknown-unit": Rule(
        ERROR,
        "the unit is not in the unit registry",
        phase=PLAN,
        emitted_by=("reports/check",),
        messages={
            "default": "unit '{unit}' is not in the unit registry: {hint}",
            "file-name": "unit '{unit}' is not in the unit registry: {hint} (the file name names {name}: write that, if it is meant)",
            "invisible": "unit '{unit}' holds {character}, which cannot be seen; delete it",
            "invisible-meant": "unit '{unit}' holds {character}, which cannot be seen; delete it (without it, the unit is {meant})",
        },
        details=(
            "The unit named is not in the unit registry. Any name the plan uses works, in simplified or "
            "traditional characters, with or without 丽江, or a short form or ID; see 'lplan units'. The "
            "message suggests the nearest names and names any invisible character."
        ),
    ),
    "unit-matched": Rule(
        WARNING,
        "the unit is no name in the unit registry, but fits exactly one reporting unit (教育局: 市教育体育局); read as that unit",
        phase=PLAN,
        emitted_by=("reports/check",),
        messages={
            "close": "unit '{unit}' is no name in the unit registry; read as {name}, the one reporting unit it fits: write {name}",
        },
        details=(
            "The unit field is in no entry of the unit registry, but it fits exactly one reporting unit: it is an "
            "abbreviation of that unit's name (教育局 for 市教育体育局, 外办 for 市外事办公室) or holds the name "
            "whole (市公安局（盖章）). The report is checked, and counted by 'lplan summary', as that unit's; write "
            "the unit's name as the message gives it. A name that fits two units, or a typo, is an unknown-unit "
            "error instead. With --strict this warning fails the check."
        ),
    ),
    "not-a-reporter": Rule(
        ERROR,
        "the unit does not send reports (the municipal office receives them)",
        phase=PLAN,
        emitted_by=("reports/check",),
        messages={
            "group": "{name} is a group, not a unit; each of its members sends its own report",
            "recipient": "{name} receives these reports and does not send one; the unit is the member unit or county (district) office reporting",
        },
        details=(
            "The unit does not send the semiannual report: the municipal anti-trafficking office receives "
            "the reports, and a group (every member unit of the joint meeting) reports through its members. "
            "Write the reporting unit's own name."
        ),
    ),
    "bad-period": Rule(
        ERROR,
        "the period is not YEAR-H1/YEAR-H2 (or 2025年上半年/下半年) or lies outside the plan's years 2021–2030",
        phase=PLAN,
        emitted_by=("reports/check",),
        messages={
            "default": "{reason}",  # the sentence of plan.deadlines.BadPeriod
            "dash": "period '{period}' holds {character}, which looks like '-' but is not; type it as {fixed}",
        },
        details=(
            "The period is YEAR-H1 (January to June, due 20 June) or YEAR-H2 (July to December, due 20 "
            "December), within the plan's years 2021–2030, e.g. 2025-H1; 2025年上半年 and 2025年下半年 are read "
            "as the same. The message names the period most likely meant."
        ),
    ),
    "bad-date": Rule(
        ERROR,
        "the submission date is not a real date written YYYY-MM-DD (in a workbook: a date cell, or such text)",
        phase=PLAN,
        emitted_by=("reports/check", "reports/workbook"),
        messages={
            "no-such-day": "submitted '{date}' is not a day of the calendar ({reason}); check the month and day",
            "spelled": "submitted '{date}' is not a date written YYYY-MM-DD (write it as {fixed})",
            "layout": "submitted '{date}' is not a date written YYYY-MM-DD (e.g. 2025-06-18)",
            "serial-day": "submitted in {cell} is the number {number}, which is how a spreadsheet stores {day} when the cell lost its date format; format the cell as a date, or type {day} as text",
            "serial": "submitted in {cell} is the number {number}, not a date; type the date, e.g. 2025-06-18",
            "cell-time": "submitted in {cell} is the time of day {value}, with no date; type the date, e.g. 2025-06-18",
            "cell-overflow": "submitted in {cell} is a date the spreadsheet cannot show ({value}: before 1900 or after 9999); type the date, e.g. 2025-06-18",
            "cell-no-such-day": "submitted in {cell} ({value}) is not a day of the calendar; type the date, e.g. 2025-06-18",
        },
        details=(
            "The submission date is written YYYY-MM-DD and must be a real day of the calendar (2025-06-18, "
            "not 2025-6-18, 2025年6月18日 or 2025-02-30)."
        ),
    ),
    "late": Rule(
        WARNING,
        "submitted after the period's due date (20 June, 20 December; the due day itself is on time; never for 2021, whose due days came before the plan was issued)",
        phase=PLAN,
        emitted_by=("reports/check",),
        messages={
            "default": "submitted {day}, after {period}'s due date {due} ({days} day(s) late)",
            "year": "submitted {day}, after {period}'s due date {due} ({days} day(s) late): so long after it, check "
            "the year; a date typed without its year (12月18日) is stored as the year it was typed in (meant {meant}?)",
        },
        details=(
            "The report was submitted after its period's due date: 20 June for H1, 20 December for H2; a "
            "report sent on the due day is on time. The due days of 2021 came before the plan was issued "
            "(2022-04-20), so no 2021 report is late. A warning; --strict makes it fail."
        ),
    ),
    "future-date": Rule(
        WARNING,
        "submitted after today: a report cannot have been sent on a later day (a date typed without its year?)",
        phase=PLAN,
        emitted_by=("reports/check",),
        messages={
            "default": "submitted {day} is after today ({today}); a report cannot have been sent on a later day: "
            "write the day it is sent",
        },
        details=(
            "The submission date lies after today (the system date, or LPLAN_TODAY). A report is dated the day "
            "it is sent, which cannot be a later day. Often a date was typed without its year (12月18日) and the "
            "spreadsheet stored the year it was typed in, or the date a report is planned to be sent was written "
            "ahead. Checked when the period can be read. A warning; --strict makes it fail."
        ),
    ),
    "early": Rule(
        WARNING,
        "submitted before the period it reports on began",
        phase=PLAN,
        emitted_by=("reports/check",),
        messages={"default": "submitted {day}, before {period} began ({start}); check the period and the date"},
        details=(
            "The submission date lies before the period it reports on began, which usually means a wrong "
            "period or a wrong date. Check both."
        ),
    ),
    "unknown-measure": Rule(
        ERROR,
        "a measure ID the plan does not have",
        phase=PLAN,
        emitted_by=("reports/check",),
        messages={
            "default": "the plan has no measure '{measure}'; {hint}",
            "spelling": "write measure IDs as the plan does: '{measure}' is '{meant}'",
        },
        details=(
            "A measure ID the plan does not have. IDs are positions in chapter 四: (二)3.(1) is 2.3.1, and 3.1 "
            "and 3.10 are different measures. See 'lplan measures' or 'lplan duties UNIT'."
        ),
    ),
    "not-a-leaf": Rule(
        ERROR,
        "a section or item ID where a leaf measure belongs",
        phase=PLAN,
        emitted_by=("reports/check",),
        messages={
            "section": "{measure} is a section with sub-measures, not a measure; report on {leaves} instead",
            "item": "{measure} is an item with sub-measures, not a measure; report on {leaves} instead",
        },
        details=(
            "A section (2) or an item with sub-measures (2.3) where a measure belongs. Report on each of its "
            "measures (2.3.1, 2.3.2, …); the message lists the unit's own."
        ),
    ),
    "duplicate-measure": Rule(
        ERROR,
        "the same measure reported twice",
        phase=PLAN,
        emitted_by=("reports/check",),
        messages={"default": "measure {measure} is reported twice (first at {first}); keep one entry"},
        details=("The same measure is reported twice in one report. Merge the two entries into one."),
    ),
    "not-involved": Rule(
        WARNING,
        "a measure the unit neither leads nor cooperates on (a mistyped ID?)",
        phase=PLAN,
        emitted_by=("reports/check",),
        messages={"default": "{unit} neither leads nor cooperates on measure {measure} ({title}); is the ID right?"},
        details=(
            "The unit neither leads nor cooperates on this measure, which often means a mistyped ID. Check "
            "the ID against 'lplan duties UNIT'; reporting on more than required is allowed."
        ),
    ),
    "missing-lead": Rule(
        ERROR,
        "a measure the unit leads is not reported",
        phase=PLAN,
        emitted_by=("reports/check",),
        messages={
            "default": "measure {measure} ({title}) is not reported; {unit} leads it",
            "via": "measure {measure} ({title}) is not reported; {unit} leads it (as one of {group})",
        },
        details=(
            "A measure the unit leads (负责) is not reported. Every lead unit must report on each of its "
            "measures; add an entry (status not-applicable with a reason if nothing was done)."
        ),
    ),
    "missing-measure": Rule(
        ERROR,
        "a county office's report leaves out a measure (county offices report on all of them)",
        phase=PLAN,
        emitted_by=("reports/check",),
        messages={"default": "measure {measure} ({title}) is not reported; county offices report on every measure"},
        details=(
            "County (district) offices report on every measure of the plan; this report leaves one out. Add "
            "an entry for it."
        ),
    ),
    "missing-cooperate": Rule(
        WARNING,
        "a measure the unit cooperates on is not reported",
        phase=PLAN,
        emitted_by=("reports/check",),
        messages={
            "default": "measure {measure} ({title}) is not reported; {unit} cooperates on it",
            "via": "measure {measure} ({title}) is not reported; {unit} cooperates on it (as one of {group})",
        },
        details=(
            "A measure the unit cooperates on (配合) is not reported. A warning, not an error: the lead units "
            "answer for the measure. --strict makes it fail."
        ),
    ),
    "empty-account": Rule(
        ERROR,
        "a measure's account of what was done is empty",
        phase=SHAPE,
        emitted_by=("reports/load",),
        messages={
            "blank": "the account of {label} is empty; write what was done in the period",
            "empty": "{where} is empty; {hint}",
        },
        details=(
            "A measure's account of what was done in the period is empty. Write what was done; an unfilled "
            "template reports nothing."
        ),
    ),
    "missing-reason": Rule(
        ERROR,
        "status not-applicable without a reason",
        phase=PLAN,
        emitted_by=("reports/check",),
        messages={
            "default": "{label} is not-applicable but gives no reason; add reason: …",
            "workbook": "{label} is not-applicable but gives no reason; write why in its '{column}' cell",
        },
        details=(
            "Status not-applicable needs a reason saying why the measure did not apply in the period. Add "
            "reason: … to the entry."
        ),
    ),
}


def _plan_rule(meaning: str, **fields: Any) -> Rule:
    """A plan validation rule: an error that is never filtered (`lplan validate` has no --select or --ignore)."""
    return Rule(ERROR, meaning, phase=PLAN_DATA, ignorable=False, **fields)


#: Plan validation's rules (`lplan validate`): every finding is an error, and none can be ignored.
PLAN_RULES: dict[str, Rule] = {
    "plan-file": _plan_rule(
        "a plan file or the source text cannot be read",
        emitted_by=("plan/build",),
        messages={
            "not-regular": "not a regular file (a directory, FIFO or device); a plan file must be a regular file",
            "unreadable": "cannot read plan file: {reason}",
            "too-large": "file is {size:,} bytes; plan files are far smaller (limit {limit:,})",
            "source": "cannot read the source text {source}: {reason}",
        },
    ),
    "plan-schema": _plan_rule(
        "a plan file's shape does not match its model (schemas/*.schema.json)",
        emitted_by=("plan/build",),
        messages={"default": "{where}: {reason}"},
    ),
    "plan-id": _plan_rule(
        "an ID that is not its place in the tree, or names no guarantee",
        emitted_by=("plan/build",),
        messages={
            "section": "section {number} has id '{id}'; expected '{expected}'",
            "item": "item has id '{id}'; expected '{expected}'",
            "measure": "measure has id '{id}'; expected '{expected}'",
            "guarantee": "no guarantee '{id}'",
        },
    ),
    "plan-count": _plan_rule(
        "the number of sections or items is not the interpretation's count",
        emitted_by=("plan/build",),
        messages={
            "sections": "{count} sections; plan.yaml says {expected}",
            "items": "{count} items; plan.yaml says {expected}",
        },
    ),
    "unit-duplicate": _plan_rule(
        "two units or groups share an ID",
        emitted_by=("plan/build",),
        messages={"default": "id '{id}' is used twice"},
    ),
    "unit-script": _plan_rule(
        "a unit's simplified name is not the character conversion of its name",
        emitted_by=("plan/build",),
        messages={"default": "simplified form of {name} is '{expected}', not '{simplified}'"},
    ),
    "unit-ambiguous": _plan_rule(
        "a name or short form that would match two units",
        emitted_by=("plan/build",),
        messages={"default": "name '{name}' would match both '{first}' and '{second}'"},
    ),
    "unit-unknown": _plan_rule(
        "a measure names a unit that is not in units.yaml",
        emitted_by=("plan/build",),
        messages={"default": "measure {measure}: unit '{unit}' is not in units.yaml; add it or fix the name"},
    ),
    "source-mismatch": _plan_rule(
        "an encoded text, heading, unit list, date or quote that the source text does not say",
        emitted_by=("plan/build",),
        messages={
            "line": "{what} does not match any line of the source text",
            "quote": "{what}: '{quote}' is not in the source text",
            "title": "title is not the first line of the source text",
            "issued": "issued date is not the date in issued_quote",
            "period": "period is not the years in period_quote",
            "issuer": "issuer is not named in issued_quote",
            "counts": "counts are not the numbers in counts_quote",
            "due": "due date is not '{quote}'",
        },
    ),
    "source-order": _plan_rule(
        "an entry that stands earlier in the source text than the entry before it",
        emitted_by=("plan/build",),
        messages={"default": "{what} stands earlier in the source than the entry before it"},
    ),
    "source-missing": _plan_rule(
        "a line of chapter 四 that no entry encodes",
        emitted_by=("plan/build",),
        messages={"default": "source line {number} of chapter 四 is not encoded: {start}…"},
    ),
}


def rule(name: str) -> Rule:
    """The rule called ``name``, a report rule or a plan rule (KeyError for an unlisted one)."""
    return RULES[name] if name in RULES else PLAN_RULES[name]


def message(name: RuleName, key: str = "default", /, **fields: object) -> str:
    """Rule ``name``'s message ``key`` in the interface language, its placeholders filled with ``fields``.

    The templates are English literals here; the catalog holds their translations
    (`scripts/catalog.py` collects every rule's meaning, details and messages).
    """
    return gettext(rule(name).messages[key]).format(**fields)


def finding(path: str, position: tuple[int, int], name: RuleName, message: str, cell: str = "") -> Finding:
    """A finding at ``position`` (a workbook's: at ``cell``) with the rule's level (a KeyError names an unlisted rule)."""
    return Finding(path, position[0], position[1], name, rule(name).level, message, cell)


#: The rules whose findings mean a report's data is not all there to convert (`lplan convert` refuses it).
BLOCKS_CONVERSION = frozenset(name for name, entry in RULES.items() if entry.blocks_conversion)

"""Every rule lplan reports, in one registry: its name, level, phase, meaning, help and messages.

A rule is one unit. Each `Rule` carries its stable name (users select and
ignore it, CI logs and SARIF dashboards quote it, golden files pin it: never
rename one, add a new rule instead), its level, the phase that finds it, whether
--select/--ignore may hide it, a one-line meaning (the README's rule table and
`lplan check --list-rules`), a longer help (SARIF), and its message templates:
whole sentences with named placeholders, as plain literal strings, so that a
translator sees each sentence once and can reorder it. Each rule is emitted
from exactly one module (`emitted_by`), which formats a template with
`message()`.

`RULES` are the report checker's (in the order a report is checked);
`PLAN_RULES` are plan validation's (`lplan validate`, plan/build.py), which
also reports the reading rules of `RULES` for plan files.

Where to add a rule: one `Rule` entry here (name, level, phase, meaning and
its message templates), emitted from the one module that finds it; then the
README's rule table (a test keeps the two in step) and a golden example under
examples/reports/ or tests/corpus/.
"""

from __future__ import annotations

from typing import NamedTuple

from lijiang_plan.findings import Finding, Level
from lijiang_plan.i18n import gettext

#: Phases, in the order a report is checked.
READ, WORKBOOK, SHAPE, PLAN, PLAN_DATA = "read", "workbook", "shape", "plan", "plan-data"


class Rule(NamedTuple):
    """One rule: what it is, who finds it, what it says."""

    level: Level
    meaning: str
    phase: str = PLAN
    ignorable: bool = True  # False: --select/--ignore never hide it, so a broken file cannot pass
    emitted_by: tuple[str, ...] = ()  # the module that reports it (workbook cells share the shape rules)
    messages: dict[str, str] = {}  # key -> template with {named} placeholders
    details: str = ""  # longer help than the meaning, if any

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
        emitted_by=("reports/load",),
    ),
    "encoding": Rule(
        ERROR,
        "the file is not UTF-8 text (GBK, UTF-16 or binary); save it as UTF-8",
        phase=READ,
        ignorable=False,
        emitted_by=("files/yamlsource",),
    ),
    "yaml-syntax": Rule(
        ERROR,
        "the file is not valid YAML, holds several documents, uses merge keys or holds control characters",
        phase=READ,
        ignorable=False,
        emitted_by=("files/yamlsource",),
    ),
    "duplicate-key": Rule(
        ERROR,
        "a key appears twice in the same mapping",
        phase=READ,
        ignorable=False,
        emitted_by=("files/yamlsource", "reports/workbook"),
    ),
    "yaml-tag": Rule(
        ERROR,
        "a YAML tag (!!python/..., !foo) where plain values belong",
        phase=READ,
        ignorable=False,
        emitted_by=("files/yamlsource",),
    ),
    "too-complex": Rule(
        ERROR,
        "aliases or nesting expand far beyond any report",
        phase=READ,
        ignorable=False,
        emitted_by=("files/yamlsource",),
    ),
    "too-large": Rule(
        ERROR,
        "the file is larger than 5 MiB, or a workbook unpacks to more than 16 MiB (a zip bomb)",
        phase=READ,
        ignorable=False,
        emitted_by=("reports/load", "files/yamlsource", "files/xlsxsource"),
    ),
    "not-a-workbook": Rule(
        ERROR,
        "a .xlsx/.xlsm/.xls file that is not an Excel workbook: not a zip, an old .xls, damaged",
        phase=WORKBOOK,
        ignorable=False,
        emitted_by=("files/xlsxsource",),
    ),
    "encrypted": Rule(
        ERROR,
        "the workbook is password-protected (encrypted); it cannot be read",
        phase=WORKBOOK,
        ignorable=False,
        emitted_by=("files/xlsxsource",),
    ),
    "macros": Rule(
        ERROR,
        "a macro-enabled workbook (.xlsm, or one holding VBA code); send an .xlsx",
        phase=WORKBOOK,
        emitted_by=("reports/workbook",),
    ),
    "no-report-sheet": Rule(
        ERROR,
        "no sheet of the workbook is laid out as a report (no ID/编号 header row)",
        phase=WORKBOOK,
        ignorable=False,
        emitted_by=("reports/workbook",),
    ),
    "extra-sheet": Rule(
        ERROR,
        "a sheet besides the report and its instructions (its content would be ignored)",
        phase=WORKBOOK,
        emitted_by=("reports/workbook",),
    ),
    "formula": Rule(
        ERROR,
        "a formula where a value belongs; formulas are never evaluated",
        phase=WORKBOOK,
        emitted_by=("reports/workbook",),
    ),
    "merged-cells": Rule(
        ERROR,
        "merged cells in the report sheet (only the first cell keeps a value)",
        phase=WORKBOOK,
        emitted_by=("reports/workbook",),
    ),
    "hidden-cells": Rule(
        ERROR,
        "hidden rows or columns in the report sheet (what is hidden is still read)",
        phase=WORKBOOK,
        emitted_by=("reports/workbook",),
    ),
    "not-a-report": Rule(
        ERROR,
        "the file is empty or is not a mapping of report fields",
        phase=SHAPE,
        ignorable=False,
        emitted_by=("reports/load",),
    ),
    "missing-field": Rule(
        ERROR,
        "a required field (unit, period, submitted, measures; id, status, account) is missing or empty",
        phase=SHAPE,
        emitted_by=("reports/load", "reports/workbook"),
        messages={
            "blank": "'{field}' is empty; {hint}",
        },
    ),
    "unknown-field": Rule(
        ERROR,
        "a field the report format does not have (often a typo)",
        phase=SHAPE,
        emitted_by=("reports/load", "reports/workbook"),
    ),
    "wrong-type": Rule(
        ERROR,
        "a value of the wrong type: a number where text belongs (an ID a spreadsheet stored as a number), a list where a mapping does",
        phase=SHAPE,
        emitted_by=("reports/load", "reports/workbook"),
    ),
    "invalid-value": Rule(
        ERROR,
        "a status that is not one of ongoing, completed, not-started, not-applicable; a figure that is not a number",
        phase=SHAPE,
        emitted_by=("reports/load", "reports/workbook"),
    ),
    "normalized": Rule(
        WARNING,
        "an ID, period or date written with full-width characters, spaces or invisible characters; read as its ASCII form",
        phase=SHAPE,
        emitted_by=("reports/load",),
    ),
    "unknown-unit": Rule(
        ERROR,
        "the unit is not in the unit registry",
        phase=PLAN,
        emitted_by=("reports/check",),
        messages={
            "default": "unit '{unit}' is not in the unit registry: {hint}",
            "invisible": "unit '{unit}' holds {character}, which cannot be seen; delete it",
            "invisible-meant": "unit '{unit}' holds {character}, which cannot be seen; delete it (without it, the unit is {meant})",
        },
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
    ),
    "bad-period": Rule(
        ERROR,
        "the period is not YEAR-H1/YEAR-H2 or lies outside the plan's years 2021–2030",
        phase=PLAN,
        emitted_by=("reports/check",),
        messages={"default": "{reason}"},  # the sentence of plan.deadlines.BadPeriod
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
        },
    ),
    "late": Rule(
        WARNING,
        "submitted after the period's due date (20 June, 20 December; the due day itself is on time; never for 2021, whose due days came before the plan was issued)",
        phase=PLAN,
        emitted_by=("reports/check",),
        messages={"default": "submitted {day}, after {period}'s due date {due} ({days} day(s) late)"},
    ),
    "early": Rule(
        WARNING,
        "submitted before the period it reports on began",
        phase=PLAN,
        emitted_by=("reports/check",),
        messages={"default": "submitted {day}, before {period} began ({start}); check the period and the date"},
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
    ),
    "duplicate-measure": Rule(
        ERROR,
        "the same measure reported twice",
        phase=PLAN,
        emitted_by=("reports/check",),
        messages={"default": "measure {measure} is reported twice (first at {first}); keep one entry"},
    ),
    "not-involved": Rule(
        WARNING,
        "a measure the unit neither leads nor cooperates on (a mistyped ID?)",
        phase=PLAN,
        emitted_by=("reports/check",),
        messages={"default": "{unit} neither leads nor cooperates on measure {measure} ({title}); is the ID right?"},
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
    ),
    "missing-measure": Rule(
        ERROR,
        "a county office's report leaves out a measure (county offices report on all of them)",
        phase=PLAN,
        emitted_by=("reports/check",),
        messages={"default": "measure {measure} ({title}) is not reported; county offices report on every measure"},
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
    ),
    "empty-account": Rule(
        ERROR,
        "a measure's account of what was done is empty",
        phase=SHAPE,
        emitted_by=("reports/load",),
        messages={
            "blank": "the account of {label} is empty; write what was done in the period",
        },
    ),
    "missing-reason": Rule(
        ERROR,
        "status not-applicable without a reason",
        phase=PLAN,
        emitted_by=("reports/check",),
        messages={"default": "{label} is not-applicable but gives no reason; add reason: …"},
    ),
}


#: Plan validation's rules (`lplan validate`): every finding is an error, and none can be ignored.
PLAN_RULES: dict[str, Rule] = {
    "plan-file": Rule(
        ERROR,
        "a plan file or the source text cannot be read",
        phase=PLAN_DATA,
        ignorable=False,
        emitted_by=("plan/build",),
        messages={
            "not-regular": "not a regular file (a directory, FIFO or device); a plan file must be a regular file",
            "unreadable": "cannot read plan file: {reason}",
            "too-large": "file is {size:,} bytes; plan files are far smaller (limit {limit:,})",
            "source": "cannot read the source text {source}: {reason}",
        },
    ),
    "plan-schema": Rule(
        ERROR,
        "a plan file's shape does not match its model (schemas/*.schema.json)",
        phase=PLAN_DATA,
        ignorable=False,
        emitted_by=("plan/build",),
        messages={"default": "{where}: {reason}"},
    ),
    "plan-id": Rule(
        ERROR,
        "an ID that is not its place in the tree, or names no guarantee",
        phase=PLAN_DATA,
        ignorable=False,
        emitted_by=("plan/build",),
        messages={
            "section": "section {number} has id '{id}'; expected '{expected}'",
            "item": "item has id '{id}'; expected '{expected}'",
            "measure": "measure has id '{id}'; expected '{expected}'",
            "guarantee": "no guarantee '{id}'",
        },
    ),
    "plan-count": Rule(
        ERROR,
        "the number of sections or items is not the interpretation's count",
        phase=PLAN_DATA,
        ignorable=False,
        emitted_by=("plan/build",),
        messages={
            "sections": "{count} sections; plan.yaml says {expected}",
            "items": "{count} items; plan.yaml says {expected}",
        },
    ),
    "unit-duplicate": Rule(
        ERROR,
        "two units or groups share an ID",
        phase=PLAN_DATA,
        ignorable=False,
        emitted_by=("plan/build",),
        messages={"default": "id '{id}' is used twice"},
    ),
    "unit-script": Rule(
        ERROR,
        "a unit's simplified name is not the character conversion of its name",
        phase=PLAN_DATA,
        ignorable=False,
        emitted_by=("plan/build",),
        messages={"default": "simplified form of {name} is '{expected}', not '{simplified}'"},
    ),
    "unit-ambiguous": Rule(
        ERROR,
        "a name or short form that would match two units",
        phase=PLAN_DATA,
        ignorable=False,
        emitted_by=("plan/build",),
        messages={"default": "name '{name}' would match both '{first}' and '{second}'"},
    ),
    "unit-unknown": Rule(
        ERROR,
        "a measure names a unit that is not in units.yaml",
        phase=PLAN_DATA,
        ignorable=False,
        emitted_by=("plan/build",),
        messages={"default": "measure {measure}: unit '{unit}' is not in units.yaml; add it or fix the name"},
    ),
    "source-mismatch": Rule(
        ERROR,
        "an encoded text, heading, unit list, date or quote that the source text does not say",
        phase=PLAN_DATA,
        ignorable=False,
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
    "source-order": Rule(
        ERROR,
        "an entry that stands earlier in the source text than the entry before it",
        phase=PLAN_DATA,
        ignorable=False,
        emitted_by=("plan/build",),
        messages={"default": "{what} stands earlier in the source than the entry before it"},
    ),
    "source-missing": Rule(
        ERROR,
        "a line of chapter 四 that no entry encodes",
        phase=PLAN_DATA,
        ignorable=False,
        emitted_by=("plan/build",),
        messages={"default": "source line {number} of chapter 四 is not encoded: {start}…"},
    ),
}


def rule(name: str) -> Rule:
    """The rule called ``name``, a report rule or a plan rule (KeyError for an unlisted one)."""
    return RULES[name] if name in RULES else PLAN_RULES[name]


def message(name: str, key: str = "default", /, **fields: object) -> str:
    """Rule ``name``'s message ``key`` in the interface language, its placeholders filled with ``fields``.

    The templates are English literals here; the catalog holds their translations
    (`i18n.maintain` collects every rule's meaning, details and messages).
    """
    return gettext(rule(name).messages[key]).format(**fields)


def finding(path: str, position: tuple[int, int], name: str, message: str, cell: str = "") -> Finding:
    """A finding at ``position`` (a workbook's: at ``cell``) with the rule's level (a KeyError names an unlisted rule)."""
    return Finding(path, position[0], position[1], name, rule(name).level, message, cell)

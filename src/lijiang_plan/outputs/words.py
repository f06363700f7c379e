"""The words people read for the roll-up's codes: statuses, kinds, roles, uses, levels, in the interface language.

JSON and CSV carry the codes (on-time, department, lead:reported, error):
they are contracts, the same in every language. A workbook, a text table, the
page and the digest show these words instead. One table of words serves them
all, so that 按时 on the page is 按时 in the workbook.
"""

from __future__ import annotations

from typing import Any

from lijiang_plan.i18n import N_, _

STATUSES = {
    "on-time": N_("on time"),
    "late": N_("late"),
    "undated": N_("undated"),
    "unreadable": N_("unreadable"),
    "missing": N_("missing"),
}
KINDS = {"department": N_("department"), "county": N_("county office"), "office": N_("office"), "group": N_("group")}
USES = {
    "counted": N_("counted"),
    "superseded": N_("not counted (duplicate)"),
    "other-period": N_("other period"),
    "unidentified": N_("unidentified"),
}
LEVELS = {"error": N_("error"), "warning": N_("warning")}
MATCHED_BY = {
    "unit-field": N_("unit field"),
    "short-form": N_("short form in the unit field"),
    "close-match": N_("unit field, fitting this unit only"),
    "file-name": N_("file name"),
}
#: A unit's part in a measure and whether its report covers it (the coverage matrix's ROLE:STATE).
COVERAGE = {
    "lead:reported": N_("lead: reported"),
    "lead:missing": N_("lead: not reported"),
    "county:reported": N_("county: reported"),
    "county:missing": N_("county: not reported"),
    "cooperate:reported": N_("cooperating: reported"),
    "cooperate:missing": N_("cooperating: not reported"),
}
#: The words of each code column.
BY_COLUMN: dict[str, dict[str, str]] = {
    "status": STATUSES,
    "kind": KINDS,
    "use": USES,
    "level": LEVELS,
    "matched_by": MATCHED_BY,
}


def word(words: dict[str, str], code: Any) -> Any:
    """The word for ``code`` in the interface language; anything else as it is (None stays None)."""
    return _(words[code]) if isinstance(code, str) and code in words else code


def yes_no(value: bool) -> str:
    return _("yes") if value else _("no")

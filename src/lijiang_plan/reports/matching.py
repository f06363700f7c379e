"""Which expected reporter a file is from: its unit field, or failing that its file name.

A report counts for the unit its ``unit`` field names (any registry name,
short form or ID: `Plan.find_unit`). A field that is in no registry entry
but fits exactly one reporting unit (an abbreviation such as 教育局, or a
name with more round it) counts for that unit, and the checker says so
(`unit-matched`). When the field tells nothing (missing, unknown, a file that
cannot be read, a format lplan does not read) the file name may: offices
name files after the unit (``2025-H2-市外办.xls``, ``public-security.yaml``).
Two candidates are never a match. `how` says which way a unit was told, for
the summary's files table and for people.
"""

from __future__ import annotations

import os
import re
import unicodedata
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from lijiang_plan.plan.query import Plan

#: How a unit was told, in the order they are tried.
UNIT_FIELD, SHORT_FORM, CLOSE_MATCH, FILE_NAME = "unit-field", "short-form", "close-match", "file-name"
HOW = (UNIT_FIELD, SHORT_FORM, CLOSE_MATCH, FILE_NAME)

#: What file names hold besides the unit: the period, and words for a report.
_PERIOD_IN_NAME = re.compile(r"20[0-9]{2}\s*(?:[-_.\s]?\s*[Hh][12](?![0-9])|年?\s*度?\s*[上下]\s*半\s*年度?|年度?)?")
_REPORT_WORDS = re.compile(
    r"反拐工作情况报告|反拐工作报告|反拐工作总结|工作情况报告|工作情况|工作报告|工作总结|情况报告|半年报|报告|总结|"
    r"填报表?|报送|附件[0-9]*|修改稿|修订|终稿|定稿|副本|final|copy|report|v[0-9]+"
)
_SEPARATORS = re.compile(r"[\s\-_—–~、，,。.（）()【】\[\]《》“”\"'：:;；+&#]+")


class Match(NamedTuple):
    """The unit a file is from, and how that was told (one of `HOW`)."""

    unit_id: str
    how: str


def from_field(plan: Plan, typed: object) -> Match | None:
    """The reporting unit a ``unit`` field names or unmistakably means, or None."""
    if not isinstance(typed, str) or not typed.strip():
        return None
    unit_id = plan.find_unit(typed.strip())
    if unit_id is not None:
        if not _reports(plan, unit_id):
            return None  # the office, a group: the checker says why (not-a-reporter)
        return Match(unit_id, UNIT_FIELD if _named(plan, unit_id, typed) else SHORT_FORM)
    close = plan.close_units(typed, _reporters(plan))
    return Match(close[0], CLOSE_MATCH) if len(close) == 1 else None


def from_file_name(plan: Plan, path: str) -> Match | None:
    """The one reporting unit a file's name names (``2025-H2-市外办.xls``), or None (none, or several)."""
    stem = unicodedata.normalize("NFKC", os.path.basename(path))
    stem = stem.rsplit(".", 1)[0] if "." in stem.lstrip(".") else stem
    reporters = _reporters(plan)
    lowered = stem.casefold()
    found = {uid for uid in reporters if re.search(rf"(?<![a-z]){re.escape(uid)}(?![a-z])", lowered)}
    words = _REPORT_WORDS.sub(" ", _PERIOD_IN_NAME.sub(" ", lowered))
    parts = [part for part in _SEPARATORS.split(words) if part and not part.isascii()]
    for part in parts:
        unit_id = plan.find_unit(part)
        if unit_id is None:
            found.update(plan.close_units(part, reporters))
        elif _reports(plan, unit_id):
            found.add(unit_id)
    return Match(found.pop(), FILE_NAME) if len(found) == 1 else None


def of_file(plan: Plan, typed: object, path: str) -> Match | None:
    """The unit field's unit, else the file name's."""
    return from_field(plan, typed) or from_file_name(plan, path)


def _reporters(plan: Plan) -> list[str]:
    from lijiang_plan.plan.deadlines import reporters

    return reporters(plan)


def _reports(plan: Plan, unit_id: str) -> bool:
    from lijiang_plan.plan.deadlines import is_reporter

    return is_reporter(plan, unit_id)


def _named(plan: Plan, unit_id: str, typed: str) -> bool:
    """Whether ``typed`` is the unit's own name (either script, with or without 丽江) or its ID."""
    unit = plan.units[unit_id]
    key = plan.fold(typed)
    names = {plan.fold(unit["name"]), plan.fold(unit["simplified"]), unit_id}
    return any(candidate in names for candidate in (key, key.removeprefix("丽江"), "市" + key.removeprefix("丽江市")))

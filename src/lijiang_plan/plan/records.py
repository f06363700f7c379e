"""The compiled plan's records as types: what `Plan` (plan/query.py) hands out.

The compiled plan is plain data (marshal-cached, see plan/store.py); these
TypedDicts give its records names and fields for mypy and cost nothing at run
time: modules import them for annotations only (under TYPE_CHECKING), so the
query path stays as fast as plain dicts. `plan/build.py` writes
exactly these shapes (bump `query.COMPILED_FORMAT` when one changes).
"""

from __future__ import annotations

from typing import TypedDict


class Simplified(TypedDict, total=False):
    """A record's texts in simplified characters, with the reviewed artifacts undone."""

    title: str
    text: str
    preamble: str
    issuer: str
    quote: str
    onward: str
    who: str


class NodeRecord(TypedDict, total=False):
    """A section, item or measure of chapter 四. Leaves carry text and units."""

    kind: str  # section | item | measure
    title: str
    preamble: str  # sections
    parent: str | None
    leaf: bool
    children: list[str]
    text: str  # leaves
    lead: list[str]  # leaves: unit IDs, primary lead first
    cooperate: list[str]  # leaves
    simplified: Simplified


class UnitRecord(TypedDict, total=False):
    """A unit of the registry (department, office, county office) or a group."""

    name: str  # as the text names it (traditional)
    simplified: str
    kind: str  # department | office | county | group
    area: str | None  # a county office's county or district
    aliases: list[str]
    members: str  # a group: the kind of unit that belongs to it


class MonthDay(TypedDict):
    month: int
    day: int


class ReportingPeriod(TypedDict):
    period: str  # H1 | H2
    due: MonthDay
    quote: str


class ReportingRule(TypedDict):
    """Chapter 五's rule: who reports to whom, by which day of which month."""

    guarantee: str
    quote: str
    reporters: list[str]  # unit kinds
    recipient: str  # unit ID
    onward: str
    periods: list[ReportingPeriod]
    simplified: Simplified


class Guarantee(TypedDict):
    id: str
    title: str
    text: str
    simplified: Simplified


class Obligation(TypedDict, total=False):
    """An obligation the text states without a date."""

    id: str
    guarantee: str
    who: str
    quote: str
    applies_to: list[str]  # unit kinds
    simplified: Simplified


class Meta(TypedDict):
    title: str
    issuer: str
    issued: str  # YYYY-MM-DD
    period: list[int]  # [first year, last year]
    simplified: Simplified

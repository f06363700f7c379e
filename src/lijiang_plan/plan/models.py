"""Pydantic models of the plan files under plan/, one model per file.

These models are the schema: `schemas/*.schema.json` are generated from them.
They check each file's shape; checks across files (every unit named exists, IDs
match the tree) live in `planbuild`. Only plan validation imports this module,
never a query, so pydantic stays off the fast path.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from lijiang_plan.paths import PLAN_FILE_NAMES

ID_PATTERN = r"^[1-9][0-9]*(\.[1-9][0-9]*){0,2}$"

MeasureId = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]
UnitKind = Literal["department", "office", "county"]


class StrictModel(BaseModel):
    """The base of every file model (plan files and reports): no unknown fields, no coercion, immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Measure(StrictModel):
    """A leaf measure: what is to be done, who leads, who cooperates."""

    id: MeasureId = Field(description="Position in the plan: '2.3.1' is (二)3.(1).")
    title: Text = Field(description="The heading, up to the first '。'.")
    text: Text = Field(description="The body after the heading, exactly as in the source.")
    lead: list[Text] = Field(min_length=1, description="Units that lead (負責), in the text's order.")
    cooperate: list[Text] = Field(default=[], description="Units that cooperate (配合), in order.")
    layout: Literal["inline", "body-on-next-line"] = Field(
        default="inline", description="Where the body stands in the source: after the heading, or on the next line."
    )


class Item(StrictModel):
    """A second-level item: either a measure itself or a heading over sub-items."""

    id: MeasureId
    title: Text
    text: Text | None = None
    lead: list[Text] | None = Field(default=None, min_length=1)
    cooperate: list[Text] = []
    layout: Literal["inline", "body-on-next-line"] = "inline"
    measures: list[Measure] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _leaf_or_heading(self) -> Item:
        has_body = self.text is not None or self.lead is not None
        if self.measures is not None and has_body:
            raise ValueError("an item has either sub-measures or its own text and units, not both")
        if self.measures is None and (self.text is None or self.lead is None):
            raise ValueError("an item without sub-measures needs 'text' and 'lead'")
        return self


class Section(StrictModel):
    id: MeasureId
    title: Text
    preamble: Text
    items: list[Item] = Field(min_length=1)


class MeasuresFile(StrictModel):
    """plan/measures.yaml: chapter 四, the measures and their units."""

    chapter: Text
    sections: list[Section] = Field(min_length=1)


class Unit(StrictModel):
    id: Slug = Field(description="Stable ASCII key, used in file names and exports.")
    name: Text = Field(description="As the plan text names it (traditional characters).")
    simplified: Text = Field(description="The name in simplified characters.")
    aliases: list[Text] = Field(default=[], description="Common short or full forms, simplified.")
    kind: UnitKind
    area: Text | None = Field(default=None, description="For a county office: its county or district.")


class Group(StrictModel):
    id: Slug
    name: Text
    simplified: Text
    aliases: list[Text] = []
    members: UnitKind = Field(description="Which kind of registered unit counts as a member.")


class UnitsFile(StrictModel):
    """plan/units.yaml: the unit registry."""

    units: list[Unit] = Field(min_length=1)
    groups: list[Group] = []


class Guarantee(StrictModel):
    id: MeasureId
    title: Text
    text: Text


class MonthDay(StrictModel):
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)


class ReportingPeriod(StrictModel):
    period: Literal["H1", "H2"]
    due: MonthDay
    quote: Text


class ReportingRule(StrictModel):
    guarantee: MeasureId
    quote: Text
    reporters: list[UnitKind] = Field(min_length=1)
    recipient: Slug
    onward: Text
    periods: list[ReportingPeriod] = Field(min_length=1)


class Obligation(StrictModel):
    id: Slug
    guarantee: MeasureId
    who: Text
    quote: Text
    applies_to: list[UnitKind] = []


class GuaranteesFile(StrictModel):
    """plan/guarantees.yaml: chapter 五, with the reporting rule as data."""

    chapter: Text
    guarantees: list[Guarantee] = Field(min_length=1)
    reporting: ReportingRule
    obligations: list[Obligation] = []


class Period(StrictModel):
    start: int = Field(ge=2000, le=2100)
    end: int = Field(ge=2000, le=2100)


class Counts(StrictModel):
    sections: int
    items: int


class PlanFile(StrictModel):
    """plan/plan.yaml: what the plan is and where its source text is."""

    title: Text
    issuer: Text
    issued: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]
    issued_quote: Text
    period: Period
    period_quote: Text
    source: Text
    counts: Counts
    counts_quote: Text


class Artifact(StrictModel):
    text: Text
    mainland: Text
    status: Literal["confirmed", "near-certain"]


class ScriptFile(StrictModel):
    """plan/script.yaml: Taiwan-phrase artifacts to undo when converting to simplified."""

    artifacts: list[Artifact]


#: File name under plan/ -> the model that validates it. Order is load order.
PLAN_FILES: dict[str, type[StrictModel]] = dict(
    zip(PLAN_FILE_NAMES, (PlanFile, UnitsFile, MeasuresFile, GuaranteesFile, ScriptFile), strict=True)
)

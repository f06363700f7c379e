"""The semiannual report a unit sends the municipal anti-trafficking office, as a model.

This model is the report's shape only: which fields exist and what type each
holds. Whether the values agree with the plan (the unit exists, every lead
measure is reported, the period is within 2021–2030, the date is on time) is
the checker's business (`checker`), so that each problem gets its own rule.
The JSON Schema in schemas/report.schema.json is generated from this model
(`python -m lijiang_plan.schemas`); the schema is stricter in places the
checker covers (ID, period and date patterns), so editors flag those early.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, WithJsonSchema

from lijiang_plan.i18n import N_
from lijiang_plan.plan.models import ID_PATTERN, StrictModel
from lijiang_plan.reports.statuses import CHINESE_WORDS, NOT_APPLICABLE

PERIOD_PATTERN = r"^[0-9]{4}-H[12]$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

_DECIMAL = re.compile(r"^[0-9]+(\.[0-9]+)?$")


def _figure(value: Any) -> int | float:
    """A count or amount: a non-negative integer, or a decimal the YAML loader kept as text."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise ValueError(N_("a figure cannot be negative"))
        return value
    if isinstance(value, str) and _DECIMAL.match(value):
        return float(value)
    raise ValueError(N_("a figure is a number, such as 12 or 3.5 (no units or words; put those in the label)"))


Figure = Annotated[
    int | float,
    BeforeValidator(_figure),
    WithJsonSchema({"type": "number", "minimum": 0}),
]


class Contact(StrictModel):
    """Who to ask about the report. Phone numbers are text: a leading 0 must survive."""

    name: str | None = Field(default=None, description="The person who wrote the report.")
    phone: str | None = Field(default=None, description="In quotes, so that a leading 0 is kept.")
    email: str | None = None


class MeasureReport(StrictModel):
    """What the unit did on one leaf measure in the period."""

    id: str = Field(
        description="The measure's ID as the plan gives it, e.g. '2.3.1'; a leaf measure, written as text.",
        json_schema_extra={"pattern": ID_PATTERN},
    )
    # The words of statuses.ACCEPTED: the codes, then the Chinese words (a test keeps the two in step).
    status: Literal[
        "ongoing",
        "completed",
        "not-started",
        "not-applicable",
        "进行中",
        "進行中",
        "已完成",
        "未开始",
        "未開始",
        "不适用",
        "不適用",
    ] = Field(
        description="Where the work stands: a code or its Chinese word (进行中 ongoing, 已完成 completed, "
        "未开始 not-started, 不适用 not-applicable); not-applicable needs a reason."
    )
    account: str = Field(
        description="What was done in the period, in plain words; must not be empty.",
        json_schema_extra={"pattern": r"\S"},
    )
    reason: str | None = Field(default=None, description="Why the measure does not apply (for 'not-applicable').")
    figures: dict[str, Figure] | None = Field(
        default=None, description="Optional numbers for the measure, label -> number (e.g. 宣传活动场次: 12)."
    )


class Report(StrictModel):
    """One unit's report on its work in one half-year."""

    model_config = ConfigDict(
        title="lplan report",
        json_schema_extra={
            "$comment": "Generated from lijiang_plan.reports.model by `python -m lijiang_plan.schemas`; do not edit.",
        },
    )

    unit: str = Field(description="The reporting unit: any name or ID the unit registry knows (e.g. 市公安局).")
    period: str = Field(
        description="The half-year reported on: YEAR-H1 (due 20 June) or YEAR-H2 (due 20 December).",
        json_schema_extra={"pattern": PERIOD_PATTERN},
    )
    submitted: str = Field(
        description="The date the report is sent, YYYY-MM-DD.",
        json_schema_extra={"pattern": DATE_PATTERN, "format": "date"},
    )
    contact: Contact | None = Field(default=None, description="Optional: who to ask about the report.")
    measures: list[MeasureReport] = Field(description="One entry per measure the unit leads or cooperates on.")


def _not_applicable_needs_reason(schema: dict[str, Any]) -> None:
    """Let editors see the reason rule too: if status is not-applicable, reason is required."""
    words = [NOT_APPLICABLE] + [word for word, code in CHINESE_WORDS.items() if code == NOT_APPLICABLE]
    schema["if"] = {"properties": {"status": {"enum": words}}, "required": ["status"]}
    schema["then"] = {"required": ["reason"], "properties": {"reason": {"type": "string", "pattern": r"\S"}}}


MeasureReport.model_config["json_schema_extra"] = _not_applicable_needs_reason  # type: ignore[typeddict-item]
MeasureReport.model_rebuild(force=True)

#: Field names per object, for "did you mean" on an unknown field.
FIELDS: dict[str, tuple[str, ...]] = {
    "report": tuple(Report.model_fields),
    "measure": tuple(MeasureReport.model_fields),
    "contact": tuple(Contact.model_fields),
}

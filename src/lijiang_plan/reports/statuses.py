"""The words of a report's `status` field, without pydantic.

`template` writes the list and the checker reads it; both run on paths that
must start fast, so the list lives here rather than in the pydantic model
(`reports.model`), whose `MeasureReport.status` is checked against it by a test.
"""

from __future__ import annotations

#: The kebab-case statuses, in the order the template lists them.
STATUSES = ("ongoing", "completed", "not-started", "not-applicable")
NOT_APPLICABLE = "not-applicable"

#: Words people write instead of the statuses, to suggest the right one.
STATUS_WORDS = {
    "进行中": "ongoing",
    "推进中": "ongoing",
    "持续推进": "ongoing",
    "已完成": "completed",
    "完成": "completed",
    "未开始": "not-started",
    "尚未开展": "not-started",
    "不适用": "not-applicable",
    "done": "completed",
    "in-progress": "ongoing",
    "not_started": "not-started",
    "not_applicable": "not-applicable",
    "n/a": "not-applicable",
}

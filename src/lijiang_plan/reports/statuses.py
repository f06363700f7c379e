"""The words of a report's `status` field, without pydantic.

`template` writes the list and the checker reads it; both run on paths that
must start fast, so the list lives here rather than in the pydantic model
(`reports.model`), whose `MeasureReport.status` is checked against it by a test.

A report may write a status as its code (`ongoing`) or as the Chinese word
office staff use (进行中, or the traditional 進行中); the loader reads the word
as its code, so everything after it (checks, JSON, CSV) sees only the codes.
"""

from __future__ import annotations

#: The kebab-case statuses, in the order the template lists them.
STATUSES = ("ongoing", "completed", "not-started", "not-applicable")
NOT_APPLICABLE = "not-applicable"

#: The Chinese word for each status, as a Chinese-language template writes it.
CHINESE = {"ongoing": "进行中", "completed": "已完成", "not-started": "未开始", "not-applicable": "不适用"}

#: Every Chinese word a report may write (simplified and traditional) -> its code.
CHINESE_WORDS = {
    "进行中": "ongoing",
    "進行中": "ongoing",
    "已完成": "completed",
    "未开始": "not-started",
    "未開始": "not-started",
    "不适用": "not-applicable",
    "不適用": "not-applicable",
}

#: Every value the status field accepts: the codes, then the Chinese words (the schema's enum).
ACCEPTED = STATUSES + tuple(CHINESE_WORDS)

#: Words people write instead of the statuses, to suggest the right one.
STATUS_WORDS = {
    "推进中": "ongoing",
    "持续推进": "ongoing",
    "正在进行": "ongoing",
    "完成": "completed",
    "已办结": "completed",
    "尚未开展": "not-started",
    "未开展": "not-started",
    "无": "not-applicable",
    "done": "completed",
    "in-progress": "ongoing",
    "not_started": "not-started",
    "not_applicable": "not-applicable",
    "n/a": "not-applicable",
}


def canonical(value: object) -> str | None:
    """The code of a status value (a code or a Chinese word), or None if it is not one."""
    if not isinstance(value, str):
        return None
    if value in STATUSES:
        return value
    return CHINESE_WORDS.get(value)


def suggestion(value: str) -> str | None:
    """The accepted value closest to a wrong one, in the writer's own language (a Chinese word for Chinese)."""
    import difflib

    text = value.strip()
    chinese = any("\u3400" <= c <= "\u9fff" for c in text)
    code = canonical(text) or STATUS_WORDS.get(text.lower())
    if code is None:
        close = difflib.get_close_matches(text, list(CHINESE_WORDS) if chinese else list(STATUSES), n=1, cutoff=0.5)
        if close:
            return close[0]
        return None
    return CHINESE[code] if chinese else code

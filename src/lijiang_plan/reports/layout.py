"""The report workbook's layout and words, in both languages, for the writer and the reader.

A workbook made in Chinese (sheet 填报, header 编号) and one made in English
(sheet Report, header ID) hold the same report: the reader accepts the words
of both (and the YAML field names), whatever language lplan speaks, so a
workbook travels between offices unchanged. The writer uses one language.

Layout of the report sheet (rows are found by their labels, not by number):

    A1            title (not read)
    A3:B8         field label | value: unit, period, submitted, contact name, phone, email
    row 10        table header: ID | measure | role | status | account | figures | reason
    rows 11…      one row per measure

Only the ID, status, account, figures and reason columns are read; the
measure's title and the unit's role are shown for the author and ignored.
"""

from __future__ import annotations

import re
import unicodedata

LANGUAGES = ("zh", "en")

SHEET = {"zh": "填报", "en": "Report"}
INSTRUCTIONS = {"zh": "说明", "en": "Instructions"}

#: Header fields: data path -> label per language.
FIELDS: dict[tuple[str, ...], dict[str, str]] = {
    ("unit",): {"zh": "单位", "en": "Unit"},
    ("period",): {"zh": "报告期", "en": "Period"},
    ("submitted",): {"zh": "报送日期", "en": "Submitted"},
    ("contact", "name"): {"zh": "联系人", "en": "Contact"},
    ("contact", "phone"): {"zh": "联系电话", "en": "Phone"},
    ("contact", "email"): {"zh": "电子邮箱", "en": "Email"},
}
FIELD_ROW = 3  # the first field's row
TABLE_ROW = FIELD_ROW + len(FIELDS) + 1  # the table header's row

#: Table columns, in order: field -> header per language.
COLUMNS: dict[str, dict[str, str]] = {
    "id": {"zh": "编号", "en": "ID"},
    "title": {"zh": "措施", "en": "Measure"},
    "role": {"zh": "职责", "en": "Role"},
    "status": {"zh": "状态", "en": "Status"},
    "account": {"zh": "工作情况", "en": "Account"},
    "figures": {"zh": "数据", "en": "Figures"},
    "reason": {"zh": "不适用原因", "en": "Reason"},
}
#: Columns shown for the author, never read.
SHOWN_ONLY = ("title", "role")

STATUS_WORDS: dict[str, dict[str, str]] = {
    "ongoing": {"zh": "进行中", "en": "ongoing"},
    "completed": {"zh": "已完成", "en": "completed"},
    "not-started": {"zh": "未开始", "en": "not-started"},
    "not-applicable": {"zh": "不适用", "en": "not-applicable"},
}
ROLE_WORDS = {
    "lead": {"zh": "负责", "en": "lead"},
    "cooperate": {"zh": "配合", "en": "cooperate"},
    "county": {"zh": "县(区)", "en": "county"},
}

#: Other labels people type, accepted when reading.
_MORE_LABELS: dict[str, tuple[str, ...]] = {
    "unit": ("填报单位", "报送单位", "单位名称"),
    "period": ("报告期间", "期间"),
    "submitted": ("报送时间", "填报日期", "日期", "date"),
    "name": ("联系人姓名", "name", "contact name"),
    "phone": ("电话", "telephone"),
    "email": ("邮箱", "e-mail"),
    "id": ("措施编号",),
    "title": ("措施名称", "任务", "title"),
    "role": ("职责分工", "角色"),
    "account": ("工作开展情况", "完成情况", "进展情况"),
    "figures": ("数字", "主要数据"),
    "reason": ("原因", "说明"),
}


def normal(label: object) -> str:
    """A label as compared: full-width folded, no spaces, no trailing colon or star, case-folded."""
    if not isinstance(label, str):
        return ""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", label)).casefold()
    return text.rstrip(":*")


def _lookup(table: dict[str, dict[str, str]]) -> dict[str, str]:
    found = {normal(word): key for key, words in table.items() for word in words.values()}
    found.update({normal(key): key for key in table})
    for key, more in _MORE_LABELS.items():
        if key in table:
            found.update({normal(word): key for word in more})
    return found


FIELD_BY_LABEL: dict[str, tuple[str, ...]] = {
    label: path
    for path, words in FIELDS.items()
    for label in {normal(w) for w in words.values()} | {normal(path[-1])} | {normal(w) for w in _MORE_LABELS[path[-1]]}
}
COLUMN_BY_LABEL = _lookup(COLUMNS)
#: A status cell's word (either language, the kebab-case names) -> the status.
STATUS_BY_WORD = {word: key for key, words in STATUS_WORDS.items() for word in (*words.values(), key)}
SHEET_NAMES = {normal(name) for name in SHEET.values()}
INSTRUCTION_NAMES = {normal(name) for name in INSTRUCTIONS.values()}


def title(unit: str, period: str, language: str) -> str:
    year, _, half = period.partition("-")
    if language == "zh":
        which = {"H1": "上半年", "H2": "下半年"}.get(half)
        return (
            f"{unit} {year}年{which}反拐工作情况报告（{period}）" if which else f"{unit} 反拐工作情况报告（{period}）"
        )
    return f"{unit}: report on anti-trafficking work, {period}"


def instructions(language: str, recipient: str, due: str) -> list[str]:
    """The lines of the instructions sheet, in ``language`` (the catalog holds the Chinese)."""
    from lijiang_plan.i18n import _, using

    with using(language):
        fields = {
            "sheet": SHEET[language],
            "due": due,
            "recipient": recipient,
            "statuses": _(", ").join(w[language] for w in STATUS_WORDS.values()),
        }
        lines = [
            _("How to fill in this report"),
            _(
                "1. On the '{sheet}' sheet, fill in the date it is sent (e.g. {due}) and the contact."
                " Unit and period are given."
            ),
            _(
                "2. One row per measure: pick the status from the drop-down list ({statuses}) and write what was done"
                " in the period under Account (it must not be empty)."
            ),
            _("3. For not-applicable, give the reason under Reason."),
            _("4. Figures are optional: one 'label: number' per line, e.g. '宣传活动场次: 12'; numbers without units."),
            _(
                "5. ID, Measure and Role are locked; do not merge or hide cells, add sheets or use formulas (type values)."
            ),
            _("6. IDs are text: 3.10 and 3.1 are different measures; never format the ID column as numbers."),
            _("7. Then check it: lplan check THIS-FILE.xlsx; when it passes, send it to {recipient} before {due}."),
            _("The sheet has no password: Review → Unprotect Sheet if a locked cell really must change."),
        ]
        return [line.format(**fields) for line in lines]


def interface_language() -> str:
    """The workbook's language: lplan's interface language (--lang, LPLAN_LANG, the locale)."""
    from lijiang_plan.i18n import language

    return "zh" if language() == "zh" else "en"

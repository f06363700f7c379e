"""The reminder (催报) in words: one notice, as blocks the writers lay out (text, Markdown, Word, the portal).

`notice` turns a `reports.reminders.Reminders` into a short list of blocks
(title, paragraph, heading, item, sub-item, signature), worded in the
interface language as an office writes a 催报通知: the rule and its due
date, then the units by reason, numbered, each with its problems (not
submitted and how many days overdue, the file that cannot be read, each error
at its cell or line as `lplan check` words it, the measures still owed), then
the files whose unit cannot be told, and the office's name and the date.
`render_text` and `render_md` lay the blocks out; `outputs.reminder_docx`
makes a Word document of the same blocks, and the portal's office page shows
`unit_lines` of each reminder. Every text from a report (file names,
messages) goes through `visible`, so no control character reaches a document.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from lijiang_plan.findings import Finding
from lijiang_plan.i18n import N_, _, ngettext
from lijiang_plan.reports import reminders as rm
from lijiang_plan.visible import one_line

#: At most this many errors are listed per unit; the rest are counted ("and N more").
SHOWN_ERRORS = 10

MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)
#: Section numbers as an office numbers them (一、二、…).
ORDINALS = (N_("I."), N_("II."), N_("III."), N_("IV."))

TITLE, PARA, HEADING, ITEM, SUBITEM, SIGN = "title", "para", "heading", "item", "subitem", "sign"


class Block(NamedTuple):
    """One piece of the notice: its kind (TITLE, PARA, …) and its text."""

    kind: str
    text: str


def period_words(period: str) -> str:
    """'2026-H2' as prose: 'the second half of 2026' (2026年下半年)."""
    year, _sep, half = period.partition("-")
    if half == "H1":
        return _("the first half of {year}").format(year=year)
    return _("the second half of {year}").format(year=year)


def day_words(day: dt.date) -> str:
    """A date as prose: 'December 20, 2026' (2026年12月20日)."""
    return _("{month} {day}, {year}").format(month=_(MONTHS[day.month - 1]), day=day.day, year=day.year)


def title(notice: rm.Reminders) -> str:
    return _("Reminder: reports on the work against human trafficking for {period}").format(
        period=period_words(notice.period)
    )


def where(finding: Finding) -> str:
    """Where a finding is: its cell in a workbook (填报!E14), else its line and column."""
    if finding.cell:
        return finding.cell
    return _("line {line}, column {column}").format(line=finding.line, column=finding.column)


def _measures(owed: tuple[str, ...], every: int) -> str:
    if len(owed) == every:
        return _("all {n} measures").format(n=every)
    return _(", ").join(owed)


def unit_lines(reminder: rm.Reminder, notice: rm.Reminders, every: int) -> tuple[str, list[str]]:
    """(the unit's line, the lines under it): what is wrong and what it still owes.

    ``every`` is the number of leaf measures, so that a county office that owes
    all of them is told so in three words instead of 47 IDs.
    """
    parts: list[str] = []
    if reminder.reason == rm.MISSING:
        if reminder.days_late:
            parts.append(
                ngettext(
                    "not submitted, {n} day past the due date",
                    "not submitted, {n} days past the due date",
                    reminder.days_late,
                ).format(n=reminder.days_late)
            )
        else:
            parts.append(_("not submitted"))
    else:
        parts.append(_("file {file}").format(file=one_line(reminder.path or "")))
        if reminder.submitted is not None:
            parts.append(_("submitted {day}").format(day=day_words(reminder.submitted)))
        if reminder.days_late:
            parts.append(
                ngettext("{n} day after the due date", "{n} days after the due date", reminder.days_late).format(
                    n=reminder.days_late
                )
            )
        if reminder.reason == rm.UNREADABLE:
            parts.append(_("the report cannot be read"))
        else:
            count = len(reminder.errors)
            parts.append(ngettext("{n} error in the report", "{n} errors in the report", count).format(n=count))
    if reminder.owed and reminder.reason == rm.MISSING:
        parts.append(_("measures to report on: {measures}").format(measures=_measures(reminder.owed, every)))
    head = _("{unit}: {problems}").format(unit=reminder.unit, problems=_("; ").join(parts))
    below = []
    for number, finding in enumerate(reminder.errors[:SHOWN_ERRORS], start=1):
        below.append(
            _("({n}) {where}: {message}").format(n=number, where=where(finding), message=one_line(finding.message))
        )
    hidden = len(reminder.errors) - SHOWN_ERRORS
    if hidden > 0:
        below.append(
            ngettext(
                "and {n} more error: see the report's findings (lplan check)",
                "and {n} more errors: see the report's findings (lplan check)",
                hidden,
            ).format(n=hidden)
        )
    if reminder.owed and reminder.reason != rm.MISSING:
        below.append(_("measures still to report on: {measures}").format(measures=_measures(reminder.owed, every)))
    return head, below


def _heading(reason: str, count: int, number: str) -> str:
    """A group's heading: its number (一、), what is wrong with its units, and how many there are."""
    if reason == rm.MISSING:
        text = ngettext(
            "{number} Unit that has not submitted a report ({n})",
            "{number} Units that have not submitted a report ({n})",
            count,
        )
    elif reason == rm.UNREADABLE:
        text = ngettext(
            "{number} Unit whose report cannot be read ({n})", "{number} Units whose report cannot be read ({n})", count
        )
    else:
        text = ngettext(
            "{number} Unit whose report has errors ({n})", "{number} Units whose report has errors ({n})", count
        )
    return text.format(number=number, n=count)


def notice(notice: rm.Reminders, every: int) -> list[Block]:
    """The whole notice as blocks, in reading order (``every``: the number of leaf measures)."""
    blocks = [Block(TITLE, title(notice))]
    period = period_words(notice.period)
    if notice.empty:
        blocks.append(
            Block(
                PARA,
                _(
                    "As of {today}, every unit has submitted its report for {period} and no report has errors; "
                    "there is no one to remind."
                ).format(today=day_words(notice.today), period=period),
            )
        )
        return blocks + _signature(notice)
    blocks.append(Block(PARA, _("To the member units and county (district) anti-trafficking offices concerned:")))
    blocks.append(
        Block(
            PARA,
            _(
                "Under the plan “{title}”, every member unit and county (district) anti-trafficking office reports its work "
                "for {period} to {recipient} by {due}. As of {today}, the units below have not submitted their "
                "report, or their report has errors: please submit it, or correct it and submit it again, as "
                "soon as possible."
            ).format(
                title=notice.title,
                period=period,
                recipient=notice.recipient,
                due=day_words(notice.due),
                today=day_words(notice.today),
            ),
        )
    )
    section = 0
    for reason in rm.REASONS:
        units = notice.by_reason(reason)
        if not units:
            continue
        blocks.append(Block(HEADING, _heading(reason, len(units), _(ORDINALS[section]))))
        section += 1
        for number, reminder in enumerate(units, start=1):
            head, below = unit_lines(reminder, notice, every)
            blocks.append(Block(ITEM, f"{number}. {head}"))
            blocks += [Block(SUBITEM, line) for line in below]
    if notice.unidentified:
        heading = ngettext(
            "{number} File whose unit cannot be told ({n})",
            "{number} Files whose unit cannot be told ({n})",
            len(notice.unidentified),
        ).format(number=_(ORDINALS[section]), n=len(notice.unidentified))
        blocks.append(Block(HEADING, heading))
        for number, (path, errors) in enumerate(notice.unidentified, start=1):
            line = ngettext(
                "{file} ({n} error): no reporting unit can be told from it; find out who sent it, "
                "and have the unit's name written in it",
                "{file} ({n} errors): no reporting unit can be told from it; find out who sent it, "
                "and have the unit's name written in it",
                errors,
            ).format(file=one_line(path), n=errors)
            blocks.append(Block(ITEM, f"{number}. {line}"))
    return blocks + _signature(notice)


def _signature(notice: rm.Reminders) -> list[Block]:
    return [Block(SIGN, notice.recipient), Block(SIGN, day_words(notice.today))]


def render_text(blocks: list[Block], newline: str = "\n") -> str:
    """The notice as plain text to paste into a message or a document: blank lines between parts."""
    lines: list[str] = []
    for index, block in enumerate(blocks):
        before = blocks[index - 1].kind if index else None
        if before is not None and (block.kind in (TITLE, PARA, HEADING) or (block.kind == SIGN and before != SIGN)):
            lines.append("")
        lines.append("   " + block.text if block.kind == SUBITEM else block.text)
    return newline.join(lines) + newline


def render_md(blocks: list[Block]) -> str:
    """The notice as Markdown: every text escaped (`digest_md.escape`), so nothing in it is obeyed as markup."""
    from lijiang_plan.outputs.digest_md import escape

    out: list[str] = []
    for index, block in enumerate(blocks):
        text = escape(block.text)
        if block.kind == SUBITEM:  # a list under its unit: no blank line between its lines
            if index and blocks[index - 1].kind == SUBITEM:
                out.pop()
            out += [f"- {text}", ""]
        elif block.kind == TITLE:
            out += [f"# {text}", ""]
        elif block.kind == HEADING:
            out += [f"## {text}", ""]
        else:
            out += [text, ""]
    return "\n".join(out).rstrip("\n") + "\n"

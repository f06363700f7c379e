"""The digest as Markdown: every text from a report escaped, so it reads as text in any renderer.

Every character of a report's text that Markdown (CommonMark, GitHub's
tables and strikethrough, the ``$`` of math extensions) could read as markup
is backslash-escaped, which CommonMark shows as the character itself:
``<script>``, ``**``, ``[link](…)``, ``&lt;``, ``|``, and at the start of a
line ``#``, ``-``, ``+``, ``=`` or ``1.``. So they are shown, never obeyed.
What GitHub's autolinking would make a link (``www.``, ``https://``, an
e-mail address) is broken up the same way (see ``_WWW``).
Leading blanks are dropped (they would make a code block), and line breaks
inside an account are kept as hard breaks inside a block quote.
"""

from __future__ import annotations

import re

from lijiang_plan.i18n import _
from lijiang_plan.outputs import digest_words as words
from lijiang_plan.reports import digest as digests

_ACTIVE = re.compile(r"([\\`*_\[\]<>#|~&$!])")
#: What GitHub-flavoured Markdown turns into a link by itself (its autolink extension): www. at a word's
#: start, a scheme's :// (and mailto:/xmpp:), and an e-mail address. The '.' of www. and the ':' of a
#: scheme are backslash-escaped, which breaks the match and shows the character itself; an address's
#: '@' has no escape that survives (the extension reads the text after escapes), so a WORD JOINER
#: (U+2060, invisible and never a break) goes before it.
_WWW = re.compile(r"(?<![\w.-])(www)\.", re.IGNORECASE)
_SCHEME = re.compile(r"(?<=[A-Za-z0-9])(:)(?=//|[A-Za-z0-9._%+-]+@)")
_ADDRESS_AT = re.compile(r"(?<=[A-Za-z0-9._+-])@(?=[A-Za-z0-9_-]+\.)")
#: What makes a line a list item, a thematic break or a setext heading's underline.
_LINE_START = re.compile(r"^(?:[-+](?=\s|$)|=+\s*$|-{2,}|[0-9]{1,9}(?=[.)](?:\s|$)))")


def escape(text: str) -> str:
    """Text that starts a line (or a list item, a cell), every Markdown-active character escaped."""
    text = _ACTIVE.sub(r"\\\1", text)
    text = _ADDRESS_AT.sub("\u2060@", _SCHEME.sub(r"\\\1", _WWW.sub(r"\1\\.", text)))
    match = _LINE_START.match(text)
    if match:
        end = match.end()
        text = text[:end] + "\\" + text[end:] if match.group()[0].isdigit() else "\\" + text
    return text


def cell(text: str) -> str:
    return escape(" ".join(text.split()))


def quote(text: str) -> list[str]:
    """A multi-line account as a block quote: each line escaped, hard breaks between lines."""
    lines = [line.strip() for line in text.split("\n")]
    out = []
    for i, line in enumerate(lines):
        follows = i + 1 < len(lines) and lines[i + 1] != ""
        hard_break = "\\" if line and follows else ""
        out.append(("> " + escape(line) + hard_break).rstrip())
    return out


def render(digest: digests.Digest) -> str:
    lines = [f"# {escape(words.title(digest))}", "", escape(words.subtitle(digest)), ""]
    lines += _contents(digest) + _sources(digest) + _missing(digest) + _totals(digest)
    for part in digest.parts:
        lines += [f"{'#' * (part.level + 1)} {escape(words.heading(part))}", ""]
        if isinstance(part, digests.Measure):
            lines += _measure(part)
    return "\n".join(lines).rstrip("\n") + "\n"


def _contents(digest: digests.Digest) -> list[str]:
    lines = [f"## {escape(_('Contents'))}", ""]
    for part in digest.parts:
        if part.level == 1:
            lines.append(f"- {escape(words.heading(part))}")
    return [*lines, ""]


def _sources(digest: digests.Digest) -> list[str]:
    head = [_("Unit"), _("File"), _("Submitted on"), _("Status"), _("Errors"), _("Warnings")]
    lines = [f"## {escape(_('Sources'))}", "", "| " + " | ".join(escape(h) for h in head) + " |"]
    lines.append("|" + "---|" * len(head))
    for s in digest.sources:
        row = [s.unit, s.file, s.submitted, words.unit_status(s.status), str(s.errors), str(s.warnings)]
        lines.append("| " + " | ".join(cell(c) for c in row) + " |")
    lines.append("")
    if digest.not_counted:
        lines += [escape(_("Files read but not counted:")), ""]
        lines += [f"- {cell(words.noted(digests.file_name(path), words.use(use)))}" for path, use in digest.not_counted]
        lines.append("")
    return lines


def _totals(digest: digests.Digest) -> list[str]:
    if not digest.totals:
        return []
    lines = [f"## {escape(words.totals_heading())}", "", escape(words.totals_note()), ""]
    lines += [f"| {escape(_('Figure'))} | {escape(_('Total'))} | {escape(_('By measure'))} |", "|---|---|---|"]
    for figure in digest.totals:
        lines.append(f"| {cell(figure.label)} | {escape(figure.total)} | {cell(words.parts(figure.parts))} |")
    return [*lines, ""]


def _missing(digest: digests.Digest) -> list[str]:
    lines = [f"## {escape(_('What is missing'))}", ""]
    lines += [f"### {escape(_('Units that have not reported'))}", ""]
    found = [f"- {cell(words.noted(unit, words.unit_status(status)))}" for unit, status in digest.not_reported]
    lines += found or [escape(_("None: every unit has a readable report."))]
    lines += ["", f"### {escape(_('Measures no lead unit reported on'))}", ""]
    found = [f"- {escape(mid)} {cell(title)}" for mid, title in digest.uncovered]
    lines += found or [escape(_("None: every measure has a lead unit's account."))]
    return [*lines, ""]


def _measure(measure: digests.Measure) -> list[str]:
    lines = []
    if measure.leads:
        lines += [escape(_("Lead units: {units}.").format(units="、".join(measure.leads))), ""]
    for account in measure.accounts:
        lines += [f"**{cell(account.unit)}**{escape(words.speaker(account))}", ""]
        lines += quote(account.account)
        if account.reason:
            lines += [">", *quote(_("Reason: {reason}").format(reason=account.reason))]
        if account.figures:
            shown = words.figures(account.figures)
            lines += [">", f"> {escape(_('Figures: {figures}').format(figures=shown))}"]
        lines.append("")
    if measure.figures:
        lines += [f"| {escape(_('Figure'))} | {escape(_('Total'))} | {escape(_('Reported by'))} |", "|---|---|---|"]
        for figure in measure.figures:
            lines.append(f"| {cell(figure.label)} | {escape(figure.total)} | {cell(words.parts(figure.parts))} |")
        lines.append("")
    missing = words.missing_line(measure)
    if missing:
        lines += [f"*{escape(missing)}*", ""]
    return lines

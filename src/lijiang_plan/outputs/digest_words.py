"""The words the digest's writers share (Markdown, HTML, Word): roles, statuses, headings, and the prose they make.

Every sentence and every list is made here, in the interface language, with
its own punctuation (（负责，进行中）, 负责：市司法局；配合：…), so the three
formats say the same and a Chinese digest reads as Chinese prose.
"""

from __future__ import annotations

from lijiang_plan.i18n import N_, _, ngettext
from lijiang_plan.outputs import words as unit_words
from lijiang_plan.reports import digest as digests

ROLES = {"lead": N_("lead"), "cooperate": N_("cooperating"), "county": N_("county office"), "other": N_("not a duty")}
STATUSES = {
    "ongoing": N_("ongoing"),
    "completed": N_("completed"),
    "not-started": N_("not started"),
    "not-applicable": N_("not applicable"),
}


def title(digest: digests.Digest) -> str:
    from lijiang_plan.plan.deadlines import period_text

    return _("Digest of the reports for {period}").format(period=period_text(digest.period))


def subtitle(digest: digests.Digest) -> str:
    return _("{plan}. Reports due {due}.").format(plan=digest.title, due=digest.due)


def role(name: str) -> str:
    return _(ROLES.get(name, name))


def status(name: str) -> str:
    return _(STATUSES[name]) if name in STATUSES else name


def unit_status(name: str) -> str:
    """A unit's status (on-time, late, …) in the words the page and the summary's workbook use."""
    return str(unit_words.word(unit_words.STATUSES, name))


def use(name: str) -> str:
    """Why a file is not counted (superseded, other-period, unidentified), in the summary's words."""
    return str(unit_words.word(unit_words.USES, name))


def who(account: digests.Account) -> str:
    """'lead, ongoing' (and the report's findings, when it has any)."""
    said = role(account.role)
    if account.status:
        said = _("{role}, {status}").format(role=said, status=status(account.status))
    if account.findings:
        found = ngettext(
            "its report has {n} finding in lplan check", "its report has {n} findings in lplan check", account.findings
        )
        said = _("{who}; {findings}").format(who=said, findings=found.format(n=account.findings))
    return said


def speaker(account: digests.Account) -> str:
    """What follows the unit's name before its account: ' (lead, ongoing)', （负责，进行中） in Chinese."""
    return _(" ({who})").format(who=who(account))


def noted(item: str, note: str) -> str:
    """A list item and its note: 'file.xlsx (other period)', 市外办（无法读取） in Chinese."""
    return _("{item} ({note})").format(item=item, note=note)


def figures(pairs: tuple[tuple[str, str], ...] | list[tuple[str, str]]) -> str:
    """'解救人数: 3; 宣传场次: 2' (a unit's figures), 解救人数：3；宣传场次：2 in Chinese."""
    return _("; ").join(_("{label}: {value}").format(label=label, value=value) for label, value in pairs)


def parts(pairs: tuple[tuple[str, str], ...]) -> str:
    """Who gave which number ('市公安局 3; 市检察院 4'), or each measure's part of a total."""
    return _("; ").join(f"{who} {value}" for who, value in pairs)


def missing_line(measure: digests.Measure) -> str:
    """Who has not reported on the measure, or '' when everyone has."""
    found = []
    if measure.leads_missing:
        found.append(_("lead: {units}").format(units="、".join(measure.leads_missing)))
    for role_name in ("cooperate", "county"):
        names = [unit for unit, r in measure.others_missing if r == role_name]
        if names:
            found.append(_("{role}: {units}").format(role=role(role_name), units="、".join(names)))
    return _("Not reported on by {who}.").format(who=_("; ").join(found)) if found else ""


file_name = digests.file_name


def heading(part: digests.Heading | digests.Measure) -> str:
    return f"{part.id} {part.title}"


def render_html(digest: digests.Digest, script: str, version: str) -> str:
    """The digest as one self-contained HTML page (the coverage page's style sheet)."""
    from lijiang_plan.outputs import digest_words as words
    from lijiang_plan.outputs.html import name_lang, render

    return render("digest.html.j2", d=digest, w=words, name_lang=name_lang(script), version=version)


def totals_heading() -> str:
    return _("Figures across all measures")


def totals_note() -> str:
    return _(
        "Each label summed over every measure that reports it; the same people or events may be counted under more than one measure."
    )

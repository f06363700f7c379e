"""The words the digest's writers share (Markdown, HTML, Word): roles, statuses, headings."""

from __future__ import annotations

from lijiang_plan.i18n import N_, _, ngettext
from lijiang_plan.reports import digest as digests

ROLES = {"lead": N_("lead"), "cooperate": N_("cooperating"), "county": N_("county office"), "other": N_("not a duty")}
STATUSES = {
    "ongoing": N_("ongoing"),
    "completed": N_("completed"),
    "not-started": N_("not started"),
    "not-applicable": N_("not applicable"),
}
UNIT_STATUSES = {
    "on-time": N_("on time"),
    "late": N_("late"),
    "undated": N_("undated"),
    "unreadable": N_("unreadable"),
    "missing": N_("missing"),
}
USES = {
    "superseded": N_("not counted (duplicate)"),
    "other-period": N_("other period"),
    "unidentified": N_("unidentified"),
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
    return _(UNIT_STATUSES.get(name, name))


def use(name: str) -> str:
    return _(USES.get(name, name))


def who(account: digests.Account) -> str:
    """'lead, ongoing' (and the report's findings, when it has any)."""
    parts = [role(account.role)]
    if account.status:
        parts.append(status(account.status))
    if account.findings:
        found = ngettext(
            "its report has {n} finding (lplan check)", "its report has {n} findings (lplan check)", account.findings
        )
        parts.append(found.format(n=account.findings))
    return ", ".join(parts)


def missing_line(measure: digests.Measure) -> str:
    """Who has not reported on the measure, or '' when everyone has."""
    parts = []
    if measure.leads_missing:
        parts.append(_("lead: {units}").format(units="、".join(measure.leads_missing)))
    for role_name in ("cooperate", "county"):
        names = [unit for unit, r in measure.others_missing if r == role_name]
        if names:
            parts.append(f"{role(role_name)}: {'、'.join(names)}")
    return _("Not reported on by {who}.").format(who="; ".join(parts)) if parts else ""


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

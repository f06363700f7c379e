"""The office's routes (`ROUTES`): its page, the coverage page, the downloads, the settings, the accounts' resets.

Only the office's account opens them (`office_only`). Each reads the folder
afresh, as `lplan summary`, `digest` and `remind` read it (`live.LiveFolder`),
for the period being collected; a setting fixed on the command line
(--period, --allow-errors) is not changed here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from lijiang_plan.i18n import _
from lijiang_plan.outputs import reminder_words as words
from lijiang_plan.plan import deadlines as dl
from lijiang_plan.portal import security, views
from lijiang_plan.portal.requests import (
    DOCX,
    XLSX,
    address,
    download,
    not_found,
    office_only,
    opened_by,
    portal_of,
    posted,
    redirect,
    sent_by,
)
from lijiang_plan.portal.state import Portal, Session

if TYPE_CHECKING:
    from lijiang_plan.reports.reminders import Reminders


@opened_by(office_only)
def office_get(request: Request, session: Session) -> Response:
    portal = portal_of(request)
    config = portal.config
    period = portal.period()
    rollup, _earlier = portal.live.periods(period)
    accounts = {row["unit_id"]: row for row in portal.store.accounts()}
    page = views.office_page(
        portal.plan,
        config.script,
        period,
        portal.site.today(),
        rollup,
        portal.store.latest(period),
        accounts,
        portal.now(),
    )
    settings = {
        "allow_errors": portal.allow_errors(),
        "allow_fixed": config.allow_errors is not None,
        "period_fixed": config.period is not None,
    }
    return portal.page(request, "office.html.j2", 200, session, page=page, settings=settings)


@opened_by(office_only)
def coverage_get(request: Request, session: Session) -> Response:
    from lijiang_plan.outputs.writers import render

    portal = portal_of(request)
    html = render(portal.live.output(portal.period(), portal.config.script, portal.config.version), "html")
    return HTMLResponse(str(html), headers={"content-security-policy": security.PAGE_CSP})


# -- the downloads: what `lplan summary -f xlsx`, `digest` and `remind` write ----------


@opened_by(office_only)
def summary_xlsx(request: Request, session: Session) -> Response:
    from lijiang_plan.outputs.writers import render

    portal = portal_of(request)
    period = portal.period()
    content = render(portal.live.output(period, portal.config.script, portal.config.version), "xlsx")
    assert isinstance(content, bytes)
    return download(content, XLSX, f"{period}-汇总.xlsx", f"{period}-summary.xlsx")


@opened_by(office_only)
def digest_docx(request: Request, session: Session) -> Response:
    from lijiang_plan.outputs.digest_docx import render as docx
    from lijiang_plan.reports import digest

    portal = portal_of(request)
    period = portal.period()
    built = digest.build(portal.live.files(), portal.plan, period, portal.config.script)
    return download(docx(built), DOCX, f"{period}-汇编.docx", f"{period}-digest.docx")


@opened_by(office_only)
def reminder_docx(request: Request, session: Session) -> Response:
    from lijiang_plan.outputs.reminder_docx import render

    portal = portal_of(request)
    period = portal.period()
    notice, blocks = _reminder(portal, period)
    return download(render(blocks, words.title(notice)), DOCX, f"{period}-催报通知.docx", f"{period}-reminder.docx")


@opened_by(office_only)
def reminder_txt(request: Request, session: Session) -> Response:
    portal = portal_of(request)
    period = portal.period()
    _notice, blocks = _reminder(portal, period)
    text = ("\ufeff" + words.render_text(blocks, "\r\n")).encode("utf-8")
    return download(text, "text/plain; charset=utf-8", f"{period}-催报通知.txt", f"{period}-reminder.txt")


def _reminder(portal: Portal, period: str) -> tuple[Reminders, list[words.Block]]:
    """The reminder (催报通知) of ``period`` as `lplan remind` builds it, and its blocks of words."""
    from lijiang_plan.reports import reminders

    rollup, _earlier = portal.live.periods(period)
    notice = reminders.build(rollup, portal.plan, portal.config.script, portal.site.today())
    return notice, words.notice(notice, len(portal.plan.leaf_ids()))


# -- what the office changes -------------------------------------------------------------


@sent_by(office_only)
def settings_post(request: Request, data: FormData, session: Session) -> Response:
    portal = portal_of(request)
    config = portal.config
    changed = []
    if config.allow_errors is None:
        value = "1" if data.get("allow_errors") == "1" else "0"
        portal.store.set_setting("allow_errors", value)
        changed.append(f"allow_errors={value}")
    period = str(data.get("period") or "")
    if config.period is None and period:
        try:
            year, half = dl.parse_period(period, portal.plan)
        except dl.BadPeriod as exc:
            return portal.error(request, 400, _("Not a period"), exc.message, session)
        portal.store.set_setting("period", f"{year}-{half}")
        changed.append(f"period={year}-{half}")
    portal.store.log(portal.stamp(), session.unit_id, address(request), "settings", ", ".join(changed))
    return redirect("/office")


@sent_by(office_only)
def reset_post(request: Request, data: FormData, session: Session) -> Response:
    portal = portal_of(request)
    unit_id = request.path_params["unit_id"]
    account = portal.store.account(unit_id)
    if account is None:
        return not_found(request, session)
    password = security.one_time_password()
    portal.store.issue(unit_id, account["role"], security.hash_password(password), portal.stamp())
    portal.store.log(portal.stamp(), session.unit_id, address(request), "password-reset", unit_id)
    return portal.page(
        request, "issued.html.j2", 200, session, unit=portal.name(unit_id), unit_id=unit_id, password=password
    )


ROUTES = [
    Route("/office", office_get, methods=["GET"]),
    Route("/office/coverage", coverage_get, methods=["GET"]),
    Route("/office/settings", posted(settings_post), methods=["POST"]),
    Route("/office/accounts/{unit_id:str}/reset", posted(reset_post), methods=["POST"]),
    Route("/office/summary.xlsx", summary_xlsx, methods=["GET"]),
    Route("/office/digest.docx", digest_docx, methods=["GET"]),
    Route("/office/reminder.docx", reminder_docx, methods=["GET"]),
    Route("/office/reminder.txt", reminder_txt, methods=["GET"]),
]

"""A unit's routes (`ROUTES`): its page, its template, its upload, and the submissions it may see.

A unit's account sees and submits only for its own unit: the template is its
own, an upload is filed under its unit whatever the report says (the check
refuses another unit's report), and any other unit's upload answers 404, as
one that does not exist; the office's account sees every submission. The
upload is the one route that reads its body itself: in the event loop,
within `Config.max_upload` and `Config.upload_timeout`; its check runs in a
worker thread (`submit.Submitter`).
"""

from __future__ import annotations

import os
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from lijiang_plan.i18n import _
from lijiang_plan.portal import views
from lijiang_plan.portal.requests import (
    FORM_OVERHEAD,
    TYPES,
    XLSX,
    TooLarge,
    TooSlow,
    address,
    bad_form,
    csrf_ok,
    download,
    not_found,
    opened_by,
    portal_of,
    read_form,
    redirect,
    signed_in,
    unit_only,
)
from lijiang_plan.portal.state import Session
from lijiang_plan.portal.submit import Upload


@opened_by(unit_only)
def unit_get(request: Request, session: Session) -> Response:
    portal = portal_of(request)
    config = portal.config
    rows = portal.store.submissions(session.unit_id)
    page = views.unit_page(
        portal.plan, session.unit_id, config.script, portal.period(), portal.site.today(), rows, portal.allow_errors()
    )
    limit = f"{config.max_upload / (1024 * 1024):g} MiB"
    return portal.page(request, "unit.html.j2", 200, session, page=page, limit=limit)


@opened_by(unit_only)
def template_get(request: Request, session: Session) -> Response:
    from lijiang_plan.reports import template as tpl

    portal = portal_of(request)
    plan = portal.plan
    period = portal.period()
    kind = request.path_params["kind"]
    if kind not in ("xlsx", "yaml"):
        return not_found(request, session)
    simple = plan.unit_name(session.unit_id, "simplified")
    if kind == "xlsx":
        from lijiang_plan.reports import layout, xlsxreport

        content = xlsxreport.render(plan, tpl.skeleton(plan, session.unit_id, period), layout.interface_language())
        return download(content, XLSX, f"{period}-{simple}.xlsx", f"{period}-{session.unit_id}.xlsx")
    schema = str(request.url_for("schema"))
    text = tpl.render(plan, session.unit_id, period, schema)
    return download(text.encode("utf-8"), TYPES["yaml"], f"{period}-{simple}.yaml", f"{period}-{session.unit_id}.yaml")


async def upload_post(request: Request) -> Response:
    session = await run_in_threadpool(unit_only, request)
    if not isinstance(session, Session):
        return session
    portal = portal_of(request)
    max_upload = portal.config.max_upload
    data = await _upload_form(request, session)
    if isinstance(data, Response):
        return data
    if not csrf_ok(data, session):
        return await run_in_threadpool(bad_form, request, session)
    sent = data.get("report")
    if not isinstance(sent, UploadFile) or (not sent.filename and not sent.size):
        return await run_in_threadpool(
            portal.error,
            request,
            400,
            _("No file chosen"),
            _("Choose the report file, then press Upload."),
            session,
        )
    content = await sent.read(max_upload + 1)
    await sent.close()
    if len(content) > max_upload:
        return await run_in_threadpool(_too_large, request, session)
    upload = Upload(session.unit_id, session.unit_id, address(request), portal.period(), sent.filename or "", content)
    number = await run_in_threadpool(portal.submitter.submit, upload, portal.allow_errors())
    return redirect(f"/submissions/{number}")


async def _upload_form(request: Request, session: Session) -> FormData | Response:
    """The upload's form, read within the size and time limits, or the page that says which it broke."""
    portal = portal_of(request)
    config = portal.config
    try:
        return await read_form(request, config.max_upload + FORM_OVERHEAD, files=1)
    except TooLarge:
        return await run_in_threadpool(_too_large, request, session)
    except TooSlow:
        return await run_in_threadpool(
            portal.error,
            request,
            408,
            _("The upload took too long"),
            _(
                "The file did not arrive within {seconds} seconds. Check the network connection and upload it again."
            ).format(seconds=f"{config.upload_timeout:g}"),
            session,
        )
    except MultiPartException:
        return await run_in_threadpool(
            portal.error,
            request,
            400,
            _("The form could not be read"),
            _("Choose the file again and resend the form."),
            session,
        )


def _too_large(request: Request, session: Session | None) -> Response:
    portal = portal_of(request)
    limit = f"{portal.config.max_upload / (1024 * 1024):g} MiB"
    return portal.error(
        request,
        413,
        _("The file is too large"),
        _(
            "An upload may be at most {limit}; a report is far smaller. Is it the right file? "
            "Upload the report workbook (.xlsx) or YAML file."
        ).format(limit=limit),
        session,
    )


# -- submissions: the unit's own, or any for the office ----------------------------


def _owned(request: Request, session: Session) -> Any:
    """The submission the path names, if this session may see it (None: answered as one that does not exist)."""
    row = portal_of(request).store.submission(request.path_params["number"])
    if row is None or (session.role != "office" and row["unit_id"] != session.unit_id):
        return None
    return row


@opened_by(signed_in)
def submission_get(request: Request, session: Session) -> Response:
    row = _owned(request, session)
    if row is None:
        return not_found(request, session)
    portal = portal_of(request)
    page = views.submission(row, portal.name(row["unit_id"]))
    return portal.page(request, "submission.html.j2", 200, session, page=page)


@opened_by(signed_in)
def submission_file(request: Request, session: Session) -> Response:
    row = _owned(request, session)
    if row is None:
        return not_found(request, session)
    portal = portal_of(request)
    try:
        with open(os.path.join(portal.site.root, row["kept"]), "rb") as fh:
            content = fh.read()
    except OSError:  # moved or deleted by hand, or the folder restored without .lplan/
        return portal.error(
            request,
            410,
            _("The file is no longer here"),
            _(
                "The file kept for this upload ({file}) is no longer in the reports folder. "
                "Ask the office: it may be in a backup of the folder."
            ).format(file=row["kept"]),
            session,
        )
    ext = row["kind"] if row["kind"] in TYPES else "bin"
    name = f"{row['period']}-{row['unit_id']}-{row['id']}.{ext}"
    return download(content, TYPES.get(row["kind"], "application/octet-stream"), name, name)


ROUTES = [
    Route("/unit", unit_get, methods=["GET"]),
    Route("/unit/template.{kind:str}", template_get, methods=["GET"]),
    Route("/unit/upload", upload_post, methods=["POST"]),
    Route("/submissions/{number:int}", submission_get, methods=["GET"]),
    Route("/submissions/{number:int}/file", submission_file, methods=["GET"]),
]

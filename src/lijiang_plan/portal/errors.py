"""The app's exception handlers (`HANDLERS`): an HTTP error or a crash answered with a page in the interface language.

Not `lijiang_plan.errors` (the CLI's errors and exit statuses): these are
pages. Starlette calls `http_error` for a path no route has (404) or a method
it does not take (405), and `server_error` for an exception a route let out
(500), never showing a traceback; `guard.Guard` logs the crash and keeps the
server going.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from lijiang_plan.i18n import _
from lijiang_plan.portal.requests import not_found, portal_of


async def http_error(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 500)
    portal = portal_of(request)
    if status == 405:
        return await run_in_threadpool(
            portal.error,
            request,
            405,
            _("Not allowed"),
            _("This page cannot be used that way. Go back and use its form or link."),
        )
    if status == 404:
        return await run_in_threadpool(not_found, request)
    return await run_in_threadpool(
        portal.error, request, status, _("The request could not be served"), _("Go back and try again.")
    )


async def server_error(request: Request, exc: Exception) -> Response:
    return await run_in_threadpool(
        portal_of(request).error,
        request,
        500,
        _("Something went wrong"),
        _(
            "The portal could not answer this request. Nothing you sent before was lost; try again, and if it happens again, tell the office."
        ),
    )


HANDLERS = {HTTPException: http_error, Exception: server_error}

"""The outermost layer of the app: security headers on every response, a refused cross-site POST, no traceback ever.

Every response carries `security.HEADERS`, the CSP (a route may set its own,
as the coverage page does) and ``Cache-Control: no-store`` (unless the route
says otherwise). A POST whose browser says it comes from another site
(Origin, else Referer) is refused before any route sees it.
"""

from __future__ import annotations

import logging
import os
import traceback
import urllib.parse

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lijiang_plan.i18n import _
from lijiang_plan.portal import security
from lijiang_plan.portal.state import Portal

log = logging.getLogger("lplan.portal")


class Guard:
    """The outermost layer: security headers on every response, a refused cross-site POST, no traceback ever.

    A request that fails inside the app has already had its 500 page from the
    app's handler; here the failure is logged in one line (the traceback only
    with LPLAN_DEBUG=1) and the server goes on serving.
    """

    def __init__(self, app: ASGIApp, portal: Portal) -> None:
        self.app = app
        self.portal = portal

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in security.HEADERS.items():
                    headers[name] = value
                if "content-security-policy" not in headers:
                    headers["content-security-policy"] = security.CSP
                if "cache-control" not in headers:
                    headers["cache-control"] = "no-store"
            await send(message)

        request = Request(scope)
        if scope["method"] == "POST" and not _same_origin(request):
            response = await run_in_threadpool(
                self.portal.error,
                request,
                403,
                _("Refused"),
                _("This form was sent from another site. Open the portal's own page and send the form from there."),
            )
            await response(scope, receive, send_with_headers)
            return
        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:  # noqa: BLE001 - one request's failure never stops the server
            log.error(
                _(
                    "internal error on {method} {path} ({error}); the portal goes on. LPLAN_DEBUG=1 logs the traceback."
                ).format(method=scope["method"], path=scope["path"], error=f"{type(exc).__name__}: {exc}")
            )
            if os.environ.get("LPLAN_DEBUG"):
                log.error("%s", traceback.format_exc())
            if not started:
                page = await run_in_threadpool(
                    self.portal.error, request, 500, _("Something went wrong"), _("Try again.")
                )
                await page(scope, receive, send_with_headers)


def _same_origin(request: Request) -> bool:
    """Whether a POST comes from this site, when the browser says where it comes from (Origin, else Referer)."""
    host = request.headers.get("host", "")
    origin = request.headers.get("origin")
    if origin is not None:
        return urllib.parse.urlsplit(origin).netloc == host and origin != "null"
    referer = request.headers.get("referer")
    if referer is not None:
        return urllib.parse.urlsplit(referer).netloc == host
    return True

"""What every route of the portal does with a request: who sent it, whether it may, its form, the usual answers.

A session belongs to one account: `signed_in` answers without one (a GET is
sent to sign in, a POST gets a page saying so) and sends an account with a
one-time password to change it first; `office_only` and `unit_only` narrow it
to the office's account or a unit's. Every POST carries the session's CSRF
token (`csrf_ok`); its form is read within a size and a time limit
(`read_form`, `posted`), the only work done on the event loop. The `Portal`
is the app's (`portal_of`), never a closure's.
"""

from __future__ import annotations

import functools
import urllib.parse
from collections.abc import Awaitable, Callable

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.types import Message

from lijiang_plan.i18n import _
from lijiang_plan.portal import security
from lijiang_plan.portal.state import Portal, Session

#: What a multipart body may add to the file it carries (boundaries, the CSRF field, the file's name).
FORM_OVERHEAD = 64 * 1024

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TYPES = {"xlsx": XLSX, "yaml": "application/yaml; charset=utf-8"}


class TooLarge(Exception):
    """The request body is larger than an upload may be."""


class TooSlow(Exception):
    """The upload did not arrive within the time allowed."""


def portal_of(request: Request) -> Portal:
    """The folder this request is served from (`app.create_app` put it on the app's state)."""
    portal: Portal = request.app.state.portal
    return portal


# -- who may ------------------------------------------------------------------------


def signed_in(request: Request) -> Session | Response:
    """The request's session, or the answer to give without one (sign in; change the one-time password first)."""
    portal = portal_of(request)
    session = portal.session(request)
    if session is None:
        if request.method == "GET":
            return redirect("/signin")
        return portal.error(
            request,
            403,
            _("Signed out"),
            _("You are not signed in (you signed out, or the session ended). Sign in again, then try again."),
        )
    if session.must_change and request.url.path not in ("/password", "/signout"):
        return redirect("/password")
    return session


def office_only(request: Request) -> Session | Response:
    session = signed_in(request)
    if isinstance(session, Session) and session.role != "office":
        return portal_of(request).error(
            request, 403, _("Not for this account"), _("Only the office's account can open this page."), session
        )
    return session


def unit_only(request: Request) -> Session | Response:
    session = signed_in(request)
    if isinstance(session, Session) and session.role != "unit":
        return redirect("/office")
    return session


#: Who may open a route: the session it lets in, or the answer for anyone else.
Gate = Callable[[Request], Session | Response]
Handler = Callable[[Request, Session], Response]
FormHandler = Callable[[Request, FormData, Session], Response]


def opened_by(gate: Gate) -> Callable[[Handler], Callable[[Request], Response]]:
    """A route whose handler gets the session ``gate`` lets in (`signed_in`, `office_only`, `unit_only`).

    Anyone else gets ``gate``'s answer (sign in first, not for this account),
    so a handler never repeats the check and cannot forget it.
    """

    def decorate(handler: Handler) -> Callable[[Request], Response]:
        @functools.wraps(handler)
        def endpoint(request: Request) -> Response:
            session = gate(request)
            return handler(request, session) if isinstance(session, Session) else session

        return endpoint

    return decorate


def sent_by(gate: Gate) -> Callable[[FormHandler], Callable[[Request, FormData], Response]]:
    """As `opened_by`, for a form (under `posted`): the form must also carry the session's CSRF token."""

    def decorate(handler: FormHandler) -> Callable[[Request, FormData], Response]:
        @functools.wraps(handler)
        def endpoint(request: Request, data: FormData) -> Response:
            session = gate(request)
            if not isinstance(session, Session):
                return session
            if not csrf_ok(data, session):
                return bad_form(request, session)
            return handler(request, data, session)

        return endpoint

    return decorate


def csrf_ok(form: FormData, session: Session) -> bool:
    return security.same_token(form.get("csrf"), session.csrf)


def address(request: Request) -> str:
    return request.client.host if request.client else "-"


# -- the form -----------------------------------------------------------------------


async def read_form(request: Request, limit: int = FORM_OVERHEAD, files: int = 0) -> FormData:
    """The request's form, read within ``limit`` bytes and the upload time limit (TooLarge, TooSlow)."""
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > limit:
        raise TooLarge()
    received = 0

    async def receive() -> Message:
        nonlocal received
        message = await request.receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise TooLarge()
        return message

    bounded = Request(request.scope, receive)
    import anyio

    try:
        with anyio.fail_after(portal_of(request).config.upload_timeout):
            return await bounded.form(max_files=files, max_fields=16, max_part_size=FORM_OVERHEAD)
    except TimeoutError:
        raise TooSlow() from None
    except HTTPException as exc:  # Starlette's word for a multipart body it cannot parse
        raise MultiPartException(str(exc.detail)) from None


def posted(
    handler: Callable[[Request, FormData], Response], limit: int = FORM_OVERHEAD
) -> Callable[[Request], Awaitable[Response]]:
    """An endpoint that reads the form (a page if it cannot be read), then runs ``handler`` in a worker thread."""

    async def endpoint(request: Request) -> Response:
        try:
            data = await read_form(request, limit)
        except (TooLarge, TooSlow, MultiPartException):
            return await run_in_threadpool(
                portal_of(request).error,
                request,
                400,
                _("The form could not be read"),
                _("Open the page again and resend the form."),
                None,
            )
        return await run_in_threadpool(handler, request, data)

    return endpoint


# -- the usual answers ----------------------------------------------------------------


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def set_cookie(response: Response, name: str, value: str) -> None:
    response.set_cookie(name, value, httponly=True, samesite="strict", path="/")


def download(content: bytes, media_type: str, name: str, fallback: str) -> Response:
    """A file to save, never to show: attachment, its own type, a UTF-8 name with an ASCII stand-in."""
    quoted = urllib.parse.quote(name, safe="")
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quoted}"
    return Response(content, media_type=media_type, headers={"content-disposition": disposition})


def bad_form(request: Request, session: Session | None = None) -> Response:
    return portal_of(request).error(
        request,
        403,
        _("The form has expired"),
        _("This form was not sent from a page of this portal, or it has expired. Open the page again and resend it."),
        session,
    )


def not_found(request: Request, session: Session | None = None) -> Response:
    return portal_of(request).error(request, 404, _("Not found"), _("There is no such page here."), session)

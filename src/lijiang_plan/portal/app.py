"""The portal's routes and the ASGI app (Starlette), server-rendered, working with JavaScript off.

Every page is a plain HTML form or a link; every POST answers with a redirect
(303) or a page, never with a script. Each request is served in a worker
thread (checks, SQLite, file writes never block the event loop); the one
exception, reading an upload's body, is bounded in size and time.

Who sees what: a session belongs to one account; a unit's account sees and
submits only for its own unit (its page, its template, its uploads: any other
upload's number answers 404, as one that does not exist), the office's
account sees everything and changes the settings and passwords. Every POST
carries the session's CSRF token (the sign-in form, a token double-submitted
in a cookie of its own) and, when the browser says where it comes from
(Origin, Referer), must come from this site. Every response carries the
security headers (`security.HEADERS`, the CSP, ``Cache-Control: no-store``);
every error is a page in the interface language, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import os
import urllib.parse
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message

from lijiang_plan.i18n import _, ngettext
from lijiang_plan.plan import deadlines as dl
from lijiang_plan.portal import security, views
from lijiang_plan.portal.guard import Guard
from lijiang_plan.portal.state import Config, Portal, Session
from lijiang_plan.portal.submit import Upload

#: Wrong passwords before an account is locked, and for how long.
ACCOUNT_LIMIT, ACCOUNT_LOCK = 5, 15 * 60
#: Failed sign-ins from one address in the window before it must wait out the window.
ADDRESS_LIMIT, ADDRESS_WINDOW = 20, 15 * 60
#: What a multipart body may add to the file it carries (boundaries, the CSRF field, the file's name).
FORM_OVERHEAD = 64 * 1024

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TYPES = {"xlsx": XLSX, "yaml": "application/yaml; charset=utf-8"}


class TooLarge(Exception):
    """The request body is larger than an upload may be."""


class TooSlow(Exception):
    """The upload did not arrive within the time allowed."""


def _address(request: Request) -> str:
    return request.client.host if request.client else "-"


def _download(content: bytes, media_type: str, name: str, fallback: str) -> Response:
    """A file to save, never to show: attachment, its own type, a UTF-8 name with an ASCII stand-in."""
    quoted = urllib.parse.quote(name, safe="")
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quoted}"
    return Response(content, media_type=media_type, headers={"content-disposition": disposition})


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _cookie(response: Response, name: str, value: str) -> None:
    response.set_cookie(name, value, httponly=True, samesite="strict", path="/")


def _minutes(until: float, now: float) -> tuple[str, int]:
    """(the local clock time ``until``, the whole minutes to it, at least 1)."""
    return dt.datetime.fromtimestamp(until).strftime("%H:%M"), max(1, int((until - now + 59) // 60))


def create_app(config: Config) -> ASGIApp:
    portal = Portal(config)
    plan = portal.plan

    # -- helpers that need the portal -----------------------------------------

    def signed_in(request: Request) -> Session | Response:
        """The request's session, or the answer to give without one (sign in; change the one-time password first)."""
        session = portal.session(request)
        if session is None:
            if request.method == "GET":
                return _redirect("/signin")
            return portal.error(
                request,
                403,
                _("Signed out"),
                _("You are not signed in (you signed out, or the session ended). Sign in again, then try again."),
            )
        if session.must_change and request.url.path not in ("/password", "/signout"):
            return _redirect("/password")
        return session

    def office_only(request: Request) -> Session | Response:
        session = signed_in(request)
        if isinstance(session, Session) and session.role != "office":
            return portal.error(
                request, 403, _("Not for this account"), _("Only the office's account can open this page."), session
            )
        return session

    def unit_only(request: Request) -> Session | Response:
        session = signed_in(request)
        if isinstance(session, Session) and session.role != "unit":
            return _redirect("/office")
        return session

    def csrf_ok(form: FormData, session: Session) -> bool:
        return security.same_token(form.get("csrf"), session.csrf)

    def bad_form(request: Request, session: Session | None = None) -> Response:
        return portal.error(
            request,
            403,
            _("The form has expired"),
            _(
                "This form was not sent from a page of this portal, or it has expired. Open the page again and resend it."
            ),
            session,
        )

    async def form(request: Request, limit: int = FORM_OVERHEAD, files: int = 0) -> FormData:
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
            with anyio.fail_after(config.upload_timeout):
                return await bounded.form(max_files=files, max_fields=16, max_part_size=FORM_OVERHEAD)
        except TimeoutError:
            raise TooSlow() from None
        except HTTPException as exc:  # Starlette's word for a multipart body it cannot parse
            raise MultiPartException(str(exc.detail)) from None

    def too_large(request: Request, session: Session | None) -> Response:
        limit = f"{config.max_upload / (1024 * 1024):g} MiB"
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

    # -- sign in, sign out, password -------------------------------------------

    def home(request: Request) -> Response:
        session = signed_in(request)
        if not isinstance(session, Session):
            return session
        return _redirect("/office" if session.role == "office" else "/unit")

    def signin_page(request: Request, message: str = "", status: int = 200, chosen: str = "") -> Response:
        token = security.unsign(portal.key, request.cookies.get(security.PRE_COOKIE)) or security.new_token()
        accounts = [row["unit_id"] for row in portal.store.accounts()]
        office = [u for u in accounts if u == plan.recipient()]
        choices = [{"id": u, "name": portal.name(u)} for u in office + [u for u in accounts if u not in office]]
        response = portal.page(
            request, "signin.html.j2", status, None, choices=choices, token=token, message=message, chosen=chosen
        )
        _cookie(response, security.PRE_COOKIE, security.sign(portal.key, token))
        return response

    def signin_get(request: Request) -> Response:
        if portal.session(request) is not None:
            return _redirect("/")
        return signin_page(request)

    def signin_post(request: Request, data: FormData) -> Response:
        token = security.unsign(portal.key, request.cookies.get(security.PRE_COOKIE))
        if token is None or not security.same_token(data.get("csrf"), token):
            return bad_form(request)
        unit_id = str(data.get("unit") or "")
        password = str(data.get("password") or "")
        address = _address(request)
        now = portal.now()
        blocked = portal.store.address_blocked_until(address, now, ADDRESS_WINDOW, ADDRESS_LIMIT)
        if blocked > now:
            clock, minutes = _minutes(blocked, now)
            message = ngettext(
                "Too many failed sign-ins from this computer. Try again in {n} minute (after {time}).",
                "Too many failed sign-ins from this computer. Try again in {n} minutes (after {time}).",
                minutes,
            ).format(n=minutes, time=clock)
            return signin_page(request, message, 429, unit_id)
        account = portal.store.account(unit_id)
        if account is not None and account["locked_until"] > now:
            clock, minutes = _minutes(account["locked_until"], now)
            return signin_page(request, _locked(minutes, clock), 429, unit_id)
        good = security.verify_password(password, account["password"] if account else security.dummy_hash())
        if account is None or not good:
            portal.store.address_failed(address, now, ADDRESS_WINDOW)
            portal.store.log(portal.stamp(), unit_id[:80], address, "signin-failed")
            if account is None:
                return signin_page(request, _("The unit or the password is not right."), 401, unit_id)
            locked = portal.store.failed(unit_id, now, ACCOUNT_LIMIT, ACCOUNT_LOCK)
            if locked:
                clock, minutes = _minutes(locked, now)
                portal.store.log(portal.stamp(), unit_id, address, "locked")
                return signin_page(request, _locked(minutes, clock), 429, unit_id)
            return signin_page(request, _("The unit or the password is not right."), 401, unit_id)
        portal.store.succeeded(unit_id)
        session_token, csrf = security.new_token(), security.new_token()
        portal.store.create_session(security.token_hash(session_token), unit_id, csrf, now, address)
        portal.store.log(portal.stamp(), unit_id, address, "signin")
        response = _redirect("/password" if account["must_change"] else "/")
        _cookie(response, security.SESSION_COOKIE, security.sign(portal.key, session_token))
        response.delete_cookie(security.PRE_COOKIE, path="/")
        return response

    def signout_post(request: Request, data: FormData) -> Response:
        session = portal.session(request)
        if session is None:
            response: Response = _redirect("/signin")
        elif not csrf_ok(data, session):
            return bad_form(request, session)
        else:
            portal.store.end_session(session.token_hash)
            portal.store.log(portal.stamp(), session.unit_id, _address(request), "signout")
            response = _redirect("/signin")
        response.delete_cookie(security.SESSION_COOKIE, path="/")
        return response

    def password_get(request: Request, message: str = "", status: int = 200) -> Response:
        session = signed_in(request)
        if not isinstance(session, Session):
            return session
        return portal.page(
            request,
            "password.html.j2",
            status,
            session,
            forced=session.must_change,
            message=message,
            minimum=security.MIN_PASSWORD,
        )

    def password_post(request: Request, data: FormData) -> Response:
        session = signed_in(request)
        if not isinstance(session, Session):
            return session
        if not csrf_ok(data, session):
            return bad_form(request, session)
        account = portal.store.account(session.unit_id)
        old, new, again = (str(data.get(k) or "") for k in ("current", "new", "again"))
        if account is None or not security.verify_password(old, account["password"]):
            return password_get(request, _("The current password is not right."), 400)
        if len(new) < security.MIN_PASSWORD:
            return password_get(
                request, _("The new password must have at least {n} characters.").format(n=security.MIN_PASSWORD), 400
            )
        if new == old:
            return password_get(request, _("The new password must differ from the current one."), 400)
        if new != again:
            return password_get(request, _("The two new passwords are not the same."), 400)
        portal.store.set_password(session.unit_id, security.hash_password(new), portal.stamp(), keep=session.token_hash)
        portal.store.log(portal.stamp(), session.unit_id, _address(request), "password-changed")
        return _redirect("/")

    # -- the unit's pages --------------------------------------------------------

    def unit_get(request: Request) -> Response:
        session = unit_only(request)
        if not isinstance(session, Session):
            return session
        rows = portal.store.submissions(session.unit_id)
        page = views.unit_page(
            plan, session.unit_id, config.script, portal.period(), portal.site.today(), rows, portal.allow_errors()
        )
        limit = f"{config.max_upload / (1024 * 1024):g} MiB"
        return portal.page(request, "unit.html.j2", 200, session, page=page, limit=limit)

    def template_get(request: Request) -> Response:
        session = unit_only(request)
        if not isinstance(session, Session):
            return session
        from lijiang_plan.reports import template as tpl

        period = portal.period()
        kind = request.path_params["kind"]
        if kind not in ("xlsx", "yaml"):
            return not_found(request, session)
        simple = plan.unit_name(session.unit_id, "simplified")
        if kind == "xlsx":
            from lijiang_plan.reports import layout, xlsxreport

            content = xlsxreport.render(plan, tpl.skeleton(plan, session.unit_id, period), layout.interface_language())
            return _download(content, XLSX, f"{period}-{simple}.xlsx", f"{period}-{session.unit_id}.xlsx")
        schema = str(request.url_for("schema"))
        text = tpl.render(plan, session.unit_id, period, schema)
        return _download(
            text.encode("utf-8"), TYPES["yaml"], f"{period}-{simple}.yaml", f"{period}-{session.unit_id}.yaml"
        )

    def schema_get(request: Request) -> Response:
        from lijiang_plan.paths import bundled_schema_dir

        with open(os.path.join(bundled_schema_dir(), "report.schema.json"), "rb") as fh:
            return Response(fh.read(), media_type="application/schema+json")

    async def upload_post(request: Request) -> Response:
        session = await run_in_threadpool(unit_only, request)
        if not isinstance(session, Session):
            return session
        try:
            data = await form(request, config.max_upload + FORM_OVERHEAD, files=1)
        except TooLarge:
            return await run_in_threadpool(too_large, request, session)
        except TooSlow:
            return await run_in_threadpool(
                portal.error,
                request,
                408,
                _("The upload took too long"),
                _(
                    "The file did not arrive within {seconds} seconds. Check the network connection and upload it "
                    "again."
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
        content = await sent.read(config.max_upload + 1)
        await sent.close()
        if len(content) > config.max_upload:
            return await run_in_threadpool(too_large, request, session)
        upload = Upload(
            session.unit_id, session.unit_id, _address(request), portal.period(), sent.filename or "", content
        )
        number = await run_in_threadpool(portal.submitter.submit, upload, portal.allow_errors())
        return _redirect(f"/submissions/{number}")

    # -- submissions (the unit's own, or any for the office) ------------------------

    def owned(request: Request, session: Session) -> Any:
        number = request.path_params["number"]
        row = portal.store.submission(number)
        if row is None or (session.role != "office" and row["unit_id"] != session.unit_id):
            return None
        return row

    def not_found(request: Request, session: Session | None = None) -> Response:
        return portal.error(request, 404, _("Not found"), _("There is no such page here."), session)

    def submission_get(request: Request) -> Response:
        session = signed_in(request)
        if not isinstance(session, Session):
            return session
        row = owned(request, session)
        if row is None:
            return not_found(request, session)
        page = views.submission(row, portal.name(row["unit_id"]))
        return portal.page(request, "submission.html.j2", 200, session, page=page)

    def submission_file(request: Request) -> Response:
        session = signed_in(request)
        if not isinstance(session, Session):
            return session
        row = owned(request, session)
        if row is None:
            return not_found(request, session)
        with open(os.path.join(portal.site.root, row["kept"]), "rb") as fh:
            content = fh.read()
        ext = row["kind"] if row["kind"] in TYPES else "bin"
        name = f"{row['period']}-{row['unit_id']}-{row['id']}.{ext}"
        return _download(content, TYPES.get(row["kind"], "application/octet-stream"), name, name)

    # -- the office's pages ----------------------------------------------------------

    def office_get(request: Request) -> Response:
        session = office_only(request)
        if not isinstance(session, Session):
            return session
        period = portal.period()
        rollup, _earlier = portal.live.periods(period)
        accounts = {row["unit_id"]: row for row in portal.store.accounts()}
        page = views.office_page(
            plan,
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

    def coverage_get(request: Request) -> Response:
        session = office_only(request)
        if not isinstance(session, Session):
            return session
        from lijiang_plan.outputs.writers import render

        html = render(portal.live.output(portal.period(), config.script, config.version), "html")
        return HTMLResponse(str(html), headers={"content-security-policy": security.PAGE_CSP})

    def office_download(request: Request) -> Response:
        session = office_only(request)
        if not isinstance(session, Session):
            return session
        what = request.url.path.rsplit("/", 1)[1]
        period = portal.period()
        if what == "summary.xlsx":
            from lijiang_plan.outputs.writers import render

            content = render(portal.live.output(period, config.script, config.version), "xlsx")
            assert isinstance(content, bytes)
            return _download(content, XLSX, f"{period}-汇总.xlsx", f"{period}-summary.xlsx")
        if what == "digest.docx":
            from lijiang_plan.outputs.digest_docx import render as docx
            from lijiang_plan.reports import digest

            built = digest.build(portal.live.files(), plan, period, config.script)
            return _download(docx(built), DOCX, f"{period}-汇编.docx", f"{period}-digest.docx")
        from lijiang_plan.outputs import reminder_words as words
        from lijiang_plan.reports import reminders

        rollup, _earlier = portal.live.periods(period)
        notice = reminders.build(rollup, plan, config.script, portal.site.today())
        blocks = words.notice(notice, len(plan.leaf_ids()))
        if what == "reminder.docx":
            from lijiang_plan.outputs.reminder_docx import render as reminder_docx

            content = reminder_docx(blocks, words.title(notice))
            return _download(content, DOCX, f"{period}-催报通知.docx", f"{period}-reminder.docx")
        text = ("\ufeff" + words.render_text(blocks, "\r\n")).encode("utf-8")
        return _download(text, "text/plain; charset=utf-8", f"{period}-催报通知.txt", f"{period}-reminder.txt")

    def settings_post(request: Request, data: FormData) -> Response:
        session = office_only(request)
        if not isinstance(session, Session):
            return session
        if not csrf_ok(data, session):
            return bad_form(request, session)
        changed = []
        if config.allow_errors is None:
            value = "1" if data.get("allow_errors") == "1" else "0"
            portal.store.set_setting("allow_errors", value)
            changed.append(f"allow_errors={value}")
        period = str(data.get("period") or "")
        if config.period is None and period:
            try:
                year, half = dl.parse_period(period, plan)
            except dl.BadPeriod as exc:
                return portal.error(request, 400, _("Not a period"), exc.message, session)
            portal.store.set_setting("period", f"{year}-{half}")
            changed.append(f"period={year}-{half}")
        portal.store.log(portal.stamp(), session.unit_id, _address(request), "settings", ", ".join(changed))
        return _redirect("/office")

    def reset_post(request: Request, data: FormData) -> Response:
        session = office_only(request)
        if not isinstance(session, Session):
            return session
        if not csrf_ok(data, session):
            return bad_form(request, session)
        unit_id = request.path_params["unit_id"]
        account = portal.store.account(unit_id)
        if account is None:
            return not_found(request, session)
        password = security.one_time_password()
        portal.store.issue(unit_id, account["role"], security.hash_password(password), portal.stamp())
        portal.store.log(portal.stamp(), session.unit_id, _address(request), "password-reset", unit_id)
        return portal.page(
            request, "issued.html.j2", 200, session, unit=portal.name(unit_id), unit_id=unit_id, password=password
        )

    def static_css(request: Request) -> Response:
        return Response(_stylesheet(), media_type="text/css; charset=utf-8", headers={"cache-control": "max-age=3600"})

    # -- wiring --------------------------------------------------------------------------

    def posted(
        handler: Callable[[Request, FormData], Response], limit: int = FORM_OVERHEAD
    ) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            try:
                data = await form(request, limit)
            except (TooLarge, TooSlow, MultiPartException):
                return await run_in_threadpool(
                    portal.error,
                    request,
                    400,
                    _("The form could not be read"),
                    _("Open the page again and resend the form."),
                    None,
                )
            return await run_in_threadpool(handler, request, data)

        return endpoint

    async def http_error(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 500)
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
            portal.error,
            request,
            500,
            _("Something went wrong"),
            _(
                "The portal could not answer this request. Nothing you sent before was lost; try again, and if it happens again, tell the office."
            ),
        )

    routes = [
        Route("/", home),
        Route("/signin", signin_get, methods=["GET"]),
        Route("/signin", posted(signin_post), methods=["POST"]),
        Route("/signout", posted(signout_post), methods=["POST"]),
        Route("/password", password_get, methods=["GET"]),
        Route("/password", posted(password_post), methods=["POST"]),
        Route("/unit", unit_get, methods=["GET"]),
        Route("/unit/template.{kind:str}", template_get, methods=["GET"]),
        Route("/unit/upload", upload_post, methods=["POST"]),
        Route("/submissions/{number:int}", submission_get, methods=["GET"]),
        Route("/submissions/{number:int}/file", submission_file, methods=["GET"]),
        Route("/office", office_get, methods=["GET"]),
        Route("/office/coverage", coverage_get, methods=["GET"]),
        Route("/office/settings", posted(settings_post), methods=["POST"]),
        Route("/office/accounts/{unit_id:str}/reset", posted(reset_post), methods=["POST"]),
        Route("/schemas/report.schema.json", schema_get, methods=["GET"], name="schema"),
        Route("/static/portal.css", static_css, methods=["GET"]),
        Route("/favicon.ico", lambda request: Response(status_code=204), methods=["GET"]),  # browsers ask; no icon
    ]
    for what in ("summary.xlsx", "digest.docx", "reminder.docx", "reminder.txt"):
        routes.append(Route(f"/office/{what}", office_download, methods=["GET"]))
    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: http_error, Exception: server_error},  # type: ignore[dict-item]
    )
    app.state.portal = portal
    return Guard(app, portal)


def _locked(minutes: int, clock: str) -> str:
    return ngettext(
        "This account is locked after too many wrong passwords. Try again in {n} minute (after {time}), "
        "or ask the office to issue a new password.",
        "This account is locked after too many wrong passwords. Try again in {n} minutes (after {time}), "
        "or ask the office to issue a new password.",
        minutes,
    ).format(n=minutes, time=clock)


def _stylesheet() -> bytes:
    """The coverage page's style sheet with the portal's own rules after it (one look, one file)."""
    from importlib import resources

    shared = resources.files("lijiang_plan.outputs").joinpath("templates", "page.css").read_bytes()
    own = resources.files("lijiang_plan.portal").joinpath("templates", "portal.css").read_bytes()
    return shared + b"\n" + own

"""Signing in and out, and choosing a password: the routes every account uses (`ROUTES`).

Sign-in is throttled twice: an account is locked after ACCOUNT_LIMIT wrong
passwords in a row, and an address that fails ADDRESS_LIMIT times in the
window waits the window out, whatever account it tries; each message says
until when. A name that has no account costs as long as a wrong password
(`security.dummy_hash`). The sign-in form's CSRF token is double-submitted
in a cookie of its own (there is no session yet); a one-time password must
be changed before anything else opens.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from lijiang_plan.i18n import _, ngettext
from lijiang_plan.portal import security
from lijiang_plan.portal.requests import (
    address,
    bad_form,
    csrf_ok,
    opened_by,
    portal_of,
    posted,
    redirect,
    sent_by,
    set_cookie,
    signed_in,
)
from lijiang_plan.portal.state import Portal, Session

#: Wrong passwords before an account is locked, and for how long.
ACCOUNT_LIMIT, ACCOUNT_LOCK = 5, 15 * 60
#: Failed sign-ins from one address in the window before it must wait out the window.
ADDRESS_LIMIT, ADDRESS_WINDOW = 20, 15 * 60


@opened_by(signed_in)
def home(request: Request, session: Session) -> Response:
    return redirect("/office" if session.role == "office" else "/unit")


def signin_page(request: Request, message: str = "", status: int = 200, chosen: str = "") -> Response:
    portal = portal_of(request)
    token = security.unsign(portal.key, request.cookies.get(security.PRE_COOKIE)) or security.new_token()
    accounts = [row["unit_id"] for row in portal.store.accounts()]
    office = [u for u in accounts if u == portal.plan.recipient()]
    choices = [{"id": u, "name": portal.name(u)} for u in office + [u for u in accounts if u not in office]]
    response = portal.page(
        request, "signin.html.j2", status, None, choices=choices, token=token, message=message, chosen=chosen
    )
    set_cookie(response, security.PRE_COOKIE, security.sign(portal.key, token))
    return response


def signin_get(request: Request) -> Response:
    if portal_of(request).session(request) is not None:
        return redirect("/")
    return signin_page(request)


def signin_post(request: Request, data: FormData) -> Response:
    portal = portal_of(request)
    token = security.unsign(portal.key, request.cookies.get(security.PRE_COOKIE))
    if token is None or not security.same_token(data.get("csrf"), token):
        return bad_form(request)
    unit_id = str(data.get("unit") or "")
    password = str(data.get("password") or "")
    now = portal.now()
    account = portal.store.account(unit_id)
    waiting = _must_wait(request, portal, unit_id, account, now)
    if waiting is not None:
        return waiting
    good = security.verify_password(password, account["password"] if account else security.dummy_hash())
    if account is None or not good:
        return _failed(request, portal, unit_id, account, now)
    portal.store.succeeded(unit_id)
    session_token, csrf = security.new_token(), security.new_token()
    portal.store.create_session(security.token_hash(session_token), unit_id, csrf, now, address(request))
    portal.store.log(portal.stamp(), unit_id, address(request), "signin")
    response = redirect("/password" if account["must_change"] else "/")
    set_cookie(response, security.SESSION_COOKIE, security.sign(portal.key, session_token))
    response.delete_cookie(security.PRE_COOKIE, path="/")
    return response


def _must_wait(request: Request, portal: Portal, unit_id: str, account: Any, now: float) -> Response | None:
    """The page saying until when, while the address is blocked or the account locked; None when it may try."""
    blocked = portal.store.address_blocked_until(address(request), now, ADDRESS_WINDOW, ADDRESS_LIMIT)
    if blocked > now:
        clock, minutes = _minutes(blocked, now)
        message = ngettext(
            "Too many failed sign-ins from this computer. Try again in {n} minute (after {time}).",
            "Too many failed sign-ins from this computer. Try again in {n} minutes (after {time}).",
            minutes,
        ).format(n=minutes, time=clock)
        return signin_page(request, message, 429, unit_id)
    if account is not None and account["locked_until"] > now:
        clock, minutes = _minutes(account["locked_until"], now)
        return signin_page(request, _locked(minutes, clock), 429, unit_id)
    return None


def _failed(request: Request, portal: Portal, unit_id: str, account: Any, now: float) -> Response:
    """A wrong unit or password: counted against the address and the account, logged, answered alike."""
    portal.store.address_failed(address(request), now, ADDRESS_WINDOW)
    portal.store.log(portal.stamp(), unit_id[:80], address(request), "signin-failed")
    if account is None:
        return signin_page(request, _("The unit or the password is not right."), 401, unit_id)
    locked = portal.store.failed(unit_id, now, ACCOUNT_LIMIT, ACCOUNT_LOCK)
    if locked:
        clock, minutes = _minutes(locked, now)
        portal.store.log(portal.stamp(), unit_id, address(request), "locked")
        return signin_page(request, _locked(minutes, clock), 429, unit_id)
    return signin_page(request, _("The unit or the password is not right."), 401, unit_id)


def signout_post(request: Request, data: FormData) -> Response:
    portal = portal_of(request)
    session = portal.session(request)
    if session is None:
        response: Response = redirect("/signin")
    elif not csrf_ok(data, session):
        return bad_form(request, session)
    else:
        portal.store.end_session(session.token_hash)
        portal.store.log(portal.stamp(), session.unit_id, address(request), "signout")
        response = redirect("/signin")
    response.delete_cookie(security.SESSION_COOKIE, path="/")
    return response


def password_get(request: Request, message: str = "", status: int = 200) -> Response:
    session = signed_in(request)
    if not isinstance(session, Session):
        return session
    return portal_of(request).page(
        request,
        "password.html.j2",
        status,
        session,
        forced=session.must_change,
        message=message,
        minimum=security.MIN_PASSWORD,
    )


@sent_by(signed_in)
def password_post(request: Request, data: FormData, session: Session) -> Response:
    portal = portal_of(request)
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
    portal.store.log(portal.stamp(), session.unit_id, address(request), "password-changed")
    return redirect("/")


def _minutes(until: float, now: float) -> tuple[str, int]:
    """(the local clock time ``until``, the whole minutes to it, at least 1)."""
    return dt.datetime.fromtimestamp(until).strftime("%H:%M"), max(1, int((until - now + 59) // 60))


def _locked(minutes: int, clock: str) -> str:
    return ngettext(
        "This account is locked after too many wrong passwords. Try again in {n} minute (after {time}), "
        "or ask the office to issue a new password.",
        "This account is locked after too many wrong passwords. Try again in {n} minutes (after {time}), "
        "or ask the office to issue a new password.",
        minutes,
    ).format(n=minutes, time=clock)


ROUTES = [
    Route("/", home),
    Route("/signin", signin_get, methods=["GET"]),
    Route("/signin", posted(signin_post), methods=["POST"]),
    Route("/signout", posted(signout_post), methods=["POST"]),
    Route("/password", password_get, methods=["GET"]),
    Route("/password", posted(password_post), methods=["POST"]),
]

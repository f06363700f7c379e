"""The portal's ASGI app (Starlette), server-rendered, working with JavaScript off: assembled here, written elsewhere.

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

Where each route is: `signin` (/, sign-in, sign-out, password), `unit` (the
unit's page, template, upload, submissions), `office` (the office's page,
coverage, downloads, settings, resets), `static` (style sheet, schema,
favicon); the helpers they share in `requests`, the error pages in `errors`,
the outermost layer in `guard`, the `Portal` they all reach through
``request.app.state.portal`` in `state`.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.types import ASGIApp

from lijiang_plan.portal import errors, office, signin, static, unit
from lijiang_plan.portal.guard import Guard
from lijiang_plan.portal.state import Config, Portal


def create_app(config: Config) -> ASGIApp:
    """The portal of ``config``'s folder, ready for uvicorn: its routes and handlers inside `Guard`."""
    portal = Portal(config)
    app = Starlette(
        routes=[*signin.ROUTES, *unit.ROUTES, *office.ROUTES, *static.ROUTES],
        exception_handlers=errors.HANDLERS,
    )
    app.state.portal = portal
    return Guard(app, portal)

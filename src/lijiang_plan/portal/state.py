"""What every request of the portal reaches through ``request.app.state.portal``: the folder served, who is signed in.

`Config` is what `lplan serve` was started with; `Portal` is one reports
folder served (its store, upload pipeline, live folder and the pages'
rendering), made once by `app.create_app` and kept on the Starlette app's
state, so that the route modules are plain functions with no closure;
`Session` is the signed-in account a request's cookie names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse

from lijiang_plan.plan import deadlines as dl
from lijiang_plan.plan.query import Plan
from lijiang_plan.portal import security
from lijiang_plan.portal.live import LiveFolder
from lijiang_plan.portal.site import Site
from lijiang_plan.portal.store import Store
from lijiang_plan.portal.submit import Submitter

#: A session ends after this long unused, and after this long in any case.
IDLE, LIFETIME = 2 * 3600, 12 * 3600


@dataclass
class Config:
    """What `lplan serve` was started with."""

    site: Site
    plan: Plan
    script: str
    version: str
    period: str | None = None  # fixed by --period
    allow_errors: bool | None = None  # fixed by --allow-errors
    max_upload: int = 5 * 1024 * 1024
    upload_timeout: float = 120.0


@dataclass(frozen=True)
class Session:
    token_hash: str
    unit_id: str
    role: str
    csrf: str
    must_change: bool


def current_period(plan: Plan, today: dt.date) -> str:
    """The period whose report is due next from ``today`` (the last one once the plan is over)."""
    every = dl.all_deadlines(plan)
    coming = [d for d in every if d.due >= today]
    return (coming[0] if coming else every[-1]).period


class Portal:
    """One reports folder served: the store, the upload pipeline, the live folder, the pages."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.site = config.site
        self.plan = config.plan
        self.site.prepare()
        self.store = Store(self.site.database)
        self.key = self.site.secret_key()
        self.submitter = Submitter(self.site, self.store, self.plan)
        self.submitter.clean_incoming()
        self.live = LiveFolder(self.site.root, self.plan)

    # -- settings -----------------------------------------------------------

    def allow_errors(self) -> bool:
        if self.config.allow_errors is not None:
            return self.config.allow_errors
        return self.store.setting("allow_errors") == "1"

    def period(self) -> str:
        return self.config.period or self.store.setting("period") or current_period(self.plan, self.site.today())

    def name(self, unit_id: str) -> str:
        return self.plan.unit_name(unit_id, self.config.script)

    def now(self) -> float:
        return self.site.clock().timestamp()

    def stamp(self) -> str:
        return self.site.clock().isoformat(timespec="microseconds")

    # -- sessions -----------------------------------------------------------

    def session(self, request: Request) -> Session | None:
        token = security.unsign(self.key, request.cookies.get(security.SESSION_COOKIE))
        if token is None:
            return None
        hashed = security.token_hash(token)
        row = self.store.session(hashed, self.now(), IDLE, LIFETIME)
        if row is None:
            return None
        account = self.store.account(row["unit_id"])
        if account is None:
            return None
        return Session(hashed, row["unit_id"], account["role"], row["csrf"], bool(account["must_change"]))

    # -- pages --------------------------------------------------------------

    def page(
        self, request: Request, template: str, status: int = 200, session: Session | None = None, **ctx: Any
    ) -> HTMLResponse:
        from lijiang_plan.outputs.html import environment, page_lang

        user = None
        if session is not None:
            user = {"name": self.name(session.unit_id), "office": session.role == "office"}
        html = (
            environment("lijiang_plan.portal")
            .get_template(template)
            .render(
                lang=page_lang(),
                name_lang="zh-Hans" if self.config.script == "simplified" else "zh-Hant",
                user=user,
                csrf=session.csrf if session is not None else "",
                version=self.config.version,
                **ctx,
            )
        )
        return HTMLResponse(html, status_code=status)

    def error(
        self, request: Request, status: int, title: str, message: str, session: Session | None = None
    ) -> HTMLResponse:
        return self.page(request, "error.html.j2", status, session, title=title, message=message, code=status)

"""The portal's app in-process (httpx's ASGI transport), with a clock the test turns: what needs time or a fault.

Lock-outs that end, sessions that expire, an address that tries too often,
and a request that crashes: each answered with a page in Chinese, and the
app goes on serving.
"""

from __future__ import annotations

import datetime as dt
import re

import anyio
import httpx
import pytest

from lijiang_plan import i18n
from lijiang_plan.portal import app as portal_app
from lijiang_plan.portal import signin as portal_signin
from lijiang_plan.portal import state as portal_state
from lijiang_plan.portal import views
from lijiang_plan.portal.site import Site
from tests.support.portal import accounts, text

UNIT = "public-security"


class InProcess:
    """A client of the ASGI app in this process (httpx's ASGI transport), keeping its cookies between requests."""

    def __init__(self, app) -> None:
        self.app = app
        self.cookies = httpx.Cookies()

    def request(self, method: str, url: str, **kwargs) -> httpx.Response:
        async def send() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app, raise_app_exceptions=False)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://portal.test", cookies=self.cookies, follow_redirects=True
            ) as client:
                response = await client.request(method, url, **kwargs)
                self.cookies = client.cookies
                return response

        return anyio.run(send)

    def get(self, url: str, **kwargs) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs) -> httpx.Response:
        return self.request("POST", url, **kwargs)


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 12, 2, 2, 0, tzinfo=dt.timezone.utc)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def served(tmp_path, plan):
    i18n.set_language("zh")
    root = tmp_path / "reports"
    root.mkdir()
    passwords = accounts(root, [UNIT, "finance"])
    clock = Clock()
    config = portal_state.Config(
        site=Site(str(root), clock=clock, fixed_today=dt.date(2026, 12, 2)), plan=plan, script="simplified", version="t"
    )
    yield InProcess(portal_app.create_app(config)), passwords, clock


def signin(client: InProcess, unit: str, password: str):
    page = client.get("/signin")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    return client.post("/signin", data={"csrf": token, "unit": unit, "password": password})


def test_a_lock_ends_after_15_minutes(served):
    client, passwords, clock = served
    for _attempt in range(5):
        response = signin(client, UNIT, "wrong")
    assert response.status_code == 429 and "请 15 分钟后" in text(response)
    clock.advance(minutes=14)
    locked = signin(client, UNIT, passwords[UNIT])
    assert locked.status_code == 429 and "请 1 分钟后" in text(locked)
    clock.advance(minutes=1, seconds=1)
    assert signin(client, UNIT, passwords[UNIT]).url.path == "/unit"


def test_an_address_that_fails_too_often_waits_whatever_the_account(served):
    client, passwords, clock = served
    for n in range(portal_signin.ADDRESS_LIMIT):
        signin(client, f"nobody-{n}", "wrong")
    blocked = signin(client, "finance", passwords["finance"])
    assert blocked.status_code == 429 and "本机登录失败次数过多，请 15 分钟后" in text(blocked)
    clock.advance(minutes=15, seconds=1)
    assert signin(client, "finance", passwords["finance"]).url.path == "/unit"


def test_a_session_ends_when_idle_and_in_any_case_after_12_hours(served):
    client, passwords, clock = served
    signin(client, UNIT, passwords[UNIT])
    clock.advance(hours=1, minutes=59)
    assert client.get("/unit").url.path == "/unit"
    clock.advance(hours=2, seconds=1)
    assert client.get("/unit").url.path == "/signin"
    signin(client, UNIT, passwords[UNIT])
    for _hour in range(11):
        clock.advance(hours=1)
        assert client.get("/unit").url.path == "/unit"  # in use: never idle
    clock.advance(hours=1, seconds=1)
    assert client.get("/unit").url.path == "/signin"


def test_a_crash_in_one_request_is_a_chinese_page_and_the_next_request_is_served(served, monkeypatch):
    client, passwords, clock = served
    signin(client, UNIT, passwords[UNIT])

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views, "unit_page", broken)
    response = client.get("/unit")
    assert response.status_code == 500
    page = text(response)
    assert "出现错误" in page and "此前提交的内容均未丢失" in page
    assert "a bug" not in page and "Traceback" not in page and "RuntimeError" not in page
    assert response.headers["x-frame-options"] == "DENY"
    monkeypatch.undo()
    assert client.get("/unit").status_code == 200


def test_the_current_period_is_the_one_due_next(plan):
    assert portal_state.current_period(plan, dt.date(2026, 12, 2)) == "2026-H2"
    assert portal_state.current_period(plan, dt.date(2026, 12, 20)) == "2026-H2"  # the due day itself
    assert portal_state.current_period(plan, dt.date(2026, 12, 21)) == "2027-H1"
    assert portal_state.current_period(plan, dt.date(2031, 1, 1)) == "2030-H2"

"""The real portal for tests: `python -m lijiang_plan serve DIR --port 0` started on 127.0.0.1, and an HTTP client.

`Server` starts the server as users do (a process of its own, uvicorn, the
real socket), reads the address it prints, and stops it with Ctrl+C
(SIGINT) at the end, or kills it when a test asks. `accounts` gives units
passwords of their own through the library, as if each had signed in once
and changed its one-time password, so that tests sign in in one request.
`Client` signs in, keeps the session cookie and the CSRF token of the last
page, and uploads.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.conftest import REPO

TODAY = "2026-12-02"  # 2026-H2 is collected, due 2026-12-20
PERIOD = "2026-H2"
PASSWORD = "pass-{unit}-0"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


class Server:
    """One `lplan serve` process; a context manager."""

    def __init__(self, root: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.root = root
        command = [sys.executable, "-m", "lijiang_plan", "serve", str(root), "--port", "0", "--today", TODAY, *args]
        environment = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment, cwd=REPO
        )
        assert self.process.stdout is not None
        self.banner = [self.process.stdout.readline()]
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", self.banner[0])
        if match is None:
            self.process.kill()
            raise AssertionError(f"the portal did not start: {self.banner} {self.process.stderr.read()}")  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{match.group(1)}"
        self.banner += [self.process.stdout.readline(), self.process.stdout.readline()]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # listening is printed just before uvicorn serves
            try:
                httpx.get(self.url + "/signin", timeout=2)
                return
            except httpx.TransportError:
                time.sleep(0.05)
        raise AssertionError("the portal does not answer")

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> tuple[int, str, str]:
        """Ctrl+C, as the office stops it: (exit status, rest of stdout, stderr)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            out, err = self.process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, err = self.process.communicate()
        return self.process.returncode, out, err

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush; what was acknowledged must already be on disk."""
        self.process.kill()
        self.process.communicate()


def accounts(root: Path, units: list[str], office: str = "anti-trafficking-office") -> dict[str, str]:
    """Accounts with passwords of their own (no one-time password to change first): unit -> password."""
    from lijiang_plan.portal import security
    from lijiang_plan.portal.site import Site
    from lijiang_plan.portal.store import Store

    site = Site(str(root))
    site.prepare()
    store = Store(site.database)
    passwords = {}
    for unit in [office, *units]:
        password = PASSWORD.format(unit=unit)
        hashed = security.hash_password(password)
        store.issue(unit, "office" if unit == office else "unit", hashed, "2026-12-01T00:00:00+00:00")
        store.set_password(unit, hashed, "2026-12-01T00:00:00+00:00")
        passwords[unit] = password
    store.close()
    return passwords


class Client(httpx.Client):
    """A browser without a screen: cookies, the last page's CSRF token, redirects followed.

    Every client made is closed by `close_all` (a test module's autouse fixture calls it).
    """

    opened: list[Client] = []

    def __init__(self, url: str) -> None:
        super().__init__(base_url=url, follow_redirects=True, timeout=60)
        self.token = ""
        Client.opened.append(self)

    @classmethod
    def close_all(cls) -> None:
        while cls.opened:
            cls.opened.pop().close()

    def request(self, *args, **kwargs) -> httpx.Response:  # type: ignore[override]
        response = super().request(*args, **kwargs)
        found = _CSRF.search(response.text) if "text/html" in response.headers.get("content-type", "") else None
        if found:
            self.token = found.group(1)
        return response

    def signin(self, unit: str, password: str) -> httpx.Response:
        self.get("/signin")
        return self.post("/signin", data={"csrf": self.token, "unit": unit, "password": password})

    def upload(self, content: bytes, name: str = "report.xlsx", csrf: str | None = None) -> httpx.Response:
        token = self.token if csrf is None else csrf
        return self.post("/unit/upload", data={"csrf": token}, files={"report": (name, content)})


def text(response: httpx.Response) -> str:
    """A page's text as a person reads it: tags dropped, entities read, spaces collapsed."""
    import html

    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.text)).split())

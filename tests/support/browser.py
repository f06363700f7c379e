"""A headless Chromium driven over the DevTools protocol on a pipe: no driver, no network, no port.

Chromium started with ``--remote-debugging-pipe`` reads protocol commands from
its file descriptor 3 and writes replies and events to descriptor 4, each
message a JSON text ended by a NUL byte. That is all the browser tests need:
open a page, read what it shows, the fonts it used, its console, the requests
it made, a screenshot and a PDF. Debian's `chromium` package provides the
browser; the tests skip, saying why, when it is absent.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "chrome")
FLAGS = (
    "--headless",
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)


def find_chromium() -> str | None:
    override = os.environ.get("LPLAN_CHROMIUM")
    if override:
        return override if os.access(override, os.X_OK) else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


class BrowserError(Exception):
    pass


class Browser:
    """One Chromium process and one page in it; a context manager."""

    def __init__(self, executable: str, width: int = 1400, height: int = 1000, timeout: float = 60.0) -> None:
        self.timeout = timeout
        self.events: list[dict[str, Any]] = []
        self._next = 0
        self._buffer = b""
        self._profile = tempfile.TemporaryDirectory(prefix="lplan-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def wire() -> None:  # in the child: commands on fd 3, replies on fd 4
            read_end, write_end = os.dup(to_child_r), os.dup(from_child_w)  # safe if either is 3 or 4
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self.process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self._profile.name}", f"--window-size={width},{height}"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=wire,
            pass_fds=(3, 4),  # kept open after wire() (close_fds runs after it)
        )
        os.close(to_child_r)
        os.close(from_child_w)
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network", "DOM", "CSS"):
            self.call(f"{domain}.enable", session=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (BrowserError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        self._profile.cleanup()

    # -- the protocol ---------------------------------------------------------

    def call(self, method: str, session: bool = False, **params: Any) -> dict[str, Any]:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._receive()
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                return dict(reply.get("result", {}))
            self.events.append(reply)

    def _receive(self) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_child], [], [], left)[0]:
                raise BrowserError("Chromium did not answer in time")
            chunk = os.read(self._from_child, 1 << 20)
            if not chunk:
                raise BrowserError("Chromium closed the pipe")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return dict(json.loads(message))

    def wait_for(self, method: str) -> dict[str, Any]:
        for event in self.events:
            if event.get("method") == method:
                return event
        while True:
            event = self._receive()
            self.events.append(event)
            if event.get("method") == method:
                return event

    # -- what the tests use ---------------------------------------------------

    def open(self, path: Path) -> None:
        self.call("Page.navigate", session=True, url=path.resolve().as_uri())
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", session=True, expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def fonts_for(self, selector: str) -> list[dict[str, Any]]:
        """The platform fonts that drew the text of the first node ``selector`` matches."""
        root = self.call("DOM.getDocument", session=True)["root"]["nodeId"]
        node = self.call("DOM.querySelector", session=True, nodeId=root, selector=selector)["nodeId"]
        if not node:
            raise BrowserError(f"no node matches {selector}")
        return list(self.call("CSS.getPlatformFontsForNode", session=True, nodeId=node)["fonts"])

    def problems(self) -> list[str]:
        """Console errors, uncaught exceptions and log entries at error level (CSP violations among them)."""
        found = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                found.append(str(params.get("exceptionDetails")))
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert", "warning"):
                found.append(str(params.get("args")))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") in ("error", "warning"):
                found.append(str(params["entry"].get("text")))
        return found

    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]

    def screenshot(self, full_page: bool = True) -> bytes:
        params: dict[str, Any] = {"format": "png", "captureBeyondViewport": full_page}
        return base64.b64decode(self.call("Page.captureScreenshot", session=True, **params)["data"])

    def pdf(self) -> bytes:
        result = self.call("Page.printToPDF", session=True, preferCSSPageSize=True, printBackground=True)
        return base64.b64decode(result["data"])


class Page(Browser):
    """A browser used as a person uses it, with JavaScript off: open, type, choose, attach files, click, download.

    Every action goes through the DevTools input and DOM domains (a real
    mouse click on a button, text typed into a focused field), never through
    the page's own scripts: the page has none, and scripts are disabled.
    """

    def __init__(self, executable: str, downloads: Path, **kwargs: Any) -> None:
        super().__init__(executable, **kwargs)
        self.downloads = downloads
        self.call("Emulation.setScriptExecutionDisabled", session=True, value=True)
        self.call("Browser.setDownloadBehavior", behavior="allow", downloadPath=str(downloads), eventsEnabled=True)

    def _forget(self, *methods: str) -> None:
        self.events = [e for e in self.events if e.get("method") not in methods]

    def go(self, url: str) -> None:
        self._forget("Page.loadEventFired")
        self.call("Page.navigate", session=True, url=url)
        self.wait_for("Page.loadEventFired")

    def node(self, selector: str) -> int:
        root = self.call("DOM.getDocument", session=True, depth=0)["root"]["nodeId"]
        node = self.call("DOM.querySelector", session=True, nodeId=root, selector=selector)["nodeId"]
        if not node:
            raise BrowserError(f"no node matches {selector}")
        return int(node)

    def type_into(self, selector: str, text: str) -> None:
        self.call("DOM.focus", session=True, nodeId=self.node(selector))
        self.call("Input.insertText", session=True, text=text)

    def choose(self, selector: str, value: str) -> None:
        """Select the <option> of ``value`` in the <select> ``selector`` (as a person picking it from the list)."""
        self.call(
            "DOM.setAttributeValue",
            session=True,
            nodeId=self.node(f'{selector} option[value="{value}"]'),
            name="selected",
            value="selected",
        )

    def attach(self, selector: str, *files: Path) -> None:
        self.call("DOM.setFileInputFiles", session=True, nodeId=self.node(selector), files=[str(f) for f in files])

    def click(self, selector: str, loads: bool = True) -> None:
        """A mouse click in the middle of the element; ``loads``: wait for the page it leads to."""
        node = self.node(selector)
        self.call("DOM.scrollIntoViewIfNeeded", session=True, nodeId=node)
        quad = self.call("DOM.getBoxModel", session=True, nodeId=node)["model"]["content"]
        x, y = sum(quad[0::2]) / 4, sum(quad[1::2]) / 4
        self._forget("Page.loadEventFired")
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", session=True, type=kind, x=x, y=y, button="left", clickCount=1)
        if loads:
            self.wait_for("Page.loadEventFired")

    def download(self, selector: str) -> Path:
        """Click a download link and wait for the file to be saved; its path."""
        self._forget("Browser.downloadWillBegin", "Browser.downloadProgress")
        self.click(selector, loads=False)
        name = self.wait_for("Browser.downloadWillBegin")["params"]["suggestedFilename"]
        while True:
            event = self.wait_for("Browser.downloadProgress")
            if event["params"]["state"] == "completed":
                return self.downloads / name
            if event["params"]["state"] == "canceled":
                raise BrowserError(f"the download of {name} was canceled")
            self._forget("Browser.downloadProgress")

    def html(self) -> str:
        root = self.call("DOM.getDocument", session=True, depth=0)["root"]["nodeId"]
        return str(self.call("DOM.getOuterHTML", session=True, nodeId=root)["outerHTML"])

    def url(self) -> str:
        history = self.call("Page.getNavigationHistory", session=True)
        return str(history["entries"][history["currentIndex"]]["url"])

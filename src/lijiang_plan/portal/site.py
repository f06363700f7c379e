"""Where the portal keeps things in the reports folder, and the clock it reads.

``DIR/<period>/<unit-id>.xlsx|.yaml`` are the accepted reports, where `lplan
check/summary/digest DIR` read them. Everything else is under ``DIR/.lplan/``
(a hidden folder: the folder walk skips it, so nothing here is ever counted
as a report): the SQLite file, the signing key, every accepted version and
every rejected upload, and the temporary files of uploads being checked.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

HIDDEN = ".lplan"
DATABASE = "portal.sqlite3"
SECRET = "secret"
VERSIONS = "versions"
REJECTED = "rejected"
INCOMING = "incoming"
#: The suffixes the current report of a unit may have (one of them at a time).
CURRENT_SUFFIXES = (".xlsx", ".yaml")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass
class Site:
    """One reports folder as the portal sees it; ``clock`` (UTC) and ``today`` are injectable for tests."""

    root: str
    clock: Callable[[], dt.datetime] = field(default=utc_now)
    fixed_today: dt.date | None = None

    @property
    def hidden(self) -> str:
        return os.path.join(self.root, HIDDEN)

    @property
    def database(self) -> str:
        return os.path.join(self.hidden, DATABASE)

    def today(self) -> dt.date:
        """The office's calendar day (local time), or the day given by --today."""
        return self.fixed_today or dt.date.today()

    def prepare(self) -> None:
        """Create ``.lplan/`` and its folders (first start); existing ones are left as they are."""
        for folder in (self.hidden, *(os.path.join(self.hidden, name) for name in (VERSIONS, REJECTED, INCOMING))):
            os.makedirs(folder, exist_ok=True)

    def current(self, period: str, unit_id: str, suffix: str) -> str:
        """``DIR/<period>/<unit-id><suffix>``: where the unit's accepted report is read by check and summary."""
        return os.path.join(self.root, period, unit_id + suffix)

    def kept(self, kind: str, period: str, unit_id: str, at: dt.datetime, sha256: str, suffix: str) -> str:
        """A new, never reused path for an upload kept for good (``kind``: VERSIONS or REJECTED).

        ``<UTC time>-<sha256[:12]><suffix>``: sortable, no character Windows forbids.
        """
        stamp = at.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
        return os.path.join(self.hidden, kind, period, unit_id, f"{stamp}-{sha256[:12]}{suffix}")

    def incoming(self) -> str:
        """A new folder for one upload being checked (removed after)."""
        path = os.path.join(self.hidden, INCOMING, secrets.token_hex(8))
        os.makedirs(path)
        return path

    def relative(self, path: str) -> str:
        """``path`` relative to the reports folder, with forward slashes (as the audit log and the pages show it)."""
        return os.path.relpath(path, self.root).replace(os.sep, "/")

    def secret_key(self) -> bytes:
        """The key that signs session cookies: ``.lplan/secret``, made on first start (0600 where the OS has modes)."""
        path = os.path.join(self.hidden, SECRET)
        try:
            with open(path, "rb") as fh:
                key = fh.read()
            if len(key) >= 32:
                return key
        except FileNotFoundError:
            pass
        key = secrets.token_bytes(32)
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(key)
            fh.flush()
            os.fsync(fh.fileno())
        if os.name != "nt":
            try:
                os.chmod(path, 0o600)
            except OSError:
                pass
        return key

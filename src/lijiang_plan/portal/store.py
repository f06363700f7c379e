"""The portal's SQLite file (``DIR/.lplan/portal.sqlite3``): accounts, sessions, settings and the audit log.

One connection, in WAL mode with full synchronous commits (a committed audit
row survives a power cut), used under one lock: every statement is small,
so 39 units uploading in the same minute wait microseconds for it while their
reports are checked in parallel. The schema is versioned (``PRAGMA
user_version``); `migrate` brings an older file up to date on start, and a
file from a newer lplan is refused rather than misread.

The audit log is the ``submissions`` table (every upload, accepted or not:
who, when, from where, the file's name as sent, its SHA-256 and size, where
it is kept, what the check found) and ``events`` (sign-in, sign-out, failed
sign-ins, password changes and resets, settings).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from lijiang_plan.errors import LplanError
from lijiang_plan.i18n import _

SCHEMA_VERSION = 1

_SCHEMA = [
    """
    CREATE TABLE accounts (
        unit_id TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('unit', 'office')),
        password TEXT NOT NULL,
        must_change INTEGER NOT NULL DEFAULT 1,
        failures INTEGER NOT NULL DEFAULT 0,
        locked_until REAL NOT NULL DEFAULT 0,
        issued TEXT NOT NULL,
        changed TEXT
    );
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        unit_id TEXT NOT NULL REFERENCES accounts (unit_id) ON DELETE CASCADE,
        csrf TEXT NOT NULL,
        created REAL NOT NULL,
        seen REAL NOT NULL,
        address TEXT NOT NULL
    );
    CREATE INDEX sessions_by_unit ON sessions (unit_id);
    CREATE TABLE address_failures (address TEXT NOT NULL, at REAL NOT NULL);
    CREATE INDEX address_failures_by_address ON address_failures (address, at);
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE submissions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        unit_id TEXT NOT NULL,
        account TEXT NOT NULL,
        address TEXT NOT NULL,
        period TEXT NOT NULL,
        name TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        kind TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'rejected')),
        reason TEXT NOT NULL,
        kept TEXT NOT NULL,
        current TEXT,
        errors INTEGER NOT NULL,
        warnings INTEGER NOT NULL,
        findings TEXT NOT NULL
    );
    CREATE INDEX submissions_by_unit ON submissions (unit_id, id);
    CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        account TEXT NOT NULL,
        address TEXT NOT NULL,
        event TEXT NOT NULL,
        detail TEXT NOT NULL
    );
    """,
]


class StoreError(LplanError):
    """The portal's database cannot be opened or is from a newer lplan."""


class Store:
    def __init__(self, path: str) -> None:
        self.path = path
        self.lock = threading.Lock()
        try:
            self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.migrate()
        except sqlite3.Error as exc:
            raise StoreError(
                _("cannot open the portal's database {file}: {reason}").format(file=path, reason=exc)
            ) from None

    def close(self) -> None:
        with self.lock:
            self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    def _one(self, sql: str, *args: Any) -> sqlite3.Row | None:
        with self.lock:
            row: sqlite3.Row | None = self.db.execute(sql, args).fetchone()
            return row

    def _all(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        with self.lock:
            return list(self.db.execute(sql, args).fetchall())

    def migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                _(
                    "the portal's database {file} was made by a newer lplan (schema {found}, this one knows {known}); "
                    "upgrade lplan"
                ).format(file=self.path, found=version, known=SCHEMA_VERSION)
            )
        for number in range(version, SCHEMA_VERSION):
            self.db.execute("BEGIN IMMEDIATE")
            for statement in _SCHEMA[number].split(";"):
                if statement.strip():
                    self.db.execute(statement)
            self.db.execute(f"PRAGMA user_version = {number + 1}")
            self.db.execute("COMMIT")

    # -- accounts ---------------------------------------------------------

    def issue(self, unit_id: str, role: str, password_hash: str, at: str) -> None:
        """A new account, or a new one-time password for an existing one (its sessions end)."""
        with self.transaction() as db:
            db.execute("DELETE FROM sessions WHERE unit_id = ?", (unit_id,))
            db.execute(
                "INSERT INTO accounts (unit_id, role, password, must_change, issued) VALUES (?, ?, ?, 1, ?) "
                "ON CONFLICT (unit_id) DO UPDATE SET password = excluded.password, must_change = 1, failures = 0, "
                "locked_until = 0, issued = excluded.issued, changed = NULL",
                (unit_id, role, password_hash, at),
            )

    def account(self, unit_id: str) -> sqlite3.Row | None:
        return self._one("SELECT * FROM accounts WHERE unit_id = ?", unit_id)

    def accounts(self) -> list[sqlite3.Row]:
        return self._all("SELECT * FROM accounts ORDER BY rowid")

    def set_password(self, unit_id: str, password_hash: str, at: str, keep: str | None = None) -> None:
        """A password the user chose; every other session of the account ends (``keep``: this one stays)."""
        with self.transaction() as db:
            db.execute(
                "UPDATE accounts SET password = ?, must_change = 0, changed = ? WHERE unit_id = ?",
                (password_hash, at, unit_id),
            )
            db.execute("DELETE FROM sessions WHERE unit_id = ? AND token_hash IS NOT ?", (unit_id, keep))

    def failed(self, unit_id: str, now: float, limit: int, lock_seconds: float) -> float:
        """Count a wrong password; the account is locked for ``lock_seconds`` at the ``limit``-th. Returns locked_until."""
        with self.transaction() as db:
            row = db.execute("SELECT failures FROM accounts WHERE unit_id = ?", (unit_id,)).fetchone()
            failures = (row["failures"] if row else 0) + 1
            locked = now + lock_seconds if failures >= limit else 0.0
            db.execute(
                "UPDATE accounts SET failures = ?, locked_until = ? WHERE unit_id = ?",
                (0 if locked else failures, locked, unit_id),
            )
            return locked

    def succeeded(self, unit_id: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE accounts SET failures = 0, locked_until = 0 WHERE unit_id = ?", (unit_id,))

    # -- sign-in attempts from an address -----------------------------------

    def address_failed(self, address: str, now: float, window: float) -> int:
        """Count a failed sign-in from ``address``; the failures in the last ``window`` seconds."""
        with self.transaction() as db:
            db.execute("DELETE FROM address_failures WHERE at < ?", (now - window,))
            db.execute("INSERT INTO address_failures (address, at) VALUES (?, ?)", (address, now))
            return int(
                db.execute(
                    "SELECT COUNT(*) FROM address_failures WHERE address = ? AND at >= ?", (address, now - window)
                ).fetchone()[0]
            )

    def address_blocked_until(self, address: str, now: float, window: float, limit: int) -> float:
        """When ``address`` may try again (0 now): ``limit`` failures in ``window`` seconds block it for the window."""
        rows = self._all(
            "SELECT at FROM address_failures WHERE address = ? AND at >= ? ORDER BY at DESC LIMIT ?",
            address,
            now - window,
            limit,
        )
        if len(rows) < limit:
            return 0.0
        return float(rows[-1]["at"]) + window

    # -- sessions ---------------------------------------------------------

    def create_session(self, token_hash: str, unit_id: str, csrf: str, now: float, address: str) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO sessions (token_hash, unit_id, csrf, created, seen, address) VALUES (?, ?, ?, ?, ?, ?)",
                (token_hash, unit_id, csrf, now, now, address),
            )

    def session(self, token_hash: str, now: float, idle: float, lifetime: float) -> sqlite3.Row | None:
        """The live session with this hash (seen now), or None: unknown, ended, idle too long or too old."""
        with self.transaction() as db:
            row = db.execute("SELECT * FROM sessions WHERE token_hash = ?", (token_hash,)).fetchone()
            if row is None:
                return None
            if now - row["seen"] > idle or now - row["created"] > lifetime:
                db.execute("DELETE FROM sessions WHERE token_hash = ?", (token_hash,))
                return None
            db.execute("UPDATE sessions SET seen = ? WHERE token_hash = ?", (now, token_hash))
            return row

    def end_session(self, token_hash: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM sessions WHERE token_hash = ?", (token_hash,))

    def prune_sessions(self, now: float, idle: float, lifetime: float) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM sessions WHERE seen < ? OR created < ?", (now - idle, now - lifetime))

    # -- settings ---------------------------------------------------------

    def setting(self, key: str) -> str | None:
        row = self._one("SELECT value FROM settings WHERE key = ?", key)
        return None if row is None else str(row["value"])

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # -- the audit log ----------------------------------------------------

    def add_submission(self, **fields: Any) -> int:
        fields = {**fields, "findings": json.dumps(fields["findings"], ensure_ascii=False)}
        columns = ", ".join(fields)
        marks = ", ".join("?" for _field in fields)
        with self.transaction() as db:
            cursor = db.execute(f"INSERT INTO submissions ({columns}) VALUES ({marks})", tuple(fields.values()))
            return int(cursor.lastrowid or 0)

    def submission(self, number: int) -> sqlite3.Row | None:
        return self._one("SELECT * FROM submissions WHERE id = ?", number)

    def submissions(self, unit_id: str | None = None, limit: int = 200) -> list[sqlite3.Row]:
        if unit_id is None:
            return self._all("SELECT * FROM submissions ORDER BY id DESC LIMIT ?", limit)
        return self._all("SELECT * FROM submissions WHERE unit_id = ? ORDER BY id DESC LIMIT ?", unit_id, limit)

    def latest(self, period: str) -> dict[str, sqlite3.Row]:
        """Each unit's latest upload for ``period`` (accepted or not)."""
        rows = self._all(
            "SELECT * FROM submissions WHERE id IN (SELECT MAX(id) FROM submissions WHERE period = ? GROUP BY unit_id)",
            period,
        )
        return {row["unit_id"]: row for row in rows}

    def latest_accepted(self, period: str) -> dict[str, sqlite3.Row]:
        rows = self._all(
            "SELECT * FROM submissions WHERE id IN "
            "(SELECT MAX(id) FROM submissions WHERE period = ? AND outcome = 'accepted' GROUP BY unit_id)",
            period,
        )
        return {row["unit_id"]: row for row in rows}

    def log(self, at: str, account: str, address: str, event: str, detail: str = "") -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO events (at, account, address, event, detail) VALUES (?, ?, ?, ?, ?)",
                (at, account, address, event, detail),
            )

    def events(self, limit: int = 100) -> list[sqlite3.Row]:
        return self._all("SELECT * FROM events ORDER BY id DESC LIMIT ?", limit)

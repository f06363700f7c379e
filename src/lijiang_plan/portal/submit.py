"""One upload, from its bytes to the audit log: sniff, check (as `lplan check` does), keep, accept or refuse.

The name a browser sends is never a path: it is recorded in the audit log
and shown (escaped), nothing more. The stored name is the unit's ID and the
content's real type: a zip (or an OLE2 file, which the workbook reader names
as encrypted or an old .xls) is read as ``.xlsx``, text as ``.yaml``; other
content (a PDF, a picture, binary data) is refused and still kept.

The upload is checked in a folder of its own under ``.lplan/incoming/``, once,
by the roll-up's own reader (`rollup.read_records`, which runs
`reports.check.inspect_file`, the very checker behind `lplan check`: same
rules, same messages, same cells), so the unit sees what `lplan check` says and
the portal accepts a report for a unit and a period only when `lplan summary`
will count it for that unit and period.

Nothing a unit sends is lost or overwritten: every upload is kept for good
(``.lplan/versions/`` when accepted, ``.lplan/rejected/`` when not), named by
its UTC time and SHA-256, never replacing a file. An accepted one is then
written atomically over ``DIR/<period>/<unit-id>.<ext>`` (temporary file,
fsync, rename: `files.safewrite`); a current file of the other format is
removed, and one the portal never wrote (put there by hand) is copied into
versions first. Only after the files does the audit row go in, and only
after the audit row is the upload acknowledged. A unit's uploads are placed
one at a time (a lock per unit), so its current file is always its last
accepted upload; different units never wait for each other.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import shutil
import threading
from dataclasses import dataclass
from typing import Any

from lijiang_plan.errors import OutputError
from lijiang_plan.files import safewrite
from lijiang_plan.i18n import N_, _
from lijiang_plan.plan.query import Plan
from lijiang_plan.portal.site import CURRENT_SUFFIXES, INCOMING, REJECTED, VERSIONS, Site
from lijiang_plan.portal.store import Store
from lijiang_plan.table import printable

log = logging.getLogger("lplan.portal")

ACCEPTED, REJECTED_OUTCOME = "accepted", "rejected"
#: Why an upload was refused (the audit log's ``reason``; the pages word them).
ERRORS, UNREADABLE, NO_UNIT, OTHER_UNIT, OTHER_PERIOD, NOT_A_REPORT = (
    "errors",
    "unreadable",
    "no-unit",
    "other-unit",
    "other-period",
    "not-a-report",
)
#: The longest upload name the audit log keeps (the rest is cut, with its length said).
NAME_LIMIT = 200

_BINARY = (
    (b"%PDF", N_("a PDF document")),
    (b"\x89PNG", N_("a picture")),
    (b"\xff\xd8\xff", N_("a picture")),
    (b"GIF8", N_("a picture")),
    (b"Rar!", N_("a compressed archive")),
    (b"7z\xbc\xaf", N_("a compressed archive")),
    (b"\x1f\x8b", N_("a compressed archive")),
)


@dataclass(frozen=True)
class Upload:
    """What the browser sent, and who sent it from where, for which period."""

    unit_id: str
    account: str
    address: str
    period: str
    name: str
    data: bytes


def sniff(data: bytes) -> tuple[str, str]:
    """(kind, what it looks like): kind 'xlsx' (a zip or OLE2 file), 'yaml' (text) or 'other'."""
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
        return "xlsx", ""
    for signature, what in _BINARY:
        if data.startswith(signature):
            return "other", what
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: the YAML reader says to save it as UTF-8
        return "yaml", ""
    if b"\x00" in data[:8192]:
        return "other", N_("binary data")
    return "yaml", ""


def shown_name(name: str) -> str:
    """An upload's own name as the audit log keeps it: printable, one line, at most NAME_LIMIT characters."""
    text = printable(name or "")
    if len(text) > NAME_LIMIT:
        text = _("{start}… ({count} characters)").format(start=text[: NAME_LIMIT - 1], count=f"{len(text):,}")
    return text


class Submitter:
    """The upload pipeline of one reports folder."""

    def __init__(self, site: Site, store: Store, plan: Plan) -> None:
        self.site = site
        self.store = store
        self.plan = plan
        self._locks: dict[str, threading.Lock] = {}
        self._locks_lock = threading.Lock()

    def _lock(self, unit_id: str) -> threading.Lock:
        with self._locks_lock:
            return self._locks.setdefault(unit_id, threading.Lock())

    def clean_incoming(self) -> None:
        """Remove what uploads interrupted by a crash left in ``.lplan/incoming/`` (never acknowledged)."""
        folder = os.path.join(self.site.hidden, INCOMING)
        for name in os.listdir(folder) if os.path.isdir(folder) else []:
            shutil.rmtree(os.path.join(folder, name), ignore_errors=True)

    def submit(self, upload: Upload, allow_errors: bool) -> int:
        """Check, keep, accept or refuse ``upload``; the audit row's ID (the upload is acknowledged with it)."""
        digest = hashlib.sha256(upload.data).hexdigest()
        kind, looks_like = sniff(upload.data)
        at = self.site.clock()
        base = {
            "at": at.isoformat(timespec="microseconds"),
            "unit_id": upload.unit_id,
            "account": upload.account,
            "address": upload.address,
            "period": upload.period,
            "name": shown_name(upload.name),
            "size": len(upload.data),
            "sha256": digest,
            "kind": kind,
        }
        if kind == "other":
            return self._refuse(upload, base, at, ".bin", NOT_A_REPORT, 1, 0, [_not_a_report(looks_like)])
        suffix = "." + kind
        shown = f"{upload.period}/{upload.unit_id}{suffix}"
        findings, record = self._check(upload, suffix, shown)
        errors = sum(f["level"] == "error" for f in findings)
        warnings = len(findings) - errors
        reason = self._verdict(upload, record, errors, allow_errors)
        if reason:
            return self._refuse(upload, base, at, suffix, reason, errors, warnings, findings)
        return self._accept(upload, base, at, suffix, errors, warnings, findings)

    def _accept(
        self,
        upload: Upload,
        base: dict[str, Any],
        at: dt.datetime,
        suffix: str,
        errors: int,
        warnings: int,
        findings: list[dict[str, Any]],
    ) -> int:
        """Keep the upload among the versions, make it the unit's current file, then write the audit row."""
        digest = base["sha256"]
        with self._lock(upload.unit_id):
            version = self._keep(VERSIONS, upload, at, digest, suffix)
            current = self.site.current(upload.period, upload.unit_id, suffix)
            self._save_earlier(upload, current)
            os.makedirs(os.path.dirname(current), exist_ok=True)
            safewrite.write_bytes(current, upload.data, force=True)  # temporary file, fsync, rename
            for other in CURRENT_SUFFIXES:
                path = self.site.current(upload.period, upload.unit_id, other)
                if other != suffix and os.path.exists(path):
                    os.unlink(path)  # the unit switched formats; the old one is in versions
            number = self.store.add_submission(
                **base,
                outcome=ACCEPTED,
                reason="",
                kept=self.site.relative(version),
                current=self.site.relative(current),
                errors=errors,
                warnings=warnings,
                findings=findings,
            )
        log.info(
            _(
                "{address}: upload {number} from {unit} accepted as {file} (errors: {errors}, warnings: {warnings})"
            ).format(
                address=upload.address,
                number=number,
                unit=upload.unit_id,
                file=self.site.relative(current),
                errors=errors,
                warnings=warnings,
            )
        )
        return number

    def _check(self, upload: Upload, suffix: str, shown: str) -> tuple[list[dict[str, Any]], Any]:
        """The findings `lplan check` gives the upload (paths shown as it will be stored), and the roll-up's record."""
        from lijiang_plan.reports import rollup

        folder = self.site.incoming()
        try:
            path = os.path.join(folder, upload.unit_id + suffix)
            with open(path, "wb") as fh:
                fh.write(upload.data)
            # Read once: the roll-up's record holds every finding `lplan check` gives the file (the checker's
            # inspect_file, as summary reads it; no --select or --ignore applies) beside its unit and period.
            (record,) = rollup.read_records([path], self.plan, keep_findings=True)
            findings = [f.as_dict() for f in record.findings]
            for finding in findings:
                finding["path"] = shown
                finding["message"] = finding["message"].replace(path, shown)
            return findings, record
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _verdict(self, upload: Upload, record: Any, errors: int, allow_errors: bool) -> str:
        """'' to accept, else why not: a report the roll-up would not count for this unit and period is refused."""
        if not record.readable and record.unit_id in (None, upload.unit_id):
            return UNREADABLE
        if record.unit_id is None:
            return NO_UNIT
        if record.unit_id != upload.unit_id:
            return OTHER_UNIT
        if record.period != upload.period:
            return OTHER_PERIOD
        if errors and not allow_errors:
            return ERRORS
        return ""

    def _refuse(
        self,
        upload: Upload,
        base: dict[str, Any],
        at: dt.datetime,
        suffix: str,
        reason: str,
        errors: int,
        warnings: int,
        findings: list[dict[str, Any]],
    ) -> int:
        with self._lock(upload.unit_id):
            kept = self._keep(REJECTED, upload, at, base["sha256"], suffix)
            number = self.store.add_submission(
                **base,
                outcome=REJECTED_OUTCOME,
                reason=reason,
                kept=self.site.relative(kept),
                current=None,
                errors=errors,
                warnings=warnings,
                findings=findings,
            )
        log.info(
            _("{address}: upload {number} from {unit} not accepted (reason: {reason}; errors: {errors})").format(
                address=upload.address, number=number, unit=upload.unit_id, reason=reason, errors=errors
            )
        )
        return number

    def _keep(self, kind: str, upload: Upload, at: dt.datetime, digest: str, suffix: str) -> str:
        """Write the upload to a new path under ``.lplan/<kind>/`` (never over a file), fsynced; the path."""
        path = self.site.kept(kind, upload.period, upload.unit_id, at, digest, suffix)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        stem, ext = os.path.splitext(path)
        for attempt in range(100):
            candidate = path if attempt == 0 else f"{stem}-{attempt}{ext}"
            try:
                safewrite.write_bytes(candidate, upload.data, force=False)
                return candidate
            except OutputError:
                if not os.path.exists(candidate):
                    raise
        raise OutputError(_("cannot find a free name for {file}").format(file=path))

    def _save_earlier(self, upload: Upload, current: str) -> None:
        """A current file the portal has no copy of (put there by hand) goes into versions before it is replaced."""
        folder = os.path.dirname(self.site.kept(VERSIONS, upload.period, upload.unit_id, self.site.clock(), "0", ""))
        known = {name.rsplit(".", 1)[0].split("-")[1][:12] for name in _names(folder) if "-" in name}
        for suffix in CURRENT_SUFFIXES:
            path = self.site.current(upload.period, upload.unit_id, suffix)
            try:
                with open(path, "rb") as fh:
                    data = fh.read()
            except FileNotFoundError:
                continue
            digest = hashlib.sha256(data).hexdigest()
            if digest[:12] in known:
                continue
            mtime = dt.datetime.fromtimestamp(os.stat(path).st_mtime, dt.timezone.utc)
            earlier = Upload(upload.unit_id, upload.account, upload.address, upload.period, path, data)
            self._keep(VERSIONS, earlier, mtime, digest, suffix)


def _not_a_report(looks_like: str) -> dict[str, Any]:
    """The one finding on a file that is no report at all (a PDF, a picture, binary data)."""
    message = _(
        "this file is {what}, not a report; upload the report workbook (.xlsx) or the YAML file made from your template"
    ).format(what=_(looks_like))
    finding = {"path": "", "line": 1, "column": 1, "cell": None, "rule": "not-a-report"}
    return finding | {"level": "error", "message": message}


def _names(folder: str) -> list[str]:
    try:
        return os.listdir(folder)
    except FileNotFoundError:
        return []

"""Writing files without ever destroying one: atomic, and no overwrite unless asked.

Everything lplan writes to a path (templates, exports, calendars, workbooks) goes
through `write_text` or `write_bytes`: the content goes to a temporary file in the same directory and is
moved into place with one rename, so an interrupted write leaves either the old
file or the new one, never half of one, and no temporary file behind. An
existing file is replaced only with ``force=True``; a replaced file keeps its
permission bits. Without ``force`` the new file is linked into place, which
fails if a file appeared there meanwhile, so not even a race can overwrite one.
On Windows a rename never replaces a file, so it is the no-clobber step there
(and it works on drives without hard links: FAT32 and exFAT USB sticks).

A run that reads files (summary, digest: a folder of reports) names them in
``reads``, and none of them is ever written over, ``force`` or not: `summary .
-o report.xlsx --force` must not replace a report it is reading. A write that
fails (permissions, a read-only disk, no space) is `WriteFailed`, exit 74; a
write refused (the file exists, it is an input) is `OutputError`, exit 2. The
temporary file's name is short and fixed in length, so that any name legal for
the target (up to 255 bytes) can be written.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Collection

from lijiang_plan.errors import OutputError, WriteFailed
from lijiang_plan.i18n import _


def write_text(
    path: str | os.PathLike[str],
    text: str,
    *,
    force: bool = False,
    encoding: str = "utf-8",
    newline: str | None = None,
    reads: Collection[str] = (),
) -> None:
    """Write ``text`` to ``path`` atomically; refuse to replace a file unless ``force``.

    ``encoding`` and ``newline`` mean what they mean to `open`: with ``newline=""``
    the text is written exactly (CSV with its CRLFs); "utf-8-sig" writes a BOM.
    """
    if newline is None:
        newline = os.linesep  # what a text-mode file would do
    if newline not in ("", "\n"):
        text = text.replace("\n", newline)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError as exc:
        raise OutputError(
            _("cannot write '{file}': the text cannot be encoded as {encoding} ({reason})").format(
                file=os.fspath(path), encoding=encoding, reason=exc.reason
            )
        ) from None
    write_bytes(path, data, force=force, reads=reads)


def write_bytes(path: str | os.PathLike[str], data: bytes, *, force: bool = False, reads: Collection[str] = ()) -> None:
    """Write ``data`` to ``path`` atomically; refuse to replace a file unless ``force``, or one in ``reads`` ever."""
    target = os.fspath(path)
    if not target:
        raise OutputError(_("no output file name given"))
    if os.path.isdir(target):
        raise OutputError(_("'{file}' is a directory; give a file name").format(file=target))
    existing = _lstat(target)
    if existing is not None and reads and _is_input(target, reads):
        raise OutputError(
            _(
                "'{file}' is one of the files this run reads; lplan never writes over its own input, --force or"
                " not: write the output outside the folder it reads"
            ).format(file=target)
        )
    if existing is not None and not (stat.S_ISREG(existing.st_mode) or stat.S_ISLNK(existing.st_mode)):
        # A device, FIFO or socket is never replaced, --force or not (think of /dev/null).
        raise OutputError(
            _("'{file}' is not a regular file; lplan writes only regular files: give a file name").format(file=target)
        )
    if existing is not None and not force:
        raise OutputError(_("'{file}' already exists; use --force to replace it").format(file=target))
    directory = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(directory):
        if os.path.lexists(directory):
            raise OutputError(_("'{folder}' is not a directory").format(folder=directory))
        raise OutputError(_("'{folder}' does not exist; create it first").format(folder=directory))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".lplan-", suffix=".tmp", dir=directory)  # 19 bytes, whatever the target
    except OSError as exc:
        raise WriteFailed(
            _("cannot write in '{folder}': {reason}").format(folder=directory, reason=_reason(exc))
        ) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        _set_mode(tmp, target)
        if force:
            os.replace(tmp, target)
        else:
            _link_no_clobber(tmp, target)
        _sync_directory(directory)
    except BaseException as exc:
        _remove(tmp)
        if isinstance(exc, FileExistsError):
            raise OutputError(_("'{file}' already exists; use --force to replace it").format(file=target)) from None
        if isinstance(exc, PermissionError) and os.name == "nt" and existing is not None:
            raise OutputError(
                _(
                    "cannot replace '{file}': it is open in another program (Excel, WPS, Word?) or read-only; "
                    "close it and run again"
                ).format(file=target)
            ) from None
        if isinstance(exc, OSError):
            raise WriteFailed(_("cannot write '{file}': {reason}").format(file=target, reason=_reason(exc))) from None
        raise


def _remove(tmp: str) -> None:
    """Remove the temporary file, even one made read-only (Windows refuses to delete those)."""
    try:
        if os.name == "nt":
            os.chmod(tmp, 0o600)
        os.unlink(tmp)
    except OSError:
        pass


def _is_input(target: str, reads: Collection[str]) -> bool:
    """Whether ``target`` is (or links to) one of the files ``reads`` names: by path, or by device and inode."""

    def identity(path: str, follow: bool) -> tuple[int, int] | None:
        try:
            info = os.stat(path) if follow else os.lstat(path)
        except OSError:
            return None
        return info.st_dev, info.st_ino

    inputs = {identity(path, follow=True) for path in reads} | {identity(path, follow=False) for path in reads}
    inputs.discard(None)
    here = {identity(target, follow=True), identity(target, follow=False)} - {None}
    return bool(here & inputs) or os.path.abspath(target) in {os.path.abspath(path) for path in reads}


def _lstat(path: str) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except OSError:
        return None


def _set_mode(tmp: str, target: str) -> None:
    """A replaced regular file's read/write/execute bits; else what a new file gets under the umask.

    Set-user-ID, set-group-ID and sticky bits are never carried over, and a
    replaced symbolic link lends nothing of its target: the new file is new.
    """
    existing = _lstat(target)
    try:
        if existing is not None and stat.S_ISREG(existing.st_mode):
            os.chmod(tmp, existing.st_mode & 0o777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
    except OSError:
        pass


def _link_no_clobber(tmp: str, target: str) -> None:
    """Put ``tmp`` at ``target`` only if nothing is there (hard link; rename where links fail)."""
    if os.name == "nt":  # a rename refuses to replace a file (FileExistsError): no-clobber, with or without links
        os.rename(tmp, target)
        return
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
            raise
        # A filesystem without hard links: re-check, then rename (a narrow race remains).
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "exists", target) from None
        os.replace(tmp, target)
    else:
        os.unlink(tmp)


def _sync_directory(directory: str) -> None:
    """Make the rename durable where the platform allows it (best effort)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

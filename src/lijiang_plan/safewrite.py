"""Writing files without ever destroying one: atomic, and no overwrite unless asked.

Everything lplan writes to a path (templates, exports, calendars) goes through
`write_text`: the content goes to a temporary file in the same directory and is
moved into place with one rename, so an interrupted write leaves either the old
file or the new one, never half of one. An existing file is replaced only with
``force=True``.
"""

from __future__ import annotations

import os
import tempfile

from lijiang_plan.errors import OutputError


def write_text(path: str | os.PathLike[str], text: str, *, force: bool = False, encoding: str = "utf-8", newline: str | None = None) -> None:
    """Write ``text`` to ``path`` atomically; refuse to replace a file unless ``force``."""
    target = os.fspath(path)
    if os.path.isdir(target):
        raise OutputError(f"'{target}' is a directory; give a file name")
    if os.path.lexists(target) and not force:
        raise OutputError(f"'{target}' already exists; use --force to replace it")
    directory = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(directory):
        raise OutputError(f"directory '{directory}' does not exist; create it first")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"cannot write in '{directory}': {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if os.path.exists(target):
            try:
                os.chmod(tmp, os.stat(target).st_mode & 0o7777)
            except OSError:
                pass
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write '{target}': {exc.strerror}") from None
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

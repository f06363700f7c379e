"""Which files a run reads: the paths given, folders walked, links followed once, loops named.

`check`, `summary` and `digest` (and the portal) read reports from the same
paths the same way: `discover` turns what the user typed into the files to
read, the paths that do not exist, and the notes a person should see (a
folder holding no file). Every file a folder holds is read, whatever its
format, except hidden files and spreadsheet lock files: a report sent as
.ods, .csv or .docx must not vanish from the count, so the reader names its
format (`unsupported-format`) instead. Nothing here reads a report; a path that cannot
be walked (a folder that cannot be listed, a link that loops) is returned as a
file, so that the reader (`load.read_file`) reports it at its own path with
the words this module gives (`unlistable`, `link_problem`).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from lijiang_plan.i18n import _
from lijiang_plan.rules import message
from lijiang_plan.table import printable

#: Suffixes read as workbooks and as YAML reports (any case); any other file is in a format lplan does not read.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
YAML_SUFFIXES = (".yaml", ".yml")
REPORT_SUFFIXES = (*YAML_SUFFIXES, *WORKBOOK_SUFFIXES)
#: Formats a unit may send its report in that lplan does not read: a folder walk lists them too (each an
#: `unsupported-format` finding, counted against its unit), so that nothing a unit sent goes uncounted.
#: Other files in a reports folder (README.md, a JSON schema, golden *.expected.json, a script) are the
#: folder's own, not submissions: a walk leaves them alone, as it leaves hidden files (named, any is read).
SENT_SUFFIXES = (
    *(".ods", ".ots", ".fods", ".et", ".ett", ".xlsb", ".xltx", ".xltm", ".xlt", ".numbers", ".csv", ".tsv"),
    *(".doc", ".docx", ".docm", ".dot", ".dotx", ".wps", ".wpt", ".odt", ".rtf", ".pdf", ".ofd", ".txt", ".text"),
    *(".mht", ".mhtml", ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".heic", ".webp"),
    *(".ppt", ".pptx", ".dps", ".odp", ".key", ".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".eml", ".msg"),
)
_WALKED = (*REPORT_SUFFIXES, *SENT_SUFFIXES)
#: Excel's and WPS's lock files ("~$report.xlsx", a few bytes naming who has the workbook open).
_LOCK_PREFIX = "~$"


@dataclass
class Discovery:
    """What a run was given: the report files to read, in order, and the given paths that do not exist."""

    given: list[str]
    files: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def notes(self) -> list[str]:
        """Lines for stderr, before any finding: each missing path (an error), a folder without reports (a note)."""
        lines = [
            _("lplan: error: {path}: no such file or directory").format(path=printable(path)) for path in self.missing
        ]
        if not self.files:
            lines += [
                _("lplan: note: no report files (*.yaml, *.yml, *.xlsx) under {path}").format(path=printable(path))
                for path in self.given
                if path not in self.missing
            ]
        return lines


def discover(paths: Iterable[str]) -> Discovery:
    """The report files under ``paths`` (see `expand_paths`), with what a person should be told."""
    given = list(paths)
    files, missing = expand_paths(given)
    return Discovery(given, files, missing)


def is_workbook(path: str) -> bool:
    return path.lower().endswith(WORKBOOK_SUFFIXES)


def is_report(path: str) -> bool:
    """Whether ``path`` names a format lplan reads as a report (.yaml, .yml, .xlsx, .xlsm, .xls; any case)."""
    return path.lower().endswith(REPORT_SUFFIXES)


def expand_paths(paths: Iterable[str]) -> tuple[list[str], list[str]]:
    """(files to check, given paths that do not exist).

    A file given by name is checked, hidden or not. A directory is walked for
    reports (*.yaml, *.yml, workbooks *.xlsx, *.xlsm, *.xls) and for files sent
    in a format lplan does not read (`SENT_SUFFIXES`: .ods, .csv, .docx, .pdf, a
    scan, an archive …), sorted by path, skipping hidden directories (.git, .github), hidden
    files (._* AppleDouble files macOS leaves on shared drives) and the lock
    files (~$name.xlsx) a spreadsheet leaves beside an open workbook; the same
    file given twice, or reached through a link, is checked once.
    """
    files: list[tuple[str, str | None]] = []
    missing: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            files.extend(_walk(path))
        elif os.path.exists(path) or os.path.islink(path):
            files.append((path, None))
        else:
            missing.append(path)
    return _once_each(files), missing


def _once_each(files: list[tuple[str, str | None]]) -> list[str]:
    """Each real file once, in first-seen order: a link to a report beside it is the same report.

    Files are told apart by their real path (links resolved), so a symbolic
    link to a report in the same folder is not checked, or counted by
    `summary`, a second time. The spelling kept is the file's own path when it
    is among those given or found, else the first one seen. A walk knows most
    real paths already (`_walk`): resolving each of 10,000 files costs a
    fifth of a second, all of it before the first file is checked.
    """
    chosen: dict[str, str] = {}
    for path, known in files:
        real = known or _real_path(path)
        if real not in chosen or (os.path.islink(chosen[real]) and not os.path.islink(path)):
            chosen[real] = path
    return list(chosen.values())


def _real_path(path: str) -> str:
    # Only a link that reaches a regular file is the same report; each link loop is its own problem.
    return os.path.realpath(path) if os.path.isfile(path) else os.path.normpath(os.path.abspath(path))


def _walk(directory: str) -> list[tuple[str, str | None]]:
    """Report files under ``directory``, sorted; never silent about what it cannot see.

    Symbolic links to directories are followed, each real directory once. A
    directory that cannot be listed, and a link that loops back to a directory
    it is in, are returned as paths too: `load.read_file` turns them into
    `io-error` findings that name them. Files of any kind and any suffix are
    returned (a FIFO, a broken link, an .ods): reading them is the reader's job.
    Each comes with its real path where the listing gives it without a system
    call (a regular file, not a link, in a folder whose real path is known), else None.
    Paths found are joined with the separator the user wrote: on Windows,
    ``examples/reports`` gives ``examples/reports/a.yaml`` and ``examples\\reports``
    gives ``examples\\reports\\a.yaml``, never a mix of the two.
    """
    sep = os.altsep if os.altsep and os.altsep in directory and os.sep not in directory else os.sep
    found: list[tuple[str, str | None]] = []
    seen: set[tuple[int, int]] = set()
    # Depth first, in name order, without recursion (a deep tree must not overflow the stack).
    # An entry is (path, real path or None) for a file, (path, the directories it is in) for a directory.
    stack: list[tuple[str, frozenset[tuple[int, int]] | str | None]] = [(directory, frozenset())]
    while stack:
        path, ancestors = stack.pop()
        if not isinstance(ancestors, frozenset):
            found.append((path, ancestors))  # a report file (or a broken link, a FIFO: read_file's job)
            continue
        try:
            info = os.stat(path)
            here = (info.st_dev, info.st_ino)
            if here in ancestors:
                found.append((path, None))
                continue  # a link back to a directory it is in: read_file names the loop
            if here in seen:
                continue  # reached before by another link: its files are listed once
            with os.scandir(path) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:
            found.append((path, None))  # read_file says why it cannot be listed
            continue
        seen.add(here)
        inner = ancestors | {here}
        real_here = os.path.realpath(path)
        below: list[tuple[str, frozenset[tuple[int, int]] | str | None]] = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()  # follows links
            except OSError:
                is_dir = False
            if is_dir:
                if entry.name.startswith("."):
                    continue
                if entry.is_symlink() and _contains(os.path.realpath(entry.path), real_here):
                    below.append((_join(path, entry.name, sep), None))  # a link up the tree: read_file names the loop
                else:
                    below.append((_join(path, entry.name, sep), inner))
            elif entry.name.startswith((".", _LOCK_PREFIX)):
                continue  # hidden files (macOS ._* AppleDouble, editors' .#locks) and ~$ workbook locks are not reports
            elif entry.name.lower().endswith(_WALKED):  # a report, or one sent otherwise
                try:  # not a link: its real path is its real folder's and its name (the listing says; no system call)
                    real = os.path.join(real_here, entry.name) if entry.is_file(follow_symlinks=False) else None
                except OSError:
                    real = None
                below.append((_join(path, entry.name, sep), real))
        stack.extend(reversed(below))
    return found


def _join(directory: str, name: str, sep: str) -> str:
    """``directory`` and ``name`` with ``sep`` between them, as `os.scandir` joins them with os.sep."""
    return directory + name if directory.endswith((os.sep, sep)) else directory + sep + name


def _contains(outer: str, inner: str) -> bool:
    """Whether real path ``inner`` is ``outer`` or lies below it."""
    return inner == outer or inner.startswith(outer.rstrip(os.sep) + os.sep)


# -- what a walked path that is not a report is -----------------------------


def _on_its_own_way(link: str) -> bool:
    """Whether a directory link points at a folder the walk passed through to reach it.

    Its own folder or one above it (``up -> ..``), or one reached through other
    links (``a/to-b -> ../b`` with ``b/to-a -> ../a``): every folder on the
    link's path as written is compared, not only the real one it sits in.
    """
    target = os.path.realpath(link)
    head = os.path.dirname(link) or "."
    while True:
        real = os.path.realpath(head)
        if real == target or real.startswith(target.rstrip(os.sep) + os.sep):
            return True
        above = os.path.dirname(head)
        if not above or above == head:
            return False
        head = above


def unlistable(path: str) -> str:
    """Why a directory reached as a file was not read: a link loop, a folder that cannot be listed, or a folder."""
    if os.path.islink(path) and _on_its_own_way(path):
        return message("io-error", "directory-loop", target=os.readlink(path))
    try:
        os.listdir(path)
    except OSError as exc:
        return message("io-error", "unlistable", reason=reason(exc), fix=fix_for(exc, "a+rx"))
    return message("io-error", "directory")


def reason(exc: OSError) -> str:
    """The OS's words for an error (its type's name when it gives none)."""
    return exc.strerror or type(exc).__name__


def fix_for(exc: OSError, mode: str = "a+r") -> str:
    """What to do about an error reading a path: make it readable, run again, or check the disk."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return _("make it readable for the user who runs lplan (chmod {mode}), or move it out of the way").format(
            mode=mode
        )
    if exc.errno == errno.ENOENT:
        return _("it was removed while lplan ran; run again")
    return _("check the disk and the file, then run again")


def link_problem(path: str, exc: OSError) -> str | None:
    """What is wrong with a symbolic link that could not be read through (broken, or a loop), else None."""
    if exc.errno == errno.ENOENT and os.path.islink(path):
        return message("io-error", "broken-link", target=os.readlink(path))
    if exc.errno == errno.ELOOP:
        if os.path.islink(path):
            return message("io-error", "link-loop", target=os.readlink(path))
        return message("io-error", "loop")
    return None

"""Standard output for files and for people, whatever the console's encoding.

Files (YAML template, JSON, CSV, iCalendar, SARIF, JUnit, schemas) are written
to stdout as UTF-8 bytes, exactly, even when stdout's encoding is GBK (a
Chinese Windows console, PYTHONIOENCODING=cp936): a file redirected there must
be the same file `-o` writes. Text for people goes through the console's own
encoding; a character it cannot show is replaced by an ASCII stand-in where
one exists (`›` becomes `>`), and only a character with no stand-in is an
error, which names it.
"""

from __future__ import annotations

import codecs
import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from lijiang_plan.i18n import _

ERRORS = "lplan-fallback"

#: Characters lplan prints for people, and stand-ins for consoles that cannot show them (best first).
FALLBACKS: dict[str, tuple[str, ...]] = {
    "›": (">",),
    "—": ("-",),
    "–": ("-",),
    "…": ("...",),
    "✓": ("√", "v"),
    "✗": ("×", "x"),
    "→": ("->",),
    "×": ("x",),
    "·": (".",),
    "“": ('"',),
    "”": ('"',),
    "‘": ("'",),
    "’": ("'",),
    "、": (",",),
    "，": (",",),
    "。": (".",),
    "：": (":",),
    "（": ("(",),
    "）": (")",),
    "\u00a0": (" ",),
    "\u3000": ("  ",),
}


def _fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for char in exc.object[exc.start : exc.end]:
        for candidate in FALLBACKS.get(char, ()):
            try:
                candidate.encode(exc.encoding)
            except (UnicodeEncodeError, LookupError):
                continue
            out.append(candidate)
            break
        else:
            raise exc
    return "".join(out), exc.end


codecs.register_error(ERRORS, _fallback)


def _is_utf8(stream: IO[str]) -> bool:
    encoding = (getattr(stream, "encoding", None) or "").replace("-", "").replace("_", "").lower()
    return encoding.startswith("utf8")


def prepare_console() -> None:
    """Let stdout and stderr fall back to ASCII stand-ins where their encoding cannot show a character."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None or _is_utf8(stream) or getattr(stream, "errors", None) != "strict":
            continue
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors=ERRORS)
            except (ValueError, OSError):  # a closed or detached stream: leave it as it is
                pass


def unencodable_message(exc: UnicodeEncodeError) -> str:
    """What to say when a character cannot be shown: which one, and what to do."""
    import unicodedata

    char = exc.object[exc.start] if exc.start < len(exc.object) else "?"
    name = unicodedata.name(char, "") if len(char) == 1 else ""
    shown = f"U+{ord(char):04X} {name}".strip() if len(char) == 1 else repr(char)
    return _(
        "the output's encoding ({encoding}) cannot show the character {character}; "
        "use a UTF-8 locale or console, or set PYTHONIOENCODING=utf-8"
    ).format(encoding=exc.encoding, character=shown)


def write_file(text: str, encoding: str = "utf-8") -> None:
    """Write a file's ``text`` to stdout as bytes, exactly (no newline translation, no re-encoding)."""
    write_bytes(text.encode(encoding))


def write_bytes(data: bytes) -> None:
    """Write a file's bytes to stdout as they are (a workbook, or text `write_file` encoded)."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (some IDEs, test doubles): best effort
        sys.stdout.write(data.decode("utf-8", "replace"))
        return
    buffer.write(data)
    buffer.flush()


@contextmanager
def file_stdout() -> Iterator[IO[str]]:
    """A text stream onto stdout's bytes in UTF-8, for writers that write as they go."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        yield sys.stdout
        return
    stream = io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=True)
    try:
        yield stream
    finally:
        try:
            stream.flush()
        finally:
            stream.detach()  # stdout's buffer stays open

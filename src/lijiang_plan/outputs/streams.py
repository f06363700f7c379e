"""Standard output for files and for people, whatever the console's encoding.

Files (YAML template, JSON, CSV, iCalendar, SARIF, JUnit, schemas) are written
to stdout as UTF-8 bytes, exactly, even when stdout's encoding is GBK (a
Chinese Windows console, PYTHONIOENCODING=cp936): a file redirected there must
be the same file `-o` writes. Text for people goes through the console's own
encoding; a character it cannot show is replaced by an ASCII stand-in where
one exists (`›` becomes `>`), and only a character with no stand-in is an
error, which names it. That holds whatever error mode the console came with:
Python on Windows opens a redirected stdout as the ANSI code page (cp936 on
Chinese Windows, cp1252 on Western) with "surrogateescape", not "strict".

Standard error, and help pages, are for people only: there a character with
no stand-in is written as a ``\\uXXXX`` escape rather than stopping lplan, so
an error message or `--help` shows on any code page (the English help names
the plan's (二)3.(1), which cp1252 cannot show).
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
#: The same, for a stream that was opened with "surrogateescape": an escaped byte is written back as that byte.
ERRORS_SURROGATES = "lplan-fallback-surrogateescape"
#: For standard error and help pages: stand-ins where they exist, else a backslash escape; never an error.
LENIENT = "lplan-lenient"

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


def _stand_ins(exc: UnicodeEncodeError, surrogates: bool, lenient: bool) -> tuple[str | bytes, int]:
    """The replacement for ``exc``'s characters: stand-ins, escaped bytes, or (lenient) backslash escapes."""
    out: list[bytes] = []
    for char in exc.object[exc.start : exc.end]:
        if surrogates and "\udc80" <= char <= "\udcff":
            out.append(bytes([ord(char) - 0xDC00]))  # what "surrogateescape" writes
            continue
        for candidate in FALLBACKS.get(char, ()):
            try:
                out.append(candidate.encode(exc.encoding))
            except (UnicodeEncodeError, LookupError):
                continue
            break
        else:
            if not lenient:
                raise exc
            out.append(char.encode("ascii", "backslashreplace"))
    return b"".join(out), exc.end


def _fallback(exc: UnicodeError) -> tuple[str | bytes, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return _stand_ins(exc, surrogates=False, lenient=False)


def _fallback_surrogates(exc: UnicodeError) -> tuple[str | bytes, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return _stand_ins(exc, surrogates=True, lenient=False)


def _lenient(exc: UnicodeError) -> tuple[str | bytes, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return _stand_ins(exc, surrogates=True, lenient=True)


codecs.register_error(ERRORS, _fallback)
codecs.register_error(ERRORS_SURROGATES, _fallback_surrogates)
codecs.register_error(LENIENT, _lenient)


def _is_utf8(stream: IO[str]) -> bool:
    encoding = (getattr(stream, "encoding", None) or "").replace("-", "").replace("_", "").lower()
    return encoding.startswith("utf8")


#: The error mode each stream gets, by the mode it was opened with; a mode not listed is left alone.
_STDOUT_MODES = {"strict": ERRORS, "surrogateescape": ERRORS_SURROGATES}
_STDERR_MODES = {"strict": LENIENT, "surrogateescape": LENIENT, "backslashreplace": LENIENT}


def prepare_console() -> None:
    """Let stdout and stderr fall back to ASCII stand-ins where their encoding cannot show a character.

    Standard output keeps failing (exit 74, naming the character) on a
    character with no stand-in, so that data is never silently changed;
    standard error writes such a character as an escape instead.
    """
    for stream, modes in ((sys.stdout, _STDOUT_MODES), (sys.stderr, _STDERR_MODES)):
        if stream is None or _is_utf8(stream):
            continue
        errors = modes.get(getattr(stream, "errors", None) or "")
        reconfigure = getattr(stream, "reconfigure", None)
        if errors is not None and reconfigure is not None:
            try:
                reconfigure(errors=errors)
            except (ValueError, OSError):  # a closed or detached stream: leave it as it is
                pass


def for_people(text: str, stream: IO[str] | None = None) -> str:
    """``text`` as ``stream`` (stdout by default) can show it: stand-ins, else backslash escapes (help pages)."""
    stream = sys.stdout if stream is None else stream
    encoding = getattr(stream, "encoding", None) or "utf-8"
    if _is_utf8(stream):
        return text
    try:
        return text.encode(encoding, LENIENT).decode(encoding, "surrogateescape")
    except LookupError:  # an encoding Python does not know: leave the text to the stream
        return text


def unencodable_message(exc: UnicodeEncodeError) -> str:
    """What to say when a character cannot be shown: which one, and what to do."""
    import unicodedata

    char = exc.object[exc.start] if exc.start < len(exc.object) else "?"
    name = unicodedata.name(char, "") if len(char) == 1 else ""
    shown = f"U+{ord(char):04X} {name}".strip() if len(char) == 1 else repr(char)
    encoding = exc.encoding
    if encoding == "charmap":  # the codec behind cp1252 and other single-byte code pages: name the code page
        encoding = getattr(sys.stdout, "encoding", None) or encoding
    return _(
        "the output's encoding ({encoding}) cannot show the character {character}; "
        "use a UTF-8 locale or console, or set PYTHONIOENCODING=utf-8"
    ).format(encoding=encoding, character=shown)


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

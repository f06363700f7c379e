"""Text from a report as it can be shown in any document: every character visible, none a control.

At the bottom of the package beside `table.printable`: the digest (reports) and its writers (outputs) use it.

An account may hold what YAML escapes allow: a bell (``"\\a"``), an escape
sequence, a right-to-left override that reorders what a reader sees, a
character XML (and so Word) cannot hold at all. `visible` keeps line breaks
and tabs and shows every other such character as its escape (``\\x07``,
``\\u202e``), so a document never fails to write and never hides or reorders
text. Escaping for a format (HTML, Markdown) is the format's writer's job.
"""

from __future__ import annotations

import re

#: C0 controls but tab and line feed, DEL, C1 controls, bidirectional overrides and
#: isolates, lone surrogates and the non-characters U+FFFE/U+FFFF.
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


def visible(text: str) -> str:
    """``text`` with CRLF/CR as LF and every hidden or XML-illegal character shown as its escape."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _HIDDEN.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """``visible`` text on one line (table cells, headings): line breaks and tabs become spaces."""
    return " ".join(visible(text).split())

"""`table.printable`: the one function every echo of user text goes through."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from lijiang_plan.table import printable


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),
        ("a\nb\tc\rd", "a\\nb\\tc\\rd"),
        ("\x9b2J", "\\x9b2J"),  # a C1 CSI, which some terminals obey like ESC [
        ("\x7f", "\\x7f"),
        ("report\u202ecod.yaml", "report\\u202ecod.yaml"),  # a right-to-left override reorders the name
        ("\u2066x\u2069 \u200f \u061c", "\\u2066x\\u2069 \\u200f \\u061c"),
        ("\ufffe\uffff", "\\ufffe\\uffff"),  # XML 1.0 cannot hold these non-characters
        ("bad\udcffname", "bad\\xffname"),  # a name that is not UTF-8, as surrogateescape gives it
        ("市公安局 2025-H1 ２．３ \u3000", "市公安局 2025-H1 ２．３ \u3000"),  # text people write stays as it is
    ],
)
def test_printable_escapes_what_a_terminal_obeys_or_a_format_cannot_hold(raw, shown):
    assert printable(raw) == shown


def test_whatever_printable_returns_is_valid_in_xml_json_and_utf_8():
    every = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF) + "\udc80\ud800"
    text = printable(every)
    text.encode("utf-8")  # no lone surrogate left
    ET.fromstring(f"<m>{text.replace('&', '&amp;').replace('<', '&lt;')}</m>")
    assert json.loads(json.dumps(text, ensure_ascii=False)) == text

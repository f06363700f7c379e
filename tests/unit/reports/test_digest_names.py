"""How the digest names a report file: its last part, as it can be shown."""

from __future__ import annotations

import ntpath

from lijiang_plan.reports import digest


def test_a_file_is_named_by_its_last_part():
    assert digest.file_name("reports/2025-H1/市公安局.yaml") == "市公安局.yaml"
    assert digest.file_name("reports/2025-H1/") == "2025-H1"


def test_an_escaped_name_keeps_its_backslash_escapes_whole():
    # The roll-up's paths are already printable: U+202E arrives as the six characters \u202e, not a separator.
    assert digest.file_name("reports/police\\u202etxt.yaml") == "police\\u202etxt.yaml"
    assert digest.file_name("reports/police\u202etxt.yaml") == "police\\u202etxt.yaml"


def test_on_windows_either_separator_ends_the_folder(monkeypatch):
    monkeypatch.setattr(digest.os, "path", ntpath)
    monkeypatch.setattr(digest.os, "sep", "\\")
    monkeypatch.setattr(digest.os, "altsep", "/")
    assert digest.file_name("C:\\reports\\2025-H1\\市公安局.xlsx") == "市公安局.xlsx"
    assert digest.file_name("reports/2025-H1/市公安局.xlsx") == "市公安局.xlsx"

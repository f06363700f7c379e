"""Paths on Windows: shown with the user's separators, but SARIF and GitHub annotations use forward slashes.

The Windows forms are exercised here on Linux by asking for them (``windows=True``, a
backslash ``os.sep``); the bundle's Wine run (test_windows_bundle.py) checks the real thing.
"""

from __future__ import annotations

import io
import os

import pytest

from lijiang_plan.findings import Finding
from lijiang_plan.outputs import sarif
from lijiang_plan.outputs.formats import GithubReporter


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("C:\\Users\\王\\reports", "file:///C:/Users/%E7%8E%8B/reports"),
        ("d:\\r 1.yaml", "file:///d:/r%201.yaml"),
        ("\\\\server\\share\\r.yaml", "file://server/share/r.yaml"),
        ("C:/mixed\\seps", "file:///C:/mixed/seps"),
    ],
)
def test_a_windows_path_is_a_file_uri_with_three_slashes_and_its_drive(path, uri):
    assert sarif._file_uri(path, windows=True) == uri


def test_a_posix_path_is_the_same_uri_as_before():
    assert sarif._file_uri("/home/王/r.yaml", windows=False) == "file:///home/%E7%8E%8B/r.yaml"
    assert sarif._file_uri("/a\\b", windows=False) == "file:///a%5Cb"  # a backslash is part of a POSIX name


def test_a_relative_windows_path_is_a_forward_slash_uri():
    assert (
        sarif._encode("reports\\2025\\市公安局.yaml", windows=True)
        == "reports/2025/%E5%B8%82%E5%85%AC%E5%AE%89%E5%B1%80.yaml"
    )


def test_github_annotations_name_the_file_with_forward_slashes_on_windows(monkeypatch):
    out = io.StringIO()
    reporter = GithubReporter(out, io.StringIO(), lambda finding: True)
    monkeypatch.setattr(os, "sep", "\\")
    reporter.file("reports\\2025\\a.yaml", [Finding("reports\\2025\\a.yaml", 3, 1, "missing-field", "error", "m")])
    monkeypatch.undo()
    assert out.getvalue().startswith("::error file=reports/2025/a.yaml,line=3,col=1,")

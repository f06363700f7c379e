"""The SARIF 2.1.0 log of a `lplan check` run, shaped for GitHub code scanning.

What code scanning and the SARIF validators ask for, and how it is met here:

- Locations: a relative path (or an absolute one below the working directory)
  is a relative URI against the base ``SRCROOT``, which `originalUriBaseIds`
  defines as the working directory's ``file://`` URI; any other absolute path
  is a ``file://`` URI. A bare absolute path is never written (SARIF1004).
  File names are percent-encoded from their bytes, so names that are not
  UTF-8 survive.
- Columns: SARIF counts in UTF-16 code units unless told otherwise; lplan
  counts characters. Columns are converted (a character beyond U+FFFF, such
  as an emoji or a rare CJK character, is two units) and `columnKind` says so.
- Rules: each has a human name distinct from its ID (SARIF1001), its short and
  full description and help in text and Markdown (GitHub's GH2012), and a
  help URI, its own anchor in the rule reference (docs/reference/rules.md),
  when lplan knows where its documentation lives.
- A path that does not exist is a `toolExecutionNotification`, and the run
  is then not `executionSuccessful`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from lijiang_plan.files.fileread import MAX_BYTES
from lijiang_plan.findings import Finding
from lijiang_plan.i18n import _
from lijiang_plan.table import printable

TOOL = "lplan"
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "SRCROOT"
#: The rule reference, relative to the repository: each rule's heading there is its name, so its anchor is the name.
RULES_PAGE = "docs/reference/rules.md"
#: How many bytes of a file are read again to turn its columns into UTF-16 units.
_COLUMN_READ_LIMIT = MAX_BYTES + 1


def sarif_log(
    results: list[tuple[str, list[Finding]]], missing: list[str], fails: Callable[[Finding], bool], version: str
) -> dict[str, Any]:
    """The whole log: one run, its rules, results, and the invocation."""
    from lijiang_plan.rules import RULES

    names = list(RULES)
    base = _working_directory_uri()
    docs = docs_url()
    driver: dict[str, Any] = {"name": TOOL, "version": version, "rules": [rule_descriptor(n, docs) for n in names]}
    if docs:
        driver["informationUri"] = docs
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "columnKind": "utf16CodeUnits",
        "results": [
            _result(f, names.index(f.rule), fails(f), location, columns)
            for path, findings in results
            if findings
            for location, columns in [(_artifact(path, base is not None), _Utf16Columns(path))]
            for f in findings
        ],
        "invocations": [_invocation(missing, base is not None)],
    }
    if base is not None:
        run["originalUriBaseIds"] = {SRCROOT: {"uri": base}}
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def rule_descriptor(name: str, docs: str | None) -> dict[str, Any]:
    """A reportingDescriptor for one rule, from the rule table."""
    from lijiang_plan.rules import RULES

    rule = RULES[name]
    meaning = rule.text[:1].upper() + rule.text[1:]
    long_help = rule.help
    see = _("List every rule: lplan check --list-rules")
    descriptor: dict[str, Any] = {
        "id": name,
        "name": "".join(part.capitalize() for part in name.split("-")),
        "shortDescription": {"text": meaning},
        "fullDescription": {"text": long_help},
        "help": {
            "text": f"{long_help}\n\n{see}",
            "markdown": f"**{name}** ({rule.level}): {long_help}\n\n{see.replace('lplan check --list-rules', '`lplan check --list-rules`')}",
        },
        "defaultConfiguration": {"level": rule.level},
    }
    if docs:
        descriptor["helpUri"] = f"{docs.rstrip('/')}/{RULES_PAGE}#{name}"
    return descriptor


def docs_url() -> str | None:
    """Where lplan's repository is published: the package's `Documentation` project URL, if it has one.

    It is the base of the repository's files (e.g. https://github.com/OWNER/lplan/blob/main), so the
    rule reference is at ``{docs}/docs/reference/rules.md``.
    """
    try:
        from importlib.metadata import PackageNotFoundError, metadata

        entries = metadata("lijiang-plan").get_all("Project-URL") or []
    except (PackageNotFoundError, OSError):
        return None
    for entry in entries:
        label, _, url = entry.partition(",")
        if label.strip().lower() == "documentation" and url.strip().startswith(("https://", "http://")):
            return url.strip().split("#")[0]
    return None


def _result(f: Finding, index: int, failing: bool, location: dict[str, Any], columns: _Utf16Columns) -> dict[str, Any]:
    # In a workbook, line and column are the cell's row and column (no text to count code units in),
    # and the cell itself ('填报!D12') is the logical location.
    column = f.column if f.cell else columns.column(f.line, f.column)
    place: dict[str, Any] = {
        "physicalLocation": {"artifactLocation": location, "region": {"startLine": f.line, "startColumn": column}}
    }
    if f.cell:
        place["logicalLocations"] = [
            {"name": f.cell.rpartition("!")[2], "fullyQualifiedName": f.cell, "kind": "element"}
        ]
    return {
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": "error" if failing else f.level,
        "message": {"text": printable(f.message)},
        "locations": [place],
    }


def _invocation(missing: list[str], based: bool) -> dict[str, Any]:
    invocation: dict[str, Any] = {"executionSuccessful": not missing}
    if missing:
        invocation["toolExecutionNotifications"] = [
            {
                "level": "error",
                "message": {"text": f"{printable(path)}: no such file or directory"},
                "locations": [{"physicalLocation": {"artifactLocation": _artifact(path, based)}}],
            }
            for path in missing
        ]
    return invocation


def _working_directory_uri() -> str | None:
    try:
        return _file_uri(os.getcwd()).rstrip("/") + "/"
    except OSError:
        return None


def _artifact(path: str, based: bool) -> dict[str, Any]:
    """An artifactLocation: relative to SRCROOT when it can be, else an absolute file:// URI."""
    relative = path
    if os.path.isabs(path) and based:
        try:
            candidate = os.path.relpath(path)
        except (OSError, ValueError):
            candidate = path
        relative = candidate if not candidate.startswith("..") else path
    if os.path.isabs(relative) or not based:
        return {"uri": _file_uri(os.path.abspath(path))}
    return {"uri": _encode(os.path.normpath(relative)), "uriBaseId": SRCROOT}


def _file_uri(absolute: str, windows: bool | None = None) -> str:
    """The ``file:`` URI of an absolute path: file:///home/x, file:///C:/x on Windows, file://server/share/x (UNC)."""
    windows = os.sep == "\\" if windows is None else windows
    path = absolute.replace("\\", "/") if windows else absolute
    if windows and path.startswith("//"):  # \\server\share\...: the server is the URI's authority
        return "file:" + _encode(path, windows)
    if windows and len(path) >= 2 and path[1] == ":" and path[0].isascii() and path[0].isalpha():
        return "file:///" + path[:2] + _encode(path[2:], windows)  # the drive's colon stays a colon
    return "file://" + _encode(path, windows)


def _encode(path: str, windows: bool | None = None) -> str:
    """A path as URI characters: its bytes percent-encoded, '/' as the separator."""
    windows = os.sep == "\\" if windows is None else windows
    path = path.replace("\\", "/") if windows else path
    try:
        raw = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = printable(path).encode("utf-8")
    return quote(raw)


class _Utf16Columns:
    """Character columns of one file -> UTF-16 code unit columns, reading the file only if needed."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._lines: list[str] | None = None

    def column(self, line: int, column: int) -> int:
        if column <= 1:
            return column
        if self._lines is None:
            self._lines = self._read()
        if not 0 < line <= len(self._lines):
            return column
        before = self._lines[line - 1][: column - 1]
        return column + sum(ord(ch) > 0xFFFF for ch in before)

    def _read(self) -> list[str]:
        from lijiang_plan.files.fileread import NotRegular, read_regular

        try:
            raw, _ = read_regular(self.path, _COLUMN_READ_LIMIT)
        except (OSError, NotRegular):
            return []
        text = raw.decode("utf-8", "replace").removeprefix("\ufeff")
        # The checker counts lines as editors do: LF, CRLF or CR ends a line.
        return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")

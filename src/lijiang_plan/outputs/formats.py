"""Output formats for `lplan check`: one reporter class per --format choice.

A reporter is fed each file's findings as soon as the file is checked
(`file`), then the totals (`finish`). Line formats (text, github) write as
they go; document formats (json, junit, sarif) keep only the findings, never
the reports, and write once at the end. `REPORTER_BY_NAME` feeds the --format
choices. Rich is used only for text on a terminal (via `terminal`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from typing import IO, TYPE_CHECKING, Any

from lijiang_plan import __version__
from lijiang_plan.findings import Finding
from lijiang_plan.i18n import _
from lijiang_plan.table import printable

if TYPE_CHECKING:  # the run (and the loader behind it) is not imported to list the formats
    from lijiang_plan.reports.run import Summary

TOOL = "lplan"


def _printable(path: str, findings: list[Finding]) -> tuple[str, list[Finding]]:
    shown = printable(path)
    return shown, [replace(f, path=shown, message=printable(f.message)) for f in findings]


class Reporter:
    """Base: receives findings per file, then the summary."""

    def __init__(self, out: IO[str], err: IO[str], fails: Callable[[Finding], bool]) -> None:
        self.out = out
        self.err = err
        self.fails = fails

    def file(self, path: str, findings: list[Finding]) -> None:
        raise NotImplementedError

    def finish(self, summary: Summary) -> None:
        pass


class TextReporter(Reporter):
    """`path:line:col: [level] message (rule)` when piped; a grouped, coloured view on a terminal."""

    def __init__(self, out: IO[str], err: IO[str], fails: Callable[[Finding], bool]) -> None:
        super().__init__(out, err, fails)
        from lijiang_plan.outputs.tables import is_terminal

        self.view: Any = None
        if is_terminal(out):
            from lijiang_plan.outputs.terminal import FindingsView

            self.view = FindingsView(out)

    def file(self, path: str, findings: list[Finding]) -> None:
        path, findings = _printable(path, findings)
        if self.view is not None:
            self.view.file(path, findings)
        elif findings:
            self.out.write("".join(f.as_text() + "\n" for f in findings))

    def finish(self, summary: Summary) -> None:
        if self.view is not None:
            self.view.finish(summary.line(), failed=summary.failed)
        elif summary.errors or summary.warnings:
            self.err.write(summary.line() + "\n")


class JsonReporter(Reporter):
    """One JSON document: every finding, each file's counts, and the summary."""

    def __init__(self, out: IO[str], err: IO[str], fails: Callable[[Finding], bool]) -> None:
        super().__init__(out, err, fails)
        self.findings: list[dict[str, Any]] = []
        self.files: list[dict[str, Any]] = []

    def file(self, path: str, findings: list[Finding]) -> None:
        path, findings = _printable(path, findings)
        self.findings.extend({**f.as_dict(), "fails": self.fails(f)} for f in findings)
        errors = sum(f.level == "error" for f in findings)
        self.files.append(
            {
                "path": path,
                "errors": errors,
                "warnings": len(findings) - errors,
                "passed": not any(map(self.fails, findings)),
            }
        )

    def finish(self, summary: Summary) -> None:
        from lijiang_plan.outputs.tables import to_json

        self.out.write(
            to_json(
                {
                    "tool": TOOL,
                    "version": __version__,
                    "summary": summary.as_dict(),
                    "files": self.files,
                    "findings": self.findings,
                }
            )
            + "\n"
        )


def _gh_escape(text: str, property_value: bool = False) -> str:
    """Escape as the Actions runner unescapes: %, CR, LF everywhere; also : and , in a property value.

    Escaping comes before `printable`, so a line break in a file name reaches
    the annotation as the line break it is (%0A), not as a literal backslash-n;
    other control characters are then shown as \\xNN by `printable`.
    """
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return printable(text)


class GithubReporter(Reporter):
    """GitHub Actions workflow commands: one ::error or ::warning annotation per finding."""

    def file(self, path: str, findings: list[Finding]) -> None:
        shown = _gh_escape(path.replace(os.sep, "/") if os.sep != "/" else path, True)  # as the repository names it
        for f in findings:
            props = f"file={shown},line={f.line},col={f.column},title={_gh_escape('lplan ' + f.rule, True)}"
            message = f"{f.cell}: {f.message}" if f.cell else f.message  # a workbook's line/col are row/column
            self.out.write(f"::{f.level} {props}::{_gh_escape(message)}\n")

    def finish(self, summary: Summary) -> None:
        self.err.write(summary.line() + "\n")


class _Collecting(Reporter):
    def __init__(self, out: IO[str], err: IO[str], fails: Callable[[Finding], bool]) -> None:
        super().__init__(out, err, fails)
        self.results: list[tuple[str, list[Finding]]] = []

    def file(self, path: str, findings: list[Finding]) -> None:
        self.results.append((path, _printable(path, findings)[1]))


class JunitReporter(_Collecting):
    """JUnit XML: a test case per file; failing findings are its failure, other warnings its output."""

    def finish(self, summary: Summary) -> None:
        import xml.etree.ElementTree as ET

        suites = ET.Element("testsuites", name=f"{TOOL} check")
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=f"{TOOL} check",
            tests=str(len(self.results)),
            failures=str(sum(any(map(self.fails, fs)) for _, fs in self.results)),
            errors="0",
            skipped="0",
        )
        for path, findings in self.results:
            shown = printable(path)
            case = ET.SubElement(suite, "testcase", classname=f"{TOOL}.check", name=shown, file=shown)
            failing = [f for f in findings if self.fails(f)]
            passing = [f for f in findings if not self.fails(f)]
            if failing:
                failure = ET.SubElement(
                    case,
                    "failure",
                    type=failing[0].rule,
                    message=_("{n} problem(s); first: {message}").format(n=len(failing), message=failing[0].message),
                )
                failure.text = "\n".join(f.as_text() for f in failing)
            if passing:
                ET.SubElement(case, "system-out").text = "\n".join(f.as_text() for f in passing)
        ET.indent(suites)
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n")


class SarifReporter(_Collecting):
    """SARIF 2.1.0, as GitHub code scanning and other dashboards read it (see `outputs.sarif`)."""

    def finish(self, summary: Summary) -> None:
        from lijiang_plan.outputs.sarif import sarif_log
        from lijiang_plan.outputs.tables import to_json

        self.out.write(to_json(sarif_log(self.results, summary.missing, self.fails, __version__)) + "\n")


#: --format name -> reporter class; the order is the order --help lists them.
REPORTER_BY_NAME: dict[str, type[Reporter]] = {
    "text": TextReporter,
    "json": JsonReporter,
    "github": GithubReporter,
    "junit": JunitReporter,
    "sarif": SarifReporter,
}

"""One check run: the files discovered, each checked, filtered by the policy, counted, and its exit status.

`lplan check` is a thin layer over `CheckRun`: it prints `notes()`, hands each
result to a reporter (`outputs.formats`) and exits with `exit_status`. (The
portal reads an upload once through the roll-up's reader, which runs the same
`check.inspect_file`, so a unit sees exactly what `lplan check` would say.) A run keeps only its tallies (`Summary`), never the
reports, however many files it reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lijiang_plan.errors import EXIT_FINDINGS, EXIT_USAGE
from lijiang_plan.findings import Finding
from lijiang_plan.i18n import _, ngettext
from lijiang_plan.plan.query import Plan
from lijiang_plan.reports.check import FileResult
from lijiang_plan.reports.discover import discover
from lijiang_plan.reports.parallel import check_paths, default_jobs
from lijiang_plan.reports.policy import Policy
from lijiang_plan.table import printable


@dataclass
class Summary:
    """Totals of one run."""

    strict: bool = False
    files: int = 0
    files_with_findings: int = 0
    errors: int = 0
    warnings: int = 0
    failing: int = 0
    missing: list[str] = field(default_factory=list)

    def count(self, findings: list[Finding], fails: Callable[[Finding], bool]) -> None:
        self.files += 1
        self.files_with_findings += bool(findings)
        for f in findings:
            self.errors += f.level == "error"
            self.warnings += f.level == "warning"
            self.failing += fails(f)

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "files_with_findings": self.files_with_findings,
            "errors": self.errors,
            "warnings": self.warnings,
            "failing": self.failing,
            "strict": self.strict,
            "missing_paths": [printable(path) for path in self.missing],
            "passed": self.failing == 0 and not self.missing,
        }

    @property
    def failed(self) -> bool:
        """Whether the run fails: a finding that fails it, or a path that does not exist."""
        return bool(self.failing or self.missing)

    def line(self) -> str:
        checked = ngettext("checked {n} file", "checked {n} files", self.files).format(n=self.files)
        if self.errors or self.warnings:
            line = _("{checked}: {errors}, {warnings} in {n} file(s)").format(
                checked=checked,
                errors=ngettext("{n} error", "{n} errors", self.errors).format(n=self.errors),
                warnings=ngettext("{n} warning", "{n} warnings", self.warnings).format(n=self.warnings),
                n=self.files_with_findings,
            )
            line += _(" (--strict: warnings fail)") if self.strict and self.warnings else ""
        elif not self.missing:
            return _("{checked}: no problems").format(checked=checked)
        else:
            line = checked  # never "no problems" for a run that exits 2
        if self.missing:
            count = len(self.missing)
            line = _("{line}; {missing}").format(
                line=line, missing=ngettext("{n} path not found", "{n} paths not found", count).format(n=count)
            )
        return line


class CheckRun:
    """`lplan check PATH...` as a library object: discovery, the loop over files, the tallies, the exit status.

    ``jobs`` None picks the default for the number of files (`parallel.default_jobs`).
    Iterate over `results()` once; `summary` and `exit_status` are final after that.
    """

    def __init__(self, plan: Plan, paths: Iterable[str], policy: Policy | None = None, jobs: int | None = None) -> None:
        self.plan = plan
        self.policy = policy if policy is not None else Policy()
        self.discovery = discover(paths)
        self.summary = Summary(strict=self.policy.strict, missing=self.discovery.missing)
        self.jobs = jobs

    @property
    def files(self) -> list[str]:
        return self.discovery.files

    def notes(self) -> list[str]:
        """What to tell a person before the findings: missing paths, folders without reports."""
        return self.discovery.notes()

    def results(self) -> Iterator[FileResult]:
        """Each file's findings as the policy shows them, in the order discovered, counted as they pass."""
        jobs = self.jobs if self.jobs is not None else default_jobs(len(self.files))
        for result in check_paths(self.files, self.plan, jobs):
            findings = self.policy.filter(result.findings)
            self.summary.count(findings, self.policy.fails)
            yield FileResult(result.path, findings)

    @property
    def exit_status(self) -> int:
        """2 when a given path does not exist (the others were still checked), 1 when a finding fails, else 0."""
        if self.discovery.missing:
            return EXIT_USAGE
        return EXIT_FINDINGS if self.summary.failing else 0

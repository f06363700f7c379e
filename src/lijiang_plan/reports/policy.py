"""What a check run shows and what fails it: --select, --ignore and --strict, beside the checker.

The rules that stop a file being read (`Rule.ignorable` False) are shown
whatever is selected or ignored, so that --select can never make a broken file
pass. Errors fail a run; with --strict, warnings fail it too.
"""

from __future__ import annotations

from collections.abc import Iterable

from lijiang_plan.errors import UnknownRule
from lijiang_plan.findings import Finding
from lijiang_plan.rules import RULES


def rule_names(values: Iterable[str]) -> set[str]:
    """The rule names in ``values`` (each may be comma-separated); UnknownRule for a name no rule has."""
    names = {name.strip() for value in values for name in value.split(",") if name.strip()}
    for name in sorted(names):
        if name not in RULES:
            import difflib

            raise UnknownRule(name, difflib.get_close_matches(name, list(RULES), n=3))
    return names


class Policy:
    """Which findings a run shows, and which of them fail it."""

    def __init__(self, select: Iterable[str] = (), ignore: Iterable[str] = (), strict: bool = False) -> None:
        self.selected = set(select)
        self.ignored = set(ignore)
        self.strict = strict

    def shown(self, rule: str) -> bool:
        if not RULES[rule].ignorable:
            return True
        return (not self.selected or rule in self.selected) and rule not in self.ignored

    def fails(self, finding: Finding) -> bool:
        return self.strict or finding.level == "error"

    def filter(self, findings: list[Finding]) -> list[Finding]:
        return [f for f in findings if self.shown(f.rule)]

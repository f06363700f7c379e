"""The platform tests' session summary: how long the Wine smoke run took."""

from __future__ import annotations

from typing import Any


def pytest_terminal_summary(terminalreporter: Any) -> None:
    from tests.platform.test_windows_bundle import SMOKE_TIMES

    for line in SMOKE_TIMES:
        terminalreporter.write_line(line)

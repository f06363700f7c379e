"""Shared fixtures: run `lplan` in-process with click's CliRunner, on the bundled plan."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from lijiang_plan import i18n
from lijiang_plan.cli import cli
from lijiang_plan.plan.query import Plan
from lijiang_plan.plan.store import load_plan

REPO = Path(__file__).resolve().parent.parent
PLAN_DIR = REPO / "plan"
SOURCE_TEXT = PLAN_DIR / "source" / "plan-text.txt"


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the plan cache out of the user's home, shared across the session."""
    os.environ["LPLAN_CACHE_DIR"] = str(tmp_path_factory.mktemp("lplan-cache"))
    for name in ("LPLAN_PLAN_DIR", "LPLAN_SCRIPT", "NO_COLOR", "LPLAN_NO_CACHE", "LPLAN_DEBUG", "LPLAN_LANG"):
        os.environ.pop(name, None)
    # The interface language follows the locale: run the suite in English whatever the machine's is
    # (tests of other languages set it themselves).
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        os.environ.pop(name, None)
    os.environ["LANG"] = "C.UTF-8"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Library calls made outside a CLI run speak English unless a test says otherwise."""
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture(scope="session")
def plan(_isolated_cache: None) -> Plan:
    return load_plan(PLAN_DIR)


@pytest.fixture
def run() -> Callable[..., Result]:
    """run("who-leads", "2.3.1") -> click Result with .exit_code, .stdout, .stderr."""

    def _run(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None) -> Result:
        runner = CliRunner()
        return runner.invoke(cli, list(args), input=input, env=env, catch_exceptions=False)

    return _run

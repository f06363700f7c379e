"""Shared pieces of the click layer: the app context, common options, CLI errors.

Only the click layer (cli.py, commands/) imports this module or click itself.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

import click

from lijiang_plan.errors import LplanError

F = TypeVar("F", bound=Callable[..., Any])


class CliError(click.ClickException):
    """A user error shown as one line on stderr with its documented exit status."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click declares it on the class

    def show(self, file: Any = None) -> None:
        click.echo(f"lplan: error: {self.format_message()}", err=True)


class App:
    """Global options, and the plan loaded once, on first use."""

    def __init__(self, plan_dir: str | None = None, script: str = "traditional") -> None:
        self.plan_dir = plan_dir
        self.script = script
        self._plan: Any = None

    @property
    def plan(self) -> Any:
        if self._plan is None:
            from lijiang_plan.plan.store import load_plan

            try:
                self._plan = load_plan(self.plan_dir)
            except LplanError as exc:
                raise CliError(exc.message, exc.exit_code) from None
        return self._plan

    def name(self, unit_id: str) -> str:
        return self.plan.unit_name(unit_id, self.script)


pass_app = click.make_pass_decorator(App, ensure=True)


def format_option(*choices: str, default: str = "text") -> Callable[[F], F]:
    """`--format` with the given choices; text is a rich table on a terminal, plain when piped."""
    return click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help="Output format. 'text' is a table on a terminal and plain lines when piped.",
    )


def debug_enabled() -> bool:
    return bool(os.environ.get("LPLAN_DEBUG"))

"""The `lplan` command: global options and lazily loaded subcommands.

Subcommands live in `lijiang_plan.commands.*` and are imported only when run (or
listed by --help), so a query pays for its own imports and nothing else.
Library errors (`errors.LplanError`) become one line on stderr with their exit
status; an unexpected exception becomes a one-line internal error (exit 70)
unless LPLAN_DEBUG is set.
"""

from __future__ import annotations

import errno
import importlib
import os
import sys
from typing import Any

import click

from lijiang_plan import __version__, completion
from lijiang_plan.clikit import App, CliError, debug_enabled
from lijiang_plan.errors import EXIT_USAGE, LplanError

#: Command name -> "module:attribute". The order is the order --help lists them.
COMMANDS: dict[str, str] = {
    "who-leads": "lijiang_plan.commands.query:who_leads",
    "who-cooperates": "lijiang_plan.commands.query:who_cooperates",
    "show": "lijiang_plan.commands.query:show",
    "duties": "lijiang_plan.commands.query:duties",
    "measures": "lijiang_plan.commands.query:measures",
    "units": "lijiang_plan.commands.query:units",
    "validate": "lijiang_plan.commands.validate:validate",
    "template": "lijiang_plan.commands.report:template",
    "check": "lijiang_plan.commands.report:check",
    "schema": "lijiang_plan.commands.report:schema",
    "deadlines": "lijiang_plan.commands.deadlines:deadlines",
    "export": "lijiang_plan.commands.export:export",
    "summary": "lijiang_plan.commands.summary:summary",
}

EXIT_INTERNAL = 70  # EX_SOFTWARE
EXIT_IO = 74  # EX_IOERR: the output could not be written (disk full, closed, wrong encoding)
EXIT_PIPE = 141  # 128 + SIGPIPE: what a shell reports for cat or grep when the reader of a pipe goes away

#: errno values that mean the output could not be written; other OSErrors are about reading.
_WRITE_ERRNOS = frozenset(
    getattr(errno, name)
    for name in ("ENOSPC", "EDQUOT", "EFBIG", "EBADF", "EIO", "EPIPE", "EROFS")
    if hasattr(errno, name)
)


def _broken_pipe() -> int:
    """The reader of our standard output went away (``lplan … | head -1``): stop quietly.

    Standard output is pointed at /dev/null so that the final flush at exit
    cannot fail again and print Python's "Exception ignored" lines.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (a test runner's buffer)
        pass
    return EXIT_PIPE


def _os_error(exc: OSError) -> CliError:
    """An OSError that escaped a command: the output could not be written, or reading failed."""
    if exc.errno in _WRITE_ERRNOS:
        return CliError(f"cannot write the output: {exc.strerror or exc}", EXIT_IO)
    try:
        os.getcwd()
    except OSError:
        return CliError(
            "cannot read: the current directory no longer exists (it was removed or moved); "
            "cd to an existing directory and run again",
            EXIT_USAGE,
        )
    where = f" {exc.filename}" if exc.filename else ""
    return CliError(f"reading failed{where}: {exc.strerror or exc}", EXIT_USAGE)


class _ClosedOutput:
    """Standard output when lplan was started with it closed (``>&-``): any write fails (exit 74)."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def _set_plan_dir(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.ensure_object(App).plan_dir = value


def _late_plan_option() -> click.Option:
    """`--plan DIR` after the command (`lplan validate --plan DIR`), as well as before it."""
    return click.Option(
        ["--plan", "late_plan_dir"],
        metavar="DIR",
        expose_value=False,
        shell_complete=completion.directories,
        callback=_set_plan_dir,
        help="Plan directory to use instead of the bundled plan (same as lplan --plan DIR).",
    )


class LazyGroup(click.Group):
    """A group that imports a subcommand's module only when it is needed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, _, attribute = target.partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command)
        if not any(param.name == "late_plan_dir" for param in command.params):
            command.params.append(_late_plan_option())
        return command

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        name = click.utils.make_str(args[0]) if args else ""
        if name and name not in COMMANDS and not name.startswith("-"):
            import difflib

            close = difflib.get_close_matches(name, list(COMMANDS), n=3, cutoff=0.5)
            hint = f" Did you mean {', '.join(close)}?" if close else ""
            raise click.UsageError(f"No such command '{name}'.{hint}", ctx)
        return super().resolve_command(ctx, args)

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:  # `lplan --help | true`: click would otherwise call a closed pipe exit status 1
            return super().make_context(*args, **kwargs)
        except BrokenPipeError:
            raise click.exceptions.Exit(_broken_pipe()) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except LplanError as exc:
            raise CliError(exc.message, exc.exit_code) from None
        except KeyboardInterrupt:
            raise click.exceptions.Abort() from None
        except BrokenPipeError:
            raise click.exceptions.Exit(_broken_pipe()) from None
        except OSError as exc:
            if debug_enabled():
                raise
            raise _os_error(exc) from None
        except UnicodeEncodeError as exc:
            encoding = getattr(sys.stdout, "encoding", None) or "unknown"
            if debug_enabled() or encoding.replace("-", "").lower() in ("utf8", "utf8sig"):
                raise
            raise CliError(
                f"the output's encoding ({encoding}) cannot show Chinese text ({exc.reason}); "
                "use a UTF-8 locale or set PYTHONIOENCODING=utf-8",
                EXIT_IO,
            ) from None
        except Exception as exc:
            if debug_enabled():
                raise
            raise CliError(
                f"internal error ({type(exc).__name__}: {exc}); please report it. "
                "Run again with LPLAN_DEBUG=1 to see the traceback.",
                EXIT_INTERNAL,
            ) from None


@click.group(
    name="lplan",
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "--version", "-V", prog_name="lplan", message="%(prog)s %(version)s")
@click.option(
    "--plan",
    "plan_dir",
    envvar="LPLAN_PLAN_DIR",
    metavar="DIR",
    shell_complete=completion.directories,
    help="Plan directory to use instead of the bundled plan [env: LPLAN_PLAN_DIR].",
)
@click.option(
    "--script",
    type=click.Choice(["traditional", "simplified"]),
    envvar="LPLAN_SCRIPT",
    default="traditional",
    show_default=True,
    help="Script for unit names and texts in output; input is accepted in either [env: LPLAN_SCRIPT].",
)
@click.pass_context
def cli(ctx: click.Context, plan_dir: str | None, script: str) -> None:
    """Query the Lijiang anti-trafficking plan (2021–2030), check reports against it, export it.

    \b
    Measure IDs are positions: (二)3.(1) is 2.3.1, (三)10. is 3.10.
    Units can be typed in simplified or traditional characters, or by short form.

    \b
    Exit status: 0 success; 1 findings (check, validate, summary); 2 usage
    error, unknown ID or unit, missing file; 70 internal error; 74 output
    could not be written; 141 the reader of a pipe went away (nothing said).
    """
    ctx.obj = App(plan_dir=plan_dir, script=script)


def main() -> None:
    """Console-script entry point."""
    if sys.stdout is None:  # started with standard output closed (>&-)
        sys.stdout = _ClosedOutput()  # type: ignore[assignment]
    try:
        cli(prog_name="lplan")
    except SystemExit as done:
        code = done.code
    except BrokenPipeError:  # while click itself wrote (--help, usage)
        code = _broken_pipe()
    except OSError as exc:
        click.echo(f"lplan: error: {_os_error(exc).format_message()}", err=True)
        code = EXIT_IO
    try:
        sys.stdout.flush()  # what is still buffered fails here, not in Python's shutdown
    except BrokenPipeError:
        code = _broken_pipe()
    except OSError as exc:
        click.echo(f"lplan: error: cannot write the output: {exc.strerror or exc}", err=True)
        code = EXIT_IO
    sys.exit(code)

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

from lijiang_plan import __version__, completion, i18n
from lijiang_plan.clikit import (
    App,
    CliError,
    Context,
    debug_enabled,
    escape_click_messages,
    refuse_repeated_options,
    route_click_messages,
)
from lijiang_plan.errors import EXIT_IO, EXIT_USAGE, LplanError
from lijiang_plan.i18n import N_, _
from lijiang_plan.plan.script import script_for

route_click_messages()
escape_click_messages()

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
    "convert": "lijiang_plan.commands.convert:convert",
    "schema": "lijiang_plan.commands.report:schema",
    "deadlines": "lijiang_plan.commands.deadlines:deadlines",
    "export": "lijiang_plan.commands.export:export",
    "summary": "lijiang_plan.commands.summary:summary",
    "digest": "lijiang_plan.commands.digest:digest",
    "remind": "lijiang_plan.commands.remind:remind",
    "serve": "lijiang_plan.commands.serve:serve",
    "accounts": "lijiang_plan.commands.accounts:accounts",
}

EXIT_INTERNAL = 70  # EX_SOFTWARE
EXIT_INTERRUPTED = 130  # 128 + SIGINT: Ctrl-C, as a shell reports it for any program it stops
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
        return CliError(_("cannot write the output: {reason}").format(reason=exc.strerror or exc), EXIT_IO)
    try:
        os.getcwd()
    except OSError:
        return CliError(
            _(
                "cannot read: the current directory no longer exists (it was removed or moved); "
                "cd to an existing directory and run again"
            ),
            EXIT_USAGE,
        )
    reason = exc.strerror or str(exc)
    if exc.filename:
        return CliError(_("reading failed {file}: {reason}").format(file=exc.filename, reason=reason), EXIT_USAGE)
    return CliError(_("reading failed: {reason}").format(reason=reason), EXIT_USAGE)


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
        help=N_("Plan directory to use instead of the bundled plan (same as lplan --plan DIR)."),
    )


class LazyGroup(click.Group):
    """A group that imports a subcommand's module only when it is needed."""

    context_class = Context

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # The language and the console are settled before click parses anything,
        # so that its own errors ("No such option") are in the chosen language.
        i18n.set_language(i18n.choose(_lang_argument(args)))
        from lijiang_plan.outputs.streams import prepare_console

        prepare_console()
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, _sep, attribute = target.partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command)
        if not any(param.name == "late_plan_dir" for param in command.params):
            command.params.append(_late_plan_option())
        command.context_class = Context  # help pages in the chosen language
        return refuse_repeated_options(command)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        name = click.utils.make_str(args[0]) if args else ""
        if name and name not in COMMANDS and not name.startswith("-"):
            import difflib

            close = difflib.get_close_matches(name, list(COMMANDS), n=3, cutoff=0.5)
            message = _("No such command '{name}'.").format(name=name)
            if close:
                message += " " + _("Did you mean {names}?").format(names=", ".join(close))
            raise click.UsageError(message, ctx)
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
        except KeyboardInterrupt:  # Ctrl-C: not "findings" (1); worker processes are already stopped
            raise CliError(_("interrupted"), EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            raise click.exceptions.Exit(_broken_pipe()) from None
        except OSError as exc:
            if debug_enabled():
                raise
            raise _os_error(exc) from None
        except UnicodeEncodeError as exc:
            from lijiang_plan.outputs.streams import unencodable_message

            encoding = exc.encoding or getattr(sys.stdout, "encoding", None) or "unknown"
            if debug_enabled() or encoding.replace("-", "").replace("_", "").lower() in ("utf8", "utf8sig"):
                raise
            raise CliError(unencodable_message(exc), EXIT_IO) from None
        except Exception as exc:
            if debug_enabled():
                raise
            raise CliError(
                _(
                    "internal error ({error}); please report it. Run again with LPLAN_DEBUG=1 to see the traceback."
                ).format(error=f"{type(exc).__name__}: {exc}"),
                EXIT_INTERNAL,
            ) from None


def _lang_argument(args: list[str]) -> str | None:
    """The --lang value among the global options (before the command name), if any."""
    for i, arg in enumerate(args):
        if arg == "--" or arg in COMMANDS:
            break
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None


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
    help=N_("Plan directory to use instead of the bundled plan [env: LPLAN_PLAN_DIR]."),
)
@click.option(
    "--script",
    type=click.Choice(["traditional", "simplified"]),
    envvar="LPLAN_SCRIPT",
    help=N_(
        "Script for unit names and texts in output; default: simplified when the interface is Chinese, else "
        "traditional (as the plan text is written). Input is accepted in either [env: LPLAN_SCRIPT]."
    ),
)
@click.option(
    "--lang",
    type=click.Choice(i18n.LANGUAGES),
    envvar="LPLAN_LANG",
    help=N_(
        "Interface language: zh (simplified Chinese) or en; default: the locale "
        "(LC_ALL, LC_MESSAGES, LANG, LANGUAGE: zh* is Chinese), else English [env: LPLAN_LANG]."
    ),
)
@click.pass_context
def cli(ctx: click.Context, plan_dir: str | None, script: str | None, lang: str | None) -> None:
    """Query the Lijiang anti-trafficking plan (2021–2030), check reports against it, export it.

    \b
    Measure IDs are positions: (二)3.(1) is 2.3.1, (三)10. is 3.10.
    Units can be typed in simplified or traditional characters, or by short form.

    \b
    Exit status: 0 success; 1 findings (check, validate, summary); 2 usage
    error, unknown ID or unit, missing file; 70 internal error; 74 output
    could not be written; 141 the reader of a pipe went away (nothing said).

    \b
    Language: --lang zh or LPLAN_LANG=zh for Chinese; a zh_CN locale does it too.
    """
    # The language was set from --lang (or LPLAN_LANG, the locale) before parsing: LazyGroup.parse_args.
    ctx.obj = App(plan_dir=plan_dir, script=script or script_for(i18n.language()))


refuse_repeated_options(cli)  # `lplan --lang zh --lang en …`, as every command's own options (get_command)


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
        _os_error(exc).show()
        code = EXIT_IO
    except UnicodeEncodeError as exc:  # while click itself wrote: never a traceback, whatever the code page
        from lijiang_plan.outputs.streams import unencodable_message

        CliError(unencodable_message(exc), EXIT_IO).show()
        code = EXIT_IO
    try:
        sys.stdout.flush()  # what is still buffered fails here, not in Python's shutdown
    except BrokenPipeError:
        code = _broken_pipe()
    except OSError as exc:
        CliError(_("cannot write the output: {reason}").format(reason=exc.strerror or exc), EXIT_IO).show()
        code = EXIT_IO
    sys.exit(code)

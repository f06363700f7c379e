"""Shared pieces of the click layer: the app context, common options, CLI errors.

Only the click layer (cli.py, commands/) imports this module or click itself.
"""

from __future__ import annotations

import datetime as dt
import inspect
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import click

from lijiang_plan.errors import EXIT_USAGE
from lijiang_plan.i18n import N_, _
from lijiang_plan.table import printable

if TYPE_CHECKING:
    from lijiang_plan.plan.query import Plan

F = TypeVar("F", bound=Callable[..., Any])


class CliError(click.ClickException):
    """A user error shown as one line on stderr with its documented exit status."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click declares it on the class

    def show(self, file: Any = None) -> None:
        say(_("lplan: error: {message}").format(message=self.format_message()))


def say(line: str) -> None:
    """One line for a person on stderr: errors, notes, 'wrote FILE'; every echo of user text comes here.

    The line is `printable`: a file name or an argument holding ESC, BEL, a C1
    control, a line break or a right-to-left override is shown as its escapes,
    so that it can neither drive the terminal nor split or reorder the line.
    Click's own error messages get the same treatment (`escape_click_messages`).
    """
    click.echo(printable(line), err=True)


class App:
    """Global options, and the plan loaded once, on first use."""

    def __init__(self, plan_dir: str | None = None, script: str = "traditional") -> None:
        self.plan_dir = plan_dir
        self.script = script
        self._plan: Plan | None = None

    @property
    def plan(self) -> Plan:
        if self._plan is None:
            from lijiang_plan.plan.store import load_plan

            self._plan = load_plan(self.plan_dir)  # an LplanError is turned into one line by cli
        return self._plan

    def name(self, unit_id: str) -> str:
        return self.plan.unit_name(unit_id, self.script)


pass_app = click.make_pass_decorator(App, ensure=True)


class DayType(click.ParamType):
    """A calendar day written YYYY-MM-DD; anything else is a usage error (exit 2). Shared: deadlines, remind, serve."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        from lijiang_plan.plan import deadlines as dl

        try:
            return dl.parse_day(value)
        except dl.BadDate as exc:
            self.fail(exc.message, param, ctx)


DAY = DayType()


def format_option(
    *only: str,
    default: str = "text",
    skip: tuple[str, ...] = (),
    extra: tuple[str, ...] = (),
    help: str = N_("Output format. 'text' is a table on a terminal and plain lines when piped."),
) -> Callable[[F], F]:
    """`--format`: every writer of the registry (`outputs.writers.WRITERS`), or ``only`` those.

    ``skip`` leaves out writers a command cannot use; ``extra`` adds formats only
    the command's Output has (deadlines: ics). The default is listed first. A new
    writer appears here by itself.
    """
    from lijiang_plan.outputs.writers import WRITERS

    names = [name for name in (only or WRITERS) if name not in skip] + list(extra)
    names.sort(key=lambda name: name != default)  # the default first, then the registry's order
    return click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(names),
        default=default,
        show_default=True,
        help=help,
    )


def output_option(
    help: str = N_("Write to FILE instead of stdout ('-' is stdout)."), *, metavar: str = "FILE", required: bool = False
) -> Callable[[F], F]:
    """`--output/-o FILE`, the same in every command that writes a file (the help says what FILE may be)."""
    from lijiang_plan import completion

    return click.option(
        "--output", "-o", "output", metavar=metavar, required=required, shell_complete=completion.files, help=help
    )


def force_option(help: str = N_("Replace FILE if it exists.")) -> Callable[[F], F]:
    """`--force`: the one way to let -o replace an existing file."""
    return click.option("--force", is_flag=True, help=help)


def period_option(
    *, required: bool = True, every: bool = False, help: str = N_("The half-year, e.g. 2025-H1.")
) -> Callable[[F], F]:
    """`--period/-p YEAR-H1|YEAR-H2` (``every``: or `all`), completed from the plan's years."""
    from lijiang_plan import completion

    return click.option(
        "--period",
        "-p",
        required=required,
        metavar="YEAR-H1|YEAR-H2|all" if every else "YEAR-H1|YEAR-H2",
        shell_complete=completion.periods_or_all if every else completion.periods,
        help=help,
    )


def chosen_format(ctx: click.Context, fmt: str, output: str | None) -> str:
    """--format as given; without it, the format -o FILE's suffix asks for among --format's choices, else the default."""
    if not output or ctx.get_parameter_source("fmt") is not click.core.ParameterSource.DEFAULT:
        return fmt
    from lijiang_plan.outputs.writers import format_of

    choice = next((p.type for p in ctx.command.params if p.name == "fmt"), None)
    names = list(choice.choices) if isinstance(choice, click.Choice) else []
    return format_of(output, [str(name) for name in names if name != "text"]) or fmt


def wrote(path: str, detail: str = "") -> None:
    """The one confirmation after writing ``-o FILE``, on stderr: ``lplan: wrote FILE[: detail]``.

    Every command that writes a file says so the same way (template, export,
    deadlines, summary); standard output (``-o -``) gets no confirmation.
    """
    if detail:
        say(_("lplan: wrote {file}: {detail}").format(file=path, detail=detail))
    else:
        say(_("lplan: wrote {file}").format(file=path))


#: Click marks an option it must have with "[required]" through ``_(extra["required"])``, a
#: msgid its source never marks; marked here so that the catalog holds it ("[必填]").
REQUIRED = N_("required")


def refuse_repeated_options(command: click.Command) -> click.Command:
    """Make a value option given twice (`--period A --period B`) a usage error in ``command``.

    Click keeps the last value of a repeated option without a word, so
    `template -u A -u B` would write B's template alone. Options that take one
    value may be given once; options meant to be repeated (``multiple``),
    counts and flags are left alone. The parser lists every option in the order
    it met them, so a repeat is seen there, before any value is used. Shell
    completion parses leniently and is never refused.
    """
    if getattr(command, "_refuses_repeats", False):
        return command
    make_parser = command.make_parser

    def checked(ctx: click.Context) -> Any:
        parser = make_parser(ctx)
        parse = parser.parse_args

        def parse_args(args: list[str]) -> Any:
            opts, rest, order = parse(args=args)
            if not ctx.resilient_parsing:
                _refuse_repeats(order, ctx)
            return opts, rest, order

        parser.parse_args = parse_args  # type: ignore[method-assign]
        return parser

    command.make_parser = checked  # type: ignore[method-assign]
    command._refuses_repeats = True  # type: ignore[attr-defined]
    return command


def _refuse_repeats(order: list[Any], ctx: click.Context) -> None:
    seen: set[int] = set()
    for param in order:
        if not isinstance(param, click.Option) or param.multiple or param.count or param.is_flag:
            continue
        if id(param) in seen:
            raise click.UsageError(
                _("{option} is given more than once; give it once (only one value can be used)").format(
                    option=max(param.opts, key=len)
                ),
                ctx,
            )
        seen.add(id(param))


def debug_enabled() -> bool:
    return bool(os.environ.get("LPLAN_DEBUG"))


def route_click_messages() -> None:
    """Send click's own messages (Usage:, Error:, Try ..., Missing argument) through lplan's catalog.

    Click marks its messages with the standard library's ``gettext.gettext``
    and ``ngettext``, bound by name in each of its modules, and the standard
    library picks the language from the environment alone. Rebinding those
    names to `lijiang_plan.i18n` makes --lang and LPLAN_LANG apply to them too;
    the catalog holds click's msgids (extracted from click's source). The help
    texts click's decorators make (-h, --version) stay English in the option
    objects, like every other help text, and are translated when a help page is
    shown, so that parsing a command line never reads the catalog.
    """
    import gettext as stdlib_gettext

    from lijiang_plan import i18n

    for name, module in list(sys.modules.items()):
        if module is None or not (name == "click" or name.startswith("click.")):
            continue
        if getattr(module, "_", None) is stdlib_gettext.gettext:
            module._ = i18n.N_ if name == "click.decorators" else i18n.gettext  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) is stdlib_gettext.ngettext:
            module.ngettext = i18n.ngettext  # type: ignore[attr-defined]


def escape_click_messages() -> None:
    """Click's error messages (Error: No such option, Invalid value, Missing argument) shown `printable`.

    Click words some of them around what was typed (an option name, an extra
    argument, a message lplan raised from a callback); it prints them itself,
    so the escaping is put where click formats each message, once, for every
    exception class that formats its own.
    """
    from click import exceptions

    for cls in vars(exceptions).values():
        if isinstance(cls, type) and issubclass(cls, click.ClickException) and "format_message" in vars(cls):
            original = vars(cls)["format_message"]
            if getattr(original, "_printable", False):
                continue

            def format_message(self: click.ClickException, _original: Any = original) -> str:
                return printable(_original(self))

            format_message._printable = True  # type: ignore[attr-defined]
            cls.format_message = format_message  # type: ignore[method-assign]


def help_msgid(text: str) -> str:
    """The catalog key of a command's help text: what click shows of it (cleaned, up to a form feed)."""
    return inspect.cleandoc(text).partition("\f")[0]


class Context(click.Context):
    """A context whose help pages are translated when they are shown.

    Help texts stay English in the command objects (they are the msgids); the
    page is rendered with translations swapped in and the English put back, so
    nothing is translated, and no catalog read, unless a page is asked for.
    """

    def get_help(self) -> str:
        from lijiang_plan.outputs.streams import for_people

        with localized_help(self.command, self):
            return for_people(super().get_help())  # a page on any code page (stand-ins, else escapes)

    def make_formatter(self) -> click.HelpFormatter:
        from lijiang_plan import i18n

        if i18n.language() == "en":
            return super().make_formatter()
        return WideFormatter(width=self.terminal_width, max_width=self.max_content_width)


class WideFormatter(click.HelpFormatter):
    """Click's help formatter, wrapping by terminal columns (Chinese characters take two; see `i18n.wrap`)."""

    def write_text(self, text: str) -> None:
        from lijiang_plan.i18n.wrap import wrap

        indent = " " * self.current_indent
        self.write(wrap(text, self.width, indent, indent))
        self.write("\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        from lijiang_plan.i18n.wrap import display_width as term_len
        from lijiang_plan.i18n.wrap import wrap

        rows = list(rows)
        first_col = min(max((term_len(first) for first, _second in rows), default=0), col_max) + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if term_len(first) <= first_col - col_spacing:
                self.write(" " * (first_col - term_len(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap(second, max(self.width - first_col - 2, 10)).splitlines() or [""]
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


@contextmanager
def localized_help(command: click.Command, ctx: click.Context) -> Iterator[None]:
    from lijiang_plan import i18n

    if i18n.language() == "en":
        yield
        return
    commands = [command]
    if isinstance(command, click.Group):
        commands += [c for c in (command.get_command(ctx, n) for n in command.list_commands(ctx)) if c is not None]
    saved: list[tuple[Any, str, Any]] = []
    try:
        for cmd in commands:
            if cmd.help:
                translated = _(help_msgid(cmd.help))
                saved += [(cmd, "help", cmd.help), (cmd, "short_help", cmd.short_help)]
                cmd.help = translated
                if not cmd.short_help:
                    cmd.short_help = _first_sentence(translated)
            for param in cmd.get_params(ctx) if cmd is command else cmd.params:
                if isinstance(param, click.Option) and param.help:
                    saved.append((param, "help", param.help))
                    param.help = _(param.help)
        yield
    finally:
        for obj, attribute, value in reversed(saved):
            setattr(obj, attribute, value)


def _first_sentence(text: str) -> str:
    """A short help from a translated help: its first line, up to the first full stop."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    head, stop, _rest = line.partition("。")
    return head + stop


def write_binary(content: bytes, output: str | None, *, force: bool) -> None:
    """A workbook to FILE (atomically, never over a file without --force), or to stdout when it is not a terminal."""
    if output is None or output == "-":
        if sys.stdout.isatty():
            raise click.UsageError(_("a workbook is not for a terminal; give -o FILE.xlsx (or redirect the output)"))
        from lijiang_plan.outputs.streams import write_bytes as to_stdout

        to_stdout(content)
        return
    from lijiang_plan.files.safewrite import write_bytes

    write_bytes(output, content, force=force)


def reports_folder(directory: str) -> None:
    """Refuse (exit 2) a reports folder that is missing, not a folder or cannot be listed.

    summary and digest both read one folder of reports; an unreadable one must
    not look like "every unit has not reported".
    """
    if not os.path.isdir(directory):
        message = (
            _("{folder} is not a directory; give the folder that holds the period's reports")
            if os.path.exists(directory)
            else _("{folder} does not exist; give the folder that holds the period's reports")
        )
        raise CliError(message.format(folder=directory), EXIT_USAGE)
    try:
        with os.scandir(directory):
            pass
    except OSError as exc:
        reason = (exc.strerror or type(exc).__name__).lower()
        raise CliError(
            _("cannot read folder {folder}: {reason}").format(folder=directory, reason=reason), EXIT_USAGE
        ) from None

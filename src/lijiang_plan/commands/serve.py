"""`lplan serve`: the submission portal (who may sign in to it: `commands.accounts`).

The click layer only: options become a `portal.state.Config`, the socket is
bound here (so a port in use is one line and exit 2, not a traceback), and
`portal.server` runs the app on it with uvicorn. Starlette and uvicorn are
imported only when a portal starts, so `lplan --help` and every query stay as
quick as before.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import socket
import sys

import click

from lijiang_plan import completion, i18n
from lijiang_plan.clikit import DAY, App, CliError, pass_app, period_option, reports_folder
from lijiang_plan.errors import EXIT_USAGE
from lijiang_plan.i18n import _

DEFAULT_PORT = 8470
MIB = 1024 * 1024

_HELP = """Run the submission portal for the reports in DIR, on this computer's network.

Units sign in with the password the office gave them (lplan accounts init
DIR), download their template, upload their report and see at once what
`lplan check` finds in it, at its cells. The office's page shows who has
submitted, the coverage page, the digest, the summary workbook and the
reminder, live.

DIR stays the one source of truth: an accepted report is written to
DIR/PERIOD/UNIT-ID.xlsx (or .yaml), where `lplan check`, `summary` and
`digest` read it; accounts, sessions, the audit log, every earlier version
and every refused upload are kept in DIR/.lplan/ (made on first start).

The portal listens on 127.0.0.1 (this computer only) unless --host says
otherwise, e.g. --host 0.0.0.0 for every computer on the office's network.
The period collected is --period, else the office's setting, else the one
due next. Pages are in Chinese unless --lang (or lplan --lang, LPLAN_LANG)
says otherwise. Ctrl+C stops it.

\b
Exit status: 0 stopped with Ctrl+C; 2 usage error (DIR missing, bad period,
the port in use or not allowed).

\b
Examples:
  lplan accounts init reports -o accounts.xlsx
  lplan serve reports
  lplan serve reports --host 0.0.0.0 --port 8470
"""


def _language(ctx: click.Context, lang: str | None) -> str:
    """The pages' language: --lang here, else lplan --lang or LPLAN_LANG when given, else Chinese."""
    if lang is not None:
        return lang
    root = ctx.find_root()
    source = root.get_parameter_source("lang")
    if source in (click.core.ParameterSource.COMMANDLINE, click.core.ParameterSource.ENVIRONMENT):
        return i18n.language()
    return "zh"


def _script(ctx: click.Context, app: App, lang: str) -> str:
    """Names in the pages' script: simplified for Chinese pages unless lplan --script (or LPLAN_SCRIPT) says."""
    source = ctx.find_root().get_parameter_source("script")
    if source in (click.core.ParameterSource.COMMANDLINE, click.core.ParameterSource.ENVIRONMENT):
        return app.script
    return "simplified" if lang == "zh" else app.script


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port``, or a CliError saying why not (exit 2)."""
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
    except (OSError, UnicodeError) as exc:
        raise CliError(
            _("cannot listen on {host}: {reason}; give --host an address of this computer (e.g. 127.0.0.1)").format(
                host=host, reason=getattr(exc, "strerror", None) or exc
            ),
            EXIT_USAGE,
        ) from None
    try:
        if os.name != "nt":  # on Windows SO_REUSEADDR would let a second portal take the port
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        if exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1)):
            message = _(
                "port {port} on {host} is in use (another program, or a portal already running); "
                "stop it, or give another --port"
            )
        elif exc.errno in (errno.EACCES, getattr(errno, "WSAEACCES", -1)):
            message = _("port {port} on {host} is not allowed for this user; give a --port above 1024")
        else:
            message = _("cannot listen on {host}, port {port}: {reason}")
        raise CliError(message.format(port=port, host=host, reason=exc.strerror or exc), EXIT_USAGE) from None
    sock.setblocking(False)
    return sock


def _addresses() -> list[str]:
    """This computer's IPv4 addresses on its networks (not loopback), best first; [] when none can be told.

    The route the system would take to a private address names the main one; connecting a UDP socket
    sends nothing, so this works on a network with no internet, and a failure only means fewer hints.
    """
    import socket

    found: list[str] = []
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            found.append(probe.getsockname()[0])
    except OSError:
        pass
    try:
        found += socket.gethostbyname_ex(socket.gethostname())[2]
    except OSError:
        pass
    return [a for i, a in enumerate(found) if a not in found[:i] and not a.startswith(("127.", "0."))]


def _started(host: str, port: int) -> list[str]:
    """What the office reads when the portal starts: where it listens, who can reach it, how to stop it."""
    shown = f"[{host}]" if ":" in host else host
    lines = [_("lplan portal: listening on http://{host}:{port}/").format(host=shown, port=port)]
    if host in ("127.0.0.1", "localhost", "::1"):
        lines.append(
            _(
                "Only this computer can open it. To let the units' computers in, start it with "
                "--host 0.0.0.0 (and allow port {port} in the firewall)."
            ).format(port=port)
        )
    elif host in ("0.0.0.0", "::"):
        found = _addresses()
        if found:
            urls = _(", ").join(f"http://{address}:{port}/" for address in found)
            lines.append(
                _(
                    "Every computer that can reach this one opens it at {urls} "
                    "(on the office's network only: never expose it to the internet)."
                ).format(urls=urls)
            )
        else:
            lines.append(
                _(
                    "Every computer that can reach this one opens it at http://THIS-COMPUTER'S-ADDRESS:{port}/ "
                    "(on the office's network only: never expose it to the internet)."
                ).format(port=port)
            )
    lines.append(_("Press Ctrl+C to stop."))
    return lines


@click.command("serve", help=_HELP)
@click.argument("directory", metavar="DIR", shell_complete=completion.directories)
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on (0.0.0.0: every one).")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True, help="The port to listen on."
)
@period_option(required=False, help="The period collected (default: the office's setting, else the one due next).")
@click.option(
    "--allow-errors/--no-allow-errors",
    default=None,
    help="Accept (or refuse) reports that still have errors, whatever the office's setting says.",
)
@click.option(
    "--max-upload",
    type=click.IntRange(1024, 64 * MIB),
    default=5 * MIB,
    show_default=True,
    metavar="BYTES",
    help="The largest upload accepted (a report is far smaller).",
)
@click.option(
    "--upload-timeout",
    type=click.FloatRange(1, 3600),
    default=120.0,
    show_default=True,
    metavar="SECONDS",
    help="An upload that takes longer is cut off.",
)
@click.option(
    "--today", type=DAY, metavar="DATE", help="Take DATE as today (a rehearsal): the period due and the days left."
)
@click.option("--lang", "lang", type=click.Choice(i18n.LANGUAGES), help="The pages' language [default: zh].")
@click.pass_context
@pass_app
def serve(
    app: App,
    ctx: click.Context,
    directory: str,
    host: str,
    port: int,
    period: str | None,
    allow_errors: bool | None,
    max_upload: int,
    upload_timeout: float,
    today: dt.date | None,
    lang: str | None,
) -> None:
    language = _language(ctx, lang)
    i18n.set_language(language)
    reports_folder(directory)
    plan = app.plan
    if period is not None:
        from lijiang_plan.plan.deadlines import cli_period, parse_period

        year, half = parse_period(cli_period(period), plan)  # BadPeriod: exit 2
        period = f"{year}-{half}"
    try:
        from lijiang_plan.portal import server
        from lijiang_plan.portal.app import create_app
        from lijiang_plan.portal.site import Site
        from lijiang_plan.portal.state import Config
    except ImportError as exc:
        raise CliError(
            _("the portal needs {package}, which is not installed: pip install 'lijiang-plan' again").format(
                package=exc.name or exc
            ),
            EXIT_USAGE,
        ) from None
    from lijiang_plan import __version__

    site = Site(os.path.abspath(directory), fixed_today=today)
    config = Config(
        site=site,
        plan=plan,
        script=_script(ctx, app, language),
        version=__version__,
        period=period,
        allow_errors=allow_errors,
        max_upload=max_upload,
        upload_timeout=upload_timeout,
    )
    server.log_to_stderr()
    asgi = create_app(config)
    sock = _bind(host, port)
    for line in _started(host, sock.getsockname()[1]):
        click.echo(line)
    sys.stdout.flush()
    server.run(asgi, sock)
    click.echo(_("lplan portal: stopped"))

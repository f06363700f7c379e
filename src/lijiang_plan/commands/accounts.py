"""`lplan accounts`: who may sign in to the portal (one account per expected reporter and the office).

The passwords are one-time and shown once (a table, or a workbook to hand
out); the portal's database (`portal.store`) keeps only their scrypt hashes.
The portal's modules are imported only when one of these commands runs.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click

from lijiang_plan import completion
from lijiang_plan.clikit import (
    App,
    CliError,
    Context,
    chosen_format,
    force_option,
    format_option,
    output_option,
    pass_app,
    reports_folder,
    wrote,
)
from lijiang_plan.errors import EXIT_USAGE
from lijiang_plan.i18n import N_, _

if TYPE_CHECKING:
    from lijiang_plan.portal.site import Site
    from lijiang_plan.portal.store import Store


@click.group("accounts")
def accounts() -> None:
    """Issue and reset the portal's accounts: one per expected reporter (39) and one for the office.

    \b
    Passwords are one-time: each is shown once, here, and must be changed at
    the first sign-in; the portal keeps only a slow salted hash (scrypt).

    \b
    Exit status: 0 issued or listed; 2 usage error (DIR missing, unknown
    unit, every account already issued, FILE exists); 74 FILE could not be
    written. When FILE is refused or fails, no password is issued.

    \b
    Examples:
      lplan accounts init reports -o accounts.xlsx
      lplan accounts reset reports 市公安局
      lplan accounts list reports
    """


def _site(directory: str) -> tuple[Site, Store]:
    """The portal's files in DIR (made on first use) and its database, for the accounts commands."""
    reports_folder(directory)
    from lijiang_plan.portal.site import Site
    from lijiang_plan.portal.store import Store

    site = Site(os.path.abspath(directory))
    site.prepare()
    return site, Store(site.database)


def _hand_out(
    app: App,
    site: Site,
    store: Store,
    wanted: list[tuple[str, str]],
    fmt: str,
    output: str | None,
    force: bool,
    event: str | None = None,
) -> None:
    """Make a one-time password for each (unit ID, role) in ``wanted``, hand them out, then issue them.

    They are written out (the table, or FILE) before any is stored, so an -o
    that cannot be written (it exists, its folder is missing or read-only)
    leaves every account as it was instead of issuing passwords nobody has
    seen. ``event``: the audit log's word for each (a reset), if any.
    """
    from lijiang_plan.outputs.writers import deliver
    from lijiang_plan.portal import security
    from lijiang_plan.table import Column, Output, Table

    issued = [(unit_id, role, security.one_time_password()) for unit_id, role in wanted]
    rows = [
        {"login": unit_id, "unit": app.plan.unit_name(unit_id, "simplified"), "password": password}
        for unit_id, _role, password in issued
    ]
    columns = [
        Column("login", doc="the account: the unit's ID", header=N_("Login")),
        Column("unit", doc="the unit", header=N_("Unit")),
        Column("password", doc="its one-time password", header=N_("One-time password")),
    ]
    table = Table(columns, rows, title=_("Portal accounts"), name="accounts")
    try:
        deliver(Output([table]), fmt, output, force=force)
        stamp = site.clock().isoformat(timespec="microseconds")
        for unit_id, role, password in issued:
            store.issue(unit_id, role, security.hash_password(password), stamp)
            if event is not None:
                store.log(stamp, "lplan accounts reset", "-", event, unit_id)
    finally:
        store.close()
    if output is not None and output != "-":
        wrote(output)
    click.echo(
        _(
            "lplan: each password works once: at the first sign-in the unit chooses its own. "
            "Hand them out in person or in a sealed note; start the portal with: lplan serve DIR"
        ),
        err=True,
    )


@accounts.command("init")
@click.argument("directory", metavar="DIR", shell_complete=completion.directories)
@format_option(help="text: a table (lines when piped); csv, json or xlsx: a file to hand out.")
@output_option()
@force_option()
@click.pass_context
@pass_app
def accounts_init(app: App, ctx: click.Context, directory: str, fmt: str, output: str | None, force: bool) -> None:
    """Issue an account and a one-time password to every expected reporter and the office.

    Accounts already issued are left alone (reset one with `lplan accounts
    reset DIR UNIT`); the new ones are listed with their passwords, on
    standard output or in FILE (-o accounts.xlsx for a workbook to print).
    """
    from lijiang_plan.plan.deadlines import reporters

    fmt = chosen_format(ctx, fmt, output)
    plan = app.plan
    site, store = _site(directory)
    have = {row["unit_id"] for row in store.accounts()}
    wanted = [(plan.recipient(), "office")] + [(u, "unit") for u in reporters(plan)]
    new = [(unit_id, role) for unit_id, role in wanted if unit_id not in have]
    if not new:
        raise CliError(
            _(
                "every account is issued already ({n}); to issue a new password to one: lplan accounts reset DIR UNIT"
            ).format(n=len(have)),
            EXIT_USAGE,
        )
    _hand_out(app, site, store, new, fmt, output, force)


@accounts.command("reset")
@click.argument("directory", metavar="DIR", shell_complete=completion.directories)
@click.argument("unit", metavar="UNIT", shell_complete=completion.unit_names)
@format_option(help="text: a table (lines when piped); csv, json or xlsx: a file to hand out.")
@output_option()
@force_option()
@click.pass_context
@pass_app
def accounts_reset(
    app: App, ctx: click.Context, directory: str, unit: str, fmt: str, output: str | None, force: bool
) -> None:
    """Issue a new one-time password to UNIT (any name, short form or ID; the office too): its sessions end."""
    from lijiang_plan.plan.deadlines import is_reporter

    fmt = chosen_format(ctx, fmt, output)
    plan = app.plan
    unit_id = plan.resolve_unit(unit)  # NotFound: exit 2 with the nearest names
    if unit_id != plan.recipient() and not is_reporter(plan, unit_id):
        raise CliError(
            _("{unit} has no account: the portal is for the units that report and the office").format(
                unit=plan.unit_name(unit_id, "simplified")
            ),
            EXIT_USAGE,
        )
    site, store = _site(directory)
    role = "office" if unit_id == plan.recipient() else "unit"
    _hand_out(app, site, store, [(unit_id, role)], fmt, output, force, event="password-reset")


@accounts.command("list")
@click.argument("directory", metavar="DIR", shell_complete=completion.directories)
@format_option()
@pass_app
def accounts_list(app: App, directory: str, fmt: str) -> None:
    """List the portal's accounts and their state (never a password)."""
    from lijiang_plan.outputs.writers import emit
    from lijiang_plan.portal import views
    from lijiang_plan.table import Column, Table

    plan = app.plan
    site, store = _site(directory)
    now = site.clock().timestamp()
    rows = [
        {
            "login": row["unit_id"],
            "unit": plan.unit_name(row["unit_id"], "simplified"),
            "role": row["role"],
            "state": views.account_state(row, now),
        }
        for row in store.accounts()
    ]
    store.close()
    columns = [
        Column("login", header=N_("Login")),
        Column("unit", header=N_("Unit")),
        Column("role", header=N_("Role")),
        Column("state", header=N_("State")),
    ]
    emit(Table(columns, rows, name="accounts"), fmt)


for _command in accounts.commands.values():
    _command.context_class = Context  # help pages in the chosen language, as the top-level commands'

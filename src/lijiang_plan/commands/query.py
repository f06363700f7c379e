"""Query commands: who leads, who cooperates, what a measure says, what a unit must do.

Each command resolves its arguments and hands `outputs.answers`' Output to the writer registry.
"""

from __future__ import annotations

import click

from lijiang_plan import completion
from lijiang_plan.clikit import App, format_option, pass_app, say
from lijiang_plan.i18n import _
from lijiang_plan.outputs import answers
from lijiang_plan.outputs.writers import emit
from lijiang_plan.table import Output


def _answer(output: Output, fmt: str) -> None:
    """An empty answer says why on stderr; the answer goes to stdout in the chosen format."""
    if output.note:
        say(_("lplan: {note}").format(note=output.note))
    emit(output, fmt)


def _who(app: App, typed_id: str, role: str, fmt: str) -> None:
    plan = app.plan
    _answer(answers.who(plan, plan.resolve_id(typed_id), role, app.script), fmt)


@click.command("who-leads")
@click.argument("measure_id", metavar="ID", shell_complete=completion.measure_ids)
@format_option()
@pass_app
def who_leads(app: App, measure_id: str, fmt: str) -> None:
    """Units that lead (負責) measure ID, the primary lead first.

    ID is a measure (2.3.1), an item (2.3) or a section (2); for an item or
    section every measure under it is answered. Piped, a measure's answer is one
    unit per line; several measures give 'ID<TAB>unit' lines.

    \b
    Example:  lplan who-leads 2.3.1
    """
    _who(app, measure_id, "lead", fmt)


@click.command("who-cooperates")
@click.argument("measure_id", metavar="ID", shell_complete=completion.measure_ids)
@format_option()
@pass_app
def who_cooperates(app: App, measure_id: str, fmt: str) -> None:
    """Units that cooperate (配合) on measure ID, in the plan's order.

    Same ID forms and output as who-leads. A measure with no cooperating units
    prints nothing (and exits 0). Measure 4.8 names a group, "every member unit
    of the municipal joint meeting", which is printed as the group.
    """
    _who(app, measure_id, "cooperate", fmt)


@click.command("show")
@click.argument("measure_id", metavar="ID", shell_complete=completion.measure_ids)
@format_option()
@pass_app
def show(app: App, measure_id: str, fmt: str) -> None:
    """The heading path, full text and units of a measure, item or section."""
    plan = app.plan
    _answer(answers.show(plan, plan.resolve_id(measure_id), app.script), fmt)


@click.command("duties")
@click.argument("unit_name", metavar="UNIT", shell_complete=completion.unit_names)
@click.option(
    "--role",
    type=click.Choice(["lead", "cooperate", "all"]),
    default="all",
    show_default=True,
    help="Only measures the unit leads, or only those it cooperates on.",
)
@format_option()
@pass_app
def duties(app: App, unit_name: str, role: str, fmt: str) -> None:
    """Every measure UNIT leads or cooperates on, in plan order.

    UNIT is any name of a unit, in either script, a short form (市人社局,
    玉龙县) or its ID (public-security). Measures a unit takes part in as a
    member of a group (4.8: every member unit of the joint meeting) are
    included and say so. A county office reports on every measure.
    """
    plan = app.plan
    _answer(answers.duties(plan, plan.resolve_unit(unit_name), role, app.script), fmt)


@click.command("measures")
@click.option(
    "--under",
    "under",
    metavar="ID",
    shell_complete=completion.measure_ids,
    help="Only measures under this section or item (2, 2.3).",
)
@click.option(
    "--search", "-s", "query", metavar="TEXT", help="Only measures whose heading or text contains TEXT (either script)."
)
@format_option()
@pass_app
def measures(app: App, under: str | None, query: str | None, fmt: str) -> None:
    """List the plan's 47 leaf measures with their lead and cooperating units."""
    plan = app.plan
    ids = plan.leaves_under(plan.resolve_id(under)) if under is not None else plan.leaf_ids()
    if query:
        ids = plan.search(query, ids)
    _answer(answers.measures(plan, ids, app.script), fmt)


@click.command("units")
@click.option(
    "--kind",
    type=click.Choice(["department", "office", "county", "group", "all"]),
    default="all",
    show_default=True,
    help="Only municipal departments, the anti-trafficking office, county offices or groups.",
)
@format_option()
@pass_app
def units(app: App, kind: str, fmt: str) -> None:
    """Every unit in the registry, with its names and how many measures it leads, cooperates on and reports on.

    A county office is named in no measure (Leads 0, Cooperates 0) but reports on all of them.
    """
    _answer(answers.units(app.plan, kind, app.script), fmt)

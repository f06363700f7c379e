"""`lplan validate`: check the plan data itself, for whoever edits plan/."""

from __future__ import annotations

import sys

import click

from lijiang_plan.clikit import App, format_option, pass_app
from lijiang_plan.errors import EXIT_FINDINGS
from lijiang_plan.findings import FINDING_COLUMNS
from lijiang_plan.i18n import _
from lijiang_plan.outputs.writers import emit
from lijiang_plan.table import Output, Table


@click.command("validate")
@format_option("text", "json")  # text: linter lines, as `lplan check` prints them
@pass_app
def validate(app: App, fmt: str) -> None:
    """Validate the plan data against its schema, itself and its source text.

    Checks every file under the plan directory (--plan, default: the bundled
    plan): each file's shape; IDs against their place in the tree; every unit a
    measure names against the registry; simplified names against their
    traditional ones; and that every heading, text and unit list still matches
    the source text kept in plan/source/, line for line and in order, with no
    line of chapter 四 left out. Exit status 0 when valid, 1 with findings.
    """
    from lijiang_plan.plan import build as planbuild
    from lijiang_plan.plan.store import resolve_plan_dir

    directory = resolve_plan_dir(app.plan_dir)  # PlanDataError: exit 2 (cli turns every LplanError into one line)
    data, findings = planbuild.build(directory, display=app.plan_dir or "plan")
    counts = planbuild.counts(data) if data is not None else {}
    if fmt == "json":
        summary = {"valid": data is not None, "errors": len(findings), **counts}
        rows = [f.as_dict() for f in findings]
        emit(Output([Table(FINDING_COLUMNS, rows)], {"findings": rows, "summary": summary}), fmt)
    elif findings:
        for finding in findings:
            click.echo(finding.as_text())
        click.echo(_("{n} problem(s) in the plan data").format(n=len(findings)), err=True)
    else:
        click.echo(
            _(
                "plan is valid: {sections} sections, {items} items, {measures} measures, "
                "{units} units and groups; every text matches the source"
            ).format(**counts)
        )
    if findings:
        sys.exit(EXIT_FINDINGS)

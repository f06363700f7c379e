"""Report commands: `template` writes a report skeleton, `check` checks reports, `schema` prints a schema."""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager
from typing import IO

import click

from lijiang_plan import completion
from lijiang_plan.clikit import (
    App,
    CliError,
    force_option,
    output_option,
    pass_app,
    period_option,
    say,
    write_binary,
    wrote,
)
from lijiang_plan.errors import EXIT_USAGE
from lijiang_plan.i18n import _, ngettext
from lijiang_plan.outputs.formats import REPORTER_BY_NAME
from lijiang_plan.paths import PLAN_FILE_NAMES

_SCHEMA_NAMES = ("report", *(name.removesuffix(".yaml") for name in PLAN_FILE_NAMES))


@click.command("template")
@click.option(
    "--unit",
    "-u",
    "units",
    multiple=True,
    metavar="UNIT",
    shell_complete=completion.unit_names,
    help="The reporting unit: any name, short form or ID (repeatable: one template each, into -o DIR/).",
)
@click.option("--all", "every", is_flag=True, help="Every unit that reports (39): one template each, into -o DIR/.")
@period_option()
@output_option(help="Write to FILE ('-' is stdout), or into the folder DIR/ as PERIOD-UNIT.xlsx (and .yaml).")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["yaml", "xlsx", "both"]),
    help="yaml, xlsx (an Excel workbook) or both (into a folder); default: xlsx when FILE ends in .xlsx or "
    "the output is a folder, else yaml.",
)
@force_option("Replace FILE, or the folder's templates, if they exist.")
@click.option(
    "--schema-ref",
    metavar="REF",
    help="What the '$schema=' line points at (a path relative to the report, or a URL); "
    "default: the schema shipped with lplan, as a file:// URI.",
)
@pass_app
def template(
    app: App,
    units: tuple[str, ...],
    every: bool,
    period: str,
    output: str | None,
    fmt: str | None,
    force: bool,
    schema_ref: str | None,
) -> None:
    """Write a report skeleton for UNIT and a period, listing exactly its measures.

    The skeleton lists every measure the unit leads or cooperates on (a county
    office: every measure), each with its title as a comment, and starts with a
    `# yaml-language-server: $schema=…` line so editors complete and check it.
    With --format xlsx (or FILE.xlsx) it is an Excel workbook instead: one row
    per measure, a status drop-down, locked ID/title/role cells and a sheet of
    instructions, in Chinese when the locale is Chinese (LANG=zh_CN…), else English.
    An existing FILE is never replaced without --force.

    To prepare a period, --all (or --unit repeated) with -o DIR/ writes every
    unit's template into the folder, named as people know it
    (2025-H2-市公安局.xlsx; -f both adds the .yaml). If any of them exists,
    nothing is written without --force, and the existing ones are named.

    \b
    Examples:
      lplan template --unit 市公安局 --period 2025-H1 -o 2025-H1-公安局.yaml
      lplan template --unit 市公安局 --period 2025-H1 -o 2025-H1-公安局.xlsx
      lplan template --all --period 2025-H2 -o 2025-H2/
      lplan template -u 市公安局 -u 市法院 -p 2025-H2 -f both -o 2025-H2/
    """
    from lijiang_plan.plan.deadlines import cli_period
    from lijiang_plan.reports import template as tpl

    if every and units:
        raise click.UsageError(_("give --all or --unit, not both"))
    if not every and not units:
        raise click.UsageError(_("give the unit: --unit UNIT (repeatable), or --all for every unit that reports"))
    if schema_ref is not None and (not schema_ref.strip() or not schema_ref.isprintable()):
        raise click.BadParameter(
            _("give a path or URL on one line, e.g. ../schemas/report.schema.json"), param_hint="--schema-ref"
        )
    into_folder = every or len(units) > 1 or fmt == "both" or _is_folder(output)
    if into_folder:
        _templates_into(app, units, cli_period(period), output, fmt, force, schema_ref)
        return
    unit = units[0]
    if fmt is None:
        from lijiang_plan.outputs.writers import format_of

        fmt = (format_of(output, ("xlsx",)) if output else None) or "yaml"
    if fmt == "xlsx":
        if schema_ref is not None:
            raise click.UsageError(_("--schema-ref applies to YAML templates only"))
        _workbook_template(app, unit, cli_period(period), output, force)
        return
    plan = app.plan
    unit_id = tpl.reporting_unit(plan, unit)
    text = tpl.render(plan, unit_id, cli_period(period), schema_ref)
    if output is None or output == "-":
        from lijiang_plan.outputs.streams import write_file

        write_file(text)
        return
    from lijiang_plan.files.safewrite import write_text

    write_text(output, text, force=force)
    count = len(plan.duties(unit_id))
    wrote(output, _next_step(count, plan.unit_name(unit_id, "simplified"), output))


def _is_folder(output: str | None) -> bool:
    """Whether -o asks for a folder for one unit's template: a name ending in a slash (DIR/).

    A directory named without it is refused as every writer refuses one
    (`-o report.yaml` that is a directory is a mistake, not a folder to fill).
    """
    import os

    return output is not None and output.endswith(("/", os.sep))


def _templates_into(
    app: App,
    units: tuple[str, ...],
    period: str,
    output: str | None,
    fmt: str | None,
    force: bool,
    schema_ref: str | None,
) -> None:
    """Every unit's template into the folder -o names, and one line saying what was written."""
    from lijiang_plan.plan.deadlines import parse_period, period_text, reporters
    from lijiang_plan.reports import template as tpl

    if output is None or output == "-":
        raise click.UsageError(_("several templates go into a folder: give -o DIR/"))
    formats = ("xlsx", "yaml") if fmt == "both" else (fmt or "xlsx",)
    if schema_ref is not None and "yaml" not in formats:
        raise click.UsageError(_("--schema-ref applies to YAML templates only"))
    plan = app.plan
    year, half = parse_period(period, plan)  # BadPeriod: exit 2, before anything is written
    code = f"{year}-{half}"
    unit_ids = reporters(plan) if not units else list(dict.fromkeys(tpl.reporting_unit(plan, u) for u in units))
    folder = output.rstrip("/") or "/"
    written = tpl.write_all(
        plan, unit_ids, code, folder, formats, script=app.script, force=force, schema_ref=schema_ref
    )
    made = ngettext("{n} template", "{n} templates", len(written)).format(n=len(written))
    whose = ngettext("{n} unit", "{n} units", len(unit_ids)).format(n=len(unit_ids))
    say(
        _(
            "lplan: wrote {templates} for {units} ({period}) into {folder}; send each unit its own, "
            "then gather them in one folder and run: lplan summary FOLDER --period {code}"
        ).format(templates=made, units=whose, period=period_text(code), folder=folder, code=code)
    )


def _workbook_template(app: App, unit: str, period: str, output: str | None, force: bool) -> None:
    from lijiang_plan.reports import layout, xlsxreport
    from lijiang_plan.reports import template as tpl

    plan = app.plan
    unit_id = tpl.reporting_unit(plan, unit)
    data = tpl.skeleton(plan, unit_id, period)
    content = xlsxreport.render(plan, data, layout.interface_language())
    name = plan.unit_name(unit_id, "simplified")
    write_binary(content, output, force=force)
    if output not in (None, "-"):
        wrote(output, _next_step(len(data["measures"]), name, output))


def _next_step(count: int, unit: str, output: str) -> str:
    """What `template -o` adds to its confirmation: what the file holds and what to do next."""
    return ngettext(
        "{count} measure for {unit}; fill it in, then: lplan check {file}",
        "{count} measures for {unit}; fill it in, then: lplan check {file}",
        count,
    ).format(count=count, unit=unit, file=output)


def _rule_names(values: tuple[str, ...], option: str) -> set[str]:
    from lijiang_plan.reports.policy import UnknownRule, rule_names

    try:
        return rule_names(values)
    except UnknownRule as exc:
        hint = (
            _("Did you mean {names}?").format(names=", ".join(exc.close))
            if exc.close
            else _("See: lplan check --list-rules.")
        )
        problem = _("no rule '{name}'.").format(name=exc.name)
        raise click.BadParameter(_("{problem} {hint}").format(problem=problem, hint=hint), param_hint=option) from None


def _list_rules(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from lijiang_plan.rules import RULES

    width = max(map(len, RULES))
    for name, rule in RULES.items():
        click.echo(f"{name:<{width}}  {rule.level:<7}  {rule.text}")
    ctx.exit(0)


@click.command("check")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...", shell_complete=completion.files)
@click.option(
    "--list-rules",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=_list_rules,
    help="List every rule with its level and meaning, and exit.",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(list(REPORTER_BY_NAME)),
    default="text",
    show_default=True,
    help="text: lines when piped, a grouped view on a terminal; json; github (workflow annotations); junit; sarif (2.1.0).",
)
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@click.option(
    "--select",
    multiple=True,
    metavar="RULE[,RULE]",
    shell_complete=completion.rule_names,
    help="Report only these rules (repeatable).",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="RULE[,RULE]",
    shell_complete=completion.rule_names,
    help="Do not report these rules (repeatable).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    metavar="N",
    help="Check in N processes (1: in this one). Default: one per core when there are 200 files or more.",
)
@pass_app
def check(
    app: App,
    paths: tuple[str, ...],
    fmt: str,
    strict: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    jobs: int | None,
) -> None:
    """Check report files (or directories of *.yaml/*.yml and *.xlsx reports) against the plan.

    Each report is checked for its YAML (encoding, syntax, duplicate keys) or
    its workbook (sheets, formulas, cell types; findings name the cell),
    its fields and types, and against the plan: the unit, the period and its
    due date, and every measure the unit leads (error if missing) or
    cooperates on (warning if missing). Every file is checked even when others
    are broken. Problems that stop a file being read are always reported,
    whatever --select/--ignore say. Many files are checked on every core
    (--jobs); the output is the same as one process gives, in the same order.

    \b
    Exit status: 0 nothing fails; 1 errors (or, with --strict, warnings);
    2 usage error, or a PATH that does not exist (the other paths are still
    checked and reported); 130 interrupted (Ctrl-C).
    """
    from lijiang_plan.reports.policy import Policy
    from lijiang_plan.reports.run import CheckRun

    policy = Policy(_rule_names(select, "--select"), _rule_names(ignore, "--ignore"), strict)
    run = CheckRun(app.plan, paths, policy, jobs)
    for line in run.notes():
        say(line)
    with _output(fmt) as out:
        reporter = REPORTER_BY_NAME[fmt](out, sys.stderr, policy.fails)
        for result in run.results():
            reporter.file(result.path, result.findings)
        reporter.finish(run.summary)
    if run.exit_status:
        sys.exit(run.exit_status)


def _output(fmt: str) -> AbstractContextManager[IO[str]]:
    """Stdout for the format: file formats (json, junit, sarif) as UTF-8 bytes, text and github as text."""
    from contextlib import nullcontext

    from lijiang_plan.outputs.streams import file_stdout

    return file_stdout() if fmt in ("json", "junit", "sarif") else nullcontext(sys.stdout)


@click.command("schema")
@click.argument("name", type=click.Choice(_SCHEMA_NAMES), default="report")
def schema(name: str) -> None:
    """Print the JSON Schema of a report (default) or of a plan file.

    A repository of reports can commit a copy and point its editors at it:

    \b
        lplan schema report > schemas/report.schema.json
        lplan template -u 市妇联 -p 2025-H1 --schema-ref ../schemas/report.schema.json
    """
    import os

    from lijiang_plan.paths import bundled_schema_dir

    path = os.path.join(bundled_schema_dir(), f"{name}.schema.json")
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as exc:
        raise CliError(
            _("cannot read the shipped schema {path}: {reason}; reinstall lplan").format(
                path=path, reason=exc.strerror
            ),
            EXIT_USAGE,
        ) from None
    from lijiang_plan.outputs.streams import write_file

    write_file(text)  # outside the try: a closed pipe is not a missing schema

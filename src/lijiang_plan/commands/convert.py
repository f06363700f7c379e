"""`lplan convert`: a report from YAML to a workbook and back, through the one report model."""

from __future__ import annotations

import sys

import click

from lijiang_plan import completion
from lijiang_plan.clikit import App, CliError, force_option, output_option, pass_app, say, write_binary, wrote
from lijiang_plan.errors import EXIT_FINDINGS, EXIT_USAGE
from lijiang_plan.i18n import _, ngettext
from lijiang_plan.outputs.writers import suffixes
from lijiang_plan.rules import BLOCKS_CONVERSION

_YAML = suffixes("yaml")
_BOOK = suffixes("xlsx")


@click.command("convert")
@click.argument("source", metavar="IN", shell_complete=completion.files)
@output_option("The file to write ('-': YAML to stdout).", metavar="OUT", required=True)
@force_option("Replace OUT if it exists.")
@pass_app
def convert(app: App, source: str, output: str, force: bool) -> None:
    """Convert a report between YAML (IN.yaml) and an Excel workbook (IN.xlsx).

    The direction follows the names: .yaml/.yml to .xlsx, or .xlsx to .yaml/.yml
    (or '-', YAML on stdout). Everything a report holds is kept: unit, period,
    date, contact, and each measure's ID, status, account, reason and figures
    (the workbook shows titles and roles too, from the plan; YAML gets them as
    comments). Empty optional cells are left out. A report that cannot be read
    whole (a syntax error, a formula, a wrong type, an unknown field) is not
    converted: its findings are listed, exit 1. Plan findings (a missing
    measure, an empty account) do not stop it: run `lplan check` for those.

    \b
    Exit status: 0 converted; 1 IN has findings that stop it; 2 usage error
    (suffixes, missing IN, OUT exists without --force).

    \b
    Examples:
      lplan convert 2025-H1-市公安局.yaml -o 2025-H1-市公安局.xlsx
      lplan convert 2025-H1-市公安局.xlsx -o 2025-H1-市公安局.yaml
    """
    import os

    from lijiang_plan.reports.load import read_file

    to_book = source.lower().endswith(_YAML)
    if not (to_book or source.lower().endswith(_BOOK)):
        raise click.UsageError(
            _("IN must be a report in YAML (.yaml, .yml) or a workbook (.xlsx): {file}").format(file=source)
        )
    wanted = _BOOK if to_book else (*_YAML, "-")
    if not (output.lower().endswith(wanted) or output == "-" and not to_book):
        raise click.UsageError(
            _("convert {file} to {suffixes}, not {output}").format(
                file=source, suffixes=_(" or ").join(wanted), output=output
            )
        )
    if not os.path.lexists(source):
        raise CliError(_("{file}: no such file").format(file=source), EXIT_USAGE)
    loaded = read_file(source)
    blocking = [f for f in loaded.findings if f.rule in BLOCKS_CONVERSION]  # anything else converts as it is
    if blocking or not isinstance(loaded.data, dict):
        for f in blocking or loaded.findings:
            say(f.as_text())
        say(_("lplan: error: {file} is not converted: fix the above first (lplan check {file})").format(file=source))
        sys.exit(EXIT_FINDINGS)
    if to_book:
        _write_book(app, loaded.data, output, force)
    else:
        _write_yaml(app, loaded.data, output, force)


def _write_book(app: App, data: dict, output: str, force: bool) -> None:
    from lijiang_plan.reports import layout, xlsxreport

    write_binary(xlsxreport.render(app.plan, data, layout.interface_language()), output, force=force)
    if output not in (None, "-"):
        wrote(output, _count(data))


def _write_yaml(app: App, data: dict, output: str, force: bool) -> None:
    from lijiang_plan.reports import yamlwrite

    text = yamlwrite.dump(data, app.plan)
    if output == "-":
        click.echo(text, nl=False)
        return
    from lijiang_plan.files.safewrite import write_text

    write_text(output, text, force=force, newline="\n")
    wrote(output, _count(data))


def _count(data: dict) -> str:
    count = len(data.get("measures") or [])
    return ngettext("{count} measure", "{count} measures", count).format(count=count)

"""`lplan digest`: the period's reports gathered measure by measure, as a draft for the office's report."""

from __future__ import annotations

import os
from typing import Any

import click

from lijiang_plan import completion
from lijiang_plan.clikit import App, force_option, output_option, pass_app, period_option, reports_folder, say, wrote
from lijiang_plan.i18n import _
from lijiang_plan.outputs.writers import deliver
from lijiang_plan.table import Output

FORMATS = ("docx", "md", "html")

_HELP = """Gather the reports in DIR for one period, measure by measure, into a draft
for the office's own report: Word (.docx), Markdown (.md) or HTML (.html).

For each section, item and measure in plan order: the lead units, then the
cooperating units and the county offices, each with its status and account
(who said what), reasons and figures; the figures summed across units by
label (a label written in either script is one label); and who has not
reported on it. Before them: the sources (every report counted, with its
date, status and findings; the files not counted) and what is missing (units
that have not reported, measures no lead unit reported on). The folder is
read and rolled up exactly as `lplan summary DIR --period P` does.

The Word document uses Word's own styles (Title, Heading 1-3, List Bullet, and
"Account" and "Speaker" based on Normal), so it can be restyled at once, and
has a table of contents that Word fills in when it opens the file.

The format follows FILE's suffix, or --format. -o FILE writes atomically and
never replaces a file without --force; Markdown and HTML go to stdout
without -o (or with -o -); a Word document needs a file.

\b
Exit status: 0 written (what is missing is in the digest); 2 usage error
(DIR missing, bad period, unknown suffix, FILE exists); 74 FILE cannot be written.

\b
Examples:
  lplan digest reports/2025-H1 --period 2025-H1 -o 2025-H1-digest.docx
  lplan --script simplified digest reports -p 2025-H1 -o digest.md
"""


@click.command("digest", help=_HELP)
@click.argument("directory", metavar="DIR", shell_complete=completion.directories)
@period_option()
@output_option("FILE.docx, FILE.md or FILE.html ('-' is stdout).")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), help="Overrides the suffix of FILE.")
@force_option()
@pass_app
def digest(app: App, directory: str, period: str, output: str | None, fmt: str | None, force: bool) -> None:
    from lijiang_plan.plan.deadlines import cli_period, parse_period
    from lijiang_plan.reports import digest as digests
    from lijiang_plan.reports.discover import discover

    to_file = output is not None and output != "-"
    fmt = fmt or _format_of(output)
    if fmt == "docx" and not to_file:
        raise click.UsageError(_("a Word document is written to a file: give -o FILE.docx"))
    reports_folder(directory)
    plan = app.plan
    year, half = parse_period(cli_period(period), plan)  # BadPeriod: exit 2
    found = discover([directory])
    for line in found.notes():
        say(line)
    built = digests.build(found.files, plan, f"{year}-{half}", app.script)
    deliver(_output(built, app.script), fmt, output, force=force, reads=found.files)  # never over a report it read
    if to_file:
        wrote(output or "")


def _output(built: Any, script: str) -> Output:
    """The digest for the writers: its three formats are formats only this Output has."""

    def docx() -> bytes:
        from lijiang_plan.outputs.digest_docx import render as render_docx

        return render_docx(built)

    def md() -> str:
        from lijiang_plan.outputs.digest_md import render as render_md

        return render_md(built)

    def html() -> str:
        from lijiang_plan import __version__
        from lijiang_plan.outputs.digest_words import render_html

        return render_html(built, script, __version__)

    return Output([], extra={"docx": docx, "md": md, "html": html})


def _format_of(output: str | None) -> str:
    from lijiang_plan.outputs.writers import format_of

    if output is None or output == "-":
        raise click.UsageError(_("give -o FILE ending .docx, .md or .html, or --format md|html for stdout"))
    fmt = format_of(output, FORMATS)
    if fmt is None:
        raise click.UsageError(
            _("cannot tell the format from '{suffix}': name FILE .docx, .md or .html, or give --format").format(
                suffix=os.path.splitext(output)[1].lower() or output
            )
        )
    return fmt

"""`lplan remind`: the reminder (催报) for a period: who has not submitted, whose report has errors."""

from __future__ import annotations

import datetime as dt
import os
import sys

import click

from lijiang_plan import completion
from lijiang_plan.clikit import (
    DAY,
    App,
    force_option,
    output_option,
    pass_app,
    period_option,
    reports_folder,
    say,
    wrote,
)
from lijiang_plan.i18n import _

FORMATS = ("text", "docx", "md")
#: A text file for Windows desks: Notepad and WPS open UTF-8 with a byte order mark as Chinese.
BOM = "\ufeff"

_HELP = """Write the reminder (催报通知) for one period from the reports in DIR: the units
that have not submitted, whose report cannot be read, or whose report has
errors, each with its problems: how many days past the due date, each error
at its cell or line as `lplan check` words it (at most 10 per unit), the
measures it must still report on; then the files whose unit cannot be told.

DIR is read and rolled up exactly as `lplan summary DIR --period P` reads it,
so the reminder names exactly the units the summary counts as missing or
unreadable. The portal's office page (`lplan serve`) shows the same list.

Text to paste (standard output, or -o FILE.txt: UTF-8 with a byte order
mark and CRLF line ends, for Notepad and WPS), Markdown (-o FILE.md) or a
Word document (-o FILE.docx, in Word's own styles). The format follows FILE's
suffix, or --format. -o FILE writes atomically and never replaces a file
without --force.

\b
Exit status: 0 written (whoever is listed); 2 usage error (DIR missing, bad
period, unknown suffix, a Word document asked for on standard output, FILE
exists); 74 FILE cannot be written.

\b
Examples:
  lplan remind reports --period 2026-H2
  lplan remind reports -p 2026-H2 -o 2026-H2-催报.docx
"""


@click.command("remind", help=_HELP)
@click.argument("directory", metavar="DIR", shell_complete=completion.directories)
@period_option()
@output_option("FILE.txt, FILE.md or FILE.docx ('-' is stdout).")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), help="Overrides the suffix of FILE.")
@click.option(
    "--today",
    type=DAY,
    metavar="DATE",
    help="The notice's date: what is overdue is counted to DATE [default: the system date].",
)
@force_option()
@pass_app
def remind(
    app: App,
    directory: str,
    period: str,
    output: str | None,
    fmt: str | None,
    today: dt.date | None,
    force: bool,
) -> None:
    from lijiang_plan.outputs import reminder_words as words
    from lijiang_plan.plan.deadlines import cli_period, parse_period
    from lijiang_plan.reports import reminders
    from lijiang_plan.reports.discover import discover

    to_file = output is not None and output != "-"
    fmt = fmt or (_format_of(output) if to_file else "text")
    if fmt == "docx" and not to_file:
        raise click.UsageError(_("a Word document is written to a file: give -o FILE.docx"))
    reports_folder(directory)
    plan = app.plan
    year, half = parse_period(cli_period(period), plan)  # BadPeriod: exit 2
    found = discover([directory])
    for line in found.notes():
        say(line)
    notice = reminders.from_files(found.files, plan, f"{year}-{half}", app.script, today or dt.date.today())
    blocks = words.notice(notice, len(plan.leaf_ids()))
    if fmt == "text" and not to_file:
        sys.stdout.write(words.render_text(blocks))  # for people: the console's encoding
        return
    from lijiang_plan.outputs.writers import deliver
    from lijiang_plan.table import Output

    def content() -> str | bytes:
        if fmt == "docx":
            from lijiang_plan.outputs.reminder_docx import render

            return render(blocks, words.title(notice))
        if fmt == "md":
            return words.render_md(blocks)
        return (BOM + words.render_text(blocks, "\r\n")).encode("utf-8")

    deliver(Output([], extra={fmt: content}), fmt, output, force=force)
    if to_file:
        wrote(output or "")


def _format_of(output: str | None) -> str:
    from lijiang_plan.outputs.writers import format_of

    suffix = os.path.splitext(output or "")[1].lower()
    if suffix in (".txt", ".text"):
        return "text"
    fmt = format_of(output or "", ("docx", "md"))
    if fmt is None:
        raise click.UsageError(
            _("cannot tell the format from '{suffix}': name FILE .txt, .md or .docx, or give --format").format(
                suffix=suffix or output
            )
        )
    return fmt

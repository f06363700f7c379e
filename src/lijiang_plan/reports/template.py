"""A report skeleton for one unit and period: the measures it must report on, in plan order.

The skeleton lists exactly the unit's duties (`Plan.duties`): the measures it
leads, then marks those it cooperates on; a county office gets every leaf
measure. Each entry carries the measure's title (simplified, as users write) as
a comment. The first line tells YAML editors (yaml-language-server) which JSON
Schema to complete and check against.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any

from lijiang_plan.errors import NotAReporter
from lijiang_plan.i18n import N_, _, language, ngettext
from lijiang_plan.paths import bundled_schema_dir
from lijiang_plan.plan.deadlines import due_date, is_reporter, parse_period
from lijiang_plan.reports.statuses import CHINESE, STATUSES

if TYPE_CHECKING:
    from lijiang_plan.plan.query import Plan

_PLAIN = re.compile(r"^[\w\u3400-\u9fff（）()·-]+$")
#: Bytes a file URI keeps as they are (what urllib.parse.quote_from_bytes keeps, and '/').
_URI_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~/")
_ROLE_NOTE = {"lead": N_("负责 lead"), "cooperate": N_("配合 cooperate"), "county": N_("县(区) county")}


def default_schema_ref() -> str:
    """The report schema shipped with lplan, as a file URI (works on the author's machine)."""
    return file_uri(os.path.join(bundled_schema_dir(), "report.schema.json"))


def file_uri(path: str) -> str:
    """``Path(path).resolve().as_uri()``, without importing pathlib on POSIX (template is start-up bound)."""
    if os.name != "posix":
        from pathlib import Path

        return Path(path).resolve().as_uri()
    raw = os.fsencode(os.path.realpath(path))
    return "file://" + "".join(chr(b) if b in _URI_SAFE else f"%{b:02X}" for b in raw)


def _scalar(text: str) -> str:
    """A YAML scalar: plain when safe, else JSON-quoted (a valid YAML double-quoted string)."""
    if _PLAIN.match(text) and not text[0].isdigit():
        return text
    import json  # rarely needed: unit names are plain

    return json.dumps(text, ensure_ascii=False)


def reporting_unit(plan: Plan, typed: str) -> str:
    """Resolve ``typed`` to a unit that sends reports, or explain why not."""
    unit_id = plan.resolve_unit(typed)
    if not is_reporter(plan, unit_id):
        raise NotAReporter(
            _(
                "{unit} does not send this report; member units and county (district) offices do (see 'lplan units')"
            ).format(unit=plan.unit_name(unit_id, "simplified"))
        )
    return unit_id


def render(plan: Plan, unit_id: str, period: str, schema_ref: str | None = None) -> str:
    """The skeleton's text for ``unit_id`` and ``period`` (e.g. '2025-H1').

    Instructions follow the interface language; so do the statuses: the codes
    in English, the Chinese words (进行中 …) in Chinese, both of which a report may use.
    """
    year, half = parse_period(period, plan)
    due = due_date(plan, year, half)
    name = plan.unit_name(unit_id, "simplified")
    duties = plan.duties(unit_id)
    recipient = plan.unit_name(plan.recipient(), "simplified")
    statuses = [status_word(s) for s in STATUSES]
    title = _("{name} {year}年{half}半年反拐工作情况报告 ({period}), 报{recipient}, due {due}.")
    lines = [
        f"# yaml-language-server: $schema={schema_ref or default_schema_ref()}",
        "# "
        + title.format(
            name=name,
            year=year,
            half="上" if half == "H1" else "下",
            period=f"{year}-{half}",
            recipient=recipient,
            due=due,
        ),
        "# " + _("Fill in: submitted (YYYY-MM-DD), each measure's status and account (what was done)."),
        "# "
        + _("status: {statuses} ({not_applicable} needs reason: …)").format(
            statuses=" | ".join(statuses), not_applicable=statuses[-1]
        ),
        "# "
        + _("Optional per measure: figures: {example}. Then run: lplan check FILE").format(
            example="{宣传活动场次: 12, 解救人数: 3}"
        ),
        f"unit: {_scalar(name)}",
        f"period: {year}-{half}",
        'submitted: ""  # ' + _("the day it is sent, e.g. {due}").format(due=due),
        "contact:  # " + _("optional"),
        '  name: ""',
        '  phone: ""  # ' + _("in quotes, so that a leading 0 is kept"),
        "measures:",
    ]
    for duty in duties:
        lines += [
            measure_comment(plan, duty.measure, duty),
            f'  - id: "{duty.measure}"',
            f"    status: {statuses[0]}",
            '    account: ""',
        ]
    return "\n".join(lines) + "\n"


def measure_comment(plan: Plan, measure: str, duty: Any = None) -> str:
    """The comment above a measure's entry: its ID, title and the unit's part, in the interface language.

    `template` and `convert` write the same line, so a report converted from a
    workbook reads like one made by `template` (负责, 配合 in Chinese).
    """
    note = ""
    if duty is not None:
        via = _(", as one of {group}").format(group=plan.unit_name(duty.via, "simplified")) if duty.via else ""
        note = f" ({_(_ROLE_NOTE[duty.role])}{via})"
    return f"  # {measure} {plan.text(measure, 'title', 'simplified')}{note}"


def status_word(code: Any) -> Any:
    """A status as a report in the interface language writes it: 进行中 in Chinese, the code in English."""
    return CHINESE.get(code, code) if language() == "zh" and isinstance(code, str) else code


#: A template's suffix by format.
SUFFIXES = {"xlsx": ".xlsx", "yaml": ".yaml"}


def file_name(plan: Plan, unit_id: str, period: str, fmt: str, script: str = "simplified") -> str:
    """The name a unit's template goes by: ``2025-H2-市公安局.xlsx`` (the period's code, the unit's name)."""
    return f"{period}-{plan.unit_name(unit_id, script)}{SUFFIXES[fmt]}"


def write_all(
    plan: Plan,
    unit_ids: list[str],
    period: str,
    folder: str,
    formats: tuple[str, ...],
    *,
    script: str = "simplified",
    force: bool = False,
    schema_ref: str | None = None,
) -> list[str]:
    """Every unit's template in every format into ``folder``; the paths written, in order.

    Nothing is written if any of them exists and ``force`` is not given: the
    OutputError lists them all, so that a second run never replaces a
    template a unit may already have filled in, and never leaves half a set.
    """
    import os

    from lijiang_plan.errors import OutputError
    from lijiang_plan.files import safewrite

    if not os.path.isdir(folder):
        raise OutputError(
            _("'{folder}' is not a folder; templates for several units go into an existing folder: -o DIR/").format(
                folder=folder
            )
            if os.path.lexists(folder)
            else _("'{folder}' does not exist; create it first (mkdir {folder})").format(folder=folder)
        )
    targets = [
        (unit_id, fmt, os.path.join(folder, file_name(plan, unit_id, period, fmt, script)))
        for unit_id in unit_ids
        for fmt in formats
    ]
    existing = [path for _unit, _fmt, path in targets if os.path.lexists(path)]
    if existing and not force:
        shown = ", ".join(os.path.basename(path) for path in existing[:5]) + (", …" if len(existing) > 5 else "")
        raise OutputError(
            ngettext(
                "{n} template already exists in {folder} ({files}); nothing was written: use --force to replace it",
                "{n} templates already exist in {folder} ({files}); nothing was written: use --force to replace them",
                len(existing),
            ).format(n=len(existing), folder=folder, files=shown)
        )
    from lijiang_plan.reports import layout, xlsxreport

    for unit_id, fmt, path in targets:
        if fmt == "xlsx":
            content = xlsxreport.render(plan, skeleton(plan, unit_id, period), layout.interface_language())
            safewrite.write_bytes(path, content, force=force)
        else:
            safewrite.write_text(path, render(plan, unit_id, period, schema_ref), force=force)
    return [path for _unit, _fmt, path in targets]


def skeleton(plan: Plan, unit_id: str, period: str) -> dict[str, Any]:
    """The template's report data (what `render` writes as YAML), for the workbook template."""
    year, half = parse_period(period, plan)
    return {
        "unit": plan.unit_name(unit_id, "simplified"),
        "period": f"{year}-{half}",
        "submitted": "",
        "measures": [{"id": duty.measure, "status": "ongoing", "account": ""} for duty in plan.duties(unit_id)],
    }

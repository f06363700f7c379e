"""A report's data written as YAML that `files.yamlsource` reads back to the same data.

For `lplan convert` from a workbook. Text is plain when that is safe, a
literal block (``|``) when it has several lines that a block keeps exactly,
and double-quoted otherwise; IDs and dates are always quoted, so other YAML
tools read them as text too. Whole numbers are numbers; a decimal figure is
written as the loader keeps it. Each measure gets its title and the unit's
role as a comment, and the statuses in the interface language's words (进行中
in Chinese), as `lplan template` writes them; the loader reads both.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lijiang_plan.plan.query import Plan

_PLAIN = re.compile(r"^[\w\u3400-\u9fff（）()·、，。-]+$")
_DECIMAL = re.compile(r"[0-9]+\.[0-9]+")
#: Characters YAML treats as line breaks or refuses raw (outside its printable set); escaped when quoted.
_UNPRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's too) that reads back as ``text``."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def scalar(value: Any) -> str:
    """A value on one line: plain when YAML reads it back as the same text, else quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if value is None:
        return "null"
    text = str(value)
    plain = (
        _PLAIN.fullmatch(text) and not text[0].isdigit() and text.lower() not in ("true", "false", "null", "yes", "no")
    )
    return text if plain and not text.startswith("-") else quoted(text)


def _block(text: str, indent: str) -> str | None:
    """A literal block for multi-line text, when it keeps the text exactly; else None."""
    if "\n" not in text.rstrip("\n") or text.endswith("\n\n"):
        return None
    lines = text.rstrip("\n").split("\n")
    if not all(line.isprintable() for line in lines) or _UNPRINTABLE.search(text):
        return None  # tabs, CRs, other controls: only a quoted scalar keeps them
    if lines[0].startswith(" ") or any(line and not line.strip() for line in lines):
        return None  # leading or blank-line spaces would be read as indentation
    chomp = "" if text.endswith("\n") else "-"
    return f"|{chomp}\n" + "\n".join(f"{indent}{line}" if line else "" for line in lines)


def _text(value: Any, indent: str) -> str:
    if isinstance(value, str):
        block = _block(value, indent)
        if block is not None:
            return block
    return scalar(value)


def dump(data: dict[str, Any], plan: Plan | None = None) -> str:
    """The report as YAML text; ``plan`` (optional) adds each measure's title and role as a comment."""
    lines: list[str] = []
    for key in ("unit", "period", "submitted"):
        if key in data:
            value = data[key]
            lines.append(f"{key}: {quoted(value) if key == 'submitted' and isinstance(value, str) else scalar(value)}")
    contact = data.get("contact")
    if isinstance(contact, dict) and contact:
        lines.append("contact:")
        lines += [f"  {scalar(k)}: {_text(v, '    ')}" for k, v in contact.items()]
    lines.append("measures:" if data.get("measures") else "measures: []")
    roles = _roles(plan, data.get("unit"))
    for entry in data.get("measures") or []:
        lines += _entry(entry, plan, roles)
    return "\n".join(lines) + "\n"


def _roles(plan: Plan | None, unit: Any) -> dict[str, Any]:
    if plan is None or not isinstance(unit, str):
        return {}
    from lijiang_plan.errors import NotFound

    try:
        unit_id = plan.resolve_unit(unit)
        return {duty.measure: duty for duty in plan.duties(unit_id)}
    except (NotFound, KeyError):
        return {}


def _entry(entry: dict[str, Any], plan: Plan | None, roles: dict[str, Any]) -> list[str]:
    measure = entry.get("id")
    lines = []
    if plan is not None and isinstance(measure, str) and measure in plan.nodes:
        from lijiang_plan.reports.template import measure_comment

        lines.append(measure_comment(plan, measure, roles.get(measure)))
    first = True
    for key in ("id", "status", "account", "reason", "figures"):
        if key not in entry:
            continue
        lead = "  - " if first else "    "
        first = False
        value = entry[key]
        if key == "id" and isinstance(value, str):
            lines.append(f"{lead}id: {quoted(value)}")
        elif key == "status":
            from lijiang_plan.reports.template import status_word

            lines.append(f"{lead}status: {_text(status_word(value), '      ')}")
        elif key == "figures" and isinstance(value, dict) and value:
            lines.append(f"{lead}figures:")
            lines += [f"      {scalar(label)}: {_figure(number)}" for label, number in value.items()]
        else:
            lines.append(f"{lead}{key}: {'{}' if value == {} else _text(value, '      ')}")
    return lines


def _figure(value: Any) -> str:
    if isinstance(value, str) and _DECIMAL.fullmatch(value):
        return value  # the loader keeps 3.5 as the text '3.5', which the model reads as a number
    return scalar(value)

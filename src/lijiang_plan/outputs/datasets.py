"""The plan as tables for spreadsheets and scripts: one builder per dataset.

Each dataset has one module-level column definition (`MEASURES`,
`RESPONSIBILITIES`, `UNITS`, `DEADLINES`): the generated reference
(docs/reference/datasets.md), the export command's --help and the tests all read it, so the documented columns are the exported
ones. Builders are pure: plan in, rows out, with JSON types (lists stay lists,
booleans booleans, dates ISO strings); the writers (`outputs.writers`) decide
how a list or a boolean looks in CSV. No click, no csv, no json at import time.

Where to add a dataset: one column tuple and one builder here, and one entry
in `DATASETS`; `lplan export` offers it, in every format, by itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from lijiang_plan.table import Column, Output, Table, column_help

if TYPE_CHECKING:
    from lijiang_plan.plan.query import Plan


class Dataset(NamedTuple):
    name: str
    doc: str
    columns: tuple[Column, ...]
    build: Callable[[Any, str], list[dict[str, Any]]]


MEASURES: tuple[Column, ...] = (
    Column("id", "text", "measure ID, its position in chapter 四 (2.3.1; 3.10 is not 3.1)"),
    Column("section", "text", "ID of the section (一)…(五) it is in, as 1…5"),
    Column("item", "text", "ID of its second-level item (2.3); the measure's own ID when the item has no sub-items"),
    Column("title", "text", "heading, in the chosen script"),
    Column("text", "text", "full text, in the chosen script"),
    Column("lead", "names", "lead units (負責), primary lead first, in the chosen script"),
    Column("cooperate", "names", "cooperating units (配合), in the text's order; empty if none"),
    Column("lead_ids", "ids", "unit IDs of `lead`, same order"),
    Column("cooperate_ids", "ids", "unit IDs of `cooperate`, same order"),
)

RESPONSIBILITIES: tuple[Column, ...] = (
    Column("measure", "text", "measure ID"),
    Column("title", "text", "measure heading, in the chosen script"),
    Column("role", "text", "lead (負責) or cooperate (配合)"),
    Column("position", "integer", "the unit's place among the measure's units of that role, from 1"),
    Column("primary", "boolean", "true for the first lead unit named: the primary lead (牽頭)"),
    Column("unit_id", "text", "unit ID; for measure 4.8 the group joint-meeting-members"),
    Column("unit", "text", "unit name as the text names it, in the chosen script"),
    Column("unit_kind", "text", "department, or group for the joint meeting's member units (4.8)"),
)

UNITS: tuple[Column, ...] = (
    Column("id", "text", "unit ID"),
    Column("name", "text", "name in traditional characters, as the text names it"),
    Column("simplified", "text", "name in simplified characters"),
    Column("kind", "text", "department, office (市反拐辦), county (a county or district office) or group"),
    Column("area", "text", "a county office's county or district, in the chosen script; empty otherwise"),
    Column("aliases", "names", "other names and short forms it is found by (simplified)"),
    Column("leads", "integer", "number of measures it leads"),
    Column("cooperates", "integer", "number of measures it cooperates on, 4.8 (as a joint-meeting member) included"),
    Column(
        "reports_on",
        "integer",
        "number of measures its report covers: those it leads or cooperates on; a county office all 47",
    ),
)

DEADLINES: tuple[Column, ...] = (
    Column("period", "text", "reporting period, YEAR-H1 or YEAR-H2"),
    Column("due", "date", "the day the report is due, YYYY-MM-DD; a report sent that day is on time"),
    Column("before_issue", "boolean", "true if the day fell before the plan was issued"),
    Column("reporters", "integer", "number of units that must report (member units and county offices)"),
    Column("recipient", "text", "the unit the reports go to, in the chosen script"),
)


def _name(plan: Plan, unit_id: str, script: str) -> str:
    return str(plan.unit_name(unit_id, script))


def _simplify(plan: Plan, text: str, script: str) -> str:
    """A plan string in the chosen script (character map of the validated plan)."""
    return plan.simplify(text, script)


def measures(plan: Plan, script: str = "traditional") -> list[dict[str, Any]]:
    """One row per leaf measure, in plan order."""
    rows = []
    for mid in plan.leaf_ids():
        node = plan.node(mid)
        path = plan.heading_path(mid)
        rows.append(
            {
                "id": mid,
                "section": path[0],
                "item": path[1],
                "title": plan.text(mid, "title", script),
                "text": plan.text(mid, "text", script),
                "lead": [_name(plan, uid, script) for uid in node["lead"]],
                "cooperate": [_name(plan, uid, script) for uid in node["cooperate"]],
                "lead_ids": list(node["lead"]),
                "cooperate_ids": list(node["cooperate"]),
            }
        )
    return rows


def responsibilities(plan: Plan, script: str = "traditional") -> list[dict[str, Any]]:
    """The long form: one row per measure, role and named unit, in plan order."""
    rows = []
    for mid in plan.leaf_ids():
        node = plan.node(mid)
        title = plan.text(mid, "title", script)
        for role in ("lead", "cooperate"):
            for position, uid in enumerate(node[role], start=1):
                rows.append(
                    {
                        "measure": mid,
                        "title": title,
                        "role": role,
                        "position": position,
                        "primary": role == "lead" and position == 1,
                        "unit_id": uid,
                        "unit": _name(plan, uid, script),
                        "unit_kind": plan.units[uid]["kind"],
                    }
                )
    return rows


def units(plan: Plan, script: str = "traditional") -> list[dict[str, Any]]:
    """Every unit of the registry, in registry order, with its measure counts."""
    rows = []
    for uid, unit in plan.units.items():
        duties = plan.duties(uid) if unit["kind"] != "office" else []
        roles = [duty.role for duty in duties]
        area = unit.get("area")
        rows.append(
            {
                "id": uid,
                "name": unit["name"],
                "simplified": unit["simplified"],
                "kind": unit["kind"],
                "area": _simplify(plan, area, script) if area else None,
                "aliases": list(unit["aliases"]),
                "leads": roles.count("lead"),
                "cooperates": roles.count("cooperate"),
                "reports_on": len(duties),
            }
        )
    return rows


def deadlines(plan: Plan, script: str = "traditional") -> list[dict[str, Any]]:
    """Every dated semiannual report deadline of the plan period, in date order."""
    from lijiang_plan.plan import deadlines as rules

    reporters = len(rules.reporters(plan))
    recipient = _name(plan, plan.recipient(), script)
    return [
        {
            "period": deadline.period,
            "due": deadline.due.isoformat(),
            "before_issue": deadline.before_issue,
            "reporters": reporters,
            "recipient": recipient,
        }
        for deadline in rules.all_deadlines(plan)
    ]


DATASETS: dict[str, Dataset] = {
    "measures": Dataset("measures", "one row per leaf measure (47)", MEASURES, measures),
    "responsibilities": Dataset(
        "responsibilities", "one row per measure, role and unit, in plan order", RESPONSIBILITIES, responsibilities
    ),
    "units": Dataset("units", "one row per unit of the registry", UNITS, units),
    "deadlines": Dataset("deadlines", "one row per semiannual report deadline", DEADLINES, deadlines),
}


def build(plan: Plan, dataset: str, script: str = "traditional") -> list[dict[str, Any]]:
    """Rows of ``dataset`` with JSON types; KeyError for an unknown name (the CLI offers only known ones)."""
    return DATASETS[dataset].build(plan, script)


def output(plan: Plan, dataset: str, script: str = "traditional") -> Output:
    """The dataset as an Output for the writers: one table, its rows as the JSON document."""
    spec = DATASETS[dataset]
    return Output([Table(spec.columns, build(plan, dataset, script), name=dataset)])


def help_text(width: int = 18) -> str:
    """The column lists of every dataset, as plain lines for --help."""
    return column_help({name: (d.doc, d.columns) for name, d in DATASETS.items()}, width)

"""The answers to the plan queries (who-leads, show, duties, measures, units), as Outputs.

One builder per query: plan and script in, an `Output` out (see
`lijiang_plan.table`), ready for any writer. The query commands only resolve
their arguments and hand the Output to `outputs.writers`. No click, rich,
pydantic or YAML here: this is the query path.
"""

from __future__ import annotations

from typing import Any

from lijiang_plan.outputs.datasets import units as unit_rows
from lijiang_plan.plan.query import Plan
from lijiang_plan.table import Column, Output, Table

_ROLE_LABEL = {"lead": "負責 lead", "cooperate": "配合 cooperate", "county": "縣(區) county"}


def unit_ref(plan: Plan, unit_id: str) -> dict[str, str]:
    """A unit as JSON names it: ID, name as the text writes it, simplified name."""
    unit = plan.units[unit_id]
    return {"id": unit_id, "name": unit["name"], "simplified": unit["simplified"]}


_WHO_CSV = (Column("measure"), Column("title"), Column("position", "integer"), Column("unit_id"), Column("unit"))


def who(plan: Plan, node_id: str, role: str, script: str) -> Output:
    """The units of ``role`` (lead, cooperate) on every measure under ``node_id``."""
    groups: list[dict[str, Any]] = [
        {
            "id": mid,
            "title": plan.text(mid, "title", script),
            "units": [unit_ref(plan, uid) for uid in plan.node(mid)[role]],
        }
        for mid in plan.leaves_under(node_id)
    ]
    rows = [
        {
            "measure": g["id"],
            "title": g["title"],
            "position": i + 1,
            "unit_id": u["id"],
            "unit": plan.unit_name(u["id"], script),
        }
        for g in groups
        for i, u in enumerate(g["units"])
    ]
    leaf = plan.is_leaf(node_id)

    def plain() -> list[str]:
        if leaf:
            return [row["unit"] for row in rows]
        return [f"{row['measure']}\t{row['unit']}" for row in rows]

    header = "Lead units" if role == "lead" else "Cooperating units"
    grouped = [
        {
            "id": g["id"],
            "title": g["title"],
            "units": "\n".join(plan.unit_name(u["id"], script) for u in g["units"]) or "—",
        }
        for g in groups
    ]
    view = Table([("id", "Measure"), ("title", "Title"), ("units", header)], grouped, plain=plain)
    note = None if rows else f"{node_id} names no {'lead' if role == 'lead' else 'cooperating'} units"
    return Output([Table(_WHO_CSV, rows)], groups[0] if leaf else groups, view=[view], note=note)


def show(plan: Plan, node_id: str, script: str) -> Output:
    """A measure, item or section: its heading path, text and units (or the measures under it)."""
    node = plan.node(node_id)
    path = [{"id": nid, "title": plan.text(nid, "title", script)} for nid in plan.heading_path(node_id)]
    record: dict[str, Any] = {"id": node_id, "kind": node["kind"], "path": path, "title": path[-1]["title"]}
    if node.get("leaf"):
        record["text"] = plan.text(node_id, "text", script)
        record["lead"] = [unit_ref(plan, uid) for uid in node["lead"]]
        record["cooperate"] = [unit_ref(plan, uid) for uid in node["cooperate"]]
    else:
        if node["kind"] == "section":
            record["preamble"] = plan.text(node_id, "preamble", script)
        record["measures"] = [
            {"id": mid, "title": plan.text(mid, "title", script)} for mid in plan.leaves_under(node_id)
        ]
    fields = _show_fields(plan, record, script)

    def plain() -> list[str]:
        return [f"{label}: {value}" if "\n" not in value else f"{label}:\n{value}" for label, value in fields]

    columns = [("field", ""), ("value", "")]
    # "—" shows "no value" to a person; a CSV cell with no value is empty (as in every export).
    data = Table(columns, [{"field": k, "value": "" if v == "—" else v} for k, v in fields])
    view = Table(columns, [{"field": k, "value": v} for k, v in fields], plain=plain)
    return Output([data], record, view=[view])


def _show_fields(plan: Plan, record: dict[str, Any], script: str) -> list[tuple[str, str]]:
    """The record as labelled lines for people."""

    def names(refs: list[dict[str, str]]) -> str:
        return "、".join(plan.unit_name(u["id"], script) for u in refs)

    path = record["path"]
    fields: list[tuple[str, str]] = [
        ("ID", record["id"]),
        ("Path", " › ".join(f"{p['id']} {p['title']}" for p in path[:-1]) or "—"),
        ("Title", record["title"]),
    ]
    if "preamble" in record:
        fields.append(("Preamble", record["preamble"]))
    if "text" in record:
        fields += [
            ("Text", record["text"]),
            ("Lead", names(record["lead"])),
            ("Cooperate", names(record["cooperate"]) or "—"),
        ]
    else:
        fields.append(("Measures", "\n".join(f"{m['id']} {m['title']}" for m in record["measures"])))
    return fields


_DUTY_COLUMNS = (
    Column("measure", header="Measure"),
    Column("role", header="Role"),
    Column("primary", "boolean", header="Primary lead"),
    Column("via", header="Via group"),
    Column("title", header="Title"),
)


def duties(plan: Plan, unit_id: str, role: str, script: str) -> Output:
    """Every measure the unit leads or cooperates on (``role``: lead, cooperate or all)."""
    rows: list[dict[str, Any]] = [
        {
            "measure": d.measure,
            "title": plan.text(d.measure, "title", script),
            "role": d.role,
            "primary": d.role == "lead" and plan.node(d.measure)["lead"][0] == unit_id,
            "via": plan.unit_name(d.via, script) if d.via else "",
        }
        for d in plan.duties(unit_id, None if role == "all" else role)
    ]
    name = plan.unit_name(unit_id, script)

    def plain() -> list[str]:
        return [f"{r['measure']}\t{r['role']}\t{r['title']}" for r in rows]

    marked = [{**r, "role": _ROLE_LABEL[r["role"]], "primary": "✓" if r["primary"] else ""} for r in rows]
    title = f"{name}: {len(rows)} measures"
    return Output(
        [Table(_DUTY_COLUMNS, rows, plain=plain, title=title)],
        {"unit": unit_ref(plan, unit_id), "duties": rows},
        view=[Table(_DUTY_COLUMNS, marked, plain=plain, title=title)],
        note=None if rows else _no_duties(plan.units[unit_id]["kind"], name, role),
    )


def _no_duties(kind: str, name: str, role: str) -> str:
    """Why a unit has no measures to show, so an empty answer is not a puzzle."""
    if kind == "office":
        return f"{name} receives the units' reports; the plan gives it no measure of its own"
    if kind == "county":
        return f"{name} reports on every measure (role 'county'), none as lead or cooperating unit; use --role all"
    return f"{name} has no measure with role '{role}'"


_MEASURE_COLUMNS = (
    Column("id", header="ID"),
    Column("title", header="Title"),
    Column("lead", "names", header="Lead"),
    Column("cooperate", "names", header="Cooperate"),
)


def measures(plan: Plan, ids: list[str], script: str) -> Output:
    """The measures ``ids`` with their lead and cooperating units."""
    rows = [
        {
            "id": mid,
            "title": plan.text(mid, "title", script),
            "lead": [plan.unit_name(u, script) for u in plan.node(mid)["lead"]],
            "cooperate": [plan.unit_name(u, script) for u in plan.node(mid)["cooperate"]],
        }
        for mid in ids
    ]
    plain = lambda: [f"{r['id']}\t{r['title']}" for r in rows]  # noqa: E731
    return Output([Table(_MEASURE_COLUMNS, rows, plain=plain, title=f"{len(rows)} measures")])


_UNIT_COLUMNS = (
    Column("id", header="ID"),
    Column("name", header="Name"),
    Column("simplified", header="Simplified"),
    Column("kind", header="Kind"),
    Column("aliases", "names", header="Also known as"),
    Column("leads", "integer", header="Leads"),
    Column("cooperates", "integer", header="Cooperates"),
    Column("reports_on", "integer", header="Reports on"),
)


def units(plan: Plan, kind: str, script: str) -> Output:
    """The unit registry (``kind``: one kind, or all), with how many measures each leads, cooperates on, reports on."""
    keys = [column.key for column in _UNIT_COLUMNS]
    # The same rows `lplan export units` gives (the traditional area is not shown here).
    rows = [{key: row[key] for key in keys} for row in unit_rows(plan) if kind in ("all", row["kind"])]
    name = "simplified" if script == "simplified" else "name"
    plain = lambda: [f"{r['id']}\t{r[name]}" for r in rows]  # noqa: E731
    return Output([Table(_UNIT_COLUMNS, rows, plain=plain, title=f"{len(rows)} units")])

"""The answers to the plan queries (who-leads, show, duties, measures, units), as Outputs.

One builder per query: plan and script in, an `Output` out (see
`lijiang_plan.table`), ready for any writer. The query commands only resolve
their arguments and hand the Output to `outputs.writers`. No click, rich,
pydantic or YAML here: this is the query path.
"""

from __future__ import annotations

from typing import Any

from lijiang_plan.i18n import N_, _, ngettext
from lijiang_plan.plan.query import Plan
from lijiang_plan.table import Column, Output, Table

_ROLE_LABEL = {"lead": N_("負責 lead"), "cooperate": N_("配合 cooperate"), "county": N_("縣(區) county")}


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
            "units": [unit_ref(plan, uid) for uid in plan.named(mid, role)],
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

    header = N_("Lead units") if role == "lead" else N_("Cooperating units")
    grouped = [
        {
            "id": g["id"],
            "title": g["title"],
            "units": "\n".join(plan.unit_name(u["id"], script) for u in g["units"]) or "—",
        }
        for g in groups
    ]
    view = Table([("id", N_("Measure")), ("title", N_("Title")), ("units", header)], grouped, plain=plain)
    if rows:
        note = None
    elif role == "lead":
        note = _("{id} names no lead units").format(id=node_id)
    else:
        note = _("{id} names no cooperating units").format(id=node_id)
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
        one, several = _("{label}: {value}"), _("{label}:\n{value}")
        return [(several if "\n" in value else one).format(label=label, value=value) for label, value in fields]

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
        (_("ID"), record["id"]),
        (_("Path"), " › ".join(f"{p['id']} {p['title']}" for p in path[:-1]) or "—"),
        (_("Title"), record["title"]),
    ]
    if "preamble" in record:
        fields.append((_("Preamble"), record["preamble"]))
    if "text" in record:
        fields += [
            (_("Text"), record["text"]),
            (_("Lead"), names(record["lead"])),
            (_("Cooperate"), names(record["cooperate"]) or "—"),
        ]
    else:
        fields.append((_("Measures"), "\n".join(f"{m['id']} {m['title']}" for m in record["measures"])))
    return fields


_DUTY_COLUMNS = (
    Column("measure", header=N_("Measure")),
    Column("role", header=N_("Role")),
    Column("primary", "boolean", header=N_("Primary lead")),
    Column("via", header=N_("Via group")),
    Column("title", header=N_("Title")),
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

    marked = [{**r, "role": _(_ROLE_LABEL[r["role"]]), "primary": "✓" if r["primary"] else ""} for r in rows]
    title = ngettext("{unit}: {n} measure", "{unit}: {n} measures", len(rows)).format(unit=name, n=len(rows))
    return Output(
        [Table(_DUTY_COLUMNS, rows, plain=plain, title=title)],
        {"unit": unit_ref(plan, unit_id), "duties": rows},
        view=[Table(_DUTY_COLUMNS, marked, plain=plain, title=title)],
        note=None if rows else _no_duties(plan.units[unit_id]["kind"], name, role),
    )


def _no_duties(kind: str, name: str, role: str) -> str:
    """Why a unit has no measures to show, so an empty answer is not a puzzle."""
    if kind == "office":
        return _("{unit} receives the units' reports; the plan gives it no measure of its own").format(unit=name)
    if kind == "county":
        return _(
            "{unit} reports on every measure (role 'county'), none as lead or cooperating unit; use --role all"
        ).format(unit=name)
    return _("{unit} has no measure with role '{role}'").format(unit=name, role=role)


_MEASURE_COLUMNS = (
    Column("id", header=N_("ID")),
    Column("title", header=N_("Title")),
    Column("lead", "names", header=N_("Lead")),
    Column("cooperate", "names", header=N_("Cooperate")),
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
    title = ngettext("{n} measure", "{n} measures", len(rows)).format(n=len(rows))
    return Output([Table(_MEASURE_COLUMNS, rows, plain=plain, title=title)])


_UNIT_COLUMNS = (
    Column("id", header=N_("ID")),
    Column("name", header=N_("Name")),
    Column("simplified", header=N_("Simplified")),
    Column("kind", header=N_("Kind")),
    Column("aliases", "names", header=N_("Also known as")),
    Column("leads", "integer", header=N_("Leads")),
    Column("cooperates", "integer", header=N_("Cooperates")),
    Column("reports_on", "integer", header=N_("Reports on")),
)


def units(plan: Plan, kind: str, script: str) -> Output:
    """The unit registry (``kind``: one kind, or all), with how many measures each leads, cooperates on, reports on."""
    from lijiang_plan.outputs.datasets import units as unit_rows  # only this answer needs the export's rows

    keys = [column.key for column in _UNIT_COLUMNS]
    # The same rows `lplan export units` gives (the traditional area is not shown here).
    rows = [{key: row[key] for key in keys} for row in unit_rows(plan) if kind in ("all", row["kind"])]
    name = "simplified" if script == "simplified" else "name"
    plain = lambda: [f"{r['id']}\t{r[name]}" for r in rows]  # noqa: E731
    title = ngettext("{n} unit", "{n} units", len(rows)).format(n=len(rows))
    return Output([Table(_UNIT_COLUMNS, rows, plain=plain, title=title)])

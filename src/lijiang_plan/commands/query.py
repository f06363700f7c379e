"""Query commands: who leads, who cooperates, what a measure says, what a unit must do."""

from __future__ import annotations

from typing import Any

import click

from lijiang_plan import completion
from lijiang_plan.clikit import App, format_option, pass_app
from lijiang_plan.outputs.tables import Table, emit

_ROLE_LABEL = {"lead": "負責 lead", "cooperate": "配合 cooperate", "county": "縣(區) county"}


def _unit_ref(app: App, unit_id: str) -> dict[str, str]:
    unit = app.plan.units[unit_id]
    return {"id": unit_id, "name": unit["name"], "simplified": unit["simplified"]}


def _who(app: App, typed_id: str, role: str, fmt: str) -> None:
    plan = app.plan
    node_id = plan.resolve_id(typed_id)
    leaves = plan.leaves_under(node_id)
    groups = [
        {
            "id": mid,
            "title": plan.text(mid, "title", app.script),
            "units": [_unit_ref(app, uid) for uid in plan.node(mid)[role]],
        }
        for mid in leaves
    ]
    rows = [
        {"measure": g["id"], "title": g["title"], "position": i + 1, "unit_id": u["id"], "unit": app.name(u["id"])}
        for g in groups
        for i, u in enumerate(g["units"])
    ]

    if not rows:
        click.echo(f"lplan: {node_id} names no {'lead' if role == 'lead' else 'cooperating'} units", err=True)

    def plain() -> list[str]:
        if plan.is_leaf(node_id):
            return [row["unit"] for row in rows]
        return [f"{row['measure']}\t{row['unit']}" for row in rows]

    if fmt == "csv":
        table = Table(
            [
                ("measure", "measure"),
                ("title", "title"),
                ("position", "position"),
                ("unit_id", "unit_id"),
                ("unit", "unit"),
            ],
            rows,
        )
    else:
        table = Table(
            [("id", "Measure"), ("title", "Title"), ("units", "Lead units" if role == "lead" else "Cooperating units")],
            [
                {"id": g["id"], "title": g["title"], "units": "\n".join(app.name(u["id"]) for u in g["units"]) or "—"}
                for g in groups
            ],
            plain=plain,
            json_value=groups if not plan.is_leaf(node_id) else groups[0],
        )
    emit(table, fmt)


@click.command("who-leads")
@click.argument("measure_id", metavar="ID", shell_complete=completion.measure_ids)
@format_option("text", "json", "csv")
@pass_app
def who_leads(app: App, measure_id: str, fmt: str) -> None:
    """Units that lead (負責) measure ID, the primary lead first.

    ID is a measure (2.3.1), an item (2.3) or a section (2); for an item or
    section every measure under it is answered. Piped, a measure's answer is one
    unit per line; several measures give 'ID<TAB>unit' lines.

    \b
    Example:  lplan who-leads 2.3.1
    """
    _who(app, measure_id, "lead", fmt)


@click.command("who-cooperates")
@click.argument("measure_id", metavar="ID", shell_complete=completion.measure_ids)
@format_option("text", "json", "csv")
@pass_app
def who_cooperates(app: App, measure_id: str, fmt: str) -> None:
    """Units that cooperate (配合) on measure ID, in the plan's order.

    Same ID forms and output as who-leads. A measure with no cooperating units
    prints nothing (and exits 0). Measure 4.8 names a group, "every member unit
    of the municipal joint meeting", which is printed as the group.
    """
    _who(app, measure_id, "cooperate", fmt)


@click.command("show")
@click.argument("measure_id", metavar="ID", shell_complete=completion.measure_ids)
@format_option("text", "json", "csv")
@pass_app
def show(app: App, measure_id: str, fmt: str) -> None:
    """The heading path, full text and units of a measure, item or section."""
    plan = app.plan
    node_id = plan.resolve_id(measure_id)
    node = plan.node(node_id)
    path = [{"id": nid, "title": plan.text(nid, "title", app.script)} for nid in plan.heading_path(node_id)]
    record: dict[str, Any] = {"id": node_id, "kind": node["kind"], "path": path, "title": path[-1]["title"]}
    if node.get("leaf"):
        record["text"] = plan.text(node_id, "text", app.script)
        record["lead"] = [_unit_ref(app, uid) for uid in node["lead"]]
        record["cooperate"] = [_unit_ref(app, uid) for uid in node["cooperate"]]
    else:
        if node["kind"] == "section":
            record["preamble"] = plan.text(node_id, "preamble", app.script)
        record["measures"] = [
            {"id": mid, "title": plan.text(mid, "title", app.script)} for mid in plan.leaves_under(node_id)
        ]

    fields: list[tuple[str, str]] = [
        ("ID", node_id),
        ("Path", " › ".join(f"{p['id']} {p['title']}" for p in path[:-1]) or "—"),
        ("Title", record["title"]),
    ]
    if "preamble" in record:
        fields.append(("Preamble", record["preamble"]))
    if node.get("leaf"):
        fields += [
            ("Text", record["text"]),
            ("Lead", "、".join(app.name(u["id"]) for u in record["lead"])),
            ("Cooperate", "、".join(app.name(u["id"]) for u in record["cooperate"]) or "—"),
        ]
    else:
        fields.append(("Measures", "\n".join(f"{m['id']} {m['title']}" for m in record["measures"])))

    def plain() -> list[str]:
        return [f"{label}: {value}" if "\n" not in value else f"{label}:\n{value}" for label, value in fields]

    emit(
        Table(
            [("field", ""), ("value", "")],
            # "—" shows "no value" to a person; a CSV cell with no value is empty (as in every export).
            [{"field": k, "value": "" if fmt == "csv" and v == "—" else v} for k, v in fields],
            plain=plain,
            json_value=record,
        ),
        fmt,
    )


@click.command("duties")
@click.argument("unit_name", metavar="UNIT", shell_complete=completion.unit_names)
@click.option(
    "--role",
    type=click.Choice(["lead", "cooperate", "all"]),
    default="all",
    show_default=True,
    help="Only measures the unit leads, or only those it cooperates on.",
)
@format_option("text", "json", "csv")
@pass_app
def duties(app: App, unit_name: str, role: str, fmt: str) -> None:
    """Every measure UNIT leads or cooperates on, in plan order.

    UNIT is any name of a unit, in either script, a short form (市人社局,
    玉龙县) or its ID (public-security). Measures a unit takes part in as a
    member of a group (4.8: every member unit of the joint meeting) are
    included and say so. A county office reports on every measure.
    """
    plan = app.plan
    unit_id = plan.resolve_unit(unit_name)
    duties_ = plan.duties(unit_id, None if role == "all" else role)
    rows = [
        {
            "measure": d.measure,
            "title": plan.text(d.measure, "title", app.script),
            "role": d.role,
            "primary": d.role == "lead" and plan.node(d.measure)["lead"][0] == unit_id,
            "via": app.name(d.via) if d.via else "",
        }
        for d in duties_
    ]

    if not rows:
        click.echo(f"lplan: {_no_duties(plan.units[unit_id]['kind'], app.name(unit_id), role)}", err=True)

    def plain() -> list[str]:
        return [f"{r['measure']}\t{r['role']}\t{r['title']}" for r in rows]

    columns = [
        ("measure", "Measure"),
        ("role", "Role"),
        ("primary", "Primary lead"),
        ("via", "Via group"),
        ("title", "Title"),
    ]
    table = Table(
        columns,
        rows
        if fmt != "text"
        else [{**r, "role": _ROLE_LABEL[r["role"]], "primary": "✓" if r["primary"] else ""} for r in rows],
        plain=plain,
        title=f"{app.name(unit_id)}: {len(rows)} measures",
        json_value={"unit": _unit_ref(app, unit_id), "duties": rows},
    )
    emit(table, fmt)


def _no_duties(kind: str, name: str, role: str) -> str:
    """Why a unit has no measures to show, so an empty answer is not a puzzle."""
    if kind == "office":
        return f"{name} receives the units' reports; the plan gives it no measure of its own"
    if kind == "county":
        return f"{name} reports on every measure (role 'county'), none as lead or cooperating unit; use --role all"
    return f"{name} has no measure with role '{role}'"


@click.command("measures")
@click.option(
    "--under",
    "under",
    metavar="ID",
    shell_complete=completion.measure_ids,
    help="Only measures under this section or item (2, 2.3).",
)
@click.option(
    "--search", "-s", "query", metavar="TEXT", help="Only measures whose heading or text contains TEXT (either script)."
)
@format_option("text", "json", "csv")
@pass_app
def measures(app: App, under: str | None, query: str | None, fmt: str) -> None:
    """List the plan's 47 leaf measures with their lead and cooperating units."""
    plan = app.plan
    ids = plan.leaves_under(plan.resolve_id(under)) if under is not None else plan.leaf_ids()
    if query:
        ids = plan.search(query, ids)
    rows = [
        {
            "id": mid,
            "title": plan.text(mid, "title", app.script),
            "lead": [app.name(u) for u in plan.node(mid)["lead"]],
            "cooperate": [app.name(u) for u in plan.node(mid)["cooperate"]],
        }
        for mid in ids
    ]
    emit(
        Table(
            [("id", "ID"), ("title", "Title"), ("lead", "Lead"), ("cooperate", "Cooperate")],
            rows,
            plain=lambda: [f"{r['id']}\t{r['title']}" for r in rows],
            title=f"{len(rows)} measures",
        ),
        fmt,
    )


@click.command("units")
@click.option(
    "--kind",
    type=click.Choice(["department", "office", "county", "group", "all"]),
    default="all",
    show_default=True,
    help="Only municipal departments, the anti-trafficking office, county offices or groups.",
)
@format_option("text", "json", "csv")
@pass_app
def units(app: App, kind: str, fmt: str) -> None:
    """Every unit in the registry, with its names and how many measures it leads, cooperates on and reports on.

    A county office is named in no measure (Leads 0, Cooperates 0) but reports on all of them.
    """
    from lijiang_plan.outputs.datasets import units as unit_rows  # the same rows `lplan export units` gives

    keys = ("id", "name", "simplified", "kind", "aliases", "leads", "cooperates", "reports_on")
    rows = [{key: row[key] for key in keys} for row in unit_rows(app.plan) if kind in ("all", row["kind"])]
    emit(
        Table(
            [
                ("id", "ID"),
                ("name", "Name"),
                ("simplified", "Simplified"),
                ("kind", "Kind"),
                ("aliases", "Also known as"),
                ("leads", "Leads"),
                ("cooperates", "Cooperates"),
                ("reports_on", "Reports on"),
            ],
            rows,
            plain=lambda: [f"{r['id']}\t{r['simplified'] if app.script == 'simplified' else r['name']}" for r in rows],
            title=f"{len(rows)} units",
        ),
        fmt,
    )

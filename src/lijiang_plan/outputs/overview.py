"""The roll-up (`reports.rollup`, `reports.history`) as an Output: overview, one table, or the whole document.

`lplan summary` hands this Output to the writer registry. Text is the
overview for people (the headline, then each part that has something to say)
or, with a table name, that table; JSON is the whole roll-up or that table's
rows; CSV is one table (units unless another is named; for every period,
periods); xlsx is every table, one sheet each (or the one named); html is the
coverage page (`outputs.page`), an extra format of this Output.
"""

from __future__ import annotations

from typing import Any

from lijiang_plan.i18n import _
from lijiang_plan.plan.query import Plan
from lijiang_plan.reports import history as histories
from lijiang_plan.reports import rollup as rollups
from lijiang_plan.table import Output, Table, column_help


def help_text(width: int = 20) -> str:
    """Every roll-up table's columns, for --help."""
    return column_help({**rollups.TABLES, **histories.TABLES}, width)


def _cell(value: Any) -> str:
    """A roll-up value for people: IDs and paths joined with ', ', booleans true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _cells(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{key: _cell(value) for key, value in row.items()} for row in rows]


def _table_output(
    name: str, columns: list[Any], rows: list[dict[str, Any]], title: str, complete: bool, headline: str | None = None
) -> Output:
    """One table (--table): its rows as JSON, CSV and text (a header of keys, then the cells)."""
    keys = [column.key for column in columns]
    data = Table(columns, rows, title=title, name=name)
    view = Table(columns, _cells(rows), title=title)
    plain = ["\t".join(keys)] + ["\t".join(_cell(row[k]) for k in keys) for row in rows]
    return Output([data], rows, view=[view], plain=lambda: plain, headline=headline, complete=complete, spaced=True)


def output(
    rollup: rollups.Rollup,
    plan: Plan,
    table: str | None,
    script: str,
    version: str,
    earlier: list[rollups.Rollup] | None = None,
) -> Output:
    """One period for the writers; ``table`` None means the overview (text) and the whole document (JSON).

    ``earlier`` periods draw the trend on the html page.
    """
    name = table or "units"
    columns = rollups.columns(name, plan)
    rows = rollups.rows(rollup, plan, name, script)
    data = Table(columns, rows, title=f"{name} ({rollup.period})", name=name)
    complete = rollups.totals(rollup, plan)["complete"]

    def page() -> str:
        from lijiang_plan.outputs.page import render_period

        return render_period(rollup, earlier or [], plan, script, version)

    if table is not None:
        return _table_output(name, list(columns), rows, data.title or name, complete)
    sections = rollups.sections(rollup, plan, script)
    headline = rollups.headline(rollup, plan)

    def overview() -> list[str]:
        lines = [headline]
        for title, section_columns, section_rows in sections:
            lines += ["", _("{title}:").format(title=title)]
            lines += ["  " + "\t".join(_cell(row.get(key)) for key, _ in section_columns) for row in section_rows]
        return lines

    # Every table, units first: CSV writes the first, a workbook one sheet each.
    others = [
        Table(rollups.columns(other, plan), rollups.rows(rollup, plan, other, script), title=other, name=other)
        for other in rollups.TABLES
        if other != name
    ]
    return Output(
        [data, *others],
        lambda: rollups.document(rollup, plan, script, version),
        view=[Table(cols, _cells(body), title=title) for title, cols, body in sections],
        headline=headline,
        complete=complete,
        plain=overview,
        spaced=True,
        extra={"html": page},
    )


def history_output(periods: list[rollups.Rollup], plan: Plan, table: str | None, script: str, version: str) -> Output:
    """Every period the folder holds; complete when the latest is (or there is none)."""
    complete = histories.complete(periods, plan)
    head = _("; ").join(
        _("{period}: {verdict}").format(
            period=r.period, verdict=_("complete") if rollups.totals(r, plan)["complete"] else _("INCOMPLETE")
        )
        for r in periods
    )
    if table is not None:
        columns = list(histories.columns(table, periods))
        rows = histories.rows(periods, plan, table, script)
        return _table_output(table, columns, rows, table, complete, head or _("no period"))
    tables = [
        Table(histories.columns(name, periods), histories.rows(periods, plan, name, script), title=name, name=name)
        for name in histories.TABLES
    ]

    def plain() -> list[str]:
        """Each period's headline, then each unit's status by period."""
        lines = [rollups.headline(rollup, plan) for rollup in periods] or [_("no period")]
        if periods:
            lines += ["", _("Status by period:"), "  " + "\t".join(["unit", *(r.period for r in periods)])]
            for row in histories.history_rows(periods, plan, script):
                lines.append("  " + "\t".join([row["unit"], *(row[r.period] for r in periods)]))
        return lines

    def page() -> str:
        from lijiang_plan.outputs.page import render_history

        return render_history(periods, plan, script, version)

    return Output(
        tables,
        lambda: histories.document(periods, plan, script, version),
        view=[Table(t.columns, _cells(t.rows), title=t.title) for t in tables],
        headline=head or _("no period"),
        complete=complete,
        plain=plain,
        spaced=True,
        extra={"html": page},
    )

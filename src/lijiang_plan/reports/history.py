"""Every period a folder holds, rolled up: the office's view across half-years.

The files are read once (`rollup.read_records`); each period is then rolled up
from the same records exactly as `lplan summary --period P` would roll it up,
so a period's line in the history always agrees with that period's summary.
The periods are those the readable files give, oldest first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lijiang_plan.i18n import N_
from lijiang_plan.reports import rollup as rollups
from lijiang_plan.table import Column

if TYPE_CHECKING:
    from lijiang_plan.plan.query import Plan

#: Columns shared by every period's row; the totals of `rollup.totals`, in its order.
PERIODS: tuple[Column, ...] = (
    Column("period", "text", "reporting period, oldest first", header=N_("Period")),
    Column("due", "date", "its due date", header=N_("Due")),
    Column(
        "complete",
        "boolean",
        "true when nothing is missing for the period (as `summary --period` decides)",
        header=N_("Complete"),
    ),
    Column("expected", "integer", "units expected to report", header=N_("Expected")),
    Column("submitted", "integer", "units with a report counted for the period", header=N_("Submitted")),
    Column("on_time", "integer", "units that submitted on or before the due date", header=N_("On time")),
    Column("late", "integer", "units that submitted after the due date", header=N_("Late")),
    Column("undated", "integer", "units whose report has no valid submitted date", header=N_("Undated")),
    Column("unreadable", "integer", "units whose report could not be read", header=N_("Unreadable")),
    Column("missing", "integer", "units with no report for the period", header=N_("Missing")),
    Column("duplicates", "integer", "units that sent more than one report", header=N_("Not counted (duplicates)")),
    Column("measures", "integer", "leaf measures", header=N_("Measures")),
    Column("measures_complete", "integer", "measures every lead unit reported on", header=N_("Measures complete")),
    Column(
        "measures_incomplete", "integer", "measures some lead unit did not report on", header=N_("Measures incomplete")
    ),
    Column(
        "counties_incomplete",
        "integer",
        "county office reports leaving out measures",
        header=N_("County reports leaving out measures"),
    ),
    Column("files", "integer", "report files read (all periods)", header=N_("Files")),
    Column("other_period", "integer", "files for another period", header=N_("Other period")),
    Column("unidentified", "integer", "files whose unit could not be told", header=N_("Unidentified")),
)

#: The same unit columns the coverage matrix starts with: one row per expected reporter.
HISTORY_HEAD = rollups.MATRIX_HEAD
HISTORY_CELL = Column(
    "<period>",
    "text",
    "one column per period, oldest first: on-time, late, undated, unreadable or missing",
)

TABLES: dict[str, tuple[str, tuple[Column, ...]]] = {
    "periods": ("one row per period the folder holds, oldest first", PERIODS),
    "history": ("units × periods: each unit's status in each period", (*HISTORY_HEAD, HISTORY_CELL)),
}


def history(records: list[rollups.FileRecord], plan: Plan) -> list[rollups.Rollup]:
    """One roll-up per period the records give, oldest first.

    A file whose period cannot be read is the latest period's unreadable report (the one being
    collected), never every period's.
    """
    periods = rollups.periods_held(records)
    return [rollups.assign(records, plan, period, unknown_period=period == periods[-1]) for period in periods]


def up_to(records: list[rollups.FileRecord], plan: Plan, period: str) -> list[rollups.Rollup]:
    """The roll-ups of the periods held up to and including ``period`` (for a period's trend)."""
    earlier = [p for p in rollups.periods_held(records) if p < period]
    return [rollups.assign(records, plan, p, unknown_period=False) for p in earlier] + [
        rollups.assign(records, plan, period)
    ]


def columns(table: str, periods: list[rollups.Rollup]) -> tuple[Column, ...]:
    if table == "history":
        return (*HISTORY_HEAD, *(Column(r.period, "text", HISTORY_CELL.doc) for r in periods))
    return PERIODS


def period_rows(periods: list[rollups.Rollup], plan: Plan) -> list[dict[str, Any]]:
    rows = []
    for rollup in periods:
        counts = rollups.totals(rollup, plan)
        row = {"period": rollup.period, "due": rollup.due.isoformat(), **counts}
        rows.append({column.key: row[column.key] for column in PERIODS})
    return rows


def history_rows(periods: list[rollups.Rollup], plan: Plan, script: str) -> list[dict[str, Any]]:
    reporters = periods[0].reporters if periods else []
    rows = []
    for unit_id in reporters:
        row: dict[str, Any] = {
            "unit_id": unit_id,
            "unit": plan.unit_name(unit_id, script),
            "kind": plan.units[unit_id]["kind"],
        }
        row.update((rollup.period, rollup.status(unit_id)) for rollup in periods)
        rows.append(row)
    return rows


def rows(periods: list[rollups.Rollup], plan: Plan, table: str, script: str) -> list[dict[str, Any]]:
    if table == "history":
        return history_rows(periods, plan, script)
    return period_rows(periods, plan)


def document(periods: list[rollups.Rollup], plan: Plan, script: str, version: str) -> dict[str, Any]:
    """The history as one JSON value: each period's totals, each unit's statuses."""
    return {
        "tool": "lplan",
        "version": version,
        "periods": period_rows(periods, plan),
        "history": history_rows(periods, plan, script),
    }


def complete(periods: list[rollups.Rollup], plan: Plan) -> bool:
    """The exit status follows the latest period, the one being collected; no period held is complete."""
    return not periods or bool(rollups.totals(periods[-1], plan)["complete"])

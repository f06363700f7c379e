"""What each page of the portal shows, as plain data for its template (no markup here).

The words come from the catalog (`_()`), the data from the library: a unit's
duties from the plan, the deadline from `plan.deadlines`, findings as the
checker worded them, the office's roll-up from `live.LiveFolder` (the reader
`summary` uses), the reminder from `reports.reminders` and its words from
`outputs.reminder_words`. Times are shown in the server's local time; the
audit log keeps UTC.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from lijiang_plan.i18n import _, ngettext
from lijiang_plan.outputs import digest_words, reminder_words
from lijiang_plan.plan import deadlines as dl
from lijiang_plan.plan.query import Plan
from lijiang_plan.portal import submit
from lijiang_plan.reports import rollup as rollups


def local_time(stamp: str | None) -> str:
    """A UTC time from the audit log as the office's clock shows it: 2026-12-02 10:15."""
    if not stamp:
        return ""
    return dt.datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")


def deadline(due: dt.date, today: dt.date) -> str:
    """'due in 18 days', 'due today', '2 days overdue', in the interface language."""
    status = dl.status(due, today)
    if status.word == dl.PAST:
        return ngettext("{n} day overdue", "{n} days overdue", -status.days).format(n=-status.days)
    return status.label


def level(name: str) -> str:
    return _("error") if name == "error" else _("warning")


def findings(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Findings as a person reads them: where (the cell, else line and column), level, message, rule."""
    shown = []
    for f in rows:
        where = f.get("cell") or _("line {line}, column {column}").format(line=f["line"], column=f["column"])
        shown.append({**f, "where": where, "level": level(f["level"]), "cls": f["level"]})
    return shown


def outcome(row: Any, unit: str, period: str) -> dict[str, str]:
    """The verdict on one upload: a short status word and the sentence that says what to do."""
    reason, errors, warnings = row["reason"], row["errors"], row["warnings"]
    if row["outcome"] == submit.ACCEPTED:
        if errors:
            text = ngettext(
                "Accepted (the office accepts reports with errors), with {n} error: correct it and upload the "
                "report again as soon as you can.",
                "Accepted (the office accepts reports with errors), with {n} errors: correct them and upload the "
                "report again as soon as you can.",
                errors,
            ).format(n=errors)
            return {"word": _("accepted, with errors"), "cls": "warn", "text": text}
        if warnings:
            text = ngettext(
                "Accepted. Look at the warning below (it does not stop the report).",
                "Accepted. Look at the warnings below (they do not stop the report).",
                warnings,
            )
            return {"word": _("accepted"), "cls": "ok", "text": text}
        return {"word": _("accepted"), "cls": "ok", "text": _("Accepted. lplan check finds no problem in it.")}
    texts = {
        submit.ERRORS: ngettext(
            "Not accepted: the report has {n} error. Correct it as said below, then upload the report again.",
            "Not accepted: the report has {n} errors. Correct them as said below, then upload the report again.",
            errors,
        ).format(n=errors),
        submit.UNREADABLE: _(
            "Not accepted: the report cannot be read. Correct it as said below, then upload it again."
        ),
        submit.NO_UNIT: _(
            "Not accepted: no unit the plan knows is named in the report. Write your unit's name in it "
            "(the template you can download here has it), then upload it again."
        ),
        submit.OTHER_UNIT: _(
            "Not accepted: the report is another unit's. You are signed in as {unit} and can submit only "
            "{unit}'s report."
        ).format(unit=unit),
        submit.OTHER_PERIOD: _(
            "Not accepted: the report is for another period. The office is collecting the reports for {period} "
            "now: write {code} as the period (the template you can download here has it)."
        ).format(period=reminder_words.period_words(period), code=period),
        submit.NOT_A_REPORT: _("Not accepted: this file is not a report."),
    }
    return {"word": _("not accepted"), "cls": "bad", "text": texts.get(reason, reason)}


def submission_rows(rows: list[Any], names: dict[str, str]) -> list[dict[str, Any]]:
    shown = []
    for row in rows:
        verdict = outcome(row, names.get(row["unit_id"], row["unit_id"]), row["period"])
        shown.append(
            {
                "id": row["id"],
                "at": local_time(row["at"]),
                "unit": names.get(row["unit_id"], row["unit_id"]),
                "name": row["name"],
                "period": row["period"],
                "word": verdict["word"],
                "cls": verdict["cls"],
                "errors": row["errors"],
                "warnings": row["warnings"],
            }
        )
    return shown


def submission(row: Any, unit: str) -> dict[str, Any]:
    return {
        "id": row["id"],
        "unit": unit,
        "at": local_time(row["at"]),
        "name": row["name"],
        "size": f"{row['size']:,}",
        "sha256": row["sha256"],
        "period": row["period"],
        "stored": row["current"] or "",
        "verdict": outcome(row, unit, row["period"]),
        "findings": findings(json.loads(row["findings"])),
        "errors": row["errors"],
        "warnings": row["warnings"],
    }


def duties(plan: Plan, unit_id: str, script: str) -> list[dict[str, str]]:
    return [
        {"measure": d.measure, "title": plan.text(d.measure, "title", script), "role": digest_words.role(d.role)}
        for d in plan.duties(unit_id)
    ]


def unit_page(
    plan: Plan, unit_id: str, script: str, period: str, today: dt.date, rows: list[Any], allow_errors: bool
) -> dict[str, Any]:
    year, half = dl.parse_period(period, plan)
    due = dl.due_date(plan, year, half)
    name = plan.unit_name(unit_id, script)
    accepted = next((r for r in rows if r["period"] == period and r["outcome"] == submit.ACCEPTED), None)
    if accepted is None:
        state = _("Not submitted yet for {period}.").format(period=reminder_words.period_words(period))
    else:
        state = _("Submitted on {at}: {file} ({verdict}).").format(
            at=local_time(accepted["at"]),
            file=accepted["name"],
            verdict=outcome(accepted, name, period)["word"],
        )
    return {
        "unit": name,
        "unit_id": unit_id,
        "period": period,
        "period_words": reminder_words.period_words(period),
        "due": reminder_words.day_words(due),
        "deadline": deadline(due, today),
        "recipient": plan.unit_name(plan.recipient(), script),
        "state": state,
        "submitted": accepted is not None,
        "duties": duties(plan, unit_id, script),
        "county": plan.units[unit_id]["kind"] == "county",
        "submissions": submission_rows(rows, {unit_id: name}),
        "allow_errors": allow_errors,
    }


def office_page(
    plan: Plan,
    script: str,
    period: str,
    today: dt.date,
    rollup: rollups.Rollup,
    latest: dict[str, Any],
    accounts: dict[str, Any],
    now: float,
) -> dict[str, Any]:
    from lijiang_plan.outputs import overview
    from lijiang_plan.outputs.page import status_cell
    from lijiang_plan.reports import reminders

    units = []
    for row in rollups.unit_rows(rollup, plan, script):
        upload = latest.get(row["unit_id"])
        account = accounts.get(row["unit_id"])
        units.append(
            {
                "unit_id": row["unit_id"],
                "unit": row["unit"],
                "state": status_cell(row["status"]),
                "errors": row["errors"],
                "warnings": row["warnings"],
                "path": row["path"] or "",
                "upload": submission_rows([upload], {row["unit_id"]: row["unit"]})[0] if upload else None,
                "account": account_state(account, now),
            }
        )
    notice = reminders.build(rollup, plan, script, today)
    blocks = reminder_words.notice(notice, len(plan.leaf_ids()))
    every = len(plan.leaf_ids())
    remind = [
        {"unit": r.unit, "lines": reminder_words.unit_lines(r, notice, every), "reason": r.reason} for r in notice.units
    ]
    year, half = dl.parse_period(period, plan)
    return {
        "period": period,
        "period_words": reminder_words.period_words(period),
        "due": reminder_words.day_words(dl.due_date(plan, year, half)),
        "deadline": deadline(dl.due_date(plan, year, half), today),
        "headline": overview.headline(rollup, plan),
        "totals": rollups.totals(rollup, plan),
        "units": units,
        "reminder": remind,
        "unidentified": notice.unidentified,
        "reminder_text": reminder_words.render_text(blocks),
        "periods": [d.period for d in dl.all_deadlines(plan) if not d.before_issue],
    }


def account_state(account: Any, now: float) -> str:
    if account is None:
        return _("no account")
    if account["locked_until"] and account["locked_until"] > now:
        return _("locked until {time}").format(
            time=dt.datetime.fromtimestamp(account["locked_until"]).strftime("%H:%M")
        )
    if account["must_change"]:
        return _("one-time password issued {day}").format(day=local_time(account["issued"]))
    return _("in use since {day}").format(day=local_time(account["changed"]))

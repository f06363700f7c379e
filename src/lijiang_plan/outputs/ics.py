"""The report deadlines as an iCalendar file (RFC 5545) that calendar programs import.

One all-day event per deadline, each with a UID made of its period and, for one
unit's calendar, that unit's ID: importing a newer file again, or refreshing a
subscription, updates the events instead of adding copies. DTSTAMP is the
plan's issue date, so the same plan data and options always give the same
bytes (a calendar can be committed and diffed). The calendar is built with the
`icalendar` library, imported only here and only when a calendar is written.

Event texts are in the chosen script, quotations from the plan included (their
simplified form is compiled with the plan, like the measures').
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from lijiang_plan.plan import deadlines as dl

if TYPE_CHECKING:
    from lijiang_plan.plan.query import Plan

UID_DOMAIN = "lplan.lijiang"
PRODID = "-//lplan//Lijiang anti-trafficking plan deadlines//ZH"
#: How often a subscribed calendar program should fetch the calendar again.
REFRESH = dt.timedelta(days=1)
#: Reminders ring at this hour (local time) on the chosen day before the deadline.
REMINDER_HOUR = 9

# Labels written by lplan (not plan content), in each script.
_LABELS: dict[str, dict[str, str]] = {
    "traditional": {
        "calendar": "麗江市反拐工作情況報送期限",
        "report": "報送反拐工作情況至{to}({period})",
        "everyone": "各單位報送反拐工作情況至{to}({period})",
        "collect": "收取{count}個單位反拐工作情況並匯總({period})",
        "period": "報告期",
        "due": "截止",
        "by": "{due}前(當日送達不算逾期)",
        "from": "報送單位",
        "from_all": "各成員單位、各縣(區)反拐辦,共{count}個",
        "to": "接收",
        "source": "依據",
        "before_issue": "此期限早於方案印發日({issued})。",
        "reminder": "{days}天後截止:{summary}",
    },
    "simplified": {
        "calendar": "丽江市反拐工作情况报送期限",
        "report": "报送反拐工作情况至{to}({period})",
        "everyone": "各单位报送反拐工作情况至{to}({period})",
        "collect": "收取{count}个单位反拐工作情况并汇总({period})",
        "period": "报告期",
        "due": "截止",
        "by": "{due}前(当日送达不算逾期)",
        "from": "报送单位",
        "from_all": "各成员单位、各县(区)反拐办,共{count}个",
        "to": "接收",
        "source": "依据",
        "before_issue": "此期限早于方案印发日({issued})。",
        "reminder": "{days}天后截止:{summary}",
    },
}


class CalendarEvent(NamedTuple):
    """One all-day event: what a calendar program shows for one deadline."""

    uid: str
    day: dt.date
    summary: str
    description: str


def event_uid(period: str, unit_id: str | None = None) -> str:
    """'2025-H1-report@lplan.lijiang', or '2025-H1-report-civil-affairs@…' for one unit."""
    suffix = f"-{unit_id}" if unit_id else ""
    return f"{period}-report{suffix}@{UID_DOMAIN}"


def stamp(plan: Plan) -> dt.datetime:
    """The DTSTAMP of every event: the plan's issue date, midnight UTC (reproducible)."""
    return dt.datetime.combine(dl.issued(plan), dt.time(0, 0), tzinfo=dt.timezone.utc)


def deadline_events(plan: Plan, selected: list[dl.Deadline], unit_id: str | None, script: str) -> list[CalendarEvent]:
    """The events for ``selected`` deadlines, as everyone's or as one unit's."""
    words = _LABELS[script]
    to_id = dl.recipient(plan)
    to_name = plan.unit_name(to_id, script)
    count = len(dl.reporters(plan))
    part = dl.role(plan, unit_id) if unit_id else None
    rule = plan.reporting
    guarantee = plan.guarantee(rule["guarantee"])
    events = []
    for deadline in selected:
        if part == dl.RECIPIENT:
            summary = words["collect"].format(count=count, period=deadline.period)
        elif part == dl.REPORTER:
            summary = words["report"].format(to=to_name, period=deadline.period)
        else:
            summary = words["everyone"].format(to=to_name, period=deadline.period)
        senders = (
            plan.unit_name(unit_id, script)
            if part == dl.REPORTER and unit_id is not None
            else words["from_all"].format(count=count)
        )
        lines = [
            f"{words['period']}:{deadline.period}",
            f"{words['due']}:{words['by'].format(due=deadline.due.isoformat())}",
            f"{words['from']}:{senders}",
            f"{words['to']}:{to_name}",
            f"{words['source']}:{plan.meta_text('title', script)} · {dl.in_script(guarantee, 'title', script)}",
            f"「{dl.in_script(rule, 'quote', script)}」",
        ]
        if deadline.before_issue:
            lines.append(words["before_issue"].format(issued=plan.meta["issued"]))
        events.append(CalendarEvent(event_uid(deadline.period, unit_id), deadline.due, summary, "\n".join(lines)))
    return events


def calendar_name(plan: Plan, unit_id: str | None, script: str) -> str:
    name = _LABELS[script]["calendar"]
    return f"{name}({plan.unit_name(unit_id, script)})" if unit_id else name


def calendar_text(
    events: list[CalendarEvent],
    *,
    name: str,
    description: str,
    dtstamp: dt.datetime,
    remind_days: int,
    reminder: str,
) -> str:
    """The calendar as text (CRLF line ends, folded lines, as RFC 5545 wants).

    ``remind_days`` > 0 adds to each event a display alarm at REMINDER_HOUR that
    many days before; 0 adds none. ``reminder`` is the alarm's text, with
    ``{days}`` and ``{summary}`` filled in.
    """
    from icalendar import Alarm, Calendar, Event, vDuration

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-caldesc", description)
    # For subscriptions (RFC 7986 and the older Apple/Microsoft property).
    calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", dtstamp)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + dt.timedelta(days=1))
        event.add("summary", item.summary)
        event.add("description", item.description)
        event.add("transp", "TRANSPARENT")
        if remind_days > 0:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", reminder.format(days=remind_days, summary=item.summary))
            alarm.add("trigger", -dt.timedelta(days=remind_days) + dt.timedelta(hours=REMINDER_HOUR))
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def deadline_calendar(
    plan: Plan, selected: list[dl.Deadline], *, unit_id: str | None, script: str, remind_days: int
) -> str:
    """The whole calendar for ``selected`` deadlines, everyone's or one unit's."""
    return calendar_text(
        deadline_events(plan, selected, unit_id, script),
        name=calendar_name(plan, unit_id, script),
        description=f"{plan.meta_text('title', script)} · {plan.meta_text('issuer', script)} {plan.meta['issued']}",
        dtstamp=stamp(plan),
        remind_days=remind_days,
        reminder=_LABELS[script]["reminder"],
    )

"""`lplan deadlines --format ics`: read back by icalendar and, independently, by vobject."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
import vobject

from lijiang_plan.plan import deadlines as dl
from tests.support.deadline_source import expected_deadlines, issue_day


def _ics(run, *args: str) -> str:
    result = run("deadlines", "--format", "ics", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes.decode("utf-8")  # .stdout would turn CRLF into LF


def _events(text: str) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(text).walk("VEVENT"))


def test_one_all_day_event_per_deadline_pinned_to_the_text(run):
    events = _events(_ics(run))
    got = [(e.decoded("dtstart"), e.decoded("dtend")) for e in events]
    expected = [(due, due + dt.timedelta(days=1)) for _, due, _ in expected_deadlines()]
    assert got == expected
    assert all(type(e.decoded("dtstart")) is dt.date for e in events)  # all-day, no time
    assert all(e["transp"] == "TRANSPARENT" for e in events)


def test_calendar_properties_calendar_programs_need(run):
    calendar = icalendar.Calendar.from_ical(_ics(run))
    assert calendar["version"] == "2.0"
    assert calendar["prodid"].startswith("-//lplan//")
    assert calendar["calscale"] == "GREGORIAN"
    assert calendar["method"] == "PUBLISH"
    assert calendar["x-wr-calname"] and calendar["x-wr-calname"] == calendar["name"]
    assert calendar["refresh-interval"].params["VALUE"] == "DURATION"
    assert calendar.decoded("refresh-interval") > dt.timedelta(0)


def test_uids_are_period_based_stable_and_unique(run):
    full = {e.decoded("dtstart"): str(e["uid"]) for e in _events(_ics(run))}
    assert list(full.values()) == [f"{p}-report@lplan.lijiang" for p, _, _ in expected_deadlines()]
    year = {e.decoded("dtstart"): str(e["uid"]) for e in _events(_ics(run, "--year", "2026"))}
    assert year == {day: uid for day, uid in full.items() if day.year == 2026}


def test_a_units_calendar_has_uids_of_its_own(run):
    events = _events(_ics(run, "--unit", "市民政局"))
    assert [str(e["uid"]) for e in events] == [
        f"{p}-report-civil-affairs@lplan.lijiang" for p, _, _ in expected_deadlines()
    ]
    calendar = icalendar.Calendar.from_ical(_ics(run, "--unit", "市民政局"))
    assert "市民政局" in calendar["x-wr-calname"]


def test_output_is_reproducible_whatever_today_is_and_stamped_with_the_issue_day(run):
    first = _ics(run, "--today", "2023-01-01")
    assert first == _ics(run, "--today", "2029-07-01")
    stamps = {e.decoded("dtstamp") for e in _events(first)}
    assert stamps == {dt.datetime.combine(issue_day(), dt.time(0), tzinfo=dt.timezone.utc)}


def test_lines_end_in_crlf_and_are_folded_at_75_octets(run):
    text = _ics(run, "--unit", "玉龙县")
    lines = text.split("\r\n")
    assert lines[-1] == "" and "\n" not in "".join(lines)
    assert max(len(line.encode("utf-8")) for line in lines) <= 75


@pytest.mark.parametrize("days", ["7", "3", "30"])
def test_each_event_has_a_display_reminder_at_nine_the_chosen_days_before(run, days):
    args = [] if days == "7" else ["--remind", days]
    for event in _events(_ics(run, *args)):
        alarms = [c for c in event.subcomponents if c.name == "VALARM"]
        assert len(alarms) == 1
        assert alarms[0]["action"] == "DISPLAY" and alarms[0]["description"]
        trigger = alarms[0].decoded("trigger")
        assert trigger == -dt.timedelta(days=int(days)) + dt.timedelta(hours=9)
        ring = dt.datetime.combine(event.decoded("dtstart"), dt.time(0)) + trigger
        assert (event.decoded("dtstart") - ring.date()).days == int(days) and ring.hour == 9


def test_remind_zero_means_no_reminder(run):
    assert "VALARM" not in _ics(run, "--remind", "0")


@pytest.mark.parametrize("value", ["-1", "366", "week"])
def test_remind_out_of_range_is_a_usage_error(run, value):
    assert run("deadlines", "-f", "ics", "--remind", value).exit_code == 2


def test_undated_obligations_are_not_in_the_calendar(run, plan):
    events = _events(_ics(run, "--unit", "市反拐办"))
    assert len(events) == len(expected_deadlines())
    shown = "".join(str(e["summary"]) + str(e["description"]) for e in events)
    for obligation in dl.obligations_for(plan, "anti-trafficking-office"):
        assert obligation["quote"] not in shown


def test_events_say_who_reports_to_whom_and_mark_the_deadlines_before_issue(run, plan):
    events = _events(_ics(run, "--unit", "市反拐办"))
    count = str(len(dl.reporters(plan)))
    assert all(count in str(e["summary"]) for e in events)
    for event, (period, due, before) in zip(events, expected_deadlines()):
        description = str(event["description"])
        assert period in str(event["summary"]) and due.isoformat() in description
        assert plan.reporting["quote"] in description
        assert (issue_day().isoformat() in description) == before


def test_simplified_script_calendar(run):
    calendar = icalendar.Calendar.from_ical(
        run("--script", "simplified", "deadlines", "-f", "ics", "--unit", "市民政局").stdout_bytes
    )
    assert "报送" in calendar["x-wr-calname"]
    assert all("市反拐办" in str(e["summary"]) for e in calendar.walk("VEVENT"))


def test_a_second_reader_vobject_reads_the_same_calendar(run):
    text = _ics(run, "--unit", "市民政局", "--remind", "5")
    calendar = vobject.readOne(text)
    events = calendar.vevent_list
    assert [(e.uid.value, e.dtstart.value) for e in events] == [
        (f"{p}-report-civil-affairs@lplan.lijiang", due) for p, due, _ in expected_deadlines()
    ]
    assert all(e.valarm.trigger.value == -dt.timedelta(days=5) + dt.timedelta(hours=9) for e in events)
    assert all("市民政局" in e.description.value for e in events)
    assert calendar.version.value == "2.0"


def test_written_file_is_byte_for_byte_the_calendar(run, tmp_path):
    target = tmp_path / "minzheng.ics"
    result = run("deadlines", "--unit", "市民政局", "-o", str(target))  # .ics picks the format
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes() == _ics(run, "--unit", "市民政局").encode("utf-8")
    assert len(vobject.readOne(target.read_text(encoding="utf-8")).vevent_list) == len(expected_deadlines())


def test_next_gives_a_one_event_calendar(run):
    events = _events(_ics(run, "--next", "--today", "2026-06-21"))
    assert [str(e["uid"]) for e in events] == ["2026-H2-report@lplan.lijiang"]


def test_events_name_the_guarantee_the_reporting_rule_stands_under_in_the_text(run, plan):
    import re

    from tests.conftest import SOURCE_TEXT

    text = SOURCE_TEXT.read_text(encoding="utf-8")
    before_quote = text[: text.index(plan.reporting["quote"])]
    heading = re.findall(r"^\([一二三四五六七八九十]\)([^。\n]+)。", before_quote, re.M)[-1]
    events = _events(_ics(run))
    assert events and all(f" · {heading}" in str(e["description"]) for e in events)

"""deadlines.py: every date pinned to the plan text, and the helpers the command builds on."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lijiang_plan.plan import deadlines as dl
from tests.support.deadline_source import (
    expected_deadlines,
    guarantee_two_sentences,
    issue_day,
    plan_years,
    report_days,
)

# -- the dated deadlines, against the text ------------------------------------


def test_all_deadlines_are_exactly_the_two_days_of_every_plan_year_from_the_text(plan):
    got = [(d.period, d.due, d.before_issue) for d in dl.all_deadlines(plan)]
    assert got == expected_deadlines()
    first, last = plan_years()
    assert len(got) == 2 * (last - first + 1)


def test_the_plan_period_and_issue_day_match_the_text(plan):
    assert plan.period == plan_years()
    assert dl.issued(plan) == issue_day()


@pytest.mark.parametrize("half, index", [("H1", 0), ("H2", 1)])
def test_due_date_of_each_half_is_the_day_the_text_names(plan, half, index):
    month, day = report_days()[index]
    first, last = plan_years()
    for year in (first, last):
        assert dl.due_date(plan, year, half) == dt.date(year, month, day)


def test_only_deadlines_before_the_issue_day_are_marked_so(plan):
    marked = [d for d in dl.all_deadlines(plan) if d.before_issue]
    assert marked and all(d.due < issue_day() for d in marked)
    assert all(d.due >= issue_day() for d in dl.all_deadlines(plan) if not d.before_issue)


def test_due_date_of_an_unknown_half_is_refused(plan):
    with pytest.raises(dl.BadPeriod):
        dl.due_date(plan, 2025, "H3")


# -- the undated obligations, against the text --------------------------------


def test_every_obligation_quotes_chapter_five_and_carries_no_date(plan):
    sentences = guarantee_two_sentences()
    chapter_five = plan.guarantees
    texts = {g["id"]: g["text"] for g in chapter_five}
    for obligation in dl.undated_obligations(plan):
        assert obligation["quote"] in texts[obligation["guarantee"]]
        assert not re.search(r"\d+月\d+日", obligation["quote"]), obligation
        assert "due" not in obligation
    assert sentences  # the helper found guarantee (二)


def test_every_sentence_of_guarantee_two_is_the_reporting_rule_or_an_undated_obligation(plan):
    quotes = [o["quote"] for o in dl.undated_obligations(plan)]
    rule = plan.reporting["quote"]
    for sentence in guarantee_two_sentences():
        covered = rule in sentence or any(q in sentence for q in quotes)
        assert covered, f"chapter 五 (二) says something lplan does not list: {sentence}"


@pytest.mark.parametrize("words", ["階段性評估", "終期評估", "年度實施方案", "本單位實施方案"])
def test_the_obligations_the_text_gives_without_a_date_are_listed(plan, words):
    assert any(words in o["quote"] for o in dl.undated_obligations(plan))


# -- who reports, who receives --------------------------------------------------


def test_reporters_are_the_member_units_and_county_offices(plan):
    expected = [uid for uid, u in plan.units.items() if u["kind"] in ("department", "county")]
    assert dl.reporters(plan) == expected
    assert dl.recipient(plan) not in expected
    assert plan.units[dl.recipient(plan)]["kind"] == "office"


def test_role_of_a_department_a_county_and_the_office(plan):
    assert dl.role(plan, plan.resolve_unit("市民政局")) == dl.REPORTER
    assert dl.role(plan, plan.resolve_unit("玉龙县")) == dl.REPORTER
    assert dl.role(plan, plan.resolve_unit("市反拐办")) == dl.RECIPIENT


def test_a_group_has_no_role_and_the_error_says_what_to_do(plan):
    with pytest.raises(dl.NotAReportingUnit, match="group, not a unit.*--unit"):
        dl.role(plan, "joint-meeting-members")


@pytest.mark.parametrize("kind", ["department", "county", "office"])
def test_obligations_for_a_unit_are_those_that_name_its_kind(plan, kind):
    unit_id = next(uid for uid, u in plan.units.items() if u["kind"] == kind)
    got = dl.obligations_for(plan, unit_id)
    assert got == [o for o in dl.undated_obligations(plan) if kind in o["applies_to"]]
    assert got, f"a {kind} has no undated obligation"


def test_the_joint_meeting_office_obligations_fall_on_the_offices(plan):
    office = dl.recipient(plan)
    ids = {o["id"] for o in dl.obligations_for(plan, office)}
    named = {o["id"] for o in dl.undated_obligations(plan) if o["who"].endswith("聯席會議辦公室")}
    assert ids == named
    county = plan.resolve_unit("华坪县")
    assert named <= {o["id"] for o in dl.obligations_for(plan, county)}


# -- days and statuses ------------------------------------------------------------


@pytest.mark.parametrize("typed", ["2025-06-20", " 2025-06-20 ", "２０２５－０６－２０"])
def test_parse_day_accepts_iso_dates(typed):
    assert dl.parse_day(typed) == dt.date(2025, 6, 20)


@pytest.mark.parametrize(
    "typed, words",
    [
        ("2025-13-01", "not a real date"),
        ("2025-02-30", "not a real date"),
        ("20250620", "YYYY-MM-DD"),
        ("2025/06/20", "YYYY-MM-DD"),
        ("June 20", "YYYY-MM-DD"),
        ("", "YYYY-MM-DD"),
        ("٢٠٢٥-٠٦-٢٠", "YYYY-MM-DD"),
    ],
)
def test_parse_day_refuses_anything_else_and_names_the_value(typed, words):
    with pytest.raises(dl.BadDate, match=words) as info:
        dl.parse_day(typed)
    assert f"'{typed}'" in info.value.message
    assert info.value.exit_code == 2


@pytest.mark.parametrize(
    "today, word, label",
    [
        (dt.date(2025, 6, 19), dl.UPCOMING, "due in 1 day"),
        (dt.date(2025, 6, 10), dl.UPCOMING, "due in 10 days"),
        (dt.date(2025, 6, 20), dl.DUE_TODAY, "due today"),
        (dt.date(2025, 6, 21), dl.PAST, "past"),
    ],
)
def test_status_around_a_due_day(today, word, label):
    state = dl.status(dt.date(2025, 6, 20), today)
    assert (state.word, state.label) == (word, label)
    assert state.days == (dt.date(2025, 6, 20) - today).days


def test_between_includes_both_ends(plan):
    every = dl.all_deadlines(plan)
    got = dl.between(every, every[2].due, every[4].due)
    assert got == every[2:5]
    assert dl.between(every) == every
    assert dl.between(every, every[-1].due + dt.timedelta(days=1)) == []


@given(today=st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2032, 12, 31)), count=st.integers(1, 25))
def test_upcoming_is_the_earliest_deadlines_due_today_or_later(today, count):
    every = [dl.Deadline(p, due, b) for p, due, b in expected_deadlines()]
    got = dl.upcoming(every, today, count)
    later = [d for d in every if d.due >= today]
    assert got == later[:count]
    assert all(dl.status(d.due, today).word != dl.PAST for d in got)


# -- periods as people write them ---------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, period",
    [
        ("2025-H2", (2025, "H2")),
        ("2025年上半年", (2025, "H1")),
        ("2025年下半年", (2025, "H2")),
        ("2025上半年", (2025, "H1")),
        ("2025年度下半年", (2025, "H2")),
        ("２０２５年下半年", (2025, "H2")),
        (" 2025 年 上半年 ", (2025, "H1")),
    ],
)
def test_a_half_year_in_chinese_words_is_the_period(plan, typed, period):
    assert dl.parse_period(typed, plan) == period


@pytest.mark.parametrize(
    "typed, hint",
    [
        ("2025年度", "did you mean 2025-H1 (January to June) or 2025-H2 (July to December)?"),
        ("2025-H3", "did you mean 2025-H1 (January to June) or 2025-H2 (July to December)?"),
        ("2025 h2", "did you mean 2025-H2?"),
        ("2025年1-6月", "did you mean 2025-H1?"),
        ("2025年7—12月", "did you mean 2025-H2?"),
        ("2025年第三季度", "did you mean 2025-H2?"),
        ("下半年", "give the year too, e.g. 2025-H1"),
    ],
)
def test_a_refused_period_names_the_period_most_likely_meant(plan, typed, hint):
    with pytest.raises(dl.BadPeriod) as refused:
        dl.parse_period(typed, plan)
    assert refused.value.message.endswith("; " + hint)


def test_a_year_outside_the_plan_is_refused_in_words_too(plan):
    with pytest.raises(dl.BadPeriod, match="outside the plan's years"):
        dl.parse_period("2031年上半年", plan)


def test_a_period_in_prose_is_in_the_interface_language():
    from lijiang_plan import i18n

    assert dl.period_text("2025-H2") == "2025-H2"
    with i18n.using("zh"):
        assert (dl.period_text("2025-H1"), dl.period_text("2025-H2")) == ("2025年上半年", "2025年下半年")
        assert dl.period_text("not a period") == "not a period"

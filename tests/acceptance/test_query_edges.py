"""Query commands at their edges: options combined."""

from __future__ import annotations

import pytest


def test_measures_search_looks_only_under_the_given_id(run):
    """宣传 is in 1.3.2 and in most of section 4; under 1 only 1.3.2 is listed."""
    everywhere = [line.split(",")[0] for line in run("measures", "--search", "宣传", "-f", "csv").stdout.splitlines()]
    under = run("measures", "--under", "1", "--search", "宣传", "-f", "csv")
    assert under.exit_code == 0
    assert [line.split(",")[0] for line in under.stdout.splitlines()] == ["id", "1.3.2"]
    assert "4.1" in everywhere


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("6.1", "nearest: 5.1, 4.1, 3.1, 2.1"),  # four of the many close IDs
        ("9.9.9.9", "sections are 1, 2, 3, 4, 5; try 'lplan measures'"),  # nothing close
        ("0", "sections are 1, 2, 3, 4, 5"),
        ("2.9", "2 has 2.1, 2.2, 2.3, 2.4"),
    ],
)
def test_an_unknown_id_is_exit_2_with_a_hint(run, typed, hint):
    result = run("show", typed)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"lplan: error: no measure, item or section '{typed}' in the plan; {hint}"


def test_the_joint_meetings_members_are_the_34_departments_the_text_names(plan):
    """Plan.members: who '市级联席会议各成员单位' (4.8) stands for, in registry order."""
    departments = [uid for uid, unit in plan.units.items() if unit["kind"] == "department"]
    assert plan.members("joint-meeting-members") == departments
    assert len(departments) == 34 and "public-security" in departments
    assert plan.groups_of("public-security") == ["joint-meeting-members"]


def test_heading_numerals_run_from_one_to_ten_and_are_a_question_mark_past_ten():
    from lijiang_plan.plan.query import numeral

    assert [numeral(i) for i in range(11)] == [*"一二三四五六七八九十", "?"]

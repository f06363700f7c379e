"""The first thing a new user runs works."""


def test_who_leads_measure_prints_its_lead_units_one_per_line(run, plan):
    result = run("who-leads", "2.3.1")
    assert result.exit_code == 0, result.stderr
    expected = [plan.unit_name(uid) for uid in plan.node("2.3.1")["lead"]]
    assert result.stdout.splitlines() == expected
    assert len(expected) == 3


def test_the_issue_acceptance_example_literally(run):
    """(二)3.(1)'s parenthesis in the source reads (市法院、市檢察院、市公安局負責)."""
    assert run("who-leads", "2.3.1").stdout == "市法院\n市檢察院\n市公安局\n"
    assert run("--script", "simplified", "who-leads", "玉龙县").exit_code == 2

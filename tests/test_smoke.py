"""The first thing a new user runs works."""


def test_who_leads_measure_prints_its_lead_units_one_per_line(run, plan):
    result = run("who-leads", "2.3.1")
    assert result.exit_code == 0, result.stderr
    expected = [plan.unit_name(uid) for uid in plan.node("2.3.1")["lead"]]
    assert result.stdout.splitlines() == expected
    assert len(expected) == 3

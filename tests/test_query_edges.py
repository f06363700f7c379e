"""Query commands at their edges: options combined."""

from __future__ import annotations


def test_measures_search_looks_only_under_the_given_id(run):
    """宣传 is in 1.3.2 and in most of section 4; under 1 only 1.3.2 is listed."""
    everywhere = [line.split(",")[0] for line in run("measures", "--search", "宣传", "-f", "csv").stdout.splitlines()]
    under = run("measures", "--under", "1", "--search", "宣传", "-f", "csv")
    assert under.exit_code == 0
    assert [line.split(",")[0] for line in under.stdout.splitlines()] == ["id", "1.3.2"]
    assert "4.1" in everywhere

"""The office page's folder (`portal.live.LiveFolder`): a file is read again when it changes, or when the day does."""

from __future__ import annotations

import os
import shutil

from lijiang_plan.portal.live import LiveFolder
from tests.conftest import REPO

REPORT = REPO / "examples" / "reports" / "good-court-2024-H2.yaml"  # submitted 2024-12-20


def _rules(live: LiveFolder) -> list[str]:
    (record,) = live.records()
    return [finding.rule for finding in record.findings]


def test_a_date_after_today_stops_being_a_finding_when_the_day_comes(plan, tmp_path, monkeypatch):
    shutil.copy(REPORT, tmp_path / "report.yaml")
    live = LiveFolder(str(tmp_path), plan)
    monkeypatch.setenv("LPLAN_TODAY", "2024-12-01")  # before the report's date
    assert "future-date" in _rules(live)
    assert "future-date" in _rules(live)  # the same day: the kept record
    monkeypatch.setenv("LPLAN_TODAY", "2030-12-31")
    assert "future-date" not in _rules(live)


def test_an_unchanged_file_is_not_read_again_and_a_changed_one_is(plan, tmp_path, monkeypatch):
    target = tmp_path / "report.yaml"
    shutil.copy(REPORT, target)
    monkeypatch.setenv("LPLAN_TODAY", "2030-12-31")
    live = LiveFolder(str(tmp_path), plan)
    (first,) = live.records()
    (again,) = live.records()
    assert again is first
    target.write_text(
        target.read_text(encoding="utf-8").replace("unit: 丽江市中级人民法院", "unit: 不是单位", 1), encoding="utf-8"
    )
    os.utime(target, ns=(1, 1))
    (changed,) = live.records()
    assert changed is not first and changed.errors > first.errors

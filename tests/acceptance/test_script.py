"""Every output follows --script: the artifact list (幼稚園→幼儿园) and the plan's own quotations."""

from __future__ import annotations

import csv
import io
import json

import pytest


def test_kindergarten_is_an_artifact_printed_as_mainland_form(run):
    text = json.loads(run("--script", "simplified", "show", "1.1.4", "-f", "json").stdout)["text"]
    assert text.count("幼儿园") == 3 and "幼稚园" not in text
    assert "(幼儿园)" in json.loads(run("--script", "simplified", "show", "4.4", "-f", "json").stdout)["text"]


@pytest.mark.parametrize("query", ["幼儿园", "幼稚園"])
def test_search_finds_kindergarten_in_either_phrasing(run, query):
    ids = [line.split("\t")[0] for line in run("measures", "--search", query).stdout.splitlines()]
    assert ids == ["1.1.4", "4.4"]


def test_traditional_output_keeps_the_source_phrase(run):
    assert "幼稚園" in json.loads(run("show", "4.4", "-f", "json").stdout)["text"]


def test_deadlines_undated_obligations_follow_script(run):
    simplified = run("--script", "simplified", "deadlines", "--year", "2025").stdout
    assert "市、县(区)反拐联席会议办公室" in simplified and "縣(區)" not in simplified
    assert "两个行动计划" in simplified  # 計畫 -> 计划, the artifact list applies too
    traditional = run("deadlines", "--year", "2025").stdout
    assert "市、縣(區)反拐聯席會議辦公室" in traditional


def test_deadlines_json_and_csv_follow_script(run):
    data = json.loads(run("--script", "simplified", "deadlines", "--year", "2025", "-f", "json").stdout)
    assert data["plan"]["title"] == "丽江市反对拐卖人口行动计划实施方案(2021—2030年)"
    assert all("縣" not in o["who"] + o["quote"] for o in data["undated"])
    rows = list(csv.DictReader(io.StringIO(run("--script", "simplified", "deadlines", "-f", "csv").stdout)))
    assert rows and all("縣" not in r["who"] + r["text"] and "報" not in r["text"] for r in rows)


def test_calendar_descriptions_follow_script(run):
    import icalendar

    ics = run("--script", "simplified", "deadlines", "-f", "ics", "--unit", "市民政局").stdout_bytes
    calendar = icalendar.Calendar.from_ical(ics)
    texts = [str(calendar["x-wr-caldesc"])] + [str(e["description"]) for e in calendar.walk("VEVENT")]
    assert all("麗江" not in t and "報" not in t for t in texts)
    assert "丽江市反对拐卖人口行动计划实施方案" in texts[0]

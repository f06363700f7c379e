"""The encoded plan matches the source text, read here by the test's own parser.

This parser is deliberately independent of `planbuild`: it reads
plan/source/plan-text.txt with a few regular expressions and derives every ID,
heading, text and unit list from the text's own numbering and parentheses.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import SOURCE_TEXT

NUMERALS = "一二三四五六七八九十"
SECTION = re.compile(r"^\(([一二三四五六七八九十])\)(.+)$")
ITEM = re.compile(r"^(\d+)\.(.+)$")
SUB = re.compile(r"^\((\d+)\)(.+)$")
UNITS = re.compile(r"\(([^()]*負責[^()]*)\)$")


def _split_units(clause: str) -> tuple[list[str], list[str]]:
    lead, _, rest = clause.partition("負責")
    cooperate = rest.lstrip(",").removesuffix("配合")
    return lead.split("、"), cooperate.split("、") if cooperate else []


def parse_source() -> dict:
    lines = [line.strip() for line in SOURCE_TEXT.read_text(encoding="utf-8").splitlines()]
    start = lines.index("四、工作措施及任務分工")
    end = lines.index("五、強化組織保障")
    sections: list[str] = []
    items: list[str] = []
    leaves: dict[str, dict] = {}
    section = item = None
    pending: str | None = None  # an item heading whose body is on the next line
    for line in lines[start + 1 : end]:
        if not line:
            continue
        if pending is not None:
            heading_title = pending
            pending = None
            if not SUB.match(line):
                clause = UNITS.search(line)
                lead, coop = _split_units(clause.group(1))
                leaves[item] = {"title": heading_title, "text": line[: clause.start()], "lead": lead, "cooperate": coop}
                continue
        if m := SECTION.match(line):
            section = str(NUMERALS.index(m.group(1)) + 1)
            sections.append(section)
            continue
        if m := ITEM.match(line):
            item = f"{section}.{m.group(1)}"
            items.append(item)
            body = m.group(2)
            if clause := UNITS.search(body):
                title, _, text = body[: clause.start()].partition("。")
                lead, coop = _split_units(clause.group(1))
                leaves[item] = {"title": title, "text": text, "lead": lead, "cooperate": coop}
            else:
                pending = body
            continue
        if m := SUB.match(line):
            body = m.group(2)
            clause = UNITS.search(body)
            title, _, text = body[: clause.start()].partition("。")
            lead, coop = _split_units(clause.group(1))
            leaves[f"{item}.{m.group(1)}"] = {"title": title, "text": text, "lead": lead, "cooperate": coop}
    return {"sections": sections, "items": items, "leaves": leaves, "lines": lines}


SOURCE = parse_source()


def test_counts_are_the_interpretations_5_28_and_47_leaves(plan):
    counts = re.search(r"(\d+)個方面(\d+)項內容", SOURCE_TEXT.read_text(encoding="utf-8"))
    assert (len(SOURCE["sections"]), len(SOURCE["items"])) == (int(counts.group(1)), int(counts.group(2)))
    assert len(SOURCE["leaves"]) == 47
    assert plan.section_ids() == SOURCE["sections"]
    assert [n for n, node in plan.nodes.items() if node["kind"] == "item"] == SOURCE["items"]
    assert plan.leaf_ids() == list(SOURCE["leaves"])


@pytest.mark.parametrize("measure_id", list(SOURCE["leaves"]))
def test_every_leaf_has_the_source_units_in_order(plan, measure_id):
    expected = SOURCE["leaves"][measure_id]
    node = plan.node(measure_id)
    assert [plan.units[u]["name"] for u in node["lead"]] == expected["lead"]
    assert [plan.units[u]["name"] for u in node["cooperate"]] == expected["cooperate"]


@pytest.mark.parametrize("measure_id", list(SOURCE["leaves"]))
def test_every_leaf_has_the_source_title_and_full_text(plan, measure_id):
    expected = SOURCE["leaves"][measure_id]
    assert plan.node(measure_id)["title"] == expected["title"]
    assert plan.node(measure_id)["text"] == expected["text"]


def test_section_headings_and_preambles_match(plan):
    lines = SOURCE["lines"]
    for section_id in plan.section_ids():
        heading = f"({NUMERALS[int(section_id) - 1]}){plan.node(section_id)['title']}"
        assert heading in lines
        assert lines[lines.index(heading) + 1] == plan.node(section_id)["preamble"]


def test_item_headings_over_sub_measures_match(plan):
    for item_id in SOURCE["items"]:
        node = plan.node(item_id)
        if not node["leaf"]:
            assert f"{item_id.split('.')[1]}.{node['title']}" in SOURCE["lines"]


def test_the_one_measure_whose_body_is_on_the_next_line_is_encoded_whole(plan):
    lines = SOURCE["lines"]
    heading_only = [line for line in lines if ITEM.match(line) and "。" not in line and "負責" not in line]
    ids_with_body_below = [
        mid for mid in SOURCE["leaves"] if f"{mid.split('.')[1]}.{SOURCE['leaves'][mid]['title']}" in heading_only
    ]
    assert ids_with_body_below == ["2.4"]
    assert plan.node("2.4")["text"].startswith("依法解救被拐賣兒童")


def test_the_joint_meeting_is_encoded_as_a_group_not_a_unit(plan):
    (group_id,) = plan.node("4.8")["cooperate"]
    group = plan.units[group_id]
    assert group["name"] == "市級聯席會議各成員單位"
    assert group["kind"] == "group"
    assert [m for m in SOURCE["leaves"] if "市級聯席會議各成員單位" in SOURCE["leaves"][m]["cooperate"]] == ["4.8"]


def test_registry_has_exactly_the_units_the_text_names_plus_offices(plan):
    named = {u for leaf in SOURCE["leaves"].values() for u in leaf["lead"] + leaf["cooperate"]}
    registered = {u["name"] for u in plan.units.values() if u["kind"] in ("department", "group")}
    assert registered == named
    assert "市反拐辦" in SOURCE_TEXT.read_text(encoding="utf-8")
    assert [u["name"] for u in plan.units.values() if u["kind"] == "office"] == ["市反拐辦"]


def test_county_offices_are_the_five_official_areas(plan):
    # Official names of Lijiang's district and four counties (domain notes), simplified.
    official = {"古城区", "玉龙纳西族自治县", "永胜县", "华坪县", "宁蒗彝族自治县"}
    counties = [u for u in plan.units.values() if u["kind"] == "county"]
    assert {u["simplified"].removesuffix("反拐办") for u in counties} == official
    assert all(u["name"] == u["area"] + "反拐辦" for u in counties)


def test_reporting_rule_dates_come_from_the_text(plan):
    text = SOURCE_TEXT.read_text(encoding="utf-8")
    dates = re.search(r"每年(\d+)月(\d+)日、(\d+)月(\d+)日前,各成員單位、各縣\(區\)反拐辦", text)
    expected = [(int(dates.group(1)), int(dates.group(2))), (int(dates.group(3)), int(dates.group(4)))]
    encoded = [(p["due"]["month"], p["due"]["day"]) for p in plan.reporting["periods"]]
    assert encoded == expected
    assert plan.units[plan.reporting["recipient"]]["name"] == "市反拐辦"


def test_plan_period_and_issue_date_come_from_the_text(plan):
    text = SOURCE_TEXT.read_text(encoding="utf-8")
    start, end = re.search(r"\((\d{4})—(\d{4})年\)", text.splitlines()[0]).groups()
    assert plan.period == (int(start), int(end))
    y, m, d = re.search(r"(\d{4})年(\d+)月(\d+)日,麗江市人民政府辦公室印發", text).groups()
    assert plan.meta["issued"] == f"{int(y):04d}-{int(m):02d}-{int(d):02d}"

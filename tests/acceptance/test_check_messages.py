"""`lplan check` messages in detail: the hints a person acts on (which unit was meant, which
measures to report instead of a section, how YAML read a value)."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def findings(run, tmp_path):
    """findings(yaml_text, *rules) -> [message] of `lplan check --format json` for those rules."""

    def _findings(text: str, *rules: str) -> list[str]:
        report = tmp_path / "report.yaml"
        report.write_text(text, encoding="utf-8")
        result = run("check", "--format", "json", str(report))
        assert result.exit_code in (0, 1), result.stderr
        return [f["message"] for f in json.loads(result.stdout)["findings"] if f["rule"] in rules]

    return _findings


def _report(unit: str, *ids: str) -> str:
    entries = "".join(f'  - id: "{i}"\n    status: ongoing\n    account: 已开展。\n' for i in ids)
    return f'unit: "{unit}"\nperiod: 2025-H1\nsubmitted: 2025-06-01\nmeasures:\n{entries}'


# -- a section or item where a measure belongs ---------------------------------------------


def test_a_section_names_the_units_own_measures_under_it_all_eight(findings):
    assert findings(_report("市公安局", "4"), "not-a-leaf") == [
        "4 is a section with sub-measures, not a measure; report on 4.1, 4.2, 4.3, 4.4, 4.5, 4.6, 4.8, 4.9 instead"
    ]


def test_a_section_with_more_than_eight_lists_eight_and_an_ellipsis(findings):
    assert findings(_report("古城区反拐办", "4"), "not-a-leaf") == [
        "4 is a section with sub-measures, not a measure; report on 4.1, 4.2, 4.3, 4.4, 4.5, 4.6, 4.7, 4.8, … instead"
    ]


def test_an_item_where_the_unit_has_no_duty_lists_every_measure_under_it(findings):
    assert findings(_report("丽江火车站", "2.3"), "not-a-leaf") == [
        "2.3 is an item with sub-measures, not a measure; report on 2.3.1, 2.3.2, 2.3.3, 2.3.4 instead"
    ]


def test_a_section_in_a_report_of_an_unknown_unit_lists_the_plans_measures(findings):
    assert findings(_report("不存在的单位", "5"), "not-a-leaf") == [
        "5 is a section with sub-measures, not a measure; report on 5.1, 5.2 instead"
    ]


# -- an unknown unit -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("公安", "did you mean 市公安局?"),  # part of a name
        ("火车", "did you mean 丽江火车站?"),
        ("电视", "did you mean 市广电局, 丽江市广播电视台?"),  # a third of a long name
        ("市外办上半年工作报告", "did you mean 市外办?"),  # a name inside what was typed
        ("办公室", "did you mean 市妇儿工委办公室, 市外办, 市反拐办?"),  # not 市信息通信建设管理办公室: under a third
        ("局", "see 'lplan units' for every name"),  # one character suggests nothing
        ("市文体局", "did you mean 市文化和旅游局, 市教育体育局, 市财政局?"),  # fits two units: a hint, no match
        ("next-generation-", "did you mean 市关工委, 市妇联, 市市场监管局, 市总工会?"),  # four names at most
        ("xyz", "see 'lplan units' for every name"),
    ],
)
def test_an_unknown_unit_suggests_the_names_it_is_part_of(findings, typed, hint):
    assert findings(_report(typed), "unknown-unit") == [f"unit '{typed}' is not in the unit registry: {hint}"]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("教育局", "市教育体育局"),  # an abbreviation of one unit's name
        ("市文局", "市文化和旅游局"),
        ("外办", "市外办"),  # a name without its 市 is the name itself: no finding
        ("市公安局局", "市公安局"),  # the name whole, with more round it
        ("市公安局（盖章）", "市公安局"),
        ("玉龙县反拐办公室", "玉龙纳西族自治县反拐办"),
    ],
)
def test_a_unit_that_fits_one_reporting_unit_only_is_read_as_it_with_a_warning(findings, typed, meant):
    said = findings(_report(typed), "unit-matched", "unknown-unit")
    if typed == "外办":
        assert said == []
        return
    assert said == [
        f"unit '{typed}' is no name in the unit registry; read as {meant}, the one reporting unit it fits: write {meant}"
    ]


# -- how YAML read a value ------------------------------------------------------------------


def test_true_where_text_belongs_is_named_yes_no_and_shown_as_written(findings):
    text = 'unit: true\nperiod: 2025-H1\nsubmitted: 2025-06-01\nmeasures:\n  - id: "4.3"\n    status: false\n'
    assert findings(text, "wrong-type", "invalid-value") == [
        "'unit' must be text, but YAML read it as yes/no ('true'); put the value in quotes exactly as intended",
        "'status' of measure 4.3 is 'false', not one of ongoing, completed, not-started, not-applicable",
    ]


# -- which entry a message is about ---------------------------------------------------------


@pytest.mark.parametrize(
    ("id_line", "label"),
    [('  - id: "4.3"\n', "measure 4.3"), ("  - id: 43\n", "measures entry 2"), ("  - id: ''\n", "measures entry 2")],
    ids=["by-id", "id-not-text", "id-empty"],
)
def test_an_entry_is_named_by_its_id_or_else_by_its_place_in_the_list(findings, id_line, label):
    text = (
        'unit: 丽江机场集团\nperiod: 2025-H1\nsubmitted: 2025-06-01\nmeasures:\n  - id: "4.8"\n'
        "    status: ongoing\n    account: 已开展。\n" + id_line + "    status: not-applicable\n"
    )
    assert findings(text, "missing-reason") == [f"{label} is not-applicable but gives no reason; add reason: …"]


def test_an_entry_with_no_id_is_named_by_its_place_in_the_list(findings):
    text = "unit: 丽江机场集团\nperiod: 2025-H1\nsubmitted: 2025-06-01\nmeasures:\n  - status: not-applicable\n"
    assert findings(text, "missing-reason") == ["measures entry 1 is not-applicable but gives no reason; add reason: …"]


def test_a_title_of_24_characters_is_shown_whole_and_a_longer_one_cut_to_24(run, tmp_path):
    """The bundled plan has no title of exactly 24 characters: a copy is given two, in its data and its source."""
    import shutil

    from tests.conftest import PLAN_DIR

    plan_dir = tmp_path / "plan"
    shutil.copytree(PLAN_DIR, plan_dir)
    titles = {"強化文娛領域防範治理工作": "反拐工作" * 6, "強化醫療衛生領域防範治理工作": "反拐工作" * 6 + "一"}
    for name in ("measures.yaml", "source/plan-text.txt"):
        path = plan_dir / name
        text = path.read_text(encoding="utf-8")
        for old, new in titles.items():
            assert old in text
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    report = tmp_path / "report.yaml"
    entries = "".join(f'  - id: "{i}"\n    status: ongoing\n    account: 已开展。\n' for i in ("1.1.2", "1.1.3"))
    report.write_text(
        f"unit: 丽江机场集团\nperiod: 2025-H1\nsubmitted: 2025-06-01\nmeasures:\n{entries}", encoding="utf-8"
    )
    result = run("--plan", str(plan_dir), "check", "--format", "json", str(report))
    shown = [
        f["message"].split("(")[1].split(")")[0]
        for f in json.loads(result.stdout)["findings"]
        if f["rule"] == "not-involved"
    ]
    assert shown == ["反拐工作" * 6, "反拐工作" * 5 + "反拐工…"]

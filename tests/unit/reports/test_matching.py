"""matching.py: which reporting unit a file is from, by its unit field or its file name; never a guess between two."""

from __future__ import annotations

import pytest

from lijiang_plan.reports import matching


@pytest.mark.parametrize(
    "typed, unit_id, how",
    [
        ("市教育体育局", "education-sports", "unit-field"),
        ("丽江市教育体育局", "education-sports", "unit-field"),
        ("市教育體育局", "education-sports", "unit-field"),  # either script
        ("education-sports", "education-sports", "unit-field"),
        ("市教体局", "education-sports", "short-form"),
        ("人社局", "human-resources-social-security", "short-form"),
        ("教育局", "education-sports", "close-match"),
        ("市公安局（盖章）", "public-security", "close-match"),
    ],
)
def test_a_unit_field_is_matched_and_says_how(plan, typed, unit_id, how):
    assert matching.from_field(plan, typed) == (unit_id, how)


@pytest.mark.parametrize(
    "typed",
    [
        "市公按局",  # a typo: suggestions in the finding, no match
        "市局",  # fits many units
        "市文体局",  # fits two (市文化和旅游局? 市教育体育局?)
        "华坪县教育局",  # a county's bureau, not the county's office
        "市反拐办",  # receives the reports; sends none
        "市级联席会议各成员单位",  # a group
        "",
        None,
        3,
    ],
)
def test_a_unit_field_that_fits_no_reporter_or_several_is_no_match(plan, typed):
    assert matching.from_field(plan, typed) is None


@pytest.mark.parametrize(
    "name, unit_id",
    [
        ("2025-H2-市外办.xls", "foreign-affairs-office"),
        ("2025-H2-市公安局.xlsx", "public-security"),
        ("public-security.yaml", "public-security"),
        ("reports/2025年下半年市教育局反拐工作报告.docx", "education-sports"),
        ("附件1：古城区反拐办2025年下半年工作总结.doc", "gucheng"),
        ("gucheng-2025H2.ods", "gucheng"),
        ("市公安局-v2.yaml", "public-security"),
        ("2025-H1-民政局.yaml", "civil-affairs"),
    ],
)
def test_a_file_name_names_its_unit(plan, name, unit_id):
    assert matching.from_file_name(plan, name) == (unit_id, "file-name")


@pytest.mark.parametrize("name", ["2025-H2.xlsx", "notes.yaml", "市公安局 市法院.xlsx", "README", ".hidden.yaml"])
def test_a_file_name_without_one_reporting_unit_is_no_match(plan, name):
    assert matching.from_file_name(plan, name) is None


def test_the_unit_field_comes_before_the_file_name(plan):
    assert matching.of_file(plan, "市法院", "2025-H2-市公安局.yaml") == ("court", "unit-field")
    assert matching.of_file(plan, "市公按局", "2025-H2-市公安局.yaml") == ("public-security", "file-name")
    assert matching.of_file(plan, None, "notes.yaml") is None

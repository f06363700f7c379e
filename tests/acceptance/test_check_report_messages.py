"""What the report loader says about a value, a key or a character, word for word and place for place."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.conftest import REPO

HEAD = "unit: 丽江市中级人民法院\nperiod: 2024-H2\nsubmitted: 2024-12-20\nmeasures: []\n"
PLAN_RULES = {"missing-lead", "missing-cooperate"}  # what an empty measures list also earns


def _findings(run: Any, tmp_path: Path, text: str) -> list[tuple[str, int, int, str]]:
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    out = json.loads(run("check", "-f", "json", str(path)).stdout)
    return [(f["rule"], f["line"], f["column"], f["message"]) for f in out["findings"] if f["rule"] not in PLAN_RULES]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            "null: 1\n",  # pydantic calls this key 'None'
            "unknown field 'null'; a report has unit, period, submitted, contact, measures"
            " (YAML read the name as empty, not text)",
        ),
        (
            "true: 1\n",  # and this one 1
            "unknown field 'true'; a report has unit, period, submitted, contact, measures"
            " (YAML read the name as yes/no, not text)",
        ),
        (
            "2025: 1\n",
            "unknown field '2025'; a report has unit, period, submitted, contact, measures"
            " (YAML read the name as a number, not text)",
        ),
    ],
)
def test_a_key_yaml_did_not_read_as_text_is_named_as_written_at_its_line(run, tmp_path, extra, expected):
    assert _findings(run, tmp_path, HEAD + extra) == [("unknown-field", 5, 1, expected)]


def test_an_unknown_field_in_the_contact_names_the_contact_and_the_field_meant(run, tmp_path):
    found = _findings(run, tmp_path, HEAD + "contact:\n  nme: 木建国\n")
    assert found == [("unknown-field", 6, 3, "unknown field 'nme' in 'contact'; did you mean 'name'?")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("true", "'contact' must be a mapping (name: value lines), but is yes/no 'true'"),
        ("12", "'contact' must be a mapping (name: value lines), but is a number '12'"),
        ("yes", "'contact' must be a mapping (name: value lines), but is text 'yes'"),  # YAML 1.2: yes is text
    ],
)
def test_a_value_of_the_wrong_kind_says_what_it_is(run, tmp_path, value, expected):
    assert _findings(run, tmp_path, HEAD + f"contact: {value}\n") == [("wrong-type", 5, 10, expected)]


def test_an_empty_value_says_what_goes_there_or_to_remove_it(run, tmp_path):
    text = HEAD.replace("measures: []\n", "measures:\n  -\n")
    assert _findings(run, tmp_path, text) == [
        ("missing-field", 5, 4, "measures entry 1 is empty; give it a value or remove the field")
    ]
    text = HEAD.replace("measures: []\n", "measures:\n")
    assert _findings(run, tmp_path, text) == [
        ("missing-field", 4, 10, "'measures' is empty; list the measures, one entry each")
    ]


@pytest.mark.parametrize("status", ["㐀", "\u9fff", "进展中"])  # the first and last of the CJK ideographs read so
def test_a_status_written_in_chinese_is_answered_with_the_chinese_words_first(run, tmp_path, status):
    text = HEAD.replace("measures: []\n", f'measures:\n  - id: "2.3.1"\n    status: {status}\n    account: 审结。\n')
    (found,) = [f for f in _findings(run, tmp_path, text) if f[0] == "invalid-value"]
    assert found[3].startswith(
        f"'status' of measure 2.3.1 is '{status}', not one of 进行中, 已完成, 未开始, 不适用"
        " (or ongoing, completed, not-started, not-applicable)"
    )


def test_of_two_invisible_characters_in_a_period_the_first_is_named_and_both_are_shown(run, tmp_path):
    text = HEAD.replace("period: 2024-H2", 'period: "2024-H2\\u200b\\u2060"')
    assert _findings(run, tmp_path, text) == [
        (
            "normalized",
            2,
            17,  # period: "  is 9 characters; the zero-width space is the value's 8th
            "period '2024-H2<U+200B><U+2060>' holds U+200B ZERO WIDTH SPACE, which cannot be seen;"
            " read as '2024-H2' (delete it)",
        )
    ]


def test_a_tab_is_no_invisible_character_but_a_bell_is(run, tmp_path):
    """A tab or line break in text is ordinary white space; other control characters cannot be seen."""
    text = HEAD.replace("unit: 丽江市中级人民法院", 'unit: "丽江市中级\\t人民法院"')
    assert _findings(run, tmp_path, text) == []
    text = HEAD.replace("unit: 丽江市中级人民法院", 'unit: "丽江市中级\\a人民法院"')
    assert _findings(run, tmp_path, text) == [
        (
            "unknown-unit",
            1,
            13,
            "unit '丽江市中级<U+0007>人民法院' holds U+0007, which cannot be seen; delete it (without it, the unit is 市法院)",
        )
    ]


def test_an_invisible_character_in_a_workbook_cell_is_placed_at_the_cell(run, tmp_path):
    book = tmp_path / "r.xlsx"
    run("convert", str(REPO / "tests" / "corpus" / "good-base.yaml"), "-o", str(book))
    workbook = openpyxl.load_workbook(book)
    sheet = workbook.worksheets[0]
    where = next(c for row in sheet.iter_rows() for c in row if c.value == "2025-H1")
    where.value = "2025-H1\u200b"
    workbook.save(book)
    (found,) = json.loads(run("check", "-f", "json", str(book)).stdout)["findings"]
    assert (found["rule"], found["line"], found["column"]) == ("normalized", where.row, where.column)
    assert found["cell"] == f"{sheet.title}!{where.coordinate}"

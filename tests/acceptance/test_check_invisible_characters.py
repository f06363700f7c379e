"""Characters nobody can see: named by code point and Unicode name, pointed at where they are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lijiang_plan.files.yamlsource import YamlProblem, load
from tests.conftest import REPO

GOOD = REPO / "examples" / "reports" / "good-court-2024-H2.yaml"


def _check(run, tmp_path: Path, old: str, new: str) -> list[dict]:
    text = GOOD.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "r.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return json.loads(run("check", "-f", "json", str(path)).stdout)["findings"]


def _column_of(tmp_path: Path, char: str) -> tuple[int, int]:
    for number, line in enumerate((tmp_path / "r.yaml").read_text(encoding="utf-8").split("\n"), 1):
        if char in line:
            return number, line.index(char) + 1
    raise AssertionError(char)


@pytest.mark.parametrize(
    "old, new, char, name",
    [
        ('- id: "2.3.1"', '- id: "2.3.1\u200b"', "\u200b", "U+200B ZERO WIDTH SPACE"),
        ('- id: "2.3.1"', "- id: '\u200b2.3.1'", "\u200b", "U+200B ZERO WIDTH SPACE"),
        ("period: 2024-H2", "period: 2024-H2\u00a0", "\u00a0", "U+00A0 NO-BREAK SPACE"),
        ("submitted: 2024-12-20", "submitted: \ufeff2024-12-20", "\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    ],
)
def test_an_invisible_character_in_an_id_period_or_date_is_named_and_pointed_at(run, tmp_path, old, new, char, name):
    findings = _check(run, tmp_path, old, new)
    assert [f["rule"] for f in findings] == ["normalized"]  # read as meant: no unknown-measure, bad-period
    (found,) = findings
    assert name in found["message"] and "full-width" not in found["message"]
    assert (found["line"], found["column"]) == _column_of(tmp_path, char)


def test_full_width_characters_are_still_called_so(run, tmp_path):
    (found,) = _check(run, tmp_path, "period: 2024-H2", "period: ２０２４－Ｈ２")
    assert "full-width characters" in found["message"]


def test_an_invisible_character_in_a_unit_name_is_named_with_the_unit_meant(run, tmp_path):
    findings = _check(run, tmp_path, "unit: 丽江市中级人民法院", "unit: 丽江市中级\u200b人民法院")
    (found,) = [f for f in findings if f["rule"] == "unknown-unit"]
    assert "U+200B ZERO WIDTH SPACE" in found["message"] and "the unit is 市法院" in found["message"]
    assert (found["line"], found["column"]) == _column_of(tmp_path, "\u200b")


def test_of_two_invisible_characters_in_a_unit_name_the_first_is_named_and_pointed_at(run, tmp_path):
    findings = _check(run, tmp_path, "unit: 丽江市中级人民法院", "unit: 丽江\u2060市中级\u200b人民法院")
    (found,) = [f for f in findings if f["rule"] == "unknown-unit"]
    assert "holds U+2060 WORD JOINER," in found["message"]
    assert "the unit is 市法院" in found["message"]
    assert (found["line"], found["column"]) == _column_of(tmp_path, "\u2060")


@pytest.mark.parametrize("char, name", [("\u2028", "U+2028 LINE SEPARATOR"), ("\x85", "U+0085 NEXT LINE (NEL)")])
def test_a_yaml_only_line_break_in_a_plain_value_is_named_at_its_place(run, tmp_path, char, name):
    text = GOOD.read_text(encoding="utf-8")
    account = next(line for line in text.splitlines() if line.strip().startswith("account:") and "|" not in line)
    cut = len(account) - 5
    findings = _check(run, tmp_path, account, account[:cut] + char + account[cut:])
    (found,) = findings
    assert found["rule"] == "yaml-syntax" and name in found["message"]
    assert (found["line"], found["column"]) == _column_of(tmp_path, char)


@pytest.mark.parametrize("char", ["\u2028", "\x85", "\u2029"])
def test_yaml_only_line_breaks_do_not_shift_later_lines(run, tmp_path, char):
    text = GOOD.read_text(encoding="utf-8")
    quoted = text.replace("  name: 木建国", f'  name: "木{char}建{char}国"', 1)
    path = tmp_path / "r.yaml"
    path.write_text(quoted.replace("period: 2024-H2", "period: 2024-H9"), encoding="utf-8")
    (found,) = json.loads(run("check", "-f", "json", str(path)).stdout)["findings"]
    assert found["rule"] == "bad-period"
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[found["line"] - 1].startswith("period:")
    # and after the value holding the breaks:
    path.write_text(quoted + "extra: 1\n", encoding="utf-8")
    (found,) = json.loads(run("check", "-f", "json", str(path)).stdout)["findings"]
    assert found["rule"] == "unknown-field"
    assert path.read_text(encoding="utf-8").split("\n")[found["line"] - 1] == "extra: 1"


def test_the_loader_maps_positions_only_when_it_must():
    document = load("a: 1\nb: 'x\u2028y'\nc: 3\n")
    assert document.positions[("c",)] == (3, 4)
    with pytest.raises(YamlProblem) as problem:
        load("a: x\u2028y\nb: 2\n")
    assert (problem.value.line, problem.value.column) == (1, 5)

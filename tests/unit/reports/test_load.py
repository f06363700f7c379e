"""Reading a report: YAML problems and shape problems become findings at the right place."""

from __future__ import annotations

import pytest

from lijiang_plan.files.yamlsource import MAX_BYTES, MAX_NODES
from lijiang_plan.reports.check import check_file
from lijiang_plan.reports.load import load_report, read_file

VALID = """\
unit: 市交通运输局
period: 2025-H1
submitted: 2025-06-18
measures:
  - id: "4.3"
    status: completed
    account: 在客运站张贴反拐海报。
  - id: "4.8"
    status: ongoing
    account: 动员驾驶员参与线索收集。
"""


def _rules(text: str | bytes) -> list[tuple[int, int, str]]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return [(f.line, f.column, f.rule) for f in load_report(raw, "r.yaml").findings]


def test_a_valid_report_loads_without_findings():
    assert _rules(VALID) == []


def test_ids_are_read_exactly_as_written_never_as_numbers():
    text = VALID.replace('id: "4.3"', "id: 3.10").replace('id: "4.8"', "id: 2.10")
    loaded = load_report(text.encode(), "r.yaml")
    assert [m["id"] for m in loaded.data["measures"]] == ["3.10", "2.10"]


def test_an_id_yaml_reads_as_an_integer_is_a_wrong_type_telling_to_quote_it():
    findings = load_report(VALID.replace('id: "4.3"', "id: 4").encode(), "r.yaml").findings
    assert [(f.line, f.column, f.rule) for f in findings] == [(5, 9, "wrong-type")]
    assert "quotes" in findings[0].message and "number 4" in findings[0].message


def test_a_phone_number_with_a_leading_zero_must_be_quoted():
    text = VALID.replace("measures:", "contact:\n  phone: 08885123456\nmeasures:")
    findings = load_report(text.encode(), "r.yaml").findings
    assert [(f.line, f.rule) for f in findings] == [(5, "wrong-type")]
    assert "leading 0" in findings[0].message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("submitted: 2025-06-18\n", ""), [(1, 1, "missing-field")]),
        (("    account: 在客运站张贴反拐海报。\n", ""), [(5, 5, "missing-field")]),
        (("    account: 在客运站张贴反拐海报。", "    account:"), [(7, 13, "empty-account")]),
        (("unit: 市交通运输局", "unit:"), [(1, 6, "missing-field")]),
        (("status: completed", "stauts: completed"), [(5, 5, "missing-field"), (6, 5, "unknown-field")]),
        (("status: completed", "status: finished"), [(6, 13, "invalid-value")]),
        (("measures:\n", "measures: 见附件\nattached:\n"), [(4, 11, "wrong-type"), (5, 1, "unknown-field")]),
        (("period: 2025-H1", "period: 2025"), [(2, 9, "wrong-type")]),
    ],
)
def test_shape_problems_become_findings_at_their_line_and_column(change, expected):
    assert _rules(VALID.replace(*change)) == expected


def test_unknown_field_suggests_the_field_meant():
    text = VALID.replace("measures:", "contact:\n  emial: a@b.cn\nmeasures:")
    (finding,) = load_report(text.encode(), "r.yaml").findings
    assert finding.rule == "unknown-field" and "did you mean 'email'?" in finding.message


@pytest.mark.parametrize("word", ["进行中", "進行中", "已完成", "未开始", "未開始", "不适用", "不適用"])
def test_a_chinese_status_word_is_accepted_and_read_as_its_code(word):
    from lijiang_plan.reports.statuses import CHINESE_WORDS

    text = VALID.replace("status: completed", f"status: {word}")
    if CHINESE_WORDS[word] == "not-applicable":
        text = text.replace(f"status: {word}", f"status: {word}\n    reason: 本单位无此职能")
    loaded = load_report(text.encode(), "r.yaml")
    assert loaded.findings == []
    assert loaded.data["measures"][0]["status"] == CHINESE_WORDS[word]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("进行", "进行中"),
        ("已完", "已完成"),
        ("完成", "已完成"),
        ("推进中", "进行中"),
        ("done", "completed"),
        ("ongong", "ongoing"),
    ],
)
def test_a_misspelt_status_gets_did_you_mean_in_its_own_language(typed, meant):
    (finding,) = load_report(VALID.replace("status: completed", f"status: {typed}").encode(), "r.yaml").findings
    assert finding.rule == "invalid-value" and f"did you mean '{meant}'?" in finding.message


@pytest.mark.parametrize("value", ["12", "3.5", "0"])
def test_figures_accept_whole_and_decimal_numbers(value):
    text = VALID.replace("    status: ongoing", f"    status: ongoing\n    figures: {{线索数: {value}}}")
    assert _rules(text) == []


@pytest.mark.parametrize("value", ["-1", "十二", "12条", "true"])
def test_figures_refuse_what_is_not_a_non_negative_number(value):
    text = VALID.replace("    status: ongoing", f"    status: ongoing\n    figures: {{线索数: {value}}}")
    assert [rule for _, _, rule in _rules(text)] == ["invalid-value"]


def test_full_width_id_period_and_date_are_read_as_ascii_with_a_warning():
    text = (
        VALID.replace('id: "4.3"', 'id: "４．３"')
        .replace("2025-H1", "２０２５－Ｈ１")
        .replace("2025-06-18", "２０２５-06-18")
    )
    loaded = load_report(text.encode(), "r.yaml")
    assert [(f.line, f.rule, f.level) for f in loaded.findings] == [
        (2, "normalized", "warning"),
        (3, "normalized", "warning"),
        (5, "normalized", "warning"),
    ]
    assert loaded.data["period"] == "2025-H1" and loaded.data["measures"][0]["id"] == "4.3"


def test_full_width_forms_pass_the_plan_checks_once_read(plan, tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text(VALID.replace('id: "4.3"', 'id: "４．３"'), encoding="utf-8")
    assert [f.rule for f in check_file(str(path), plan)] == ["normalized"]


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (VALID.encode("gbk"), "GBK"),
        (VALID.encode("utf-16"), "UTF-16"),
        (b"\x00\x01\x02binary", "binary"),
    ],
)
def test_wrong_encodings_are_named_not_crashed_on(raw, words):
    (finding,) = load_report(raw, "r.yaml").findings
    assert finding.rule == "encoding" and words in finding.message


def test_a_utf8_bom_is_accepted():
    assert _rules(b"\xef\xbb\xbf" + VALID.encode()) == []


def test_an_alias_bomb_is_too_complex_not_a_hang():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(6)
    )
    assert 10**7 > MAX_NODES
    assert [rule for _, _, rule in _rules(bomb)] == ["too-complex"]


def test_a_huge_file_is_refused_before_parsing():
    assert [rule for _, _, rule in _rules(b"# " + b"x" * MAX_BYTES)] == ["too-large"]


@pytest.mark.parametrize(("text", "words"), [("", "empty"), ("- a\n- b\n", "a list"), ("just text\n", "text")])
def test_a_file_that_is_not_a_mapping_is_not_a_report(text, words):
    (finding,) = load_report(text.encode(), "r.yaml").findings
    assert finding.rule == "not-a-report" and words in finding.message


def test_an_unreadable_path_is_an_io_error_finding(tmp_path):
    (finding,) = read_file(str(tmp_path)).findings  # a directory cannot be opened as a file
    assert finding.rule == "io-error" and finding.path == str(tmp_path)


def test_a_status_written_as_a_list_is_named_as_a_list():
    raw = VALID.replace("status: completed", "status: [completed]").encode("utf-8")
    (found,) = load_report(raw, "r.yaml").findings
    assert (found.line, found.column, found.rule) == (6, 13, "invalid-value")
    assert "is a list" in found.message and " is , " not in found.message

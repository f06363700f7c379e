"""The one YAML loader: what it accepts, how it types values, and every way it refuses."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lijiang_plan.files import yamlsource
from lijiang_plan.files.yamlsource import YamlProblem, load_bytes

BOMB = b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + b"".join(
    f"{n}: &{n} [{','.join(['*' + p] * 9)}]\n".encode() for p, n in zip("abcdefgh", "bcdefghi")
)


def problem(raw: bytes) -> tuple[str, int, int]:
    with pytest.raises(YamlProblem) as info:
        load_bytes(raw)
    return info.value.rule, info.value.line, info.value.column


@pytest.mark.parametrize(
    "raw, expected",
    [
        (b"id: 3.10\n", "3.10"),
        (b"id: 2.3\n", "2.3"),
        (b"id: 1.1.1\n", "1.1.1"),
        (b"id: 2025-06-20\n", "2025-06-20"),
        (b"id: 1e3\n", "1e3"),
        (b"id: yes\n", "yes"),
        (b"id: no\n", "no"),
        (b"id: 0x10\n", "0x10"),
        (b"id: 010\n", 10),
        (b"id: 12\n", 12),
        (b"id: true\n", True),
        (b"id: ~\n", None),
        (b"id:\n", None),
        (b'id: "12"\n', "12"),
    ],
)
def test_only_bools_decimal_ints_and_null_are_typed(raw, expected):
    assert load_bytes(raw).data == {"id": expected}


def test_positions_of_values_and_keys_are_one_based():
    doc = load_bytes(b"unit: x\nmeasures:\n  - id: '1.1.1'\n    status: ongoing\n")
    assert doc.locate(("measures", 0, "status")) == (4, 13)
    assert doc.locate_key(("measures", 0, "status")) == (4, 5)
    assert doc.locate(("measures", 0, "missing")) == (3, 5)
    assert doc.locate(("nothing", "here")) == (1, 1)


def test_utf8_bom_and_crlf_are_accepted():
    assert load_bytes(b"\xef\xbb\xbfunit: x\r\nperiod: 2025-H1\r\n").data == {"unit": "x", "period": "2025-H1"}


def test_an_alias_to_a_small_anchor_is_fine():
    assert load_bytes(b"a: &x 1\nb: *x\n").data == {"a": 1, "b": 1}


def test_quoted_merge_key_is_just_a_string():
    assert load_bytes(b'"<<": 1\n').data == {"<<": 1}


@pytest.mark.parametrize(
    "raw, rule, line, column, words",
    [
        ("單位: 市公安局\n".encode("gbk"), "encoding", 1, 1, "GBK/GB18030"),
        ("x: 1\n單位: 市公安局\n".encode("gb18030"), "encoding", 2, 1, "GBK/GB18030"),
        ("單位: 市公安局\n".encode("utf-16"), "encoding", 1, 1, "UTF-16"),
        ("單位: 市公安局\n".encode("utf-16-be").join([b"\xfe\xff", b""]), "encoding", 1, 1, "UTF-16"),
        (bytes(range(256)), "encoding", 1, 1, "binary"),
        (b"\xff\xfe\xfd not text", "encoding", 1, 1, "UTF-16"),
        (b"a: \xe9t\xe9\n", "encoding", 1, 4, "not UTF-8"),
        (b"{{{{ ]]] :::\n", "yaml-syntax", 1, 2, "plain name"),
        (b'unit: x\nmeasures:\n  - id: "1.1.1"\n    account: "abc', "yaml-syntax", 4, 18, "end of stream"),
        (b"unit: x\nmeasures:\n\t- id: 1\n", "yaml-syntax", 3, 1, "tab"),
        (b"unit: x\nunit: y\n", "duplicate-key", 2, 1, "first at line 1"),
        (b"measures:\n  - id: a\n    id: b\n", "duplicate-key", 3, 5, "'id' appears twice"),
        (b"a:\n  b:\n    c: 1\n    c: 2\n", "duplicate-key", 4, 5, "'c'"),
        (b"unit: x\n---\nunit: y\n", "yaml-syntax", 2, 1, "more than one YAML document"),
        (b'unit: !!python/object/apply:os.system ["echo hi"]\n', "yaml-tag", 1, 7, "not allowed"),
        (b"unit: !!python/object:os.x {a: 1}\n", "yaml-tag", 1, 7, "not allowed"),
        (b"unit: !!float 3.10\n", "yaml-tag", 1, 7, "not allowed"),
        (b"unit: !custom x\n", "yaml-tag", 1, 7, "not allowed"),
        (BOMB, "too-complex", 5, 23, "aliases"),
        (b"a: " + b"[" * 10000 + b"]" * 10000, "too-complex", 1, 1003, "nested"),
        (b"a: " + b"[" * 100 + b"]" * 100, "too-complex", 1, 68, "64 levels"),
        ("a:\n".join(" " * i for i in range(0, 400, 2)).encode() + b"a: 1\n", "too-complex", 66, 131, "64 levels"),
        (b"a: &x {b: 1}\nc:\n  <<: *x\n", "yaml-syntax", 3, 3, "merge keys"),
        (b"? [a, b]\n: c\n", "yaml-syntax", 1, 3, "plain name"),
        (b"a: *x\n", "yaml-syntax", 1, 4, "names no anchor"),
        (b"unit: x\n" + b"#" * (yamlsource.MAX_BYTES + 1), "too-large", 1, 1, "limit"),
    ],
)
def test_every_refusal_names_rule_place_and_cause(raw, rule, line, column, words):
    with pytest.raises(YamlProblem) as info:
        load_bytes(raw)
    assert (info.value.rule, info.value.line, info.value.column) == (rule, line, column)
    assert words in info.value.message


def test_many_plain_values_stop_at_the_value_limit():
    raw = b"measures:\n" + b'  - {id: "1.1.1", account: "y"}\n' * 30000
    assert problem(raw)[0] == "too-complex"


def test_a_very_long_line_is_read():
    assert load_bytes(b'unit: "' + b"x" * 1_000_000 + b'"\n').data["unit"] == "x" * 1_000_000


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_data_or_a_problem(raw):
    try:
        load_bytes(raw)
    except YamlProblem as exc:
        assert exc.rule and exc.message and exc.line >= 1 and exc.column >= 1


YAML_ALPHABET = st.sampled_from(list("abc:-[]{},'\"&*!|>#%@` \t\n?0123456789.") + ["\r\n", "---", "單", "２", "\ufeff"])


@settings(max_examples=300, deadline=None)
@given(st.lists(YAML_ALPHABET, max_size=80).map("".join))
def test_yaml_like_text_gives_data_or_a_problem(text):
    try:
        load_bytes(text.encode("utf-8"))
    except YamlProblem as exc:
        assert exc.rule in {"yaml-syntax", "duplicate-key", "yaml-tag", "too-complex", "encoding"}


def test_salvage_reads_unit_and_period_of_a_file_that_does_not_load():
    """The loader's lenient reading for the roll-up: GBK, UTF-16 or broken YAML still tell their unit."""
    from lijiang_plan.files.yamlsource import salvage

    text = "unit: 市公安局  # comment\nperiod: '2025-H1'\nmeasures: [\n"
    for raw in (text.encode("gbk"), text.encode("utf-16"), text.encode("utf-8")):
        assert salvage(raw, ("unit", "period")) == {"unit": "市公安局", "period": "2025-H1"}
    assert salvage(b"  unit: nested\nother: x\n", ("unit",)) == {}

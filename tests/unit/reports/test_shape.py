"""The quick shape test (`reports.shape`) vouches only for data the pydantic model accepts.

A one-file `lplan check` skips pydantic when `shape.conforms` says the data has
the report's shape. That is safe only if `conforms(data)` implies
`Report.model_validate(data)` passes; these tests hold it to that on every
example and corpus report, on generated data and on mutated files, and check
that the findings are the same whichever way the shape is checked.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from lijiang_plan.files.yamlsource import YamlProblem, load_bytes
from lijiang_plan.reports import load, shape
from lijiang_plan.reports.model import Report
from tests.conftest import REPO
from tests.unit.reports.test_fuzz import mutated_reports

REPORTS = sorted((REPO / "examples" / "reports").glob("*.yaml")) + sorted((REPO / "tests" / "corpus").glob("*.yaml"))


def _pydantic_accepts(data: Any) -> bool:
    try:
        Report.model_validate(data)
    except ValidationError:
        return False
    return True


def _data(raw: bytes) -> Any:
    try:
        return load_bytes(raw).data
    except YamlProblem:
        return None


def test_filled_in_templates_conform(plan):
    """The quick test must know the real schema: a valid report needs no pydantic."""
    from lijiang_plan.plan.deadlines import reporters
    from lijiang_plan.reports.template import render

    for unit_id in reporters(plan):
        text = render(plan, unit_id, "2025-H1", "x.json").replace('submitted: ""', "submitted: 2025-06-18")
        data = load_bytes(text.replace('account: ""', "account: 已完成。").encode()).data
        data["measures"][0]["figures"] = {"宣传活动场次": 12, "覆盖人数": 0}
        assert shape.conforms(data), unit_id


@pytest.mark.parametrize("report", REPORTS, ids=[r.name for r in REPORTS])
def test_conforms_only_what_pydantic_accepts(report):
    data = _data(report.read_bytes())
    if shape.conforms(data):
        assert _pydantic_accepts(data)


@pytest.mark.parametrize("report", REPORTS, ids=[r.name for r in REPORTS])
def test_findings_are_the_same_with_or_without_the_quick_test(monkeypatch, report):
    raw = report.read_bytes()
    with monkeypatch.context() as m:
        m.setattr(load, "_model_loaded", lambda: False)
        quick = load.load_report(raw, str(report)).findings
    with monkeypatch.context() as m:
        m.setattr(load, "conforms", lambda data: False)
        full = load.load_report(raw, str(report)).findings
    assert quick == full


def _valid() -> dict[Any, Any]:
    measure = {"id": "2.3.1", "status": "not-applicable", "account": "做了。", "reason": "无", "figures": {"场次": 3}}
    return {
        "unit": "市公安局",
        "period": "2025-H1",
        "submitted": "2025-06-18",
        "contact": {"name": "王", "phone": "0888", "email": "a@b"},
        "measures": [measure],
    }


#: Where a value can go: a path of keys and indices from the report.
SLOTS = [
    ("unit",),
    ("period",),
    ("submitted",),
    ("contact",),
    ("contact", "name"),
    ("contact", "phone"),
    ("contact", "email"),
    ("measures",),
    ("measures", 0),
    ("measures", 0, "id"),
    ("measures", 0, "status"),
    ("measures", 0, "account"),
    ("measures", 0, "reason"),
    ("measures", 0, "figures"),
    ("measures", 0, "figures", "场次"),
]
EDGE_VALUES = [
    True,
    False,
    0,
    1,
    -1,
    2**63,
    2**70,
    1.5,
    0.0,
    "3.5",
    "1",
    "",
    " ",
    "x\n",
    "ongoing",
    None,
    [],
    {},
    {1: 2},
]


@pytest.mark.parametrize("slot", SLOTS, ids=lambda slot: ".".join(map(str, slot)))
def test_conforms_only_what_pydantic_accepts_value_by_value(slot):
    """Every odd value in every place, and an extra key of every type in every mapping."""
    for value in EDGE_VALUES:
        data = _valid()
        parent = data
        for part in slot[:-1]:
            parent = parent[part]
        parent[slot[-1]] = value
        assert not shape.conforms(data) or _pydantic_accepts(data), (slot, value)
    for key in ("extra", 1, True, None):
        data = _valid()
        target = data
        for part in slot:
            target = target[part] if isinstance(target, (dict, list)) else target
        if isinstance(target, dict):
            target[key] = "x"
            assert not shape.conforms(data) or _pydantic_accepts(data), (slot, key)
    assert shape.conforms(_valid()) and _pydantic_accepts(_valid())


VALUES = st.one_of(
    st.sampled_from(["2025-H1", "2025-06-18", "2.3.1", "ongoing", "not-applicable", "已完成", "", " ", "3.5", "x\n"]),
    st.text(max_size=6),
    st.integers(-3, 3),
    st.integers(2**62, 2**70),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False),
    st.just([]),
    st.just({}),
)
KEYS = st.one_of(
    st.sampled_from(["unit", "period", "submitted", "contact", "measures", "id", "status", "account"]),
    st.sampled_from(["reason", "figures", "name", "phone", "email", "extra"]),
    st.integers(0, 2),
    st.booleans(),
)


@st.composite
def reportish(draw: st.DrawFn) -> Any:
    """A valid report with a few fields replaced, removed or added: near the edge of the shape."""
    measure: dict[Any, Any] = {"id": "2.3.1", "status": "ongoing", "account": "做了。", "figures": {"场次": 3}}
    data: dict[Any, Any] = {
        "unit": "市公安局",
        "period": "2025-H1",
        "submitted": "2025-06-18",
        "contact": {"name": "王", "phone": "0888"},
        "measures": [measure, dict(measure, id="2.3.2")],
    }
    targets = [data, data["contact"], data["measures"][0], data["measures"][1], data["measures"][0]["figures"]]
    for _ in range(draw(st.integers(0, 3))):
        target = draw(st.sampled_from(targets))
        key = draw(KEYS | st.sampled_from(list(target))) if target else draw(KEYS)
        if draw(st.booleans()):
            target[key] = draw(VALUES | st.recursive(VALUES, lambda inner: st.lists(inner, max_size=2), max_leaves=3))
        else:
            target.pop(key, None)
    return data


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(reportish())
def test_conforms_implies_pydantic_accepts_generated_data(data):
    if shape.conforms(data):
        assert _pydantic_accepts(data)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(mutated_reports())
def test_conforms_implies_pydantic_accepts_mutated_files(raw):
    data = _data(raw)
    if shape.conforms(data):
        assert _pydantic_accepts(data)


def test_an_unknown_keyword_sends_data_to_pydantic():
    assert shape.compile_schema({"type": "string"})("x")
    assert not shape.compile_schema({"type": "string", "maxLength": 3})("x")
    assert not shape.compile_schema({"type": "string", "format": "email"})("x")
    assert not shape.compile_schema({"$ref": "#/$defs/Missing"})("x")


def test_patterns_and_dates_mean_what_json_schema_says():
    ends = shape.compile_schema({"type": "string", "pattern": "^a$"})
    assert ends("a") and not ends("a\n")  # Python's '$' would match before a final newline
    day = shape.compile_schema({"type": "string", "format": "date"})
    assert day("2024-02-29") and not day("2025-02-29") and not day("2025-2-28")
    assert shape.compile_schema({"type": "integer", "minimum": 0})(0)
    assert not shape.compile_schema({"type": "integer", "minimum": 0})(-1)
    assert not shape.compile_schema({"type": "integer"})(True)


def test_a_missing_schema_sends_every_file_to_pydantic(monkeypatch, tmp_path):
    monkeypatch.setattr("lijiang_plan.paths.bundled_schema_dir", lambda: str(tmp_path))
    monkeypatch.setattr(shape, "_conforms", None)
    assert not shape.conforms({"unit": "x", "period": "2025-H1", "submitted": "2025-06-18", "measures": []})
    monkeypatch.setattr(shape, "_conforms", None)  # the real schema again for later tests


def test_one_clean_file_is_checked_without_pydantic(tmp_path):
    """The reason for the quick test: a one-file check of a good report never imports pydantic.

    Nor the machinery of worker processes (20 ms), which one file never needs.
    """
    env = {**os.environ, "LPLAN_CACHE_DIR": str(tmp_path)}
    code = (
        "import sys\n"
        "from lijiang_plan.cli import cli\n"
        "try:\n"
        "    cli(['check', sys.argv[1]], prog_name='lplan')\n"
        "except SystemExit as exc:\n"
        "    print('EXIT', exc.code)\n"
        "print('WORKERS', 'multiprocessing' in sys.modules)\n"
        "print('PYDANTIC', 'pydantic' in sys.modules)\n"
    )
    good = str(REPO / "examples" / "reports" / "good-court-2024-H2.yaml")
    bad = str(REPO / "examples" / "reports" / "bad-wrong-type.yaml")
    run = [sys.executable, "-c", code]
    subprocess.run([*run, good], env=env, capture_output=True, check=True)  # builds the plan cache (pydantic)
    assert subprocess.run([*run, good], env=env, capture_output=True, text=True).stdout.split() == [
        "EXIT",
        "0",
        "WORKERS",
        "False",
        "PYDANTIC",
        "False",
    ]
    out = subprocess.run([*run, bad], env=env, capture_output=True, text=True).stdout
    assert "(wrong-type)" in out and out.split()[-2:] == ["PYDANTIC", "True"]

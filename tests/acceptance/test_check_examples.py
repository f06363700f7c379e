"""Golden files: each example report beside the exact findings and exit status it must produce.

examples/reports/NAME.yaml is checked with `lplan check --format json`; its
NAME.expected.json holds the exit status and the findings (without the path).
After a deliberate change, regenerate with LPLAN_UPDATE_GOLDEN=1 and review
the diff line by line before committing it.
"""

from __future__ import annotations

import json
import os

import pytest

from lijiang_plan.rules import RULES
from tests.conftest import REPO

EXAMPLES = REPO / "examples" / "reports"
REPORTS = sorted(EXAMPLES.glob("*.yaml"))
#: The day the examples are checked as of (`future-date` depends on it); every example's date is before it
#: but warn-date-without-year's.
TODAY = {"LPLAN_TODAY": "2026-06-30"}
#: Rules no example file can show: an unreadable file, a 5 MiB file, an alias bomb; and the rules
#: about workbooks (the examples are YAML; tests/corpus/workbooks/ has a case for each).
NOT_IN_EXAMPLES = {
    "io-error",
    "too-large",
    "too-complex",
    "not-a-workbook",
    "encrypted",
    "macros",
    "no-report-sheet",
    "extra-sheet",
    "formula",
    "merged-cells",
    "hidden-cells",
    "unsupported-format",  # the examples are .yaml; tests/corpus/generated has a folder of other formats
}


def _golden(report):
    return report.with_name(report.name.removesuffix(".yaml") + ".expected.json")


@pytest.mark.parametrize("report", REPORTS, ids=[r.name for r in REPORTS])
def test_example_report_produces_exactly_its_golden_findings(run, report):
    result = run("check", "--format", "json", str(report), env=TODAY)
    produced = json.loads(result.stdout)
    actual = {
        "exit_code": result.exit_code,
        "findings": [{k: v for k, v in f.items() if k not in ("path", "fails")} for f in produced["findings"]],
    }
    golden = _golden(report)
    if os.environ.get("LPLAN_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(actual, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert actual == expected
    assert all(f["path"] == str(report) for f in produced["findings"])


def test_example_names_say_what_they_show():
    for report in REPORTS:
        expected = json.loads(_golden(report).read_text(encoding="utf-8"))
        levels = {f["level"] for f in expected["findings"]}
        kind = report.name.split("-", 1)[0]
        assert kind in ("good", "warn", "bad"), report.name
        if kind == "good":
            assert expected == {"exit_code": 0, "findings": []}, report.name
        elif kind == "warn":
            assert levels == {"warning"} and expected["exit_code"] == 0, report.name
        else:
            assert "error" in levels and expected["exit_code"] == 1, report.name


def test_examples_show_every_rule_that_a_file_can_show():
    shown = set()
    for report in REPORTS:
        shown |= {f["rule"] for f in json.loads(_golden(report).read_text(encoding="utf-8"))["findings"]}
    assert shown == set(RULES) - NOT_IN_EXAMPLES


def test_every_golden_file_has_its_report():
    for golden in EXAMPLES.glob("*.expected.json"):
        assert golden.with_name(golden.name.removesuffix(".expected.json") + ".yaml").exists(), golden.name


def test_the_examples_directory_as_a_whole_fails_and_lists_every_bad_file(run):
    result = run("check", "--format", "json", str(EXAMPLES), env=TODAY)
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    # the golden JSON files beside the reports are the folder's own, not submissions: not walked
    assert [f["path"] for f in out["files"]] == [str(r) for r in REPORTS]
    failed = {os.path.basename(f["path"]) for f in out["files"] if not f["passed"]}
    assert failed == {r.name for r in REPORTS if r.name.startswith("bad-")}
    assert not [f for f in out["findings"] if f["rule"] == "unsupported-format"]

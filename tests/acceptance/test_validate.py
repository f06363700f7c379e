"""`lplan validate` and plan loading: each kind of damage to plan/ is named precisely."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import PLAN_DIR


@pytest.fixture
def plan_copy(tmp_path: Path) -> Path:
    target = tmp_path / "plan"
    shutil.copytree(PLAN_DIR, target)
    return target


def edit(path: Path, old: str, new: str, count: int = 1) -> int:
    """Replace ``old`` (which must be present) and return the 1-based line it was on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


def findings(run, plan_dir: Path) -> list[dict]:
    result = run("--plan", str(plan_dir), "validate", "-f", "json")
    assert result.exit_code == 1, result.stdout
    return json.loads(result.stdout)["findings"]


def test_bundled_plan_is_valid(run):
    result = run("validate")
    assert result.exit_code == 0, result.stdout
    assert "5 sections, 28 items, 47 measures" in result.stdout


def test_valid_plan_json_summary(run):
    data = json.loads(run("validate", "-f", "json").stdout)
    assert data["summary"]["valid"] is True
    assert data["summary"]["measures"] == 47
    assert data["findings"] == []


def test_reordered_lead_units_no_longer_match_the_source(run, plan_copy):
    line = edit(plan_copy / "measures.yaml", "lead: [市法院, 市檢察院, 市公安局]", "lead: [市檢察院, 市法院, 市公安局]")
    found = findings(run, plan_copy)
    assert [(f["rule"], f["line"]) for f in found] == [("source-mismatch", line - 1)]
    assert "measure 2.3.1 does not match" in found[0]["message"]


def test_one_changed_character_in_a_text_is_caught(run, plan_copy):
    edit(plan_copy / "measures.yaml", "依法解救被拐賣兒童", "依法解救被拐卖兒童")
    found = findings(run, plan_copy)
    assert [f["rule"] for f in found] == ["source-mismatch"]
    assert "measure 2.4" in found[0]["message"]


def test_a_unit_missing_from_the_registry_is_named_with_its_measure(run, plan_copy):
    line = edit(plan_copy / "measures.yaml", "lead: [市司法局]", "lead: [市司法廳]")
    found = findings(run, plan_copy)
    unknown = [f for f in found if f["rule"] == "unit-unknown"]
    assert len(unknown) == 1
    assert unknown[0]["line"] == line
    assert "'市司法廳' is not in units.yaml" in unknown[0]["message"]


def test_a_removed_measure_leaves_its_source_line_unencoded(run, plan_copy):
    text = (plan_copy / "measures.yaml").read_text(encoding="utf-8")
    start = text.index('      - id: "3.10"')
    end = text.index('  - id: "4"')
    (plan_copy / "measures.yaml").write_text(text[:start] + "\n" + text[end:], encoding="utf-8")
    found = findings(run, plan_copy)
    rules = {f["rule"] for f in found}
    assert {"source-missing", "plan-count"} <= rules
    assert any("提供法律援助" in f["message"] for f in found if f["rule"] == "source-missing")


def test_an_id_out_of_place_is_reported(run, plan_copy):
    line = edit(plan_copy / "measures.yaml", 'id: "2.3.2"', 'id: "2.3.3"')
    found = findings(run, plan_copy)
    assert ("plan-id", line) in [(f["rule"], f["line"]) for f in found]


def test_wrong_simplified_name_is_reported(run, plan_copy):
    line = edit(plan_copy / "units.yaml", "simplified: 市残联", "simplified: 市殘联")
    found = findings(run, plan_copy)
    assert [(f["rule"], f["line"]) for f in found] == [("unit-script", line)]
    assert "'市残联'" in found[0]["message"]


def test_ambiguous_alias_is_reported(run, plan_copy):
    edit(plan_copy / "units.yaml", "aliases: [市人社局,", "aliases: [市公安局, 市人社局,")
    found = findings(run, plan_copy)
    assert [f["rule"] for f in found] == ["unit-ambiguous"]


def test_yaml_syntax_error_names_file_line_and_column(run, plan_copy):
    line = edit(plan_copy / "guarantees.yaml", "chapter: 五、強化組織保障", "chapter: [五、強化組織保障")
    found = findings(run, plan_copy)
    assert found[0]["rule"] == "yaml-syntax"
    assert found[0]["path"].endswith("guarantees.yaml")
    assert found[0]["line"] >= line


def test_schema_error_points_at_the_field(run, plan_copy):
    line = edit(plan_copy / "guarantees.yaml", "due: {month: 6, day: 20}", "due: {month: 13, day: 20}")
    found = findings(run, plan_copy)
    assert [(f["rule"], f["line"]) for f in found] == [("plan-schema", line)]
    assert "reporting.periods.0.due.month" in found[0]["message"]


def test_unknown_field_is_a_schema_error(run, plan_copy):
    line = edit(plan_copy / "plan.yaml", "issuer:", "isuer:")
    found = findings(run, plan_copy)
    messages = [(f["line"], f["message"]) for f in found]
    assert any(m.startswith("isuer: Extra inputs") and ln == line for ln, m in messages)
    assert any(m.startswith("issuer: Field required") for _, m in messages)


def test_duplicate_key_in_a_plan_file(run, plan_copy):
    line = edit(plan_copy / "plan.yaml", "source: source/plan-text.txt", "source: source/plan-text.txt\nsource: x")
    found = findings(run, plan_copy)
    assert [(f["rule"], f["line"]) for f in found] == [("duplicate-key", line + 1)]


def test_missing_plan_file_is_reported_not_a_crash(run, plan_copy):
    (plan_copy / "script.yaml").unlink()
    found = findings(run, plan_copy)
    assert [f["rule"] for f in found] == ["plan-file"]
    assert found[0]["path"].endswith("script.yaml")


def test_quote_not_in_source_is_reported(run, plan_copy):
    edit(plan_copy / "guarantees.yaml", 'quote: "6月20日"', 'quote: "6月30日"')
    found = findings(run, plan_copy)
    assert {f["rule"] for f in found} == {"source-mismatch"}


def test_text_output_is_linter_lines_and_a_count(run, plan_copy):
    edit(plan_copy / "units.yaml", "simplified: 市残联", "simplified: 市殘联")
    result = run("--plan", str(plan_copy), "validate")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].endswith("(unit-script)")
    assert ":" in result.stdout.split(" ")[0]
    assert result.stderr.strip() == "1 problem(s) in the plan data"


def test_queries_on_an_invalid_plan_exit_2_and_point_to_validate(run, plan_copy):
    edit(plan_copy / "units.yaml", "simplified: 市残联", "simplified: 市殘联")
    result = run("--plan", str(plan_copy), "who-leads", "2.3.1")
    assert result.exit_code == 2
    assert "the plan data is invalid" in result.stderr
    assert "run 'lplan validate'" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_validate_missing_plan_directory_is_exit_2(run, tmp_path):
    result = run("--plan", str(tmp_path / "missing"), "validate")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_for_a_plan_file_is_a_finding_not_a_hang(run, plan_copy):
    (plan_copy / "measures.yaml").unlink()
    os.mkfifo(plan_copy / "measures.yaml")
    found = findings(run, plan_copy)
    assert [(f["rule"], f["path"].endswith("measures.yaml")) for f in found] == [("plan-file", True)]
    assert "not a regular file" in found[0]["message"]


def test_a_huge_source_text_is_refused_without_reading_it(run, plan_copy):
    source = plan_copy / "source" / "plan-text.txt"
    with open(source, "r+b") as fh:
        fh.truncate(4 * 1024**3)  # sparse: 4 GiB on paper, nothing on disk
    found = findings(run, plan_copy)
    assert [f["rule"] for f in found] == ["plan-file"]
    assert "plan files are far smaller" in found[0]["message"]

"""SARIF as GitHub code scanning reads it: locations, UTF-16 columns, rule help, missing paths."""

from __future__ import annotations

import json
import shutil

import pytest

from lijiang_plan.outputs import sarif
from lijiang_plan.rules import RULES
from tests.conftest import REPO

MISSING_LEAD = REPO / "examples" / "reports" / "bad-missing-lead.yaml"
GOOD = REPO / "examples" / "reports" / "good-court-2024-H2.yaml"


def _log(run, *args: str) -> dict:
    return json.loads(run("check", "--format", "sarif", *args).stdout)


def _locations(log: dict) -> list[str]:
    """Every result's location as an absolute URI, resolved as a SARIF consumer resolves it."""
    (sarif_run,) = log["runs"]
    bases = {name: entry["uri"] for name, entry in sarif_run.get("originalUriBaseIds", {}).items()}
    uris = []
    for result in sarif_run["results"]:
        artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
        uris.append(bases[artifact["uriBaseId"]] + artifact["uri"] if "uriBaseId" in artifact else artifact["uri"])
    return uris


def test_an_absolute_path_outside_the_working_directory_is_a_file_uri(run, tmp_path, monkeypatch):
    path = tmp_path / "reports" / "公安局 1.yaml"
    path.parent.mkdir()
    shutil.copy(MISSING_LEAD, path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    log = _log(run, str(path))
    artifact = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert "uriBaseId" not in artifact and artifact["uri"].startswith("file:///")
    assert _locations(log) == [path.as_uri()]


def test_a_relative_path_is_relative_to_a_declared_base(run, tmp_path, monkeypatch):
    (tmp_path / "reports").mkdir()
    shutil.copy(MISSING_LEAD, tmp_path / "reports" / "r.yaml")
    monkeypatch.chdir(tmp_path)
    for given in ("reports/r.yaml", str(tmp_path / "reports" / "r.yaml")):  # absolute below the cwd too
        log = _log(run, given)
        artifact = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        assert artifact == {"uri": "reports/r.yaml", "uriBaseId": "SRCROOT"}
        assert log["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"] == tmp_path.as_uri() + "/"


def test_columns_are_utf16_code_units_and_declared_so(run, tmp_path):
    text = GOOD.read_text(encoding="utf-8").replace("2.3.1", "2.3.1\U0001f600", 1)  # astral char before nothing
    text = text.replace("unit: 丽江市中级人民法院", "unit: 𠀀市法院")  # U+20000: two UTF-16 units
    path = tmp_path / "r.yaml"
    path.write_text(text.replace("period: 2024-H2", "period: 2024-H2 # 😀\nsubmitted_x: 1"), encoding="utf-8")
    (sarif_run,) = _log(run, str(path))["runs"]
    assert sarif_run["columnKind"] == "utf16CodeUnits"
    plain = json.loads(run("check", "-f", "json", str(path)).stdout)["findings"]
    lines = path.read_text(encoding="utf-8").splitlines()
    for finding, result in zip(plain, sarif_run["results"]):
        region = result["locations"][0]["physicalLocation"]["region"]
        before = lines[finding["line"] - 1][: finding["column"] - 1]
        assert region["startColumn"] == len(before.encode("utf-16-le")) // 2 + 1
    assert any(r["locations"][0]["physicalLocation"]["region"]["startColumn"] > 1 for r in sarif_run["results"])


def test_a_column_after_a_rare_character_is_shifted_by_one_unit_each(run, tmp_path):
    path = tmp_path / "r.yaml"
    block = 'contact:\n  name: 木建国\n  phone: "0888-5180226"'
    text = GOOD.read_text(encoding="utf-8")
    assert block in text
    path.write_text(text.replace(block, "contact: {name: 𠀀𠀀, phone: 1}"), encoding="utf-8")
    plain = json.loads(run("check", "-f", "json", str(path)).stdout)["findings"]
    assert [(f["rule"], f["column"]) for f in plain] == [("wrong-type", 28)]  # characters
    (sarif_run,) = _log(run, str(path))["runs"]
    (result,) = sarif_run["results"]
    assert result["locations"][0]["physicalLocation"]["region"]["startColumn"] == 30  # UTF-16 units


def test_every_rule_has_a_name_descriptions_and_help(run):
    rules = _log(run, str(GOOD))["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(RULES)
    for rule in rules:
        assert rule["name"] != rule["id"] and rule["name"].isalnum()
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] == RULES[rule["id"]].level


def test_help_uris_point_at_each_rules_own_anchor_in_the_reference_when_it_is_known(monkeypatch):
    monkeypatch.setattr(sarif, "docs_url", lambda: "https://docs.example/lplan")
    log = sarif.sarif_log([], [], lambda f: True, "1.0")
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://docs.example/lplan"
    assert [r["helpUri"] for r in driver["rules"]] == [
        f"https://docs.example/lplan/docs/reference/rules.md#{name}" for name in RULES
    ]


def test_without_a_documentation_url_no_rule_has_a_help_uri(monkeypatch):
    monkeypatch.setattr(sarif, "docs_url", lambda: None)
    driver = sarif.sarif_log([], [], lambda f: True, "1.0")["runs"][0]["tool"]["driver"]
    assert "informationUri" not in driver and not any("helpUri" in r for r in driver["rules"])


def test_every_help_uri_anchor_is_a_heading_of_the_rule_reference():
    from tests.support.markdown import anchors

    page = REPO / sarif.RULES_PAGE
    assert set(RULES) <= anchors(page.read_text(encoding="utf-8"))


def test_a_missing_path_is_a_tool_execution_notification(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("check", "--format", "sarif", str(GOOD), "nope.yaml")
    assert result.exit_code == 2
    (invocation,) = json.loads(result.stdout)["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and "nope.yaml" in note["message"]["text"]
    artifact = note["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "nope.yaml", "uriBaseId": "SRCROOT"}


@pytest.mark.parametrize("case", ["bad-wrong-type", "warn-late", "good-court-2024-H2"])
def test_the_log_has_the_structure_sarif_2_1_0_requires(run, case):
    """The required properties and types of the 2.1.0 schema for what lplan writes."""
    log = _log(run, str(REPO / "examples" / "reports" / f"{case}.yaml"), "missing.yaml")
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    (sarif_run,) = log["runs"]
    driver = sarif_run["tool"]["driver"]
    assert isinstance(driver["name"], str) and isinstance(driver["rules"], list)
    assert sarif_run["columnKind"] in ("utf16CodeUnits", "unicodeCodePoints")
    for result in sarif_run["results"]:
        assert set(result) >= {"ruleId", "ruleIndex", "level", "message", "locations"}
        assert result["level"] in ("none", "note", "warning", "error") and result["message"]["text"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
    for invocation in sarif_run["invocations"]:
        assert isinstance(invocation["executionSuccessful"], bool)
        for note in invocation.get("toolExecutionNotifications", []):
            assert note["message"]["text"] and note["level"] in ("none", "note", "warning", "error")
    for artifact in [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in sarif_run["results"]] + [
        n["locations"][0]["physicalLocation"]["artifactLocation"]
        for n in sarif_run["invocations"][0].get("toolExecutionNotifications", [])
    ]:
        assert not artifact["uri"].startswith("/")  # SARIF1004: never a bare absolute path
        assert artifact["uri"].startswith("file://") or artifact.get("uriBaseId") in sarif_run["originalUriBaseIds"]


def test_every_rule_has_a_long_help_beyond_its_one_line_meaning(run):
    rules = _log(run, str(GOOD))["runs"][0]["tool"]["driver"]["rules"]
    for rule in rules:
        assert RULES[rule["id"]].details, rule["id"]
        assert rule["fullDescription"]["text"] == RULES[rule["id"]].details
        assert len(rule["fullDescription"]["text"]) > len(rule["shortDescription"]["text"])
        assert rule["fullDescription"]["text"] in rule["help"]["text"]
        assert rule["fullDescription"]["text"] in rule["help"]["markdown"]


def test_rule_help_follows_the_interface_language(run):
    rules = json.loads(run("--lang", "zh", "check", "-f", "sarif", str(GOOD)).stdout)["runs"][0]["tool"]["driver"][
        "rules"
    ]
    late = next(r for r in rules if r["id"] == "late")
    assert "6 月 20 日" in late["fullDescription"]["text"] and late["name"] == "Late"

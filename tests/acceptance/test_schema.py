"""Schemas, the rule table and the documents that show them stay in step with the code."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from lijiang_plan import schemas
from lijiang_plan.files.yamlsource import load_bytes
from lijiang_plan.rules import RULES
from tests.conftest import REPO
from tests.support.markdown import section

REPORTS_PAGE = (REPO / "docs" / "reports.md").read_text(encoding="utf-8")
RULES_PAGE = (REPO / "docs" / "reference" / "rules.md").read_text(encoding="utf-8")


def test_committed_schemas_match_the_models():
    assert schemas.drifted(str(REPO / "schemas")) == [], "run: python -m lijiang_plan.schemas"


def test_every_plan_file_and_the_report_has_a_schema():
    from lijiang_plan.paths import PLAN_FILE_NAMES

    expected = [name.replace(".yaml", ".schema.json") for name in PLAN_FILE_NAMES] + ["report.schema.json"]
    assert list(schemas.generate()) == expected


def test_drift_is_detected_and_written_away(tmp_path):
    assert set(schemas.drifted(str(tmp_path))) == set(schemas.generate())
    assert schemas.main([str(tmp_path)]) == 0
    (tmp_path / "report.schema.json").write_text("{}", encoding="utf-8")
    assert schemas.main(["--check", str(tmp_path)]) == 1
    assert schemas.drifted(str(tmp_path)) == ["report.schema.json"]


def test_report_schema_requires_what_the_checker_requires():
    schema = json.loads((REPO / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    assert schema["required"] == ["unit", "period", "submitted", "measures"]
    measure = schema["$defs"]["MeasureReport"]
    assert measure["required"] == ["id", "status", "account"]
    assert measure["properties"]["status"]["enum"] == [
        *("ongoing", "completed", "not-started", "not-applicable"),
        *("进行中", "進行中", "已完成", "未开始", "未開始", "不适用", "不適用"),
    ]
    assert measure["then"]["required"] == ["reason"]  # not-applicable needs a reason, editors see it too
    assert measure["if"]["properties"]["status"]["enum"] == ["not-applicable", "不适用", "不適用"]
    assert schema["additionalProperties"] is False and measure["additionalProperties"] is False


@pytest.mark.parametrize("name", ["report", "units"])
def test_schema_command_prints_the_shipped_schema(run, name):
    result = run("schema", name)
    assert result.exit_code == 0
    assert result.stdout == (REPO / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")


def test_the_reference_rule_table_is_the_rule_table():
    table = section(RULES_PAGE, "Report rules (`lplan check`)")
    rows = re.findall(r"^\| \[`([a-z-]+)`\]\(#\1\) \| (error|warning) \| (.+) \|$", table, re.MULTILINE)
    assert [(name, level, meaning) for name, level, meaning in rows] == [
        (name, rule.level, rule.meaning) for name, rule in RULES.items()
    ]


def test_list_rules_prints_every_rule(run):
    result = run("check", "--list-rules")
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.stdout.splitlines()] == list(RULES)


def test_the_documented_example_report_has_only_the_findings_of_an_abridged_report(run, plan, tmp_path):
    example = re.search(r"```yaml\n(# yaml-language-server.*?)```", REPORTS_PAGE, re.DOTALL).group(1)
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    findings = json.loads(run("check", "--format", "json", str(path)).stdout)["findings"]
    listed = set(re.findall(r'id: "([0-9.]+)"', example))
    unit = plan.resolve_unit(load_bytes(example.encode()).data["unit"])
    left_out = [d.measure for d in plan.duties(unit) if d.measure not in listed]
    assert sorted(re.search(r"measure ([0-9.]+) ", f["message"]).group(1) for f in findings) == sorted(left_out)
    assert {f["rule"] for f in findings} <= {"missing-lead", "missing-cooperate"}


def test_pre_commit_hook_runs_lplan_check_on_report_yaml(run):
    hooks = {hook["id"]: hook for hook in load_bytes((REPO / ".pre-commit-hooks.yaml").read_bytes()).data}
    hook = hooks["lplan-check"]
    assert hook["id"] == "lplan-check" and hook["entry"] == "lplan check" and hook["language"] == "python"
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])

    def selected(path: str) -> bool:
        return bool(files.search(path)) and not exclude.search(path)

    assert selected("reports/2025-H1/市公安局.yaml") and selected("古城区.yml")
    assert not selected(".github/workflows/ci.yml") and not selected(".pre-commit-config.yaml")
    assert not selected("reports/README.md")
    # pre-commit hides the output of a hook that passes: without verbose, warnings would never be seen.
    assert hook["verbose"] is True
    # pre-commit appends the staged files to the entry:
    args = hook["entry"].split()[1:] + [str(REPO / "examples" / "reports" / "good-court-2024-H2.yaml")]
    assert run(*args).exit_code == 0


def test_pre_commit_hook_validates_plan_data_when_plan_files_change(run):
    hooks = {hook["id"]: hook for hook in load_bytes((REPO / ".pre-commit-hooks.yaml").read_bytes()).data}
    hook = hooks["lplan-validate"]
    files = re.compile(hook["files"])
    assert files.search("plan/measures.yaml") and files.search("data/plan/units.yaml")
    assert not files.search("reports/2025-H1/市公安局.yaml")
    assert hook["pass_filenames"] is False
    args = hook["entry"].split()[1:]
    assert args[args.index("--plan") + 1] == "plan"
    args[args.index("--plan") + 1] = str(REPO / "plan")
    assert run(*args).exit_code == 0


def test_listing_commands_does_not_import_pydantic_or_yaml():
    code = (
        "import sys, lijiang_plan.commands.report, lijiang_plan.outputs.formats;"
        "print(sorted(m for m in ('pydantic', 'yaml', 'rich', 'json') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_model_statuses_are_the_status_list():
    """The pydantic model and the pydantic-free list the template and checker read agree."""
    from typing import get_args

    from lijiang_plan.reports.model import MeasureReport
    from lijiang_plan.reports.statuses import ACCEPTED, CHINESE, CHINESE_WORDS, STATUS_WORDS, STATUSES

    assert get_args(MeasureReport.model_fields["status"].annotation) == ACCEPTED
    assert set(STATUS_WORDS.values()) <= set(STATUSES)
    assert set(CHINESE_WORDS.values()) == set(STATUSES) == set(CHINESE)
    assert all(CHINESE_WORDS[word] == code for code, word in CHINESE.items())
    assert not set(STATUS_WORDS) & set(ACCEPTED)  # a suggestion is never for a value that is accepted

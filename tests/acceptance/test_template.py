"""`lplan template`: a skeleton with exactly the unit's measures, that passes once filled in."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from lijiang_plan.files.yamlsource import load_bytes
from tests.conftest import REPO


def _reporting_units() -> list[str]:
    """Unit IDs whose kind the plan's reporting rule names, read from the plan files themselves."""
    kinds = load_bytes((REPO / "plan" / "guarantees.yaml").read_bytes()).data["reporting"]["reporters"]
    units = load_bytes((REPO / "plan" / "units.yaml").read_bytes()).data["units"]
    return [u["id"] for u in units if u["kind"] in kinds]


REPORTING_UNITS = _reporting_units()
ENTRY = re.compile(r'^  - id: "([0-9.]+)"$', re.MULTILINE)


def _fill(text: str, submitted: str) -> str:
    text = text.replace('submitted: ""', f"submitted: {submitted}")
    return text.replace('account: ""', "account: 按照任务分工推进落实,已完成阶段性工作。")


def _without(text: str, measure: str) -> str:
    """The filled-in text with one measure's entry (comment and four lines) cut out."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line == f'  - id: "{measure}"\n')
    return "".join(lines[: start - 1] + lines[start + 3 :])


def test_reporting_units_are_the_plans_39_reporters(plan):
    from lijiang_plan.plan.deadlines import reporters

    assert REPORTING_UNITS == reporters(plan)
    assert len(REPORTING_UNITS) == 39  # 34 departments the text names + 5 county offices


@pytest.mark.parametrize("unit_id", REPORTING_UNITS)
def test_template_filled_in_passes_and_each_missing_lead_fails_by_name(run, plan, tmp_path, unit_id):
    result = run("template", "--unit", unit_id, "--period", "2025-H1")
    assert result.exit_code == 0, result.stderr
    assert ENTRY.findall(result.stdout) == [d.measure for d in plan.duties(unit_id)]
    report = tmp_path / "report.yaml"
    filled = _fill(result.stdout, "2025-06-20")
    report.write_text(filled, encoding="utf-8")
    checked = run("check", "--strict", str(report))
    assert checked.exit_code == 0, checked.stdout
    assert checked.stdout == ""

    must = [d.measure for d in plan.duties(unit_id) if d.role in ("lead", "county")]
    for measure in must:
        report.write_text(_without(filled, measure), encoding="utf-8")
        checked = run("check", "--format", "json", str(report))
        assert checked.exit_code == 1, measure
        findings = json.loads(checked.stdout)["findings"]
        assert [f["rule"] for f in findings] in (["missing-lead"], ["missing-measure"])
        assert f"measure {measure} " in findings[0]["message"]


def test_template_for_a_county_office_lists_all_47_leaf_measures(run, plan):
    result = run("template", "--unit", "古城区", "--period", "2025-H2")
    assert result.exit_code == 0, result.stderr
    assert ENTRY.findall(result.stdout) == plan.leaf_ids()
    assert len(plan.leaf_ids()) == 47


def test_template_titles_are_comments_in_simplified_script(run, plan):
    result = run("template", "--unit", "市教育体育局", "--period", "2025-H1")
    for duty in plan.duties("education-sports"):
        title = plan.text(duty.measure, "title", "simplified")
        assert f"  # {duty.measure} {title} (" in result.stdout


def test_template_starts_with_a_schema_line_pointing_at_the_shipped_schema(run):
    first = run("template", "-u", "市妇联", "-p", "2025-H1").stdout.splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix)
    from urllib.parse import unquote, urlparse

    uri = urlparse(first[len(prefix) :])
    assert uri.scheme == "file"
    schema = json.loads(Path(unquote(uri.path)).read_text(encoding="utf-8"))
    assert schema["title"] == "lplan report"


def test_template_schema_ref_can_point_at_a_copy_in_the_reports_repository(run):
    result = run("template", "-u", "市妇联", "-p", "2025-H1", "--schema-ref", "../schemas/report.schema.json")
    assert result.stdout.splitlines()[0] == "# yaml-language-server: $schema=../schemas/report.schema.json"


def test_template_writes_a_file_and_never_overwrites_it_without_force(run, tmp_path):
    target = tmp_path / "2025-H1-妇联.yaml"
    first = run("template", "-u", "市妇联", "-p", "2025-H1", "-o", str(target))
    assert first.exit_code == 0, first.stderr
    assert "21 measures" in first.stderr  # 市妇联 leads 2 and cooperates on 19
    target.write_text("my own work", encoding="utf-8")
    again = run("template", "-u", "市妇联", "-p", "2025-H1", "-o", str(target))
    assert again.exit_code == 2
    assert "already exists" in again.stderr and "--force" in again.stderr
    assert target.read_text(encoding="utf-8") == "my own work"
    forced = run("template", "-u", "市妇联", "-p", "2025-H1", "-o", str(target), "--force")
    assert forced.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# yaml-language-server:")


def test_template_unknown_unit_is_a_usage_error_with_a_suggestion(run):
    result = run("template", "--unit", "市公按局", "--period", "2025-H1")
    assert result.exit_code == 2
    assert "市公按局" in result.stderr and "市公安局" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("unit", ["市反拐办", "市级联席会议各成员单位"])
def test_template_for_a_unit_that_does_not_report_is_a_usage_error(run, unit):
    result = run("template", "--unit", unit, "--period", "2025-H1")
    assert result.exit_code == 2
    assert "does not send this report" in result.stderr


@pytest.mark.parametrize("period", ["2031-H1", "2020-H2", "2025-H3", "2025"])
def test_template_period_outside_the_plan_or_malformed_is_a_usage_error(run, period):
    result = run("template", "--unit", "市公安局", "--period", period)
    assert result.exit_code == 2
    assert period in result.stderr


def test_template_into_a_missing_directory_is_a_clear_error(run, tmp_path):
    result = run("template", "-u", "市公安局", "-p", "2025-H1", "-o", str(tmp_path / "no" / "r.yaml"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


@pytest.mark.parametrize("ref", ["", "  ", "a\nb: 1", "x\ty"])
def test_a_schema_ref_that_would_break_the_yaml_is_a_usage_error(run, ref):
    result = run("template", "-u", "市妇联", "-p", "2025-H1", "--schema-ref", ref)
    assert result.exit_code == 2
    assert "--schema-ref" in result.stderr and result.stdout == ""


def test_template_path_imports_neither_pydantic_nor_yaml(tmp_path):
    """`lplan template` is a start-up-bound command: with a warm plan cache it needs no models."""
    import subprocess
    import sys

    env = {**os.environ, "LPLAN_CACHE_DIR": str(tmp_path)}
    code = (
        "import sys\n"
        "from lijiang_plan.cli import cli\n"
        "try:\n"
        "    cli(['template', '-u', '市公安局', '-p', '2025-H1'], prog_name='lplan')\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'pydantic_core', 'yaml', 'rich', 'pathlib'})\n"
        "print('HEAVY', ','.join(heavy))\n"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, cwd=REPO)  # warm
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True, cwd=REPO)
    assert out.stdout.splitlines()[-1] == "HEAVY "
    assert "unit: 市公安局" in out.stdout


@pytest.mark.parametrize("name", ["report.schema.json", "报告 a%b#c?.json", "sub/../x y.json"])
def test_file_uri_is_pathlibs(tmp_path, name):
    from lijiang_plan.reports.template import file_uri

    path = os.path.join(str(tmp_path), name)
    assert file_uri(path) == Path(path).resolve().as_uri()


def test_template_takes_the_period_in_chinese_words(run):
    made = run("--lang", "zh", "template", "-u", "市公安局", "-p", "2025年下半年")
    assert made.exit_code == 0, made.stderr
    assert "\nperiod: 2025-H2\n" in made.stdout  # files keep the code
    assert "市公安局2025年下半年反拐工作情况报告" in made.stdout.splitlines()[1]


def test_template_refusing_a_period_says_which_was_meant_in_chinese(run):
    refused = run("--lang", "zh", "template", "-u", "市公安局", "-p", "2025年度")
    assert refused.exit_code == 2
    assert "是否应为 2025-H1（1—6 月）或 2025-H2（7—12 月）？" in refused.stderr


# -- a period prepared in one command -----------------------------------------------------------

ZH = {"LANG": "zh_CN.UTF-8"}


def test_all_writes_every_reporters_workbook_named_as_people_know_it(run, plan, tmp_path):
    from lijiang_plan.plan.deadlines import reporters

    folder = tmp_path / "2025-H2"
    folder.mkdir()
    result = run("template", "--all", "-p", "2025年下半年", "-o", f"{folder}/", env=ZH)
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(f"2025-H2-{plan.unit_name(u, 'simplified')}.xlsx" for u in reporters(plan))
    assert len(names) == 39 and "2025-H2-市公安局.xlsx" in names
    assert result.stderr.count("\n") == 1  # one line for 39 files
    assert result.stderr.startswith("lplan：已生成 39 个单位的 39 份模板（2025年下半年），保存在 ")
    document = json.loads(run("summary", str(folder), "-p", "2025-H2", "-f", "json").stdout)
    assert {(f["unit_id"], f["matched_by"]) for f in document["files"]} == {(u, "unit-field") for u in reporters(plan)}


def test_a_list_of_units_in_both_formats(run, tmp_path):
    result = run(
        "template", "-u", "市公安局", "-u", "法院", "-u", "市公安局", "-p", "2025-H2", "-f", "both", "-o", str(tmp_path)
    )
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "2025-H2-市公安局.xlsx",
        "2025-H2-市公安局.yaml",
        "2025-H2-市法院.xlsx",
        "2025-H2-市法院.yaml",
    ]
    assert "wrote 4 templates for 2 units (2025-H2)" in result.stderr
    check = run("check", str(tmp_path / "2025-H2-市法院.yaml"), str(tmp_path / "2025-H2-市法院.xlsx"))
    assert "市法院" in check.stdout and "(unknown-unit)" not in check.stdout  # each is its unit's own template


def test_a_folder_of_templates_is_never_written_over_without_force(run, tmp_path):
    (tmp_path / "2025-H2-市法院.xlsx").write_bytes(b"filled in by the court")
    refused = run("template", "-u", "市公安局", "-u", "市法院", "-p", "2025-H2", "-o", f"{tmp_path}/", env=ZH)
    assert refused.exit_code == 2
    assert "中已有 1 份模板（2025-H2-市法院.xlsx）；未写入任何文件：如需覆盖请加 --force" in refused.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2025-H2-市法院.xlsx"]  # not even 市公安局's
    assert (tmp_path / "2025-H2-市法院.xlsx").read_bytes() == b"filled in by the court"
    forced = run("template", "-u", "市公安局", "-u", "市法院", "-p", "2025-H2", "-o", f"{tmp_path}/", "--force")
    assert forced.exit_code == 0 and (tmp_path / "2025-H2-市法院.xlsx").read_bytes().startswith(b"PK")


@pytest.mark.parametrize(
    "args, message",
    [
        (["--all", "-u", "市公安局"], "--all 与 --unit 只能用其一"),
        ([], "请指定单位：--unit 单位（可重复），或用 --all"),
        (["-u", "市公安局", "-u", "市法院"], "多份模板须写入一个目录：请给出 -o 目录/"),
        (["--all", "-o", "nowhere/"], "“nowhere”不存在；请先创建（mkdir nowhere）"),
        (["-u", "市公安局", "-u", "市反拐办", "-o", "."], "市反拐办不报送此报告"),
    ],
)
def test_preparing_a_period_refuses_what_it_cannot_do_before_writing_anything(
    run, tmp_path, monkeypatch, args, message
):
    monkeypatch.chdir(tmp_path)
    result = run("template", "-p", "2025-H2", *args, env=ZH)
    assert result.exit_code == 2 and message in result.stderr, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_one_unit_into_a_folder_needs_the_slash(run, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    assert run("template", "-u", "市公安局", "-p", "2025-H2", "-o", f"{folder}/").exit_code == 0
    assert [p.name for p in folder.iterdir()] == ["2025-H2-市公安局.xlsx"]
    refused = run("template", "-u", "市公安局", "-p", "2025-H2", "-o", str(folder))  # a directory named as a file
    assert refused.exit_code == 2 and "is a directory" in refused.stderr

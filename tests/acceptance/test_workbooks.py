"""Report workbooks: the template's cells, formula safety, round trips, and findings that name cells.

Everything is read back with openpyxl, as a spreadsheet program would open it.
The hostile cases (damaged, encrypted, zip bombs, formulas…) are in
test_workbook_corpus.py.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from lijiang_plan.files.yamlsource import load_bytes
from lijiang_plan.reports import xlsxreport, yamlwrite
from lijiang_plan.reports.load import read_file
from tests.conftest import REPO

EXAMPLES = REPO / "examples" / "reports"
GOOD = sorted(EXAMPLES.glob("good-*.yaml"))
BASE = REPO / "tests" / "corpus" / "good-base.yaml"
RISKY = ["=1+2", "+86 888", "-已完成", "@SUM(A1)", "＝HYPERLINK()", "  =cmd|' /C calc'!A0"]


def _template(run: Any, path: Path, *args: str, env: dict[str, str] | None = None) -> Any:
    result = run("template", "--unit", "市公安局", "--period", "2025-H1", "-o", str(path), *args, env=env)
    assert result.exit_code == 0, result.stderr
    return openpyxl.load_workbook(path)


def _data(path: Path) -> Any:
    loaded = read_file(str(path))
    assert loaded.document is not None, loaded.findings
    return loaded.data


# -- the template -----------------------------------------------------------------


def test_template_workbook_has_a_row_per_duty_with_text_ids_and_titles(run, plan, tmp_path):
    book = _template(run, tmp_path / "t.xlsx", env={"LANG": "zh_CN.UTF-8"})
    assert book.sheetnames == ["填报", "说明"]
    sheet = book["填报"]
    assert [sheet.cell(10, c).value for c in range(1, 8)] == [
        "编号",
        "措施",
        "职责",
        "状态",
        "工作情况",
        "数据",
        "不适用原因",
    ]
    duties = plan.duties(plan.resolve_unit("市公安局"))
    rows = list(sheet.iter_rows(min_row=11, max_row=10 + len(duties)))
    assert [r[0].value for r in rows] == [d.measure for d in duties]
    assert all(r[0].data_type == "s" and r[0].number_format == "@" for r in rows)
    assert rows[0][1].value == plan.text(duties[0].measure, "title", "simplified")
    assert {r[2].value for r in rows} == {"负责", "配合"}
    assert sheet.max_row == 10 + len(duties)
    assert (sheet["B3"].value, sheet["B4"].value) == ("市公安局", "2025-H1")


def test_template_language_follows_the_locale(run, tmp_path):
    book = _template(run, tmp_path / "t.xlsx", env={"LANG": "en_US.UTF-8", "LANGUAGE": "", "LC_ALL": ""})
    assert book.sheetnames == ["Report", "Instructions"]
    assert book["Report"]["A10"].value == "ID"


def test_template_status_is_a_drop_down_of_the_four_statuses(run, tmp_path):
    sheet = _template(run, tmp_path / "t.xlsx", env={"LANG": "zh_CN.UTF-8"})["填报"]
    (check,) = sheet.data_validations.dataValidation
    assert check.type == "list" and check.formula1 == '"进行中,已完成,未开始,不适用"'
    assert check.showErrorMessage and check.allow_blank  # a status may be left blank while filling in
    assert str(check.sqref) == f"D11:D{sheet.max_row}"


def test_a_report_without_measures_still_has_a_status_drop_down_on_its_first_row(run, tmp_path):
    source = tmp_path / "r.yaml"
    source.write_text("unit: 市法院\nperiod: 2024-H2\nsubmitted: 2024-12-20\nmeasures: []\n", encoding="utf-8")
    run("convert", str(source), "-o", str(tmp_path / "r.xlsx"))
    (check,) = openpyxl.load_workbook(tmp_path / "r.xlsx").worksheets[0].data_validations.dataValidation
    assert str(check.sqref) in ("D11", "D11:D11")


def test_the_table_header_wraps_and_entries_wrap_from_the_top(run, tmp_path):
    sheet = _template(run, tmp_path / "t.xlsx", env={"LANG": "zh_CN.UTF-8"})["填报"]
    header = [sheet.cell(10, column).alignment for column in range(1, 8)]
    assert all(a.wrap_text and a.vertical == "center" for a in header)
    entry = [sheet.cell(11, column).alignment for column in range(1, 8)]
    assert all(a.wrap_text and a.vertical == "top" for a in entry)


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("2024-12-20", dt.datetime(2024, 12, 20)),  # a real date cell
        ("2024-12-32", "2024-12-32"),  # not a date: kept as typed, for check to name
        ("", None),
    ],
)
def test_the_submitted_day_is_a_date_cell_when_it_is_a_date_and_text_otherwise(run, tmp_path, written, stored):
    source = tmp_path / "r.yaml"
    text = f"unit: 市法院\nperiod: 2024-H2\nsubmitted: '{written}'\ncontact:\n  name: '2024-12-20'\nmeasures: []\n"
    source.write_text(text, encoding="utf-8")
    result = run("convert", str(source), "-o", str(tmp_path / "r.xlsx"))
    assert result.exit_code == 0, result.stderr
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx").worksheets[0]
    assert sheet["A5"].value in ("Submitted", "报送日期") and sheet["B5"].value == stored
    assert sheet["B6"].value == "2024-12-20"  # a contact name that looks like a date stays text


def test_template_locks_ids_titles_roles_but_not_what_is_filled_in(run, tmp_path):
    sheet = _template(run, tmp_path / "t.xlsx", env={"LANG": "zh_CN.UTF-8"})["填报"]
    assert sheet.protection.sheet and not sheet.protection.password
    row = 11
    locked = {c: sheet.cell(row, c).protection.locked for c in range(1, 8)}
    assert locked == {1: True, 2: True, 3: True, 4: False, 5: False, 6: False, 7: False}
    assert sheet["B5"].protection.locked is False and sheet["B3"].protection.locked is True


def test_template_header_cells_a_date_for_the_submitted_day_and_text_for_the_phone(run, tmp_path):
    """Excel would turn a typed phone number into a number (losing its leading 0) and show a date as a serial."""
    sheet = _template(run, tmp_path / "t.xlsx", env={"LANG": "en_US.UTF-8"}).worksheets[0]
    formats = {sheet.cell(row, 1).value: sheet.cell(row, 2).number_format for row in range(3, 9)}
    assert formats == {
        "Unit": "General",
        "Period": "General",
        "Submitted": "yyyy-mm-dd",
        "Contact": "General",
        "Phone": "@",
        "Email": "General",
    }


def test_a_report_without_a_unit_converts_to_a_workbook_and_back(run, tmp_path):
    source = tmp_path / "r.yaml"
    source.write_text("period: 2024-H2\nsubmitted: 2024-12-20\nmeasures: []\n", encoding="utf-8")
    result = run("convert", str(source), "-o", str(tmp_path / "r.xlsx"))
    assert result.exit_code == 0, result.stderr
    data = _data(tmp_path / "r.xlsx")
    assert not data.get("unit") and data["period"] == "2024-H2"  # the unit cell left empty


def test_a_converted_report_shows_the_units_role_in_each_measure(run, tmp_path):
    """市法院 leads 2.3.1 and cooperates on 4.8 as one of 市级联席会议各成员单位 (the plan's words)."""
    run("--lang", "zh", "convert", str(EXAMPLES / "good-court-2024-H2.yaml"), "-o", str(tmp_path / "r.xlsx"))
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx").worksheets[0]
    roles = {row[0]: row[2] for row in sheet.iter_rows(min_row=10, values_only=True) if row[0]}
    assert roles["2.3.1"] == "负责" and roles["4.8"] == "配合（市级联席会议各成员单位）"


def test_converted_rows_translate_statuses_and_leave_unknown_titles_and_empty_figures_blank(run, tmp_path):
    source = tmp_path / "r.yaml"
    source.write_text(
        "unit: 市法院\nperiod: 2024-H2\nsubmitted: 2024-12-20\nmeasures:\n"
        '  - id: "2.3.1"\n    status: completed\n    account: 审结。\n    figures: {}\n'
        '  - id: "9.9.9"\n    status: ongoing\n    account: 不在计划中。\n',
        encoding="utf-8",
    )
    result = run("--lang", "zh", "convert", str(source), "-o", str(tmp_path / "r.xlsx"))
    assert result.exit_code == 0, result.stderr
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx").worksheets[0]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=11, values_only=True) if row[0]}
    assert rows["2.3.1"][1:6] == ("严惩手段残忍、影响恶劣的犯罪行为", "负责", "已完成", "审结。", None)
    assert rows["9.9.9"][1:6] == (None, None, "进行中", "不在计划中。", None)


@pytest.mark.parametrize(("language", "due"), [("zh", "6月20日/12月20日"), ("en", "20 June / 20 December")])
def test_instructions_give_both_due_days_when_the_period_is_not_one(run, tmp_path, language, due):
    source = tmp_path / "r.yaml"
    source.write_text("unit: 市法院\nperiod: 2024-H3\nsubmitted: 2024-12-20\nmeasures: []\n", encoding="utf-8")
    result = run("--lang", language, "convert", str(source), "-o", str(tmp_path / "r.xlsx"))
    assert result.exit_code == 0, result.stderr
    instructions = openpyxl.load_workbook(tmp_path / "r.xlsx").worksheets[1]
    text = "\n".join(str(c.value) for c in instructions["A"] if c.value)
    assert due in text


def test_template_reads_and_prints_well(run, tmp_path):
    sheet = _template(run, tmp_path / "t.xlsx", env={"LANG": "zh_CN.UTF-8"})["填报"]
    assert sheet.freeze_panes == "A11"
    assert sheet.column_dimensions["E"].width >= 50 and sheet["E11"].alignment.wrap_text
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4 and sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$10:$10"


def test_template_instructions_sheet_says_how_to_fill_check_and_send(run, tmp_path):
    book = _template(run, tmp_path / "t.xlsx", env={"LANG": "zh_CN.UTF-8"})
    text = "\n".join(str(c.value) for c in book["说明"]["A"] if c.value)
    assert "lplan check" in text and "2025-06-20" in text and "市反拐办" in text


def test_template_workbook_checks_like_the_yaml_template(run, tmp_path):
    _template(run, tmp_path / "t.xlsx")
    run("template", "--unit", "市公安局", "--period", "2025-H1", "-o", str(tmp_path / "t.yaml"))
    book = json.loads(run("check", "-f", "json", str(tmp_path / "t.xlsx")).stdout)["findings"]
    yaml = json.loads(run("check", "-f", "json", str(tmp_path / "t.yaml")).stdout)["findings"]
    assert [(f["rule"], f["message"]) for f in book] == [(f["rule"], f["message"]) for f in yaml]
    assert all(f["cell"] for f in book) and not any(f["cell"] for f in yaml)


def test_template_xlsx_never_replaces_a_file_without_force(run, tmp_path):
    target = tmp_path / "t.xlsx"
    target.write_bytes(b"mine")
    result = run("template", "-u", "市公安局", "-p", "2025-H1", "-o", str(target))
    assert result.exit_code == 2 and "--force" in result.stderr and target.read_bytes() == b"mine"
    assert run("template", "-u", "市公安局", "-p", "2025-H1", "-o", str(target), "--force").exit_code == 0


def test_template_format_xlsx_refuses_a_terminal_and_schema_ref(run, tmp_path):
    result = run("template", "-u", "市公安局", "-p", "2025-H1", "-f", "xlsx", "--schema-ref", "x.json")
    assert result.exit_code == 2 and "YAML templates only" in result.stderr


# -- nothing becomes a formula --------------------------------------------------


@pytest.mark.parametrize("text", RISKY)
def test_text_that_looks_like_a_formula_is_stored_as_text(plan, tmp_path, text):
    data = {
        "unit": text,
        "period": "2025-H1",
        "submitted": text,
        "contact": {"name": text, "phone": text},
        "measures": [{"id": "4.3", "status": "ongoing", "account": text, "reason": text, "figures": {text: 1}}],
    }
    book = openpyxl.load_workbook(io.BytesIO(xlsxreport.render(plan, data, "zh")))
    cells = [c for row in book["填报"].iter_rows() for c in row if c.value is not None and text in str(c.value)]
    assert len(cells) >= 7
    assert all(c.data_type == "s" for c in cells)
    assert all(c.quotePrefix for c in cells if str(c.value).lstrip().startswith(("=", "+", "-", "@", "＝")))
    raw = io.BytesIO(xlsxreport.render(plan, data, "zh"))
    import zipfile

    sheet_xml = zipfile.ZipFile(raw).read("xl/worksheets/sheet1.xml")
    assert not [e for e in ET.fromstring(sheet_xml).iter() if e.tag.endswith("}f")]  # no <f> element at all


# -- round trips ----------------------------------------------------------------


@pytest.mark.parametrize("report", [*GOOD, BASE], ids=lambda p: p.name)
def test_yaml_to_workbook_to_yaml_keeps_the_report(run, tmp_path, report):
    book, back = tmp_path / "r.xlsx", tmp_path / "r.yaml"
    assert run("convert", str(report), "-o", str(book)).exit_code == 0
    assert run("convert", str(book), "-o", str(back)).exit_code == 0
    original = load_bytes(report.read_bytes()).data
    assert load_bytes(back.read_bytes()).data == _without_empty_optional(original)
    assert _data(book) == _without_empty_optional(original)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_workbook_to_yaml_to_workbook_keeps_the_report(run, plan, tmp_path, language):
    data = {
        "unit": "市公安局",
        "period": "2025-H2",
        "submitted": "2025-12-19",
        "contact": {"name": "和丽华", "phone": "0888-5122316", "email": "a@example.cn"},
        "measures": [
            {"id": "3.10", "status": "not-applicable", "account": "第一行\n第二行\n", "reason": "=本期无"},
            {"id": "3.1", "status": "completed", "account": "  前有空格", "figures": {"人数": 3, "金额": "2.50"}},
            {"id": "2.4", "status": "ongoing", "account": "-", "figures": {"a: b": 0}},
        ],
    }
    first = tmp_path / "a.xlsx"
    first.write_bytes(xlsxreport.render(plan, data, language))
    assert run("convert", str(first), "-o", str(tmp_path / "a.yaml")).exit_code == 0
    assert run("convert", str(tmp_path / "a.yaml"), "-o", str(tmp_path / "b.xlsx")).exit_code == 0
    assert _data(first) == _data(tmp_path / "b.xlsx") == load_bytes((tmp_path / "a.yaml").read_bytes()).data
    assert _data(first)["measures"][0]["id"] == "3.10"


def _without_empty_optional(data: dict[str, Any]) -> dict[str, Any]:
    """A workbook has no empty-but-present optional value: an empty contact or reason is left out.

    A status written as a Chinese word (已完成) is read as its code (completed), in a workbook as anywhere.
    """
    from lijiang_plan.reports.statuses import canonical

    data = dict(data)
    contact = {k: v for k, v in (data.get("contact") or {}).items() if v not in ("", None)}
    data.pop("contact", None)
    if contact:
        data["contact"] = contact
    data["measures"] = [
        {
            k: (canonical(v) or v) if k == "status" else v
            for k, v in m.items()
            if not (k in ("reason", "figures") and v in ("", None, {}))
        }
        for m in data["measures"]
    ]
    return data


def test_yaml_writer_reads_back_to_the_same_data_for_odd_text():
    for text in ["a\nb", "a\nb\n", "  x\ny", "x\n  \ny", "tab\there", "\u2028", "\x85", "true", "3.10", "- x", "#x"]:
        data = {"unit": text, "measures": [{"id": "4.3", "status": "ongoing", "account": text}]}
        assert load_bytes(yamlwrite.dump(data).encode()).data == data, text


def test_a_workbook_saved_again_by_a_spreadsheet_program_still_checks_clean(run, tmp_path):
    book = tmp_path / "r.xlsx"
    run("convert", str(BASE), "-o", str(book))
    workbook = openpyxl.load_workbook(book)
    workbook.save(book)
    assert run("check", str(book)).exit_code == 0


# -- convert refuses -------------------------------------------------------------


def test_convert_refuses_to_overwrite_without_force(run, tmp_path):
    out = tmp_path / "r.xlsx"
    out.write_bytes(b"mine")
    result = run("convert", str(BASE), "-o", str(out))
    assert result.exit_code == 2 and "--force" in result.stderr and out.read_bytes() == b"mine"
    assert run("convert", str(BASE), "-o", str(out), "--force").exit_code == 0


@pytest.mark.parametrize(
    ("source", "output"), [("r.yaml", "r.yaml"), ("r.xlsx", "r.xlsx"), ("r.txt", "r.xlsx"), ("r.yaml", "r.csv")]
)
def test_convert_needs_one_yaml_and_one_workbook(run, tmp_path, source, output):
    result = run("convert", str(tmp_path / source), "-o", str(tmp_path / output))
    assert result.exit_code == 2 and "Traceback" not in result.stderr


def test_convert_lists_what_stops_a_report_being_converted(run, tmp_path):
    bad = tmp_path / "r.yaml"
    bad.write_text(BASE.read_text(encoding="utf-8").replace('id: "4.3"', "id: 4"), encoding="utf-8")
    result = run("convert", str(bad), "-o", str(tmp_path / "r.xlsx"))
    assert result.exit_code == 1 and "(wrong-type)" in result.stderr and "not converted" in result.stderr
    assert not (tmp_path / "r.xlsx").exists()


def test_convert_keeps_plan_problems_for_check(run, tmp_path):
    half = tmp_path / "r.yaml"
    run("template", "-u", "市公安局", "-p", "2025-H1", "-o", str(half))
    assert run("convert", str(half), "-o", str(tmp_path / "r.xlsx")).exit_code == 0


def test_convert_a_workbook_to_yaml_on_stdout(run, tmp_path):
    book = tmp_path / "r.xlsx"
    run("convert", str(BASE), "-o", str(book))
    result = run("convert", str(book), "-o", "-")
    assert result.exit_code == 0 and load_bytes(result.stdout.encode()).data["unit"] == "丽江火车站"


# -- findings name cells in every format ------------------------------------------


@pytest.fixture
def broken_book(run, tmp_path) -> Path:
    book = tmp_path / "r.xlsx"
    run("convert", str(BASE), "-o", str(book))
    workbook = openpyxl.load_workbook(book)
    workbook.worksheets[0]["D12"] = "推进中"
    workbook.save(book)
    return book


def test_text_output_names_file_sheet_and_cell(run, broken_book):
    result = run("check", str(broken_book))
    assert result.exit_code == 1
    sheet = openpyxl.load_workbook(broken_book).sheetnames[0]
    assert result.stdout.startswith(f"{broken_book}:{sheet}!D12: [error] 'status' of measure 4.8 is '推进中'")


def test_json_sarif_github_junit_give_row_column_and_cell(run, broken_book):
    sheet = openpyxl.load_workbook(broken_book).sheetnames[0]
    (f,) = json.loads(run("check", "-f", "json", str(broken_book)).stdout)["findings"]
    assert (f["line"], f["column"], f["cell"]) == (12, 4, f"{sheet}!D12")
    sarif = json.loads(run("check", "-f", "sarif", str(broken_book)).stdout)
    (location,) = sarif["runs"][0]["results"][0]["locations"]
    assert location["physicalLocation"]["region"] == {"startLine": 12, "startColumn": 4}
    assert location["logicalLocations"][0]["fullyQualifiedName"] == f"{sheet}!D12"
    github = run("check", "-f", "github", str(broken_book)).stdout
    assert ",line=12,col=4," in github and f"::{sheet}!D12: " in github
    junit = run("check", "-f", "junit", str(broken_book)).stdout
    assert f"{broken_book}:{sheet}!D12: [error]" in junit


def test_a_folder_mixing_yaml_and_workbooks_is_checked_and_summarised(run, tmp_path):
    folder = tmp_path / "2025-H1"
    folder.mkdir()
    shutil.copy(BASE, folder / "a.yaml")
    run("convert", str(EXAMPLES / "good-education-sports-2025-H1.yaml"), "-o", str(folder / "b.xlsx"))
    (folder / "~$b.xlsx").write_bytes(b"lock")
    out = json.loads(run("check", "-f", "json", str(folder)).stdout)
    assert [os.path.basename(f["path"]) for f in out["files"]] == ["a.yaml", "b.xlsx"]
    assert all(f["passed"] for f in out["files"])
    summary = json.loads(run("summary", str(folder), "-p", "2025-H1", "-f", "json").stdout)
    counted = {f["path"].rsplit("/", 1)[-1]: f["use"] for f in summary["files"]}
    assert counted == {"a.yaml": "counted", "b.xlsx": "counted"}
    units = {u["unit_id"]: u["status"] for u in summary["units"]}
    assert sum(status == "on-time" for status in units.values()) == 2


def test_checking_yaml_alone_never_imports_openpyxl():
    code = (
        "import sys\nfrom lijiang_plan.cli import cli\n"
        f"try:\n    cli(['check', {str(BASE)!r}], prog_name='lplan')\nexcept SystemExit:\n    pass\n"
        "print('openpyxl' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.splitlines()[-1] == "False"


def test_workbook_findings_speak_chinese_with_the_same_rule_and_cell(run, tmp_path):
    book = tmp_path / "r.xlsx"
    run("convert", str(BASE), "-o", str(book))
    workbook = openpyxl.load_workbook(book)
    workbook.worksheets[0]["E11"] = "=A1"
    workbook.create_sheet("Sheet1")
    workbook.save(book)
    english = json.loads(run("check", "-f", "json", str(book)).stdout)["findings"]
    chinese = json.loads(run("--lang", "zh", "check", "-f", "json", str(book)).stdout)["findings"]
    assert [(f["rule"], f["cell"]) for f in english] == [(f["rule"], f["cell"]) for f in chinese]
    assert {f["rule"] for f in chinese} == {"formula", "extra-sheet"}
    assert all("lplan" in f["message"] and f["message"] != e["message"] for f, e in zip(chinese, english))
    assert any("从不计算公式" in f["message"] for f in chinese)


# -- finding the report in a sheet a person has edited ---------------------------------------


@pytest.fixture
def good_book(run, tmp_path) -> Path:
    """The filled-in example report as a workbook (it checks clean)."""
    book = tmp_path / "r.xlsx"
    assert run("convert", str(BASE), "-o", str(book)).exit_code == 0
    assert run("check", str(book)).exit_code == 0
    return book


def _edited(book: Path, edit: Any) -> Path:
    workbook = openpyxl.load_workbook(book)
    edit(workbook)
    workbook.save(book)
    return book


def _findings(run: Any, book: Path) -> list[tuple[str, str, str]]:
    result = run("check", "-f", "json", str(book))
    return [(f["rule"], f["cell"], f["message"]) for f in json.loads(result.stdout)["findings"]]


def test_a_sheet_without_its_title_rows_still_reads_every_field(run, good_book):
    assert _findings(run, _edited(good_book, lambda wb: wb.worksheets[0].delete_rows(1, 2))) == []


def test_a_note_beside_the_title_is_not_an_unknown_field(run, good_book):
    def note(workbook: Any) -> None:
        workbook.worksheets[0]["B1"] = "（2025年6月修订）"

    assert _findings(run, _edited(good_book, note)) == []


def test_an_unknown_label_with_a_value_below_the_title_is_named(run, good_book):
    def extra(workbook: Any) -> None:
        workbook.worksheets[0]["A2"], workbook.worksheets[0]["B2"] = "备注", "见附件"

    sheet = openpyxl.load_workbook(good_book).sheetnames[0]
    ((rule, cell, message),) = _findings(run, _edited(good_book, extra))
    assert (rule, cell) == ("unknown-field", f"{sheet}!A2")
    assert message.startswith("'备注' is not a field of the report (it has ")


def test_a_field_given_twice_is_a_duplicate_naming_the_first_row(run, good_book):
    def twice(workbook: Any) -> None:
        sheet = workbook.worksheets[0]
        sheet["A9"], sheet["B9"] = sheet["A3"].value, "市教育局"

    book = _edited(good_book, twice)
    sheet = openpyxl.load_workbook(book).sheetnames[0]
    label = openpyxl.load_workbook(book).worksheets[0]["A3"].value
    assert _findings(run, book) == [
        ("duplicate-key", f"{sheet}!A9", f"'{label}' appears twice (first in row 3); keep one")
    ]


def test_the_sheet_named_as_the_report_is_read_before_an_earlier_copy(run, good_book):
    def copy_first(workbook: Any) -> None:
        copy = workbook.copy_worksheet(workbook.worksheets[0])
        copy.title = "草稿"
        copy["B3"] = "不存在的单位"
        workbook.move_sheet(copy, offset=-len(workbook.sheetnames) + 1)

    book = _edited(good_book, copy_first)
    assert openpyxl.load_workbook(book).sheetnames[0] == "草稿"
    ((rule, cell, message),) = _findings(run, book)  # the copy's unknown unit is never read
    assert (rule, cell) == ("extra-sheet", "草稿!A1")
    assert message.startswith("extra sheet '草稿': lplan reads only the report sheet 'Report',")


@pytest.mark.parametrize(("below_header", "cut"), [(5000, False), (5001, True)])
def test_a_table_running_past_5000_rows_is_named_and_read_no_further(run, good_book, below_header, cut):
    """Bounded work on a pasted sheet, never silent: rows past the 5,000th below the header are named, not read."""
    header = 10

    def far_row(workbook: Any) -> None:
        workbook.worksheets[0].cell(header + below_header, 1, "9.9")

    found = _findings(run, _edited(good_book, far_row))
    sheet = openpyxl.load_workbook(good_book).sheetnames[0]
    if cut:
        assert found == [
            (
                "too-complex",
                f"{sheet}!A{header + 5001}",
                "the table runs on for more than 5,000 rows below its header, far more than any report"
                " (one row per measure); only those rows are read: is this the right sheet?",
            )
        ]
    else:  # the last row read: an entry like any other
        assert [(rule, cell) for rule, cell, _message in found if cell.startswith(f"{sheet}!A")] == [
            ("unknown-measure", f"{sheet}!A{header + 5000}")
        ]


def test_an_empty_row_or_one_left_with_only_its_title_inside_the_table_is_not_an_entry(run, good_book):
    def gaps(workbook: Any) -> None:
        sheet = workbook.worksheets[0]
        sheet.insert_rows(12)  # an empty row between two entries
        last = sheet.max_row + 2
        sheet.cell(last, 2, "（以下空白）")  # a note in the title column below the table

    assert _findings(run, _edited(good_book, gaps)) == []


def _set(**cells: Any) -> Any:
    def edit(workbook: Any) -> None:
        for name, value in cells.items():
            workbook.worksheets[0][name] = value

    return edit


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"B3": "#N/A"}, [("wrong-type", "B3", "'unit' holds the error value #N/A; type the value itself")]),
        ({"G11": "=A1"}, [("formula", "G11", "")]),
        ({"F12": "=A1"}, [("formula", "F12", "")]),
        ({"G11": "   "}, []),
        ({"B5": dt.datetime(2025, 6, 16, 14, 30)}, []),
        ({"B5": True}, [("wrong-type", "B5", "'submitted' must be text, but the cell holds the yes/no value TRUE;")]),
        ({"F12": 12}, [("invalid-value", "F12", "'figures' of measure 4.8 is the bare number 12;")]),
        (
            {"A12": None, "D12": "推进中"},
            [
                ("missing-cooperate", "A10", "measure 4.8 (动员社会力量支持和参与) is not reported"),
                ("unknown-measure", "A12", "the plan has no measure ''"),
                ("invalid-value", "D12", "'status' of measures entry 2 is '推进中'"),
            ],
        ),
        (
            {"A12": 4.8, "D12": "推进中"},
            [
                ("missing-cooperate", "A10", "measure 4.8 (动员社会力量支持和参与) is not reported"),
                ("wrong-type", "A12", "the measure ID in A12 is the number 4.8, not text"),
                ("invalid-value", "D12", "'status' of measures entry 2 is '推进中'"),
            ],
        ),
    ],
    ids=[
        "error-in-a-field",
        "formula-in-reason",
        "formula-in-figures",
        "blank-reason",
        "date-with-time",
        "yes-no-date",
        "bare-number-figures",
        "no-id",
        "number-id",
    ],
)
def test_what_a_cell_holds_is_read_as_a_person_meant_or_named(run, good_book, cells, expected):
    """Each case's every finding, by rule, cell and the start of its message."""
    book = _edited(good_book, _set(**cells))
    sheet = openpyxl.load_workbook(book).sheetnames[0]
    found = _findings(run, book)
    assert [(rule, cell) for rule, cell, _message in found] == [(r, f"{sheet}!{c}") for r, c, _start in expected]
    for (_rule, _cell, message), (_r, _c, start) in zip(found, expected):
        assert message.startswith(start), message


def test_a_date_where_text_belongs_and_a_blank_reason_convert_as_a_person_meant(run, good_book, tmp_path):
    edit = _set(E11=dt.datetime(2025, 3, 8), E12=dt.datetime(2025, 3, 8, 9, 30), G11="   ")
    out = tmp_path / "back.yaml"
    assert run("convert", str(_edited(good_book, edit)), "-o", str(out)).exit_code == 0
    measures = load_bytes(out.read_bytes()).data["measures"]
    assert [m["account"] for m in measures] == ["2025-03-08", "2025-03-08 09:30:00"]
    assert "reason" not in measures[0]


@pytest.mark.parametrize(("header", "column"), [("D10", "状态/Status"), ("E10", "工作情况/Account")])
def test_a_column_missing_from_the_header_is_named_there_and_each_entry_at_its_row(run, good_book, header, column):
    book = _edited(good_book, _set(**{header: None}))
    sheet = openpyxl.load_workbook(book).sheetnames[0]
    field = column.split("/")[1].lower()
    assert _findings(run, book) == [
        (
            "missing-field",
            f"{sheet}!A10",
            f"the table has no column {column} in row 10; add it (or make the workbook again with lplan template)",
        ),
        ("missing-field", f"{sheet}!A11", f"missing required field '{field}' in measure 4.3"),
        ("missing-field", f"{sheet}!A12", f"missing required field '{field}' in measure 4.8"),
    ]


@pytest.mark.parametrize(
    ("rows_above", "columns_before", "found"),
    [(50, 0, True), (51, 0, False), (0, 2, True), (0, 3, False)],
    ids=["header-in-row-60", "header-in-row-61", "id-in-column-C", "id-in-column-D"],
)
def test_the_table_header_is_looked_for_in_the_first_60_rows_and_3_columns(
    run, good_book, rows_above, columns_before, found
):
    def move(workbook: Any) -> None:
        sheet = workbook.worksheets[0]
        sheet.insert_rows(1, rows_above) if rows_above else sheet.insert_cols(1, columns_before)

    rules = [rule for rule, _cell, _message in _findings(run, _edited(good_book, move))]
    if found:
        assert "no-report-sheet" not in rules
    else:
        assert rules == ["no-report-sheet"]


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            {"F11": "宣传活动场次 6"},
            ("invalid-value", "F11", "'figures' of measure 4.3: '宣传活动场次 6' is not 'label: number';"),
        ),
        (
            {"F11": "宣传活动场次: 6\n: 5"},
            ("invalid-value", "F11", "'figures' of measure 4.3: ': 5' is not 'label: number';"),
        ),
        (
            {"F11": "宣传活动场次: 6；宣传活动场次: 7"},
            ("duplicate-key", "F11", "'figures' of measure 4.3: '宣传活动场次' appears twice;"),
        ),
        (
            {"E11": 3.5},
            ("wrong-type", "E11", "'account' of measure 4.3 must be text, but the cell holds the number 3.5;"),
        ),
        (
            {"E11": 12},
            ("wrong-type", "E11", "'account' of measure 4.3 must be text, but the cell holds the number 12;"),
        ),
    ],
    ids=["no-colon", "no-label", "label-twice", "fraction-as-account", "whole-number-as-account"],
)
def test_figures_and_numbers_in_cells_are_named_as_written(run, good_book, cells, expected):
    book = _edited(good_book, _set(**cells))
    sheet = openpyxl.load_workbook(book).sheetnames[0]
    ((rule, cell, message),) = _findings(run, book)
    assert (rule, cell) == (expected[0], f"{sheet}!{expected[1]}")
    assert message.startswith(expected[2]), message


@pytest.mark.parametrize(
    ("number", "start"),
    [
        (36526, "submitted in B5 is the number 36526, which is how a spreadsheet stores 2000-01-01 when"),
        (36525, "submitted in B5 is the number 36525, not a date; type the date, e.g. 2025-06-18"),
        (73050, "submitted in B5 is the number 73050, which is how a spreadsheet stores 2099-12-31 when"),
        (73051, "submitted in B5 is the number 73051, not a date; type the date, e.g. 2025-06-18"),
    ],
)
def test_a_date_that_lost_its_format_is_recognised_from_2000_to_2099(run, good_book, number, start):
    def number_in_b5(workbook: Any) -> None:
        workbook.worksheets[0]["B5"] = number
        workbook.worksheets[0]["B5"].number_format = "General"

    found = [(rule, message) for rule, _cell, message in _findings(run, _edited(good_book, number_in_b5))]
    assert [rule for rule, _message in found] == ["bad-date"] and found[0][1].startswith(start), found


@pytest.mark.parametrize(("length", "shown"), [(40, "=" + "A1+" * 13), (41, "=" + "A1+" * 12 + "A1…")])
def test_a_formula_is_shown_whole_up_to_40_characters(run, good_book, length, shown):
    formula = ("=" + "A1+" * 14)[:length]
    book = _edited(good_book, _set(E11=formula))
    ((rule, _cell, message),) = _findings(run, book)
    assert rule == "formula" and message.startswith(f"E11 holds the formula {shown};"), message


def test_a_workbook_listing_no_sheets_says_so(run, good_book, tmp_path):
    import re
    import zipfile

    bare = tmp_path / "bare.xlsx"
    with zipfile.ZipFile(good_book) as source, zipfile.ZipFile(bare, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", data, flags=re.S)
            target.writestr(item, data)
    result = run("check", "-f", "json", str(bare))
    assert result.exit_code == 1
    assert [(f["rule"], f["line"], f["column"], f["message"]) for f in json.loads(result.stdout)["findings"]] == [
        ("no-report-sheet", 1, 1, "the workbook has no sheets")
    ]


GOLDEN_LAYOUT = REPO / "tests" / "golden" / "template-workbook-layout.json"


def _layout(book: Any) -> dict[str, Any]:
    """What a person sees of the template's layout: widths, panes, print set-up, drop-downs, locks."""
    sheets = {}
    for sheet in book.worksheets:
        first = sheet.min_row if sheet.title != book.worksheets[0].title else 11
        sheets[sheet.title] = {
            "widths": {letter: dim.width for letter, dim in sorted(sheet.column_dimensions.items()) if dim.width},
            "freeze_panes": sheet.freeze_panes,
            "print_title_rows": sheet.print_title_rows,
            "orientation": sheet.page_setup.orientation,
            "fit_to_width": sheet.page_setup.fitToWidth,
            "fit_to_height": sheet.page_setup.fitToHeight,  # 0: as many pages as the table needs
            "fit_to_page": sheet.sheet_properties.pageSetUpPr.fitToPage if sheet.sheet_properties.pageSetUpPr else None,
            "print_area": sheet.print_area,
            "formatting_locked": [sheet.protection.formatColumns, sheet.protection.formatRows],
            "wrapped_in_first_row": [c.column_letter for c in sheet[first] if c.alignment.wrap_text],
            "validations": sorted(f"{v.sqref}: {v.formula1}" for v in sheet.data_validations.dataValidation),
            "protected": bool(sheet.protection.sheet),
            "editable_in_first_row": [c.column_letter for c in sheet[first] if c.protection.locked is False],
            "merged": sorted(str(r) for r in sheet.merged_cells.ranges),
            "heading": [  # the title and the field labels above the table: text, bold, size
                [f"A{row}", sheet.cell(row, 1).value, sheet.cell(row, 1).font.b, sheet.cell(row, 1).font.sz]
                for row in range(1, 11)
                if sheet.cell(row, 1).value is not None
            ],
        }
    return sheets


def test_template_layout_is_the_reviewed_one(run, tmp_path):
    """Column widths, panes, print set-up, drop-downs and locks, against a reviewed golden file.

    After a deliberate change: LPLAN_UPDATE_GOLDEN=1 python -m pytest tests/acceptance/test_workbooks.py, then review the diff.
    """
    layout = {
        language: _layout(_template(run, tmp_path / f"{language}.xlsx", env={"LANG": locale}))
        for language, locale in (("zh", "zh_CN.UTF-8"), ("en", "C.UTF-8"))
    }
    if os.environ.get("LPLAN_UPDATE_GOLDEN"):
        GOLDEN_LAYOUT.write_text(json.dumps(layout, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert layout == json.loads(GOLDEN_LAYOUT.read_text(encoding="utf-8"))


def test_a_field_row_deleted_from_the_sheet_is_named_at_the_sheets_first_cell(run, good_book):
    book = _edited(good_book, lambda workbook: workbook.worksheets[0].delete_rows(3))  # the unit's row
    sheet = openpyxl.load_workbook(book).sheetnames[0]
    ((rule, cell, message),) = _findings(run, book)
    assert (rule, cell) == ("missing-field", f"{sheet}!A1") and "unit" in message


def test_a_cell_of_an_entry_without_a_text_id_names_the_entry_by_its_place(run, good_book):
    book = _edited(good_book, _set(A12=None, F12=12))
    messages = [message for rule, _cell, message in _findings(run, book) if rule == "invalid-value"]
    assert messages == [
        "'figures' of measures entry 2 is the bare number 12; write one 'label: number' per line, e.g. 宣传活动场次: 12"
    ]


@pytest.mark.parametrize(
    ("cell", "field"),
    [("E11", "an account (required)"), ("G11", "a reason (optional)"), ("F11", "figures (optional)"), ("B7", "phone")],
)
def test_a_formula_in_any_cell_is_one_finding_at_that_cell_and_nothing_else(run, tmp_path, cell, field):
    """The formula is never evaluated; the model must not add 'missing' or 'empty' for the same value."""
    book = tmp_path / "r.xlsx"
    run("convert", str(BASE), "-o", str(book))
    workbook = openpyxl.load_workbook(book)
    workbook.worksheets[0][cell] = "=1+1"
    workbook.save(book)
    findings = json.loads(run("check", "-f", "json", str(book)).stdout)["findings"]
    sheet = workbook.worksheets[0].title
    assert [(f["rule"], f["cell"]) for f in findings] == [("formula", f"{sheet}!{cell}")], field


def test_a_blank_optional_cell_is_no_value_and_a_blank_required_one_is_empty(run, tmp_path):
    book = tmp_path / "r.xlsx"
    run("convert", str(BASE), "-o", str(book))
    workbook = openpyxl.load_workbook(book)
    sheet = workbook.worksheets[0]
    sheet["G11"], sheet["B8"] = "   ", "  "  # a reason and the email: optional
    workbook.save(book)
    assert json.loads(run("check", "-f", "json", str(book)).stdout)["findings"] == []
    sheet["E11"] = "   "  # the account: required
    workbook.save(book)
    findings = json.loads(run("check", "-f", "json", str(book)).stdout)["findings"]
    assert [(f["rule"], f["cell"]) for f in findings] == [("empty-account", f"{sheet.title}!E11")]


def _table_only(path: Path, header_row: int) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Report"
    for column, text in enumerate(["ID", "Measure", "Role", "Status", "Account"], start=1):
        sheet.cell(header_row, column, text)
    for column, text in enumerate(["2.3.1", "", "", "ongoing", "审结。"], start=1):
        sheet.cell(header_row + 1, column, text)
    workbook.save(path)


def test_the_table_header_is_looked_for_in_the_first_60_rows(run, tmp_path):
    _table_only(tmp_path / "r.xlsx", 60)
    assert _data(tmp_path / "r.xlsx")["measures"] == [{"id": "2.3.1", "status": "ongoing", "account": "审结。"}]
    _table_only(tmp_path / "r.xlsx", 61)
    findings = json.loads(run("check", "-f", "json", str(tmp_path / "r.xlsx")).stdout)["findings"]
    assert [f["rule"] for f in findings] == ["no-report-sheet"]


def test_a_table_whose_header_is_the_first_row_is_found(run, tmp_path):
    """A sheet made by hand may start with the table: its entries are read, the missing fields named."""
    _table_only(tmp_path / "r.xlsx", 1)
    findings = json.loads(run("check", "-f", "json", str(tmp_path / "r.xlsx")).stdout)["findings"]
    assert [(f["rule"], f["cell"], f["message"]) for f in findings] == [
        ("missing-field", "Report!A1", f"missing required field '{field}'") for field in ("unit", "period", "submitted")
    ]
    assert _data(tmp_path / "r.xlsx")["measures"] == [{"id": "2.3.1", "status": "ongoing", "account": "审结。"}]


def test_a_whole_number_stored_with_a_decimal_point_is_named_as_the_whole_number(run, tmp_path):
    book = tmp_path / "r.xlsx"
    run("convert", str(BASE), "-o", str(book))
    workbook = openpyxl.load_workbook(book)
    workbook.worksheets[0]["E11"] = 3
    workbook.save(book)
    _store_as(book, "E11", "3.0")  # as some programs store a whole number
    (found,) = json.loads(run("check", "-f", "json", str(book)).stdout)["findings"]
    assert found["message"] == (
        "'account' of measure 4.3 must be text, but the cell holds the number 3; format the cell as Text and type it again"
    )


def _store_as(book: Path, ref: str, stored: str) -> None:
    """Rewrite the number stored in cell ``ref`` of the first sheet as the text ``stored``."""
    import re
    import zipfile

    with zipfile.ZipFile(book) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    pattern = re.compile(rb'(<c r="' + ref.encode() + rb'"[^>]*><v>)[^<]*(</v>)')
    parts[sheet], count = pattern.subn(rb"\g<1>" + stored.encode() + rb"\g<2>", parts[sheet])
    assert count == 1
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)


def test_a_period_typed_in_words_into_the_cell_is_the_period(run, tmp_path):
    book = _template(run, tmp_path / "t.xlsx", env={"LANG": "zh_CN.UTF-8"})
    sheet = book["填报"]
    assert sheet["A4"].value == "报告期"
    sheet["B4"] = "2025年上半年"
    sheet["B5"] = dt.date(2025, 6, 10)
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    found = json.loads(run("check", "-f", "json", str(filled), env={"LANG": "zh_CN.UTF-8"}).stdout)["findings"]
    assert not [f for f in found if f["rule"] == "bad-period"]
    summary = json.loads(run("summary", str(tmp_path), "-p", "2025-H1", "-f", "json").stdout)
    counted = [row for row in summary["units"] if row["unit_id"] == "public-security"]
    assert counted[0]["status"] == "on-time"  # not unreadable: its period was read


# -- workbook words for workbook users ------------------------------------------------------------

ZH = {"LANG": "zh_CN.UTF-8"}


def test_not_applicable_without_a_reason_points_at_the_reason_cell_in_workbook_words(run, tmp_path):
    book = _template(run, tmp_path / "t.xlsx", env=ZH)
    sheet = book["填报"]
    sheet["B5"] = dt.date(2025, 6, 10)
    row = 11
    while sheet.cell(row, 1).value:
        sheet.cell(row, 5).value = "已开展。"
        row += 1
    sheet["D14"] = "不适用"
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    measure = sheet["A14"].value
    (found,) = json.loads(run("check", "-f", "json", str(filled), env=ZH).stdout)["findings"]
    assert (found["rule"], found["cell"]) == ("missing-reason", "填报!G14")
    assert found["message"] == f"措施 {measure} 为不适用，但未写原因；请在“不适用原因”栏填写原因"
    assert "reason:" not in found["message"]


@pytest.mark.parametrize("env, error", [(ZH, "请从下拉列表中选择状态："), ({}, "Pick the status from the list: ")])
def test_the_status_drop_down_speaks_the_workbooks_language_only(run, tmp_path, env, error):
    book = _template(run, tmp_path / "t.xlsx", env=env)
    (check,) = book.worksheets[0].data_validations.dataValidation
    assert check.error.startswith(error)
    assert ("pick" in check.error.lower()) == (env == {}) and ("请" in check.error) == (env == ZH)


def test_convert_under_chinese_writes_yaml_as_template_does(run, plan, tmp_path):
    unit = "市残联"  # a unit that both leads and cooperates
    template = run("template", "-u", unit, "-p", "2025-H1", env=ZH).stdout
    book = tmp_path / "r.xlsx"
    assert run("template", "-u", unit, "-p", "2025-H1", "-o", str(book), env=ZH).exit_code == 0
    converted = run("convert", str(book), "-o", "-", env=ZH).stdout
    comments = [line for line in template.splitlines() if line.startswith("  # ")]
    assert [line for line in converted.splitlines() if line.startswith("  # ")] == comments
    assert any("(配合)" in line for line in comments) and not any("cooperate" in line for line in comments)
    assert "status: 进行中" in converted and "status: ongoing" not in converted
    english = run("convert", str(book), "-o", "-").stdout
    assert "status: ongoing" in english and "(配合 cooperate)" in english
    back = tmp_path / "back.yaml"
    back.write_text(converted, encoding="utf-8")
    assert _data(back)["measures"] == _data(book)["measures"]  # the words read back as the codes

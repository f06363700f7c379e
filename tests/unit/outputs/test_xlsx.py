"""The xlsx writer of the registry: exports and the summary as workbooks, read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import openpyxl
import pytest

from lijiang_plan.outputs import writers
from lijiang_plan.outputs.datasets import DATASETS
from lijiang_plan.table import Column, Output, Table
from tests.conftest import REPO

EXAMPLES = REPO / "examples" / "reports"


def _book(run, tmp_path: Path, *args: str):
    out = tmp_path / "out.xlsx"
    result = run(*args, "--format", "xlsx", "-o", str(out))
    assert result.exit_code in (0, 1), result.stderr
    return openpyxl.load_workbook(out)


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_export_has_the_json_rows_under_the_csv_header(run, tmp_path, dataset):
    sheet = _book(run, tmp_path, "export", dataset)[dataset]
    rows = json.loads(run("export", dataset, "--format", "json").stdout)
    header = run("export", dataset).stdout.splitlines()[0].split(",")
    assert [c.value for c in sheet[1]] == header
    assert sheet.max_row == len(rows) + 1
    assert sheet.freeze_panes == "B2"


def test_export_cells_are_typed(run, tmp_path):
    sheet = _book(run, tmp_path, "export", "measures")["measures"]
    ids = {row[0].value: row[0] for row in sheet.iter_rows(min_row=2)}
    assert "3.10" in ids and "3.1" in ids and ids["3.10"].data_type == "s"  # 3.10 never becomes 3.1
    lead = next(c for c in sheet[1] if c.value == "lead_ids").column
    assert ";" in str(sheet.cell(row=2, column=lead).value) or sheet.cell(row=2, column=lead).data_type == "s"
    deadlines = _book(run, tmp_path, "export", "deadlines", "--force")["deadlines"]
    due, before, reporters = (deadlines.cell(row=2, column=c).value for c in (2, 3, 4))
    assert isinstance(due, dt.datetime) and deadlines.cell(row=2, column=2).number_format == "yyyy-mm-dd"
    assert before is True and reporters == 39


def _reports(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(EXAMPLES / "good-education-sports-2025-H1.yaml", folder)
    (folder / "2025-H1-市外办.ods").write_bytes(b"PK\x03\x04")  # unreadable, told by its name
    return folder


def test_summary_workbook_has_every_table_and_a_coloured_matrix(run, tmp_path):
    folder = _reports(tmp_path)
    book = _book(run, tmp_path, "summary", str(folder), "--period", "2025-H1")
    assert book.sheetnames == ["Units", "Measures", "Coverage matrix", "Files", "Findings"]
    document = json.loads(run("summary", str(folder), "-p", "2025-H1", "-f", "json").stdout)
    assert book["Units"].max_row == len(document["units"]) + 1
    assert book["Coverage matrix"]["C1"].value == "1.1.1"
    rules = book["Coverage matrix"].conditional_formatting
    assert len(list(rules)) == 1 and len(next(iter(rules)).rules) == 6
    errors = next(c for c in book["Units"][1] if c.value == "Errors").column
    assert isinstance(book["Units"].cell(row=2, column=errors).value, int)


def test_summary_workbook_of_one_table(run, tmp_path):
    folder = _reports(tmp_path)
    assert _book(run, tmp_path, "summary", str(folder), "-p", "2025-H1", "-t", "measures").sheetnames == ["Measures"]


def _values(sheet) -> list[dict[str, object]]:
    head = [c.value for c in sheet[1]]
    return [dict(zip(head, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]


def test_the_office_workbook_speaks_chinese_and_keeps_the_codes_for_formulas(run, plan, tmp_path):
    folder = _reports(tmp_path)
    out = tmp_path / "s.xlsx"
    zh = {"LANG": "zh_CN.UTF-8"}
    assert run("summary", str(folder), "-p", "2025-H1", "-o", str(out), env=zh).exit_code == 1
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["单位", "措施", "覆盖矩阵", "文件", "问题清单"]
    units = {row["unit_id"]: row for row in _values(book["单位"])}
    education, foreign = units["education-sports"], units["foreign-affairs-office"]
    assert (education["单位"], education["类别"], education["状态"]) == ("市教育体育局", "部门", "按时")
    assert (education["kind"], education["status"]) == ("department", "on-time")  # the codes, for COUNTIF and scripts
    assert (foreign["状态"], foreign["status"]) == ("无法读取", "unreadable")
    assert units["gucheng"]["类别"] == "县（区）反拐办"
    measure = _values(book["措施"])[0]
    lead = [plan.unit_name(u, "simplified") for u in plan.node("1.1.1")["lead"]]
    assert measure["负责单位"] == "、".join(lead) and measure["齐全"] == "否"
    matrix = {row["unit_id"]: row for row in _values(book["覆盖矩阵"])}
    assert matrix["education-sports"]["1.1.4"] == "负责：已报告"
    duty = plan.duties("foreign-affairs-office")[0]
    assert (
        matrix["foreign-affairs-office"][duty.measure]
        == {"lead": "负责：未报告", "cooperate": "配合：未报告"}[duty.role]
    )
    assert matrix["gucheng"]["1.1.1"] == "县（区）：未报告"
    formulas = [r.formula[0] for rule in book["覆盖矩阵"].conditional_formatting for r in rule.rules]
    assert 'EXACT(C2,"负责：未报告")' in formulas
    files = {row["文件"]: row for row in _values(book["文件"])}
    ods = files[str(folder / "2025-H1-市外办.ods")]
    assert (ods["计入情况"], ods["可读取"], ods["单位判断依据"], ods["matched_by"]) == (
        "已计入",
        "否",
        "文件名",
        "file-name",
    )
    (finding,) = [row for row in _values(book["问题清单"]) if row["unit_id"] == "foreign-affairs-office"]
    assert (finding["级别"], finding["level"], finding["规则"]) == ("错误", "error", "unsupported-format")
    import pandas

    frame = pandas.read_excel(out, sheet_name="单位", engine="openpyxl")
    assert frame.set_index("unit_id").loc["education-sports", "状态"] == "按时"


@pytest.mark.parametrize("text", ["=1+2", "+86", "-x", "@SUM(A1)", "＝1", " =cmd|' /C calc'!A0"])
def test_nothing_the_writer_gets_becomes_a_formula(text):
    table = Table(
        [Column("path"), Column("ids", "ids"), Column("n", "integer")],
        [{"path": text, "ids": [text], "n": 1}],
        name="t",
    )
    content = writers.render(Output([table]), "xlsx")
    assert isinstance(content, bytes)
    sheet = openpyxl.load_workbook(io.BytesIO(content))["t"]
    assert [(c.value, c.data_type) for c in sheet[2]] == [(text, "s"), (text, "s"), (1, "n")]
    assert sheet["A2"].quotePrefix
    xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert not [e for e in ET.fromstring(xml).iter() if e.tag.endswith("}f")]


def test_sheet_names_are_made_valid_and_unique():
    tables = [Table([Column("a")], [], name=n) for n in ("a/b", "A/B", "x" * 40)]
    assert openpyxl.load_workbook(io.BytesIO(writers.render(Output(tables), "xlsx"))).sheetnames == [
        "a_b",
        "A_B_2",
        "x" * 31,
    ]


def test_a_workbook_is_refused_at_a_terminal(run, monkeypatch):
    monkeypatch.setattr(writers.cells, "is_terminal", lambda stream: True)
    result = run("measures", "--format", "xlsx")
    assert result.exit_code == 2 and "-o FILE.xlsx" in result.stderr


def test_a_query_as_a_workbook_on_a_pipe(run):
    result = run("who-leads", "3.10", "--format", "xlsx")
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"PK")

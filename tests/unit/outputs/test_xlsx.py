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


def test_summary_workbook_has_every_table_and_a_coloured_matrix(run, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(EXAMPLES / "good-education-sports-2025-H1.yaml", folder)
    book = _book(run, tmp_path, "summary", str(folder), "--period", "2025-H1")
    assert book.sheetnames == ["units", "measures", "matrix", "files", "findings"]
    document = json.loads(run("summary", str(folder), "-p", "2025-H1", "-f", "json").stdout)
    assert book["units"].max_row == len(document["units"]) + 1
    assert book["matrix"]["D1"].value == "1.1.1"
    rules = book["matrix"].conditional_formatting
    assert len(list(rules)) == 1 and len(next(iter(rules)).rules) == 4
    errors = next(c for c in book["units"][1] if c.value == "errors").column
    assert isinstance(book["units"].cell(row=2, column=errors).value, int)


def test_summary_workbook_of_one_table(run, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(EXAMPLES / "good-education-sports-2025-H1.yaml", folder)
    assert _book(run, tmp_path, "summary", str(folder), "-p", "2025-H1", "-t", "measures").sheetnames == ["measures"]


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

"""Opening an export in a spreadsheet can never run a formula (OWASP CSV injection).

Two levels: `output.inert` / `output.csv_text` on crafted cells, and a whole
export of a plan whose measure title and text start with formula characters
(the plan data and its source text edited alike, so the plan still validates).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pandas
import pytest

from lijiang_plan.outputs.tables import csv_text, inert
from tests.conftest import REPO

FORMULA_STARTS = tuple("=+-@＝＋－＠\t\r")

HOSTILE = [
    "=1+1",
    "+1",
    "-1",
    "@SUM(A1:A2)",
    "\t=1",
    "\r=1",
    "\tplain after a tab",
    '=HYPERLINK("http://example.invalid","x")',
    "=cmd|' /C calc'!A0",
    " =1+1",
    "\u3000=1+1",  # ideographic space
    "\u00a0+1",  # no-break space
    "\n=1",
    "\ufeff=1",
    "\u200b@x",
    "＝1+1",
    "＋1",
    "－1",
    "＠x",
    "  ＝1",
]

HARMLESS = [
    "",
    "plain",
    "市公安局",
    "a-b",
    "1-2",
    "x=1",
    "mail@example.invalid",
    "加強,規範",
    'say "hi"',
    "line\r\nbreak",
    "trailing -",
    "'quoted already",
    " leading space only",
    "（一）加強",
]


def read_both(text: str) -> tuple[list[list[str]], list[list[str]]]:
    by_csv = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    frame = pandas.read_csv(io.StringIO(text, newline=""), dtype=str, keep_default_na=False)
    by_pandas = [list(frame.columns), *[list(row) for row in frame.itertuples(index=False)]]
    return by_csv, by_pandas


@pytest.mark.parametrize("value", HOSTILE)
def test_inert_prefixes_an_apostrophe_to_formula_like_cells(value):
    assert inert(value) == "'" + value


@pytest.mark.parametrize("value", HARMLESS)
def test_inert_leaves_other_text_exactly_as_it_is(value):
    assert inert(value) == value


@pytest.mark.parametrize("value", [-1, 0, 2.5, None, True])
def test_inert_never_changes_non_text(value):
    assert inert(value) is value


def test_crafted_cells_round_trip_inert_or_exact():
    header = ["id", "value"]
    rows = [[str(i), value] for i, value in enumerate(HOSTILE + HARMLESS)]
    by_csv, by_pandas = read_both(csv_text(header, rows))
    assert by_csv == by_pandas
    assert by_csv[0] == header
    got = {row[0]: row[1] for row in by_csv[1:]}
    for i, value in enumerate(HOSTILE + HARMLESS):
        expected = "'" + value if value in HOSTILE else value
        assert got[str(i)] == expected, repr(value)
        assert not got[str(i)].startswith(FORMULA_STARTS)


def hostile_plan(tmp_path: Path) -> Path:
    """A copy of the plan whose measure 1.1.1 title and text start with formulas, source text edited alike."""
    plan_dir = tmp_path / "plan"
    shutil.copytree(REPO / "plan", plan_dir)
    measures = plan_dir / "measures.yaml"
    source = plan_dir / "source" / "plan-text.txt"
    title, text = "強化人力資源領域防範治理工作", "加強人力資源市場管理"
    yaml_text = measures.read_text(encoding="utf-8")
    source_text = source.read_text(encoding="utf-8")
    assert yaml_text.count(f"title: {title}\n") == 1 and yaml_text.count(f'text: "{text}') == 1
    assert source_text.count(f"(1){title}。{text}") == 1
    yaml_text = yaml_text.replace(f"title: {title}\n", f'title: "=1+1-{title}"\n')
    yaml_text = yaml_text.replace(f'text: "{text}', f'text: "@SUM(1,2)-{text}')
    source_text = source_text.replace(f"(1){title}。{text}", f"(1)=1+1-{title}。@SUM(1,2)-{text}")
    measures.write_text(yaml_text, encoding="utf-8")
    source.write_text(source_text, encoding="utf-8")
    return plan_dir


@pytest.mark.parametrize("excel", [False, True])
def test_hostile_plan_text_is_exported_inert(run, tmp_path, excel):
    plan_dir = hostile_plan(tmp_path)
    args = ["--plan", str(plan_dir), "export", "measures"] + (["--excel"] if excel else [])
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    by_csv, by_pandas = read_both(result.stdout_bytes.decode("utf-8-sig"))
    assert by_csv == by_pandas
    cells = [cell for row in by_csv for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    row = dict(zip(by_csv[0], by_csv[1]))
    assert row["id"] == "1.1.1"
    assert row["title"] == "'=1+1-強化人力資源領域防範治理工作"  # neutralised; the inner "-" and "+" stay
    assert row["text"].startswith("'@SUM(1,2)-加強人力資源市場管理,")

    # JSON is data for scripts, never altered; every other cell matches it exactly.
    records = json.loads(run("--plan", str(plan_dir), "export", "measures", "-f", "json").stdout)
    assert records[0]["title"] == "=1+1-強化人力資源領域防範治理工作"
    for cells_row, record in zip(by_csv[1:], records):
        for key, cell in zip(by_csv[0], cells_row):
            value = record[key]
            value = (";" if key.endswith("_ids") else "、").join(value) if isinstance(value, list) else value
            assert cell in (value, "'" + value), (record["id"], key)
    assert sum(cell.startswith("'") for cell in cells) == 2

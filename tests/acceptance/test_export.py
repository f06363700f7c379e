"""`lplan export`: every dataset, both formats, files, and the ways it can go wrong.

Expectations come from the plan text where they can: each measure's unit
parenthesis "(A、B負責,C、D配合)" in plan/source/plan-text.txt is what the
CSV's lead and cooperate cells must read, and the reporting rule's dates are
what the deadlines must be.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pandas
import pytest

from lijiang_plan.outputs import datasets as exports
from tests.conftest import REPO

SOURCE_LINES = (REPO / "plan" / "source" / "plan-text.txt").read_text(encoding="utf-8").splitlines()
DATASETS = ["measures", "responsibilities", "units", "deadlines"]
BOM = b"\xef\xbb\xbf"
FORMULA_STARTS = tuple("=+-@＝＋－＠\t\r")


def source_units(text: str) -> tuple[list[str], list[str]]:
    """Lead and cooperating unit names from the parenthesis closing the source line that holds ``text``."""
    [line] = [line for line in SOURCE_LINES if text in line]
    inner = re.search(r"\(([^()]*)\)$", line)
    assert inner, line
    lead, _, rest = inner.group(1).partition("負責")
    cooperate = rest.lstrip(",").removesuffix("配合")
    return lead.split("、"), cooperate.split("、") if cooperate else []


def export(run, *args: str) -> bytes:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def read_csv_module(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), strict=True))


def read_pandas(data: bytes) -> list[list[str]]:
    frame = pandas.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return [list(frame.columns), *[list(row) for row in frame.itertuples(index=False)]]


def as_cell(value: object, separator: str) -> str:
    """A JSON value as the documentation (docs/exports.md) says CSV writes it."""
    if isinstance(value, list):
        return separator.join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def separator(key: str) -> str:
    return ";" if key.endswith("_ids") else "、"


# -- round trips ----------------------------------------------------------


@pytest.mark.parametrize("script", ["traditional", "simplified"])
@pytest.mark.parametrize("dataset", DATASETS)
def test_csv_reads_back_identically_with_csv_module_and_pandas_and_matches_json(run, dataset, script):
    data = export(run, "--script", script, "export", dataset)
    records = json.loads(export(run, "--script", script, "export", dataset, "--format", "json"))
    by_csv, by_pandas = read_csv_module(data), read_pandas(data)
    assert by_csv == by_pandas
    keys = [column.key for column in exports.DATASETS[dataset].columns]
    assert by_csv[0] == keys
    assert [list(record) for record in records] == [keys] * len(records)
    # The plan has no cell a spreadsheet could take for a formula, so nothing is altered.
    assert not [cell for row in by_csv for cell in row if cell.startswith(FORMULA_STARTS)]
    expected = [[as_cell(record[key], separator(key)) for key in keys] for record in records]
    assert by_csv[1:] == expected


@pytest.mark.parametrize("dataset", DATASETS)
def test_csv_is_rfc4180_utf8_with_crlf_and_no_bom(run, dataset):
    data = export(run, "export", dataset)
    assert not data.startswith(BOM)
    text = data.decode("utf-8")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")  # no bare LF anywhere: no cell holds a line break


def test_csv_quotes_cells_holding_commas(run, plan):
    rows = read_csv_module(export(run, "export", "measures"))
    texts_with_commas = [mid for mid in plan.leaf_ids() if "," in plan.text(mid, "text")]
    assert texts_with_commas, "the plan's texts use ASCII commas; this test relies on it"
    raw = export(run, "export", "measures").decode("utf-8")
    assert f'"{plan.text(texts_with_commas[0], "text")}"' in raw
    assert {row[0]: row[4] for row in rows[1:]}[texts_with_commas[0]] == plan.text(texts_with_commas[0], "text")


@pytest.mark.parametrize("dataset", DATASETS)
def test_excel_flag_adds_only_a_bom(run, dataset):
    plain = export(run, "export", dataset)
    excel = export(run, "export", dataset, "--excel")
    assert excel.startswith(BOM)
    assert excel[len(BOM) :] == plain
    assert excel.decode("utf-8-sig").endswith("\r\n")
    assert read_pandas(excel) == read_csv_module(plain)


# -- content, from the plan text ---------------------------------------------


def test_measures_units_read_as_the_source_text_names_them(run, plan):
    rows = read_csv_module(export(run, "export", "measures"))
    header, body = rows[0], [dict(zip(rows[0], row)) for row in rows[1:]]
    assert header == [column.key for column in exports.MEASURES]
    assert [row["id"] for row in body] == plan.leaf_ids()
    assert len(body) == 47  # the domain notes' count of leaf measures
    for row in body:
        assert any(row["text"] in line for line in SOURCE_LINES), row["id"]
        lead, cooperate = source_units(row["text"])
        assert row["lead"].split("、") == lead
        assert (row["cooperate"].split("、") if row["cooperate"] else []) == cooperate
        assert [plan.unit_name(uid) for uid in row["lead_ids"].split(";")] == lead
        assert row["id"].startswith(row["section"] + ".") and row["id"].startswith(row["item"])
        assert row["item"].count(".") == 1


def test_measures_json_keeps_lists_and_follows_script(run, plan):
    records = json.loads(export(run, "--script", "simplified", "export", "measures", "-f", "json"))
    first = records[0]
    assert isinstance(first["lead"], list) and isinstance(first["lead_ids"], list)
    assert first["title"] == plan.text(first["id"], "title", "simplified") != plan.text(first["id"], "title")
    assert first["lead"] == [plan.unit_name(uid, "simplified") for uid in first["lead_ids"]]


def test_responsibilities_is_the_long_form_of_the_source_parentheses(run, plan):
    records = json.loads(export(run, "export", "responsibilities", "-f", "json"))
    expected = []
    for mid in plan.leaf_ids():
        lead, cooperate = source_units(plan.text(mid, "text"))
        expected += [(mid, "lead", i, name) for i, name in enumerate(lead, 1)]
        expected += [(mid, "cooperate", i, name) for i, name in enumerate(cooperate, 1)]
    assert [(r["measure"], r["role"], r["position"], r["unit"]) for r in records] == expected
    primaries = [r for r in records if r["primary"] is True]
    assert [(r["measure"], r["position"], r["role"]) for r in primaries] == [(m, 1, "lead") for m in plan.leaf_ids()]
    assert all(r["primary"] is False for r in records if r not in primaries)


def test_responsibilities_row_of_measure_4_8_names_the_group(run):
    rows = read_csv_module(export(run, "export", "responsibilities"))
    body = [dict(zip(rows[0], row)) for row in rows[1:]]
    group_rows = [row for row in body if row["unit_kind"] == "group"]
    named = [(r["measure"], r["role"], r["unit"]) for r in group_rows]
    assert named == [("4.8", "cooperate", "市級聯席會議各成員單位")]  # as the source line of 4.8 names it


def test_units_counts_agree_with_the_measures_export(run, plan):
    measures = json.loads(export(run, "export", "measures", "-f", "json"))
    units = json.loads(export(run, "export", "units", "-f", "json"))
    assert [u["id"] for u in units] == list(plan.units)
    group_measures = {m["id"] for m in measures if "joint-meeting-members" in m["cooperate_ids"]}
    for unit in units:
        leads = sum(unit["id"] in m["lead_ids"] for m in measures)
        cooperates = sum(unit["id"] in m["cooperate_ids"] for m in measures)
        if unit["kind"] == "department":
            named_in = {m["id"] for m in measures if unit["id"] in m["lead_ids"] + m["cooperate_ids"]}
            cooperates += len(group_measures - named_in)  # 4.8, as a member of the joint meeting
        assert (unit["leads"], unit["cooperates"]) == (leads, cooperates), unit["id"]
        assert isinstance(unit["aliases"], list)


@pytest.mark.parametrize("script", ["traditional", "simplified"])
def test_units_area_is_the_county_in_the_chosen_script(run, script):
    units = json.loads(export(run, "--script", script, "export", "units", "-f", "json"))
    for unit in units:
        if unit["kind"] == "county":
            assert unit[("simplified" if script == "simplified" else "name")].startswith(unit["area"])
        else:
            assert unit["area"] is None
    # The county's official names, from the domain notes.
    yulong = "玉龙纳西族自治县" if script == "simplified" else "玉龍納西族自治縣"
    assert yulong in [unit["area"] for unit in units]


def test_deadlines_follow_the_reporting_rule_in_the_text(run, plan):
    [rule] = [line for line in SOURCE_LINES if "每年6月20日" in line]
    days = [(int(m), int(d)) for m, d in re.findall(r"(\d+)月(\d+)日", rule.split("每年", 1)[1].split("前", 1)[0])]
    start, end = plan.period
    issued = dt.date.fromisoformat(plan.meta["issued"])
    expected = [dt.date(year, m, d) for year in range(start, end + 1) for m, d in days]
    records = json.loads(export(run, "export", "deadlines", "-f", "json"))
    assert [dt.date.fromisoformat(r["due"]) for r in records] == expected
    assert [r["before_issue"] for r in records] == [due < issued for due in expected]
    assert [r["period"] for r in records] == [f"{d.year}-H{1 if d.month <= 6 else 2}" for d in expected]
    reporters = sum(1 for u in plan.units.values() if u["kind"] in ("department", "county"))
    assert {(r["reporters"], r["recipient"]) for r in records} == {(reporters, "市反拐辦")}
    assert "市反拐辦" in rule


# -- files ---------------------------------------------------------------------


def test_output_file_holds_exactly_what_stdout_gets(run, tmp_path):
    target = tmp_path / "measures.csv"
    result = run("export", "measures", "-o", str(target), "--excel")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert target.read_bytes() == export(run, "export", "measures", "--excel")


def test_dash_output_means_stdout(run):
    assert export(run, "export", "units", "-o", "-") == export(run, "export", "units")


def test_existing_file_is_left_untouched_without_force(run, tmp_path):
    target = tmp_path / "units.csv"
    target.write_bytes(b"mine\n")
    before = target.stat()
    result = run("export", "units", "-o", str(target))
    assert result.exit_code == 2
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert target.read_bytes() == b"mine\n"
    assert target.stat().st_mtime_ns == before.st_mtime_ns
    assert sorted(p.name for p in tmp_path.iterdir()) == ["units.csv"]


def test_force_replaces_an_existing_file(run, tmp_path):
    target = tmp_path / "units.json"
    target.write_text("old", encoding="utf-8")
    result = run("export", "units", "-f", "json", "-o", str(target), "--force")
    assert result.exit_code == 0, result.stderr
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(export(run, "export", "units", "-f", "json"))


# -- errors --------------------------------------------------------------------


def test_unknown_dataset_is_a_usage_error_listing_the_datasets(run):
    result = run("export", "measure")
    assert result.exit_code == 2
    assert "measures" in result.stderr and "responsibilities" in result.stderr
    assert result.stdout == ""


def test_missing_output_directory_is_a_clear_usage_error(run, tmp_path):
    result = run("export", "measures", "-o", str(tmp_path / "nowhere" / "m.csv"))
    assert result.exit_code == 2
    assert result.stderr.startswith("lplan: error: ")
    assert "does not exist" in result.stderr and "nowhere" in result.stderr
    assert not (tmp_path / "nowhere").exists()


def test_output_that_is_a_directory_is_refused(run, tmp_path):
    result = run("export", "measures", "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "is a directory" in result.stderr


def test_excel_with_json_is_a_usage_error(run):
    result = run("export", "units", "-f", "json", "--excel")
    assert result.exit_code == 2
    assert "--excel" in result.stderr


def test_unknown_format_is_a_usage_error(run):
    assert run("export", "units", "-f", "ods").exit_code == 2  # xlsx is a format now; ods is not


# -- documentation ---------------------------------------------------------------


def documented_columns(heading: str = "Exports") -> dict[str, list[tuple[str, str]]]:
    """Table -> (column key, type), from the tables under '## {heading}' in docs/reference/datasets.md."""
    reference = (REPO / "docs" / "reference" / "datasets.md").read_text(encoding="utf-8")
    section = reference.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    tables: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in section.splitlines():
        heading = re.match(r"^### `?(\w+)`?", line)
        if heading:
            current = heading.group(1)
            tables[current] = []
        elif current and (row := re.match(r"^\| `([^`]+)` \| (\w+) \|", line)):
            tables[current].append((row.group(1), row.group(2)))
    return tables


def test_the_reference_documents_exactly_the_exported_columns():
    assert documented_columns() == {name: [(c.key, c.type) for c in d.columns] for name, d in exports.DATASETS.items()}


def test_help_lists_every_column(run):
    result = run("export", "--help")
    assert result.exit_code == 0
    for dataset in exports.DATASETS.values():
        assert re.search(rf"^\s+{dataset.name}:", result.stdout, re.M)
        for column in dataset.columns:
            assert re.search(rf"^\s+{column.key}\s", result.stdout, re.M), column.key

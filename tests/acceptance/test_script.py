"""Every output follows --script: the artifact list (幼稚園→幼儿园) and the plan's own quotations."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.conftest import REPO

EXAMPLES = REPO / "examples" / "reports"


def test_kindergarten_is_an_artifact_printed_as_mainland_form(run):
    text = json.loads(run("--script", "simplified", "show", "1.1.4", "-f", "json").stdout)["text"]
    assert text.count("幼儿园") == 3 and "幼稚园" not in text
    assert "(幼儿园)" in json.loads(run("--script", "simplified", "show", "4.4", "-f", "json").stdout)["text"]


@pytest.mark.parametrize("query", ["幼儿园", "幼稚園"])
def test_search_finds_kindergarten_in_either_phrasing(run, query):
    ids = [line.split("\t")[0] for line in run("measures", "--search", query).stdout.splitlines()]
    assert ids == ["1.1.4", "4.4"]


def test_traditional_output_keeps_the_source_phrase(run):
    assert "幼稚園" in json.loads(run("show", "4.4", "-f", "json").stdout)["text"]


def test_deadlines_undated_obligations_follow_script(run):
    simplified = run("--script", "simplified", "deadlines", "--year", "2025").stdout
    assert "市、县(区)反拐联席会议办公室" in simplified and "縣(區)" not in simplified
    assert "两个行动计划" in simplified  # 計畫 -> 计划, the artifact list applies too
    traditional = run("deadlines", "--year", "2025").stdout
    assert "市、縣(區)反拐聯席會議辦公室" in traditional


def test_deadlines_json_and_csv_follow_script(run):
    data = json.loads(run("--script", "simplified", "deadlines", "--year", "2025", "-f", "json").stdout)
    assert data["plan"]["title"] == "丽江市反对拐卖人口行动计划实施方案(2021—2030年)"
    assert all("縣" not in o["who"] + o["quote"] for o in data["undated"])
    rows = list(csv.DictReader(io.StringIO(run("--script", "simplified", "deadlines", "-f", "csv").stdout)))
    assert rows and all("縣" not in r["who"] + r["text"] and "報" not in r["text"] for r in rows)


def test_calendar_descriptions_follow_script(run):
    import icalendar

    ics = run("--script", "simplified", "deadlines", "-f", "ics", "--unit", "市民政局").stdout_bytes
    calendar = icalendar.Calendar.from_ical(ics)
    texts = [str(calendar["x-wr-caldesc"])] + [str(e["description"]) for e in calendar.walk("VEVENT")]
    assert all("麗江" not in t and "報" not in t for t in texts)
    assert "丽江市反对拐卖人口行动计划实施方案" in texts[0]


# -- the default follows the interface language ------------------------------------------------

ZH = {"LANG": "zh_CN.UTF-8"}


def traditional_only(text: str) -> str:
    """The characters of ``text`` that simplified Chinese never writes: those OpenCC's t2s changes."""
    import opencc

    t2s = opencc.OpenCC("t2s")
    return "".join(sorted({ch for ch in text if ord(ch) > 0x2E80 and t2s.convert(ch) != ch}))


def test_a_chinese_interface_shows_simplified_names_and_english_the_sources(run):
    assert run("who-leads", "2.3.1", env=ZH).stdout == "市法院\n市检察院\n市公安局\n"
    assert run("who-leads", "2.3.1").stdout == "市法院\n市檢察院\n市公安局\n"
    assert "向市反拐办报送" in run("deadlines", "--year", "2026", "--unit", "市民政局", env=ZH).stdout


@pytest.mark.parametrize(
    "args, env",
    [
        (["--script", "traditional"], ZH),
        ([], {**ZH, "LPLAN_SCRIPT": "traditional"}),
    ],
)
def test_script_option_and_environment_override_the_language(run, args, env):
    assert run(*args, "who-leads", "2.3.1", env=env).stdout == "市法院\n市檢察院\n市公安局\n"
    assert run("--script", "simplified", "who-leads", "2.3.1").stdout == "市法院\n市检察院\n市公安局\n"


def _workbook(run, tmp_path, statuses):
    """A 市公安局 workbook made by `template`, filled in, with ``statuses`` typed into its first rows."""
    import openpyxl

    made = tmp_path / "made.xlsx"
    assert run("template", "-u", "市公安局", "-p", "2025-H1", "-o", str(made), env=ZH).exit_code == 0
    book = openpyxl.load_workbook(made)
    sheet = book["填报"]
    sheet["B5"] = "2025-06-10"
    row = 11
    while sheet.cell(row, 1).value:
        sheet.cell(row, 5).value = "按照分工推进落实。"
        row += 1
    for offset, status in enumerate(statuses):
        sheet.cell(11 + offset, 4).value = status
    path = tmp_path / "reports" / "2025-H1-市公安局.xlsx"
    path.parent.mkdir(exist_ok=True)
    book.save(path)
    return path


def test_statuses_typed_in_traditional_in_a_workbook_are_the_statuses(run, tmp_path):
    book = _workbook(run, tmp_path, ["進行中", "不適用", "未開始"])
    found = json.loads(run("check", "-f", "json", str(book), env=ZH).stdout)["findings"]
    # 不適用 without a reason is not-applicable without a reason, as in a YAML report
    assert [(f["rule"], f["cell"]) for f in found] == [("missing-reason", "填报!G12")]
    digest = run("digest", str(book.parent), "-p", "2025-H1", "-f", "md", env=ZH).stdout
    assert "进行中" in digest and "不适用" in digest and "未开始" in digest
    assert traditional_only(digest) == ""


def test_no_output_under_a_chinese_interface_holds_a_traditional_character(run, tmp_path):
    import zipfile

    book = _workbook(run, tmp_path, ["進行中"])
    folder = book.parent
    (folder / "court.yaml").write_text(
        (EXAMPLES / "good-court-2024-H2.yaml").read_text(encoding="utf-8").replace("2024-H2", "2025-H1"),
        encoding="utf-8",
    )
    texts = {}
    for args in (
        ["who-leads", "2.3"],
        ["show", "2.3.1"],
        ["show", "2"],
        ["duties", "市财政局"],
        ["measures"],
        ["deadlines", "--year", "2026"],
        ["deadlines", "--unit", "市反拐办"],
        ["deadlines", "-f", "json"],  # (with --unit its unit record has both names, "name" as the text writes it)
        ["deadlines", "-f", "csv"],
        ["deadlines", "-f", "ics"],
        ["export", "measures"],
        ["export", "responsibilities", "-f", "json"],
        ["template", "-u", "市教育体育局", "-p", "2025-H2"],
        ["check", str(folder)],
        ["summary", str(folder), "-p", "2025-H1"],
        ["summary", str(folder), "-p", "2025-H1", "-f", "json"],
        ["summary", str(folder), "-p", "2025-H1", "-f", "csv", "-t", "measures"],
        ["summary", str(folder), "-p", "2025-H1", "-f", "html"],
        ["summary", str(folder)],
        ["digest", str(folder), "-p", "2025-H1", "-f", "md"],
        ["digest", str(folder), "-p", "2025-H1", "-f", "html"],
    ):
        result = run(*args, env=ZH)
        texts[" ".join(args)] = result.stdout + result.stderr
    for args, name, parts in (
        (["summary", str(folder), "-p", "2025-H1"], "s.xlsx", "xl/"),
        (["digest", str(folder), "-p", "2025-H1"], "d.docx", "word/document.xml"),
        (["template", "-u", "古城区", "-p", "2025-H1"], "t.xlsx", "xl/"),
    ):
        out = tmp_path / name
        assert run(*args, "-o", str(out), env=ZH).exit_code in (0, 1)
        with zipfile.ZipFile(out) as archive:
            texts[name] = "".join(
                archive.read(part).decode("utf-8") for part in archive.namelist() if part.startswith(parts)
            )
    assert {where: traditional_only(text) for where, text in texts.items() if traditional_only(text)} == {}

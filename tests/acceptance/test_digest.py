"""`lplan digest`: the period's accounts measure by measure, as Word, Markdown and HTML.

Read back with independent readers: python-docx for Word, markdown-it-py (a
CommonMark renderer) for Markdown, the standard library's HTML parser for
HTML. Hostile accounts (markup, Markdown, control characters, bidi overrides,
a very long line) must come out as the same visible text in every format.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import docx
import pytest
from markdown_it import MarkdownIt

from lijiang_plan.plan.deadlines import reporters
from tests.acceptance.test_summary_page import Page
from tests.conftest import REPO

PERIOD = "2025-H1"
MEASURE = "2.3.1"  # led by 市法院, 市檢察院, 市公安局
HOSTILE = (
    "<script>alert(1)</script> **bold** [x](javascript:alert(1)) <img src=x onerror=alert(2)>\n"
    "# heading\n- item\n1. one\n| a | b |\n&lt;b&gt; $x$ `code` ~~gone~~\n"
    "\x07bell \x1b[31mred \u202eevil \x00nul"
)
SHOWN = HOSTILE.replace("\x07", "\\x07").replace("\x1b", "\\x1b").replace("\u202e", "\\u202e").replace("\x00", "\\x00")
LONG = "长" * 20_000


def report(unit: str, entries: list[tuple[str, str, dict[str, object]]], submitted: str = "2025-06-10") -> str:
    lines = [f"unit: {unit}", f"period: {PERIOD}", f"submitted: {submitted}", "measures:"]
    for measure, account, figures in entries:
        lines += [
            f'  - id: "{measure}"',
            "    status: ongoing",
            f"    account: {json.dumps(account, ensure_ascii=False)}",
        ]
        if figures:
            lines.append("    figures:")
            lines += [f"      {json.dumps(label, ensure_ascii=False)}: {value}" for label, value in figures.items()]
    return "\n".join(lines) + "\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "reports"
    root.mkdir()
    (root / "police.yaml").write_text(
        report("市公安局", [(MEASURE, HOSTILE, {"解救人数": 3, "<b>宣传</b>": 2}), ("2.3.2", LONG, {"解救人数": 5})]),
        encoding="utf-8",
    )
    (root / "procuratorate.yaml").write_text(
        report("市检察院", [(MEASURE, "依法批捕起诉。", {"解救人數": 4, "起诉人数": "2.5"})]), encoding="utf-8"
    )
    return root


def digest(run, folder: Path, out: Path, *args: str) -> Path:
    result = run("digest", str(folder), "--period", PERIOD, "-o", str(out), *args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count(f"wrote {out}") == 1
    return out


# -- Word ---------------------------------------------------------------------


def test_word_document_uses_restylable_styles_and_has_a_toc(run, folder, tmp_path):
    document = docx.Document(str(digest(run, folder, tmp_path / "d.docx")))
    styles = [p.style.name for p in document.paragraphs]
    assert styles[0] == "Title" and {"Heading 1", "Heading 2", "Heading 3", "Account", "Speaker"} <= set(styles)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:4] == ["Contents", "Sources", "What is missing", "Units that have not reported"]
    measures = [h.split()[0] for h in headings if re.match(r"\d", h)]
    from lijiang_plan.plan.store import load_plan
    from tests.conftest import PLAN_DIR

    assert measures == list(load_plan(PLAN_DIR).nodes)  # every section, item and measure, in plan order
    body = document.element.body.xml
    assert 'TOC \\o "1-3" \\h \\z \\u' in body and 'w:fldCharType="begin"' in body
    assert "w:updateFields" in document.settings.element.xml
    account = document.styles["Account"]
    assert account.base_style.name == "Normal"


def test_word_shows_who_said_what_with_hostile_text_visible(run, folder, tmp_path):
    document = docx.Document(str(digest(run, folder, tmp_path / "d.docx")))
    texts = [p.text for p in document.paragraphs]
    start = texts.index(f"{MEASURE} 嚴懲手段殘忍、影響惡劣的犯罪行為")
    section = texts[start : start + 20]
    assert section[1] == "Lead units: 市法院、市檢察院、市公安局."
    assert section[2].startswith("市檢察院 (lead, ongoing") and section[3] == "依法批捕起诉。"
    assert section[5].startswith("市公安局 (lead, ongoing; its report has")
    assert "\n".join(section[6:13]) == SHOWN
    assert any(t == LONG for t in texts)
    assert any(t.startswith("Not reported on by lead: 市法院") for t in section)


def test_word_sums_figures_across_units_and_scripts(run, folder, tmp_path):
    document = docx.Document(str(digest(run, folder, tmp_path / "d.docx")))
    rows = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert ["解救人數", "7", "市檢察院 4; 市公安局 3"] in rows or ["解救人数", "7", "市檢察院 4; 市公安局 3"] in rows
    assert ["起诉人数", "2.5", "市檢察院 2.5"] in rows and ["<b>宣传</b>", "2", "市公安局 2"] in rows
    assert ["解救人數", "12", "2.3.1 7; 2.3.2 5"] in rows  # over every measure, by measure (first label seen)
    sources = [r for r in rows if r[1].endswith(".yaml")]
    assert {r[0] for r in sources} == {"市公安局", "市檢察院"}


def test_word_lists_what_is_missing(run, plan, folder, tmp_path):
    document = docx.Document(str(digest(run, folder, tmp_path / "d.docx")))
    texts = [p.text for p in document.paragraphs]
    start, end = texts.index("Units that have not reported"), texts.index("Measures no lead unit reported on")
    assert len(texts[start + 1 : end]) == len(reporters(plan)) - 2
    assert "市法院 (missing)" in texts[start:end]
    uncovered = texts[end + 1 : texts.index("1 加強源頭治理,健全預防犯罪工作機制")]
    assert (
        "2.3.1 嚴懲手段殘忍、影響惡劣的犯罪行為" not in uncovered and "1.1.1 強化人力資源領域防範治理工作" in uncovered
    )


# -- Markdown -------------------------------------------------------------------


def test_markdown_renders_hostile_text_as_text(run, folder, tmp_path):
    text = digest(run, folder, tmp_path / "d.md").read_text(encoding="utf-8")
    rendered = MarkdownIt("commonmark").enable("table").enable("strikethrough").render(text)
    page = Page(rendered)
    assert not page.tags("script") and not page.tags("img") and not page.tags("a") and not page.tags("code")
    assert not page.tags("s") and not page.tags("ol")
    shown = "".join(page.text)
    for line in SHOWN.split("\n"):
        assert line in shown, line
    assert LONG in shown and "&lt;b&gt;" in shown  # an entity in an account stays the text it is
    assert [h for h in page.tags("h1")] and len(page.tags("h1")) == 1
    emphasised = [tag for tag, _ in page.elements if tag == "strong"]
    assert len(emphasised) == 3  # the unit names, nothing from an account


def test_markdown_totals_over_all_measures(run, folder, tmp_path):
    text = digest(run, folder, tmp_path / "d.md").read_text(encoding="utf-8")
    assert "\n## Figures across all measures\n" in text
    assert "| 解救人數 | 12 | 2.3.1 7; 2.3.2 5 |" in text and "| \\<b\\>宣传\\</b\\> | 2 | 2.3.1 2 |" in text


def test_markdown_headings_follow_the_plan(run, folder, tmp_path):
    text = digest(run, folder, tmp_path / "d.md").read_text(encoding="utf-8")
    assert "\n## 2 強化拐賣人口犯罪打擊和受害人解救工作\n" in text
    assert "\n### 2.3 依法嚴懲違法犯罪\n" in text and "\n#### 2.3.1 嚴懲手段殘忍、影響惡劣的犯罪行為\n" in text
    assert "\n### 2.4 " in text  # an item that is itself a measure


# -- HTML -------------------------------------------------------------------------


def test_html_digest_is_escaped_and_self_contained(run, folder, tmp_path):
    text = digest(run, folder, tmp_path / "d.html").read_text(encoding="utf-8")
    page = Page(text)
    assert not page.tags("script") and not page.tags("img") and not page.tags("link")
    assert all(a["href"].startswith("#") for a in page.tags("a"))
    shown = "".join(page.text)
    assert SHOWN in shown and LONG in shown
    assert all(th.get("scope") for th in page.tags("th"))


def test_stdout_and_script(run, folder):
    result = run("--script", "simplified", "digest", str(folder), "-p", PERIOD, "-f", "md")
    assert result.exit_code == 0 and "市检察院" in result.stdout and "市檢察院" not in result.stdout


# -- errors and write safety --------------------------------------------------------


def test_an_existing_file_is_kept_without_force(run, folder, tmp_path):
    for name in ("d.docx", "d.md", "d.html"):
        out = tmp_path / name
        out.write_bytes(b"keep")
        refused = run("digest", str(folder), "-p", PERIOD, "-o", str(out))
        assert refused.exit_code == 2 and "--force" in refused.stderr and out.read_bytes() == b"keep"
        assert run("digest", str(folder), "-p", PERIOD, "-o", str(out), "--force").exit_code == 0
        assert out.read_bytes() != b"keep"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "d.txt"], "cannot tell the format"),
        ([], "give -o FILE"),
        (["-f", "docx"], "written to a file"),
        (["-o", "-", "-f", "docx"], "written to a file"),
        (["-p", "2025-H3", "-o", "d.md"], "period"),
    ],
)
def test_usage_errors(run, folder, tmp_path, args, message):
    period = [] if "-p" in args else ["-p", PERIOD]
    result = run("digest", str(folder), *period, *[str(tmp_path / a) if a.startswith("d.") else a for a in args])
    assert result.exit_code == 2 and message in result.stderr


def test_a_missing_folder_is_exit_2(run, tmp_path):
    result = run("digest", str(tmp_path / "nope"), "-p", PERIOD, "-o", str(tmp_path / "d.md"))
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_unreadable_and_broken_reports_are_listed_not_fatal(run, folder, tmp_path):
    (folder / "broken.yaml").write_bytes(b"unit: \xe5\xb8\x82\xe6\xb3\x95\xe9\x99\xa2\nperiod: 2025-H1\nmeasures: [\n")
    (folder / "binary.yaml").write_bytes(b"\x00\x01\x02\xff")
    document = docx.Document(str(digest(run, folder, tmp_path / "d.docx")))
    texts = [p.text for p in document.paragraphs]
    assert "市法院 (unreadable)" in texts
    assert any(t.endswith("binary.yaml (unidentified)") for t in texts)


def test_the_digest_speaks_the_interface_language(run, folder, tmp_path):
    out = tmp_path / "d.docx"
    result = run("--lang", "zh", "digest", str(folder), "-p", PERIOD, "-o", str(out))
    assert result.exit_code == 0 and "已写入" in result.stderr
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert texts[0] == "2025年上半年工作报告汇编" and "目录" in texts and "缺失情况" in texts
    assert any(t.startswith("市检察院（负责，进行中；报告经 lplan check 查出 ") for t in texts)


def test_a_chinese_digest_reads_as_chinese_prose(run, folder, tmp_path):
    (folder / "court.yaml").write_text(
        report("市法院", [(MEASURE, "依法审理。", {"审结案件": 2})]).replace("status: ongoing", "status: 進行中"),
        encoding="utf-8",
    )
    (folder / "county.yaml").write_text(report("永胜县", [(MEASURE, "开展排查。", {})]), encoding="utf-8")
    out = tmp_path / "d.docx"
    assert run("digest", str(folder), "-p", PERIOD, "-o", str(out), env={"LANG": "zh_CN.UTF-8"}).exit_code == 0
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert any(
        t.startswith("市法院（负责，进行中；报告经 lplan check 查出 ") and t.endswith(" 个问题）") for t in texts
    )
    assert any(t.startswith("永胜县反拐办（县（区）反拐办，进行中；") for t in texts)
    assert "数据：审结案件：2" in texts
    after = texts[next(i for i, t in enumerate(texts) if t.startswith(f"{MEASURE} ")) :]
    missing = next(t for t in after if t.startswith("未报告的单位："))
    assert (
        missing
        == "未报告的单位：县（区）反拐办：古城区反拐办、玉龙纳西族自治县反拐办、华坪县反拐办、宁蒗彝族自治县反拐办。"
    )
    assert any(t.startswith("未报告的单位：负责：") and "；配合：" in t for t in texts)
    paragraphs = docx.Document(str(out)).paragraphs
    ours = ("Speaker", "List Bullet")  # lplan's own sentences, not the plan's quoted text (which has its own commas)
    prose = [
        p.text for p in paragraphs if p.style.name in ours or p.text.startswith(("未报告的单位", "数据：", "原因："))
    ]
    assert len(prose) > 10
    assert not [t for t in prose if re.search(r"[\u4e00-\u9fff][,;:]|[,;:] [\u4e00-\u9fff]|\([^)]*[\u4e00-\u9fff]", t)]


def test_the_word_sources_table_shows_file_names_in_columns_that_fit_the_page(run, folder, tmp_path):
    out = digest(run, folder, tmp_path / "d.docx")
    document = docx.Document(str(out))
    section = document.sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)  # A4
    text_width = section.page_width.twips - section.left_margin.twips - section.right_margin.twips
    sources = document.tables[0]
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    grid = [int(col.get(f"{W}w")) for col in sources._tbl.find(f"{W}tblGrid")]
    assert len(grid) == 6 and sum(grid) <= text_width and grid[1] >= 0.3 * text_width  # the file column
    assert sources._tbl.find(f"{W}tblPr").find(f"{W}tblLayout").get(f"{W}type") == "fixed"
    cells = [[cell.text for cell in row.cells] for row in sources.rows[1:]]
    assert {row[1] for row in cells} == {"police.yaml", "procuratorate.yaml"}  # names, not paths
    assert all(
        int(tc.get(f"{W}w")) == width
        for row in sources._tbl.findall(f"{W}tr")
        for tc, width in zip((t.find(f"{W}tcPr").find(f"{W}tcW") for t in row.findall(f"{W}tc")), grid, strict=True)
    )


def test_word_fills_the_table_of_contents_on_open(run, folder, tmp_path):
    """w:updateFields in its place in settings.xml (ECMA-376 orders CT_Settings), before compat, rsids, …"""
    import xml.etree.ElementTree as ET
    import zipfile

    out = digest(run, folder, tmp_path / "d.docx")
    settings = ET.fromstring(zipfile.ZipFile(out).read("word/settings.xml"))
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    names = [child.tag.removeprefix(W) for child in settings]
    assert names.count("updateFields") == 1
    assert settings.find(f"{W}updateFields").get(f"{W}val") == "true"
    later = ("compat", "rsids", "themeFontLang", "clrSchemeMapping", "shapeDefaults", "decimalSymbol", "listSeparator")
    assert all(names.index("updateFields") < names.index(name) for name in later if name in names)
    assert names.index("updateFields") > names.index("defaultTabStop")


@pytest.mark.parametrize("script", ["traditional", "simplified"])
def test_the_digest_names_the_plan_in_the_chosen_script(run, plan, folder, script):
    result = run("--script", script, "digest", str(folder), "-p", PERIOD, "-f", "md")
    title = plan.meta["simplified"]["title"] if script == "simplified" else plan.meta["title"]
    assert result.exit_code == 0 and result.stdout.splitlines()[2].startswith(f"{title}. ")
    assert plan.meta["simplified"]["title"] != plan.meta["title"]


def test_entries_that_are_not_measures_are_passed_over(run, folder, tmp_path):
    """A bare ID or an ID that is a number is the checker's to report; the digest shows the entries it can read."""
    text = report("市法院", [(MEASURE, "依法审理。", {})]).replace("measures:\n", "measures:\n  - 2.3.2\n  - id: 231\n")
    (folder / "court.yaml").write_text(text, encoding="utf-8")
    result = run("digest", str(folder), "-p", PERIOD, "-f", "md")
    assert result.exit_code == 0, result.stderr
    assert "依法审理。" in result.stdout


def test_an_account_on_a_measure_that_is_not_the_units_duty_is_shown_and_marked(run, plan, folder):
    duty_free = next(m for m in plan.leaf_ids() if all(d.measure != m for d in plan.duties("airport-group")))
    (folder / "airport.yaml").write_text(report("丽江机场集团", [(duty_free, "协助开展宣传。", {})]), encoding="utf-8")
    result = run("digest", str(folder), "-p", PERIOD, "-f", "md")
    assert result.exit_code == 0, result.stderr
    section = result.stdout.split(f"# {duty_free} ", 1)[1].split("\n#", 1)[0]
    assert "**麗江機場集團** (not a duty, ongoing" in section and "> 协助开展宣传。" in section


def test_a_cooperating_units_account_is_shown_and_marked(run, plan, folder):
    unit, measure = next(
        (u, d.measure)
        for u in reporters(plan)
        for d in plan.duties(u, "cooperate")
        if plan.units[u]["kind"] == "department"
    )
    name = plan.unit_name(unit, "simplified")
    (folder / "cooperating.yaml").write_text(report(name, [(measure, "配合开展工作。", {})]), encoding="utf-8")
    result = run("digest", str(folder), "-p", PERIOD, "-f", "md")
    section = result.stdout.split(f"# {measure} ", 1)[1].split("\n#", 1)[0]
    assert f"**{plan.unit_name(unit)}** (cooperating, ongoing" in section and "> 配合开展工作。" in section


def measure_section(text: str, measure: str) -> str:
    return text.split(f"# {measure} ", 1)[1].split("\n#", 1)[0]


def test_accounts_and_missing_units_come_by_part_each_unit_once(run, plan, folder):
    """Leads, then cooperating units, then county offices, then units without a duty; the missing line by part."""
    measure = "2.3.3"  # none of the fixture's reports speaks of it
    roles = {u: d.role for u in reporters(plan) for d in plan.duties(u) if d.measure == measure}
    speakers = [("womens-federation", "cooperate"), ("gucheng", "county"), ("airport-group", None)]
    assert [roles.get(unit) for unit, _ in speakers] == [role for _, role in speakers]
    for i, (unit, _) in enumerate(reversed(speakers)):  # files in the reverse order of the digest's
        text = report(plan.unit_name(unit, "simplified"), [(measure, f"第{i}份。", {})])
        (folder / f"{i}.yaml").write_text(text, encoding="utf-8")
    result = run("digest", str(folder), "-p", PERIOD, "-f", "md")
    assert result.exit_code == 0, result.stderr
    section = measure_section(result.stdout, measure)
    said = [line.split(", ongoing")[0] for line in section.splitlines() if line.startswith("**")]
    names = [plan.unit_name(unit) for unit, _ in speakers]
    assert said == [f"**{names[0]}** (cooperating", f"**{names[1]}** (county office", f"**{names[2]}** (not a duty"]
    leads = "、".join(plan.unit_name(u) for u in plan.node(measure)["lead"])
    others = {
        role: "、".join(plan.unit_name(u) for u in reporters(plan) if roles.get(u) == role and u not in dict(speakers))
        for role in ("cooperate", "county")
    }
    assert others["cooperate"] and others["county"]  # some of each have not reported: the line names them
    missing = (
        f"*Not reported on by lead: {leads}; cooperating: {others['cooperate']}; county office: {others['county']}.*"
    )
    assert missing in section.splitlines()


def court_digest(run, folder: Path, measures: str) -> str:
    """The Markdown digest of the folder with a 2025-H1 report of 市法院 whose measures are ``measures`` (YAML)."""
    head = "unit: 市法院\nperiod: 2025-H1\nsubmitted: 2025-06-10\nmeasures:\n"
    (folder / "court.yaml").write_text(head + measures, encoding="utf-8")
    result = run("digest", str(folder), "-p", PERIOD, "-f", "md")
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def test_an_account_given_as_a_number_or_a_date_is_shown_as_written(run, folder):
    """YAML reads `2025` as a number and `2025-06-01` as a date: shown as written. `true` is no account."""
    out = court_digest(
        run,
        folder,
        '  - id: "2.3.3"\n    status: 2025-06-01\n    account: 2025\n'
        '  - id: "2.3.4"\n    status: ongoing\n    account: 1.5\n'
        '  - id: "2.3.2"\n    status: ongoing\n    account: true\n',
    )
    number, decimal, boolean = (measure_section(out, m).splitlines() for m in ("2.3.3", "2.3.4", "2.3.2"))
    assert any(line.startswith("**市法院** (lead, 2025-06-01") for line in number) and "> 2025" in number
    assert any(line.startswith("**市法院** (lead, ongoing") for line in decimal) and "> 1.5" in decimal
    assert not any(line.startswith("**市法院**") for line in boolean)
    assert any(line.startswith("*Not reported on by lead: ") and "市法院" in line for line in boolean)


def test_figures_keep_a_zero_and_pass_over_what_is_not_a_count(run, folder):
    """0 is a count; a negative number, true, and a label that is not text are not summed or shown."""
    out = court_digest(
        run,
        folder,
        '  - id: "2.3.3"\n    status: ongoing\n    account: 审结。\n    figures:\n'
        '      "审结件数": 0\n      "负数": -1\n      "宣传": true\n      2024: 7\n',
    )
    section = measure_section(out, "2.3.3").splitlines()
    assert [line for line in section if line.startswith("> Figures")] == ["> Figures: 审结件数: 0"]
    assert [line for line in section if line.startswith("| ")] == [
        "| Figure | Total | Reported by |",
        "| 审结件数 | 0 | 市法院 0 |",
    ]
    assert "| 审结件数 | 0 | 2.3.3 0 |" in out.splitlines()  # and in the totals over every measure


def test_members_of_a_group_that_leads_a_measure_are_its_leads(run, folder, tmp_path):
    """A plan may name a group as a measure's lead: each member that reports is a lead, heard and missed as one."""
    plan_dir = tmp_path / "plan"
    shutil.copytree(REPO / "plan", plan_dir)
    measures = plan_dir / "measures.yaml"
    text = measures.read_text(encoding="utf-8")
    leads = "lead: [市法院, 市檢察院, 市公安局]"
    assert text.index('id: "2.3.1"') < text.index(leads) < text.index('id: "2.3.2"')  # the first is 2.3.1's
    measures.write_text(text.replace(leads, "lead: [市法院, 市級聯席會議各成員單位]", 1), encoding="utf-8")
    source = plan_dir / "source" / "plan-text.txt"  # the plan data must match its source text
    words = source.read_text(encoding="utf-8")
    assert words.count("(市法院、市檢察院、市公安局負責)") >= 1
    source.write_text(
        words.replace("(市法院、市檢察院、市公安局負責)", "(市法院、市級聯席會議各成員單位負責)", 1), encoding="utf-8"
    )
    result = run("--plan", str(plan_dir), "digest", str(folder), "-p", PERIOD, "-f", "md")
    assert result.exit_code == 0, result.stderr
    section = measure_section(result.stdout, MEASURE)
    said = [line.split(" (")[0] for line in section.splitlines() if line.startswith("**")]
    assert said == ["**市公安局**", "**市檢察院**"]  # both reported on 2.3.1, as members of the group
    assert all("(lead, " in line for line in section.splitlines() if line.startswith("**"))
    missing = next(line for line in section.splitlines() if line.startswith("*Not reported on by"))
    assert missing.startswith("*Not reported on by lead: 市法院、") and "市公安局" not in missing


# -- what GitHub's Markdown makes a link by itself, and a file name that reorders text (issue #23) ----------

LINKS = "见 www.evil.example 与 https://evil.example/x?a=1，联系 zhang.san@gov.example 或 mailto:li@gov.example。"


def test_markdown_makes_no_link_of_an_account_under_github_s_autolinking(run, tmp_path):
    cmarkgfm = pytest.importorskip("cmarkgfm")
    root = tmp_path / "reports"
    root.mkdir()
    (root / "police.yaml").write_text(report("市公安局", [(MEASURE, LINKS, {})]), encoding="utf-8")
    text = digest(run, root, tmp_path / "d.md").read_text(encoding="utf-8")
    for html in (cmarkgfm.github_flavored_markdown_to_html(text), MarkdownIt("commonmark").render(text)):
        page = Page(html)
        assert not page.tags("a"), html
        shown = "".join(page.text).replace("\u2060", "")  # the word joiner that keeps an address from linking
        assert LINKS in shown


def test_a_right_to_left_override_in_a_file_name_is_escaped_in_every_digest_format(run, tmp_path):
    root = tmp_path / "reports"
    root.mkdir()
    (root / "police\u202etxt.yaml").write_text(report("市公安局", [(MEASURE, "张贴海报。", {})]), encoding="utf-8")
    raw = digest(run, root, tmp_path / "d.md").read_text(encoding="utf-8")
    assert "\u202e" not in raw
    md = "".join(Page(MarkdownIt("commonmark").enable("table").render(raw)).text)  # as a reader sees it
    html = digest(run, root, tmp_path / "d.html").read_text(encoding="utf-8")
    document = docx.Document(str(digest(run, root, tmp_path / "d.docx")))
    words = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    for text in (md, html, words):
        assert "\u202e" not in text and "police\\u202etxt.yaml" in text

"""`lplan summary --format html`: one self-contained page, escaped, accessible, for one period or all.

What a browser shows is tested in test_browser.py; here the document itself:
its structure, that it reaches for nothing outside itself, and that no file
name or value can become markup.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from lijiang_plan.outputs import html as pagehtml
from tests.acceptance.test_summary import PERIOD, Folder
from tests.conftest import REPO

HOSTILE_NAME = "<img src=x onerror=alert(1)>.yaml"
HOSTILE_UNIT = "<script>alert('unit')</script>"


class Page(HTMLParser):
    """The elements of a page: tag, attributes and the text directly inside, in order."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.elements if tag == name]


@pytest.fixture
def folder(run, plan, tmp_path) -> Folder:
    root = tmp_path / "reports"
    root.mkdir()
    made = Folder(run, plan, root)
    (root / HOSTILE_NAME).write_text(f'unit: "{HOSTILE_UNIT}"\nperiod: {PERIOD}\n', encoding="utf-8")
    return made


def page(run, folder: Folder, *args: str) -> str:
    result = run("summary", str(folder.root), "--format", "html", *args)
    assert result.exit_code == 1, result.stderr
    return result.stdout


def test_the_page_is_self_contained_and_holds_no_script(run, folder):
    text = page(run, folder, "-p", PERIOD)
    doc = Page(text)
    assert text.startswith("<!DOCTYPE html>") and doc.tags("html")[0]["lang"] == "en"
    assert not doc.tags("script") and not doc.tags("img") and not doc.tags("link") and not doc.tags("iframe")
    assert not any(name.startswith("on") for _, attrs in doc.elements for name in attrs)
    assert not re.search(r"(?i)(https?:|//[a-z]|@import|url\((?!#))", text.replace("http://www.w3.org/2000/svg", ""))
    csp = next(m for m in doc.tags("meta") if m.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in (csp["content"] or "") and "script" not in (csp["content"] or "")
    assert doc.tags("style") and "@page" in text and "size: A4" in text


def test_file_names_and_values_are_text_never_markup(run, folder):
    text = page(run, folder, "-p", PERIOD)
    doc = Page(text)
    shown = "".join(doc.text)
    assert HOSTILE_NAME in shown and "<script>" in shown  # as text, in the files and findings tables
    assert "&lt;img src=x onerror=alert(1)&gt;" in text and "&lt;script&gt;" in text


def test_headline_missing_units_matrix_and_coverage(run, plan, folder):
    doc = Page(page(run, folder, "-p", PERIOD))
    shown = "".join(doc.text)
    for unit in folder.missing:
        assert plan.unit_name(unit) in shown
    rows = re.findall(r'<tr><th scope="row" lang="zh-Hant">', page(run, folder, "-p", PERIOD))
    assert len(rows) >= 39
    cells = [a for a in doc.tags("span") if a.get("role") == "img"]
    labels = {a["aria-label"] for a in cells}
    assert f"{folder.dropped_measure}: leads it: not reported" in labels
    assert "2.3.1: leads it: reported" in labels
    assert "late; its report has 1 finding (lplan check)" in labels  # the late warning: marked, still used
    assert "missing" in labels and not any(label.startswith("missing;") for label in labels)  # no report, no findings


def test_every_header_cell_has_a_scope_and_headings_are_in_order(run, folder):
    text = page(run, folder, "-p", PERIOD)
    doc = Page(text)
    assert all(th.get("scope") in ("col", "row", "colgroup") for th in doc.tags("th"))
    levels = [int(tag[1]) for tag, _ in doc.elements if re.fullmatch(r"h[1-6]", tag)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:]))


def test_the_legend_does_not_rely_on_colour(run, folder):
    doc = Page(page(run, folder, "-p", PERIOD))
    swatches = [a for a in doc.tags("span") if "swatch" in (a.get("class") or "")]
    assert len(swatches) == 5 + 5 + 1  # the cells, the report column's statuses, its findings count
    from lijiang_plan.outputs.page import CELLS

    symbols = {symbol for _, symbol, _ in CELLS.values() if symbol}
    assert len(symbols) == 4  # one shape per kind of cell that has a duty
    from lijiang_plan.outputs.page import STATUS_CELLS

    assert len({symbol for _, symbol, _ in STATUS_CELLS.values()}) == len(STATUS_CELLS)  # one per status


def test_the_trend_appears_when_the_folder_holds_earlier_periods(run, folder):
    with_trend = page(run, folder, "-p", PERIOD)
    assert "<svg" in with_trend and "2024-H2" in with_trend and "History per unit" in with_trend
    alone = run("summary", str(folder.root), "-f", "html", "-p", "2024-H2").stdout
    assert "<svg" not in alone and "History per unit" not in alone


def test_all_periods_page(run, folder):
    text = page(run, folder)
    doc = Page(text)
    assert "<svg" in text and len(doc.tags("rect")) > 5
    svg = doc.tags("svg")[0]
    assert svg["role"] == "img" and svg["aria-labelledby"] == "chart-title chart-desc"
    assert "Units by status, each period" in "".join(doc.text)


def test_simplified_names_follow_script(run, plan, folder):
    result = run("--script", "simplified", "summary", str(folder.root), "-f", "html", "-p", PERIOD)
    assert 'lang="zh-Hans"' in result.stdout and plan.unit_name(folder.missing[0], "simplified") in result.stdout


def test_written_like_every_other_file(run, folder, tmp_path):
    out = tmp_path / "page.html"
    out.write_text("keep me", encoding="utf-8")
    refused = run("summary", str(folder.root), "-f", "html", "-p", PERIOD, "-o", str(out))
    assert refused.exit_code == 2 and "--force" in refused.stderr and out.read_text(encoding="utf-8") == "keep me"
    forced = run("summary", str(folder.root), "-f", "html", "-p", PERIOD, "-o", str(out), "--force")
    assert forced.exit_code == 1 and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_table_and_excel_do_not_apply_to_the_page(run, folder):
    assert run("summary", str(folder.root), "-f", "html", "-t", "units").exit_code == 2
    assert run("summary", str(folder.root), "-f", "html", "--excel").exit_code == 2


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_colour_pair_of_the_style_sheet_has_enough_contrast():
    css = (Path(pagehtml.__file__).parent / "templates" / "page.css").read_text(encoding="utf-8")
    colours = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6})", css))
    pairs = [(name[: -len("-bg")], value) for name, value in colours.items() if name.endswith("-bg")]
    assert len(pairs) >= 6
    for stem, background in pairs:
        assert contrast(colours[f"{stem}-ink"], background) >= 4.5, stem
    for ink in ("ink", "muted"):
        assert contrast(colours[ink], colours["paper"]) >= 4.5 and contrast(colours[ink], colours["band"]) >= 4.5


def test_the_templates_are_package_data():
    from importlib.resources import files

    templates = files("lijiang_plan.outputs") / "templates"
    assert {"base.html.j2", "summary.html.j2", "history.html.j2", "page.css"} <= {p.name for p in templates.iterdir()}


def test_the_matrix_heads_each_section_over_its_own_measures(run, plan, folder):
    text = page(run, folder, "-p", PERIOD)
    groups = [
        (section, int(span)) for span, section in re.findall(r'<th scope="colgroup" colspan="(\d+)">([^<]*)</th>', text)
    ]
    sections = [measure.split(".")[0] for measure in plan.leaf_ids()]
    assert groups == [(s, sections.count(s)) for s in dict.fromkeys(sections)]
    assert len(groups) > 1


def test_units_not_reported_list_the_missing_first_then_the_unreadable(run, plan, folder):
    text = page(run, folder, "-p", PERIOD)
    table = text.split('<table class="missing-units">', 1)[1].split("</table>", 1)[0]
    listed = re.findall(r'<tr><th scope="row" lang="[^"]*">([^<]*)</th>', table)
    order = [u for u in plan.units if u in folder.missing] + [folder.unreadable]
    assert sorted(listed) == sorted(plan.unit_name(u) for u in order)
    assert listed[-1] == plan.unit_name(folder.unreadable) and len(listed) > 2


def test_lead_coverage_gives_each_measure_its_count_share_and_missing_units(run, plan, folder):
    table = page(run, folder, "-p", PERIOD).split('<table class="coverage">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(
        r'<tr><th scope="row">([^<]*)</th>.*?</span> (\d+) / (\d+) <span class="bar" aria-hidden="true">'
        r'<span style="width: (\d+)%"></span></span></td>\s*<td lang="[^"]*">([^<]*)</td>',
        table,
        re.S,
    )
    assert [measure for measure, *_ in rows] == plan.leaf_ids()
    for measure, done, total, percent, missing in rows:
        assert int(percent) == round(100 * int(done) / int(total))
        leads = plan.node(measure)["lead"]
        assert int(total) == len(leads)
        owed = [plan.unit_name(u) for u in leads if not folder.reported(u, measure)]
        assert (missing.split("、") if missing else []) == owed, measure
    dropped = next(r for r in rows if r[0] == folder.dropped_measure)
    assert int(dropped[1]) < int(dropped[2]) and int(dropped[3]) < 100


def test_the_files_table_gives_each_files_period(run, folder):
    table = page(run, folder, "-p", PERIOD).split('<table class="files">', 1)[1].split("</table>", 1)[0]
    periods = dict(
        re.findall(r'<tr><th scope="row" class="path">([^<]*)</th>.*?<td>[^<]*</td><td>([^<]*)</td>', table, re.S)
    )
    assert periods[str(folder.root / f"{folder.other_period}.yaml")] == "2024-H2"
    assert periods[str(folder.root / f"{folder.late}.yaml")] == PERIOD
    assert periods[str(folder.root / "notes.yaml")] == ""


def test_the_coverage_bar_is_the_share_of_leads_that_reported(run, tmp_path):
    """1 of 3 leads on 2.3.1 is a third of the bar; 市公安局, the sole lead of 1.1.5, fills it; none is empty."""
    root = tmp_path / "reports"
    root.mkdir()
    shutil.copy(REPO / "examples" / "reports" / "good-court-2024-H2.yaml", root / "court.yaml")
    (root / "police.yaml").write_text(
        "unit: 市公安局\nperiod: 2024-H2\nsubmitted: 2024-12-18\nmeasures:\n"
        '  - id: "1.1.5"\n    status: ongoing\n    account: 开展专项行动。\n',
        encoding="utf-8",
    )
    html = run("summary", str(root), "-p", "2024-H2", "-f", "html").stdout
    table = html.split('<table class="coverage">', 1)[1].split("</table>", 1)[0]
    bars = dict(re.findall(r'<tr><th scope="row">([^<]*)</th>.*?<span style="width: (\d+)%">', table, re.S))
    assert (bars["2.3.1"], bars["1.1.5"], bars["1.1.1"]) == ("33", "100", "0")


def test_a_workbook_finding_on_the_page_shows_its_cell_and_a_yaml_one_its_line(run, tmp_path):
    import openpyxl

    zh = {"LANG": "zh_CN.UTF-8"}
    folder = tmp_path / "reports"
    folder.mkdir()
    book_path = folder / "police.xlsx"
    assert run("template", "-u", "市公安局", "-p", PERIOD, "-o", str(book_path), env=zh).exit_code == 0
    book = openpyxl.load_workbook(book_path)
    book["填报"]["B5"] = "2025-06-10"  # every account left empty: empty-account at each row's 工作情况 cell
    book.save(book_path)
    (folder / "court.yaml").write_text(
        (REPO / "examples" / "reports" / "bad-missing-reason.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    text = run("summary", str(folder), "-p", PERIOD, "-f", "html", env=zh).stdout
    shown = "".join(Page(text).text)
    assert "单元格 填报!E11" in shown and "错误" in shown
    assert re.search(r"第 \d+ 行第 \d+ 列", shown)  # a YAML report's finding: its line and column
    assert '<th scope="col">位置</th>' in text and ">Line<" not in text and ">行<" not in text

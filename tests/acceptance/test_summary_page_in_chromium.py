"""The coverage page as a person sees it: opened in headless Chromium.

Checks what is on the screen, not the markup: the matrix is laid out, the
units not reported are listed, Chinese names are drawn with a CJK font (not
as empty boxes), nothing is logged to the console, nothing is fetched but the
file itself, the colours keep their contrast, and printing gives A4 pages
(the matrix on landscape ones). A screenshot and the PDF are kept under
test-artifacts/ (gitignored) for a person to look at.
"""

from __future__ import annotations

import re

import pytest

from tests.acceptance.test_summary import PERIOD, Folder
from tests.acceptance.test_summary_page import HOSTILE_NAME, HOSTILE_UNIT, contrast
from tests.conftest import REPO
from tests.support.browser import Browser, find_chromium

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (Debian: apt-get install chromium fonts-noto-cjk; .ci/run does this)",
)
ARTIFACTS = REPO / "test-artifacts"
CJK_FONT = re.compile(r"CJK|Han Sans|Han Serif|WenQuanYi|YaHei|PingFang|SimSun|SimHei|Hei|Ming|Song|Kai")


@pytest.fixture(scope="module")
def shown(tmp_path_factory):
    """The page of a folder with earlier periods and a hostile file, open in Chromium."""
    from click.testing import CliRunner

    from lijiang_plan.cli import cli
    from lijiang_plan.plan.store import load_plan
    from tests.conftest import PLAN_DIR

    def run(*args: str):
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    root = tmp_path_factory.mktemp("browser") / "reports"
    root.mkdir()
    folder = Folder(run, load_plan(PLAN_DIR), root)
    (root / HOSTILE_NAME).write_text(f'unit: "{HOSTILE_UNIT}"\nperiod: {PERIOD}\n', encoding="utf-8")
    page = root.parent / "page.html"
    result = run("summary", str(root), "-p", PERIOD, "-f", "html", "-o", str(page))
    assert result.exit_code == 1, result.stderr
    assert CHROMIUM is not None
    with Browser(CHROMIUM) as browser:
        browser.open(page)
        yield browser, folder, page


def test_the_matrix_is_laid_out(shown):
    browser, _, _ = shown
    rows = browser.evaluate(
        "[...document.querySelectorAll('table.matrix tbody tr')].map(r => [r.cells.length, r.offsetHeight])"
    )
    assert len(rows) == 39 and all(cells == 1 + 1 + 47 and height > 5 for cells, height in rows)
    width = browser.evaluate("document.querySelector('table.matrix').getBoundingClientRect().width")
    assert width > 47 * 10


def test_the_trend_chart_is_drawn(shown):
    browser, _, _ = shown
    box = browser.evaluate("(b => [b.width, b.height])(document.querySelector('svg.chart').getBoundingClientRect())")
    assert box[0] > 300 and box[1] > 150
    bars = browser.evaluate(
        "[...document.querySelectorAll('svg.chart g rect')].map(r => [r.getBBox().height, getComputedStyle(r).fill])"
    )
    assert len(bars) >= 2 and all(height > 0 and fill.startswith("url(") for height, fill in bars)
    periods = browser.evaluate("[...document.querySelectorAll('table.periods tbody th')].map(t => t.innerText)")
    assert periods == ["2024-H2", PERIOD]


def test_the_units_not_reported_are_listed(shown, plan):
    browser, folder, _ = shown
    listed = browser.evaluate("[...document.querySelectorAll('table.missing-units tbody th')].map(t => t.innerText)")
    assert listed[: len(folder.missing)] == [plan.unit_name(u) for u in folder.missing]
    assert plan.unit_name(folder.unreadable) in listed


def test_chinese_names_are_drawn_with_a_cjk_font(shown):
    browser, _, _ = shown
    name = browser.evaluate("document.querySelector('table.missing-units tbody th').innerText")
    fonts = browser.fonts_for("table.missing-units tbody th")
    assert fonts and all(CJK_FONT.search(f["familyName"]) for f in fonts), fonts
    assert sum(f["glyphCount"] for f in fonts) == len(name)


def test_nothing_is_logged_run_or_fetched(shown):
    browser, _, page = shown
    assert browser.problems() == []
    assert browser.requests() == [page.resolve().as_uri()]
    assert (
        browser.evaluate(
            "document.scripts.length + document.images.length + document.querySelectorAll('[onerror]').length"
        )
        == 0
    )
    assert HOSTILE_NAME in browser.evaluate("document.body.innerText")


def test_cells_and_legend_keep_their_contrast(shown):
    browser, _, _ = shown
    pairs = browser.evaluate(
        """[...document.querySelectorAll('.legend .swatch, table.matrix td, .verdict, .missing-units td')]
           .map(e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor])"""
    )
    assert pairs
    for ink, background in {tuple(p) for p in pairs}:
        assert contrast(_hex(ink), _hex(background)) >= 4.5, (ink, background)


def test_a_screenshot_and_a_print_on_a4(shown):
    browser, _, _ = shown
    ARTIFACTS.mkdir(exist_ok=True)
    png = browser.screenshot()
    assert png.startswith(b"\x89PNG") and len(png) > 20_000
    (ARTIFACTS / "summary-page.png").write_bytes(png)
    pdf = browser.pdf()
    (ARTIFACTS / "summary-page.pdf").write_bytes(pdf)
    boxes = {tuple(round(float(x)) for x in box.split()) for box in re.findall(rb"/MediaBox \[([^\]]*)\]", pdf)}
    assert (0, 0, 595, 842) in boxes  # A4 portrait, in points
    assert (0, 0, 842, 595) in boxes  # the matrix's landscape pages
    assert boxes <= {(0, 0, 595, 842), (0, 0, 842, 595)}


def _hex(css: str) -> str:
    """'rgb(1, 2, 3)' (an opaque computed colour) -> '#010203'; transparent shows the white page."""
    if css == "rgba(0, 0, 0, 0)":
        return "#ffffff"
    values = [int(v) for v in re.findall(r"\d+", css)[:3]]
    assert not css.startswith("rgba") or css.endswith(", 1)"), css
    return "#" + "".join(f"{v:02x}" for v in values)


def test_the_chinese_page_is_drawn_in_chinese(shown, run, tmp_path):
    """With --lang zh the interface text is Chinese, the page says so, and a CJK font draws it."""
    _, folder, _ = shown
    page = tmp_path / "page-zh.html"
    result = run("--lang", "zh", "summary", str(folder.root), "-p", PERIOD, "-f", "html", "-o", str(page))
    assert result.exit_code == 1, result.stderr
    assert CHROMIUM is not None
    with Browser(CHROMIUM) as browser:
        browser.open(page)
        assert browser.evaluate("document.documentElement.lang") == "zh-CN"
        heading = browser.evaluate("document.querySelector('h1').innerText")
        assert heading == "2025年上半年报送情况"
        text = browser.evaluate("document.querySelector('#s-missing').innerText")
        fonts = browser.fonts_for("#s-missing")
        cjk = sum(f["glyphCount"] for f in fonts if CJK_FONT.search(f["familyName"]))
        assert cjk == sum(ord(c) >= 0x2E80 for c in text) > 0, fonts  # every Chinese glyph from a CJK font
        legend = browser.evaluate("document.querySelector('.legend').innerText")
        assert "负责单位或县（区）反拐办：未报告" in legend
        assert browser.problems() == []
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "summary-page-zh.png").write_bytes(browser.screenshot(full_page=False))

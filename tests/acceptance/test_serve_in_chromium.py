"""The portal as a unit and the office use it: headless Chromium, JavaScript off, against the real server.

A unit signs in with the one-time password `lplan accounts init` printed,
chooses its own password, downloads its template, fills it in with a mistake
(openpyxl, as a spreadsheet saves it), uploads it and reads the finding at
its cell in Chinese, uploads the corrected workbook, and signs out; the
office signs in and its page shows the unit's report accepted. Every step is
a click or typed text (no page script runs: there is none, and scripts are
disabled), nothing is blocked by the CSP, nothing is logged to the console.
"""

from __future__ import annotations

import html
import json
import re

import pytest

from tests.conftest import REPO
from tests.support.browser import Page, find_chromium
from tests.support.portal import Server
from tests.support.workbooks import account_cell, fill

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (Debian: apt-get install chromium fonts-noto-cjk; .ci/run does this)",
)
ARTIFACTS = REPO / "test-artifacts"
UNIT = "public-security"
OFFICE = "anti-trafficking-office"


def shown(page: Page) -> str:
    """The page's text, tags dropped (read through the DOM: no script runs in the page)."""
    body = page.html().split("<body", 1)[1]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def sign_in(page: Page, url: str, unit: str, password: str) -> None:
    page.go(url + "/")
    assert page.url().endswith("/signin")
    page.choose("#unit", unit)
    page.type_into("#password", password)
    page.click("form.stack button")


def choose_password(page: Page, old: str, new: str) -> None:
    assert page.url().endswith("/password")
    assert "您使用的是一次性密码。继续之前，请先设置自己的密码。" in shown(page)
    page.type_into("#current", old)
    page.type_into("#new", new)
    page.type_into("#again", new)
    page.click("form.stack button")


def test_a_unit_uploads_sees_its_findings_corrects_them_and_the_office_sees_it(run, plan, tmp_path):
    root = tmp_path / "reports"
    root.mkdir()
    issued = run("accounts", "init", str(root), "-f", "json")
    assert issued.exit_code == 0, issued.stderr
    passwords = {row["login"]: row["password"] for row in json.loads(issued.stdout)}
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    assert CHROMIUM is not None
    with Server(root) as server, Page(CHROMIUM, downloads) as page:
        sign_in(page, server.url, UNIT, passwords[UNIT])
        choose_password(page, passwords[UNIT], "公安局的密码-2026")
        assert page.url().endswith("/unit")
        text = shown(page)
        assert "市公安局：2026年下半年工作情况报告" in text and "还有 18 天" in text and "尚未报送" in text

        template = page.download('a[href="/unit/template.xlsx"]')
        assert template.name == "2026-H2-市公安局.xlsx"
        blank = template.read_bytes()
        measure = next(d.measure for d in plan.duties(UNIT) if d.role == "lead")
        cell = account_cell(blank, measure)
        wrong = tmp_path / "公安局-有错.xlsx"
        wrong.write_bytes(fill(blank, "2026-12-01", empty=[measure]))
        page.attach("#report", wrong)
        page.click('form[action="/unit/upload"] button')
        text = shown(page)
        assert "未接收：报告有 1 处错误。请按下列提示更正后重新上传。" in text
        assert f"{cell} 错误 措施 {measure} 的工作情况（account）为空；请填写本期开展的工作" in text
        assert "上传的文件名 公安局-有错.xlsx" in text
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "portal-findings.png").write_bytes(page.screenshot())

        right = tmp_path / "公安局.xlsx"
        right.write_bytes(fill(blank, "2026-12-01"))
        page.go(server.url + "/unit")
        page.attach("#report", right)
        page.click('form[action="/unit/upload"] button')
        assert "已接收。检查未发现问题。" in shown(page)
        assert (root / "2026-H2" / f"{UNIT}.xlsx").read_bytes() == right.read_bytes()
        page.click('form[action="/signout"] button')
        assert page.url().endswith("/signin")

        sign_in(page, server.url, OFFICE, passwords[OFFICE])
        choose_password(page, passwords[OFFICE], "反拐办的密码-2026")
        assert page.url().endswith("/office")
        row = page.html().split('id="unit-public-security"')[1].split("</tr>")[0]
        assert "按时" in row and "已接收" in row and "公安局.xlsx" in row
        assert "催报名单（38 个单位）" in shown(page)
        (ARTIFACTS / "portal-office.png").write_bytes(page.screenshot())
        page.click('a[href="/office/coverage"]')
        assert "报送情况" in shown(page) or "Reports for" not in shown(page)
        assert page.problems() == []  # no CSP violation, no console error on any page
        assert all(url.startswith(server.url) for url in page.requests())

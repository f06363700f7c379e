"""`lplan serve`: the real portal (uvicorn on 127.0.0.1), used over HTTP as the units' browsers use it.

One server serves the module's tests from one reports folder; the tests that
must stop or kill a server, or start one with other options, start their
own. Everything a person reads is checked in Chinese (the portal's default).
"""

from __future__ import annotations

import hashlib
import io
import json
import socket
import sqlite3
import time
from pathlib import Path

import docx
import httpx
import openpyxl
import pytest

from lijiang_plan.plan.deadlines import reporters
from tests.support.portal import PERIOD, Client, Server, accounts, text
from tests.support.workbooks import account_cell, fill

UNIT = "public-security"
OTHER = "civil-affairs"
OFFICE = "anti-trafficking-office"


@pytest.fixture(autouse=True)
def _close_clients():
    yield
    Client.close_all()


@pytest.fixture(scope="module")
def portal(tmp_path_factory, plan):
    root = tmp_path_factory.mktemp("portal") / "reports"
    root.mkdir()
    passwords = accounts(root, reporters(plan))
    with Server(root) as server:
        yield server, passwords


def signed_in(portal, unit: str = UNIT) -> Client:
    server, passwords = portal
    client = Client(server.url)
    response = client.signin(unit, passwords[unit])
    assert response.status_code == 200, text(response)
    return client


@pytest.fixture(scope="module")
def blank(portal) -> bytes:
    client = signed_in(portal)
    response = client.get("/unit/template.xlsx")
    assert response.status_code == 200
    return response.content


def audit(root: Path) -> list[sqlite3.Row]:
    db = sqlite3.connect(root / ".lplan" / "portal.sqlite3")
    db.row_factory = sqlite3.Row
    try:
        return list(db.execute("SELECT * FROM submissions ORDER BY id"))
    finally:
        db.close()


def files_under(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


# -- starting -----------------------------------------------------------------------


def test_it_listens_on_127_0_0_1_and_says_so_in_chinese(portal):
    server, _ = portal
    assert server.banner[0].startswith("lplan 门户已启动：http://127.0.0.1:")
    assert "目前只有本机可以访问" in server.banner[1] and "--host 0.0.0.0" in server.banner[1]
    assert server.banner[2].strip() == "按 Ctrl+C 停止。"
    assert (server.root / ".lplan" / "portal.sqlite3").is_file()


# -- a unit's round: template, a report with mistakes, the corrected one -----------------


def test_a_unit_sees_its_duties_deadline_and_template(portal, plan, blank):
    client = signed_in(portal)
    page = text(client.get("/unit"))
    assert "市公安局：2026年下半年工作情况报告" in page
    assert "2026年12月20日" in page and "还有 18 天" in page
    for duty in plan.duties(UNIT):
        assert duty.measure in page
    book = openpyxl.load_workbook(io.BytesIO(blank))
    assert book.worksheets[0]["B3"].value == "市公安局" and book.worksheets[0]["B4"].value == PERIOD
    yaml = client.get("/unit/template.yaml")
    assert yaml.headers["content-disposition"].startswith('attachment; filename="2026-H2-public-security.yaml"')
    assert "unit: 市公安局" in yaml.text and f"period: {PERIOD}" in yaml.text
    assert yaml.text.startswith(f"# yaml-language-server: $schema={portal[0].url}/schemas/report.schema.json")


def test_findings_at_their_cells_in_chinese_then_the_corrected_report_is_accepted(portal, plan, blank):
    server, _ = portal
    client = signed_in(portal)
    measure = next(d.measure for d in plan.duties(UNIT) if d.role == "lead")
    cell = account_cell(blank, measure)
    before = len(audit(server.root))
    bad_bytes = fill(blank, "2026-12-01", empty=[measure])
    bad = client.upload(bad_bytes, "公安局报告.xlsx")
    page = text(bad)
    assert bad.status_code == 200 and "/submissions/" in str(bad.url)
    assert "未接收：报告有 1 处错误。请按下列提示更正后重新上传。" in page
    assert f"{cell} 错误 措施 {measure} 的工作情况（account）为空；请填写本期开展的工作 empty-account" in page
    assert not (server.root / PERIOD / f"{UNIT}.xlsx").exists()
    good_bytes = fill(blank, "2026-12-01")
    good = client.upload(good_bytes, "公安局报告.xlsx")
    assert "已接收。检查未发现问题。" in text(good)
    current = server.root / PERIOD / f"{UNIT}.xlsx"
    assert current.read_bytes() == good_bytes
    rows = audit(server.root)[before:]
    assert [(r["outcome"], r["reason"], r["errors"]) for r in rows] == [("rejected", "errors", 1), ("accepted", "", 0)]
    assert rows[1]["sha256"] == hashlib.sha256(good_bytes).hexdigest() and rows[1]["address"] == "127.0.0.1"
    assert rows[1]["name"] == "公安局报告.xlsx" and rows[1]["current"] == f"{PERIOD}/{UNIT}.xlsx"
    assert (server.root / rows[0]["kept"]).read_bytes() == bad_bytes
    assert (server.root / rows[1]["kept"]).read_bytes() == good_bytes
    assert rows[0]["kept"].startswith(f".lplan/rejected/{PERIOD}/{UNIT}/")
    assert rows[1]["kept"].startswith(f".lplan/versions/{PERIOD}/{UNIT}/")
    unit_page = text(client.get("/unit"))
    assert "已于" in unit_page and "报送：公安局报告.xlsx（已接收）" in unit_page


def test_the_accepted_report_is_what_check_and_summary_read(portal, run, blank):
    server, _ = portal
    client = signed_in(portal)
    client.upload(fill(blank, "2026-12-01"))
    assert run("check", str(server.root)).exit_code == 0  # .lplan/ (versions, rejected) is never read
    summary = json.loads(run("summary", str(server.root), "-p", PERIOD, "-f", "json").stdout)
    row = next(r for r in summary["units"] if r["unit_id"] == UNIT)
    assert row["status"] == "on-time" and row["path"].endswith(f"{PERIOD}/{UNIT}.xlsx")
    assert summary["totals"]["files"] == 1


def test_switching_to_yaml_keeps_the_workbook_among_the_versions(portal, run):
    server, _ = portal
    client = signed_in(portal, "justice")
    workbook = fill(client.get("/unit/template.xlsx").content, "2026-12-02")
    client.upload(workbook)
    yaml = client.get("/unit/template.yaml").text.replace('submitted: ""', "submitted: 2026-12-02")
    yaml = yaml.replace('account: ""', "account: 已按分工推进。")
    assert "已接收" in text(client.upload(yaml.encode("utf-8"), "report.yaml"))
    folder = server.root / PERIOD
    assert (folder / "justice.yaml").read_bytes() == yaml.encode("utf-8")
    assert not (folder / "justice.xlsx").exists()
    kept = {p.read_bytes() for p in (server.root / ".lplan" / "versions" / PERIOD / "justice").iterdir()}
    assert kept == {workbook, yaml.encode("utf-8")}


def test_a_file_put_there_by_hand_is_kept_before_the_portal_replaces_it(portal):
    server, _ = portal
    by_hand = server.root / PERIOD / "finance.yaml"
    by_hand.parent.mkdir(exist_ok=True)
    by_hand.write_bytes(b"unit: \xe5\xb8\x82\xe8\xb4\xa2\xe6\x94\xbf\xe5\xb1\x80\nperiod: 2026-H2\n")
    original = by_hand.read_bytes()
    client = signed_in(portal, "finance")
    upload = fill(client.get("/unit/template.xlsx").content, "2026-12-02")
    assert "已接收" in text(client.upload(upload))
    assert not by_hand.exists() and (server.root / PERIOD / "finance.xlsx").read_bytes() == upload
    kept = {p.read_bytes() for p in (server.root / ".lplan" / "versions" / PERIOD / "finance").iterdir()}
    assert kept == {original, upload}


def test_a_report_for_another_period_or_that_is_no_report_is_refused_and_kept(portal, blank):
    server, _ = portal
    client = signed_in(portal)
    before = (
        (server.root / PERIOD / f"{UNIT}.xlsx").read_bytes()
        if (server.root / PERIOD / f"{UNIT}.xlsx").exists()
        else None
    )
    page = text(client.upload(fill(blank, "2026-06-10", period="2026-H1")))
    assert "未接收：这份报告属于其他期次。目前收集的是2026年下半年的报告，请将报告期填写为 2026-H2" in page
    pdf = b"%PDF-1.7\n" + b"\x00" * 100
    page = text(client.upload(pdf, "report.pdf"))
    assert "未接收：此文件不是报告。" in page
    assert "此文件是PDF 文档，不是报告；请上传用模板填写的报告工作簿（.xlsx）或 YAML 文件" in page
    row = audit(server.root)[-1]
    assert (row["reason"], row["kind"]) == ("not-a-report", "other")
    assert (server.root / row["kept"]).read_bytes() == pdf and row["kept"].endswith(".bin")
    after = (
        (server.root / PERIOD / f"{UNIT}.xlsx").read_bytes()
        if (server.root / PERIOD / f"{UNIT}.xlsx").exists()
        else None
    )
    assert after == before


# -- one unit, and only its own --------------------------------------------------------------


def test_a_unit_cannot_submit_see_or_download_another_units_report(portal, blank):
    server, _ = portal
    police = signed_in(portal)
    police.upload(fill(blank, "2026-12-01"))
    number = audit(server.root)[-1]["id"]
    other = signed_in(portal, OTHER)
    for path in (f"/submissions/{number}", f"/submissions/{number}/file"):
        response = other.get(path)
        assert response.status_code == 404 and "这里没有此页面。" in text(response)
    page = text(other.upload(fill(blank, "2026-12-01")))  # the police's workbook, sent by civil affairs
    assert "未接收：这是其他单位的报告。您以市民政局的账号登录，只能报送市民政局的报告。" in page
    assert not (server.root / PERIOD / f"{OTHER}.xlsx").exists()
    assert audit(server.root)[-1]["reason"] == "other-unit"
    office = other.get("/office")
    assert office.status_code == 403 and "只有市反拐办的账号可以打开此页面。" in text(office)
    assert other.get("/office/digest.docx").status_code == 403
    own = police.get(f"/submissions/{number}/file")
    assert own.status_code == 200 and own.headers["content-disposition"].startswith("attachment;")


def test_a_kept_file_deleted_by_hand_is_a_page_saying_so_and_the_server_goes_on(portal, blank):
    server, _ = portal
    client = signed_in(portal)
    client.upload(fill(blank, "2026-12-01"))
    row = audit(server.root)[-1]
    (server.root / row["kept"]).unlink()
    response = client.get(f"/submissions/{row['id']}/file")
    assert response.status_code == 410
    page = text(response)
    assert "文件已不在此处" in page and row["kept"] in page and "备份" in page
    assert "Traceback" not in page and "OSError" not in page
    assert client.get(f"/submissions/{row['id']}").status_code == 200  # its findings stay readable


def test_a_post_without_the_forms_token_or_from_another_site_is_refused(portal, blank):
    server, _ = portal
    client = signed_in(portal)
    before = len(audit(server.root))
    for token in ("", "forged"):
        response = client.upload(fill(blank, "2026-12-01"), csrf=token)
        assert response.status_code == 403 and "表单已失效" in text(response)
    response = client.post("/unit/upload", files={"report": ("r.xlsx", b"PK\x03\x04")})
    assert response.status_code == 403
    evil = client.post(
        "/office/settings", data={"csrf": client.token, "allow_errors": "1"}, headers={"origin": "http://evil.example"}
    )
    assert evil.status_code == 403 and "此表单来自其他网站" in text(evil)
    assert len(audit(server.root)) == before
    anonymous = Client(server.url)
    anonymous.get("/signin")
    assert anonymous.post("/signin", data={"csrf": "x", "unit": UNIT, "password": "p"}).status_code == 403


def test_wrong_passwords_lock_the_account_and_say_until_when(portal):
    server, passwords = portal
    client = Client(server.url)
    for _attempt in range(4):
        response = client.signin("commerce", "wrong")
        assert response.status_code == 401 and "单位或密码不正确。" in text(response)
    response = client.signin("commerce", "wrong")
    assert response.status_code == 429
    page = text(response)
    assert (
        "密码输错次数过多，此账号已被锁定。请 15 分钟后（" in page and "之后）再试，或请市反拐办重新发放密码。" in page
    )
    right = client.signin("commerce", passwords["commerce"])  # even the right password, until the lock ends
    assert right.status_code == 429 and "/signin" in str(right.url)
    assert client.get("/unit").url.path == "/signin"
    other = Client(server.url)
    assert other.signin("transport", passwords["transport"]).url.path == "/unit"  # other accounts are not locked


def test_a_stolen_or_altered_cookie_is_refused(portal, blank):
    server, _ = portal
    client = signed_in(portal)
    cookie = client.cookies["lplan_session"]
    thief = Client(server.url)
    thief.cookies.set("lplan_session", cookie)
    assert thief.get("/unit").url.path == "/unit"
    token = client.token
    client.post("/signout", data={"csrf": token})
    assert client.get("/unit").url.path == "/signin"
    after = thief.get("/unit")
    assert after.url.path == "/signin"
    refused = thief.post("/unit/upload", data={"csrf": token}, files={"report": ("r.xlsx", fill(blank, "2026-12-01"))})
    assert refused.status_code == 403 and "您尚未登录" in text(refused)
    fresh = signed_in(portal).cookies["lplan_session"]
    value, _dot, signature = fresh.rpartition(".")
    for forged in (
        value[:-1] + ("A" if value[-1] != "A" else "B") + "." + signature,
        value + "." + signature[::-1],
        value,
    ):
        stranger = Client(server.url)
        stranger.cookies.set("lplan_session", forged)
        assert stranger.get("/unit").url.path == "/signin"


def test_upload_names_never_become_paths(portal, blank):
    server, _ = portal
    client = signed_in(portal, "transport")
    own = client.get("/unit/template.xlsx").content
    outside = set(files_under(server.root.parent))
    names = [
        "../../x.xlsx",
        "..\\..\\x.xlsx",
        "a\x00b/../../x.xlsx",
        "长" * 1000 + ".xlsx",
        "<script>alert(1)</script>.xlsx",
    ]
    for name in names:
        response = client.upload(fill(own, "2026-12-01"), name)
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.text
    new = set(files_under(server.root.parent)) - outside
    assert all(path.startswith("reports/") for path in new), new
    assert {p for p in new if not p.startswith("reports/.lplan/")} == {f"reports/{PERIOD}/transport.xlsx"}
    shown = [row["name"] for row in audit(server.root)[-len(names) :]]
    assert shown[0] == "../../x.xlsx" and shown[1] == "..\\..\\x.xlsx"
    assert "\x00" not in shown[2] and len(shown[3]) < 260 and "1,005" in shown[3]
    page = client.get(f"/submissions/{audit(server.root)[-1]['id']}")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;.xlsx" in page.text
    # A NUL byte as a browser could send it, unencoded in the part's header: kept as text, escaped.
    body = (
        (
            f'--b\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{client.token}\r\n'
            '--b\r\nContent-Disposition: form-data; name="report"; filename="../a\x00b.xlsx"\r\n\r\n'
        ).encode()
        + fill(own, "2026-12-01")
        + b"\r\n--b--\r\n"
    )
    raw = client.post("/unit/upload", content=body, headers={"content-type": "multipart/form-data; boundary=b"})
    assert raw.status_code == 200 and "已接收" in text(raw)
    assert audit(server.root)[-1]["name"] == "../a\\x00b.xlsx"
    assert {p for p in set(files_under(server.root.parent)) - outside if not p.startswith("reports/.lplan/")} == {
        f"reports/{PERIOD}/transport.xlsx"
    }


def test_an_oversized_upload_is_refused_with_413_and_leaves_nothing(portal):
    server, _ = portal
    client = signed_in(portal, "health-commission")
    before = files_under(server.root)
    rows = len(audit(server.root))
    response = client.upload(b"PK\x03\x04" + b"\x00" * (6 * 1024 * 1024), "big.xlsx")
    assert response.status_code == 413
    page = text(response)
    assert "文件过大" in page and "上传文件不能超过 5 MiB" in page and "Traceback" not in page
    assert files_under(server.root) == before and len(audit(server.root)) == rows
    assert not any((server.root / ".lplan" / "incoming").iterdir())


# -- what every response carries, and every error page --------------------------------------------


def test_every_response_has_the_security_headers(portal):
    server, _ = portal
    client = signed_in(portal)
    office = signed_in(portal, OFFICE)
    responses = [
        httpx.get(server.url + "/signin"),
        httpx.get(server.url + "/"),
        httpx.get(server.url + "/nowhere"),
        httpx.get(server.url + "/static/portal.css"),
        httpx.post(server.url + "/signin", data={}),
        client.get("/unit"),
        client.get("/unit/template.xlsx"),
        office.get("/office"),
        office.get("/office/coverage"),
    ]
    for response in responses:
        headers = response.headers
        assert headers["x-content-type-options"] == "nosniff", response.url
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "same-origin"
        csp = headers["content-security-policy"]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp and "script-src" not in csp
        assert "unsafe-inline" not in csp or "style-src 'unsafe-inline'" in csp
        if response.url.path != "/static/portal.css":
            assert headers["cache-control"] == "no-store"
    cookie = httpx.get(server.url + "/signin").headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie


@pytest.mark.parametrize(
    ("method", "path", "status", "words"),
    [
        ("GET", "/nowhere", 404, "这里没有此页面。"),
        ("GET", "/unit/template.pdf", 404, "这里没有此页面。"),
        ("GET", "/unit/upload", 405, "不能以这种方式使用此页面"),
        ("PUT", "/signin", 405, "不能以这种方式使用此页面"),
    ],
)
def test_error_pages_are_in_chinese_without_a_traceback(portal, method, path, status, words):
    client = signed_in(portal)
    response = client.request(method, path)
    assert response.status_code == status
    page = text(response)
    assert words in page and f"HTTP 状态码 {status}" in page
    assert "Traceback" not in page and "starlette" not in page.lower()


# -- the office ---------------------------------------------------------------------------------


def test_the_office_sees_the_submission_the_coverage_page_and_the_downloads(portal, blank, plan):
    server, _ = portal
    signed_in(portal).upload(fill(blank, "2026-12-01"))
    office = signed_in(portal, OFFICE)
    assert office.get("/").url.path == "/office"
    page = text(office.get("/office"))
    assert "2026年下半年" in page and "催报名单" in page
    police = office.get("/office").text.split('id="unit-public-security"')[1].split("</tr>")[0]
    assert "按时" in police and "已接收" in police
    coverage = office.get("/office/coverage")
    assert "style-src 'unsafe-inline'" in coverage.headers["content-security-policy"]
    assert '<table class="matrix">' in coverage.text and "<script" not in coverage.text
    digest = office.get("/office/digest.docx")
    assert digest.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessing")
    assert "2026年下半年" in docx.Document(io.BytesIO(digest.content)).paragraphs[0].text
    workbook = openpyxl.load_workbook(io.BytesIO(office.get("/office/summary.xlsx").content))
    assert "units" in workbook.sheetnames or workbook.sheetnames
    notice = office.get("/office/reminder.txt").content
    assert notice.startswith("\ufeff关于报送2026年下半年反拐工作情况报告的催报通知".encode())
    assert "市公安局" not in notice.decode("utf-8-sig").split("三、")[0].split("一、")[1]  # it submitted
    reminder = docx.Document(io.BytesIO(office.get("/office/reminder.docx").content))
    assert reminder.paragraphs[0].style.name == "Title"


def test_the_office_resets_a_password_and_the_old_one_and_its_sessions_stop(portal):
    server, passwords = portal
    unit = signed_in(portal, "womens-federation")
    office = signed_in(portal, OFFICE)
    issued = office.post("/office/accounts/womens-federation/reset", data={"csrf": office.token})
    page = text(issued)
    assert "已为市妇联发放新的一次性密码" in page
    password = issued.text.split('class="password">')[1].split("<")[0]
    assert unit.get("/unit").url.path == "/signin"
    assert Client(server.url).signin("womens-federation", passwords["womens-federation"]).status_code == 401
    fresh = Client(server.url)
    assert fresh.signin("womens-federation", password).url.path == "/password"
    assert fresh.get("/unit").url.path == "/password"  # the one-time password must be changed first
    changed = fresh.post(
        "/password", data={"csrf": fresh.token, "current": password, "new": "mine-1234", "again": "mine-1234"}
    )
    assert changed.url.path == "/unit"


def test_the_office_allows_reports_with_errors(portal, plan):
    server, _ = portal
    office = signed_in(portal, OFFICE)
    office.post("/office/settings", data={"csrf": office.token, "allow_errors": "1", "period": PERIOD})
    unit = signed_in(portal, "court")
    measure = next(d.measure for d in plan.duties("court") if d.role == "lead")
    response = unit.upload(fill(unit.get("/unit/template.xlsx").content, "2026-12-01", empty=[measure]))
    assert "已接收（市反拐办允许报送有错误的报告），但有 1 处错误" in text(response)
    assert (server.root / PERIOD / "court.xlsx").exists()
    office.post("/office/settings", data={"csrf": office.token, "period": PERIOD})  # unchecked: refused again
    again = unit.upload(fill(unit.get("/unit/template.xlsx").content, "2026-12-01", empty=[measure]))
    assert "未接收：报告有 1 处错误" in text(again)


# -- servers of their own ---------------------------------------------------------------------------


def test_a_killed_server_loses_no_acknowledged_upload(tmp_path, plan):
    root = tmp_path / "reports"
    root.mkdir()
    passwords = accounts(root, [UNIT])
    server = Server(root)
    client = Client(server.url)
    client.signin(UNIT, passwords[UNIT])
    content = fill(client.get("/unit/template.xlsx").content, "2026-12-01")
    response = client.upload(content)
    assert "已接收" in text(response)
    server.kill()
    assert (root / PERIOD / f"{UNIT}.xlsx").read_bytes() == content
    (row,) = audit(root)
    assert row["outcome"] == "accepted" and row["sha256"] == hashlib.sha256(content).hexdigest()
    with Server(root) as again:
        client = Client(again.url)
        client.signin(UNIT, passwords[UNIT])
        assert "已接收" in text(client.get(f"/submissions/{row['id']}"))


def test_ctrl_c_stops_it_cleanly_and_a_slow_upload_is_cut_off(tmp_path):
    root = tmp_path / "reports"
    root.mkdir()
    passwords = accounts(root, [UNIT])
    server = Server(root, "--upload-timeout", "2")
    client = Client(server.url)
    client.signin(UNIT, passwords[UNIT])
    host, port = server.url.removeprefix("http://").split(":")
    cookie = client.cookies["lplan_session"]
    with socket.create_connection((host, int(port))) as sock:
        head = (
            f"POST /unit/upload HTTP/1.1\r\nHost: {host}:{port}\r\nCookie: lplan_session={cookie}\r\n"
            "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n--b\r\n"
        )
        sock.sendall(head.encode())
        sock.settimeout(15)
        started = time.monotonic()
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
            if b"</html>" in received:
                break
        answer = received.decode("utf-8", "replace")
        assert time.monotonic() - started < 10
    assert answer.startswith("HTTP/1.1 408") and "上传超时" in answer
    status, out, err = server.stop()
    assert status == 0 and "lplan 门户：已停止" in out
    assert "Traceback" not in err


def test_cli_errors_exit_2_with_one_line(run, tmp_path):
    result = run("serve", str(tmp_path / "nowhere"))
    assert result.exit_code == 2 and result.stderr.startswith("lplan：错误：") and "不存在" in result.stderr
    root = tmp_path / "reports"
    root.mkdir()
    result = run("serve", str(root), "--period", "2031-H1", "--lang", "en")
    assert result.exit_code == 2 and "outside the plan's years" in result.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = run("--lang", "zh", "serve", str(root), "--port", str(port))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"lplan：错误：127.0.0.1 的端口 {port} 已被占用（其他程序，或已在运行的门户）；请先停止它，或用 --port 另选端口"
    )
    assert "Traceback" not in result.stderr


def test_accounts_are_issued_once_each_and_reset_one_by_one(run, plan, tmp_path):
    root = tmp_path / "reports"
    root.mkdir()
    out = tmp_path / "accounts.xlsx"
    result = run("--lang", "zh", "accounts", "init", str(root), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    sheet = openpyxl.load_workbook(out).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["login", "unit", "password"]  # a workbook's header row is the columns' keys, as export's
    assert [r[0] for r in rows[1:]] == ["anti-trafficking-office", *reporters(plan)]
    assert len({r[2] for r in rows[1:]}) == 40
    database = (root / ".lplan" / "portal.sqlite3").read_bytes()
    assert not any(r[2].encode() in database for r in rows[1:])  # only hashes are kept
    again = run("accounts", "init", str(root))
    assert again.exit_code == 2 and "every account is issued already (40)" in again.stderr
    reset = run("accounts", "reset", str(root), "公安局", "-f", "json")
    assert reset.exit_code == 0 and json.loads(reset.stdout)[0]["login"] == UNIT
    assert run("accounts", "reset", str(root), "公按局").exit_code == 2
    listed = run("accounts", "list", str(root)).stdout
    assert "public-security" in listed and rows[1][2] not in listed


def test_an_output_that_cannot_be_written_issues_no_password(run, tmp_path):
    """The passwords are written out before any is stored: none is issued that nobody has seen."""
    root = tmp_path / "reports"
    root.mkdir()
    taken = tmp_path / "taken.xlsx"
    taken.write_bytes(b"the office's own file")
    refused = run("--lang", "zh", "accounts", "init", str(root), "-o", str(taken))
    assert refused.exit_code == 2 and "已存在" in refused.stderr and "Traceback" not in refused.stderr
    assert taken.read_bytes() == b"the office's own file"
    assert run("accounts", "list", str(root), "-f", "json").stdout.strip() == "[]"
    issued = run("accounts", "init", str(root), "-f", "json")
    assert issued.exit_code == 0, issued.stderr
    police = next(row for row in json.loads(issued.stdout) if row["login"] == UNIT)
    before = json.loads(run("accounts", "list", str(root), "-f", "json").stdout)
    database = root / ".lplan" / "portal.sqlite3"
    hashes = sqlite3.connect(database).execute("SELECT unit_id, password FROM accounts ORDER BY unit_id").fetchall()
    for output in (str(taken), str(tmp_path / "no-such-folder" / "new.xlsx")):
        refused = run("--lang", "zh", "accounts", "reset", str(root), "公安局", "-o", output)
        assert refused.exit_code == 2 and "Traceback" not in refused.stderr, refused.stderr
    assert sqlite3.connect(database).execute("SELECT unit_id, password FROM accounts ORDER BY unit_id").fetchall() == (
        hashes
    )
    assert json.loads(run("accounts", "list", str(root), "-f", "json").stdout) == before
    assert police["password"] not in database.read_text(errors="replace")


def test_listing_commands_imports_no_server(tmp_path):
    """`lplan --help` lists serve and accounts without importing starlette, uvicorn or python-multipart."""
    import os
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from lijiang_plan.cli import cli\n"
        "try:\n"
        "    cli(['--help'], prog_name='lplan')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('LOADED', sorted(m for m in ('starlette', 'uvicorn', 'multipart', 'python_multipart', 'httpx', 'anyio', 'sqlite3') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={**os.environ}
    ).stdout
    assert "serve" in out and "accounts" in out and "remind" in out
    assert out.splitlines()[-1] == "LOADED []"


def test_listening_for_the_network_names_this_computers_addresses(monkeypatch):
    """--host 0.0.0.0: the office reads the addresses the units type, or where to find one when none is known."""
    from lijiang_plan import i18n
    from lijiang_plan.commands import serve

    monkeypatch.setattr(serve, "_addresses", lambda: ["192.0.2.7", "10.1.2.3"])
    with i18n.using("zh"):
        lines = serve._started("0.0.0.0", 8470)
    assert "http://192.0.2.7:8470/、http://10.1.2.3:8470/" in lines[1] and "切勿暴露到互联网" in lines[1]
    monkeypatch.setattr(serve, "_addresses", lambda: [])
    assert "THIS-COMPUTER'S-ADDRESS:8470" in serve._started("0.0.0.0", 8470)[1]

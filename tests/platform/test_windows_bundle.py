"""The Windows bundle under Wine: unzip it as an office would and run lplan as its users do.

Skipped, saying why, where ``wine64`` is missing (.ci/run installs it with apt).

How the Windows side is set up, and what Wine 8 forces:

- One temporary WINEPREFIX for the session (``wineboot --init`` once, about 12 s),
  ``WINEDEBUG=-all``, ``wineserver -k`` at the end. The bundle is unpacked in
  its C: drive; lplan runs through ``cmd /c lplan.cmd``, as from a prompt.
- The standard handles are pipes: under Wine a file or /dev/null as a standard
  handle fails at start-up ("WinError 6"). A redirect the test needs is cmd's own
  (``lplan.cmd … > C:\\out\\a.txt``), inside Windows.
- The code page comes from the Unix locale: ``LC_ALL=zh_CN.UTF-8`` is Chinese
  Windows (ANSI code page 936, UI language zh-CN), ``LC_ALL=en_US.UTF-8`` Western
  (1252, en-US). Wine rewrites the registry's ACP from the locale at start, so
  the registry cannot set it. Wine also decodes the command line through the
  Unix locale, which must exist for that: the test compiles both into its own
  folder with ``localedef`` and points LOCPATH there (nothing system-wide).
- Windows' UTF-8 code page (the "Beta: Unicode UTF-8" setting, ACP 65001) has no
  Wine 8 locale; the UTF-8 case runs with PYTHONUTF8=1, which gives Python the
  same UTF-8 standard streams.
- The bundle is built with ``--wine-test``: pydantic 2.6.4 (pydantic-core newer
  than about 2.17 needs ProcessPrng from bcryptprimitives.dll, which Wine 8 lacks)
  and ``_wmi.pyd`` set aside (it calls propsys.dll.VariantToString, which Wine 8
  does not implement, and the process aborts in platform.system(), which rich
  calls at import). Both are Wine
  limits, not Windows ones; the shipped bundle has neither (test_bundle_build.py).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.platform.bundle import build


def _wine_binary() -> str | None:
    for candidate in (shutil.which("wine64"), "/usr/lib/wine/wine64", shutil.which("wine")):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


WINE = _wine_binary()
pytestmark = pytest.mark.skipif(
    WINE is None, reason="wine64 is not installed (apt-get install wine64; .ci/run does): the Windows bundle is not run"
)

CHINESE = "zh_CN.UTF-8"  # ANSI code page 936, UI language zh-CN
WESTERN = "en_US.UTF-8"  # ANSI code page 1252, UI language en-US
TIMEOUT = 180


@dataclass
class Windows:
    wine: str
    env: dict[str, str]
    lplan: str  # C:\...\lplan.cmd
    work: Path  # the working directory, C:\work, holding a copy of examples/
    out: Path  # C:\out, for files lplan writes
    chinese_arguments: bool  # whether the command line can carry Chinese (the locale compiled)

    def run(self, *args: str, locale: str = CHINESE, env: dict[str, str] | None = None) -> Ran:
        """``lplan ARGS`` through cmd, in ``locale``'s code page, standard handles as pipes."""
        return self.cmd(self.lplan, *args, locale=locale, env=env)

    def cmd(self, *words: str, locale: str = CHINESE, env: dict[str, str] | None = None) -> Ran:
        """``cmd /c WORDS``: Wine quotes a word with a space in it, and passes ``>`` to cmd as a redirect."""
        environment = {**self.env, "LC_ALL": locale, "LANG": locale, **(env or {})}
        started = time.monotonic()
        done = subprocess.run(
            [self.wine, "cmd", "/c", *words],
            input=b"",
            capture_output=True,
            env=environment,
            cwd=self.work,
            timeout=TIMEOUT,
            check=False,
        )
        ran = Ran(done.returncode, done.stdout, done.stderr, "cp936" if locale == CHINESE else "cp1252")
        assert b"Traceback" not in done.stdout + done.stderr, ran.text_err
        _TIMES.append(time.monotonic() - started)
        return ran


@dataclass
class Ran:
    code: int
    stdout: bytes
    stderr: bytes
    codepage: str

    @property
    def text(self) -> str:
        return self.stdout.decode(self.codepage).replace("\r\n", "\n")

    @property
    def text_err(self) -> str:
        return self.stderr.decode(self.codepage, "replace").replace("\r\n", "\n")


_TIMES: list[float] = []
#: What the session's summary says of the Wine run (tests/platform/conftest.py prints it).
SMOKE_TIMES: list[str] = []


def _linux(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    import sys

    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "lijiang_plan", *args], capture_output=True, cwd=cwd, env=env)


def _compile_locales(folder: Path) -> bool:
    localedef = shutil.which("localedef")
    if localedef is None:
        return False
    for name in (CHINESE, WESTERN):
        language = name.split(".")[0]
        done = subprocess.run([localedef, "-i", language, "-f", "UTF-8", str(folder / name)], capture_output=True)
        if done.returncode not in (0, 1) or not (folder / name).is_dir():  # 1: warnings only
            return False
    return True


@pytest.fixture(scope="module")
def windows(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Windows]:
    assert WINE is not None
    started = time.monotonic()
    root = tmp_path_factory.mktemp("wine")
    bundle = build(root / "dist", wine_test=True)
    prefix = root / "prefix"
    locales = root / "locales"
    locales.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("LPLAN_", "LC_", "PYTHON")) and key not in ("LANG", "LANGUAGE", "DISPLAY")
    }
    env.update(
        WINEPREFIX=str(prefix),
        WINEDEBUG="-all",
        WINEDLLOVERRIDES="mscoree,mshtml=",  # no Mono or Gecko installer at first start
        LOCPATH=str(locales),
    )
    chinese_arguments = _compile_locales(locales)
    wineserver = shutil.which("wineserver") or str(Path(WINE).with_name("wineserver"))
    try:
        boot = subprocess.run(
            [WINE, "wineboot", "--init"], input=b"", capture_output=True, env=env, timeout=TIMEOUT, check=False
        )
        drive_c = prefix / "drive_c"
        if not drive_c.is_dir():
            pytest.skip(f"wineboot --init made no C: drive (exit {boot.returncode}): {boot.stderr[-300:]!r}")
        with zipfile.ZipFile(bundle) as zf:
            zf.extractall(drive_c / "lplan")
            top = zf.namelist()[0].split("/")[0]
        work = drive_c / "work"
        shutil.copytree(REPO / "examples", work / "examples")
        out = drive_c / "out"
        out.mkdir()
        yield Windows(WINE, env, f"C:\\lplan\\{top}\\lplan.cmd", work, out, chinese_arguments)
    finally:
        subprocess.run([wineserver, "-k"], env=env, capture_output=True, timeout=60, check=False)
        total = time.monotonic() - started
        runs = f"{len(_TIMES)} lplan runs, {sum(_TIMES):.1f} s" if _TIMES else "no lplan runs"
        SMOKE_TIMES.append(f"Wine smoke: {total:.1f} s in all (bundle build, wineboot, {runs})")


# ---------------------------------------------------------------- help and queries


def test_help_is_chinese_on_chinese_windows(windows):
    ran = windows.run("--help")
    assert ran.code == 0, ran.text_err
    assert ran.text.startswith("用法: lplan [OPTIONS] COMMAND [ARGS]...") and "措施编号即其在方案中的位置" in ran.text


def test_help_is_english_on_western_windows(windows):
    ran = windows.run("--help", locale=WESTERN)
    assert ran.code == 0, ran.text_err
    assert ran.text.startswith("Usage: lplan [OPTIONS] COMMAND [ARGS]...")
    assert "(\\u4e8c)3.(1) is 2.3.1" in ran.text  # cp1252 cannot show (二): an escape on a help page


def test_a_query_answers_as_on_linux(windows):
    ran = windows.run("who-leads", "2.3.1")  # Chinese Windows: the Chinese interface, names in simplified characters
    linux = _linux(["--lang", "zh", "who-leads", "2.3.1"], REPO)
    assert ran.code == linux.returncode == 0
    assert ran.text == linux.stdout.decode("utf-8") == "市法院\n市检察院\n市公安局\n"
    western = windows.run("who-leads", "2.3.1", locale=WESTERN, env={"PYTHONUTF8": "1"})
    assert western.stdout.decode("utf-8").replace("\r\n", "\n") == "市法院\n市檢察院\n市公安局\n"  # the source's script


def test_a_chinese_argument_reaches_lplan(windows):
    if not windows.chinese_arguments:
        pytest.skip("localedef could not compile zh_CN.UTF-8, so Wine cannot pass a Chinese command line")
    ran = windows.run("duties", "市财政局")
    linux = _linux(["--lang", "zh", "duties", "市财政局"], REPO)
    assert ran.code == linux.returncode == 0, ran.text_err
    assert ran.text == linux.stdout.decode("utf-8")


# ---------------------------------------------------------------- check


def test_check_of_the_examples_is_the_linux_check(windows):
    ran = windows.run("check", "examples/reports", "--format", "json")  # Chinese Windows: messages in Chinese
    linux = _linux(["--lang", "zh", "check", "examples/reports", "--format", "json"], windows.work)
    assert ran.code == linux.returncode == 1
    assert json.loads(ran.stdout) == json.loads(linux.stdout)  # the folder typed with /: its files named with /
    english = windows.run("--lang", "en", "check", "examples/reports", "--format", "json", locale=WESTERN)
    assert json.loads(english.stdout) == json.loads(
        _linux(["check", "examples/reports", "-f", "json"], windows.work).stdout
    )


def test_check_with_windows_separators_names_files_with_them(windows):
    ran = windows.run("check", "examples\\reports", "--format", "json")
    linux = json.loads(_linux(["check", "examples/reports", "--format", "json"], windows.work).stdout)
    found = json.loads(ran.stdout)
    assert ran.code == 1
    assert [f["path"] for f in found["files"]] == [f["path"].replace("/", "\\") for f in linux["files"]]


def test_the_parallel_check_with_spawned_workers_is_the_serial_check(windows):
    serial = windows.run("check", "examples/reports", "--format", "json", "--jobs", "1")
    spawned = windows.run("check", "examples/reports", "--format", "json", "--jobs", "2")
    assert serial.code == spawned.code == 1, spawned.text_err
    assert spawned.stdout == serial.stdout


def test_sarif_uris_are_forward_slash_file_uris(windows):
    ran = windows.run("check", "examples\\reports\\bad-date.yaml", "--format", "sarif")
    assert ran.code == 1
    run = json.loads(ran.stdout)["runs"][0]
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == "file:///C:/work/"
    uris = [loc["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"] for loc in r["locations"]]
    assert uris == ["examples/reports/bad-date.yaml"]


def test_github_annotations_name_files_with_forward_slashes(windows):
    ran = windows.run("check", "examples\\reports\\bad-date.yaml", "--format", "github")
    assert ran.code == 1
    assert ran.text.startswith("::error file=examples/reports/bad-date.yaml,line=5,col=12,")


# ---------------------------------------------------------------- files lplan writes


def test_template_as_a_workbook_and_never_over_a_file_without_force(windows):
    target = "C:\\out\\template.xlsx"
    first = windows.run("template", "-u", "public-security", "-p", "2025-H1", "-f", "xlsx", "-o", target)
    assert first.code == 0, first.text_err
    written = (windows.out / "template.xlsx").read_bytes()
    import openpyxl

    book = openpyxl.load_workbook(windows.out / "template.xlsx")
    assert "填报" in book.sheetnames or len(book.sheetnames) >= 1
    again = windows.run("template", "-u", "court", "-p", "2025-H1", "-f", "xlsx", "-o", target)
    assert again.code == 2 and "--force" in again.text_err
    assert (windows.out / "template.xlsx").read_bytes() == written
    forced = windows.run("template", "-u", "court", "-p", "2025-H1", "-f", "xlsx", "-o", target, "--force")
    assert forced.code == 0, forced.text_err
    assert (windows.out / "template.xlsx").read_bytes() != written
    assert sorted(p.name for p in windows.out.iterdir() if p.name.startswith(".")) == []  # no temporary file left


def test_summary_as_a_page(windows):
    ran = windows.run("summary", "examples/reports", "-p", "2025-H1", "-f", "html", "-o", "C:\\out\\summary.html")
    assert ran.code == 1, ran.text_err  # some units have not reported: findings
    page = (windows.out / "summary.html").read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html") and "市公安局" in page


def test_digest_as_a_word_document(windows):
    ran = windows.run("digest", "examples/reports", "-p", "2025-H1", "-o", "C:\\out\\digest.docx")
    assert ran.code == 0, ran.text_err
    import docx

    document = docx.Document(str(windows.out / "digest.docx"))
    assert any(paragraph.text.strip() for paragraph in document.paragraphs)


def test_a_calendar(windows):
    ran = windows.run("deadlines", "-f", "ics", "--year", "2026", "-o", "C:\\out\\deadlines.ics")
    assert ran.code == 0, ran.text_err
    linux = _linux(["--lang", "zh", "deadlines", "-f", "ics", "--year", "2026"], REPO)
    assert (windows.out / "deadlines.ics").read_bytes() == linux.stdout  # a file is UTF-8, the same bytes


# ---------------------------------------------------------------- redirects and code pages


def test_show_redirected_to_a_file_on_chinese_windows(windows):
    ran = windows.cmd(windows.lplan, "show", "2.3.1", ">", "C:\\out\\show-936.txt")
    assert ran.code == 0, ran.text_err
    text = (windows.out / "show-936.txt").read_bytes().decode("cp936")
    assert "层级：2 强化拐卖人口犯罪打击和受害人解救工作 > 2.3 依法严惩违法犯罪\r\n" in text  # › has a stand-in


def test_help_redirected_to_a_file_on_western_windows(windows):
    ran = windows.cmd(windows.lplan, "--help", ">", "C:\\out\\help-1252.txt", locale=WESTERN)
    assert ran.code == 0, ran.text_err
    text = (windows.out / "help-1252.txt").read_bytes().decode("cp1252")
    assert text.startswith("Usage: lplan") and "(\\u4e8c)3.(1)" in text


def test_plan_text_redirected_on_western_windows_is_exit_74_with_a_message(windows):
    ran = windows.cmd(windows.lplan, "show", "2.3.1", ">", "C:\\out\\show-1252.txt", locale=WESTERN)
    assert ran.code == 74
    assert ran.text_err.startswith("lplan: error: the output's encoding (cp1252) cannot show the character U+5F37")


def test_a_file_format_redirected_is_utf8_on_any_code_page(windows):
    for locale, name in ((CHINESE, "export-936.csv"), (WESTERN, "export-1252.csv")):
        # the script named: its default follows the interface language, and so the code page's locale
        ran = windows.cmd(
            windows.lplan, "--script", "traditional", "export", "measures", ">", f"C:\\out\\{name}", locale=locale
        )
        assert ran.code == 0, ran.text_err
    linux = _linux(["--script", "traditional", "export", "measures"], REPO).stdout
    assert (windows.out / "export-936.csv").read_bytes() == (windows.out / "export-1252.csv").read_bytes() == linux


def test_utf8_streams(windows):
    ran = windows.run("show", "2.3.1", locale=WESTERN, env={"PYTHONUTF8": "1"})
    assert ran.code == 0, ran.stderr
    assert "強化拐賣人口犯罪打擊和受害人解救工作 › 2.3" in ran.stdout.decode("utf-8")


def test_an_unknown_id_is_a_chinese_message_with_exit_2(windows):
    ran = windows.run("show", "9.9")
    assert ran.code == 2 and ran.text_err.startswith("lplan：错误：")


# ---------------------------------------------------------------- the portal


def test_the_portal_issues_accounts_and_serves_its_sign_in_page_on_windows(windows):
    """`lplan accounts init` then `lplan serve` as lplan-portal.cmd runs them, reached from outside Wine."""
    import socket
    import urllib.request

    (windows.work / "portal").mkdir()  # lplan-portal.cmd makes the folder first
    issued = windows.run("accounts", "init", "C:\\work\\portal", "-f", "json", "-o", "C:\\out\\accounts.json")
    assert issued.code == 0, issued.text_err
    accounts = json.loads((windows.out / "accounts.json").read_text(encoding="utf-8"))
    assert len(accounts) == 40 and all(row["password"] for row in accounts)
    with socket.socket() as probe:  # a free port on this machine: Wine's sockets are the host's
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {**windows.env, "LC_ALL": CHINESE, "LANG": CHINESE}
    server = subprocess.Popen(
        [windows.wine, "cmd", "/c", windows.lplan, "serve", "C:\\work\\portal", "--port", str(port)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
        cwd=windows.work,
    )
    try:
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/signin", timeout=5) as answer:
                    page, headers = answer.read().decode("utf-8"), answer.headers
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode("cp936", "replace") if server.stderr else ""
                assert time.monotonic() < deadline, "the portal did not start listening under Wine"
                time.sleep(1)
        assert "登录" in page and "<script" not in page
        assert "script-src" not in headers["Content-Security-Policy"] or "'none'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert (windows.work / "portal" / ".lplan" / "portal.sqlite3").is_file()
    finally:  # Windows' own way to stop it: the python.exe under cmd holds the pipes, not the wine process
        subprocess.run(
            [windows.wine, "taskkill", "/f", "/im", "python.exe"],
            input=b"",
            capture_output=True,
            env=environment,
            timeout=TIMEOUT,
            check=False,
        )
        server.communicate(timeout=TIMEOUT)

"""lplan on the code pages of Windows, run on Linux: GBK (cp936), Western (cp1252) and UTF-8.

Python on Windows opens a redirected standard output (``lplan … > a.txt``) in
the ANSI code page with the "surrogateescape" error mode, and standard error
with "backslashreplace"; PYTHONIOENCODING=ENCODING:ERRORS makes a Linux Python
open them the same way, so these tests are that redirect, byte for byte. Each
case is also run with "strict", the mode a POSIX console gets. The same
commands run under Wine in tests/platform/test_windows_bundle.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from lijiang_plan.outputs.streams import FALLBACKS, for_people
from tests.conftest import REPO

CATALOG = REPO / "src" / "lijiang_plan" / "i18n" / "locale" / "zh_CN" / "LC_MESSAGES" / "lplan.po"
#: (code page, error mode stdout is opened with): Windows' redirect, and a strict console.
REDIRECTS = [("cp936", "surrogateescape"), ("cp936", "strict"), ("cp1252", "surrogateescape"), ("cp1252", "strict")]


def lplan(args: list[str], encoding: str, errors: str, lang: str = "C.UTF-8") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": f"{encoding}:{errors}", "LANG": lang}
    for name in ("PYTHONUTF8", "LC_ALL", "LPLAN_LANG"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "lijiang_plan", *args], env=env, capture_output=True, cwd=REPO, check=False
    )


def no_traceback(out: subprocess.CompletedProcess[bytes]) -> None:
    assert b"Traceback" not in out.stderr and b"Traceback" not in out.stdout, out.stderr.decode("utf-8", "replace")


@pytest.mark.parametrize(("encoding", "errors"), REDIRECTS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_help_redirected_on_any_code_page_is_a_page_not_a_traceback(encoding, errors, lang):
    out = lplan(["--lang", lang, "--help"], encoding, errors)
    no_traceback(out)
    assert out.returncode == 0
    page = out.stdout.decode(encoding)  # every byte is the code page's own
    assert "who-leads" in page and "2.3.1" in page
    if lang == "zh":
        assert ("用法" in page) if encoding == "cp936" else ("\\u7528\\u6cd5" in page)  # 用法, as an escape on cp1252
    if encoding == "cp1252" and lang == "en":
        assert "(\\u4e8c)3.(1) is 2.3.1" in page  # the plan's (二) has no stand-in: an escape, on a help page only


@pytest.mark.parametrize(("encoding", "errors"), REDIRECTS)
def test_a_command_help_page_shows_on_any_code_page(encoding, errors):
    out = lplan(["--lang", "zh", "check", "--help"], encoding, errors)
    no_traceback(out)
    assert out.returncode == 0 and "--format" in out.stdout.decode(encoding)


@pytest.mark.parametrize("errors", ["surrogateescape", "strict"])
def test_show_redirected_on_gbk_uses_the_stand_in_for_the_separator(errors):
    out = lplan(["show", "2.3.1"], "cp936", errors)
    no_traceback(out)
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode("cp936")
    assert "Path: 2 強化拐賣人口犯罪打擊和受害人解救工作 > 2.3 依法嚴懲違法犯罪" in text and "›" not in text


@pytest.mark.parametrize("errors", ["surrogateescape", "strict"])
def test_plan_text_on_cp1252_is_exit_74_naming_the_code_page_and_the_character(errors):
    out = lplan(["show", "2.3.1"], "cp1252", errors)
    no_traceback(out)
    assert out.returncode == 74
    message = out.stderr.decode("cp1252")
    assert message.startswith("lplan: error: the output's encoding (cp1252) cannot show the character U+5F37 ")
    assert "PYTHONIOENCODING=utf-8" in message


@pytest.mark.parametrize(("encoding", "errors"), REDIRECTS)
def test_a_chinese_error_message_reaches_any_console(encoding, errors):
    out = lplan(["--lang", "zh", "show", "9.9"], encoding, errors)
    no_traceback(out)
    assert out.returncode == 2
    message = out.stderr.decode(encoding)
    if encoding == "cp936":
        assert message.startswith("lplan：错误：")
    else:  # the full-width colon has a stand-in; the Chinese words are escapes
        assert message.startswith("lplan:\\u9519\\u8bef:")


@pytest.mark.parametrize(("encoding", "errors"), REDIRECTS)
def test_check_text_redirected_matches_json_findings(encoding, errors):
    out = lplan(["check", "examples/reports", "--format", "json"], encoding, errors)
    no_traceback(out)
    assert out.returncode == 1
    findings = json.loads(out.stdout.decode("utf-8"))  # a file format: UTF-8 whatever the code page
    text = lplan(["check", "examples/reports"], encoding, errors)
    no_traceback(text)
    if encoding == "cp936":
        assert text.returncode == 1, text.stderr
        assert text.stdout.decode("cp936").count("\n") >= len(findings["files"])
    else:  # findings quote the reports' Chinese: data cp1252 cannot show is exit 74, never a traceback
        assert text.returncode in (1, 74)


def test_utf8_code_page_is_utf8_throughout():
    out = lplan(["show", "2.3.1"], "utf-8", "strict")
    assert out.returncode == 0 and "›" in out.stdout.decode("utf-8")


def test_help_text_for_people_keeps_stand_ins_before_escapes():
    class Stream:
        encoding = "cp1252"

    assert for_people("a › b (二)", Stream()) == "a › b (\\u4e8c)"  # cp1252 has › itself
    Stream.encoding = "ascii"
    assert for_people("a › b — (二)", Stream()) == "a > b - (\\u4e8c)"


def _catalog_texts() -> tuple[set[str], set[str]]:
    from babel.messages.pofile import read_po

    with CATALOG.open("rb") as fh:
        catalog = read_po(fh)
    english: set[str] = set()
    chinese: set[str] = set()
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in ids:
            english.update(text)
        for text in strings:
            chinese.update(text)
    return english, chinese


def _data_like(char: str) -> bool:
    """A character of the plan's own names and notation (unit names, (二), ２．３．１), not of lplan's wording."""
    return unicodedata.name(char, "").startswith(("CJK UNIFIED", "FULLWIDTH"))


@pytest.mark.parametrize(("language", "encodings"), [("en", ("cp1252", "cp936")), ("zh", ("cp936",))])
def test_every_character_lplan_words_its_messages_with_has_a_stand_in(language, encodings):
    english, chinese = _catalog_texts()
    chars = english if language == "en" else chinese
    missing = []
    for encoding in encodings:
        for char in sorted(chars):
            if _data_like(char):
                continue
            try:
                char.encode(encoding)
                continue
            except UnicodeEncodeError:
                pass
            if not any(_encodes(candidate, encoding) for candidate in FALLBACKS.get(char, ())):
                missing.append(f"U+{ord(char):04X} {unicodedata.name(char, '')} on {encoding}")
    assert not missing, missing


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def test_the_catalog_is_where_the_test_reads_it():
    assert CATALOG.is_file() and Path(CATALOG).stat().st_size > 10_000

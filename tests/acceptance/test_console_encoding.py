"""Files are UTF-8 whatever the console; text for people degrades gracefully on a GBK console.

Run as a Chinese Windows console would: lplan in a subprocess whose stdout is
encoded cp936/GBK (PYTHONIOENCODING), and under zh_CN.UTF-8 and C.UTF-8 locales.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

CONSOLES = ["cp936", "gbk"]


def lplan(args: list[str], encoding: str, tmp_path: Path, lang: str = "C.UTF-8", cwd: Path | None = None):
    env = {**os.environ, "PYTHONIOENCODING": encoding, "LANG": lang}  # the session's shared plan cache
    env.pop("PYTHONUTF8", None)
    code = "import sys; from lijiang_plan.cli import main; sys.argv = ['lplan'] + sys.argv[1:]; main()"
    return subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, cwd=cwd or REPO)


@pytest.mark.parametrize("console", CONSOLES)
def test_template_on_a_gbk_console_is_utf8_and_checks_clean(console, tmp_path):
    out = lplan(["template", "-u", "市公安局", "-p", "2025-H1"], console, tmp_path)
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode("utf-8")  # would raise on GBK bytes
    assert "unit: 市公安局" in text
    report = tmp_path / "t.yaml"
    report.write_bytes(out.stdout)
    check = lplan(["check", "--select", "encoding", str(report)], console, tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["schema", "report"],
        ["deadlines", "--format", "ics", "--year", "2026"],
        ["deadlines", "--format", "json", "--year", "2026"],
        ["deadlines", "--format", "csv", "--year", "2026"],
        ["export", "units"],
        ["export", "measures", "--format", "json"],
        ["who-leads", "2.3", "--format", "json"],
        ["measures", "--format", "csv"],
        ["validate", "--format", "json"],
    ],
)
def test_every_file_format_on_stdout_is_utf8(args, tmp_path):
    out = lplan(args, "cp936", tmp_path)
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode("utf-8")
    assert any("\u4e00" <= c <= "\u9fff" for c in text) or args[0] == "validate", args
    if "json" in args or args[0] == "schema":
        json.loads(text)


@pytest.mark.parametrize(("console", "fmt"), [("cp936", "json"), ("gbk", "junit"), ("cp936", "sarif")])
def test_check_documents_on_a_gbk_console_are_utf8(console, fmt, tmp_path):
    report = tmp_path / "r.yaml"
    report.write_text("unit: 市公安局\nperiod: 2025-H1\nsubmitted: '2025-06-01'\nmeasures: []\n", encoding="utf-8")
    out = lplan(["check", "--format", fmt, str(report)], console, tmp_path)
    assert out.returncode == 1, out.stderr
    text = out.stdout.decode("utf-8")
    assert "2.3.1" in text
    if fmt == "junit":
        import xml.etree.ElementTree as ET

        assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
        ET.fromstring(out.stdout)  # parses as the UTF-8 it declares
    else:
        json.loads(text)


@pytest.mark.parametrize("console", CONSOLES)
def test_show_on_a_gbk_console_uses_an_ascii_stand_in_for_the_separator(console, tmp_path):
    out = lplan(["show", "2.3.1"], console, tmp_path)
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode(console)
    assert "Path: 2 " in text and " > 2.3 " in text and "›" not in text


def test_a_character_without_a_stand_in_is_named(tmp_path):
    out = lplan(["who-leads", "2.3.1"], "ascii", tmp_path)
    assert out.returncode == 74
    assert b"U+5E02 CJK UNIFIED IDEOGRAPH-5E02" in out.stderr and b"Traceback" not in out.stderr


@pytest.mark.parametrize("lang", ["zh_CN.UTF-8", "C.UTF-8"])
def test_files_are_the_same_bytes_under_either_locale(lang, tmp_path):
    ours = lplan(["export", "measures"], "utf-8", tmp_path, lang=lang)
    theirs = lplan(["export", "measures"], "cp936", tmp_path, lang=lang)
    assert ours.returncode == theirs.returncode == 0
    assert ours.stdout == theirs.stdout


def test_chinese_locale_on_a_gbk_console_speaks_chinese(tmp_path):
    out = lplan(["who-leads"], "gbk", tmp_path, lang="zh_CN.GBK")
    assert out.returncode == 2
    assert "缺少参数" in out.stderr.decode("gbk")


def test_summary_text_for_people_follows_the_console_on_gbk(tmp_path):
    out = lplan(["--lang", "zh", "summary", "examples/reports", "-p", "2025-H1"], "gbk", tmp_path)
    assert out.returncode == 1
    assert "个单位中" in out.stdout.decode("gbk")
    csv = lplan(["summary", "examples/reports", "-p", "2025-H1", "-f", "csv"], "gbk", tmp_path)
    csv.stdout.decode("utf-8")  # a file format stays UTF-8

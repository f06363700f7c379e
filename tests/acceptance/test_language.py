"""The interface language: how it is chosen, what it covers, and what never changes with it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from lijiang_plan import i18n
from tests.conftest import REPO


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW.UTF-8"}, "zh"),
        ({"LANG": "zh_CN.GBK"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8", "LANGUAGE": "zh_CN"}, "en"),  # C locale: LANGUAGE ignored, as GNU gettext does
        ({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "en"),  # LC_ALL wins over LANG
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8", "LANGUAGE": "zh_CN:en"}, "zh"),
        ({"LANG": "zh_CN.UTF-8", "LANGUAGE": "en_GB:zh"}, "en"),
        ({"LANG": "de_DE.UTF-8", "LANGUAGE": "fr:zh_CN"}, "zh"),
        ({"LANGUAGE": "zh"}, "zh"),
    ],
)
def test_the_locale_chooses_the_language(env, expected, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    assert i18n.detect(env) == expected


def test_lang_option_then_env_then_locale():
    assert i18n.choose("en", {"LPLAN_LANG": "zh", "LANG": "zh_CN.UTF-8"}) == "en"
    assert i18n.choose(None, {"LPLAN_LANG": "zh", "LANG": "C.UTF-8"}) == "zh"
    assert i18n.choose(None, {"LPLAN_LANG": "en", "LANG": "zh_CN.UTF-8"}) == "en"
    assert i18n.choose(None, {"LANG": "zh_CN.UTF-8"}) == "zh"


def test_windows_without_locale_variables_asks_the_display_language(monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(i18n, "_windows_language", lambda: "zh")
    assert i18n.detect({}) == "zh"
    assert i18n.detect({"LANG": "en_US.UTF-8"}) == "en"


@pytest.mark.parametrize(
    ("ui_language", "expected"),
    [(0x0804, "zh"), (0x0404, "zh"), (0x1004, "zh"), (0x0409, "en"), (0x0411, "en"), (0x0405, "en"), (0x7C04, "zh")],
)
def test_windows_display_language_chinese_by_its_primary_language_id(ui_language, expected, monkeypatch):
    """Windows LANGIDs: the low 10 bits are the primary language, 0x04 Chinese in every region."""
    kernel32 = type("Kernel32", (), {"GetUserDefaultUILanguage": staticmethod(lambda: ui_language)})
    fake_ctypes = type(sys)("ctypes")
    fake_ctypes.windll = type("WinDLL", (), {"kernel32": kernel32})
    monkeypatch.setitem(sys.modules, "ctypes", fake_ctypes)
    monkeypatch.setattr(sys, "platform", "win32")
    assert i18n.detect({}) == expected


def test_windows_language_unknown_when_ctypes_has_no_windll_means_english(monkeypatch):
    monkeypatch.setitem(sys.modules, "ctypes", type(sys)("ctypes"))  # as on a non-Windows build: no windll
    monkeypatch.setattr(sys, "platform", "win32")
    assert i18n.detect({}) == "en"


def test_lang_zh_translates_help_and_click_messages(run):
    result = run("--lang", "zh", "--help")
    assert result.exit_code == 0
    assert "用法:" in result.stdout and "选项:" in result.stdout and "命令:" in result.stdout
    assert "负责措施 ID 的单位" in result.stdout  # a command's short help
    assert "Usage" not in result.stdout and "Show this message" not in result.stdout


def test_every_command_help_is_translated(run):
    from lijiang_plan.cli import COMMANDS

    for command in COMMANDS:
        page = run("--lang", "zh", command, "--help").stdout
        assert page.startswith("用法:"), command
        assert "显示本帮助并退出" in page, command


def test_help_objects_keep_english_after_a_chinese_page(run):
    """Translated help is swapped in for the page only: the next English run is English."""
    run("--lang", "zh", "who-leads", "--help")
    result = run("who-leads", "--help")
    assert "Units that lead" in result.stdout and "负责措施" not in result.stdout


def test_usage_errors_in_chinese(run):
    result = run("--lang", "zh", "who-leads")
    assert result.exit_code == 2
    assert "错误：缺少参数" in result.stderr and "查看帮助" in result.stderr
    result = run("--lang", "zh", "bogus")
    assert result.exit_code == 2 and "没有命令“bogus”" in result.stderr


def test_env_and_locale_choose_chinese(run):
    assert "用法:" in run("who-leads", env={"LPLAN_LANG": "zh"}).stderr
    assert "用法:" in run("who-leads", env={"LANG": "zh_CN.UTF-8"}).stderr
    assert "Usage:" in run("who-leads", env={"LANG": "C.UTF-8"}).stderr
    assert "Usage:" in run("--lang", "en", "who-leads", env={"LANG": "zh_CN.UTF-8"}).stderr


def test_unknown_lang_is_a_usage_error_listing_the_choices(run):
    result = run("--lang", "fr", "who-leads", "2.3.1")
    assert result.exit_code == 2
    assert "'fr' is not one of 'en', 'zh'" in result.stderr
    result = run("who-leads", "2.3.1", env={"LPLAN_LANG": "klingon"})
    assert result.exit_code == 2 and "'klingon' is not one of 'en', 'zh'" in result.stderr


def test_contracts_do_not_change_with_the_language(run):
    for args in (["who-leads", "2.3", "-f", "json"], ["measures", "-f", "csv"], ["units", "-f", "json"]):
        # names follow the script (simplified by default in Chinese); keys, columns and codes never change
        chinese = run("--lang", "zh", "--script", "traditional", *args).stdout
        assert chinese == run("--lang", "en", *args).stdout, args


@pytest.mark.parametrize(
    ("damage", "content", "reason"),
    [
        ("missing", None, "(%s: No such file or directory)"),
        ("not a catalog", b"\x00not a catalog at all", "(%s: Bad magic number)"),
        # The right magic number, then too few bytes: not an OSError, so the exception's type and text.
        ("truncated", b"\xde\x12\x04\x95\x00\x00\x00", "(%s: error: unpack requires a buffer of 16 bytes)"),
    ],
)
def test_a_missing_or_corrupt_catalog_means_english_with_one_warning(
    damage, content, reason, tmp_path, monkeypatch, capsys
):
    locale_dir = tmp_path / "locale"
    target = locale_dir / "zh_CN" / "LC_MESSAGES"
    if content is not None:
        target.mkdir(parents=True)
        (target / "lplan.mo").write_bytes(content)
    monkeypatch.setattr(i18n, "LOCALE_DIR", str(locale_dir))
    monkeypatch.setattr(i18n, "_catalogs", {})
    i18n.set_language("zh")
    assert i18n.gettext("Usage:") == "Usage:"
    assert i18n.ngettext("a file", "{n} files", 2) == "{n} files"
    warning = capsys.readouterr().err
    assert warning.count("lplan: warning:") == 1 and "continuing in English" in warning
    assert reason % (target / "lplan.mo") in warning, warning


def test_the_catalog_is_read_lazily_a_query_never_reads_it(tmp_path):
    env = {**os.environ, "LPLAN_CACHE_DIR": str(tmp_path), "LANG": "zh_CN.UTF-8"}
    code = (
        "from lijiang_plan import i18n\n"
        "from lijiang_plan.cli import cli\n"
        "try:\n"
        "    cli(['who-leads', '2.3.1'], prog_name='lplan')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('LANG', i18n.language(), 'LOADED', sorted(i18n._catalogs))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=REPO, check=True)
    assert out.stdout.splitlines()[-1] == "LANG zh LOADED []"


def test_wheel_includes_the_compiled_catalog():
    """The build configuration ships the package directory; the .mo must not be ignored by git or hatch."""
    config = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'packages = ["src/lijiang_plan"]' in config
    assert os.path.exists(i18n.catalog_path("zh"))
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", i18n.catalog_path("zh")], cwd=REPO, capture_output=True
    ).returncode
    assert ignored == 1  # 1: not ignored


def test_json_keys_and_exit_status_stay_english_in_chinese(run):
    result = run("--lang", "zh", "who-leads", "2.3.1", "-f", "json")
    assert result.exit_code == 0
    assert set(json.loads(result.stdout)) == {"id", "title", "units"}


def test_a_chinese_template_writes_chinese_statuses_and_instructions_and_checks_clean(run, tmp_path):
    result = run("--lang", "zh", "template", "-u", "市民政局", "-p", "2025-H1")
    assert result.exit_code == 0
    text = result.stdout
    assert "# status 填：进行中 | 已完成 | 未开始 | 不适用" in text and "填好后运行" in text
    assert "status: 进行中" in text and "status: ongoing" not in text
    filled = text.replace('submitted: ""', "submitted: 2025-06-18").replace('account: ""', "account: 已开展宣传。")
    report = tmp_path / "r.yaml"
    report.write_text(filled, encoding="utf-8")
    checked = run("check", "--format", "json", str(report))
    assert checked.exit_code == 0, checked.stdout
    assert json.loads(checked.stdout)["findings"] == []


def test_an_english_template_writes_the_codes(run):
    text = run("--lang", "en", "template", "-u", "市民政局", "-p", "2025-H1").stdout
    assert "# status: ongoing | completed | not-started | not-applicable" in text
    assert "status: ongoing" in text and "进行中" not in text


def test_write_confirmation_in_chinese(run, tmp_path):
    target = tmp_path / "t.yaml"
    result = run("--lang", "zh", "template", "-u", "市民政局", "-p", "2025-H1", "-o", str(target))
    assert result.exit_code == 0 and f"已写入 {target}" in result.stderr and "填写后运行" in result.stderr


def test_query_answers_and_errors_in_chinese(run):
    shown = run("--lang", "zh", "show", "2.3.1").stdout
    assert shown.startswith("编号：2.3.1\n层级：") and "负责单位：" in shown
    assert run("--lang", "zh", "who-leads", "9.9").stderr.startswith("lplan：错误：方案中没有措施、事项或部分“9.9”")
    assert "是否要输入 市公安局？" in run("--lang", "zh", "duties", "公按局").stderr
    assert run("--lang", "zh", "who-cooperates", "3.2").stderr == "lplan：3.2 未列配合单位\n"


def test_deadline_statuses_in_chinese_codes_in_json(run):
    text = run("--lang", "zh", "deadlines", "--today", "2026-06-01", "--year", "2026").stdout
    assert text.startswith("2026-06-20\t2026年上半年\t还有 19 天\t39 个单位向市反拐办报送\n")
    data = json.loads(run("--lang", "zh", "deadlines", "--today", "2026-06-01", "--year", "2026", "-f", "json").stdout)
    assert {d["status"] for d in data["deadlines"]} == {"upcoming"}


def test_check_summary_line_and_summary_headline_in_chinese(run, tmp_path):
    report = tmp_path / "r.yaml"
    report.write_text("unit: 市公安局\nperiod: 2025-H1\nsubmitted: '2025-06-01'\nmeasures: []\n", encoding="utf-8")
    result = run("--lang", "zh", "check", str(report))
    assert result.exit_code == 1 and "已检查 1 个文件：1 个文件中有" in result.stderr
    summary = run("--lang", "zh", "summary", str(tmp_path), "-p", "2025-H1")
    assert "39 个单位中 1 个已报送" in summary.stdout and summary.stdout.splitlines()[0].endswith("不齐全")


def test_wrapping_measures_columns_and_respects_chinese_punctuation():
    from lijiang_plan.i18n.wrap import display_width, wrap

    text = "ID 可以是措施（2.3.1）、事项（2.3）或部分（2）；给出事项或部分时，逐一回答其下每项措施。" * 3
    lines = wrap(text, 30, "  ", "  ").splitlines()
    assert len(lines) > 3 and all(display_width(line) <= 30 for line in lines)
    assert not any(line.strip()[0] in "，。、；：）" for line in lines)
    assert not any(line.rstrip()[-1] in "（“" for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost or added
    kept = wrap("\b\n第一行\n  第二行", 4)
    assert kept == "第一行\n  第二行"


@pytest.mark.parametrize(
    ("text", "columns"),
    [("abc", 3), ("中文", 4), ("a中b", 4), ("Ａ１", 4), ("ｱｲ", 2), ("（2.3.1）", 9), ("", 0)],
)
def test_display_width_counts_wide_and_fullwidth_characters_as_two_columns(text, columns):
    from lijiang_plan.i18n.wrap import display_width

    assert display_width(text) == columns  # halfwidth katakana (ｱ) and ASCII: one column


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("abcd efgh", 9, "abcd efgh"),  # an exact fit stays on one line
        ("中文中文", 8, "中文中文"),
        ("abc defgh", 6, "abc\ndefgh"),  # English breaks between words, never inside one
        ("abc def", 3, "abc\ndef"),  # the space at a break is dropped, not carried to the next line
        ("中文中文,abc", 8, "中文中\n文,abc"),  # a run starting with closing punctuation stays with what it closes
        ("中文中文（注", 8, "中文中文\n（注"),  # opening punctuation never ends a line
        ("alpha\nbeta", 80, "alpha beta"),  # a paragraph's lines joined: a space between words
        ("中文\n继续", 80, "中文继续"),  # none between CJK characters
        ("中文\nabc", 80, "中文abc"),
        ("abc\n中d", 80, "abc中d"),
        ("one\n\ntwo", 80, "one\n\ntwo"),  # paragraphs stay apart
        ("one\n\n\n\ntwo\nmore", 80, "one\n\ntwo more"),
        ("  first line\nsecond", 80, "  first line second"),  # the first line's indentation is the paragraph's
        ("  first line\nsecond", 14, "  first line\n  second"),
    ],
)
def test_wrap_breaks_joins_and_indents_as_click_does_but_by_columns(text, width, expected):
    from lijiang_plan.i18n.wrap import wrap

    assert wrap(text, width) == expected


def test_chinese_help_fits_the_terminal(run):
    from lijiang_plan.i18n.wrap import display_width

    # Pages of prose; column lists (export, summary) are kept as written, in English too.
    for args in [["--help"], *([command, "--help"] for command in ("who-leads", "duties", "check", "template"))]:
        page = run("--lang", "zh", *args, env={"COLUMNS": "80"}).stdout
        # an example command line may be wider (as in English); prose may not
        too_wide = [
            line for line in page.splitlines() if display_width(line) > 80 and not line.strip().startswith("lplan ")
        ]
        assert not [line for line in too_wide if any("\u4e00" <= c <= "\u9fff" for c in line)], (args, too_wide)


def test_findings_rules_and_sarif_in_chinese_with_the_same_structure(run):
    report = str(REPO / "examples" / "reports" / "bad-missing-lead.yaml")
    zh = json.loads(run("--lang", "zh", "check", "--format", "json", report).stdout)
    en = json.loads(run("--lang", "en", "check", "--format", "json", report).stdout)
    assert [(f["rule"], f["line"], f["level"]) for f in zh["findings"]] == [
        (f["rule"], f["line"], f["level"]) for f in en["findings"]
    ]
    assert zh["findings"][0]["message"].startswith("未报告措施 1.2.1")
    listed = run("--lang", "zh", "check", "--list-rules").stdout
    assert "missing-lead" in listed and "未报告该单位负责的措施" in listed
    sarif = json.loads(run("--lang", "zh", "check", "--format", "sarif", report).stdout)
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["missing-lead"]["shortDescription"]["text"] == "未报告该单位负责的措施"
    assert sarif["runs"][0]["results"][0]["message"]["text"].startswith("未报告措施")


def test_reading_problems_in_chinese(run, tmp_path):
    report = tmp_path / "r.yaml"
    report.write_bytes("unit: 市公安局\n".encode("gbk"))
    out = run("--lang", "zh", "check", str(report)).stdout
    assert "文件似乎是 GBK/GB18030 编码；请另存为 UTF-8" in out and "(encoding)" in out


def test_shape_and_plan_findings_in_chinese_goldens_unchanged_in_english(run):
    report = str(REPO / "tests" / "corpus" / "wrong-types.yaml")
    zh = run("--lang", "zh", "check", report).stdout
    assert "须为文字，但 YAML 把它读成了数字" in zh and "(wrong-type)" in zh
    en = run("check", report).stdout
    assert "must be text, but YAML read it as the number" in en


@pytest.mark.parametrize(
    "case",
    ["date-does-not-exist", "date-month-13", "colon-in-value", "byte-order-mark-mid-file", "period-with-minus-sign"],
)
def test_libyaml_s_problems_and_the_calendar_s_reasons_are_in_chinese_under_zh(run, case):
    """Under zh no English is left inside a Chinese message: libyaml's problem strings and why a day does not exist."""
    import re

    result = run("--lang", "zh", "check", "--format", "json", str(REPO / "tests" / "corpus" / f"{case}.yaml"))
    (finding,) = json.loads(result.stdout)["findings"]
    named = re.sub(r"U\+[0-9A-F]{4,6}(?: [A-Z-]+)*", "", finding["message"])  # a character's Unicode name stays
    assert set(re.findall(r"[A-Za-z]{3,}", named)) <= {"YAML"}, finding["message"]


def test_an_unknown_rule_is_one_chinese_sentence_pair_without_a_stray_space(run):
    result = run("--lang", "zh", "check", "--select", "lat", str(REPO / "examples" / "reports" / "warn-late.yaml"))
    assert result.exit_code == 2
    assert "没有规则“lat”。是否要输入：late？" in result.stderr
    english = run("check", "--select", "lat", str(REPO / "examples" / "reports" / "warn-late.yaml"))
    assert "no rule 'lat'. Did you mean late?" in english.stderr

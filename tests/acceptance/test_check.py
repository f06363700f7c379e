"""`lplan check` as CI and people use it: formats, exit status, --strict, rule selection, paths."""

from __future__ import annotations

import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from lijiang_plan.rules import RULES
from tests.conftest import REPO

EXAMPLES = REPO / "examples" / "reports"
GOOD = str(EXAMPLES / "good-court-2024-H2.yaml")
LATE = str(EXAMPLES / "warn-late.yaml")  # one warning
MISSING_LEAD = str(EXAMPLES / "bad-missing-lead.yaml")  # one error
WRONG_TYPE = str(EXAMPLES / "bad-wrong-type.yaml")  # three errors, one warning
GBK = str(EXAMPLES / "bad-encoding-gbk.yaml")


def _golden(path: str) -> list[dict]:
    return json.loads(Path(path.removesuffix(".yaml") + ".expected.json").read_text(encoding="utf-8"))["findings"]


# -- exit status ----------------------------------------------------------------


def test_clean_report_exits_0_and_prints_nothing(run):
    result = run("check", GOOD)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_errors_exit_1(run):
    assert run("check", MISSING_LEAD).exit_code == 1


def test_warnings_alone_exit_0_and_fail_with_strict(run):
    assert run("check", LATE).exit_code == 0
    strict = run("check", "--strict", LATE)
    assert strict.exit_code == 1
    assert "--strict" in strict.stderr


def test_a_path_that_does_not_exist_exits_2_but_the_others_are_still_checked(run, tmp_path):
    missing = str(tmp_path / "nope.yaml")
    result = run("check", "--format", "json", missing, MISSING_LEAD, GOOD)
    assert result.exit_code == 2
    assert f"{missing}: no such file or directory" in result.stderr
    out = json.loads(result.stdout)
    assert [f["path"] for f in out["files"]] == [MISSING_LEAD, GOOD]
    assert out["summary"]["missing_paths"] == [missing] and out["summary"]["passed"] is False
    assert [f["rule"] for f in out["findings"]] == ["missing-lead"]


@pytest.mark.parametrize("args", [["check"], ["check", "--format", "xml", GOOD], ["check", "--bogus", GOOD]])
def test_usage_errors_exit_2(run, args):
    assert run(*args).exit_code == 2


def test_one_broken_file_never_stops_the_others(run, tmp_path):
    result = run("check", GBK, MISSING_LEAD, LATE)
    assert result.exit_code == 1
    rules = [line.rsplit("(", 1)[1].rstrip(")") for line in result.stdout.splitlines()]
    assert rules == ["encoding", "missing-lead", "late"]


# -- text -------------------------------------------------------------------------


def test_text_piped_is_one_linter_line_per_finding_and_a_summary_on_stderr(run):
    result = run("check", WRONG_TYPE)
    expected = [
        f"{WRONG_TYPE}:{f['line']}:{f['column']}: [{f['level']}] {f['message']} ({f['rule']})"
        for f in _golden(WRONG_TYPE)
    ]
    assert result.stdout.splitlines() == expected
    assert result.stderr == "checked 1 file: 3 errors, 1 warning in 1 file(s)\n"


def test_text_on_a_terminal_is_a_grouped_view(plan, tmp_path, monkeypatch):
    import io

    from lijiang_plan.outputs.formats import TextReporter
    from lijiang_plan.reports.check import check_file
    from lijiang_plan.reports.run import Summary

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    out, err = Tty(), io.StringIO()
    monkeypatch.setenv("NO_COLOR", "1")
    reporter = TextReporter(out, err, lambda f: f.level == "error")
    findings = check_file(MISSING_LEAD, plan)
    reporter.file(MISSING_LEAD, findings)
    summary = Summary()
    summary.count(findings, lambda f: f.level == "error")
    reporter.finish(summary)
    text = re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue())  # styles stay under NO_COLOR; colours go
    assert not re.search(r"\x1b\[[0-9;]*;3[0-7]m|\x1b\[3[0-7]m", out.getvalue())
    assert text.splitlines()[0] == MISSING_LEAD
    assert "error" in text and "missing-lead" in text and "1.2.1" in text
    assert "checked 1 file: 1 error" in text
    assert err.getvalue() == ""


# -- json -------------------------------------------------------------------------


def test_json_has_every_finding_each_file_and_a_summary(run):
    result = run("check", "--format", "json", WRONG_TYPE, LATE, GOOD)
    out = json.loads(result.stdout)
    assert out["summary"] == {
        "files": 3,
        "files_with_findings": 2,
        "errors": 3,
        "warnings": 2,
        "failing": 3,
        "strict": False,
        "missing_paths": [],
        "passed": False,
    }
    assert [(f["path"], f["passed"]) for f in out["files"]] == [(WRONG_TYPE, False), (LATE, True), (GOOD, True)]
    wrong_type = [
        {k: f[k] for k in ("line", "column", "cell", "rule", "level", "message")}
        for f in out["findings"]
        if f["path"] == WRONG_TYPE
    ]
    assert wrong_type == _golden(WRONG_TYPE)
    assert {f["fails"] for f in out["findings"] if f["level"] == "warning"} == {False}


def test_json_with_strict_marks_warnings_as_failing(run):
    out = json.loads(run("check", "--format", "json", "--strict", LATE).stdout)
    assert out["summary"]["failing"] == 1 and out["findings"][0]["fails"] is True


# -- github -------------------------------------------------------------------------


def test_github_prints_one_workflow_annotation_per_finding(run):
    result = run("check", "--format", "github", WRONG_TYPE)
    lines = result.stdout.splitlines()
    golden = _golden(WRONG_TYPE)
    assert len(lines) == len(golden)
    for line, f in zip(lines, golden):
        match = re.fullmatch(r"::(error|warning) file=([^,]+),line=(\d+),col=(\d+),title=([^:]+)::(.*)", line)
        assert match, line
        level, file, row, col, title, message = match.groups()
        assert (level, file, int(row), int(col), title) == (
            f["level"],
            WRONG_TYPE,
            f["line"],
            f["column"],
            f"lplan {f['rule']}",
        )
        assert message == f["message"].replace("%", "%25")


def test_github_escapes_what_would_break_an_annotation(run, tmp_path):
    path = tmp_path / "a,b:c%.yaml"
    shutil.copy(MISSING_LEAD, path)
    line = run("check", "--format", "github", str(path)).stdout.splitlines()[0]
    assert "file=" + str(path).replace("%", "%25").replace(":", "%3A").replace(",", "%2C") + ",line=" in line


@pytest.mark.parametrize("fmt", ["text", "json", "github", "junit", "sarif"])
def test_control_characters_in_a_file_name_are_escaped_in_every_format(run, tmp_path, fmt):
    path = tmp_path / "bad\x01na\nme.yaml"
    shutil.copy(MISSING_LEAD, path)
    out = run("check", "--format", fmt, str(path)).stdout
    assert "\x01" not in out and "na\nme" not in out
    assert "\\x01" in out or "%01" in out
    if fmt == "junit":
        ET.fromstring(out)  # still well-formed XML
    if fmt == "text":
        assert len(out.splitlines()) == 1  # one finding, one line


def test_arabic_indic_digits_are_not_a_period(run, tmp_path):
    path = tmp_path / "r.yaml"
    text = Path(GOOD).read_text(encoding="utf-8")
    period = re.search(r"^period: (\S+)$", text, re.M).group(1)
    path.write_text(text.replace(f"period: {period}", "period: ٢٠٢٤-H2"), encoding="utf-8")
    findings = json.loads(run("check", "--format", "json", str(path)).stdout)["findings"]
    assert "bad-period" in [f["rule"] for f in findings]


# -- junit --------------------------------------------------------------------------


def test_junit_has_a_test_case_per_file_failing_where_findings_fail(run):
    result = run("check", "--format", "junit", WRONG_TYPE, LATE, GOOD)
    root = ET.fromstring(result.stdout)
    suite = root.find("testsuite")
    assert suite is not None and suite.get("tests") == "3" and suite.get("failures") == "1"
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert list(cases) == [WRONG_TYPE, LATE, GOOD]
    failure = cases[WRONG_TYPE].find("failure")
    assert failure is not None and failure.text.count("\n") == 2  # three errors, one per line
    assert cases[WRONG_TYPE].find("system-out").text.endswith("(missing-cooperate)")
    assert cases[LATE].find("failure") is None and "(late)" in cases[LATE].find("system-out").text
    assert len(cases[GOOD]) == 0


def test_junit_with_strict_turns_warnings_into_failures(run):
    root = ET.fromstring(run("check", "--format", "junit", "--strict", LATE).stdout)
    assert root.find("testsuite/testcase/failure").get("type") == "late"


# -- sarif --------------------------------------------------------------------------


def test_sarif_is_a_2_1_0_log_with_rules_and_located_results(run):
    result = run("check", "--format", "sarif", WRONG_TYPE, GOOD)
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0"
    (sarif_run,) = log["runs"]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "lplan"
    assert [r["id"] for r in driver["rules"]] == list(RULES)
    golden = _golden(WRONG_TYPE)
    assert len(sarif_run["results"]) == len(golden)
    for res, f in zip(sarif_run["results"], golden):
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"] == f["rule"]
        assert res["level"] == f["level"] and res["message"]["text"] == f["message"]
        (loc,) = res["locations"]
        region = loc["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"]) == (f["line"], f["column"])
        artifact = loc["physicalLocation"]["artifactLocation"]
        base = sarif_run["originalUriBaseIds"][artifact["uriBaseId"]]["uri"] if "uriBaseId" in artifact else ""
        assert base + artifact["uri"] == Path(WRONG_TYPE).as_uri()


def test_sarif_uris_of_chinese_file_names_are_percent_encoded(run, tmp_path):
    path = tmp_path / "公安局.yaml"
    shutil.copy(MISSING_LEAD, path)
    log = json.loads(run("check", "--format", "sarif", str(path)).stdout)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.isascii() and uri.endswith("%E5%85%AC%E5%AE%89%E5%B1%80.yaml")


# -- --select / --ignore ------------------------------------------------------------------


def test_ignore_drops_a_rule_and_select_keeps_only_the_chosen(run):
    ignored = run("check", "--ignore", "missing-cooperate", WRONG_TYPE)
    assert "(missing-cooperate)" not in ignored.stdout and ignored.stdout.count("(wrong-type)") == 3
    selected = run("check", "--select", "missing-cooperate,late", WRONG_TYPE, LATE)
    assert selected.exit_code == 0
    assert [line.rsplit("(", 1)[1] for line in selected.stdout.splitlines()] == ["missing-cooperate)", "late)"]


def test_a_file_that_cannot_be_read_is_reported_whatever_is_selected(run):
    result = run("check", "--select", "late", GBK)
    assert result.exit_code == 1 and "(encoding)" in result.stdout


def test_an_unknown_rule_name_is_a_usage_error_with_a_suggestion(run):
    result = run("check", "--ignore", "missing-leads", GOOD)
    assert result.exit_code == 2
    assert "missing-lead" in result.stderr


# -- paths --------------------------------------------------------------------------------


def test_directories_are_walked_for_every_file_sorted_skipping_hidden_ones(run, tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".github").mkdir()
    shutil.copy(GOOD, tmp_path / "b" / "2.yml")
    shutil.copy(GOOD, tmp_path / "b" / "1.yaml")
    shutil.copy(GOOD, tmp_path / "a" / "z.YAML")
    shutil.copy(GBK, tmp_path / ".github" / "ci.yml")
    (tmp_path / "a" / "notes.txt").write_text("not a report", encoding="utf-8")
    (tmp_path / "b" / "~$2.xlsx").write_bytes(b"\x00lock")  # a spreadsheet's lock file: not a report, not listed
    out = json.loads(run("check", "--format", "json", str(tmp_path)).stdout)
    assert [Path(f["path"]).relative_to(tmp_path).as_posix() for f in out["files"]] == [
        "a/notes.txt",  # a format lplan does not read is listed, with what to do
        "a/z.YAML",
        "b/1.yaml",
        "b/2.yml",
    ]
    assert [f["rule"] for f in out["findings"]] == ["unsupported-format"]


def test_a_file_named_explicitly_is_read_by_its_suffix_and_only_once(run, tmp_path):
    path = tmp_path / "report.txt"
    shutil.copy(MISSING_LEAD, path)  # YAML inside, but a .txt: what a folder walk would say of it, once
    out = json.loads(run("check", "--format", "json", str(path), str(path)).stdout)
    assert [f["path"] for f in out["files"]] == [str(path)]
    assert [f["rule"] for f in out["findings"]] == ["unsupported-format"]


def test_an_empty_directory_is_a_note_not_a_failure(run, tmp_path):
    result = run("check", str(tmp_path))
    assert result.exit_code == 0 and "no report files" in result.stderr


def test_a_link_up_the_tree_is_one_loop_finding_and_nothing_is_checked_twice(run, tmp_path):
    root = tmp_path / "r"
    (root / "sub").mkdir(parents=True)
    (root / "other").mkdir()
    shutil.copy(GOOD, root / "other" / "o.yaml")
    shutil.copy(GOOD, root / "sub" / "s.yaml")
    (root / "sub" / "up").symlink_to("..")
    for args in ([str(root / "sub")], [str(root), str(root / "sub")]):
        data = json.loads(run("check", "--format", "json", *args).stdout)
        assert [(f["path"].endswith("up"), f["rule"]) for f in data["findings"]] == [(True, "io-error")]
        assert "symbolic link loop" in data["findings"][0]["message"]
        paths = [f["path"] for f in data["files"]]
        assert len(paths) == len(set(paths))
        assert not any("up/" in p for p in paths)


def test_two_folders_linked_to_each_other_are_one_loop_finding_and_each_report_is_checked_once(run, tmp_path):
    """a/to-b -> ../b and b/to-a -> ../a: neither link points up its own tree, yet following both loops back."""
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        shutil.copy(GOOD, tmp_path / name / f"{name}.yaml")
    (tmp_path / "a" / "to-b").symlink_to("../b")
    (tmp_path / "b" / "to-a").symlink_to("../a")
    data = json.loads(run("check", "--format", "json", str(tmp_path)).stdout)
    loops = [f["path"] for f in data["findings"] if "symbolic link loop" in f["message"]]
    assert [p.removeprefix(str(tmp_path) + os.sep) for p in loops] == [os.path.join("a", "to-b", "to-a")]
    reports = sorted(os.path.basename(f["path"]) for f in data["files"] if f["path"].endswith(".yaml"))
    assert reports == ["a.yaml", "b.yaml"]  # b is reached through a/to-b first, then not again


def test_a_folder_reached_through_several_links_is_listed_once(run, tmp_path, monkeypatch):
    """r/x -> d and r/y -> d, and in d two links to e: each real folder is read once, not once per way in."""
    for name in ("r", "d", "e"):
        (tmp_path / name).mkdir()
    shutil.copy(GOOD, tmp_path / "e" / "e.yaml")
    for link in ("x", "y"):
        (tmp_path / "r" / link).symlink_to("../d")
        (tmp_path / "d" / link).symlink_to("../e")
    listed: list[str] = []
    real_scandir = os.scandir

    def counting(path="."):
        listed.append(os.path.realpath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", counting)
    data = json.loads(run("check", "--format", "json", str(tmp_path / "r")).stdout)
    assert [f["path"] for f in data["files"]] == [str(tmp_path / "r" / "x" / "x" / "e.yaml")]
    assert sorted(listed) == sorted(os.path.realpath(tmp_path / name) for name in ("r", "d", "e"))


def test_an_entry_that_cannot_be_looked_at_is_named_when_it_could_be_a_report(run, tmp_path):
    """A link to itself cannot be followed: with a report's suffix (notes.yaml) it is named; a name no unit
    would send ('notes', no suffix) is the folder's own business, not a submission, and is passed over."""
    shutil.copy(GOOD, tmp_path / "court.yaml")
    (tmp_path / "notes").symlink_to("notes")
    (tmp_path / "notes.yaml").symlink_to("notes.yaml")
    result = run("check", "--format", "json", str(tmp_path))
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert [f["path"] for f in out["files"]] == [str(tmp_path / "court.yaml"), str(tmp_path / "notes.yaml")]
    assert [(f["rule"], "symbolic link loop" in f["message"]) for f in out["findings"]] == [("io-error", True)]


def test_a_folder_walk_lists_what_a_unit_may_have_sent_and_passes_over_the_folders_own_files(run, tmp_path):
    """A report sent as .ods, .csv, .pdf or .txt is named (unsupported-format); README.md, a schema or a
    golden .json in a repository of reports is not a submission and is not walked."""
    shutil.copy(GOOD, tmp_path / "court.yaml")
    for name in ("police.ods", "civil.csv", "scan.pdf", "notes.txt", "README.md", "report.schema.json", "Makefile"):
        (tmp_path / name).write_bytes(b"x")
    out = json.loads(run("check", "--format", "json", str(tmp_path)).stdout)
    assert [os.path.basename(f["path"]) for f in out["files"]] == [
        "civil.csv",
        "court.yaml",
        "notes.txt",
        "police.ods",
        "scan.pdf",
    ]
    assert {os.path.basename(f["path"]) for f in out["findings"] if f["rule"] == "unsupported-format"} == {
        "civil.csv",
        "notes.txt",
        "police.ods",
        "scan.pdf",
    }
    named = json.loads(run("check", "--format", "json", str(tmp_path / "README.md")).stdout)
    assert [f["rule"] for f in named["findings"]] == ["unsupported-format"]  # named directly: read by its suffix


def test_a_subfolder_that_cannot_be_read_is_one_finding_and_the_others_are_checked_once(run, tmp_path, monkeypatch):
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
        shutil.copy(GOOD, tmp_path / name / f"{name}.yaml")
    real_scandir = os.scandir

    def denied(path="."):
        if os.fspath(path) == str(tmp_path / "b"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", denied)
    data = json.loads(run("check", "--format", "json", str(tmp_path)).stdout)
    assert [f["path"] for f in data["files"]] == [str(tmp_path / p) for p in ("a/a.yaml", "b", "c/c.yaml")]
    assert [(f["path"], f["rule"]) for f in data["findings"]] == [(str(tmp_path / "b"), "io-error")]


def test_the_same_file_spelled_twice_is_checked_once(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(GOOD, tmp_path / "a.yaml")
    data = json.loads(run("check", "--format", "json", "a.yaml", "./a.yaml", str(tmp_path / "a.yaml")).stdout)
    assert [f["path"] for f in data["files"]] == ["a.yaml"]


@pytest.mark.parametrize(
    "name, content, kind",
    [
        ("2025-H2-市公安局.ods", b"PK\x03\x04 OpenDocument", "OpenDocument 电子表格（.ods）"),
        ("2025-H2-市公安局.csv", "单位,市公安局\n".encode(), "CSV 文件（.csv）"),
        ("2025-H2-市公安局.docx", b"PK\x03\x04 Word", "Word 文档（.docx）"),
    ],
)
def test_a_file_in_another_format_named_directly_says_so_in_chinese(run, tmp_path, name, content, kind):
    path = tmp_path / name
    path.write_bytes(content)
    result = run("--lang", "zh", "check", str(path))
    assert result.exit_code == 1
    assert result.stdout == (
        f"{path}:1:1: [error] {kind}：不支持此格式，请另存为 .xlsx（文件 → 另存为 → Excel 工作簿）"
        + ("，或按 .yaml 格式填写报告，再重新报送" if name.endswith(".csv") else "后重新报送")
        + " (unsupported-format)\n"
    )
    assert "YAML" not in result.stdout.replace(".yaml", "")

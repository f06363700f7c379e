"""Folders as people have them, dates before the plan existed, and command lines typed as people type."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from lijiang_plan.cli import COMMANDS
from tests.conftest import REPO

GOOD = REPO / "examples" / "reports" / "good-court-2024-H2.yaml"
GOOD_2025 = REPO / "examples" / "reports" / "good-education-sports-2025-H1.yaml"


def _checked(run, *paths: str) -> list[str]:
    return [f["path"] for f in json.loads(run("check", "-f", "json", *paths).stdout)["files"]]


# -- hidden files, links, unreadable folders -------------------------------------------


def test_hidden_files_in_a_folder_are_skipped_like_hidden_folders(run, tmp_path):
    shutil.copy(GOOD, tmp_path / "court.yaml")
    (tmp_path / "._court.yaml").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ")  # AppleDouble
    (tmp_path / ".draft.yml").write_text("unit: [\n", encoding="utf-8")
    result = run("check", str(tmp_path))
    assert (result.exit_code, result.stdout) == (0, "")
    assert _checked(run, str(tmp_path)) == [str(tmp_path / "court.yaml")]


def test_a_hidden_file_named_explicitly_is_still_checked(run, tmp_path):
    hidden = tmp_path / ".court.yaml"
    shutil.copy(GOOD, hidden)
    assert _checked(run, str(hidden)) == [str(hidden)]


def test_summary_ignores_appledouble_files(run, tmp_path):
    shutil.copy(GOOD_2025, tmp_path / "edu.yaml")
    (tmp_path / "._edu.yaml").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")
    doc = json.loads(run("summary", str(tmp_path), "-p", "2025-H1", "-f", "json").stdout)
    assert [f["path"] for f in doc["files"]] == [str(tmp_path / "edu.yaml")]
    assert doc["totals"]["unidentified"] == 0


def test_a_link_to_a_report_in_the_same_folder_is_not_a_duplicate(run, tmp_path):
    shutil.copy(GOOD_2025, tmp_path / "b-edu.yaml")
    os.symlink("b-edu.yaml", tmp_path / "a-latest.yaml")  # sorts first, but the real file is kept
    assert _checked(run, str(tmp_path)) == [str(tmp_path / "b-edu.yaml")]
    doc = json.loads(run("summary", str(tmp_path), "-p", "2025-H1", "-f", "json").stdout)
    assert doc["totals"]["duplicates"] == 0
    assert [f["path"] for f in doc["files"]] == [str(tmp_path / "b-edu.yaml")]


def test_one_report_reached_by_name_by_its_folder_and_through_a_linked_folder_is_checked_once(run, tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    shutil.copy(GOOD_2025, real / "edu.yaml")
    (tmp_path / "view").symlink_to("real")
    spellings = (str(tmp_path / "view"), f"{real}/./edu.yaml", str(real), str(tmp_path / "view" / "edu.yaml"))
    assert _checked(run, *spellings) == [str(tmp_path / "view" / "edu.yaml")]  # the first spelling met
    assert _checked(run, str(real), str(tmp_path / "view")) == [str(real / "edu.yaml")]


def test_an_unreadable_summary_folder_is_exit_2_with_the_reason(run, tmp_path, monkeypatch):
    real_scandir = os.scandir

    def denied(path="."):
        if os.fspath(path) == str(tmp_path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", denied)
    result = run("summary", str(tmp_path), "-p", "2025-H1")
    assert result.exit_code == 2
    assert result.stderr == f"lplan: error: cannot read folder {tmp_path}: permission denied\n"
    assert "not submitted" not in result.stdout


# -- 2021: before the plan was issued ---------------------------------------------------


def _report_2021(tmp_path: Path) -> Path:
    text = GOOD.read_text(encoding="utf-8").replace("period: 2024-H2", "period: 2021-H1")
    path = tmp_path / "court-2021.yaml"
    path.write_text(text.replace("submitted: 2024-12-20", "submitted: 2022-05-10"), encoding="utf-8")
    return path


def test_no_lateness_for_a_due_day_before_the_plan_was_issued(run, tmp_path):
    findings = json.loads(run("check", "-f", "json", str(_report_2021(tmp_path))).stdout)["findings"]
    assert "late" not in [f["rule"] for f in findings]


def test_a_2024_report_is_still_late(run, tmp_path):
    path = tmp_path / "late.yaml"
    path.write_text(GOOD.read_text(encoding="utf-8").replace("2024-12-20", "2025-01-03"), encoding="utf-8")
    assert "late" in [f["rule"] for f in json.loads(run("check", "-f", "json", str(path)).stdout)["findings"]]


def test_summary_has_no_lateness_before_the_plan_was_issued(run, tmp_path):
    _report_2021(tmp_path)
    result = run("summary", str(tmp_path), "-p", "2021-H1", "-f", "json")
    row = next(r for r in json.loads(result.stdout)["units"] if r["unit_id"] == "court")
    assert (row["status"], row["days_late"]) == ("on-time", None)
    text = run("summary", str(tmp_path), "-p", "2021-H1").stdout
    assert "before the plan was issued on 2022-04-20" in text.splitlines()[0]


# -- the command line --------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["2025-h1", "２０２５－Ｈ１", " 2025-H1 ", "２０２５－ｈ１"])
def test_a_period_on_the_command_line_is_read_as_in_a_report(run, tmp_path, typed):
    result = run("template", "-u", "市公安局", "-p", typed)
    assert result.exit_code == 0, result.stderr
    assert "period: 2025-H1" in result.stdout
    shutil.copy(GOOD_2025, tmp_path / "edu.yaml")
    assert json.loads(run("summary", str(tmp_path), "-p", typed, "-f", "json").stdout)["period"] == "2025-H1"


def test_a_period_that_is_not_one_is_still_refused(run):
    result = run("template", "-u", "市公安局", "-p", "2025-H3")
    assert result.exit_code == 2 and "YEAR-H1" in result.stderr


@pytest.mark.parametrize("command", list(COMMANDS))
def test_plan_option_is_accepted_after_every_command(run, tmp_path, command):
    result = run(command, "--plan", str(tmp_path / "nope"), "--help")
    assert result.exit_code == 0, result.stderr
    assert "--plan DIR" in result.stdout


def test_plan_after_the_command_is_used(run, tmp_path):
    result = run("validate", "--plan", str(tmp_path / "nope"))
    assert result.exit_code == 2 and "'" + str(tmp_path / "nope") + "' does not exist" in result.stderr
    assert run("who-leads", "2.3.1", "--plan", str(REPO / "plan")).stdout == "市法院\n市檢察院\n市公安局\n"

"""`run.CheckRun` and `discover`: one check run as a library object, the same for `lplan check` and the portal."""

from __future__ import annotations

import shutil

import pytest

from lijiang_plan.errors import EXIT_FINDINGS, EXIT_USAGE
from lijiang_plan.reports.discover import discover
from lijiang_plan.reports.policy import Policy
from lijiang_plan.reports.run import CheckRun
from tests.conftest import REPO

EXAMPLES = REPO / "examples" / "reports"
GOOD = EXAMPLES / "good-court-2024-H2.yaml"
LATE = EXAMPLES / "warn-late.yaml"  # one warning
MISSING_LEAD = EXAMPLES / "bad-missing-lead.yaml"


def test_a_clean_run_exits_0_and_counts_its_file(plan):
    run = CheckRun(plan, [str(GOOD)])
    results = list(run.results())
    assert [r.path for r in results] == [str(GOOD)] and results[0].findings == []
    assert run.summary.files == 1 and run.summary.failing == 0 and run.exit_status == 0
    assert run.notes() == []


def test_a_warning_fails_only_under_strict(plan):
    lenient = CheckRun(plan, [str(LATE)])
    assert [f.rule for r in lenient.results() for f in r.findings] == ["late"]
    assert lenient.summary.warnings == 1 and lenient.exit_status == 0
    strict = CheckRun(plan, [str(LATE)], Policy(strict=True))
    list(strict.results())
    assert strict.exit_status == EXIT_FINDINGS


def test_the_policy_filters_what_is_yielded_and_counted(plan):
    run = CheckRun(plan, [str(MISSING_LEAD)], Policy(ignore={"missing-lead"}))
    shown = [f.rule for r in run.results() for f in r.findings]
    assert "missing-lead" not in shown and run.summary.errors == len(shown)
    assert run.exit_status == (EXIT_FINDINGS if run.summary.failing else 0)
    unfiltered = CheckRun(plan, [str(MISSING_LEAD)])
    assert "missing-lead" in [f.rule for r in unfiltered.results() for f in r.findings]
    assert unfiltered.exit_status == EXIT_FINDINGS


def test_a_missing_path_is_exit_2_and_the_others_are_still_checked(plan, tmp_path):
    gone = str(tmp_path / "gone.yaml")
    run = CheckRun(plan, [gone, str(GOOD)])
    assert [r.path for r in run.results()] == [str(GOOD)]
    assert run.exit_status == EXIT_USAGE and run.summary.missing == [gone]
    assert run.notes() == [f"lplan: error: {gone}: no such file or directory"]


def test_a_folder_without_files_gets_one_note_and_exits_0(plan, tmp_path):
    (tmp_path / ".notes.txt").write_text("hidden", encoding="utf-8")
    run = CheckRun(plan, [str(tmp_path)])
    assert list(run.results()) == [] and run.exit_status == 0
    assert run.notes() == [f"lplan: note: no report files (*.yaml, *.yml, *.xlsx) under {tmp_path}"]


def test_a_folder_of_other_formats_lists_each_and_fails(plan, tmp_path):
    (tmp_path / "notes.txt").write_text("not a report", encoding="utf-8")
    run = CheckRun(plan, [str(tmp_path)])
    assert [[f.rule for f in r.findings] for r in run.results()] == [["unsupported-format"]]
    assert run.exit_status == 1 and run.notes() == []


def test_the_note_names_a_path_as_it_can_be_printed(tmp_path):
    odd = tmp_path / "a\x1b[2Jb"
    odd.mkdir()
    (line,) = discover([str(odd)]).notes()
    assert "\x1b" not in line and "\\x1b[2J" in line


@pytest.mark.parametrize("jobs", [1, 2])
def test_results_come_in_the_order_discovered_on_any_number_of_cores(plan, tmp_path, jobs):
    for name in ("b.yaml", "a.yaml", "c.yaml"):
        shutil.copy(GOOD, tmp_path / name)
    run = CheckRun(plan, [str(tmp_path)], jobs=jobs)
    assert [r.path for r in run.results()] == [str(tmp_path / n) for n in ("a.yaml", "b.yaml", "c.yaml")]
    assert run.summary.files == 3


def test_discovery_keeps_missing_paths_apart_from_files(tmp_path):
    shutil.copy(GOOD, tmp_path / "r.yaml")
    found = discover([str(tmp_path), str(tmp_path / "nope.yaml")])
    assert found.files == [str(tmp_path / "r.yaml")] and found.missing == [str(tmp_path / "nope.yaml")]
    assert found.notes() == [f"lplan: error: {tmp_path / 'nope.yaml'}: no such file or directory"]


def test_a_run_with_a_missing_path_never_says_no_problems(plan, tmp_path):
    run = CheckRun(plan, [str(tmp_path / "missing.yaml")])
    list(run.results())
    assert run.exit_status == EXIT_USAGE and run.summary.failed
    assert run.summary.line() == "checked 0 files; 1 path not found"


def test_the_terminal_s_summary_is_red_when_a_path_is_missing(tmp_path):
    """What the issue saw: a green 'checked 0 files: no problems' while check exited 2."""
    import io

    from lijiang_plan.outputs.terminal import FindingsView
    from lijiang_plan.reports.run import Summary

    summary = Summary(missing=[str(tmp_path / "missing.yaml")])
    shown: list[tuple[str, bool]] = []
    view = FindingsView(io.StringIO())
    view.finish = lambda line, failed: shown.append((line, failed))  # type: ignore[method-assign]
    from lijiang_plan.outputs.formats import TextReporter

    reporter = TextReporter(io.StringIO(), io.StringIO(), lambda f: True)
    reporter.view = view
    reporter.finish(summary)
    assert shown == [("checked 0 files; 1 path not found", True)]

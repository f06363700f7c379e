"""Standard output as Unix tools meet it: a closed pipe, a closed descriptor, a vanished directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lijiang_plan.outputs.formats import GithubReporter
from tests.conftest import REPO


def _lplan(args: list[str], tmp_path: Path, stdout: int | None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "LPLAN_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.run(
        [sys.executable, "-m", "lijiang_plan", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
        cwd=cwd,
        check=False,
    )


@pytest.mark.parametrize("args", [["schema"], ["who-leads", "2.3"], ["check", "examples/reports"], ["--help"]])
def test_a_closed_pipe_exits_141_quietly(tmp_path, args):
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before lplan writes anything: every write fails with EPIPE
    try:
        result = _lplan(args, tmp_path, write_end, cwd=REPO)
    finally:
        os.close(write_end)
    assert (result.returncode, result.stderr) == (141, "")


def test_a_closed_stdout_is_exit_74_with_a_message(tmp_path):
    code = "import os, runpy, sys; os.close(1); sys.stdout = None; sys.argv = ['lplan', *sys.argv[1:]]; runpy.run_module('lijiang_plan', run_name='__main__')"
    env = {**os.environ, "LPLAN_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, "-c", code, "template", "-u", "市公安局", "-p", "2025-H1"],
        stderr=subprocess.PIPE,
        env=env,
        text=True,
        check=False,
    )
    assert result.returncode == 74
    assert result.stderr == "lplan: error: cannot write the output: standard output is closed\n"


def test_a_closed_stdout_does_not_fail_a_command_that_writes_to_a_file(tmp_path):
    code = "import os, runpy, sys; os.close(1); sys.stdout = None; sys.argv = ['lplan', *sys.argv[1:]]; runpy.run_module('lijiang_plan', run_name='__main__')"
    env = {**os.environ, "LPLAN_CACHE_DIR": str(tmp_path / "cache")}
    out = tmp_path / "r.yaml"
    result = subprocess.run(
        [sys.executable, "-c", code, "template", "-u", "市公安局", "-p", "2025-H1", "-o", str(out)],
        stderr=subprocess.PIPE,
        env=env,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and out.exists()


def test_a_removed_working_directory_is_a_reading_error_not_an_output_error(run, tmp_path, monkeypatch):
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    result = run("check", ".")
    assert result.exit_code == 2
    assert "current directory no longer exists" in result.stderr
    assert "cannot write the output" not in result.stderr


def test_a_reading_error_that_escapes_is_not_called_an_output_error(run, monkeypatch):
    import errno

    from lijiang_plan.commands import query

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", "/some/file")

    monkeypatch.setattr(query, "emit", denied)
    result = run("who-leads", "2.3.1")
    assert result.exit_code == 2
    assert result.stderr == "lplan: error: reading failed /some/file: Permission denied\n"


def test_github_annotation_escapes_line_breaks_in_the_file_property(tmp_path):
    import io

    from lijiang_plan.findings import Finding

    out = io.StringIO()
    path = "dir/na\nme\r,x:y%.yaml"
    GithubReporter(out, io.StringIO(), lambda f: True).file(
        path, [Finding(path, 3, 4, "late", "warning", "line one\nline two")]
    )
    assert out.getvalue() == (
        "::warning file=dir/na%0Ame%0D%2Cx%3Ay%25.yaml,line=3,col=4,title=lplan late::line one%0Aline two\n"
    )

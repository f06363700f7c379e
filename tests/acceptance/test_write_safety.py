"""Through the CLI: nothing lplan writes destroys a file the user did not ask it to replace.

`template -o`, `export -o` and `deadlines -o` all write through `safewrite`:
an existing file (or a symbolic link, even a broken one) is refused without
--force; a directory is refused always; with --force a symbolic link is
replaced by the new file and its target is left alone; an interrupted write
leaves the old file or nothing, never half a file and no temporary file.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from lijiang_plan.files import safewrite
from tests.conftest import REPO
from tests.unit.files.test_safewrite import _FailingFile  # writes half the data, then fails

#: command -> (arguments before -o, an output name of the right kind)
WRITERS = {
    "template": (["template", "-u", "railway-station", "-p", "2025-H1"], "report.yaml"),
    "export": (["export", "measures"], "measures.csv"),
    "deadlines": (["deadlines"], "deadlines.ics"),
}


def listing(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


@pytest.fixture(params=list(WRITERS))
def writer(request):
    args, name = WRITERS[request.param]
    return lambda run, target, *extra: run(*args, "-o", str(target), *extra), name


def test_an_existing_file_is_untouched_without_force_and_replaced_with_it(run, tmp_path, writer):
    write, name = writer
    target = tmp_path / name
    target.write_bytes(b"precious")
    before = target.stat().st_mtime_ns
    refused = write(run, target)
    assert refused.exit_code == 2 and "already exists; use --force" in refused.stderr
    assert target.read_bytes() == b"precious" and target.stat().st_mtime_ns == before
    assert listing(tmp_path) == [name]
    assert write(run, target, "--force").exit_code == 0
    assert target.read_bytes() not in (b"", b"precious")
    assert listing(tmp_path) == [name]


def test_a_directory_as_output_is_refused_even_with_force(run, tmp_path, writer):
    write, name = writer
    directory = tmp_path / name
    directory.mkdir()
    (directory / "inside.txt").write_bytes(b"x")
    for extra in ((), ("--force",)):
        result = write(run, directory, *extra)
        assert result.exit_code == 2 and "is a directory; give a file name" in result.stderr
    assert listing(directory) == ["inside.txt"] and listing(tmp_path) == [name]


def test_a_symlink_is_refused_without_force_and_with_force_the_link_not_its_target_is_replaced(run, tmp_path, writer):
    write, name = writer
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_bytes(b"the link's target")
    link = tmp_path / name
    link.symlink_to(elsewhere.name)
    refused = write(run, link)
    assert refused.exit_code == 2 and "already exists; use --force" in refused.stderr
    assert link.is_symlink() and elsewhere.read_bytes() == b"the link's target"
    assert write(run, link, "--force").exit_code == 0
    assert not link.is_symlink() and link.stat().st_size > 0
    assert elsewhere.read_bytes() == b"the link's target"
    assert listing(tmp_path) == sorted(["elsewhere.txt", name])


def test_a_broken_symlink_is_refused_and_its_target_never_created(run, tmp_path, writer):
    write, name = writer
    link = tmp_path / name
    link.symlink_to("missing-target")
    assert write(run, link).exit_code == 2
    assert not (tmp_path / "missing-target").exists() and listing(tmp_path) == [name]


def test_a_missing_directory_is_refused_not_created(run, tmp_path, writer):
    write, name = writer
    result = write(run, tmp_path / "no" / name)
    assert result.exit_code == 2 and "does not exist; create it first" in result.stderr
    assert listing(tmp_path) == []


@pytest.mark.parametrize(
    "error, exit_code, words",
    [
        (OSError(errno.ENOSPC, "No space left on device"), 74, "No space left on device"),  # as documented
        (KeyboardInterrupt(), 130, "interrupted"),
    ],
)
@pytest.mark.parametrize("existing", [None, b"the old report"])
def test_an_interrupted_template_write_leaves_the_old_file_or_nothing(
    run, tmp_path, monkeypatch, error, exit_code, words, existing
):
    target = tmp_path / "report.yaml"
    if existing is not None:
        target.write_bytes(existing)
    real_fdopen = os.fdopen
    monkeypatch.setattr(safewrite.os, "fdopen", lambda fd, *a, **k: _FailingFile(real_fdopen(fd, *a, **k), error))
    args = ["template", "-u", "railway-station", "-p", "2025-H1", "-o", str(target)]
    result = run(*args, *(["--force"] if existing else []))
    assert result.exit_code == exit_code and words in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    if existing is None:
        assert listing(tmp_path) == []
    else:
        assert target.read_bytes() == existing and listing(tmp_path) == ["report.yaml"]


# -- an -o that would eat its input (issue #23) -----------------------------------------------------------


def _reports_folder(tmp_path, run):
    folder = tmp_path / "reports"
    folder.mkdir()
    source = REPO / "examples" / "reports" / "good-court-2024-H2.yaml"
    (folder / "court.yaml").write_bytes(source.read_bytes())
    assert run("convert", str(folder / "court.yaml"), "-o", str(folder / "court.xlsx")).exit_code == 0
    return folder


@pytest.mark.parametrize(
    "args, target",
    [
        (("summary", "{dir}", "-p", "2024-H2", "-f", "xlsx", "-o", "{dir}/court.xlsx", "--force"), "court.xlsx"),
        (("summary", "{dir}", "-p", "2024-H2", "-f", "csv", "-o", "{dir}/court.yaml", "--force"), "court.yaml"),
        (("digest", "{dir}", "-p", "2024-H2", "-f", "md", "-o", "{dir}/court.yaml", "--force"), "court.yaml"),
        (("summary", "{dir}", "-p", "2024-H2", "-f", "csv", "-o", "{dir}/link.csv", "--force"), "court.yaml"),
    ],
)
def test_no_run_writes_over_a_file_it_reads_even_with_force(run, tmp_path, args, target):
    folder = _reports_folder(tmp_path, run)
    (folder / "link.csv").symlink_to(folder / "court.yaml")  # a name that leads to a report
    before = (folder / target).read_bytes()
    result = run(*(arg.format(dir=folder) for arg in args))
    assert result.exit_code == 2, result.stderr
    assert "one of the files this run reads" in result.stderr
    assert (folder / target).read_bytes() == before


def test_an_output_beside_the_inputs_that_is_not_one_of_them_is_written(run, tmp_path):
    folder = _reports_folder(tmp_path, run)
    result = run("summary", str(folder), "-p", "2024-H2", "-f", "csv", "-o", str(folder / "summary.csv"))
    assert result.exit_code in (0, 1) and (folder / "summary.csv").exists()


def test_a_legal_250_byte_file_name_can_be_written(run, tmp_path):
    name = tmp_path / ("a" * 246 + ".csv")  # 250 bytes; a temporary name made longer from it would fail
    result = run("export", "measures", "-o", str(name))
    assert result.exit_code == 0, result.stderr
    assert name.exists() and [p.name for p in tmp_path.iterdir()] == [name.name]


def test_a_write_that_fails_exits_74_as_documented(run, tmp_path, monkeypatch):
    """A read-only folder (root ignores permissions, so the refusal is made as the OS would)."""
    import errno
    import tempfile

    def read_only(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    result = run("export", "measures", "-o", str(tmp_path / "m.csv"))
    assert result.exit_code == 74, result.stderr
    assert "Permission denied" in result.stderr

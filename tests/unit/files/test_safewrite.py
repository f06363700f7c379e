"""`safewrite.write_text`: nothing lplan writes destroys a user's file."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from lijiang_plan.errors import OutputError
from lijiang_plan.files import safewrite


def leftovers(directory: Path, *keep: str) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name not in keep)


def test_writes_a_new_file_exactly(tmp_path):
    target = tmp_path / "out.csv"
    safewrite.write_text(target, "a,b\r\n市,x\r\n", newline="")
    assert target.read_bytes() == "a,b\r\n市,x\r\n".encode()
    assert leftovers(tmp_path) == ["out.csv"]


def test_new_file_mode_follows_the_umask(tmp_path):
    old = os.umask(0o027)
    try:
        safewrite.write_text(tmp_path / "f", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "f").stat().st_mode) == 0o640


def test_utf8_sig_writes_a_bom(tmp_path):
    safewrite.write_text(tmp_path / "f", "市", encoding="utf-8-sig", newline="")
    assert (tmp_path / "f").read_bytes() == b"\xef\xbb\xbf" + "市".encode()


def test_existing_file_is_untouched_without_force(tmp_path):
    target = tmp_path / "report.csv"
    target.write_bytes(b"precious")
    before = target.stat()
    with pytest.raises(OutputError, match="already exists; use --force"):
        safewrite.write_text(target, "new")
    assert target.read_bytes() == b"precious"
    assert target.stat().st_mtime_ns == before.st_mtime_ns
    assert leftovers(tmp_path) == ["report.csv"]


def test_dangling_symlink_counts_as_existing(tmp_path):
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "missing")
    with pytest.raises(OutputError, match="already exists"):
        safewrite.write_text(link, "x")
    assert not (tmp_path / "missing").exists()


def test_file_appearing_after_the_check_is_not_overwritten(tmp_path, monkeypatch):
    """The race: another program creates the file while we write; without force it must survive."""
    target = tmp_path / "raced"
    real_fsync = os.fsync

    def fsync_then_someone_creates_it(fd):
        real_fsync(fd)
        if not target.exists():
            target.write_bytes(b"theirs")

    monkeypatch.setattr(safewrite.os, "fsync", fsync_then_someone_creates_it)
    with pytest.raises(OutputError, match="already exists"):
        safewrite.write_text(target, "ours")
    assert target.read_bytes() == b"theirs"
    assert leftovers(tmp_path) == ["raced"]


def test_without_hard_links_it_falls_back_to_rename(tmp_path, monkeypatch):
    def no_links(src, dst):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(safewrite.os, "link", no_links)
    safewrite.write_text(tmp_path / "f", "x")
    assert (tmp_path / "f").read_text() == "x"
    assert leftovers(tmp_path) == ["f"]


def test_force_replaces_and_keeps_permissions(tmp_path):
    target = tmp_path / "shared.csv"
    target.write_text("old")
    target.chmod(0o640)
    safewrite.write_text(target, "new", force=True)
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == ["shared.csv"]


def test_target_that_is_a_directory_is_refused(tmp_path):
    (tmp_path / "d").mkdir()
    for force in (False, True):
        with pytest.raises(OutputError, match="is a directory"):
            safewrite.write_text(tmp_path / "d", "x", force=force)
    assert leftovers(tmp_path / "d") == []


def test_missing_parent_directory_is_refused_and_not_created(tmp_path):
    with pytest.raises(OutputError, match="does not exist; create it first"):
        safewrite.write_text(tmp_path / "no" / "such" / "f.csv", "x")
    assert leftovers(tmp_path) == []


def test_empty_path_is_refused():
    with pytest.raises(OutputError, match="no output file name"):
        safewrite.write_text("", "x")


def test_unwritable_directory_is_an_output_error(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(safewrite.tempfile, "mkstemp", refuse)
    with pytest.raises(OutputError, match="cannot write in .*Permission denied"):
        safewrite.write_text(tmp_path / "f", "x")


def test_unencodable_text_is_an_output_error_and_writes_nothing(tmp_path):
    with pytest.raises(OutputError, match="cannot be encoded as ascii"):
        safewrite.write_text(tmp_path / "f", "市", encoding="ascii")
    assert leftovers(tmp_path) == []


#: A full disk (reported as an OutputError) and Ctrl-C (passed on as it is).
INTERRUPTIONS = [
    (OSError(errno.ENOSPC, "No space left on device"), OutputError),
    (KeyboardInterrupt(), KeyboardInterrupt),
]


class _FailingFile:
    """A file object whose write puts half the data down, then fails as a full disk would."""

    def __init__(self, real, error: BaseException) -> None:
        self.real, self.error = real, error

    def write(self, data: bytes) -> int:
        self.real.write(data[: len(data) // 2])
        self.real.flush()
        raise self.error

    def __getattr__(self, name):
        return getattr(self.real, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.real.close()
        return False


@pytest.mark.parametrize("error, raised", INTERRUPTIONS)
def test_interrupted_write_keeps_the_old_file_and_leaves_no_temp_file(tmp_path, monkeypatch, error, raised):
    target = tmp_path / "plan.csv"
    target.write_bytes(b"old content")
    real_fdopen = os.fdopen
    monkeypatch.setattr(safewrite.os, "fdopen", lambda fd, *a, **k: _FailingFile(real_fdopen(fd, *a, **k), error))
    with pytest.raises(raised):
        safewrite.write_text(target, "new content " * 1000, force=True)
    assert target.read_bytes() == b"old content"
    assert leftovers(tmp_path) == ["plan.csv"]


@pytest.mark.parametrize("error, raised", INTERRUPTIONS)
def test_interrupted_write_of_a_new_file_leaves_nothing(tmp_path, monkeypatch, error, raised):
    real_fdopen = os.fdopen
    monkeypatch.setattr(safewrite.os, "fdopen", lambda fd, *a, **k: _FailingFile(real_fdopen(fd, *a, **k), error))
    with pytest.raises(raised):
        safewrite.write_text(tmp_path / "new.csv", "new content " * 1000)
    assert leftovers(tmp_path) == []


def test_failed_rename_keeps_the_old_file_and_leaves_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "plan.csv"
    target.write_bytes(b"old")

    def fail(src, dst):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(safewrite.os, "replace", fail)
    with pytest.raises(OutputError, match="cannot write .*Input/output error"):
        safewrite.write_text(target, "new", force=True)
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == ["plan.csv"]


def test_os_error_without_strerror_still_gives_a_message(tmp_path, monkeypatch):
    def fail(src, dst):
        raise OSError("odd failure")

    monkeypatch.setattr(safewrite.os, "replace", fail)
    with pytest.raises(OutputError, match="odd failure"):
        safewrite.write_text(tmp_path / "f", "x", force=True)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_never_replaced_even_with_force(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    for force in (False, True):
        with pytest.raises(OutputError, match="not a regular file"):
            safewrite.write_text(fifo, "x", force=force)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe.csv"]


def test_a_device_is_never_replaced_even_with_force():
    with pytest.raises(OutputError, match="not a regular file"):
        safewrite.write_text(os.devnull, "x", force=True)
    assert stat.S_ISCHR(os.lstat(os.devnull).st_mode)


def test_forced_replacement_drops_setuid_and_a_links_target_lends_no_mode(tmp_path):
    target = tmp_path / "tool"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o4755)
    safewrite.write_text(target, "new", force=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o755
    other = tmp_path / "other"
    other.write_text("x", encoding="utf-8")
    other.chmod(0o4700)
    link = tmp_path / "link.csv"
    link.symlink_to(other)
    safewrite.write_text(link, "new", force=True)
    assert not link.is_symlink()
    assert stat.S_IMODE(link.stat().st_mode) == 0o666 & ~_current_umask()
    assert other.read_text(encoding="utf-8") == "x"


def test_a_parent_that_is_a_file_is_named_as_such(tmp_path):
    (tmp_path / "existing").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="is not a directory"):
        safewrite.write_text(tmp_path / "existing" / "out.csv", "x")


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

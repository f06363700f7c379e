"""`lplan check` when the operating system refuses a read: each failure is a finding that
says why and what to do (the OS calls are made to fail; the real permission bits are in
test_corpus.py, run as an unprivileged user)."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO

GOOD = REPO / "tests" / "corpus" / "good-base.yaml"


def _failing(target: Path, call, error: OSError):
    def fail(path, *args, **kwargs):
        if os.fspath(path) == str(target):
            raise error
        return call(path, *args, **kwargs)

    return fail


def _messages(run, root: Path) -> dict[str, str]:
    result = run("check", "--format", "json", str(root))
    assert result.exit_code == 1, result.stderr
    return {os.path.basename(f["path"]): f["message"] for f in json.loads(result.stdout)["findings"]}


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (
            PermissionError(errno.EACCES, "Permission denied"),
            "cannot read the file (Permission denied): make it readable for the user who runs lplan (chmod a+r), "
            "or move it out of the way",
        ),
        (
            PermissionError(errno.EPERM, "Operation not permitted"),
            "cannot read the file (Operation not permitted): make it readable for the user who runs lplan "
            "(chmod a+r), or move it out of the way",
        ),
        (
            FileNotFoundError(errno.ENOENT, "No such file or directory"),
            "cannot read the file (No such file or directory): it was removed while lplan ran; run again",
        ),
        (
            OSError(errno.EIO, "Input/output error"),
            "cannot read the file (Input/output error): check the disk and the file, then run again",
        ),
        (OSError(), "cannot read the file (OSError): check the disk and the file, then run again"),
    ],
)
def test_a_file_the_os_will_not_read_is_an_io_error_saying_what_to_do(run, tmp_path, monkeypatch, error, message):
    shutil.copy(GOOD, tmp_path / "refused.yaml")
    shutil.copy(GOOD, tmp_path / "fine.yaml")
    monkeypatch.setattr(os, "open", _failing(tmp_path / "refused.yaml", os.open, error))
    assert _messages(run, tmp_path) == {"refused.yaml": message}


@pytest.mark.parametrize(
    ("error", "reason", "fix"),
    [
        (
            PermissionError(errno.EACCES, "Permission denied"),
            "Permission denied",
            "make it readable for the user who runs lplan (chmod a+rx), or move it out of the way",
        ),
        (OSError(errno.EIO, "Input/output error"), "Input/output error", "check the disk and the file, then run again"),
    ],
)
def test_a_directory_the_os_will_not_list_is_an_io_error_and_the_rest_is_checked(
    run, tmp_path, monkeypatch, error, reason, fix
):
    (tmp_path / "locked").mkdir()
    shutil.copy(GOOD, tmp_path / "locked" / "r.yaml")
    shutil.copy(GOOD, tmp_path / "fine.yaml")
    monkeypatch.setattr(os, "scandir", _failing(tmp_path / "locked", os.scandir, error))
    monkeypatch.setattr(os, "listdir", _failing(tmp_path / "locked", os.listdir, error))
    result = run("check", "--format", "json", str(tmp_path))
    out = json.loads(result.stdout)
    assert [os.path.basename(f["path"]) for f in out["files"]] == ["fine.yaml", "locked"]
    assert {os.path.basename(f["path"]): f["message"] for f in out["findings"]} == {
        "locked": f"cannot list this directory ({reason}); the reports in it were not checked: {fix}"
    }


def test_a_link_to_a_directory_the_os_will_not_list_is_not_called_a_loop(run, tmp_path, monkeypatch):
    """reports/shared -> ../elsewhere/locked: the link leads out of the tree it is in, so it is no loop."""
    (tmp_path / "elsewhere" / "locked").mkdir(parents=True)
    shutil.copy(GOOD, tmp_path / "elsewhere" / "locked" / "r.yaml")
    (tmp_path / "reports").mkdir()
    shutil.copy(GOOD, tmp_path / "reports" / "fine.yaml")
    (tmp_path / "reports" / "shared").symlink_to(os.path.join("..", "elsewhere", "locked"))
    error = PermissionError(errno.EACCES, "Permission denied")
    for call in ("scandir", "listdir"):
        monkeypatch.setattr(os, call, _failing(tmp_path / "reports" / "shared", getattr(os, call), error))
    assert _messages(run, tmp_path / "reports") == {
        "shared": "cannot list this directory (Permission denied); the reports in it were not checked: "
        "make it readable for the user who runs lplan (chmod a+rx), or move it out of the way"
    }


def test_a_directory_named_as_a_file_is_said_to_be_one(tmp_path):
    """A directory that lists fine but reaches the reader as a file (it vanished and came back)."""
    from lijiang_plan.reports import load

    (tmp_path / "d.yaml").mkdir()
    assert load.read_file(str(tmp_path / "d.yaml")).findings[0].message == (
        "this is a directory, not a report file; name the directory to check the reports in it"
    )


def test_a_report_of_exactly_the_size_limit_is_read_and_one_byte_more_is_too_large(run, tmp_path):
    from lijiang_plan.files.yamlsource import MAX_BYTES

    data = GOOD.read_bytes()
    (tmp_path / "at-limit.yaml").write_bytes(data + b"#" * (MAX_BYTES - len(data)))
    (tmp_path / "over.yaml").write_bytes(data + b"#" * (MAX_BYTES + 1 - len(data)))
    result = run("check", "--format", "json", str(tmp_path))
    findings = {os.path.basename(f["path"]): f["rule"] for f in json.loads(result.stdout)["findings"]}
    assert findings == {"over.yaml": "too-large"}


def test_a_socket_named_like_a_report_is_not_read(run, tmp_path):
    import socket

    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(tmp_path / "s.yaml"))
        assert _messages(run, tmp_path) == {
            "s.yaml": "this is a socket, not a report file; it was not read (lplan reads regular files only): "
            "move it out of the way"
        }
    finally:
        server.close()


def test_a_loop_in_the_path_of_a_file_that_is_no_link_says_so(run, tmp_path, monkeypatch):
    shutil.copy(GOOD, tmp_path / "r.yaml")
    monkeypatch.setattr(os, "open", _failing(tmp_path / "r.yaml", os.open, OSError(errno.ELOOP, "Too many levels")))
    assert _messages(run, tmp_path) == {
        "r.yaml": "symbolic link loop: this link leads back to itself, never to a file; fix or remove the link"
    }

"""The Windows side of lplan's POSIX calls, exercised on Linux by asking for it.

Each fallback here is also run for real under Wine by tests/platform/test_windows_bundle.py
(spawned workers, writing without clobbering, a file in use); these pin down the logic.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lijiang_plan import paths
from lijiang_plan.errors import OutputError
from lijiang_plan.files import safewrite
from lijiang_plan.reports import discover, parallel
from tests.conftest import REPO


def test_the_cache_on_windows_is_under_localappdata(monkeypatch, tmp_path):
    monkeypatch.delenv("LPLAN_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path))
    monkeypatch.setattr(os, "name", "nt")
    assert paths.cache_dir() == os.path.join(str(tmp_path), "lplan", "Cache")
    monkeypatch.setenv("LOCALAPPDATA", "relative")  # not a place: the home's .cache, as elsewhere
    assert paths.cache_dir() != os.path.join("relative", "lplan", "Cache")


def test_the_cache_elsewhere_ignores_localappdata(monkeypatch, tmp_path):
    monkeypatch.delenv("LPLAN_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path))
    assert paths.cache_dir() != os.path.join(str(tmp_path), "lplan", "Cache")


def test_a_folder_named_with_forward_slashes_on_windows_lists_its_files_with_them(monkeypatch):
    monkeypatch.chdir(REPO)
    monkeypatch.setattr(os, "sep", "\\")
    monkeypatch.setattr(os, "altsep", "/")
    files, missing = discover.expand_paths(["examples/reports"])
    monkeypatch.undo()
    assert not missing and len(files) > 30
    assert all(f.startswith("examples/reports/") and "\\" not in f for f in files)


def test_paths_are_joined_with_the_separator_asked_for():
    assert discover._join("a\\b", "c.yaml", "\\") == "a\\b\\c.yaml"
    assert discover._join("a/b", "c.yaml", "/") == "a/b/c.yaml"
    assert discover._join("a/b/", "c.yaml", "/") == "a/b/c.yaml"


def test_a_file_open_in_another_program_on_windows_is_named_so_and_leaves_no_temporary_file(monkeypatch, tmp_path):
    target = tmp_path / "t.xlsx"
    target.write_bytes(b"old")

    def in_use(src, dst):
        raise PermissionError(13, "Permission denied", dst)

    monkeypatch.setattr(os, "name", "nt")
    monkeypatch.setattr(os, "replace", in_use)
    with pytest.raises(OutputError) as caught:
        safewrite.write_bytes(target, b"new", force=True)
    monkeypatch.undo()
    assert "open in another program" in caught.value.message and str(target) in caught.value.message
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.xlsx"]


def test_windows_puts_a_new_file_in_place_with_a_rename_and_never_a_link(monkeypatch, tmp_path):
    calls: list[str] = []
    real_rename = os.rename

    def rename(src, dst):
        calls.append("rename")
        real_rename(src, dst)

    def link(src, dst):  # FAT32 and exFAT have no hard links; Windows must not need them
        raise AssertionError("os.link on Windows")

    monkeypatch.setattr(os, "name", "nt")
    monkeypatch.setattr(os, "rename", rename)
    monkeypatch.setattr(os, "link", link)
    safewrite.write_bytes(tmp_path / "new.ics", b"BEGIN:VCALENDAR\r\n")
    monkeypatch.undo()
    assert calls == ["rename"] and (tmp_path / "new.ics").read_bytes() == b"BEGIN:VCALENDAR\r\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.ics"]


def test_the_parallel_check_with_spawned_workers_is_the_serial_check(monkeypatch, plan):
    files, _missing = discover.expand_paths([str(REPO / "examples" / "reports")])
    serial = [(r.path, r.findings) for r in parallel.check_paths(files, plan, 1)]
    monkeypatch.setattr(parallel, "START_METHOD", "spawn")  # as on Windows and macOS
    spawned = list(parallel.check_in_workers(files, plan, 2))
    assert spawned == serial and len(spawned) == len(files) > 30


def test_the_module_entry_point_does_not_run_when_imported(tmp_path):
    import subprocess
    import sys

    code = "import runpy; runpy.run_module('lijiang_plan.__main__', run_name='__mp_main__'); print('imported')"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(tmp_path))
    assert (out.returncode, out.stdout) == (0, "imported\n"), out.stderr

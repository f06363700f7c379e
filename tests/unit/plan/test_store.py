"""The plan cache: reused when fresh, rebuilt when stale or broken, optional when unwritable."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lijiang_plan.plan import build as planbuild
from lijiang_plan.plan import store
from tests.conftest import PLAN_DIR, REPO


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("LPLAN_CACHE_DIR", str(directory))
    return directory


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts full validations (the slow path)."""
    calls: list[str] = []
    real = planbuild.build

    def counting(directory, display="plan"):
        calls.append(str(directory))
        return real(directory, display)

    monkeypatch.setattr(planbuild, "build", counting)
    return calls


def test_second_load_reads_the_cache(cache, builds):
    first = store.load_plan(PLAN_DIR)
    second = store.load_plan(PLAN_DIR)
    assert len(builds) == 1
    assert second.leaf_ids() == first.leaf_ids() and second.units == first.units
    assert [second.node(m) for m in second.leaf_ids()] == [first.node(m) for m in first.leaf_ids()]
    assert [second.duties(u) for u in second.units] == [first.duties(u) for u in first.units]
    assert len(list(cache.glob("plan-*.marshal"))) == 1


def test_an_edited_plan_file_invalidates_the_cache(cache, builds, tmp_path):
    plan_dir = tmp_path / "plan"
    shutil.copytree(PLAN_DIR, plan_dir)
    store.load_plan(plan_dir)
    units = plan_dir / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("[市人社局,", "[市人社局, 人社局,"), encoding="utf-8")
    os.utime(units, ns=(0, units.stat().st_mtime_ns + 10**9))
    plan = store.load_plan(plan_dir)
    assert len(builds) == 2
    assert plan.resolve_unit("人社局") == "human-resources-social-security"


def test_an_edit_that_keeps_size_and_time_still_invalidates_the_cache(cache, builds, tmp_path):
    plan_dir = tmp_path / "plan"
    shutil.copytree(PLAN_DIR, plan_dir)
    units = plan_dir / "units.yaml"
    store.load_plan(plan_dir)
    before = units.stat()
    units.write_text(units.read_text(encoding="utf-8").replace("[市人社局,", "[市人社厅,"), encoding="utf-8")
    os.utime(units, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert units.stat().st_size == before.st_size
    assert store.load_plan(plan_dir).resolve_unit("市人社厅") == "human-resources-social-security"
    assert len(builds) == 2


@pytest.mark.parametrize(
    "env, expected",
    [
        ({"XDG_CACHE_HOME": "relative", "HOME": "/root"}, "home"),
        ({"XDG_CACHE_HOME": "", "HOME": "/nonexistent-home"}, None),
        ({"XDG_CACHE_HOME": "", "HOME": "/"}, None),
    ],
)
def test_the_cache_is_never_made_somewhere_odd(monkeypatch, tmp_path, env, expected):
    from lijiang_plan import paths

    monkeypatch.delenv("LPLAN_CACHE_DIR", raising=False)
    home = tmp_path / "home"
    home.mkdir()
    for name, value in env.items():
        monkeypatch.setenv(name, str(home) if value == "/root" else value)
    where = paths.cache_dir()
    assert where == (str(home / ".cache" / "lplan") if expected == "home" else None)


def test_a_corrupt_cache_file_is_rebuilt(cache, builds):
    store.load_plan(PLAN_DIR)
    (cache_file,) = cache.glob("plan-*.marshal")
    cache_file.write_bytes(b"\x00garbage")
    plan = store.load_plan(PLAN_DIR)
    assert len(builds) == 2
    assert len(plan.leaf_ids()) == 47


def test_a_cache_of_another_shape_is_rebuilt_not_misread(cache, builds):
    import marshal

    store.load_plan(PLAN_DIR)
    (cache_file,) = cache.glob("plan-*.marshal")
    cached = marshal.loads(cache_file.read_bytes())
    cached["data"] = {"format": cached["data"]["format"], "nodes": {}}  # same key, older shape
    cache_file.write_bytes(marshal.dumps(cached))
    plan = store.load_plan(PLAN_DIR)
    assert len(builds) == 2
    assert len(plan.leaf_ids()) == 47


def test_an_unwritable_cache_directory_only_costs_speed(tmp_path, monkeypatch, builds):
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    monkeypatch.setenv("LPLAN_CACHE_DIR", str(blocker / "cache"))
    assert len(store.load_plan(PLAN_DIR).leaf_ids()) == 47
    assert len(store.load_plan(PLAN_DIR).leaf_ids()) == 47
    assert len(builds) == 2


def test_no_cache_env_skips_the_cache(cache, builds, monkeypatch):
    monkeypatch.setenv("LPLAN_NO_CACHE", "1")
    store.load_plan(PLAN_DIR)
    store.load_plan(PLAN_DIR)
    assert len(builds) == 2
    assert not cache.exists()


def test_query_path_imports_nothing_heavy(tmp_path):
    """With a warm cache, a query imports neither pydantic, PyYAML, rich, OpenCC, Jinja2, python-docx nor openpyxl."""
    env = {**os.environ, "LPLAN_CACHE_DIR": str(tmp_path)}
    code = (
        "import sys\n"
        "from lijiang_plan.cli import cli\n"
        "try:\n"
        "    cli(['who-leads', '2.3.1'], prog_name='lplan')\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'yaml', 'rich', 'opencc', 'json', 'csv', 'pathlib', 'jinja2', 'docx', 'lxml', 'openpyxl'})\n"
        "print('HEAVY', ','.join(heavy))\n"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, cwd=REPO)  # warm
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True, cwd=REPO)
    assert out.stdout.splitlines()[-1] == "HEAVY "
    assert out.stdout.splitlines()[:3] == ["市法院", "市檢察院", "市公安局"]

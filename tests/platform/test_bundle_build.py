"""The Windows bundle's build: reproducible, complete, and holding nothing that should not ship.

Runs on Linux without Wine (the Wine run is test_windows_bundle.py). The first build
downloads the pinned inputs into build/windows-cache/; later ones read the cache.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.platform.bundle import build, builder


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("bundle-a"))


def test_two_builds_are_the_same_bytes(shipped, tmp_path):
    again = build(tmp_path)
    assert again.name == shipped.name
    assert again.read_bytes() == shipped.read_bytes()


def test_the_zip_is_one_folder_named_for_the_version(shipped):
    from lijiang_plan import __version__

    top = f"lplan-{__version__}-windows-x64"
    assert shipped.name == f"{top}.zip"
    with zipfile.ZipFile(shipped) as zf:
        names = zf.namelist()
        infos = zf.infolist()
    assert all(name.startswith(top + "/") for name in names)
    assert names == sorted(names) and len(set(names)) == len(names)
    assert len({info.date_time for info in infos}) == 1
    assert {info.external_attr >> 16 for info in infos} == {0o100644}
    assert not any(name.endswith((".pyc", ".pyo")) or "/__pycache__/" in name for name in names)
    assert not any("\\" in name or name.startswith("/") or "/../" in name for name in names)


def test_the_bundle_holds_python_lplan_its_dependencies_and_the_launchers(shipped):
    with zipfile.ZipFile(shipped) as zf:
        top = zf.namelist()[0].split("/")[0]
        names = {name.removeprefix(top + "/") for name in zf.namelist()}
        launcher = zf.read(f"{top}/lplan.cmd")
        pth = zf.read(f"{top}/python/python312._pth")
        readme = zf.read(f"{top}/README.txt")
    site = "python/Lib/site-packages/"
    for needed in ("python/python.exe", "python/python312.dll", "python/python312.zip", "python/_wmi.pyd"):
        assert needed in names
    lock = builder().load_lock()
    for pin in lock["wheels"].values():
        dist = pin["file"].split("-")[0] + "-" + pin["version"] + ".dist-info/METADATA"
        assert any(name.lower() == (site + dist).lower() for name in names), dist
    assert site + "lijiang_plan/cli.py" in names
    assert site + "lijiang_plan/_plan/measures.yaml" in names  # the plan travels with the package
    assert any(name.startswith(site + "lijiang_plan/i18n/locale/zh_CN/") and name.endswith(".mo") for name in names)
    assert not any(name.startswith("python/tcl/") or name.endswith(("tk86t.dll", "_tkinter.pyd")) for name in names)
    assert {"lplan.cmd", "lplan-prompt.cmd", "README.txt"} <= names
    assert launcher == b'@"%~dp0python\\python.exe" -m lijiang_plan %*\r\n@exit /b %ERRORLEVEL%\r\n'
    assert pth == b"python312.zip\r\n.\r\nLib\\site-packages\r\nimport site\r\n"
    assert readme.startswith(b"\xef\xbb\xbf") and "本文件夹即 lplan".encode() in readme


def test_the_portal_launcher_waits_for_the_serve_command():
    windows_bundle = builder()
    names = [launcher.name for launcher in windows_bundle.launchers(["who-leads", "check"])]
    assert names == ["lplan.cmd", "lplan-prompt.cmd"]
    with_serve = [launcher.name for launcher in windows_bundle.launchers(["check", "serve"])]
    assert with_serve == ["lplan.cmd", "lplan-prompt.cmd", "lplan-portal.cmd"]
    for launcher in windows_bundle.LAUNCHERS:
        windows_bundle.cmd_bytes(launcher.body)  # ASCII, or this raises


def test_the_shipped_bundle_has_no_wine_compromise(shipped):
    lock = builder().load_lock()
    overridden = lock["wine_test"]["wheels"]
    with zipfile.ZipFile(shipped) as zf:
        names = zf.namelist()
    for name, pin in overridden.items():
        shipped_version = lock["wheels"][name]["version"]
        assert shipped_version != pin["version"]
        assert any(
            re.search(rf"/{re.escape(pin['file'].split('-')[0])}-{re.escape(shipped_version)}\.dist-info/", n)
            for n in names
        )


def test_the_lock_meets_lplans_own_requirements():
    tomllib = pytest.importorskip("tomllib", reason="tomllib is Python 3.11's")
    from packaging.requirements import Requirement

    lock = builder().load_lock()
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for text in project["dependencies"]:
        requirement = Requirement(text)
        key = requirement.name.lower().replace("_", "-")
        assert key in lock["wheels"], key
        assert requirement.specifier.contains(lock["wheels"][key]["version"]), (text, lock["wheels"][key])
        wine = lock["wine_test"]["wheels"].get(key)
        assert wine is None or requirement.specifier.contains(wine["version"]), (text, wine)


def test_a_bundle_path_outside_the_folder_is_refused():
    tree = builder().Tree()
    for bad in ("/etc/x", "../x", "a\\b"):
        with pytest.raises(ValueError):
            tree.add(bad, b"")
    tree.add("a/b", b"1")
    with pytest.raises(ValueError):
        tree.add("a/b", b"2")


def test_a_wheel_is_installed_as_an_installer_would(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("pkg/__init__.py", "x = 1\n")
        zf.writestr("pkg-1.0.dist-info/METADATA", "Name: pkg\n")
        zf.writestr("pkg-1.0.dist-info/RECORD", "")
        zf.writestr("pkg-1.0.data/platlib/_pkg.pyd", b"MZ")
        zf.writestr("pkg-1.0.data/scripts/pkg", "#!python\n")
    tree = builder().Tree()
    assert builder().install_wheel(tree, buffer.getvalue(), site="s") == "pkg-1.0"
    assert sorted(tree.files) == [
        "s/_pkg.pyd",
        "s/pkg-1.0.dist-info/INSTALLER",
        "s/pkg-1.0.dist-info/METADATA",
        "s/pkg-1.0.dist-info/RECORD",
        "s/pkg/__init__.py",
    ]

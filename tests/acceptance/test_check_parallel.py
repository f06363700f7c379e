"""`lplan check --jobs N`: worker processes give a serial run's output, byte for byte, and stop on Ctrl-C.

Every run here is a fresh `lplan` process (as a user or CI runs it), on a
folder holding the example and corpus reports, a workbook and a few hundred
generated reports: more chunks than are ever in flight at once.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lijiang_plan.reports import parallel
from tests.acceptance.test_memory import write_reports
from tests.conftest import REPO

FORMATS = ["text", "json", "github", "junit", "sarif"]
LPLAN = [sys.executable, "-m", "lijiang_plan"]


@pytest.fixture(scope="module")
def folder(plan, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("parallel")
    shutil.copytree(REPO / "examples" / "reports", root / "examples")
    shutil.copytree(REPO / "tests" / "corpus", root / "corpus", symlinks=True)
    (root / "generated").mkdir()
    paths = write_reports(plan, root / "generated", 250)
    for i, path in enumerate(paths[::7]):  # some findings among the generated files too
        text = Path(path).read_text(encoding="utf-8")
        Path(path).write_text(text.replace("status: ongoing", "status: 进行", 1 + i % 3), encoding="utf-8")
    workbook = root / "generated" / "workbook.xlsx"
    subprocess.run(
        [*LPLAN, "template", "-u", "市公安局", "-p", "2025-H1", "--format", "xlsx", "-o", str(workbook)],
        check=True,
        capture_output=True,
    )
    return root


def _check(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*LPLAN, *args], capture_output=True, cwd=REPO)


@pytest.mark.parametrize("fmt", FORMATS)
def test_parallel_output_is_the_serial_output_byte_for_byte(folder, fmt):
    serial = _check("check", "--format", fmt, "--jobs", "1", str(folder))
    parallel_run = _check("check", "--format", fmt, "--jobs", "2", str(folder))
    assert serial.returncode == 1 and serial.stdout.count(b"\n") > 10
    assert (parallel_run.returncode, parallel_run.stdout, parallel_run.stderr) == (
        serial.returncode,
        serial.stdout,
        serial.stderr,
    )


def test_workers_speak_the_parents_language(folder, plan, monkeypatch):
    serial = _check("--lang", "zh", "check", "--jobs", "1", str(folder / "generated"))
    parallel_run = _check("--lang", "zh", "check", "--jobs", "2", str(folder / "generated"))
    assert "(invalid-value)" in serial.stdout.decode() and serial.stdout == parallel_run.stdout
    assert serial.stderr == parallel_run.stderr
    # The language is passed to each worker explicitly (a spawned worker inherits nothing).
    from lijiang_plan import i18n

    monkeypatch.setattr(i18n, "_language", "en")
    monkeypatch.setattr(parallel, "_plan", None)
    previous = signal.getsignal(signal.SIGINT)
    try:
        parallel._start(plan, "zh")
        assert i18n.language() == "zh" and parallel._plan is plan
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)


def test_jobs_must_be_a_positive_number(run):
    result = run("check", "--jobs", "0", str(REPO / "examples" / "reports"))
    assert result.exit_code == 2 and "--jobs" in result.stderr


@pytest.mark.parametrize(
    ("jobs", "files", "in_workers"),
    [("1", 3, False), ("2", 1, False), ("2", 2, True), ("3", 3, True), (None, 3, False)],
    ids=["jobs-1", "one-file", "jobs-2", "jobs-3", "default-few-files"],
)
def test_which_process_checks_the_files(run, tmp_path, monkeypatch, jobs, files, in_workers):
    """--jobs 1, one file, and the default for a few files check in this process; --jobs N>1 only in workers."""
    good = REPO / "examples" / "reports" / "good-court-2024-H2.yaml"
    for i in range(files):
        shutil.copy(good, tmp_path / f"{i}.yaml")
    log = tmp_path / "pids.log"
    real_check_file = parallel.check_file

    def recording(path, plan, duties=None):  # forked workers inherit this patch
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()}\n")
        return real_check_file(path, plan, duties)

    monkeypatch.setattr(parallel, "check_file", recording)
    result = run("check", *(["--jobs", jobs] if jobs else []), *(str(tmp_path / f"{i}.yaml") for i in range(files)))
    assert result.exit_code == 0
    pids = [int(line) for line in log.read_text(encoding="utf-8").split()]
    assert len(pids) == files
    if in_workers:
        assert os.getpid() not in pids and len(set(pids)) <= int(jobs)
    else:
        assert set(pids) == {os.getpid()}


def test_default_is_every_core_only_for_enough_files(monkeypatch):
    monkeypatch.setattr(parallel, "available_cores", lambda: 4)
    assert parallel.default_jobs(parallel.MIN_FILES - 1) == 1
    assert parallel.default_jobs(parallel.MIN_FILES) == 4
    monkeypatch.setattr(parallel, "available_cores", lambda: 1)
    assert parallel.default_jobs(10_000) == 1


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path("/proc", entry, "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find the workers")
@pytest.mark.parametrize("whole_group", [False, True], ids=["parent-only", "terminal-ctrl-c"])
def test_ctrl_c_stops_the_workers_and_exits_130_without_a_traceback(tmp_path, whole_group):
    text = (REPO / "examples" / "reports" / "good-court-2024-H2.yaml").read_bytes()
    sources = tmp_path / "sources"
    sources.mkdir()
    for i in range(20):  # many paths, few files (hard links): far more than can run before the signal
        (sources / f"{i}.yaml").write_bytes(text)
        for j in range(1000):
            os.link(sources / f"{i}.yaml", tmp_path / f"{i:02d}-{j:04d}.yaml")
    proc = subprocess.Popen(
        [*LPLAN, "check", "--jobs", "2", str(tmp_path)],  # sources/ too: 20 more files
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    workers: list[int] = []
    for _ in range(600):  # until both workers run (at most a minute on a loaded machine)
        workers = _children(proc.pid)
        if len(workers) >= 2 or proc.poll() is not None:
            break
        time.sleep(0.1)
    assert len(workers) >= 2, "the workers did not start"
    for worker in workers:  # held mid-work, so that the check cannot finish before the signal arrives
        os.kill(worker, signal.SIGSTOP)
    try:
        if whole_group:
            os.killpg(proc.pid, signal.SIGINT)  # what a terminal does on Ctrl-C
        else:
            proc.send_signal(signal.SIGINT)
        time.sleep(0.5)
    finally:
        for worker in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker, signal.SIGCONT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130
    assert err.decode() == "lplan: error: interrupted\n"
    for worker in workers:
        assert not Path("/proc", str(worker)).exists() or "zombie" in Path("/proc", str(worker), "status").read_text()


def test_spawned_workers_as_on_macos_and_windows_give_the_same_results(folder, tmp_path):
    """Where workers are spawned, not forked, they get the plan and the language from their set-up."""
    code = (
        "import sys\n"
        "from lijiang_plan import i18n\n"
        "from lijiang_plan.plan.store import load_plan\n"
        "from lijiang_plan.reports.discover import expand_paths\nfrom lijiang_plan.reports.parallel import check_paths\n"
        "if __name__ == '__main__':\n"
        "    i18n.set_language('zh')\n"
        "    plan = load_plan()\n"
        "    files, _ = expand_paths([sys.argv[1]])\n"
        "    serial = list(check_paths(files, plan, 1))\n"
        "    sys.platform = 'darwin'  # the spawn branch\n"
        "    print(len(files), serial == list(check_paths(files, plan, 2)))\n"
    )
    script = tmp_path / "spawned.py"  # a spawned worker imports the main module: it must be a file
    script.write_text(code, encoding="utf-8")
    out = subprocess.run([sys.executable, str(script), str(folder / "examples")], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    count, same = out.stdout.split()
    assert int(count) > 30 and same == "True"

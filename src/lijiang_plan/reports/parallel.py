"""Check many reports, on one core or on every core: the same per-file function, in worker processes.

Checking is CPU-bound Python (YAML events, the plan rules), so threads would
not help; worker processes do. Each worker runs `check.check_file`, the very
function the serial path runs (whatever kinds of file it reads), on chunks of
paths, and sends back only the findings. Results come back in input order,
and at most a few chunks per worker are in flight, so memory stays bounded
however many files there are and output is byte for byte a serial run's.

Workers are started with the interface language passed explicitly (messages
are made in the workers), and they ignore SIGINT: on Ctrl-C the parent stops
them and the command exits 130, with no traceback from any process.
"""

from __future__ import annotations

import os
import signal
import sys
from collections import deque
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from lijiang_plan.reports.check import FileResult, check_file

if TYPE_CHECKING:  # multiprocessing costs 20 ms: imported only to start workers
    import multiprocessing.pool
    from multiprocessing.pool import AsyncResult

    from lijiang_plan.findings import Finding
    from lijiang_plan.plan.query import Plan

Results = list[tuple[str, list["Finding"]]]

#: Files per task: large enough that sending a task costs little next to checking
#: it (a report takes about 0.4 ms), small enough to keep both cores busy to the end.
CHUNK = 32
#: Tasks in flight per worker: enough to keep it busy, few enough to bound memory.
AHEAD = 4
#: Below this many files, starting workers costs more than it saves.
MIN_FILES = 200

#: How workers start: fork is quick (workers inherit the loaded plan) and safe on Linux; elsewhere (macOS,
#: Windows) they are spawned and given the plan and language in their set-up (`_start`).
START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"

_plan: Plan | None = None
_duties: dict[str, dict[str, Any]] = {}


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the OS tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_jobs(files: int) -> int:
    """Every available core when there are enough files to pay back the start-up; else 1."""
    return available_cores() if files >= MIN_FILES else 1


def _start(plan: Plan, language: str) -> None:
    """A worker's set-up: ignore Ctrl-C (the parent stops the workers), then the same plan and language."""
    global _plan
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from lijiang_plan import i18n

    i18n.set_language(language)
    _plan = plan


def check_paths(files: Sequence[str], plan: Plan, jobs: int) -> Iterator[FileResult]:
    """Check each file, yielding results in the order given; nothing of a file is kept once it is yielded.

    With ``jobs`` > 1 the files are checked by that many worker processes,
    with the same function and the same results.
    """
    if jobs > 1 and len(files) > 1:
        for path, findings in check_in_workers(files, plan, min(jobs, len(files))):
            yield FileResult(path, findings)
        return
    duties: dict[str, dict[str, Any]] = {}  # per unit, shared by its reports
    for path in files:
        yield FileResult(path, check_file(path, plan, duties))


def _check_chunk(paths: list[str]) -> Results:
    assert _plan is not None, "a worker is started with the plan"
    return [(path, check_file(path, _plan, _duties)) for path in paths]


def check_in_workers(files: Sequence[str], plan: Plan, jobs: int) -> Iterator[tuple[str, list[Finding]]]:
    """(path, findings) for each file, in the order given, checked by ``jobs`` worker processes.

    A `multiprocessing` pool, not `concurrent.futures`' ProcessPoolExecutor: under Wine the executor's
    manager thread blocks for ever on its wake-up pipe with spawned workers (tests/platform proves the
    pool), and the pool's own API stops busy workers (`terminate`) where the executor has none.
    """
    import multiprocessing

    from lijiang_plan import i18n

    for stream in (sys.stdout, sys.stderr):  # a forked worker flushes its copy of what is buffered on exit
        if stream is not None:
            stream.flush()
    context = multiprocessing.get_context(START_METHOD)
    pool = context.Pool(jobs, initializer=_start, initargs=(plan, i18n.language()))
    pending: deque[AsyncResult[Results]] = deque()
    try:
        for start in range(0, len(files), CHUNK):
            pending.append(pool.apply_async(_check_chunk, (list(files[start : start + CHUNK]),)))
            if len(pending) >= jobs * AHEAD:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
    finally:
        _stop(pool, pending)


def _stop(pool: multiprocessing.pool.Pool, pending: deque[AsyncResult[Any]]) -> None:
    """Shut the workers down; if the run was cut short (Ctrl-C, a closed pipe), stop them at once."""
    if pending:
        pool.terminate()
    else:
        pool.close()
    pool.join()

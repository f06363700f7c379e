"""The reports folder as the office's page sees it: read as `lplan summary DIR` reads it, kept while unchanged.

Every request of the office's page rolls the folder up afresh, from the same
files `summary` reads (`discover`: the walk that skips ``.lplan/``), by the
same reader (`rollup.read_records`, with findings). A file's record is kept
while the file is unchanged (same size, modification time and inode: an
accepted upload replaces the file, which changes all three), so a page with
39 reports reads only what changed since the last one. A record is kept for
the day it was read on (`deadlines.today`): a date after today is a finding
until that day comes, so a portal that runs for weeks reads files again each
day rather than show yesterday's findings.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from typing import Any

from lijiang_plan.plan.deadlines import today
from lijiang_plan.plan.query import Plan
from lijiang_plan.reports import history as histories
from lijiang_plan.reports import rollup as rollups
from lijiang_plan.reports.discover import discover

#: A file's size, modification time (ns), inode, and the day its record was read on.
Identity = tuple[int, int, int, dt.date]


class LiveFolder:
    def __init__(self, root: str, plan: Plan) -> None:
        self.root = root
        self.plan = plan
        self._cache: dict[str, tuple[Identity, rollups.FileRecord]] = {}
        self._lock = threading.Lock()

    def files(self) -> list[str]:
        return discover([self.root]).files

    def records(self) -> list[rollups.FileRecord]:
        """One record per report file, in the order `summary` reads them; unchanged files are not read again."""
        files = self.files()
        day = today()
        found = []
        for path in files:
            key = _identity(path, day)
            with self._lock:
                cached = self._cache.get(path)
            if cached is not None and key is not None and cached[0] == key:
                found.append(cached[1])
                continue
            (record,) = rollups.read_records([path], self.plan, keep_findings=True)
            if key is not None:
                with self._lock:
                    self._cache[path] = (key, record)
            found.append(record)
        with self._lock:
            for gone in set(self._cache) - set(files):
                del self._cache[gone]
        return found

    def periods(self, period: str) -> tuple[rollups.Rollup, list[rollups.Rollup]]:
        """(``period``'s roll-up, the earlier periods the folder holds), as `summary -f html` rolls them up."""
        *earlier, rollup = histories.up_to(self.records(), self.plan, period)
        return rollup, earlier

    def output(self, period: str, script: str, version: str) -> Any:
        """The summary's Output for ``period``: the coverage page (html) and the workbook (xlsx) of `summary`."""
        from lijiang_plan.outputs import overview

        rollup, earlier = self.periods(period)
        return overview.output(rollup, self.plan, None, script, version, earlier)


def _identity(path: str, day: dt.date) -> Identity | None:
    """What a file's kept record stands for: its size, modification time and inode, and the day it is read on."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino, day)

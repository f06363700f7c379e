"""39 units uploading in the same minute: nothing lost, nothing mixed up.

Every unit signs in and sends four reports of its own (each different, so
each has its own SHA-256), all at once from 39 threads and in shuffled
order, so that a unit's uploads overlap one another as well as other units'.
Afterwards every upload must be in the audit log with the SHA-256 sent,
every version kept under .lplan/versions/ byte for byte, and each unit's
current file must be the upload the audit log accepted last for it.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
from concurrent.futures import ThreadPoolExecutor

import pytest

from lijiang_plan.plan.deadlines import reporters
from tests.support.portal import PERIOD, Client, Server, accounts, text
from tests.support.workbooks import fill

UPLOADS = 4


@pytest.fixture(autouse=True)
def _close_clients():
    yield
    Client.close_all()


def test_39_units_uploading_at_once_lose_nothing_and_mix_nothing_up(tmp_path, plan):
    root = tmp_path / "reports"
    root.mkdir()
    units = reporters(plan)
    passwords = accounts(root, units)
    with Server(root) as server:
        clients = {}
        sent: dict[str, list[bytes]] = {}
        for unit in units:
            client = Client(server.url)
            assert client.signin(unit, passwords[unit]).url.path == "/unit"
            blank = client.get("/unit/template.xlsx").content
            clients[unit] = client
            sent[unit] = [
                fill(blank, "2026-12-01", account=f"{unit} 第 {n} 稿：已按分工推进。") for n in range(UPLOADS)
            ]
        jobs = [(unit, n) for unit in units for n in range(UPLOADS)]
        random.Random(21).shuffle(jobs)

        def upload(job: tuple[str, int]) -> tuple[str, int, int, str]:
            unit, n = job
            response = clients[unit].upload(sent[unit][n], f"{unit}-{n}.xlsx")
            return unit, n, response.status_code, text(response)

        with ThreadPoolExecutor(max_workers=len(units)) as pool:
            answers = list(pool.map(upload, jobs))
    assert all(status == 200 and "已接收。检查未发现问题。" in page for _u, _n, status, page in answers)
    db = sqlite3.connect(root / ".lplan" / "portal.sqlite3")
    db.row_factory = sqlite3.Row
    rows = list(db.execute("SELECT * FROM submissions ORDER BY id"))
    db.close()
    assert len(rows) == len(units) * UPLOADS
    for unit in units:
        mine = [r for r in rows if r["unit_id"] == unit]
        digests = {hashlib.sha256(content).hexdigest(): content for content in sent[unit]}
        assert sorted(r["sha256"] for r in mine) == sorted(digests), unit  # each upload once, none of another's
        assert {r["name"] for r in mine} == {f"{unit}-{n}.xlsx" for n in range(UPLOADS)}
        for row in mine:
            assert row["outcome"] == "accepted" and row["current"] == f"{PERIOD}/{unit}.xlsx"
            assert (root / row["kept"]).read_bytes() == digests[row["sha256"]]
        versions = sorted((root / ".lplan" / "versions" / PERIOD / unit).iterdir())
        assert sorted(p.read_bytes() for p in versions) == sorted(sent[unit])
        last = max(mine, key=lambda r: r["id"])
        assert hashlib.sha256((root / PERIOD / f"{unit}.xlsx").read_bytes()).hexdigest() == last["sha256"]
    assert sorted(p.name for p in (root / PERIOD).iterdir()) == sorted(f"{u}.xlsx" for u in units)
    assert not any((root / ".lplan" / "incoming").iterdir())

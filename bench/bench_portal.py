"""Benchmark: the submission portal (`lplan serve`) under the load of one deadline day, as ratios in one run.

Starts the real server (uvicorn, 127.0.0.1, a free port) on a fresh folder
with an account for every one of the 39 reporters, then measures:

* upload-to-findings: 39 clients at once, each uploading its own filled-in
  workbook --rounds times (POST, the redirect, the findings page); p50 and
  p95 against the baseline, `lplan check FILE` of the same workbook in one
  fresh process (the median of --runs runs), measured in the same run;
* the office's page with 39 reports: requests per second for --seconds
  seconds (one client, one request at a time), and the coverage page too;
* memory: the server's resident set after the first round and after 1,000
  uploads in all.

Budgets (exit 1 when missed): p50 <= 3x and p95 <= 6x the one-file check
process (39 uploads share two cores); the office's page >= 5 requests a
second; the server's memory after 1,000 uploads <= 1.5x that after the first 39.

    pip install -e '.[test]'
    python bench/bench_portal.py [--rounds 3] [--runs 7] [--seconds 5] [--uploads 1000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PERIOD = "2026-H2"
TODAY = "2026-12-02"
P50_BUDGET, P95_BUDGET, PAGE_BUDGET, MEMORY_BUDGET = 3.0, 6.0, 5.0, 1.5
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def workbook(plan, unit: str, n: int) -> bytes:
    """The unit's template filled in (a date, an account for every measure), as a spreadsheet would send it."""
    from lijiang_plan.reports import template, xlsxreport

    data = template.skeleton(plan, unit, PERIOD)
    data["submitted"] = dt.date(2026, 12, 1)
    for entry in data["measures"]:
        entry["account"] = f"第 {n} 稿：按照任务分工推进落实，已完成阶段性工作。"
    return xlsxreport.render(plan, data, "zh")


def accounts(root: Path, units: list[str]) -> None:
    from lijiang_plan.portal import security
    from lijiang_plan.portal.site import Site
    from lijiang_plan.portal.store import Store

    site = Site(str(root))
    site.prepare()
    store = Store(site.database)
    hashed = {unit: security.hash_password(f"pw-{unit}") for unit in units}
    for unit in units:
        store.issue(unit, "office" if unit == "anti-trafficking-office" else "unit", hashed[unit], TODAY)
        store.set_password(unit, hashed[unit], TODAY)
    store.close()


def start(root: Path) -> tuple[subprocess.Popen[str], str]:
    command = [sys.executable, "-m", "lijiang_plan", "serve", str(root), "--port", "0", "--today", TODAY]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", process.stdout.readline())
    if match is None:
        process.kill()
        raise SystemExit("the portal did not start")
    url = f"http://127.0.0.1:{match.group(1)}"
    for _attempt in range(200):
        try:
            httpx.get(url + "/signin", timeout=2)
            return process, url
        except httpx.TransportError:
            time.sleep(0.05)
    raise SystemExit("the portal does not answer")


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def signed_in(url: str, unit: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=url, follow_redirects=True, timeout=120)
    token = _CSRF.search(client.get("/signin").text).group(1)  # type: ignore[union-attr]
    page = client.post("/signin", data={"csrf": token, "unit": unit, "password": f"pw-{unit}"})
    return client, _CSRF.search(page.text).group(1)  # type: ignore[union-attr]


def round_of_uploads(sessions: dict[str, tuple[httpx.Client, str]], books: dict[str, bytes]) -> list[float]:
    """Every unit uploads once, all released at the same moment; each upload's seconds to its findings page."""
    barrier = threading.Barrier(len(sessions))
    times: list[float] = []
    lock = threading.Lock()

    def one(unit: str) -> None:
        client, token = sessions[unit]
        barrier.wait()
        started = time.perf_counter()
        response = client.post("/unit/upload", data={"csrf": token}, files={"report": ("r.xlsx", books[unit])})
        elapsed = time.perf_counter() - started
        if "/submissions/" not in str(response.url) or response.status_code != 200:
            raise SystemExit(f"upload failed for {unit}: {response.status_code}")
        with lock:
            times.append(elapsed)

    threads = [threading.Thread(target=one, args=(unit,)) for unit in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times


def check_process(path: Path, runs: int) -> float:
    """Median wall seconds of `lplan check FILE` in a fresh process."""
    walls = []
    for _run in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "lijiang_plan", "check", str(path)], check=True, capture_output=True)
        walls.append(time.perf_counter() - started)
    return statistics.median(walls)


def per_second(client: httpx.Client, path: str, seconds: float) -> float:
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code}")
        count += 1
    return count / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--uploads", type=int, default=1000)
    args = parser.parse_args()
    from lijiang_plan.plan.deadlines import reporters
    from lijiang_plan.plan.store import load_plan

    plan = load_plan()
    units = reporters(plan)
    with tempfile.TemporaryDirectory(prefix="lplan-bench-portal-") as tmp:
        root = Path(tmp) / "reports"
        root.mkdir()
        accounts(root, ["anti-trafficking-office", *units])
        books = {unit: workbook(plan, unit, 0) for unit in units}
        sample = Path(tmp) / "sample.xlsx"
        sample.write_bytes(books["public-security"])
        process, url = start(root)
        try:
            sessions = {unit: signed_in(url, unit) for unit in units}
            round_of_uploads(sessions, books)  # warm: imports, caches, the first version folders
            memory_first = rss_mib(process.pid)
            times: list[float] = []
            for _round in range(args.rounds):
                times += round_of_uploads(sessions, books)
            baseline = check_process(sample, args.runs)
            office, _token = signed_in(url, "anti-trafficking-office")
            office.get("/office")
            page_rate = per_second(office, "/office", args.seconds)
            coverage_rate = per_second(office, "/office/coverage", args.seconds)
            done = len(units) * (1 + args.rounds)
            while done < args.uploads:
                done += len(round_of_uploads(sessions, books))
            memory_last = rss_mib(process.pid)
        finally:
            process.terminate()
            process.wait(timeout=30)
    times.sort()
    p50 = statistics.median(times)
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    growth = memory_last / memory_first
    checks = [
        (f"upload to findings p50, {len(units)} clients at once", p50 / baseline, P50_BUDGET, "<="),
        (f"upload to findings p95, {len(units)} clients at once", p95 / baseline, P95_BUDGET, "<="),
        ("office page, requests a second (39 reports)", page_rate, PAGE_BUDGET, ">="),
        (f"server memory after {done} uploads vs after 39", growth, MEMORY_BUDGET, "<="),
    ]
    print(f"baseline: lplan check FILE in one process {baseline * 1000:.0f} ms (median of {args.runs})")
    print(f"uploads: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms over {len(times)} uploads")
    print(f"office page {page_rate:.1f}/s, coverage page {coverage_rate:.1f}/s")
    print(f"server RSS {memory_first:.1f} MiB after 39 uploads, {memory_last:.1f} MiB after {done}")
    ok = True
    for name, value, budget, sense in checks:
        met = value <= budget if sense == "<=" else value >= budget
        ok &= met
        print(f"  {name}: {value:.2f} (budget {sense} {budget})" + ("" if met else "  MISSED"))
    return 0 if ok else 1


if __name__ == "__main__":
    os.environ.setdefault("LPLAN_CACHE_DIR", tempfile.mkdtemp(prefix="lplan-bench-cache-"))
    sys.exit(main())

"""Benchmark: a piped `lplan who-leads 2.3.1`, in English and in Chinese, against a click echo program.

All run as fresh processes, interleaved, in the same run, so machine noise hits
them alike; each figure is the median of per-round ratios (lplan / the baseline
under the same locale).
The budget (issue: query path) is a ratio of at most 1.25 in both languages: the
English run has LANG=C.UTF-8 (as on CI), the Chinese one LANG=zh_CN.UTF-8 (the
message catalog is read lazily, so a query that prints only plan data never reads it).

    python bench/bench_query.py [--runs 41] [--budget 1.25]

Uses the `lplan` next to the running interpreter (the virtual environment's).
The plan cache is warmed first; that is the state every query after the first
one runs in.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _time(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, capture_output=True, check=True, env=env)
    return time.perf_counter() - start


def _env(lang: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "LPLAN_LANG")}
    env["LANG"] = lang
    return env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=41)
    parser.add_argument("--budget", type=float, default=1.25)
    args = parser.parse_args()

    lplan = shutil.which("lplan", path=os.path.dirname(sys.executable)) or shutil.which("lplan")
    if lplan is None:
        print("lplan is not installed in this environment", file=sys.stderr)
        return 2
    # An installed package has its bytecode compiled (pip does it); an editable
    # checkout under PYTHONDONTWRITEBYTECODE would not, so compile it here.
    import compileall

    import lijiang_plan

    compileall.compile_dir(os.path.dirname(lijiang_plan.__file__), quiet=1)
    query = [lplan, "who-leads", "2.3.1"]
    baseline = [sys.executable, str(HERE / "echo_click.py"), "2.3.1"]
    # Each language against the baseline under the same locale: Python itself starts
    # slower under a locale the machine lacks (zh_CN.UTF-8 on a bare CI image).
    runs = {
        "en": (query, _env("C.UTF-8")),
        "zh": (query, _env("zh_CN.UTF-8")),
        "base-en": (baseline, _env("C.UTF-8")),
        "base-zh": (baseline, _env("zh_CN.UTF-8")),
    }
    for cmd, env in [*runs.values(), *runs.values()]:  # warm the plan cache and the OS file cache
        _time(cmd, env)

    names = list(runs)
    times: dict[str, list[float]] = {name: [] for name in names}
    ratios: dict[str, list[float]] = {"en": [], "zh": []}
    for i in range(args.runs):
        order = names[i % len(names) :] + names[: i % len(names)]  # rotate, so that no one always runs first
        t = {name: _time(*runs[name]) for name in order}
        for name in names:
            times[name].append(t[name])
        for lang in ratios:
            ratios[lang].append(t[lang] / t[f"base-{lang}"])
    print(f"runs: {args.runs}")
    print(f"lplan who-leads 2.3.1 | cat, English (C.UTF-8)    : median {statistics.median(times['en']) * 1000:.1f} ms")
    print(f"lplan who-leads 2.3.1 | cat, Chinese (zh_CN.UTF-8): median {statistics.median(times['zh']) * 1000:.1f} ms")
    for lang, locale in (("en", "C.UTF-8"), ("zh", "zh_CN.UTF-8")):
        median = statistics.median(times[f"base-{lang}"]) * 1000
        print(f"click echo baseline ({locale:<11})               : median {median:.1f} ms")
    worst = 0.0
    for lang, label in (("en", "English"), ("zh", "Chinese")):
        ratio = statistics.median(ratios[lang])
        worst = max(worst, ratio)
        print(f"median ratio, {label:<7}                           : {ratio:.3f} (budget {args.budget})")
    return 0 if worst <= args.budget else 1


if __name__ == "__main__":
    sys.exit(main())

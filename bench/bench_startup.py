"""Benchmark: start-up-bound commands against a click program that only echoes.

Each command below runs as a fresh process, interleaved with the baseline
(`bench/echo_click.py`) in the same run, so machine noise hits both alike; the
figure is the median of per-pair ratios (command / baseline):

* query      `lplan who-leads 2.3.1` (piped)                 budget 1.25x
* template   `lplan template -u 市公安局 -p 2025-H1`          budget 1.5x
* check-one  `lplan check FILE` on one valid, filled-in report  budget 2.5x

The plan cache is warmed first: that is the state every run after the first
one is in.

    python bench/bench_startup.py [--runs 31]

Exit status 0 when every budget is met, else 1.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_check import _generate  # noqa: E402 - the same reports bench_check uses

BUDGETS = {"query": 1.25, "template": 1.5, "check-one": 2.5}


def _time(cmd: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, capture_output=True, check=False, env=env)
    return time.perf_counter() - start


def compile_package() -> None:
    """Compile lplan's bytecode, as an installed wheel has it (an editable checkout may not)."""
    import compileall

    import lijiang_plan

    compileall.compile_dir(os.path.dirname(lijiang_plan.__file__), quiet=1)


def lplan_path() -> str | None:
    """The installed lplan command; None, having said how to install it, when there is none."""
    found = shutil.which("lplan", path=os.path.dirname(sys.executable)) or shutil.which("lplan")
    if found is None:
        print("needs lplan in this environment: pip install -e '.[bench]'", file=sys.stderr)
    return found


def ratios(commands: dict[str, list[str]], runs: int, env: dict[str, str] | None = None) -> dict[str, dict[str, float]]:
    """name -> {ratio, ms, baseline_ms}: each command paired with the echo baseline, interleaved."""
    baseline = [sys.executable, str(HERE / "echo_click.py"), "2.3.1"]
    for cmd in [*commands.values(), baseline] * 2:  # warm the plan cache and the OS file cache
        _time(cmd, env)
    result = {}
    for name, cmd in commands.items():
        pairs, own, base = [], [], []
        for i in range(runs):
            order = (cmd, baseline) if i % 2 == 0 else (baseline, cmd)
            t = {id(c): _time(c, env) for c in order}
            own.append(t[id(cmd)])
            base.append(t[id(baseline)])
            pairs.append(t[id(cmd)] / t[id(baseline)])
        result[name] = {
            "ratio": statistics.median(pairs),
            "ms": statistics.median(own) * 1000,
            "baseline_ms": statistics.median(base) * 1000,
        }
    return result


def startup_commands(lplan: str, report: str) -> dict[str, list[str]]:
    return {
        "query": [lplan, "who-leads", "2.3.1"],
        "template": [lplan, "template", "-u", "市公安局", "-p", "2025-H1"],
        "check-one": [lplan, "check", report],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=31)
    args = parser.parse_args()
    lplan = lplan_path()
    if lplan is None:
        return 2
    compile_package()
    with tempfile.TemporaryDirectory(prefix="lplan-bench-") as tmp:
        report = _generate(Path(tmp), 1)[0]
        measured = ratios(startup_commands(lplan, report), args.runs)
    ok = True
    for name, m in measured.items():
        met = m["ratio"] <= BUDGETS[name]
        ok &= met
        print(
            f"{name:<10} {m['ms']:6.1f} ms vs echo {m['baseline_ms']:5.1f} ms: "
            f"{m['ratio']:.2f}x (budget {BUDGETS[name]}x){'' if met else '  MISSED'}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

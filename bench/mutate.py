"""Mutation testing: which small changes to the deciding modules go unnoticed by the tests?

Each mutant is one small change to one module (a comparison flipped, `and`
and `or` swapped, a condition negated or its `not` dropped, `continue` or
`break` made `pass`, a call or `yield` statement dropped, a returned value
made `None`, `True`/`False` swapped, an integer made one more or one less).
The tests run against each mutant with the CI command (`python -m pytest`);
a mutant is *killed* when a test fails (or the run times out) and *survives*
when every test passes: that change of behaviour is pinned by no test.

The source tree is never modified: the mutated module is compiled from a
temporary file by an import hook (a `sitecustomize` on PYTHONPATH, so
`python -m lijiang_plan` subprocesses of the tests see the mutant too).
For speed, one coverage run first records which tests execute each line;
a mutant runs only those tests, then, if it survives them, the whole suite,
so the verdict is the whole suite's (the selection only saves time).

Surviving mutants that change nothing observable are listed, with the
reason, in tests/MUTATION.md; they are reported as "equivalent" and left out
of the figure.

    nice -n 19 python bench/mutate.py [MODULE ...] [--list] [--only FILE:LINE] [--jobs N] [--json OUT]

MODULE is a path under src/lijiang_plan (a file or a package directory).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "src" / "lijiang_plan"
DEFAULT_MODULES = [
    "plan/deadlines.py",
    "plan/query.py",
    "reports/load.py",
    "reports/check.py",
    "reports/policy.py",
    "rules.py",
    "reports/rollup.py",
    "outputs/datasets.py",
    "reports/history.py",
    "reports/workbook.py",
    "reports/xlsxreport.py",
    "outputs/page.py",
    "reports/digest.py",
    "files/xlsxsource.py",
    "i18n/__init__.py",
    "i18n/wrap.py",
]
EQUIVALENTS = REPO / "tests" / "MUTATION.md"
PYTEST = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "--hypothesis-seed=0"]

SWAPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}

HOOK = '''\
"""Installed by bench/mutate.py: compile one module from the mutant's source."""
import importlib.machinery
import os
import sys

_NAME = os.environ.get("MUTATE_MODULE")
_SOURCE = os.environ.get("MUTATE_SOURCE")


class _Loader(importlib.machinery.SourceFileLoader):
    def get_code(self, fullname):
        with open(_SOURCE, "rb") as handle:
            return compile(handle.read(), self.path, "exec", dont_inherit=True)


class _Finder:
    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        if fullname != _NAME:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is not None and spec.origin:
            spec.loader = _Loader(fullname, spec.origin)
        return spec


if _NAME and _SOURCE:
    sys.meta_path.insert(0, _Finder)
'''

CONTEXTS_PLUGIN = '''\
"""Installed by bench/mutate.py: label coverage with the running test's node id; time each test."""
import json
import os
import time

import coverage
import pytest

_TIMES = {}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    cov = coverage.Coverage.current()
    if cov is not None:
        cov.switch_context(item.nodeid)
    started = time.process_time()
    yield
    _TIMES[item.nodeid] = time.process_time() - started
    if cov is not None:
        cov.switch_context("")


def pytest_sessionfinish(session):
    with open(os.environ["MUTATE_TIMES"], "w", encoding="utf-8") as handle:
        json.dump(_TIMES, handle)
'''


@dataclass
class Mutant:
    """One change: where, what, and the whole mutated module."""

    module: str  # path under src/lijiang_plan
    line: int
    col: int
    code: str  # the original source line, stripped
    mutation: str
    lines: tuple[int, int]  # the lines whose tests are selected
    at_import: bool  # outside any function body: run when the module is imported, so by the whole suite
    source: bytes = field(repr=False)
    status: str = ""

    def where(self) -> str:
        return f"src/lijiang_plan/{self.module}:{self.line}:{self.col + 1}"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class _Sites(ast.NodeVisitor):
    """Walks a module and yields (node, replacement text, description) for each mutation."""

    def __init__(self, source: bytes) -> None:
        self.source = source
        self.found: list[tuple[ast.AST, ast.stmt, str, str, bool]] = []
        self.in_function = 0
        self.stmt: ast.stmt | None = None

    def text(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.source.decode("utf-8"), node) or ast.unparse(node)

    def add(self, node: ast.AST, new: str, description: str) -> None:
        assert self.stmt is not None
        if isinstance(node, ast.expr) and not self.located(node):
            return
        self.found.append((node, self.stmt, new, description, not self.in_function))

    def located(self, node: ast.expr) -> bool:
        """Whether the node's recorded position holds its text (not always so inside f-strings)."""
        segment = ast.get_source_segment(self.source.decode("utf-8"), node)
        try:
            parsed = ast.parse(f"({segment})", mode="eval").body
        except SyntaxError:
            return False
        return segment is not None and ast.dump(parsed) == ast.dump(node)

    def swap(self, node: ast.AST, new: ast.AST) -> None:
        old, text = self.text(node), ast.unparse(new)
        self.add(node, f"({text})", f"`{_short(old)}` -> `{_short(text)}`")

    # Where not to mutate: annotations, docstrings, TYPE_CHECKING blocks.
    def visit_arg(self, node: ast.arg) -> None:
        return

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self._statement(node)
        for default in [*node.args.defaults, *node.args.kw_defaults]:
            if default is not None:
                self.visit(default)
        self.in_function += 1  # the defaults above are evaluated at import; the body when called
        for statement in node.body:
            self.visit(statement)
        self.in_function -= 1

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._statement(node)
        if node.value is not None:
            self.visit(node.value)

    def visit_Expr(self, node: ast.Expr) -> None:
        self._statement(node)
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return  # a docstring
        if isinstance(node.value, (ast.Call, ast.Yield, ast.YieldFrom, ast.Await)):
            self.add(node, "pass", f"drop `{_short(self.text(node))}`")
        self.generic_visit(node)

    def visit_If(self, node: ast.If) -> None:
        self._statement(node)
        if isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            return
        self._negate(node.test)
        self.generic_visit(node)

    def visit_While(self, node: ast.While) -> None:
        self._statement(node)
        self._negate(node.test)
        self.generic_visit(node)

    def visit_IfExp(self, node: ast.IfExp) -> None:
        self._negate(node.test)
        self.generic_visit(node)

    def visit_comprehension(self, node: ast.comprehension) -> None:
        for test in node.ifs:
            self._negate(test)
        self.generic_visit(node)

    def visit_Continue(self, node: ast.Continue) -> None:
        self._statement(node)
        self.add(node, "pass", "`continue` -> `pass`")

    def visit_Break(self, node: ast.Break) -> None:
        self._statement(node)
        self.add(node, "pass", "`break` -> `pass`")

    def visit_Return(self, node: ast.Return) -> None:
        self._statement(node)
        value = node.value
        if value is not None and not (isinstance(value, ast.Constant) and value.value in (None, True, False)):
            self.add(node, "return None", f"`{_short(self.text(node))}` -> `return None`")
        self.generic_visit(node)

    def visit_Compare(self, node: ast.Compare) -> None:
        for index, op in enumerate(node.ops):
            ops = list(node.ops)
            ops[index] = SWAPS[type(op)]()
            self.swap(node, ast.Compare(left=node.left, ops=ops, comparators=node.comparators))
        self.generic_visit(node)

    def visit_BoolOp(self, node: ast.BoolOp) -> None:
        other = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        self.swap(node, ast.BoolOp(op=other, values=node.values))
        self.generic_visit(node)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> None:
        if isinstance(node.op, ast.Not):
            self.swap(node, node.operand)
        if isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
            return  # -1: a negative literal, mutated as a whole below
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        value = node.value
        if isinstance(value, bool):
            self.swap(node, ast.Constant(not value))
        elif isinstance(value, int):
            for new in (value + 1, value - 1):
                self.swap(node, ast.Constant(new))

    def generic_visit(self, node: ast.AST) -> None:
        if isinstance(node, ast.stmt):
            self._statement(node)
        super().generic_visit(node)

    def _statement(self, node: ast.stmt) -> None:
        self.stmt = node

    def _negate(self, test: ast.expr) -> None:
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            return  # dropping the `not` is its own mutant
        if isinstance(test, ast.Compare) and len(test.ops) == 1 and not isinstance(test.ops[0], SLOPES):
            return  # negating `==`, `in`, `is` is the same as flipping it
        old = self.text(test)
        self.add(test, f"not ({old})", f"`{_short(old)}` -> `not (...)`")


SLOPES = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)


def _offsets(source: bytes) -> list[int]:
    """Byte offset of the start of each line (1-based; ast's columns are UTF-8 byte offsets)."""
    starts = [0, 0]
    for line in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def mutants_of(module: str) -> Iterator[Mutant]:
    """Every mutant of one module, in source order; ones that do not compile are skipped."""
    path = PACKAGE / module
    source = path.read_bytes()
    sites = _Sites(source)
    sites.visit(ast.parse(source, filename=str(path)))
    starts, lines = _offsets(source), source.decode("utf-8").splitlines()
    seen: dict[tuple[int, str], int] = {}
    for node, stmt, new, description, at_import in sorted(sites.found, key=lambda s: (s[0].lineno, s[0].col_offset)):
        begin = starts[node.lineno] + node.col_offset
        end = starts[node.end_lineno or node.lineno] + (node.end_col_offset or 0)
        span = (node.end_lineno or node.lineno) - node.lineno
        mutated = source[:begin] + new.encode("utf-8") + b"\n" * span + source[end:]
        try:
            compile(mutated, str(path), "exec", dont_inherit=True)
        except SyntaxError:
            continue
        key = (node.lineno, description)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            description += f" (#{seen[key]})"
        first = min(stmt.lineno, node.lineno)
        yield Mutant(
            module,
            node.lineno,
            node.col_offset,
            lines[node.lineno - 1].strip(),
            description,
            (first, node.end_lineno or node.lineno),
            at_import,
            mutated,
        )


def _expand(names: list[str]) -> list[str]:
    """Module arguments to paths under src/lijiang_plan; a directory means its modules."""
    modules: list[str] = []
    for name in names:
        name = name.removeprefix("src/lijiang_plan/")
        path = PACKAGE / name
        if path.is_dir():
            modules += sorted(str(p.relative_to(PACKAGE)) for p in path.rglob("*.py"))
        elif path.is_file():
            modules.append(name)
        else:
            sys.exit(f"mutate.py: no module {name} under {PACKAGE} (modules move: pass the current names)")
    return modules


def equivalents(path: Path) -> dict[tuple[str, str, str], str]:
    """Rows `| module | `code` | `mutation` | why |` of the equivalents table."""
    known: dict[tuple[str, str, str], str] = {}
    if not path.is_file():
        return known
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if len(cells) == 4 and cells[0].endswith(".py"):
            code = cells[1][1:-1] if cells[1].startswith("`") else cells[1]
            known[(cells[0], code, cells[2])] = cells[3]
    return known


class Runner:
    """Runs the tests against mutants, in a scratch directory with the import hook."""

    def __init__(self, scratch: Path, timeout: int) -> None:
        self.scratch = scratch
        self.timeout = timeout
        (scratch / "sitecustomize.py").write_text(HOOK, encoding="utf-8")
        (scratch / "mutate_contexts.py").write_text(CONTEXTS_PLUGIN, encoding="utf-8")
        self.contexts: dict[str, dict[int, set[str]]] = {}
        self.times: dict[str, float] = {}  # node id -> CPU seconds: the fastest tests run first
        self.broken: list[str] = []  # node ids deselected from every run
        self.suite_size = 0

    def env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", **extra)
        env["PYTHONPATH"] = os.pathsep.join([str(self.scratch), str(REPO / "src"), env.get("PYTHONPATH", "")])
        return env

    def collect(self, modules: list[str]) -> None:
        """One coverage run of the whole suite: which tests execute which lines."""
        rc, data = self.scratch / "coveragerc", self.scratch / "coverage.data"
        rc.write_text(f"[run]\ndata_file = {data}\nsource = {PACKAGE}\n", encoding="utf-8")
        command = [sys.executable, "-m", "coverage", "run", f"--rcfile={rc}", *PYTEST[1:]]
        command = [c for c in command if c != "-x"] + ["-p", "mutate_contexts", "-rf"]
        times = self.scratch / "times.json"
        done = subprocess.run(
            command, cwd=REPO, env=self.env(MUTATE_TIMES=str(times)), stdout=subprocess.PIPE, text=True
        )
        if done.returncode not in (0, 1):
            sys.exit(f"mutate.py: the suite does not run unmutated:\n{done.stdout[-3000:]}")
        # Tests that fail unmutated under coverage (memory and timing tests do) would count as kills.
        self.broken = [line[7:].split(" - ")[0] for line in done.stdout.splitlines() if line.startswith("FAILED ")]
        for name in self.broken:
            print(f"mutate.py: left out, fails unmutated under coverage: {name}", file=sys.stderr)
        from coverage import CoverageData  # only needed here; a dev dependency

        self.times = json.loads(times.read_text(encoding="utf-8"))
        coverage = CoverageData(basename=str(data))
        coverage.read()
        every: set[str] = set()
        for module in modules:
            by_line = coverage.contexts_by_lineno(str((REPO / "src" / "lijiang_plan" / module).resolve()))
            self.contexts[module] = {line: set(names) for line, names in by_line.items()}
            for names in by_line.values():
                every.update(names)
        self.suite_size = len(every - {""})

    def tests_for(self, mutant: Mutant) -> list[str] | None:
        """The node ids that run the mutated lines; None means the whole suite."""
        if mutant.module not in self.contexts:
            return None
        by_line = self.contexts[mutant.module]
        names: set[str] = set()
        if mutant.at_import:
            # A constant or default: the line ran once, in whichever test first imported the module,
            # which is no guide to who uses it. Every test that runs any line of the module is.
            for tests in by_line.values():
                names.update(tests)
            names.discard("")
        else:
            first, last = mutant.lines
            for line in range(first, last + 1):
                names.update(by_line.get(line, ()))
        if not names or "" in names or len(names) > self.suite_size // 2:
            return None  # run at import or collection, or by half the suite anyway
        return sorted(names - set(self.broken), key=lambda name: (self.times.get(name, 0.0), name)) or None

    def cpu_limit(self, tests: list[str] | None) -> int:
        """CPU seconds a run may take (CPU time, unlike wall time, does not grow on a busy machine)."""
        spent = sum(self.times.values()) if tests is None else sum(self.times.get(t, 1.0) for t in tests)
        return int(self.timeout if not self.times else 15 + 3 * spent)

    def run(self, mutant: Mutant, tests: list[str] | None, worker: int = 0) -> str:
        """'killed', 'survived' or 'timeout' for one run of the tests against the mutant.

        Each worker has its own mutant file and pytest temporary directory, so
        runs side by side never see each other's mutant or files.
        """
        limit = self.cpu_limit(tests)
        own = self.scratch / f"worker-{worker}"
        own.mkdir(exist_ok=True)
        source = own / "mutant.py"
        source.write_bytes(mutant.source)
        name = "lijiang_plan." + mutant.module.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
        env = self.env(MUTATE_MODULE=name, MUTATE_SOURCE=str(source))
        with subprocess.Popen(
            [
                *PYTEST,
                f"--basetemp={own / 'tmp'}",
                *(f"--deselect={name}" for name in self.broken),
                *(tests or []),
            ],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_CPU, (limit, limit + 5)),
        ) as proc:
            try:
                code = proc.wait(timeout=20 * limit)  # a backstop: the CPU limit ends a busy loop
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                return "timeout"
        if code < 0:  # SIGXCPU or SIGKILL at the CPU limit
            return "timeout"
        if code in (0, 1, 2, 3):  # 2: interrupted, e.g. the mutant fails at import; 3: it ends pytest itself
            return "survived" if code == 0 else "killed"
        sys.exit(f"mutate.py: pytest exit status {code} on {mutant.where()} {mutant.mutation}")

    def verdict(self, mutant: Mutant, confirm: bool = True, worker: int = 0) -> str:
        tests = self.tests_for(mutant)
        status = self.run(mutant, tests, worker)
        if status == "survived" and tests is not None:
            status = self.run(mutant, None, worker) if confirm else "survived?"
        return status


def report(mutants: list[Mutant], known: dict[tuple[str, str, str], str]) -> int:
    """Killed/survived per module, then every survivor; returns the number of real survivors."""
    print(f"{'module':<28} {'killed':>7} {'of':>4} {'timeout':>8} {'survived':>9} {'equivalent':>11}")
    real, stale = [], []
    for module in dict.fromkeys(m.module for m in mutants):
        mine = [m for m in mutants if m.module == module]
        killed = sum(m.status in ("killed", "timeout") for m in mine)
        timeouts = sum(m.status == "timeout" for m in mine)
        alive = [m for m in mine if m.status.startswith("survived")]
        equivalent = [m for m in alive if (m.module, m.code, m.mutation) in known]
        survived = [m for m in alive if m not in equivalent]
        stale += [m for m in mine if m not in alive and (m.module, m.code, m.mutation) in known]
        real += survived
        counted = len(mine) - len(equivalent)
        print(
            f"{module:<28} {killed:>7} {counted:>4} {timeouts:>8} {len(survived):>9} {len(equivalent):>11}"
            f"   {100 * killed / counted if counted else 100:.1f}%"
        )
    for mutant in real:
        print(f"{mutant.status}: {mutant.where()}: {mutant.mutation}    in `{_short(mutant.code, 80)}`")
    for mutant in stale:
        print(f"listed as equivalent but {mutant.status}: {mutant.where()}: {mutant.mutation}")
    return len(real)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("modules", nargs="*", default=DEFAULT_MODULES, help="paths under src/lijiang_plan")
    parser.add_argument("--list", action="store_true", help="print the mutants; run nothing")
    parser.add_argument("--only", action="append", default=[], metavar="FILE:LINE", help="only mutants there")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write every mutant's verdict here")
    parser.add_argument(
        "--timeout", type=int, default=300, help="CPU seconds for one run when no tests were timed (default 300)"
    )
    parser.add_argument(
        "--quick", action="store_true", help="no whole-suite run for survivors of their tests (marked 'survived?')"
    )
    parser.add_argument(
        "--jobs", type=int, default=1, metavar="N", help="mutants run side by side (default 1; at most the cores)"
    )
    parser.add_argument("--equivalents", type=Path, default=EQUIVALENTS, help="the table of equivalent mutants")
    args = parser.parse_args()
    modules = _expand(args.modules)
    mutants = [m for module in modules for m in mutants_of(module)]
    if args.only:
        mutants = [m for m in mutants if f"{m.module}:{m.line}" in args.only or m.module in args.only]
    if args.list:
        for mutant in mutants:
            print(f"{mutant.where()}: {mutant.mutation}")
        print(f"{len(mutants)} mutants", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory(prefix="lplan-mutate-") as scratch:
        runner = Runner(Path(scratch), args.timeout)
        started = time.monotonic()
        if len(mutants) > 5:  # a handful run the whole suite faster than a coverage run
            runner.collect(modules)
        todo = iter(enumerate(mutants, 1))
        lock = threading.Lock()
        failures: list[SystemExit] = []

        def work(worker: int) -> None:
            """Take the next mutant until none is left (threads only wait on pytest processes)."""
            while True:
                with lock:
                    number, mutant = next(todo, (0, None))
                if mutant is None:
                    return
                try:
                    mutant.status = runner.verdict(mutant, confirm=not args.quick, worker=worker)
                except SystemExit as stop:  # a thread cannot end the program: the main thread will
                    failures.append(stop)
                    return
                with lock:
                    print(
                        f"[{number}/{len(mutants)}] {mutant.status:<8} {mutant.where()}: {mutant.mutation}",
                        file=sys.stderr,
                        flush=True,
                    )

        workers = [threading.Thread(target=work, args=(n,)) for n in range(max(1, args.jobs))]
        for thread in workers:
            thread.start()
        for thread in workers:
            thread.join()
        if failures:
            raise failures[0]
    print(f"{len(mutants)} mutants in {time.monotonic() - started:.0f} s", file=sys.stderr)
    if args.json:
        records = [{k: v for k, v in asdict(m).items() if k != "source"} for m in mutants]
        args.json.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    return 1 if report(mutants, equivalents(args.equivalents)) else 0


if __name__ == "__main__":
    sys.exit(main())

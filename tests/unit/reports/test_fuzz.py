"""Generated and mutated reports: the loader and the checker only ever answer with findings.

Each example starts from a valid filled-in report (tests/corpus/good-base.yaml)
and applies a few random edits of the kinds hands and tools make: lines
deleted, duplicated, swapped or re-indented, characters inserted, the file cut
short, bytes flipped, the whole re-encoded. Whatever comes out, `load_report`,
`check_file` and `lplan check` must return well-formed findings (known rule,
its level, line and column from 1) and never raise; the CLI exits 0, 1 or 2
without a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lijiang_plan.cli import cli
from lijiang_plan.findings import Finding
from lijiang_plan.reports.check import check_file
from lijiang_plan.reports.load import load_report
from lijiang_plan.rules import RULES
from tests.conftest import REPO

BASE = (REPO / "tests" / "corpus" / "good-base.yaml").read_text(encoding="utf-8")
LINES = BASE.splitlines(keepends=True)
#: Characters that matter to YAML or to readers of Chinese reports, and some that break things.
NOISE = st.sampled_from(
    list(":-[]{},'\"&*!|>#%@`?\\ \t\n\r")
    + ["\r\n", "---", "...", "<<", "单", "２", "．", "\u3000", "\ufeff", "\x00", "\x07", "\u2028", "😀"]
)
ENCODINGS = ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le", "big5", "latin-1"]


@st.composite
def mutated_reports(draw: st.DrawFn) -> bytes:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "indent", "replace_value"]))
        i = draw(st.integers(0, max(len(lines) - 1, 0)))
        if not lines:
            break
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(draw(st.integers(0, len(lines))), lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            at = draw(st.integers(0, len(lines[i])))
            noise = "".join(draw(st.lists(NOISE | st.characters(), min_size=1, max_size=4)))
            lines[i] = lines[i][:at] + noise + lines[i][at:]
        elif op == "indent":
            lines[i] = draw(st.sampled_from(["", " ", "  ", "    ", "\t", " \t"])) + lines[i].lstrip(" ")
        else:
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {draw(st.text(max_size=12))}\n"
    text = "".join(lines)
    raw = text.encode(draw(st.sampled_from(ENCODINGS)), "replace")
    if draw(st.booleans()):
        raw = raw[: draw(st.integers(0, len(raw)))]
    for _ in range(draw(st.integers(0, 2))):
        if raw:
            at = draw(st.integers(0, len(raw) - 1))
            raw = raw[:at] + bytes([raw[at] ^ draw(st.integers(1, 255))]) + raw[at + 1 :]
    return raw


def assert_well_formed(findings: list[Finding], path: str) -> None:
    for f in findings:
        assert isinstance(f, Finding)
        assert f.path == path
        assert f.rule in RULES and f.level == RULES[f.rule].level and f.level in ("error", "warning")
        assert isinstance(f.line, int) and isinstance(f.column, int) and f.line >= 1 and f.column >= 1
        assert isinstance(f.message, str) and f.message.strip()


@settings(max_examples=300, deadline=None)
@given(mutated_reports())
def test_the_loader_answers_every_mutated_report_with_findings(raw):
    loaded = load_report(raw, "r.yaml")
    assert_well_formed(loaded.findings, "r.yaml")
    if loaded.document is None:
        assert loaded.findings  # unreadable: said so


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_reports())
def test_the_checker_answers_every_mutated_report_with_findings(plan, workdir, raw):
    path = workdir / "report.yaml"
    path.write_bytes(raw)
    assert_well_formed(check_file(str(path), plan), str(path))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(mutated_reports(), min_size=1, max_size=3), st.sampled_from(["text", "json", "github", "junit", "sarif"])
)
def test_the_cli_answers_every_mutated_report_with_status_0_1_or_2(workdir, reports, fmt):
    paths = []
    for n, raw in enumerate(reports):
        path = workdir / f"cli-{n}.yaml"
        path.write_bytes(raw)
        paths.append(str(path))
    result = CliRunner().invoke(cli, ["check", "--format", fmt, *paths])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1, 2)
    assert "Traceback" not in result.stdout + result.stderr and "internal error" not in result.stderr
    if fmt == "json":
        out = json.loads(result.stdout)
        assert [f["path"] for f in out["files"]] == paths  # every file answered, in order

"""The documentation: the generated reference is what the code gives, nothing goes undocumented, links lead somewhere.

docs/reference/ is written by scripts/gen_reference.py from the rule registry, the datasets and
tables, and click's own --help; these tests regenerate it and compare. (That the commands the
pages show run as written is tests/acceptance/test_docs_examples.py.)
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from lijiang_plan.cli import COMMANDS
from lijiang_plan.outputs.datasets import DATASETS
from lijiang_plan.reports import history, rollup
from lijiang_plan.rules import PLAN_RULES, RULES
from tests.conftest import REPO
from tests.support.markdown import anchors, headings, section

REFERENCE = REPO / "docs" / "reference"
GUIDE = [REPO / "README.md", REPO / "README.zh.md", *sorted((REPO / "docs").glob("*.md"))]
MARKDOWN = [*GUIDE, REPO / "CONTRIBUTING.md", *sorted(REFERENCE.glob("*.md"))]
#: Pages other branches are writing at the same time; linked already, they exist once merged.
PENDING: set[Path] = set()


def _generator():
    spec = importlib.util.spec_from_file_location("gen_reference", REPO / "scripts" / "gen_reference.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("gen_reference", module)
    spec.loader.exec_module(module)
    return module


gen = _generator()


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_the_committed_reference_is_what_the_code_gives(tmp_path):
    assert gen.main([str(tmp_path)]) == 0
    made = sorted(p.name for p in tmp_path.iterdir())
    committed = sorted(p.name for p in REFERENCE.iterdir())
    assert committed == made, f"docs/reference/ holds other files than it generates; run: {gen.COMMAND}"
    stale = [name for name in made if (tmp_path / name).read_bytes() != (REFERENCE / name).read_bytes()]
    assert not stale, f"docs/reference/{', '.join(stale)} out of date; run: {gen.COMMAND}"


def test_check_names_a_stale_page_and_fails(tmp_path, capsys):
    assert gen.main([str(tmp_path)]) == 0 and gen.main(["--check", str(tmp_path)]) == 0
    page = tmp_path / "rules.md"
    page.write_text(_read(page).replace("### `late`", "### `late-ish`"), encoding="utf-8")
    assert gen.main(["--check", str(tmp_path)]) == 1
    assert f"rules.md is stale; run: {gen.COMMAND}" in capsys.readouterr().err


def test_generating_twice_gives_the_same_bytes():
    assert gen.generate() == gen.generate()


def _command_paths() -> list[str]:
    """Every command line the reference documents: lplan, each command, and each subcommand of a group."""
    import click

    from lijiang_plan.cli import cli

    ctx = click.Context(cli)
    found = ["lplan"]
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        found.append(f"lplan {name}")
        if isinstance(command, click.Group):
            found += [f"lplan {name} {sub}" for sub in command.list_commands(ctx)]
    return found


@pytest.mark.parametrize("page", ["cli.md", "cli.zh.md"])
def test_every_command_has_its_help_in_the_reference_in_both_languages(page):
    documented = headings(_read(REFERENCE / page))
    assert documented == ["命令参考（中文）" if page == "cli.zh.md" else "Command reference"] + [
        f"`{name}`" for name in _command_paths()
    ]


def test_the_chinese_reference_is_in_chinese_and_the_english_in_english():
    chinese, english = _read(REFERENCE / "cli.zh.md"), _read(REFERENCE / "cli.md")
    assert chinese.count("用法: lplan") == english.count("Usage: lplan") == len(_command_paths())
    assert "Usage:" not in chinese and "用法" not in english


def test_every_rule_has_its_own_anchored_section():
    page = _read(REFERENCE / "rules.md")
    assert set(RULES) | set(PLAN_RULES) <= anchors(page)
    for name, rule in {**RULES, **PLAN_RULES}.items():
        text = section(page, f"`{name}`")
        assert f"- Level: {rule.level}" in text and f"- Meaning: {rule.meaning}" in text
        assert f"`{rule.phase}`" in text


def test_every_report_rule_has_an_example_with_its_findings():
    page = _read(REFERENCE / "rules.md")
    for name in RULES:
        assert re.search(rf"^  \S.*\({re.escape(name)}\)$", section(page, f"`{name}`"), re.M), name


def test_every_dataset_and_table_has_its_columns_in_the_reference():
    page = _read(REFERENCE / "datasets.md")
    for heading, tables in (
        ("Exports", {name: d.columns for name, d in DATASETS.items()}),
        ("Summary tables", {name: cols for name, (_, cols) in {**rollup.TABLES, **history.TABLES}.items()}),
    ):
        part = section(page, heading)
        for name, columns in tables.items():
            assert re.search(rf"^### `{re.escape(name)}`:", part, re.M), name
            for column in columns:
                assert f"| `{column.key}` | {column.type} |" in part, (name, column.key)


def test_every_command_is_in_the_user_guide():
    guide = "\n".join(_read(p) for p in GUIDE)
    assert [c for c in COMMANDS if not re.search(rf"lplan (?:--\S+ \S+ )*{re.escape(c)}\b", guide)] == []


def test_the_readme_is_for_a_newcomer():
    readme = _read(REPO / "README.md")
    assert len(readme.splitlines()) < 200
    assert "README.zh.md" in readme and "CONTRIBUTING.md" in readme and "docs/index.md" in readme


def _links(path: Path) -> list[str]:
    """Relative link targets of a page, outside code blocks and code spans."""
    text = re.sub(r"^( *)(```+|~~~+).*?^\1\2 *$", "", _read(path), flags=re.M | re.S)
    text = re.sub(r"(`+).+?\1", "", text)
    return [t for t in re.findall(r"\]\(([^)\s]+)\)", text) if not re.match(r"[a-z]+:", t)]


@pytest.mark.parametrize("path", MARKDOWN, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_relative_link_and_anchor_leads_somewhere(path):
    broken = []
    for link in _links(path):
        target, _, anchor = link.partition("#")
        file = (path.parent / target).resolve() if target else path
        if file in PENDING:
            continue
        if not file.exists():
            broken.append(link)
        elif anchor and file.suffix == ".md" and anchor not in anchors(_read(file)):
            broken.append(link)
    assert broken == []

"""The writer registry: one table shape, one set of writers behind every command's --format."""

from __future__ import annotations

import io

import click
import pytest

from lijiang_plan.cli import cli
from lijiang_plan.errors import OutputError
from lijiang_plan.files import safewrite
from lijiang_plan.outputs import writers
from lijiang_plan.table import Column, Output, Table


def _format_choices(name: str) -> list[str]:
    command = cli.get_command(click.Context(cli), name)
    assert command is not None
    option = next(p for p in command.params if p.name == "fmt")
    assert isinstance(option.type, click.Choice)
    return list(option.type.choices)


def test_every_data_command_offers_the_registry_default_first():
    names = list(writers.WRITERS)
    for command in ("who-leads", "who-cooperates", "show", "duties", "measures", "units"):
        assert _format_choices(command) == names
    assert _format_choices("deadlines") == [*names, "ics"]  # formats only their Output has come last
    assert _format_choices("summary") == [*names, "html"]
    assert _format_choices("export") == ["csv", "json", "xlsx"]  # the default first; no text for a file format


def test_no_command_module_imports_another():
    """Commands only wire options to the library: shared pieces live below them, not in a sibling."""
    import ast
    from pathlib import Path

    import lijiang_plan.commands

    for path in Path(lijiang_plan.commands.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("lijiang_plan.commands"), f"{path.name} imports {node.module}"
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith("lijiang_plan.commands") for a in node.names), path.name


def _bytes_writer(output: Output) -> bytes:
    return b"\x00binary:" + str(len(output.tables[0].rows)).encode()


@pytest.fixture
def binary_format(monkeypatch):
    registry = {**writers.WRITERS, "bin": writers.Writer("bin", "a binary test format", _bytes_writer)}
    monkeypatch.setattr(writers, "WRITERS", registry)


def sample() -> Output:
    return Output([Table([Column("id"), Column("n", "integer")], [{"id": "2.3.1", "n": -3}])])


def test_a_binary_writer_is_delivered_byte_for_byte_to_a_file(binary_format, tmp_path):
    target = tmp_path / "out.bin"
    writers.deliver(sample(), "bin", str(target))
    assert target.read_bytes() == b"\x00binary:1"
    with pytest.raises(OutputError, match="already exists"):
        writers.deliver(sample(), "bin", str(target))


def test_csv_keeps_numbers_and_json_is_the_rows():
    assert writers.render(sample(), "csv") == "id,n\r\n2.3.1,-3\r\n"
    assert writers.render(sample(), "json") == '[\n  {\n    "id": "2.3.1",\n    "n": -3\n  }\n]\n'
    out = io.StringIO()
    writers.emit(sample(), "text", out)
    assert out.getvalue() == "2.3.1\t-3\n"


def test_write_bytes_refuses_to_replace_without_force(tmp_path):
    target = tmp_path / "a.bin"
    target.write_bytes(b"old")
    with pytest.raises(OutputError, match="--force"):
        safewrite.write_bytes(str(target), b"new")
    assert target.read_bytes() == b"old"
    safewrite.write_bytes(str(target), b"new", force=True)
    assert target.read_bytes() == b"new"

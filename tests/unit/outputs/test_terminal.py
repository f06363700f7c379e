"""At a terminal: a rich table, coloured unless NO_COLOR; piped: plain lines, never colour."""

from __future__ import annotations

import io

import pytest

from lijiang_plan.outputs.tables import color_allowed, inert, write_csv
from lijiang_plan.outputs.writers import emit
from lijiang_plan.table import Table


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def sample() -> Table:
    return Table(
        [("id", "ID"), ("unit", "Unit")], [{"id": "2.3.1", "unit": "市法院"}], plain=lambda: ["市法院"], title="t"
    )


def test_piped_text_is_the_plain_lines():
    out = io.StringIO()
    emit(sample(), "text", out)
    assert out.getvalue() == "市法院\n"


def test_terminal_text_is_a_table_with_headers(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = FakeTerminal()
    emit(sample(), "text", out)
    text = out.getvalue()
    assert "ID" in text and "Unit" in text and "2.3.1" in text and "市法院" in text
    assert "┃" in text or "│" in text


def test_no_color_removes_escape_codes(monkeypatch):
    table = Table([("id", "ID")], [{"id": "x"}], title="title")
    monkeypatch.setenv("NO_COLOR", "1")
    out = FakeTerminal()
    emit(table, "text", out)
    assert "\x1b[" not in out.getvalue()
    assert not color_allowed(FakeTerminal())


def test_without_no_color_a_terminal_gets_escape_codes(monkeypatch):
    """The control for the NO_COLOR test: the same table, styled."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    out = FakeTerminal()
    emit(Table([("id", "ID")], [{"id": "x"}], title="title"), "text", out)
    assert "\x1b[" in out.getvalue()


def test_cells_are_never_read_as_rich_markup(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    out = FakeTerminal()
    emit(Table([("id", "ID")], [{"id": "[bold]x[/bold]"}], title="[red]t"), "text", out)
    assert "[bold]x[/bold]" in out.getvalue() and "[red]t" in out.getvalue()


def test_color_only_on_a_terminal(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert color_allowed(FakeTerminal())
    assert not color_allowed(io.StringIO())


def test_json_and_csv_ignore_the_terminal():
    out = FakeTerminal()
    emit(sample(), "csv", out)
    assert out.getvalue() == "id,unit\r\n2.3.1,市法院\r\n"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_made_inert(value):
    assert inert(value) == "'" + value
    out = io.StringIO()
    write_csv(out, ["a"], [[value]])
    assert out.getvalue().splitlines()[1].lstrip('"').startswith("'")


def test_ordinary_cells_are_untouched():
    assert inert("2.3.1") == "2.3.1"
    assert inert("a-b") == "a-b"
    assert inert(3) == 3

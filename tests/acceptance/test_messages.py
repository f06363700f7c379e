"""Messages and tables: long values clipped, empty CSV cells, one 'wrote FILE', county offices' duties, close names only."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest

from lijiang_plan.errors import clip
from tests.conftest import REPO

GOOD = REPO / "examples" / "reports" / "good-court-2024-H2.yaml"


def test_clip_keeps_short_text_and_summarises_long_text():
    assert clip("2025-H1") == "2025-H1"
    assert clip("9" * 5000) == "9" * 39 + "… (5,000 characters)"


@pytest.mark.parametrize(
    "old, new",
    [
        ("unit: 丽江市中级人民法院", "unit: " + "甲" * 3000),
        ("period: 2024-H2", "period: " + "2" * 2000),
        ("period: 2024-H2", "period: H" + "2" * 2000),
        ("submitted: 2024-12-20", "submitted: " + "x" * 2000),
        (
            '  - id: "2.3.1"\n    status: ongoing\n',
            '  - id: "2.3.1"\n    status: ongoing\n    figures:\n      件数: ' + "9" * 5000 + "\n",
        ),
        (
            '  - id: "2.3.1"\n    status: ongoing\n',
            '  - id: "2.3.1"\n    status: ongoing\n    figures:\n      件数: ' + "9" * 4000 + "\n",
        ),
    ],
)
def test_long_values_are_never_echoed_whole(run, tmp_path, old, new):
    text = GOOD.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "r.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    findings = json.loads(run("check", "-f", "json", str(path)).stdout)["findings"]
    assert findings
    assert all(len(f["message"]) < 300 for f in findings), [f["message"][:100] for f in findings]


@pytest.mark.parametrize(
    "args", [["who-leads", "9" * 300], ["duties", "甲" * 300], ["template", "-u", "市公安局", "-p", "2" * 300]]
)
def test_long_command_line_values_are_clipped_in_errors(run, args):
    result = run(*args)
    assert result.exit_code == 2 and len(result.stderr) < 300


def test_show_csv_writes_an_empty_cell_for_no_value(run):
    rows = dict(csv.reader(io.StringIO(run("show", "2.3.1", "-f", "csv").stdout)))
    assert rows["Cooperate"] == ""
    assert "—" not in run("show", "2", "-f", "csv").stdout
    assert "Cooperate: —" in run("show", "2.3.1").stdout  # for a person, still a dash


@pytest.mark.parametrize(
    "args, name",
    [
        (["template", "-u", "市公安局", "-p", "2025-H1"], "r.yaml"),
        (["export", "units"], "units.csv"),
        (["deadlines", "--year", "2025"], "d.csv"),
        (["summary", str(REPO / "examples" / "reports"), "-p", "2025-H1", "-f", "csv"], "s.csv"),
        (["convert", str(GOOD)], "r.xlsx"),
        (["template", "-u", "市公安局", "-p", "2025-H1", "-f", "xlsx"], "r.xlsx"),
    ],
)
def test_every_command_that_writes_a_file_says_so_the_same_way(run, tmp_path, args, name):
    out = tmp_path / name
    result = run(*args, "-o", str(out))
    assert out.exists()
    assert result.stderr.startswith(f"lplan: wrote {out}")
    assert result.stdout == ""
    if not name.endswith(".xlsx"):
        assert "wrote" not in run(*args, "-o", "-").stderr  # standard output: nothing to confirm


def test_county_offices_show_what_they_report_on(run, plan):
    rows = json.loads(run("units", "--kind", "county", "-f", "json").stdout)
    assert [r["reports_on"] for r in rows] == [len(plan.leaf_ids())] * 5
    police = next(r for r in json.loads(run("units", "-f", "json").stdout) if r["id"] == "public-security")
    assert police["reports_on"] == police["leads"] + police["cooperates"]
    exported = list(csv.DictReader(io.StringIO(run("export", "units").stdout)))
    assert {r["id"]: r["reports_on"] for r in exported}["gucheng"] == "47"


@pytest.mark.parametrize("typed", ["x", "ab", "q"])
def test_an_unknown_short_name_suggests_nothing_far_off(run, typed):
    result = run("duties", typed)
    assert result.exit_code == 2
    assert "did you mean" not in result.stderr and "lplan units" in result.stderr


@pytest.mark.parametrize("typed, meant", [("公按局", "市公安局"), ("教育", "市教育体育局"), ("市公安", "市公安局")])
def test_a_close_name_is_still_suggested(run, typed, meant):
    assert f"did you mean {meant}" in run("duties", typed).stderr


def _value_options():
    """(command, option) for every option of every command that takes one value."""
    import click

    from lijiang_plan.cli import COMMANDS, cli

    ctx = click.Context(cli)
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        for param in command.params:
            if isinstance(param, click.Option) and not (param.multiple or param.count or param.is_flag):
                yield name, max(param.opts, key=len)


@pytest.mark.parametrize("command, option", list(_value_options()))
def test_a_value_option_given_twice_is_a_usage_error_in_every_command(run, command, option):
    result = run("--lang", "zh", command, option, "x", option, "y")
    assert result.exit_code == 2, result.output
    assert f"{option} 重复给出；此选项只能给一次" in result.stderr


def test_repeating_the_unit_of_a_template_no_longer_writes_only_the_last(run):
    # `template -u A -u B` used to write B's template alone, without a word.
    result = run("template", "-u", "市公安局", "-p", "2025-H1", "-p", "2025-H2")
    assert result.exit_code == 2 and "--period is given more than once" in result.stderr
    assert result.stdout == ""


def test_global_options_and_repeatable_ones(run):
    assert run("--lang", "zh", "--lang", "en", "who-leads", "2.3.1").exit_code == 2
    good = REPO / "examples" / "reports" / "good-due-day.yaml"
    assert run("check", "--select", "late", "--select", "early", str(good)).exit_code == 0  # meant to repeat
    assert run("check", "--strict", "--strict", str(good)).exit_code == 0  # a flag twice says the same


def test_chinese_help_marks_required_options_in_chinese(run):
    page = run("--lang", "zh", "template", "--help").stdout
    assert "[必填]" in page and "[required]" not in page
    assert "[required]" in run("template", "--help").stdout


# -- user text echoed to a terminal ---------------------------------------------------------

#: What a hostile argument or file name holds: an OSC title change ended by BEL, a clear-screen CSI,
#: a C1 CSI, a right-to-left override, and a line break (which would split a one-line message).
HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202e\nfake: ok"
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


def _on_a_terminal(*args: str) -> tuple[int, str]:
    """(exit status, stderr) as a terminal would get them: click strips no escape sequence (color=True)."""
    from click.testing import CliRunner

    from lijiang_plan.cli import cli

    result = CliRunner().invoke(cli, list(args), color=True, catch_exceptions=False)
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("template", "--unit", HOSTILE, "--period", "2025-H1"),
        ("template", "--unit", "市公安局", "--period", HOSTILE),
        ("duties", HOSTILE),
        ("show", HOSTILE),
        ("who-leads", HOSTILE),
        ("measures", "--under", HOSTILE),
        ("deadlines", "--unit", HOSTILE),
        ("summary", str(REPO / "examples" / "reports"), "-p", HOSTILE),
        ("digest", str(REPO / "examples" / "reports"), "-p", HOSTILE, "-f", "md"),
        ("digest", HOSTILE, "-p", "2025-H1", "-f", "md"),
        ("check", HOSTILE),
        ("check", "--select", HOSTILE, str(GOOD)),
        ("check", "--" + HOSTILE, str(GOOD)),  # click's own "No such option"
        (HOSTILE,),  # "No such command"
    ],
)
def test_a_bad_argument_is_echoed_with_its_control_characters_escaped(args):
    status, stderr = _on_a_terminal(*args)
    assert status == 2, stderr
    assert not any(char in stderr for char in RAW), repr(stderr)
    assert "\\x1b]0;pwned\\x07" in stderr and "\\u202e" in stderr, repr(stderr)
    assert "\nfake: ok" not in stderr  # the line break is shown as \n, so the message stays one line


@pytest.mark.parametrize("command", ["convert", "export", "digest", "template"])
def test_the_wrote_line_shows_a_hostile_file_name_escaped_on_one_line(tmp_path, command):
    name = str(tmp_path / ("out" + HOSTILE))
    args = {
        "convert": ("convert", str(GOOD), "-o", name + ".xlsx"),
        "export": ("export", "measures", "-o", name + ".csv"),
        "digest": ("digest", str(REPO / "examples" / "reports"), "-p", "2024-H2", "-o", name + ".md"),
        "template": ("template", "-u", "市公安局", "-u", "市民政局", "-p", "2025-H2", "-o", name + "/"),
    }[command]
    if command == "template":
        os.mkdir(name)  # the folder the templates go into
    status, stderr = _on_a_terminal(*args)
    assert status in (0, 1), stderr
    wrote = [line for line in stderr.splitlines() if line.startswith("lplan: wrote ")]
    assert len(wrote) == 1 and "\\nfake: ok" in wrote[0], repr(stderr)
    assert not any(char in stderr for char in RAW), repr(stderr)

"""Shell completion through click's protocol, as bash, zsh and fish call it."""

from __future__ import annotations

import shlex

import pytest
from click.testing import CliRunner

from lijiang_plan.cli import COMMANDS, cli
from tests.conftest import REPO


def complete(line: str, shell: str = "bash", env: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(type, value) pairs lplan answers for the last word of ``line`` (a trailing space: a new word)."""
    words = shlex.split(line) + ([""] if line.endswith(" ") else [])
    result = CliRunner().invoke(
        cli,
        [],
        prog_name="lplan",
        env={
            "_LPLAN_COMPLETE": f"{shell}_complete",
            "COMP_WORDS": " ".join(words),
            "COMP_CWORD": str(len(words) - 1),
            **(env or {}),
        },
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    if shell == "zsh":  # three lines per item: type, value, help
        lines = result.stdout.splitlines()
        return [(lines[i], lines[i + 1], lines[i + 2]) for i in range(0, len(lines) - 2, 3)]  # type: ignore[misc]
    return [tuple(line.split(",", 1)) for line in result.stdout.splitlines() if line]  # type: ignore[misc]


def values(line: str, **kwargs: str) -> list[str]:
    return [value for _, value in complete(line, **kwargs)]


@pytest.mark.parametrize(
    "line",
    [
        "lplan check examples/rep",
        "lplan check a.yaml ",
        "lplan template -u 市公安局 -p 2025-H1 -o ",
        "lplan export units --output out",
        "lplan deadlines -o cal",
        "lplan convert rep",
        "lplan convert r.yaml -o r.x",
        "lplan summary reports -p 2025-H1 -o x",
    ],
)
def test_paths_are_left_to_the_shell(line):
    assert [kind for kind, _ in complete(line)] == ["file"]


@pytest.mark.parametrize("line", ["lplan summary rep", "lplan --plan pl", "lplan validate --plan pl"])
def test_directories_are_left_to_the_shell(line):
    assert [kind for kind, _ in complete(line)] == ["dir"]


def test_measure_ids_complete_from_the_plan(plan):
    assert values("lplan who-leads 2.3") == ["2.3", "2.3.1", "2.3.2", "2.3.3", "2.3.4"]
    assert values("lplan show 3.1") == [n for n in plan.nodes if n.startswith("3.1")]  # 3.1 and 3.10 …
    assert values("lplan measures --under 5") == [n for n in plan.nodes if n.startswith("5")]


def test_measure_ids_carry_their_titles_for_zsh_and_fish(plan):
    items = complete("lplan who-cooperates 2.3.", shell="zsh")
    assert items[0] == ("plain", "2.3.1", plan.node("2.3.1")["title"])
    simplified = complete("lplan --script simplified show 2.3.1", shell="zsh")
    assert simplified[0][2] == plan.text("2.3.1", "title", "simplified")


@pytest.mark.parametrize(
    "line, expected",
    [
        ("lplan duties 市公", "市公安局"),
        ("lplan duties 公安", "公安局"),
        ("lplan duties 丽江市公", "丽江市公安局"),
        ("lplan duties 玉龍", "玉龍納西族自治縣反拐辦"),  # traditional, as typed
        ("lplan duties 玉龙", "玉龙纳西族自治县反拐办"),  # simplified, as typed
        ("lplan template -u public-s", "public-security"),
        ("lplan deadlines --unit 人社", "人社局"),
    ],
)
def test_unit_names_complete_in_the_script_and_form_typed(line, expected):
    assert expected in values(line)


def test_a_unit_typed_in_the_other_script_still_completes():
    assert values("lplan duties 无此单位") == []  # not a unit: nothing, and no error
    assert values("lplan duties 市教育體") == ["市教育體育局"]
    assert values("lplan duties 市教育体") == ["市教育体育局"]


def test_periods_complete_from_the_plans_years():
    assert values("lplan template -u 市公安局 -p 2025") == ["2025-H1", "2025-H2"]
    assert values("lplan summary reports --period 2030-h") == ["2030-H1", "2030-H2"]
    assert len(values("lplan template -p ")) == 20
    assert values("lplan summary reports -p a") == ["all"]


def test_rule_names_complete_after_commas():
    assert values("lplan check --select missing-l") == ["missing-lead"]
    assert values("lplan check --ignore late,missing-c") == ["late,missing-cooperate"]
    assert "late,late" not in values("lplan check --ignore late,")


def test_completion_follows_a_plan_given_after_the_command(tmp_path):
    assert values(f"lplan who-leads --plan {tmp_path} 2.3") == []  # no plan there: nothing, and no error
    assert values(f"lplan --plan {tmp_path} who-leads 2.3") == []
    plan_dir = REPO / "plan"
    assert values(f"lplan who-leads --plan {plan_dir} 2.3.") == ["2.3.1", "2.3.2", "2.3.3", "2.3.4"]


def test_commands_and_choices_still_complete():
    assert "who-leads" in values("lplan who")
    assert values("lplan check -f sa") == ["sarif"]


def test_a_query_does_not_pay_for_completion(tmp_path):
    import os
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from lijiang_plan.cli import cli\n"
        "try:\n"
        "    cli(['who-leads', '2.3.1'], prog_name='lplan')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('LOADED', 'click.shell_completion' in sys.modules)\n"
    )
    env = {**os.environ, "LPLAN_CACHE_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    assert out.stdout.splitlines()[-1] == "LOADED False"


#: Metavars that name a path, a measure, a unit or a period: each such parameter must complete.
_COMPLETING = {
    "FILE": "file",
    "DIR": "dir",
    "PATH...": "file",
    "IN": "file",
    "OUT": "file",
    "ID": "plain",
    "UNIT": "plain",
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_path_id_unit_and_period_parameter_completes(name):
    command = cli.get_command(None, name)  # type: ignore[arg-type]
    for param in command.params:
        metavar = getattr(param, "metavar", None) or ""
        if metavar in _COMPLETING or metavar.startswith("YEAR-H1"):
            assert param._custom_shell_complete is not None, f"lplan {name} {param.name} ({metavar}) does not complete"

"""Every query command through the CLI: formats, ID and unit forms, error paths."""

from __future__ import annotations

import csv
import io
import json

import pytest

from lijiang_plan import __version__
from lijiang_plan.cli import COMMANDS


def names(plan, ids):
    return [plan.units[u]["name"] for u in ids]


# -- who-leads / who-cooperates -------------------------------------------------


@pytest.mark.parametrize("typed", ["2.3.1", " 2.3.1 ", "２．３．１", "(二)3.(1)", "(二)3.(1)"])
def test_who_leads_accepts_every_form_of_an_id(run, plan, typed):
    result = run("who-leads", typed)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == names(plan, plan.node("2.3.1")["lead"])


def test_who_leads_an_item_answers_every_measure_under_it_grouped(run, plan):
    result = run("who-leads", "2.3")
    expected = [
        f"{mid}\t{name}" for mid in ["2.3.1", "2.3.2", "2.3.3", "2.3.4"] for name in names(plan, plan.node(mid)["lead"])
    ]
    assert result.stdout.splitlines() == expected


def test_who_leads_a_section_covers_all_its_leaves(run, plan):
    result = run("who-leads", "3", "--format", "json")
    groups = json.loads(result.stdout)
    assert [g["id"] for g in groups] == plan.leaves_under("3")
    assert len(groups) == 10


def test_ids_are_compared_exactly_3_1_is_not_3_10(run, plan):
    one = run("who-leads", "3.1").stdout.splitlines()
    ten = run("who-leads", "3.10").stdout.splitlines()
    assert one == names(plan, plan.node("3.1")["lead"])
    assert ten == names(plan, plan.node("3.10")["lead"])
    assert one != ten


def test_who_leads_json_for_a_measure_is_one_object_with_primary_first(run, plan):
    data = json.loads(run("who-leads", "1.1.1", "-f", "json").stdout)
    assert data["id"] == "1.1.1"
    assert [u["id"] for u in data["units"]] == plan.node("1.1.1")["lead"]
    assert data["units"][0]["name"] == "市人力資源社會保障局"


def test_who_leads_csv_is_one_row_per_unit_with_position(run, plan):
    rows = list(csv.DictReader(io.StringIO(run("who-leads", "2.3", "-f", "csv").stdout)))
    assert [r["measure"] for r in rows if r["position"] == "1"] == ["2.3.1", "2.3.2", "2.3.3", "2.3.4"]
    assert rows[0]["unit_id"] == plan.node("2.3.1")["lead"][0]


def test_who_cooperates_lists_cooperating_units_in_order(run, plan):
    result = run("who-cooperates", "1.1.1")
    assert result.stdout.splitlines() == names(plan, plan.node("1.1.1")["cooperate"])
    assert len(result.stdout.splitlines()) == 4


def test_who_cooperates_with_no_cooperating_units_prints_nothing_and_says_so(run):
    result = run("who-cooperates", "1.1.3")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "lplan: 1.1.3 names no cooperating units\n"


def test_who_cooperates_on_4_8_names_the_group(run):
    assert run("who-cooperates", "4.8").stdout.splitlines() == ["市級聯席會議各成員單位"]


def test_simplified_script_option_prints_simplified_names(run):
    result = run("--script", "simplified", "who-leads", "1.1.1")
    assert result.stdout.splitlines()[0] == "市人力资源社会保障局"
    result = run("who-leads", "1.1.1", env={"LPLAN_SCRIPT": "simplified"})
    assert result.stdout.splitlines()[0] == "市人力资源社会保障局"


@pytest.mark.parametrize("command", ["who-leads", "who-cooperates", "show"])
@pytest.mark.parametrize(
    "typed, hint",
    [
        ("2.3.9", "2.3 has 2.3.1, 2.3.2, 2.3.3, 2.3.4"),
        ("6", "sections are 1, 2, 3, 4, 5"),
        ("2.5.1", "nearest: 2."),
        ("abc", "IDs look like 2.3.1"),
        ("3.11", "3 has"),
    ],
)
def test_unknown_id_is_one_line_on_stderr_with_exit_2(run, command, typed, hint):
    result = run(command, typed)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"lplan: error: no measure, item or section '{typed}'")
    assert hint in lines[0]


# -- show -------------------------------------------------------------------------


def test_show_a_measure_gives_path_text_and_units(run, plan):
    out = run("show", "2.4").stdout
    assert "Path: 2 強化拐賣人口犯罪打擊和受害人解救工作" in out
    assert f"Text: {plan.node('2.4')['text']}" in out
    assert "Lead: 市公安局、市民政局" in out
    assert "Cooperate: —" in out


def test_show_json_has_heading_path_and_unit_records(run, plan):
    data = json.loads(run("show", "2.3.1", "-f", "json").stdout)
    assert [p["id"] for p in data["path"]] == ["2", "2.3", "2.3.1"]
    assert data["text"] == plan.node("2.3.1")["text"]
    assert [u["id"] for u in data["lead"]] == plan.node("2.3.1")["lead"]


def test_show_a_section_lists_its_preamble_and_measures(run, plan):
    data = json.loads(run("show", "5", "-f", "json").stdout)
    assert data["kind"] == "section"
    assert data["preamble"] == plan.node("5")["preamble"]
    assert [m["id"] for m in data["measures"]] == ["5.1", "5.2"]


def test_show_csv_is_field_value_rows(run, plan):
    rows = list(csv.reader(io.StringIO(run("show", "3.10", "-f", "csv").stdout)))
    assert rows[0] == ["field", "value"]
    assert ["Text", plan.node("3.10")["text"]] in rows
    assert ["Lead", "市司法局"] in rows


def test_show_in_simplified_uses_the_mainland_text(run):
    data = json.loads(run("--script", "simplified", "show", "1.1.5", "-f", "json").stdout)
    assert "网络" in data["text"]  # 網路 in the source, a Taiwan-phrase artifact
    assert "網路" not in data["text"]


# -- duties -----------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["市财政局", "市財政局", "财政局", "丽江市财政局", "finance", " 市 财政局 "])
def test_duties_accepts_every_name_form(run, plan, typed):
    result = run("duties", typed, "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["unit"]["id"] == "finance"


def test_duties_lists_lead_and_cooperate_and_the_group_measure(run, plan):
    data = json.loads(run("duties", "市民政局", "-f", "json").stdout)["duties"]
    expected = [m for m in plan.leaf_ids() if "civil-affairs" in plan.node(m)["lead"] + plan.node(m)["cooperate"]]
    assert [d["measure"] for d in data if d["via"] == ""] == expected
    group = [d for d in data if d["via"]]
    assert [(d["measure"], d["role"], d["via"]) for d in group] == [("4.8", "cooperate", "市級聯席會議各成員單位")]


def test_duties_role_filter_and_primary_lead(run, plan):
    data = json.loads(run("duties", "市公安局", "--role", "lead", "-f", "json").stdout)["duties"]
    assert {d["role"] for d in data} == {"lead"}
    assert [d["measure"] for d in data] == [m for m in plan.leaf_ids() if "public-security" in plan.node(m)["lead"]]
    assert {d["measure"] for d in data if d["primary"]} == {
        m for m in plan.leaf_ids() if plan.node(m)["lead"][0] == "public-security"
    }
    coop = json.loads(run("duties", "市公安局", "--role", "cooperate", "-f", "json").stdout)["duties"]
    assert {d["role"] for d in coop} == {"cooperate"}
    every = json.loads(run("duties", "市公安局", "-f", "json").stdout)["duties"]
    assert sorted(d["measure"] for d in data + coop) == sorted(d["measure"] for d in every)
    assert "4.8" not in [d["measure"] for d in coop]  # it leads 4.8; not also a member cooperating


def test_lead_unit_of_the_group_measure_is_not_also_counted_as_member(run):
    data = json.loads(run("duties", "市公安局", "-f", "json").stdout)["duties"]
    assert [(d["measure"], d["role"]) for d in data if d["measure"] == "4.8"] == [("4.8", "lead")]


@pytest.mark.parametrize("typed", ["玉龙县", "玉龍納西族自治縣", "玉龙纳西族自治县反拐办", "yulong"])
def test_duties_of_a_county_office_is_every_measure(run, plan, typed):
    data = json.loads(run("duties", typed, "-f", "json").stdout)
    assert data["unit"]["id"] == "yulong"
    assert [d["measure"] for d in data["duties"]] == plan.leaf_ids()


@pytest.mark.parametrize(
    "typed, role, why",
    [("市反拐办", "all", "receives the units' reports"), ("玉龙县", "lead", "reports on every measure")],
)
def test_an_empty_duties_answer_says_why_on_stderr(run, typed, role, why):
    result = run("duties", typed, "--role", role)
    assert (result.exit_code, result.stdout) == (0, "")
    assert why in result.stderr


def test_duties_piped_text_is_tab_separated(run):
    first = run("duties", "市司法局").stdout.splitlines()[0].split("\t")
    assert first[:2] == ["1.3.3", "lead"]


@pytest.mark.parametrize("typed, suggestion", [("市公按局", "市公安局"), ("民政", "市民政局"), ("xyz", "lplan units")])
def test_unknown_unit_exits_2_with_nearest_names(run, typed, suggestion):
    result = run("duties", typed)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"lplan: error: no unit named '{typed}'")
    assert suggestion in result.stderr
    assert len(result.stderr.splitlines()) == 1


# -- measures / units --------------------------------------------------------------


def test_measures_lists_all_47_and_filters_under(run, plan):
    assert len(run("measures").stdout.splitlines()) == 47
    under = run("measures", "--under", "1.1").stdout.splitlines()
    assert [line.split("\t")[0] for line in under] == plan.leaves_under("1.1")


@pytest.mark.parametrize(
    "query, source_form",
    [("网络", "網路"), ("網路", "網路"), ("应用", "套用"), ("群众", "民眾"), ("收养程序", "收養程式")],
)
def test_measures_search_in_either_script_and_mainland_phrasing(run, plan, query, source_form):
    ids = [line.split("\t")[0] for line in run("measures", "--search", query).stdout.splitlines()]
    expected = [m for m in plan.leaf_ids() if source_form in plan.node(m)["title"] + "。" + plan.node(m)["text"]]
    assert ids == expected
    assert ids


def test_measures_search_without_hits_is_empty_not_an_error(run):
    result = run("measures", "--search", "不存在的词")
    assert (result.exit_code, result.stdout) == (0, "")


def test_measures_csv_has_header_and_joined_units(run, plan):
    rows = list(csv.DictReader(io.StringIO(run("measures", "-f", "csv").stdout)))
    assert len(rows) == 47
    assert rows[0]["lead"] == "、".join(names(plan, plan.node("1.1.1")["lead"]))


def test_units_lists_registry_and_filters_kind(run, plan):
    data = json.loads(run("units", "-f", "json").stdout)
    assert len(data) == len(plan.units)
    counties = json.loads(run("units", "--kind", "county", "-f", "json").stdout)
    assert [u["id"] for u in counties] == ["gucheng", "yulong", "yongsheng", "huaping", "ninglang"]
    police = next(u for u in data if u["id"] == "public-security")
    assert police["leads"] == sum("public-security" in plan.node(m)["lead"] for m in plan.leaf_ids())


# -- the CLI itself -------------------------------------------------------------------


def test_version(run):
    result = run("--version")
    assert result.stdout.strip() == f"lplan {__version__}"


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_has_help(run, command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: lplan {command}")


def test_top_level_help_lists_commands_and_exit_statuses(run):
    out = run("--help").stdout
    for command in COMMANDS:
        assert command in out
    assert "Exit status" in out


def test_bad_format_choice_is_a_usage_error(run):
    result = run("who-leads", "2.3.1", "--format", "xml")
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr


def test_unknown_command_suggests_the_nearest(run):
    result = run("who-lead", "2.3.1")
    assert result.exit_code == 2
    assert "Did you mean who-leads" in result.stderr


def test_missing_argument_is_a_usage_error(run):
    result = run("who-leads")
    assert result.exit_code == 2
    assert "Missing argument 'ID'" in result.stderr


def test_missing_plan_directory_is_exit_2(run, tmp_path):
    result = run("--plan", str(tmp_path / "nope"), "who-leads", "2.3.1")
    assert result.exit_code == 2
    assert "plan directory" in result.stderr and "does not exist" in result.stderr


def test_output_that_cannot_be_written_is_exit_74_not_a_bug(run, monkeypatch):
    import errno

    from lijiang_plan.commands import query

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(query, "emit", full)
    result = run("who-leads", "2.3.1")
    assert result.exit_code == 74
    assert result.stderr == "lplan: error: cannot write the output: No space left on device\n"


def test_an_ascii_only_output_encoding_is_exit_74_with_what_to_do(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONIOENCODING": "ascii", "LPLAN_CACHE_DIR": str(tmp_path)}
    code = "from lijiang_plan.cli import main; import sys; sys.argv = ['lplan', 'who-leads', '2.3.1']; main()"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode == 74
    assert "use a UTF-8 locale" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["measures", "--under", ""], ["deadlines", "--unit", ""], ["duties", ""]])
def test_an_empty_id_or_unit_is_exit_2_not_everything(run, args):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""

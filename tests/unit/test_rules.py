"""The rule registry: every rule one unit (level, phase, meaning, help, messages); the run policy beside the checker."""

from __future__ import annotations

import ast
import json
import string
from pathlib import Path
from typing import Any, get_args

import pytest

from lijiang_plan import rules
from lijiang_plan.findings import Finding
from lijiang_plan.plan import build as planbuild
from lijiang_plan.reports.policy import Policy, UnknownRule, rule_names
from tests.conftest import REPO

ALL = {**rules.RULES, **rules.PLAN_RULES}


@pytest.mark.parametrize("name", sorted(ALL))
def test_every_rule_is_complete_and_its_templates_have_named_placeholders(name):
    rule = ALL[name]
    assert rule.level in ("error", "warning") and rule.meaning and rule.help.endswith(".")
    assert rule.phase in (rules.READ, rules.WORKBOOK, rules.SHAPE, rules.PLAN, rules.PLAN_DATA)
    assert rule.emitted_by, f"{name}: which module reports it?"
    for template in rule.messages.values():
        fields = [field for _, field, _, _ in string.Formatter().parse(template) if field is not None]
        assert all(field and not field.isdigit() for field in fields), f"{name}: {template!r}"


def test_report_and_plan_rules_do_not_share_names():
    assert not set(rules.RULES) & set(rules.PLAN_RULES)


def test_the_typed_rule_names_are_the_registry_s_in_its_order():
    assert list(get_args(rules.ReportRuleName)) == list(rules.RULES)
    assert list(get_args(rules.PlanRuleName)) == list(rules.PLAN_RULES)
    assert list(get_args(rules.RuleName)) == [*rules.RULES, *rules.PLAN_RULES]


def test_mypy_rejects_a_misspelt_rule_name_and_accepts_a_string_literal(tmp_path, monkeypatch):
    """The point of typing the names: a typo is an error before the line ever runs."""
    api = pytest.importorskip("mypy.api")
    snippet = tmp_path / "uses_rules.py"
    snippet.write_text(
        "from lijiang_plan.rules import finding, message\n"
        'message("late", day="d", period="p", due="d", days=1)\n'
        'finding("r.yaml", (1, 1), "missing-lead", "m")\n'
        'message("lat")\n'
        'finding("r.yaml", (1, 1), "missing-led", "m")\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("MYPYPATH", str(REPO / "src"))
    out, _err, status = api.run(
        ["--no-incremental", "--follow-imports=silent", "--cache-dir", str(tmp_path), str(snippet)]
    )
    errors = [line.split(":")[1] for line in out.splitlines() if ": error:" in line]
    assert (status, errors) == (1, ["4", "5"]), out


#: The rules whose findings stop `lplan convert`: the report's data is not all there. A decision, written out.
BLOCKS_CONVERSION = {
    "io-error",
    "encoding",
    "yaml-syntax",
    "duplicate-key",
    "yaml-tag",
    "too-complex",
    "too-large",
    "not-a-report",
    "not-a-workbook",
    "encrypted",
    "macros",
    "no-report-sheet",
    "extra-sheet",
    "formula",
    "merged-cells",
    "hidden-cells",
    "unknown-field",
    "wrong-type",
    "invalid-value",
}


def test_the_rules_that_stop_a_conversion_are_those_of_data_not_all_there():
    assert {name for name, rule in rules.RULES.items() if rule.blocks_conversion} == BLOCKS_CONVERSION
    assert rules.BLOCKS_CONVERSION == BLOCKS_CONVERSION
    assert not any(rule.blocks_conversion for rule in rules.PLAN_RULES.values())


# -- where each rule is reported: the modules' own code, read ----------------------------------

PACKAGE = Path(rules.__file__).parent
#: Calls that take a rule's name, and the position of that name among their arguments (None: any).
RULE_ARGUMENT = {"message": 0, "finding": 2, "YamlProblem": 0, "WorkbookProblem": 0, "add": None}


def _constants(node: ast.AST) -> list[str]:
    """The strings an argument can be: a literal, or either branch of ``a if c else b``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _constants(node.body) + _constants(node.orelse)
    return []


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _named_rules(tree: ast.AST) -> set[str]:
    """The rule names a module's code passes where a rule goes, or keeps in a value typed as one."""
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _callee(node) in RULE_ARGUMENT:
            index = RULE_ARGUMENT[_callee(node)]
            arguments = node.args if index is None else node.args[index : index + 1]
            found += [value for argument in arguments for value in _constants(argument)]
        elif isinstance(node, ast.AnnAssign) and node.value and "RuleName" in ast.unparse(node.annotation):
            found += [value for inner in ast.walk(node.value) for value in _constants(inner)]
    return {name for name in found if name in ALL}


def _modules() -> dict[str, ast.AST]:
    """Every module of the package but the registry itself, by the name ``emitted_by`` gives it."""
    return {
        path.relative_to(PACKAGE).with_suffix("").as_posix(): ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "rules.py"
    }


def test_each_rule_is_emitted_by_the_modules_its_entry_names_and_no_other():
    modules = _modules()
    emitted = {name: set(rule.emitted_by) for name, rule in ALL.items()}
    assert set().union(*emitted.values()) <= set(modules), "emitted_by names a module that does not exist"
    found = {name: {module for module, tree in modules.items() if name in _named_rules(tree)} for name in ALL}
    assert found == emitted


def test_the_emitted_by_test_sees_a_rule_named_in_each_way_a_module_names_one():
    tree = ast.parse(
        'message("late")\n'
        'finding(path, at, "early", text)\n'
        'self.add(loc, "duplicate-key" if seen else "unknown-field", text)\n'
        'raise YamlProblem("encoding", text)\n'
        '_RULE: dict[str, ReportRuleName] = {"lead": "missing-lead"}\n'
        'rule: RuleName = "formula"\n'
        'message("plan-file", "too-large")\n'  # a message key is not a rule
        'print("late", "macros")\n'  # nor is a word that happens to be a rule's name
    )
    expected = {"late", "early", "duplicate-key", "unknown-field", "encoding", "missing-lead", "formula", "plan-file"}
    assert _named_rules(tree) == expected


def test_every_message_a_module_asks_for_is_in_its_rule_s_entry_and_every_entry_is_asked_for():
    """A misspelt key would be a KeyError only when its line runs; a template nobody uses would be dead text."""
    modules = _modules()
    asked: dict[str, set[str]] = {name: set() for name in ALL}
    for module, tree in modules.items():
        own = [name for name, rule in ALL.items() if module in rule.emitted_by]
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _callee(node) == "message" and node.args:
                keys = _constants(node.args[1]) if len(node.args) > 1 else ["default"]
                for name in _constants(node.args[0]):
                    unknown = set(keys) - set(ALL[name].messages)
                    assert not unknown, f"{module}: {name} has no message {unknown}"
                if not _constants(node.args[0]):  # message(rule, ...): any rule the module reports
                    for name in own:
                        asked[name] |= set(keys)
                for name in _constants(node.args[0]):
                    asked[name] |= set(keys)
    for name, rule in ALL.items():
        words = {
            value for module in rule.emitted_by for node in ast.walk(modules[module]) for value in _constants(node)
        }
        unused = set(rule.messages) - asked[name] - words
        assert not unused, f"{name}: message(s) {unused} never asked for"


def test_message_fills_a_template_by_name():
    text = rules.message("late", day="2025-06-21", period="2025-H1", due="2025-06-20", days=1)
    assert text == "submitted 2025-06-21, after 2025-H1's due date 2025-06-20 (1 day(s) late)"
    with pytest.raises(KeyError):
        rules.message("late", "no-such-message")


def test_every_rule_plan_validation_names_is_registered():
    """A plan-data rule written in plan/build.py but missing from the registry would be a KeyError only when hit."""
    import re

    text = Path(planbuild.__file__).read_text(encoding="utf-8")
    named = set(re.findall(r'"((?:plan|unit|source)-[a-z]+)"', text))
    assert named and named <= set(rules.PLAN_RULES)


def _finding(rule: str, level: str = "error") -> Finding:
    return Finding("r.yaml", 1, 1, rule, level, "m")  # type: ignore[arg-type]


def test_reading_rules_are_shown_whatever_is_selected_or_ignored():
    never_hidden = {name for name, rule in rules.RULES.items() if not rule.ignorable}
    assert {"io-error", "encoding", "yaml-syntax", "not-a-report"} <= never_hidden
    policy = Policy(select={"late"}, ignore={"io-error"})
    assert all(policy.shown(name) for name in never_hidden)
    assert policy.shown("late") and not policy.shown("early")
    assert not Policy(ignore={"late"}).shown("late")


def test_errors_fail_and_warnings_fail_only_under_strict():
    warning = _finding("late", "warning")
    assert Policy().fails(_finding("bad-date")) and not Policy().fails(warning)
    assert Policy(strict=True).fails(warning)


def test_rule_names_split_commas_and_suggest_the_nearest():
    assert rule_names(["late,early", " missing-lead "]) == {"late", "early", "missing-lead"}
    with pytest.raises(UnknownRule, match="Did you mean late"):
        rule_names(["lat"])


def test_the_plan_is_typed_everywhere_outside_the_plan_package():
    """`Plan` is the one way to the plan data: no `plan: Any`, no reading its compiled dict."""
    import re

    import lijiang_plan

    root = Path(lijiang_plan.__file__).parent
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\bplan: Any\b", text), path
        if path.parent.name != "plan":
            assert not re.search(r"\bplan\.(data|_data)\b", text), path


# -- what --ignore and --select can never hide ------------------------------------------------

#: The rules that mean a file could not be read as a report at all: nothing else in it was checked,
#: so no --select or --ignore may hide them (or a broken file would pass). A decision, written out.
FILE_NOT_READ = {
    "io-error",
    "encoding",
    "yaml-syntax",
    "duplicate-key",
    "yaml-tag",
    "too-complex",
    "too-large",
    "not-a-workbook",
    "encrypted",
    "no-report-sheet",
    "not-a-report",
    "unsupported-format",
}


def _unreadable(tmp_path: Path, plan: Any, rule: str) -> Path:
    """A file that stops at ``rule`` (the workbooks from the workbook corpus's own makers)."""
    from tests.acceptance import test_check_workbook_corpus as books

    makers = {"not-a-workbook": books.not_a_zip, "encrypted": books.encrypted, "no-report-sheet": books.no_report_sheet}
    if rule in makers:
        return makers[rule](tmp_path, plan)
    contents = {
        "encoding": b"unit: \xff\xfe\xfd\n",
        "yaml-syntax": b"unit: [\n",
        "duplicate-key": "unit: 市公安局\nunit: 市法院\n".encode(),
        "yaml-tag": b"unit: !!python/object:os.system x\n",
        "too-complex": b"measures: " + b"[" * 70 + b"]" * 70 + b"\n",
        "too-large": b"#" * (5 * 2**20 + 1),
        "not-a-report": b"- 4.3\n- 4.8\n",
    }
    path = tmp_path / f"{rule}.yaml"
    if rule == "unsupported-format":
        path = tmp_path / "2025-H1-市公安局.ods"
        path.write_bytes(b"PK\x03\x04 an OpenDocument spreadsheet")
    elif rule == "io-error":
        path.symlink_to("nowhere.yaml")  # a link to nothing
    else:
        path.write_bytes(contents[rule])
    return path


def test_the_rules_that_cannot_be_hidden_are_those_of_a_file_not_read():
    assert {name for name, rule in rules.RULES.items() if not rule.ignorable} == FILE_NOT_READ


@pytest.mark.parametrize("rule", sorted(FILE_NOT_READ))
def test_ignore_and_select_never_hide_a_file_that_was_not_read(run, plan, tmp_path, rule):
    path = _unreadable(tmp_path, plan, rule)
    for hiding in (["--ignore", rule], ["--select", "late"], ["--select", "late", "--ignore", rule]):
        result = run("check", "--format", "json", *hiding, str(path))
        assert result.exit_code == 1, (hiding, result.stdout, result.stderr)
        assert [f["rule"] for f in json.loads(result.stdout)["findings"]] == [rule], hiding


def test_ignore_hides_a_rule_about_a_file_that_was_read(run):
    late = str(REPO / "examples" / "reports" / "warn-late.yaml")
    shown = run("check", "--format", "json", "--strict", late)
    assert (shown.exit_code, [f["rule"] for f in json.loads(shown.stdout)["findings"]]) == (1, ["late"])
    hidden = run("check", "--format", "json", "--strict", "--ignore", "late", late)
    assert (hidden.exit_code, json.loads(hidden.stdout)["findings"]) == (0, [])


def test_an_unknown_rule_name_suggests_at_most_three_close_ones(run):
    result = run("check", "--ignore", "missing", "README.md")
    assert result.exit_code == 2
    suggested = result.stderr.split("Did you mean ")[1].rstrip("?\n").split(", ")
    assert len(suggested) == 3 and all(name.startswith("missing-") for name in suggested)

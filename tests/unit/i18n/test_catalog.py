"""The Chinese catalog is complete and in step with the code (CONTRIBUTING.md: Translating).

When this fails: `python scripts/catalog.py update`, translate every
empty or fuzzy entry in src/lijiang_plan/i18n/locale/zh_CN/LC_MESSAGES/lplan.po,
then `python scripts/catalog.py compile`, and commit both files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("babel")

from scripts import catalog  # noqa: E402

from lijiang_plan import i18n  # noqa: E402


@pytest.fixture
def locale_copy(tmp_path, monkeypatch) -> Path:
    """A copy of the shipped catalogs that lplan and the catalog tool use for this test (the originals stay)."""
    locale = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, locale)
    monkeypatch.setattr(i18n, "LOCALE_DIR", str(locale))
    return locale


def test_catalog_is_complete_and_in_step_with_the_code():
    problems = catalog.problems()
    assert not problems, "\n".join(problems[:40]) + f"\n({len(problems)} problems; see this test's docstring)"


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("{n} files in {dir}", ["{dir}", "{n}"]),
        ("%(prog)s, version %(version)s", ["%(prog)s", "%(version)s"]),
        ("{{literal}} and {x!r}", ["{x!r}"]),
        ("100%% sure, %d left", ["%d"]),
        ("no fields here", []),
    ],
)
def test_placeholders_are_found_in_both_styles(text, fields):
    assert catalog.placeholders(text) == fields


def test_a_changed_placeholder_is_reported():
    from babel.messages.catalog import Message

    message = Message("{unit} has {n} measures", "{单位}有 {n} 项措施")
    assert catalog._placeholder_problems("x.po", message)
    assert not catalog._placeholder_problems("x.po", Message("{unit} has {n}", "{unit}有 {n} 项"))


def test_every_string_a_person_reads_is_extracted():
    """Help of commands and options, click's own messages and lplan's _() calls are all in the template."""
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog.template() if m.id}
    assert "Usage:" in ids and "Missing argument" in ids  # click
    assert "Warnings fail too (exit 1)." in ids  # an option's help
    assert any(i.startswith("Units that lead") for i in ids)  # a command's docstring
    assert "lplan: error: {message}" in ids  # lplan's own code


def test_update_and_compile_leave_the_committed_catalog_unchanged(locale_copy, capsys):
    """Run on catalogs in step, both are no-ops byte for byte: no date, width or header churn in a diff."""
    po, mo = Path(catalog.po_path("zh")), Path(i18n.catalog_path("zh"))
    committed_po, committed_mo = po.read_bytes(), mo.read_bytes()
    assert catalog.main(["update"]) == 0
    assert po.read_bytes() == committed_po
    assert catalog.main(["compile"]) == 0
    assert mo.read_bytes() == committed_mo
    out = capsys.readouterr().out
    assert "messages, 0 to translate" in out and "compiled" in out
    assert catalog.main(["check"]) == 0 and "catalogs complete and in step" in capsys.readouterr().out


def test_update_starts_a_missing_catalog_and_compile_makes_the_one_shipped(locale_copy, capsys):
    """A new language starts from an empty .po (every message to translate); the .mo comes from the .po alone."""
    mo = Path(i18n.catalog_path("zh"))
    shipped = mo.read_bytes()
    mo.unlink()
    assert catalog.main(["compile"]) == 0 and mo.read_bytes() == shipped
    shutil.rmtree(locale_copy / "zh_CN")
    assert catalog.main(["update"]) == 0
    started = Path(catalog.po_path("zh")).read_text(encoding="utf-8")
    assert started.startswith("# lplan's interface in Chinese (simplified).\n")
    count = len([m for m in catalog.template() if m.id])
    assert f"lplan.po: {count} messages, {count} to translate" in capsys.readouterr().out
    assert catalog.main(["check"]) == 1
    out = capsys.readouterr().out
    assert out.count("no zh translation") == count and "cannot be read" in out  # no .mo any more either
    assert len(out.splitlines()) == count + 1  # nothing else: an untranslated message has no placeholders to compare


def test_update_drops_a_message_gone_from_the_code_and_offers_the_old_words_for_a_changed_one(
    locale_copy, monkeypatch, capsys
):
    """A msgid whose English changed keeps its old translation as a fuzzy suggestion; compile leaves it out."""
    po = Path(catalog.po_path("zh"))
    text = po.read_text(encoding="utf-8")
    old = 'msgid "Warnings fail too (exit 1)."'
    assert text.count(old) == 1
    stale = '\nmsgid "qzx: a message no code has"\nmsgstr "旧的"\n'
    po.write_text(text.replace(old, 'msgid "Warnings fail as well (exit 1)."') + stale, encoding="utf-8")
    assert catalog.main(["update"]) == 0
    updated = po.read_text(encoding="utf-8")
    assert "Warnings fail as well" not in updated and "qzx" not in updated  # gone from the code: dropped, no #~
    entry = updated.split(old, 1)[0].rsplit("\n\n", 1)[1]
    assert "#, fuzzy" in entry  # the changed message: the old words offered, marked for review
    assert catalog.main(["compile"]) == 0
    capsys.readouterr()
    assert catalog.main(["check"]) == 1
    out = capsys.readouterr().out
    assert "fuzzy (check the translation, then drop the flag): 'Warnings fail too (exit 1).'" in out
    assert "not in step" not in out  # the .mo holds what the .po's reviewed entries say, no more
    i18n.set_language("zh")
    monkeypatch.setattr(i18n, "_catalogs", {})
    try:
        assert i18n.gettext("Warnings fail too (exit 1).") == "Warnings fail too (exit 1)."  # fuzzy: not compiled
    finally:
        i18n.set_language("en")


def test_check_names_a_missing_catalog_and_a_compiled_one_out_of_step(locale_copy, capsys):
    po = Path(catalog.po_path("zh"))
    text = po.read_text(encoding="utf-8")
    translated = 'msgstr "警告同样视为失败（退出状态 1）。"'
    assert text.count('msgid "Warnings fail too (exit 1)."\n') == 1
    entry = text.split('msgid "Warnings fail too (exit 1)."\n', 1)[1].split("\n", 1)[0]
    assert entry != translated
    po.write_text(text.replace(entry, translated), "utf-8")
    assert catalog.main(["check"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{i18n.catalog_path('zh')}: not in step with lplan.po; run compile"
    ]
    po.unlink()
    assert catalog.main(["check"]) == 1
    assert capsys.readouterr().out.splitlines() == [f"{po}: missing; run: python scripts/catalog.py update"]


@pytest.mark.parametrize(
    ("english", "translated", "fine"),
    [
        (("a file", "{n} files"), ["{n} 个文件"], True),
        (("a file", "{n} files"), ["一个文件"], True),  # the plural form may omit {n}, as the singular does
        (("a file", "{n} files"), ["{x} 个文件"], False),
        (("{n} file", "{n} files"), ["个文件"], False),  # the singular has {n}: so must the translation
        ("{unit} has a measure", "有一项措施", False),
    ],
)
def test_placeholders_of_a_plural_message_may_follow_either_english_form(english, translated, fine):
    from babel.messages.catalog import Message

    assert (catalog._placeholder_problems("x.po", Message(english, translated)) == []) is fine


def test_a_problem_names_its_message_shortened_to_70_characters(locale_copy, capsys):
    """A long msgid is cut to 67 characters and '...'; a plural message is named by its singular."""
    po = Path(catalog.po_path("zh"))
    text = po.read_text(encoding="utf-8")
    for start in ('msgid ""\n"cannot read: the current directory no longer exists', 'msgid "{count} measure"\n'):
        assert text.count(start) == 1, start
        text = text.replace(start, "#, fuzzy\n" + start)
    po.write_text(text, encoding="utf-8")
    assert catalog.main(["check"]) == 1
    long = "cannot read: the current directory no longer exists (it was removed or moved); cd to an ex"
    assert capsys.readouterr().out.splitlines() == [
        f"{po}: fuzzy (check the translation, then drop the flag): {long[:67] + '...'!r}",
        f"{po}: fuzzy (check the translation, then drop the flag): '{{count}} measure'",
        f"{i18n.catalog_path('zh')}: not in step with lplan.po; run compile",  # the .mo still holds both
    ]


@pytest.mark.parametrize(("length", "shown"), [(70, 70), (71, 67)])
def test_a_message_up_to_70_characters_is_named_whole(length, shown):
    from babel.messages.catalog import Message

    english = "{n}" + "x" * (length - 3)
    (problem,) = catalog._placeholder_problems("x.po", Message(english, "没有占位符"))
    assert problem.endswith(repr(english[:shown] + ("..." if shown < length else "")))


def test_the_catalog_check_runs_as_a_script_from_the_command_line():
    import subprocess
    import sys

    from tests.conftest import REPO

    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "catalog.py"), "check"], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout) == (0, "catalogs complete and in step\n")


def test_the_maintainer_tool_says_how_to_use_it_when_called_wrongly(capsys):
    assert catalog.main(["frobnicate"]) == 2
    assert "scripts/catalog.py update" in capsys.readouterr().err


def test_the_catalog_reads_the_portals_templates_and_the_subcommands_of_a_group():
    """Messages of the portal's pages and of `lplan accounts init --help` are extracted (else they stay English)."""
    messages = {m.id: m for m in catalog.template() if m.id}
    sign_in = messages[
        "Choose your unit and type the password the office gave you. The first time, you will be asked to choose a password of your own."
    ]
    assert any(path.startswith("lijiang_plan/portal/templates/signin.html.j2") for path, _line in sign_in.locations)
    assert any(
        str(key).startswith("Issue an account and a one-time password to every expected reporter") for key in messages
    )

"""Keep the message catalogs in step with the code: a maintainer's tool, built on Babel.

    python scripts/catalog.py update    # extract every message, merge it into each .po
    python scripts/catalog.py compile   # each .po -> the .mo beside it (both committed)
    python scripts/catalog.py check     # what the catalog test checks; exit 1 with the problems

It lives outside the package: it reads the whole command tree (the CLI, from
above), and it is not part of what users install. Babel is a test/dev extra,
not a runtime dependency: lplan reads the compiled .mo with the standard
library's gettext. The messages come from four places:

- lplan's code: every ``_("...")``, ``N_("...")`` and ``ngettext("...", "...", n)``;
- the Jinja templates of the HTML outputs (``outputs/templates/*.j2``), whose
  ``_("... %(name)s", name=...)`` Jinja fills in after translating;
- the click command tree: every command's help text and every option's help
  (click renders them; `clikit.Context` translates them when a page is shown);
- click's own source: its ``_()`` messages (Usage:, Error:, Try ...), which
  `clikit.route_click_messages` sends through lplan's catalog.
"""

from __future__ import annotations

import datetime as dt
import inspect
import os
import re
import sys
from collections.abc import Iterator
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_file
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

import lijiang_plan
from lijiang_plan import i18n

PACKAGE_DIR = os.path.dirname(os.path.abspath(lijiang_plan.__file__))
KEYWORDS: dict[str, Any] = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
#: Click's modules whose messages lplan shows (the others are Windows consoles, pagers, shell completion).
CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "utils", "termui")
#: A fixed date, so that updating a catalog never changes its header.
CREATION_DATE = dt.datetime(2026, 11, 29, tzinfo=dt.timezone.utc)

HEADER = (
    "# lplan's interface in Chinese (simplified).\n"
    "# Update with `python scripts/catalog.py update`, translate every empty msgstr,\n"
    "# then `python scripts/catalog.py compile` (see CONTRIBUTING.md, Translating).\n#"
)

Extracted = tuple[str, int, Any, list[str]]  # file, line, msgid (or singular/plural), comments


def _code_messages() -> Iterator[Extracted]:
    root = os.path.dirname(PACKAGE_DIR)
    for directory, dirs, files in os.walk(PACKAGE_DIR):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(directory, name)
                shown = os.path.relpath(path, root).replace(os.sep, "/")
                for lineno, message, comments, _context in extract_from_file("python", path, keywords=KEYWORDS):
                    yield shown, lineno, message, comments


#: The folders of Jinja templates: the HTML outputs (page, digest) and the portal's pages.
TEMPLATE_DIRS = (("outputs", "templates"), ("portal", "templates"))


def _template_messages() -> Iterator[Extracted]:
    """Every ``_()`` / ``ngettext()`` in the Jinja templates (`TEMPLATE_DIRS`)."""
    root = os.path.dirname(PACKAGE_DIR)
    options = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
    for parts in TEMPLATE_DIRS:
        directory = os.path.join(PACKAGE_DIR, *parts)
        for name in sorted(os.listdir(directory)):
            if name.endswith(".j2"):
                path = os.path.join(directory, name)
                shown = os.path.relpath(path, root).replace(os.sep, "/")
                for lineno, message, comments, _context in extract_from_file(
                    "jinja2.ext:babel_extract", path, keywords=KEYWORDS, options=options
                ):
                    yield shown, lineno, message, comments


def _click_messages() -> Iterator[Extracted]:
    import click

    directory = os.path.dirname(click.__file__)
    keywords = {"_": None, "ngettext": (1, 2)}
    for module in CLICK_MODULES:
        path = os.path.join(directory, f"{module}.py")
        for lineno, message, comments, _context in extract_from_file("python", path, keywords=keywords):
            yield f"click/{module}.py", lineno, message, comments


def _help_messages() -> Iterator[Extracted]:
    """Every help text in the command tree, keyed as `clikit.localized_help` looks them up."""
    import click

    from lijiang_plan.cli import cli
    from lijiang_plan.clikit import help_msgid

    ctx = click.Context(cli)
    assert isinstance(cli, click.Group)
    commands = [cli] + [c for c in (cli.get_command(ctx, n) for n in cli.list_commands(ctx)) if c is not None]
    # A group's subcommands (lplan accounts init) have help pages of their own.
    commands += [sub for group in commands[1:] if isinstance(group, click.Group) for sub in group.commands.values()]
    for command in commands:
        callback = inspect.unwrap(command.callback) if command.callback else None
        code = getattr(callback, "__code__", None)
        where = os.path.relpath(code.co_filename, os.path.dirname(PACKAGE_DIR)).replace(os.sep, "/") if code else "cli"
        line = code.co_firstlineno if code else 0
        comment = [f"help of 'lplan {command.name}'" if command is not cli else "help of 'lplan'"]
        if command.help:
            yield where, line, help_msgid(command.help), comment
        for param in command.params:
            if isinstance(param, click.Option) and param.help:
                yield where, line, param.help, [f"{comment[0]}, option {param.opts[-1]}"]


def _rule_messages() -> Iterator[Extracted]:
    """Every rule's meaning, details and message templates (`rules.message` translates them when it formats)."""
    from lijiang_plan import rules

    for name, rule in {**rules.RULES, **rules.PLAN_RULES}.items():
        where = "lijiang_plan/rules.py"
        yield where, 0, rule.meaning, [f"rule {name}: its meaning (--list-rules, SARIF)"]
        if rule.details:
            yield where, 0, rule.details, [f"rule {name}: its help (SARIF)"]
        for key, text in rule.messages.items():
            yield where, 0, text, [f"rule {name}: message '{key}'"]


def template() -> Catalog:
    """Every message lplan can show, as a catalog template."""
    catalog = Catalog(project="lplan", domain=i18n.DOMAIN, creation_date=CREATION_DATE, charset="utf-8", fuzzy=False)
    for source in (_code_messages(), _template_messages(), _help_messages(), _rule_messages(), _click_messages()):
        for path, lineno, message, comments in source:
            if message and (not isinstance(message, tuple) or all(message)):
                catalog.add(message, None, [(path, lineno)], auto_comments=comments)
    return catalog


def po_path(language: str) -> str:
    return i18n.catalog_path(language)[: -len(".mo")] + ".po"


def _read_po(language: str) -> Catalog:
    path = po_path(language)
    if not os.path.exists(path):
        return Catalog(locale=i18n.LOCALE_NAMES[language], domain=i18n.DOMAIN, creation_date=CREATION_DATE)
    with open(path, "rb") as fh:
        return read_po(fh, locale=i18n.LOCALE_NAMES[language], domain=i18n.DOMAIN)


def update() -> None:
    """Merge the extracted messages into each .po: new ones empty, vanished ones dropped."""
    tmpl = template()
    for language in i18n.LOCALE_NAMES:
        catalog = _read_po(language)
        catalog.update(tmpl, no_fuzzy_matching=False, update_creation_date=False)
        catalog.project, catalog.version = "lplan", "1"
        catalog.header_comment = HEADER
        catalog.creation_date = catalog.revision_date = CREATION_DATE
        catalog.fuzzy = False
        catalog.msgid_bugs_address = ""
        catalog.last_translator = catalog.language_team = "lplan maintainers"
        os.makedirs(os.path.dirname(po_path(language)), exist_ok=True)
        with open(po_path(language), "wb") as fh:
            write_po(fh, catalog, width=100, include_lineno=False, ignore_obsolete=True)
        todo = sum(1 for m in catalog if m.id and not _translated(m))
        print(f"{po_path(language)}: {len(catalog)} messages, {todo} to translate")


def compile_catalogs() -> None:
    """Compile each .po to its .mo (fuzzy entries are left out)."""
    for language in i18n.LOCALE_NAMES:
        catalog = _read_po(language)
        with open(i18n.catalog_path(language), "wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        print(f"{i18n.catalog_path(language)}: compiled")


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return bool(strings) and all(strings)


_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc%]")


def placeholders(text: str) -> list[str]:
    """The format fields of ``text``: ``{name}`` fields and ``%``-style conversions, sorted."""
    return sorted(p for p in _PLACEHOLDER.findall(text.replace("{{", "").replace("}}", "")) if p != "%%")


def problems() -> list[str]:
    """Everything wrong with the catalogs, one line each (empty when they are in step and complete)."""
    found: list[str] = []
    expected = {m.id for m in template() if m.id}
    for language in i18n.LOCALE_NAMES:
        po = po_path(language)
        if not os.path.exists(po):
            return [f"{po}: missing; run: python scripts/catalog.py update"]
        catalog = _read_po(language)
        have = {m.id for m in catalog if m.id}
        found += [
            f"{po}: not in the catalog (stale; run update): {_short(i)}" for i in sorted(expected - have, key=str)
        ]
        found += [f"{po}: no longer in the code (run update): {_short(i)}" for i in sorted(have - expected, key=str)]
        for message in catalog:
            if not message.id:
                continue  # the header entry: not a message
            if message.fuzzy:
                found.append(f"{po}: fuzzy (check the translation, then drop the flag): {_short(message.id)}")
            if not _translated(message):
                found.append(f"{po}: no {language} translation: {_short(message.id)}")
                continue
            found += _placeholder_problems(po, message)
        found += _mo_problems(language, catalog)
    return found


def _placeholder_problems(po: str, message: Message) -> list[str]:
    ids = [str(i) for i in (message.id if isinstance(message.id, (list, tuple)) else (message.id,))]
    strings = [
        str(s or "") for s in (message.string if isinstance(message.string, (list, tuple)) else (message.string,))
    ]
    wanted = placeholders(ids[-1])
    out = []
    for string in strings:
        got = placeholders(string)
        # A plural form may leave out the count ({n}) that its English singular omits too.
        if got != wanted and not (len(ids) > 1 and got == placeholders(ids[0])):
            out.append(f"{po}: placeholders differ ({wanted} in English, {got} translated): {_short(message.id)}")
    return out


def _mo_problems(language: str, catalog: Catalog) -> list[str]:
    mo = i18n.catalog_path(language)
    try:
        with open(mo, "rb") as fh:
            compiled = read_mo(fh)
    except (OSError, ValueError) as exc:
        return [f"{mo}: cannot be read ({exc}); run: python scripts/catalog.py compile"]

    def table(cat: Catalog) -> dict[Any, Any]:
        return {_key(m.id): _key(m.string) for m in cat if m.id and not m.fuzzy and _translated(m)}

    if table(compiled) != table(catalog):
        return [f"{mo}: not in step with {os.path.basename(po_path(language))}; run compile"]
    return []


def _key(value: Any) -> Any:
    return tuple(value) if isinstance(value, (list, tuple)) else value


def _short(msgid: Any) -> str:
    text = msgid[0] if isinstance(msgid, tuple) else msgid
    text = text.replace("\n", " ")
    return repr(text if len(text) <= 70 else text[:67] + "...")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["update"]:
        update()
    elif args == ["compile"]:
        compile_catalogs()
    elif args == ["check"]:
        found = problems()
        print("\n".join(found) if found else "catalogs complete and in step")
        return 1 if found else 0
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

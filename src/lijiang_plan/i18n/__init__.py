"""The interface language: which one is in use, and the gettext functions every message goes through.

English is the source language: a message's msgid is its English text, so
English needs no catalog and costs nothing. Chinese (simplified) comes from the
gettext catalog shipped in the package (``locale/zh_CN/LC_MESSAGES/lplan.mo``,
compiled from the ``.po`` beside it), read on the first message that needs it:
a query that prints only plan data never reads it. A missing or corrupt catalog
means English, with one warning on stderr, never a traceback.

Mark a message with ``_("...")`` where it is made, ``N_("...")`` where it is
stored to be translated later (rule tables), ``ngettext`` for counts. Use named
``{placeholders}`` so that a translation can reorder them. CONTRIBUTING.md's
"Translating" section says how the catalog is kept in step with the code.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: The interface languages, for --lang and LPLAN_LANG.
LANGUAGES = ("en", "zh")
DOMAIN = "lplan"
#: Language -> gettext locale directory name.
LOCALE_NAMES = {"zh": "zh_CN"}
LOCALE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")

_language = "en"
_catalogs: dict[str, Any] = {}  # language -> gettext.GNUTranslations (or NullTranslations after a failure)


def set_language(language: str) -> None:
    """Use ``language`` ("en" or "zh") for every message from now on."""
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    _language = language


def language() -> str:
    return _language


@contextmanager
def using(language: str) -> Iterator[None]:
    """Messages in ``language`` inside the block (a workbook written in a language of its own), then as before."""
    saved = _language
    set_language(language)
    try:
        yield
    finally:
        set_language(saved)


def catalog_path(language: str) -> str:
    return os.path.join(LOCALE_DIR, LOCALE_NAMES[language], "LC_MESSAGES", f"{DOMAIN}.mo")


def gettext(message: str) -> str:
    """``message`` in the interface language."""
    if _language == "en":
        return message
    return str(_translations().gettext(message))


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, in the interface language."""
    if _language == "en":
        return singular if n == 1 else plural
    return str(_translations().ngettext(singular, plural, n))


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark ``message`` for the catalog without translating it now (translate where it is shown)."""
    return message


_ = gettext


def _translations() -> Any:
    catalog = _catalogs.get(_language)
    if catalog is None:
        catalog = _catalogs[_language] = _load(_language)
    return catalog


def _load(language: str) -> Any:
    """The compiled catalog, or English (with one warning) when it cannot be read."""
    import gettext as stdlib_gettext

    path = catalog_path(language)
    try:
        with open(path, "rb") as fh:
            return stdlib_gettext.GNUTranslations(fh)
    except Exception as exc:  # noqa: BLE001 - any unreadable catalog means English, never a traceback
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else f"{type(exc).__name__}: {exc}"
        sys.stderr.write(
            f"lplan: warning: the {language} message catalog cannot be read ({path}: {reason}); "
            "continuing in English. Reinstall lplan to repair it.\n"
        )
        return stdlib_gettext.NullTranslations()


def _is_chinese(tag: str) -> bool:
    return tag.strip().lower().startswith("zh")


def _is_c_locale(tag: str) -> bool:
    return tag in ("C", "POSIX") or tag.startswith(("C.", "POSIX."))


def detect(environ: Any = None) -> str:
    """The language the environment asks for, when neither --lang nor LPLAN_LANG says.

    As GNU gettext reads it: the locale is the first of LC_ALL, LC_MESSAGES,
    LANG that is set; a C/POSIX locale (CI runners' C.UTF-8) means English;
    otherwise LANGUAGE, a priority list, decides by its first English or Chinese
    entry, else the locale does. Any zh* (zh_CN, zh_TW, zh-Hans) means Chinese.
    With no locale variable at all, Windows reports its display language.
    """
    env = os.environ if environ is None else environ
    locale = next((env[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(name)), "")
    if _is_c_locale(locale):
        return "en"
    for entry in env.get("LANGUAGE", "").split(":"):
        if _is_chinese(entry):
            return "zh"
        if entry.strip().lower().startswith("en"):
            return "en"
    if locale:
        return "zh" if _is_chinese(locale) else "en"
    return _windows_language() if sys.platform == "win32" else "en"


def _windows_language() -> str:
    """Chinese when the Windows user interface language is Chinese (primary language ID 0x04)."""
    try:
        import ctypes

        lang_id = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
    except (ImportError, AttributeError, OSError):
        return "en"
    return "zh" if int(lang_id) & 0x3FF == 0x04 else "en"


def choose(option: str | None, environ: Any = None) -> str:
    """--lang if valid, else LPLAN_LANG if valid, else the locale (invalid values are click's to report)."""
    env = os.environ if environ is None else environ
    for value in (option, env.get("LPLAN_LANG")):
        if value in LANGUAGES:
            return str(value)
    return detect(env)

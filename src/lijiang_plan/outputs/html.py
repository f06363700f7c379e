"""HTML through Jinja2 with autoescaping on: the coverage page and the digest.

Templates live in `outputs/templates/` (package data, shipped in the wheel).
Every value a template prints is escaped unless the template says otherwise,
and none of ours does: a file name, a unit's account or a finding's message
can never become markup. The page holds no script at all, and its
Content-Security-Policy forbids scripts and every network fetch, so even a
mistake in a template could not make it load or run anything.

Jinja2 is imported only when a page is rendered, never on the query path.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from lijiang_plan import i18n


@lru_cache(maxsize=4)
def environment(package: str = "lijiang_plan.outputs") -> Any:
    """The Jinja environment of ``package``'s templates/ (the outputs', the portal's): autoescape on, undefined names an error."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Newstyle gettext: Jinja fills in %(name)s placeholders after translating, escaping the values.
    env.install_gettext_callables(gettext=i18n.gettext, ngettext=i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    return env


def render(template: str, **context: Any) -> str:
    """``template`` rendered with ``context`` (and ``lang``, the interface language); ends with one newline."""
    context.setdefault("lang", page_lang())
    return environment().get_template(template).render(**context).rstrip("\n") + "\n"


def page_lang() -> str:
    """The BCP 47 tag of the interface language, for the page's ``lang`` attribute."""
    return "zh-CN" if i18n.language() == "zh" else "en"


def name_lang(script: str) -> str:
    """The BCP 47 tag of unit names and plan texts in ``script`` (screen readers, font choice)."""
    return "zh-Hans" if script == "simplified" else "zh-Hant"

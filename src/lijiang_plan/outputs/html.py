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


def _(message: str, **values: Any) -> str:
    """Interface text; the named placeholders are filled in (`%(name)s`)."""
    return message % values if values else message


def ngettext(singular: str, plural: str, n: int, **values: Any) -> str:
    values.setdefault("num", n)
    return (singular if n == 1 else plural) % values


@lru_cache(maxsize=4)
def environment() -> Any:
    """The one Jinja environment: package templates, autoescape on, undefined names an error."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("lijiang_plan.outputs", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(gettext=_, ngettext=ngettext, newstyle=True)  # type: ignore[attr-defined]
    return env


def render(template: str, **context: Any) -> str:
    """``template`` rendered with ``context``; ends with one newline."""
    return environment().get_template(template).render(**context).rstrip("\n") + "\n"


def name_lang(script: str) -> str:
    """The BCP 47 tag of unit names and plan texts in ``script`` (screen readers, font choice)."""
    return "zh-Hans" if script == "simplified" else "zh-Hant"

"""Where things are: the bundled plan directory and the user's cache directory.

Plain `os.path` strings, not pathlib: this module is on every command's start-up
path, and pathlib's imports alone cost a visible share of a query's time.
"""

from __future__ import annotations

import os

#: The files of a plan directory, in load order. The source text is named in plan.yaml.
PLAN_FILE_NAMES = ("plan.yaml", "units.yaml", "measures.yaml", "guarantees.yaml", "script.yaml")

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_CHECKOUT_DIR = os.path.dirname(os.path.dirname(_PACKAGE_DIR))


def _bundled(packaged: str, checkout: str) -> str:
    path = os.path.join(_PACKAGE_DIR, packaged)
    return path if os.path.isdir(path) else os.path.join(_CHECKOUT_DIR, checkout)


def bundled_plan_dir() -> str:
    """The plan shipped with lplan: package data in a wheel, ./plan in a checkout."""
    return _bundled("_plan", "plan")


def bundled_schema_dir() -> str:
    """The JSON Schemas shipped with lplan: package data, or ./schemas in a checkout."""
    return _bundled("_schemas", "schemas")


def cache_dir() -> str | None:
    """$LPLAN_CACHE_DIR, else $XDG_CACHE_HOME/lplan, else ~/.cache/lplan; None for no cache.

    On Windows the cache is %LOCALAPPDATA%\\lplan\\Cache (where Windows programs keep
    theirs) unless one of the variables names another place.

    As the XDG spec says, a relative $XDG_CACHE_HOME is ignored; and with no
    home directory to put ~/.cache in, nothing is cached rather than a cache
    being made somewhere odd (/.cache, a home that does not exist).
    """
    explicit = os.environ.get("LPLAN_CACHE_DIR")
    if explicit:
        return explicit
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return os.path.join(xdg, "lplan")
    local = os.environ.get("LOCALAPPDATA") if os.name == "nt" else None
    if local and os.path.isabs(local):
        return os.path.join(local, "lplan", "Cache")
    home = os.path.expanduser("~")
    if not os.path.isabs(home) or home == os.sep or not os.path.isdir(home):
        return None
    return os.path.join(home, ".cache", "lplan")

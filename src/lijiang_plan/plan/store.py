"""Load the plan fast: validated, compiled data cached between runs.

A query must feel instant, and pydantic, PyYAML and OpenCC together cost more
than the whole budget. So the plan is validated once (`planbuild.build`) and the
compiled result is written to the cache directory with `marshal` (built in, and
several times faster to read than JSON), keyed by a checksum of the plan files'
contents, lplan's version and Python's. A later run whose key matches
reads one file and imports nothing heavy. A missing, stale or unreadable cache
is rebuilt; an unwritable cache directory only costs speed. LPLAN_NO_CACHE=1
turns the cache off.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from typing import Any

from lijiang_plan import __version__
from lijiang_plan.errors import PlanDataError
from lijiang_plan.files.fileread import MAX_BYTES, NotRegular, read_regular
from lijiang_plan.i18n import _
from lijiang_plan.paths import PLAN_FILE_NAMES, bundled_plan_dir, cache_dir
from lijiang_plan.plan.query import COMPILED_FORMAT, Plan


def _fingerprint(plan_dir: str) -> list[Any]:
    """What must be unchanged for a cached build to be reused: versions and file contents.

    Contents, not modification times: a checkout or a copy that keeps times
    must not serve a stale plan. The plan is about 100 KB; reading and
    checksumming it costs a fraction of a millisecond.
    """
    entries: list[Any] = [__version__, COMPILED_FORMAT, sys.version]
    names = list(PLAN_FILE_NAMES)
    try:
        names += sorted(f"source/{name}" for name in os.listdir(os.path.join(plan_dir, "source")))
    except OSError:
        names.append("source")
    for name in names:
        try:
            raw, size = read_regular(os.path.join(plan_dir, name), MAX_BYTES + 1)  # more only to notice a change
        except (OSError, NotRegular):
            entries.append([name, None])
        else:
            entries.append([name, size, zlib.crc32(raw)])
    return entries


def _cache_file(plan_dir: str) -> str | None:
    directory = cache_dir()
    if directory is None:
        return None
    tag = zlib.crc32(plan_dir.encode("utf-8", "surrogatepass"))
    return os.path.join(directory, f"plan-{tag:08x}.marshal")


def _read_cache(path: str, fingerprint: list[Any]) -> dict[str, Any] | None:
    try:
        with open(path, "rb") as fh:
            cached = marshal.load(fh)
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(cached, dict) or cached.get("fingerprint") != fingerprint:
        return None
    data = cached.get("data")
    if not isinstance(data, dict) or data.get("format") != COMPILED_FORMAT:
        return None
    return data


def _write_cache(path: str, fingerprint: list[Any], data: dict[str, Any]) -> None:
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "wb") as fh:
            marshal.dump({"fingerprint": fingerprint, "data": data}, fh)
        os.replace(tmp, path)
    except (OSError, ValueError):
        try:
            os.unlink(tmp)
        except OSError:
            pass  # a read-only home only costs speed


def resolve_plan_dir(plan_dir: str | os.PathLike[str] | None = None) -> str:
    """The plan directory to use: an explicit one, $LPLAN_PLAN_DIR, or the bundled plan."""
    chosen = plan_dir or os.environ.get("LPLAN_PLAN_DIR")
    path = os.fspath(chosen) if chosen else bundled_plan_dir()
    if not os.path.isdir(path):
        message = (
            _("plan directory '{path}' is not a directory; give a directory holding plan.yaml")
            if os.path.exists(path)
            else _("plan directory '{path}' does not exist; give a directory holding plan.yaml")
        )
        raise PlanDataError(message.format(path=path))
    return os.path.realpath(path)


def load_plan(plan_dir: str | os.PathLike[str] | None = None) -> Plan:
    """The validated plan, from the cache when it is fresh."""
    directory = resolve_plan_dir(plan_dir)
    cache_path = None if os.environ.get("LPLAN_NO_CACHE") else _cache_file(directory)
    fingerprint = _fingerprint(directory) if cache_path else []
    data = _read_cache(cache_path, fingerprint) if cache_path else None
    if data is not None:
        try:
            return Plan(data)
        except (KeyError, TypeError, ValueError):
            pass  # a cache of another shape: rebuild it
    from lijiang_plan.plan import build as planbuild  # slow path: pydantic, PyYAML, OpenCC

    data, findings = planbuild.build(directory, display=directory)
    if data is None:
        first = findings[0].as_text()
        if len(findings) > 1:
            message = _("the plan data is invalid: {first} (and {n} more); run 'lplan validate' for all")
        else:
            message = _("the plan data is invalid: {first}; run 'lplan validate' for all")
        raise PlanDataError(message.format(first=first, n=len(findings) - 1))
    if cache_path:
        _write_cache(cache_path, fingerprint, data)
    return Plan(data)

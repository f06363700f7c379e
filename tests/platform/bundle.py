"""The Windows bundle for the platform tests: packaging/windows_bundle.py, loaded by path, and its builds.

The builder downloads its pinned inputs once into build/windows-cache/ (git-ignored), so
a second test session builds from the cache; a machine that can reach no package
registry skips the bundle's tests, saying so.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO

BUILDER = REPO / "packaging" / "windows_bundle.py"
CACHE = REPO / "build" / "windows-cache"


def builder() -> ModuleType:
    """packaging/windows_bundle.py as a module (the folder is no package: `packaging` is a PyPI name)."""
    name = "lplan_windows_bundle"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BUILDER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def build(out: Path, wine_test: bool = False) -> Path:
    """Build into ``out``, or skip the test when the pinned inputs cannot be downloaded."""
    try:
        return builder().build(out, CACHE, wine_test=wine_test)
    except subprocess.CalledProcessError as exc:
        pytest.skip(
            f"the Windows bundle's pinned inputs could not be downloaded or built (pip: {exc}); needs PyPI once"
        )

"""Generate the JSON Schemas in schemas/ from the pydantic models.

The models are the single source of the file formats; the schemas are derived
from them and committed (editors and check-jsonschema read them), and a test
fails when a committed copy drifts from what this module generates.

    python -m lijiang_plan.schemas [--check] [DIR]

writes (or with --check, compares) every schema into DIR (default: the
checkout's schemas/). Exit status 0 when written or up to date, 1 on drift.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from pydantic import BaseModel

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def schema_name(file_name: str) -> str:
    """'plan.yaml' -> 'plan.schema.json'."""
    return file_name.rsplit(".", 1)[0] + ".schema.json"


def models() -> dict[str, type[BaseModel]]:
    """Schema file name -> model, plan files first (in load order), then the report."""
    from lijiang_plan.plan.models import PLAN_FILES
    from lijiang_plan.reports.model import Report

    result: dict[str, type[BaseModel]] = {schema_name(name): model for name, model in PLAN_FILES.items()}
    result["report.schema.json"] = Report
    return result


def generate() -> dict[str, dict[str, Any]]:
    """Every schema, by file name, as JSON-ready dicts."""
    result = {}
    for file_name, model in models().items():
        schema = model.model_json_schema()
        result[file_name] = {"$schema": DRAFT, **schema}
    return result


def render(schema: dict[str, Any]) -> str:
    """The exact text committed for a schema (stable key order, UTF-8, final newline)."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def default_dir() -> str:
    from lijiang_plan.paths import bundled_schema_dir

    return bundled_schema_dir()


def drifted(directory: str) -> list[str]:
    """Schema files in ``directory`` that are missing or differ from the models."""
    stale = []
    for file_name, schema in generate().items():
        path = os.path.join(directory, file_name)
        try:
            with open(path, encoding="utf-8") as fh:
                current = fh.read()
        except OSError:
            current = None
        if current != render(schema):
            stale.append(file_name)
    return stale


def write_all(directory: str) -> list[str]:
    """Write every schema into ``directory``; return the file names written."""
    os.makedirs(directory, exist_ok=True)
    written = []
    for file_name, schema in generate().items():
        with open(os.path.join(directory, file_name), "w", encoding="utf-8", newline="\n") as fh:
            fh.write(render(schema))
        written.append(file_name)
    return written


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    args = [a for a in args if a != "--check"]
    directory = args[0] if args else default_dir()
    if check:
        stale = drifted(directory)
        for name in stale:
            print(f"{os.path.join(directory, name)}: out of date; run python -m lijiang_plan.schemas", file=sys.stderr)
        return 1 if stale else 0
    for name in write_all(directory):
        print(os.path.join(directory, name))
    return 0


if __name__ == "__main__":
    sys.exit(main())

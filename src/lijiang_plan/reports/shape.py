"""A quick, conservative test that report data has the model's shape, without pydantic.

Importing pydantic and building the report model costs more than everything
else a one-file `lplan check` does. Most files checked one at a time (in an
editor, a pre-commit hook) have the right shape, and then pydantic has nothing
to say. So the loader asks `conforms` first, and imports pydantic only to name
the problems of data that does not conform.

The test is compiled from the JSON Schema generated from the pydantic models
(schemas/report.schema.json; a test fails when it drifts from them), so the
models stay the single source of the format. It is conservative by design:

* every validation keyword it does not know (one a future model might emit)
  compiles to "does not conform", so pydantic runs;
* "number" accepts integers only (a decimal string or a float is left to
  pydantic's own figure validator), and objects need text keys;
* the schema is stricter than the model in places (ID, period and date
  patterns, a reason for not-applicable), which again only sends more data
  to pydantic.

So `conforms(data)` is True only when `Report.model_validate(data)` passes (a
property test checks this); when False, pydantic decides. A missing or broken
schema file makes every answer False: slower, never wrong.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

#: Keywords that do not validate; ignored.
_ANNOTATIONS = frozenset({"$schema", "$comment", "$defs", "title", "description", "default", "examples"})
_OBJECT_KEYWORDS = frozenset({"type", "properties", "required", "additionalProperties"})
_STRING_KEYWORDS = frozenset({"type", "pattern", "enum"})
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def _never(_value: Any) -> bool:
    return False


def _always(_value: Any) -> bool:
    return True


def _is_int(value: Any) -> bool:
    return type(value) is int


def _is_object(value: Any) -> bool:
    return type(value) is dict and all(type(key) is str for key in value)


_TYPES: dict[str, Check] = {
    "string": lambda v: type(v) is str,
    "null": lambda v: v is None,
    "boolean": lambda v: type(v) is bool,
    "integer": _is_int,
    "number": _is_int,
    "array": lambda v: type(v) is list,
    "object": _is_object,
}


def _is_date(value: Any) -> bool:
    if type(value) is not str or not _DATE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


class _Compiler:
    """Turns schema nodes into checks: closures, so that checking a file is plain calls."""

    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}

    def compile(self, node: Any) -> Check:
        if not isinstance(node, dict):
            return _never
        checks: list[Check] = []
        done: frozenset[str] = frozenset()
        if node.get("type") == "object":  # the common shapes get one closure each (speed)
            checks.append(self.object(node))
            done = _OBJECT_KEYWORDS
        elif node.get("type") == "string" and node.keys() & {"pattern", "enum"}:
            checks.append(self.string(node))
            done = _STRING_KEYWORDS
        for key, rule in node.items():
            if key in _ANNOTATIONS or key in done or key in ("then", "else"):
                continue
            make = getattr(self, "k_" + key.lstrip("$").replace("-", "_"), None)
            if make is None:
                return _never  # a keyword this module does not know: let pydantic decide
            checks.append(make(rule, node))
        return _all(checks)

    def object(self, node: dict[str, Any]) -> Check:
        """type: object with its properties, required and additionalProperties, in one pass."""
        rule = node.get("properties", {})
        required = node.get("required", [])
        if not isinstance(rule, dict) or not isinstance(required, list):
            return _never
        fields = {name: self.compile(sub) for name, sub in rule.items()}
        extra = node.get("additionalProperties", True)
        other = _always if extra is True else _never if extra is False else self.compile(extra)
        needed = frozenset(required)

        def check(value: Any) -> bool:
            if type(value) is not dict:
                return False
            for key, item in value.items():
                if type(key) is not str or not fields.get(key, other)(item):
                    return False
            return needed <= value.keys()

        return check

    def string(self, node: dict[str, Any]) -> Check:
        """type: string with a pattern and/or an enum, in one closure."""
        pattern = self.k_pattern(node["pattern"], node) if "pattern" in node else _always
        choices = self.k_enum(node["enum"], node) if "enum" in node else _always
        return lambda v: type(v) is str and pattern(v) and choices(v)

    def k_type(self, rule: Any, _node: dict[str, Any]) -> Check:
        names = rule if isinstance(rule, list) else [rule]
        found = [_TYPES.get(name, _never) for name in names]
        return _any(found)

    def k_properties(self, rule: Any, node: dict[str, Any]) -> Check:
        if not isinstance(rule, dict):
            return _never
        fields = {name: self.compile(sub) for name, sub in rule.items()}
        extra = node.get("additionalProperties", True)
        if extra is True:  # only the named properties matter: look them up (an `if` names one)

            def named(value: Any) -> bool:
                if type(value) is dict:
                    for name, field in fields.items():
                        if name in value and not field(value[name]):
                            return False
                return True

            return named
        other = _never if extra is False else self.compile(extra)

        def check(value: Any) -> bool:
            if type(value) is not dict:
                return True
            for key, item in value.items():
                if not fields.get(key, other)(item):
                    return False
            return True

        return check

    def k_additionalProperties(self, rule: Any, node: dict[str, Any]) -> Check:
        if "properties" in node:
            return _always  # applied with the properties
        other = _always if rule is True else _never if rule is False else self.compile(rule)
        return lambda v: type(v) is not dict or all(other(item) for item in v.values())

    def k_required(self, rule: Any, _node: dict[str, Any]) -> Check:
        names = frozenset(rule) if isinstance(rule, list) else None
        if names is None:
            return _never
        return lambda v: type(v) is not dict or names <= v.keys()

    def k_items(self, rule: Any, _node: dict[str, Any]) -> Check:
        item = self.compile(rule)

        def check(value: Any) -> bool:
            if type(value) is list:
                for entry in value:
                    if not item(entry):
                        return False
            return True

        return check

    def k_anyOf(self, rule: Any, _node: dict[str, Any]) -> Check:
        return _any([self.compile(sub) for sub in rule] if isinstance(rule, list) else [])

    def k_enum(self, rule: Any, _node: dict[str, Any]) -> Check:
        if not isinstance(rule, list) or not all(type(choice) is str for choice in rule):
            return _never
        choices = frozenset(rule)
        return lambda v: type(v) is str and v in choices

    def k_const(self, rule: Any, node: dict[str, Any]) -> Check:
        return self.k_enum([rule], node)

    def k_pattern(self, rule: Any, _node: dict[str, Any]) -> Check:
        # JSON Schema's '$' is the end of the text; Python's also matches before a final newline.
        found = re.compile(rule).search
        return lambda v: type(v) is not str or (found(v) is not None and not v.endswith("\n"))

    def k_minimum(self, rule: Any, _node: dict[str, Any]) -> Check:
        return lambda v: not _is_int(v) or v >= rule

    def k_format(self, rule: Any, _node: dict[str, Any]) -> Check:
        return (lambda v: type(v) is not str or _is_date(v)) if rule == "date" else _never

    def k_ref(self, rule: Any, _node: dict[str, Any]) -> Check:
        if rule not in self.refs:
            self.refs[rule] = _never  # a recursive reference: stop, let pydantic decide
            name = rule.removeprefix("#/$defs/") if isinstance(rule, str) else ""
            self.refs[rule] = self.compile(self.root.get("$defs", {}).get(name))
        return lambda v: self.refs[rule](v)

    def k_if(self, rule: Any, node: dict[str, Any]) -> Check:
        test, then = self.compile(rule), self.compile(node.get("then", {}))
        otherwise = self.compile(node.get("else", {}))
        return lambda v: then(v) if test(v) else otherwise(v)


def _all(checks: list[Check]) -> Check:
    """One check that passes when every one passes (nested calls: faster than all())."""
    if not checks:
        return _always
    first, rest = checks[0], _all(checks[1:]) if len(checks) > 1 else None
    return first if rest is None else (lambda v: first(v) and rest(v))


def _any(checks: list[Check]) -> Check:
    """One check that passes when one of them passes."""
    if not checks:
        return _never
    first, rest = checks[0], _any(checks[1:]) if len(checks) > 1 else None
    return first if rest is None else (lambda v: first(v) or rest(v))


def compile_schema(schema: Any) -> Check:
    """The conformance test for ``schema`` (a JSON Schema, as loaded)."""
    return _Compiler(schema if isinstance(schema, dict) else {}).compile(schema)


_conforms: Check | None = None


def conforms(data: Any) -> bool:
    """Whether report ``data`` certainly passes the report model (False: ask pydantic)."""
    global _conforms
    if _conforms is None:
        _conforms = _load()
    return _conforms(data)


def _load() -> Check:
    import json

    from lijiang_plan.paths import bundled_schema_dir

    try:
        with open(os.path.join(bundled_schema_dir(), "report.schema.json"), "rb") as fh:
            return compile_schema(json.loads(fh.read()))
    except (OSError, ValueError, RecursionError):
        return _never

"""The one place that turns bytes into YAML data, for plan files and reports alike.

Every YAML decision lives here, so that plan files and report files are read the
same way:

* Only the safe subset: no tags that build objects; a tag is a problem, not a call.
* IDs stay strings: no float or timestamp resolution (``3.10`` must not become
  ``3.1``); only ``true``/``false``, decimal integers and ``null`` are typed, as in
  YAML 1.2. Dates stay strings and are parsed by the models.
* Duplicate keys are problems at the second key's position.
* Every value's position is kept, so a model error can name line and column.
* Bounded work: alias expansion, nesting depth and node counts are capped, so an
  alias bomb or a pathological file costs milliseconds, not memory.
* Text must be UTF-8 (a BOM is accepted); GBK/GB18030 and UTF-16 files are named
  as such instead of failing obscurely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

try:  # libyaml's parser is ~10x faster; fall back to pure Python where absent.
    from yaml.cyaml import CParser as _Parser  # `yaml` itself does not export CParser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


MAX_NODES = 50_000
MAX_DEPTH = 64
MAX_BYTES = 5 * 1024 * 1024

Path_ = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


class YamlProblem(Exception):
    """A file that cannot be read as plain YAML data, with where and what to do."""

    def __init__(self, rule: str, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Document:
    """YAML data plus the position (line, column; 1-based) of every value in it."""

    data: Any
    positions: dict[Path_, tuple[int, int]]
    key_positions: dict[Path_, tuple[int, int]]

    def locate(self, path: Path_) -> tuple[int, int]:
        """Position of the value at ``path``, or of its nearest existing parent."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))

    def locate_key(self, path: Path_) -> tuple[int, int]:
        """Position of the key that holds ``path``'s value (falls back to the value)."""
        return self.key_positions.get(tuple(path)) or self.locate(path)


class _Resolver(yaml.resolver.BaseResolver):
    """YAML 1.2-like core schema without floats or timestamps."""


_Resolver.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver(_INT, re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
_Resolver.add_implicit_resolver(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


class _Composer(_Parser, _Resolver):
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _Resolver.__init__(self)


def decode(raw: bytes) -> str:
    """Decode a file's bytes as UTF-8, naming the encoding when it is something else."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlProblem(
            "encoding", "file is UTF-16 text; save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)"
        )
    if b"\x00" in raw[:8192]:
        raise YamlProblem("encoding", "file is binary data, not YAML text; is it the right file?")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            hint = "file is not UTF-8 text; save it as UTF-8"
        else:
            hint = "file looks like GBK/GB18030 text; save it as UTF-8 (Save As, Encoding: UTF-8)"
        raise YamlProblem("encoding", hint, line, column) from None


def load(text: str) -> Document:
    """Parse one YAML document from ``text`` into plain data with positions."""
    loader = _Composer(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            if "expected a single document" in str(exc):
                raise YamlProblem(
                    "yaml-syntax",
                    "file holds more than one YAML document (a second '---'); keep one report per file",
                    line,
                    column,
                ) from None
            problem = exc.problem or str(exc)
            raise YamlProblem("yaml-syntax", f"YAML syntax error: {problem}", line, column) from None
        except yaml.YAMLError as exc:
            raise YamlProblem("yaml-syntax", f"YAML error: {exc}") from None
        except RecursionError:
            raise YamlProblem("too-complex", "file is nested too deeply to be a report") from None
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose:
            dispose()
    return _Builder().build(node)


def load_bytes(raw: bytes) -> Document:
    """Decode and parse; the entry point for files read from disk."""
    if len(raw) > MAX_BYTES:
        raise YamlProblem(
            "too-large", f"file is {len(raw):,} bytes; a report is far smaller (limit {MAX_BYTES:,})"
        )
    return load(decode(raw))


class _Builder:
    """Turns a composed node graph into dicts, lists and scalars, recording marks."""

    def __init__(self) -> None:
        self.count = 0
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.key_positions: dict[Path_, tuple[int, int]] = {}

    def build(self, node: yaml.Node | None) -> Document:
        data = None if node is None else self._value(node, (), 0)
        return Document(data, self.positions, self.key_positions)

    def _value(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise YamlProblem(
                "too-complex",
                f"file expands to more than {MAX_NODES:,} values (aliases?); write the report out plainly",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
            )
        if depth > MAX_DEPTH:
            raise YamlProblem(
                "too-complex",
                f"file is nested more than {MAX_DEPTH} levels deep",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
            )
        self.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if isinstance(node, yaml.SequenceNode) and tag == _SEQ:
            return [self._value(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode) and tag == _MAP:
            return self._mapping(node, path, depth)
        raise self._tag_problem(node)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        value = node.value
        tag = node.tag
        if tag == _STR:
            return value
        if tag == _INT:
            return int(value)
        if tag == _BOOL:
            return value.lower() == "true"
        if tag == _NULL:
            return None
        raise self._tag_problem(node)

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(
                    "yaml-syntax",
                    "a key must be a plain name, not a list or mapping",
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
            key = self._scalar(key_node)
            if key == "<<" and key_node.tag == _STR and key_node.style is None:
                raise YamlProblem(
                    "yaml-syntax",
                    "merge keys ('<<') are not supported; write the fields out",
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
            key_pos = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in result:
                first = self.key_positions.get((*path, key))
                where = f" (first at line {first[0]})" if first else ""
                raise YamlProblem(
                    "duplicate-key",
                    f"key '{key}' appears twice in the same mapping{where}; keep one",
                    *key_pos,
                )
            self.key_positions[(*path, key)] = key_pos
            result[key] = self._value(value_node, (*path, key), depth + 1)
        return result

    @staticmethod
    def _tag_problem(node: yaml.Node) -> YamlProblem:
        return YamlProblem(
            "yaml-tag",
            f"YAML tag '{node.tag}' is not allowed; remove it and write plain values",
            node.start_mark.line + 1,
            node.start_mark.column + 1,
        )

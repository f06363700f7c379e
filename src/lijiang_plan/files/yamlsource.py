"""The one place that turns bytes into YAML data, for plan files and reports alike.

Every YAML decision lives here, so that plan files and report files are read the
same way:

* Only the safe subset: no tags that build objects; a tag is a problem, not a call.
* IDs stay strings: no float or timestamp resolution (``3.10`` must not become
  ``3.1``); only ``true``/``false``, decimal integers and ``null`` are typed, as in
  YAML 1.2. Dates stay strings and are parsed by the models.
* Duplicate keys are problems at the second key's position.
* Every value's position is kept, so a model error can name line and column.
* Bounded work: data is built straight from parser events, nesting depth and
  value counts are capped, and an alias is charged the size of what it repeats,
  so an alias bomb or a pathological file costs milliseconds, not memory.
* Text must be UTF-8 (a BOM is accepted); GBK/GB18030 and UTF-16 files are named
  as such instead of failing obscurely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import yaml

from lijiang_plan.files.fileread import MAX_BYTES
from lijiang_plan.i18n import N_, _
from lijiang_plan.rules import message

if TYPE_CHECKING:
    from lijiang_plan.rules import RuleName

try:  # libyaml's parser is ~10x faster; fall back to pure Python where absent.
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)


MAX_NODES = 50_000
MAX_DEPTH = 64

Path_ = tuple[str | int, ...]

_YAML_TAG = "tag:yaml.org,2002:"
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


class YamlProblem(Exception):
    """A file that cannot be read as plain YAML data, with where and what to do."""

    def __init__(self, rule: RuleName, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.rule: RuleName = rule
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Document:
    """YAML data plus the position (line, column; 1-based) of every value in it.

    A report read from a workbook (`reports.workbook`) is a Document too, with
    the same data and (row, column) positions on the sheet named ``sheet``, so
    that the checker works on either without knowing which.
    """

    data: Any
    positions: dict[Path_, tuple[int, int]]
    key_positions: dict[Path_, tuple[int, int]]
    sheet: str = ""  # the worksheet the positions are on; empty for a text file
    quoted: frozenset[Path_] = frozenset()  # values written in quotes (a column inside one is one further)

    def cell(self, position: tuple[int, int]) -> str:
        """'SHEET!D12' for a position in a workbook; empty for a text file."""
        if not self.sheet:
            return ""
        from lijiang_plan.files.xlsxsource import cell_name

        return f"{self.sheet}!{cell_name(*position)}"

    def where(self, position: tuple[int, int]) -> str:
        """How a message names a place: 'line 12', or 'row 12' in a workbook."""
        return (_("row {n}") if self.sheet else _("line {n}")).format(n=position[0])

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
    """YAML 1.2-like core schema without floats or timestamps (declared PyYAML's way, read as `_IMPLICIT`)."""


_Resolver.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Resolver.add_implicit_resolver(_INT, re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
_Resolver.add_implicit_resolver(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


#: The implicit resolvers by a plain scalar's first character ('' for an empty one): `_scalar` looks
#: a plain scalar up here instead of asking a resolver object, which would cost a call per value.
_IMPLICIT: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    first: tuple(resolvers) for first, resolvers in _Resolver.yaml_implicit_resolvers.items()
}


def decode(raw: bytes) -> str:
    """Decode a file's bytes as UTF-8, naming the encoding when it is something else."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_like_utf16(raw):
        raise YamlProblem("encoding", message("encoding", "utf-16"))
    if b"\x00" in raw[:8192] or raw.startswith((b"PK\x03\x04", b"%PDF")):
        raise YamlProblem("encoding", _binary(raw))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = len(raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8", "replace")) + 1
        if exc.end == len(raw) and exc.reason == "unexpected end of data":
            key = "cut-off"
        else:
            try:
                raw.decode("gb18030")
            except UnicodeDecodeError:
                key = "default"
            else:
                key = "gbk"
        raise YamlProblem("encoding", message("encoding", key), line, column) from None


def _binary(raw: bytes) -> str:
    """What a binary file given as a report is, and what to do: a workbook, a spreadsheet, a document."""
    if raw.startswith(b"PK\x03\x04"):
        import io
        import zipfile

        try:
            names = set(zipfile.ZipFile(io.BytesIO(raw)).namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            names = set()
        if "xl/workbook.xml" in names or any(name.endswith("workbook.xml") for name in names):
            return message("encoding", "workbook")
        if "mimetype" in names or "content.xml" in names:
            return message("encoding", "opendocument")
        kind = _("a Word document") if any(n.startswith("word/") for n in names) else _("a zip archive")
    elif raw.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return message("encoding", "old-office")
    elif raw.startswith(b"%PDF"):
        kind = _("a PDF document")
    elif raw.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        kind = _("an image")
    else:
        return message("encoding", "binary")
    return message("encoding", "binary-kind", kind=kind)


def _looks_like_utf16(raw: bytes) -> bool:
    """UTF-16 without a byte order mark: ASCII text with a zero byte beside every character."""
    sample = raw[:512]
    if len(sample) < 4 or b"\x00" not in sample:
        return False
    zeros_even = sample[0::2].count(0) / len(sample[0::2])
    zeros_odd = sample[1::2].count(0) / len(sample[1::2])
    return max(zeros_even, zeros_odd) > 0.6 and min(zeros_even, zeros_odd) < 0.1


#: Characters YAML reads as line breaks but editors do not (they show them, if at all, as odd marks).
YAML_ONLY_BREAKS = "\x85\u2028\u2029"


def load(text: str) -> Document:
    """Parse one YAML document from ``text`` into plain data with positions.

    Positions are as an editor shows them. libyaml also counts U+0085, U+2028
    and U+2029 as line breaks; when the text holds any, positions are mapped
    back to lines ended by LF, CRLF or CR, and a syntax error they cause names
    the character.
    """
    if not any(ch in text for ch in YAML_ONLY_BREAKS):
        return _load(text)
    lines = _EditorLines(text)
    try:
        document = _load(text)
    except YamlProblem as problem:
        raise lines.problem(problem) from None
    return Document(
        document.data,
        {path: lines.position(*pos) for path, pos in document.positions.items()},
        {path: lines.position(*pos) for path, pos in document.key_positions.items()},
        document.sheet,
        document.quoted,
    )


class _EditorLines:
    """libyaml's (line, column) -> an editor's, for a text holding YAML-only line breaks."""

    def __init__(self, text: str) -> None:
        import bisect

        self._bisect = bisect.bisect_right
        self.text = text
        self.yaml_starts = [0] + [m.end() for m in re.finditer("\r\n|[\r\n\x85\u2028\u2029]", text)]
        self.editor_starts = [0] + [m.end() for m in re.finditer("\r\n|[\r\n]", text)]

    def offset(self, line: int, column: int) -> int:
        start = self.yaml_starts[min(max(line, 1), len(self.yaml_starts)) - 1]
        return min(start + column - 1, len(self.text))

    def at(self, offset: int) -> tuple[int, int]:
        line = self._bisect(self.editor_starts, offset)
        return line, offset - self.editor_starts[line - 1] + 1

    def position(self, line: int, column: int) -> tuple[int, int]:
        return self.at(self.offset(line, column))

    def problem(self, problem: YamlProblem) -> YamlProblem:
        """The problem at the editor's position; a syntax error right after a YAML-only break names it."""
        offset = self.offset(problem.line, problem.column)
        line, column = self.at(offset)
        if problem.rule == "yaml-syntax":
            before = max((self.text.rfind(ch, 0, offset + 1) for ch in YAML_ONLY_BREAKS), default=-1)
            previous_line = self.editor_starts[line - 2] if line > 1 else 0
            if before >= previous_line:
                char = self.text[before]
                where = self.at(before)
                text = message("yaml-syntax", "yaml-only-break", character=describe_char(char))
                return YamlProblem("yaml-syntax", text, *where)
        return YamlProblem(problem.rule, problem.message, line, column)


#: Names of control characters, which unicodedata does not name.
_CONTROL_NAMES = {"\x85": "NEXT LINE (NEL)", "\t": "CHARACTER TABULATION"}


def describe_char(char: str) -> str:
    """'U+200B ZERO WIDTH SPACE': a character as a message names it, code point first."""
    import unicodedata

    name = _CONTROL_NAMES.get(char) or unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}".rstrip()


def _load(text: str) -> Document:
    parser = _Parser(text)
    try:
        return _Builder(parser).build()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or str(exc)
        if mark and _char_at(text, mark.line, mark.column) == "\t":
            raise YamlProblem("yaml-syntax", message("yaml-syntax", "tab"), line, column) from None
        if "flow level" in str(exc):
            raise YamlProblem("too-complex", message("too-complex", "deep"), line, column) from None
        long_key = _long_key(text, exc)
        if long_key:
            raise long_key from None
        hint = _syntax_hint(f"{exc.context or ''} {problem}")
        shown = _(problem) if problem in _PROBLEMS else problem  # libyaml's words, in the reader's language
        culprit = _culprit(text, mark.line, mark.column) if mark else None
        if culprit:
            char, at, fix = culprit
            said = message("yaml-syntax", "culprit", problem=shown, character=describe_char(char), fix=_(fix))
            raise YamlProblem("yaml-syntax", said, *at) from None
        raise YamlProblem("yaml-syntax", message("yaml-syntax", problem=shown, hint=hint), line, column) from None
    except yaml.reader.ReaderError as exc:
        line, column = _byte_position(text, exc.position)
        said = message("yaml-syntax", "control", code=f"U+{exc.character:04X}")
        raise YamlProblem("yaml-syntax", said, line, column) from None
    except yaml.YAMLError as exc:
        raise YamlProblem("yaml-syntax", message("yaml-syntax", "other", error=exc)) from None
    except RecursionError:
        raise YamlProblem("too-complex", message("too-complex", "deep")) from None
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose:
            dispose()


#: libyaml's terse problems -> what the author most likely has to do.
_SYNTAX_HINTS = (
    (
        "mapping values are not allowed",
        N_(
            "a ': ' inside a value, or a line indented too far: put the value in quotes, or line it up with the lines above"
        ),
    ),
    (
        "could not find expected ':'",
        N_(
            "a line that is not 'name: value' or '- entry', or text continued on a new line: "
            "check this line and the one above, and quote long text"
        ),
    ),
    ("did not find expected key", N_("a line indented differently from the lines around it: line it up")),
    (
        "did not find expected '-' indicator",
        N_("a line indented differently from the list entries around it: line it up"),
    ),
    ("cannot start any token", N_("a value that starts with @, ` or % must be in quotes")),
    (
        "unexpected end of stream",
        N_("a quote or bracket is never closed, or the file is cut off: close it, or save the whole file again"),
    ),
    (
        "expected node content",
        N_("a '[' or '{' that is never closed, or a '-' or ',' with no value after it: complete the value or quote it"),
    ),
    ("document start", N_("this does not look like YAML name: value lines; is it the right file?")),
    ("escape", N_("a backslash inside double quotes: use single quotes ('C:\\docs') or write the character itself")),
    ("while scanning an alias", N_("a value that starts with * or & must be in quotes")),
    ("while scanning an anchor", N_("a value that starts with * or & must be in quotes")),
)


#: libyaml's problems (a small fixed set, the same in PyYAML's pure-Python scanner and parser but
#: for "here" in place of "in this context"), marked so that the catalog translates them.
_PROBLEMS = frozenset(
    (
        N_("mapping values are not allowed in this context"),
        N_("mapping values are not allowed here"),
        N_("could not find expected ':'"),
        N_("did not find expected key"),
        N_("did not find expected '-' indicator"),
        N_("found character that cannot start any token"),
        N_("found unexpected end of stream"),
        N_("did not find expected node content"),
        N_("did not find expected ',' or ']'"),
        N_("did not find expected ',' or '}'"),
        N_("found unknown escape character"),
        N_("did not find expected <document start>"),
        N_("block sequence entries are not allowed in this context"),
        N_("block sequence entries are not allowed here"),
        N_("found a tab character that violates indentation"),
        N_("found a tab character where an indentation space is expected"),
        N_("did not find expected alphabetic or numeric character"),
        N_("found unexpected document indicator"),
        N_("found undefined tag handle"),
        N_("did not find expected comment or line break"),
        N_("did not find expected whitespace or line break"),
        N_("found an indentation indicator equal to 0"),
        N_("found invalid Unicode character escape code"),
        N_("did not find expected hexdecimal number"),
        N_("found unexpected ':'"),
        N_("did not find expected tag URI"),
        N_("did not find the expected '>'"),
        N_("did not find expected '!'"),
        N_("found unknown directive name"),
        N_("found incompatible YAML document"),
        N_("found duplicate %YAML directive"),
        N_("did not find URI escaped octet"),
    )
)

#: Characters YAML trips over that look like what belongs there, and what to do instead.
_CULPRITS = {
    "\ufeff": N_(
        "an invisible byte order mark inside the file (a copy and paste brings it): delete it, or retype the line"
    ),
    "\uff1a": N_("a full-width colon: write an ASCII colon and a space (': ') after a name"),
    "\u00a0": N_("a no-break space in the indentation: indent with ordinary spaces"),
    "\u3000": N_("a full-width space in the indentation: indent with ordinary spaces"),
    "@": N_("a value that starts with @, ` or % must be in quotes"),
    "`": N_("a value that starts with @, ` or % must be in quotes"),
    "%": N_("a value that starts with @, ` or % must be in quotes"),
}


def _culprit(text: str, line: int, column: int) -> tuple[str, tuple[int, int], str] | None:
    """The character that most likely made libyaml stop at (line, column), 0-based: (it, its place, the fix).

    libyaml names a problem ('did not find expected key') but not the
    character behind it, which is often invisible or looks like the right one:
    a byte order mark inside the file, a full-width colon, a no-break or
    full-width space in the indentation, an indicator that starts a value.
    The line of the problem is looked at, then the one before it.
    """
    lines = text.splitlines()
    char = _char_at(text, line, column)
    if char in "@`%" and char:
        return char, (line + 1, column + 1), _CULPRITS[char]
    for number in (line, line - 1):
        if not 0 <= number < len(lines):
            continue
        row = lines[number]
        indent = len(row) - len(row.lstrip(" \t\u00a0\u3000\ufeff"))
        for index, found in enumerate(row[: indent + 1]):  # in the indentation, or first on the line
            if found in "\ufeff\u00a0\u3000":
                return found, (number + 1, index + 1), _CULPRITS[found]
        named = _FULL_WIDTH_NAME.match(row)  # 'unit：…' (a full-width colon inside a value is text)
        if named:
            return "\uff1a", (number + 1, named.end()), _CULPRITS["\uff1a"]
    return None


#: A line that starts with a name followed by a full-width colon, with no ASCII ': ' before it.
_FULL_WIDTH_NAME = re.compile(r"^[ \t]*(?:- )?[^\s:：#'\"]+：")


def _long_key(text: str, exc: yaml.MarkedYAMLError) -> YamlProblem | None:
    """A name longer than YAML's 1,024 characters before its ':' (libyaml says the ':' is missing)."""
    mark = exc.context_mark
    if "could not find expected ':'" not in (exc.problem or "") or mark is None:
        return None
    lines = text.splitlines()
    if not 0 <= mark.line < len(lines):
        return None
    key = lines[mark.line][mark.column :].partition(": ")[0]
    if len(key) <= 1024 or ": " not in lines[mark.line][mark.column :] and not key.endswith(":"):
        return None
    said = message("yaml-syntax", "long-key", count=f"{len(key):,}", limit="1,024")
    return YamlProblem("yaml-syntax", said, mark.line + 1, mark.column + 1)


def _syntax_hint(problem: str) -> str:
    for words, hint in _SYNTAX_HINTS:
        if words in problem:
            return _(hint)
    return _("check this line and the one before it (quotes, colons, indentation)")


def _byte_position(text: str, offset: int) -> tuple[int, int]:
    """(line, column) of a UTF-8 byte offset, as libyaml's reader reports them."""
    raw = text.encode("utf-8", "surrogatepass")[:offset]
    start = raw.rfind(b"\n") + 1
    return raw.count(b"\n") + 1, len(raw[start:].decode("utf-8", "replace")) + 1


#: A top-level ``key: value`` line, for salvaging the unit and period of a file that does not load.
_TOP_LEVEL = re.compile(r"^([A-Za-z_]+)[ \t]*:[ \t]*(.*?)[ \t]*(?:#.*)?$", re.MULTILINE)


def salvage(raw: bytes, keys: tuple[str, ...]) -> dict[str, str]:
    """The top-level ``key: value`` lines of ``keys`` in a file that cannot be loaded, best effort.

    So that a report broken further down, or saved as GBK or UTF-16, is still
    known by its unit and period (`lplan summary`). Decoding is lenient here
    and only here: UTF-16 by its byte order mark, then UTF-8, then GB18030.
    """
    text = decode_leniently(raw)
    found: dict[str, str] = {}
    for key, value in _TOP_LEVEL.findall(text):
        if key in keys:
            found.setdefault(key, value.strip().strip("'\""))
    return found


def decode_leniently(raw: bytes) -> str:
    """Text from bytes as best it can be told, never failing: UTF-16 by its BOM, UTF-8, GB18030."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def load_bytes(raw: bytes) -> Document:
    """Decode and parse; the entry point for files read from disk."""
    if len(raw) > MAX_BYTES:
        text = message("too-large", "text", size=f"{len(raw):,}", limit=f"{MAX_BYTES:,}")
        raise YamlProblem("too-large", text)
    return load(decode(raw))


class _Builder:
    """Builds plain data straight from the parser's events, recording positions.

    Working from events rather than a composed node graph keeps the work linear
    and bounded: depth is checked as collections open, and an alias costs the
    size of what it repeats before anything is repeated, so an alias bomb stops
    at once instead of being expanded.

    This loop is most of what checking a report costs, so it takes each event
    once (no check-then-get), dispatches on the event's exact type, and
    resolves plain scalars from a table instead of through PyYAML's resolver.
    """

    def __init__(self, parser: _Parser) -> None:
        self.get = parser.get_event
        self.count = 0
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.key_positions: dict[Path_, tuple[int, int]] = {}
        self.quoted: list[Path_] = []

    def build(self) -> Document:
        get = self.get
        get()  # StreamStart
        data = None
        if type(get()) is not yaml.StreamEndEvent:  # DocumentStart
            data, _end = self._value(get(), (), 0)
            get()  # DocumentEnd
            event = get()
            if type(event) is not yaml.StreamEndEvent:
                raise YamlProblem("yaml-syntax", message("yaml-syntax", "documents"), *_pos(event))
        return Document(data, self.positions, self.key_positions, quoted=frozenset(self.quoted))

    def _grow(self, amount: int, event: yaml.Event) -> None:
        """Count ``amount`` more values; a file past MAX_NODES (an alias bomb among them) stops here."""
        self.count += amount
        if self.count > MAX_NODES:
            key = "aliases" if type(event) is yaml.AliasEvent else "values"
            raise YamlProblem("too-complex", message("too-complex", key, limit=f"{MAX_NODES:,}"), *_pos(event))

    def _value(self, event: yaml.Event, path: Path_, depth: int) -> tuple[Any, int]:
        """The value ``event`` starts and how many values it holds (for alias accounting)."""
        mark = event.start_mark
        self.positions[path] = (mark.line + 1, mark.column + 1)
        kind = type(event)
        if kind is yaml.AliasEvent:
            if event.anchor not in self.anchors:
                text = message("yaml-syntax", "alias", name=event.anchor)
                raise YamlProblem("yaml-syntax", text, *_pos(event))
            value, size = self.anchors[event.anchor]
            self._grow(size, event)
            return value, size
        self._grow(1, event)
        if depth > MAX_DEPTH:
            raise YamlProblem("too-complex", message("too-complex", "depth", depth=MAX_DEPTH), *_pos(event))
        if kind is yaml.ScalarEvent:
            value, size = _scalar(event), 1
            if event.style in ("'", '"'):
                self.quoted.append(path)
        elif kind is yaml.MappingStartEvent:
            _check_tag(event, _MAP)
            value, size = self._mapping(path, depth)
        elif kind is yaml.SequenceStartEvent:
            _check_tag(event, _SEQ)
            value, size = self._sequence(path, depth)
        else:  # pragma: no cover - the parser only yields the events above here
            text = message("yaml-syntax", "event", event=kind.__name__)
            raise YamlProblem("yaml-syntax", text, *_pos(event))
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, size)
        return value, size

    def _sequence(self, path: Path_, depth: int) -> tuple[list[Any], int]:
        items: list[Any] = []
        size = 1
        get = self.get
        depth += 1
        while type(event := get()) is not yaml.SequenceEndEvent:
            value, inner = self._value(event, (*path, len(items)), depth)
            items.append(value)
            size += inner
        return items, size

    def _mapping(self, path: Path_, depth: int) -> tuple[dict[Any, Any], int]:
        result: dict[Any, Any] = {}
        size = 1
        get = self.get
        key_positions = self.key_positions
        depth += 1
        while (kind := type(key_event := get())) is not yaml.MappingEndEvent:
            if kind is not yaml.ScalarEvent:
                raise YamlProblem("yaml-syntax", message("yaml-syntax", "key"), *_pos(key_event))
            self._grow(1, key_event)
            key = _scalar(key_event)
            mark = key_event.start_mark
            key_pos = (mark.line + 1, mark.column + 1)
            if key == "<<" and key_event.implicit[0]:
                raise YamlProblem("yaml-syntax", message("yaml-syntax", "merge"), *key_pos)
            key_path = (*path, key)
            if key in result:
                first = key_positions.get(key_path)
                if first:
                    text = message("duplicate-key", "first-at", key=key, line=first[0])
                else:
                    text = message("duplicate-key", key=key)
                raise YamlProblem("duplicate-key", text, *key_pos)
            key_positions[key_path] = key_pos
            result[key], inner = self._value(get(), key_path, depth)
            size += inner + 1
        return result, size


def _resolve(value: str, plain: bool) -> str:
    """The tag PyYAML's resolver gives a scalar with no tag of its own (this module has no path resolvers)."""
    if plain:
        for tag, regexp in _IMPLICIT.get(value[:1], ()):
            if regexp.match(value):
                return tag
    return _STR


def _scalar(event: yaml.ScalarEvent) -> Any:
    tag = event.tag
    value: str = event.value
    if tag is None and (not event.implicit[0] or value[:1] not in _IMPLICIT):
        return value  # quoted, or plain text no implicit resolver could match: most scalars
    if tag is None or tag == "!":
        tag = _resolve(value, event.implicit[0])
    if tag == _STR:
        return value
    if tag == _INT:
        try:
            return int(value)
        except ValueError:
            said = message("yaml-syntax", "long-number", count=f"{len(value):,}", start=value[:12])
            raise YamlProblem("yaml-syntax", said, *_pos(event)) from None
    if tag == _BOOL:
        return value.lower() == "true"
    if tag == _NULL:
        return None
    raise _tag_problem(tag, event)


def _check_tag(event: yaml.CollectionStartEvent, default: str) -> None:
    if event.tag not in (None, "!", default):
        raise _tag_problem(event.tag, event)


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    if 0 <= line < len(lines) and 0 <= column < len(lines[line]):
        return lines[line][column]
    return ""


def _pos(event: yaml.Event) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _tag_problem(tag: str, event: yaml.Event) -> YamlProblem:
    shown = "!!" + tag.removeprefix(_YAML_TAG) if tag.startswith(_YAML_TAG) else tag  # as it was written
    return YamlProblem("yaml-tag", message("yaml-tag", tag=shown), *_pos(event))

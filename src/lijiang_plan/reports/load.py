"""Report file bytes -> the report's data (with positions) and its shape findings.

Reading goes through `yamlsource` (encoding, syntax, duplicate keys, tags, IDs
kept as text) and then through the pydantic model `model.Report`; each
pydantic error becomes a finding at the line and column of the value it is
about. Data that `shape.conforms` vouches for skips pydantic (it would find
nothing), so checking good reports does not pay pydantic's start-up. The data is returned even when the shape has problems, so the plan
checks can still look at the parts that are sound: one typo must not hide
every other problem in the file.

Full-width digits and dots (２０２５－Ｈ１, ２．３．１) are what Chinese input
methods often type; in IDs, the period and the date they are read as their
ASCII form with a `normalized` warning, so the meaning is kept and the author
is told.
"""

from __future__ import annotations

import os
import re
import stat
import sys
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from lijiang_plan.errors import clip
from lijiang_plan.files.fileread import MAX_BYTES, NotRegular, read_regular
from lijiang_plan.files.yamlsource import Document, YamlProblem, describe_char, load_bytes
from lijiang_plan.files.yamlsource import decode_leniently as yamlsource_decode
from lijiang_plan.files.yamlsource import salvage as yamlsource_salvage
from lijiang_plan.findings import Finding
from lijiang_plan.i18n import N_, _
from lijiang_plan.reports.discover import fix_for, is_report, is_workbook, link_problem, reason, unlistable
from lijiang_plan.reports.shape import conforms
from lijiang_plan.reports.statuses import CHINESE, STATUSES, canonical, suggestion
from lijiang_plan.rules import RuleName, finding, message

Loc = tuple[Any, ...]


@dataclass
class Loaded:
    """One report file read: its document (None if unreadable) and what was wrong."""

    path: str
    document: Document | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def data(self) -> Any:
        return self.document.data if self.document is not None else None


class Unreadable(Exception):
    """A path that is not a readable regular file; the message says why and what to do."""


def read_bytes(path: str, limit: int = MAX_BYTES + 1) -> tuple[bytes, int]:
    """(at most ``limit`` bytes of the regular file at ``path``, its size); never blocks.

    Only regular files are read: a FIFO, a device or a socket raises Unreadable
    without being opened for reading, so nothing can block, and a huge file
    costs no more memory than the limit.
    """
    try:
        return read_regular(path, limit)
    except NotRegular as exc:
        raise Unreadable(_not_regular(path, exc.mode)) from None
    except OSError as exc:
        raise Unreadable(_cannot_read(path, exc)) from None


#: How much of a file that does not load is read to salvage its unit and period.
SALVAGE_BYTES = 64 * 1024


def salvage(path: str) -> dict[str, str]:
    """The top-level ``unit:`` and ``period:`` of a report that cannot be loaded, from its first bytes.

    A CSV or text file (a format lplan does not read) is searched for a
    ``单位,市公安局`` line instead. Regular files only (a FIFO must not block);
    nothing for a file that cannot be read.
    """
    try:
        raw, _size = read_bytes(path, SALVAGE_BYTES)
    except Unreadable:
        return {}
    if _suffix(path) in _TABLE_TEXT:
        return _salvage_table(raw)
    if not is_report(path):
        return {}
    return yamlsource_salvage(raw, ("unit", "period"))


def read_file(path: str) -> Loaded:
    """Read and load the report at ``path``; never raises for a bad file, never blocks."""
    readable = is_report(path)
    try:
        raw, size = read_bytes(path) if readable else read_bytes(path, 0)
    except Unreadable as exc:
        return _io_problem(path, str(exc))
    if not readable:  # named by its suffix, whatever it holds: never read as YAML
        return Loaded(path, None, [finding(path, (1, 1), "unsupported-format", _unsupported(path))])
    if len(raw) > MAX_BYTES:
        text = message("too-large", size=f"{max(size, len(raw)):,}", limit=f"{MAX_BYTES:,}")
        return Loaded(path, None, [finding(path, (1, 1), "too-large", text)])
    if is_workbook(path):
        return load_workbook(raw, path)
    return load_report(raw, path)


def load_workbook(raw: bytes, path: str) -> Loaded:
    """Workbook bytes -> Loaded: the workbook's own problems, then the same checks as a YAML report.

    Findings name their cell; a cell the workbook reader already explained
    (a formula, an ID stored as a number) gets no second finding from the model.
    """
    from lijiang_plan.files.xlsxsource import WorkbookProblem, open_book
    from lijiang_plan.reports.workbook import read_book

    try:
        book = open_book(raw)
        document, found = read_book(book, path)  # sheets are parsed here, as they are needed
    except WorkbookProblem as problem:
        return Loaded(path, None, [finding(path, (1, 1), problem.rule, problem.message)])
    if document is None:
        return Loaded(path, None, found)
    covered = {f.cell for f in found}
    loaded = Loaded(path, document, list(found))
    loaded.findings.extend(f for f in _shape(document, path) if f.cell not in covered)
    _status_codes(document.data)  # 不適用 typed in a cell is not-applicable, as in a YAML report
    return loaded


#: A format lplan does not read, by suffix -> what a person calls it (the message key, for what to do).
_FORMATS: dict[str, tuple[str, str]] = {
    **dict.fromkeys((".ods", ".ots", ".fods"), (N_("an OpenDocument spreadsheet ({suffix})"), "default")),
    **dict.fromkeys((".et", ".ett"), (N_("a WPS spreadsheet ({suffix})"), "default")),
    **dict.fromkeys((".xlsb", ".xltx", ".xltm", ".xlt"), (N_("an Excel file of another kind ({suffix})"), "default")),
    ".numbers": (N_("a Numbers spreadsheet ({suffix})"), "default"),
    **dict.fromkeys((".csv", ".tsv"), (N_("a CSV file ({suffix})"), "text")),
    **dict.fromkeys((".doc", ".docx", ".docm", ".dot", ".dotx"), (N_("a Word document ({suffix})"), "default")),
    **dict.fromkeys((".wps", ".wpt"), (N_("a WPS document ({suffix})"), "default")),
    **dict.fromkeys((".odt", ".rtf"), (N_("a text document ({suffix})"), "default")),
    **dict.fromkeys((".pdf", ".ofd"), (N_("a PDF or OFD document ({suffix})"), "default")),
    **dict.fromkeys((".txt", ".text", ".md"), (N_("a text file ({suffix})"), "text")),
    ".json": (N_("a JSON file ({suffix})"), "text"),
    **dict.fromkeys((".htm", ".html", ".mht", ".mhtml", ".xml"), (N_("a web page or XML file ({suffix})"), "default")),
    **dict.fromkeys(
        (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".heic", ".webp"),
        (N_("an image ({suffix})"), "default"),
    ),
    **dict.fromkeys((".ppt", ".pptx", ".dps", ".odp", ".key"), (N_("a presentation ({suffix})"), "default")),
    **dict.fromkeys((".zip", ".rar", ".7z", ".tar", ".gz", ".tgz"), (N_("an archive ({suffix})"), "archive")),
    **dict.fromkeys((".eml", ".msg"), (N_("an e-mail ({suffix})"), "default")),
}
#: Formats searched for a unit line when the summary tells a file's unit (`salvage`).
_TABLE_TEXT = (".csv", ".tsv", ".txt", ".text")


def _suffix(path: str) -> str:
    name = os.path.basename(path)
    return os.path.splitext(name)[1].lower() if not name.startswith(".") or name.count(".") > 1 else ""


def _unsupported(path: str) -> str:
    """The unsupported-format message: what the file is, by its suffix, and what to do."""
    suffix = _suffix(path)
    known = _FORMATS.get(suffix)
    if known is not None:
        kind, key = _(known[0]).format(suffix=suffix), known[1]
    elif suffix:
        kind, key = _("a {suffix} file").format(suffix=suffix), "default"
    else:
        kind, key = _("a file without a suffix (.xlsx or .yaml)"), "default"
    return message("unsupported-format", key, kind=kind)


def _salvage_table(raw: bytes) -> dict[str, str]:
    """The unit and period of a CSV or text file from its label lines (``单位,市公安局``, ``报告期：2025年下半年``)."""
    from lijiang_plan.reports.layout import FIELD_BY_LABEL, normal

    found: dict[str, str] = {}
    for line in yamlsource_decode(raw).splitlines()[:60]:
        cells = [cell.strip().strip("\"'") for cell in re.split(r"[,\t:：，]", line)]
        path = FIELD_BY_LABEL.get(normal(cells[0])) if cells else None
        value = next((cell for cell in cells[1:] if cell), "")
        if path in (("unit",), ("period",)) and value:
            found.setdefault(path[0], value)
    return found


def _io_problem(path: str, text: str) -> Loaded:
    return Loaded(path, None, [finding(path, (1, 1), "io-error", text)])


def _not_regular(path: str, mode: int) -> str:
    if stat.S_ISDIR(mode):
        return unlistable(path)
    kind = (
        _("a named pipe (FIFO)")
        if stat.S_ISFIFO(mode)
        else _("a device")
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else _("a socket")
        if stat.S_ISSOCK(mode)
        else _("not a regular file")
    )
    return message("io-error", "not-regular", kind=kind)


def _cannot_read(path: str, exc: OSError) -> str:
    return link_problem(path, exc) or message("io-error", "unreadable", reason=reason(exc), fix=fix_for(exc))


def load_report(raw: bytes, path: str) -> Loaded:
    """Bytes -> Loaded: YAML problems, normalizations and shape problems, in that order."""
    try:
        document = load_bytes(raw)
    except YamlProblem as problem:
        return Loaded(path, None, [finding(path, (problem.line, problem.column), problem.rule, problem.message)])
    loaded = Loaded(path, document)
    if not isinstance(document.data, dict):
        if document.data is None:
            found = message("not-a-report", "empty")
        else:
            found = message("not-a-report", "kind", kind=_kind(document.data))
        loaded.findings.append(finding(path, document.locate(()), "not-a-report", found))
        return loaded
    loaded.findings.extend(_shape(document, path))
    _status_codes(document.data)
    return loaded


def _status_codes(data: dict[str, Any]) -> None:
    """Statuses written as Chinese words (进行中, 不適用) read as their codes, so checks and outputs see codes."""
    measures = data.get("measures")
    for entry in measures if isinstance(measures, list) else ():
        if isinstance(entry, dict):
            code = canonical(entry.get("status"))
            if code is not None:
                entry["status"] = code


def _shape(document: Document, path: str) -> list[Finding]:
    """Normalizations, then the model's findings, each at its value's place (and cell)."""
    found = _normalize(document, path)
    found.extend(_shape_finding(document, path, error) for error in _shape_errors(document.data))
    found.extend(_blanks(document, path))
    found.extend(_unholdable(document, path))
    return [replace(f, cell=document.cell((f.line, f.column))) for f in found]  # the cell is "" in a text file


#: What no document can hold (XML 1.0, so no workbook or Word file; JSON readers reject lone surrogates):
#: C0 controls but tab, line feed and carriage return, the non-characters U+FFFE and U+FFFF, surrogates.
#: YAML refuses them typed raw; they arrive only through escapes ("\uFFFE", "\x01").
_UNHOLDABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


#: Fields whose odd characters their own rules name (unknown-unit, bad-period, bad-date, normalized).
_OWN_RULE = frozenset({"unit", "period", "submitted", "id"})


def _unholdable(document: Document, path: str) -> list[Finding]:
    """Text holding a character no document can hold: named here, so check and convert agree on it."""
    found = []
    # YAML refuses such characters typed raw: they come only through a quoted scalar's escapes ("\x01"),
    # so a text file's quoted values are all there is to look at (a workbook's cells: every one).
    for loc in document.positions if document.sheet else document.quoted:
        value = _get(document.data, loc)
        if not isinstance(value, str) or not loc or loc[-1] in _OWN_RULE:
            continue
        bad = _UNHOLDABLE.search(value)
        if bad:
            character = (
                describe_char(bad.group()) if not "\ud800" <= bad.group() <= "\udfff" else f"U+{ord(bad.group()):04X}"
            )
            where = _describe(document.data, loc)
            text = message("invalid-value", "unholdable", where=where, character=character)
            found.append(finding(path, document.locate(loc), "invalid-value", text))
    return found


def _blanks(document: Document, path: str) -> list[Finding]:
    """Text written but left blank ('' or spaces), which the model accepts as text: an empty
    unit, period or date (missing-field), an empty account (empty-account)."""
    data = document.data
    found = [
        finding(
            path,
            document.locate((name,)),
            "missing-field",
            message("missing-field", "blank", field=name, hint=_(_HINTS[name])),
        )
        for name in ("unit", "period", "submitted")
        if isinstance(data.get(name), str) and not data[name].strip()
    ]
    entries = data.get("measures")
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        account = entry.get("account") if isinstance(entry, dict) else None
        if isinstance(account, str) and not account.strip():
            label = _describe(data, ("measures", index))
            where = document.locate(("measures", index, "account"))
            found.append(finding(path, where, "empty-account", message("empty-account", "blank", label=label)))
    return found


def _shape_errors(data: dict[str, Any]) -> list[Any]:
    """pydantic's errors for report ``data`` (none when it has the report's shape).

    pydantic is imported only for data the quick test (`shape.conforms`) cannot
    vouch for; once it is loaded, it is the faster of the two and is used for
    every file. Checking many good reports never imports it (and saves its
    17 MiB).
    """
    if not _model_loaded() and conforms(data):
        return []
    from pydantic import ValidationError

    from lijiang_plan.reports.model import Report

    try:
        Report.model_validate(data)
    except ValidationError as exc:
        return exc.errors(include_url=False)
    return []


def _model_loaded() -> bool:
    return "lijiang_plan.reports.model" in sys.modules


# -- full-width normalization ----------------------------------------------


def _normalize(document: Document, path: str) -> list[Finding]:
    data = document.data
    result = []
    targets: list[tuple[Loc, str]] = [(("period",), N_("period")), (("submitted",), N_("date"))]
    measures = data.get("measures")
    if isinstance(measures, list):
        targets += [(("measures", i, "id"), N_("measure ID")) for i in range(len(measures))]
    for loc, what in targets:
        parent = _get(data, loc[:-1])
        if not isinstance(parent, dict):
            continue
        value = parent.get(loc[-1])
        if not isinstance(value, str):
            continue
        plain = "".join(ch for ch in unicodedata.normalize("NFKC", value) if ch not in _INVISIBLE).strip()
        if plain != value and plain.isascii():
            parent[loc[-1]] = plain
            odd = odd_characters(value)
            where = document.locate(loc)
            if odd:
                index, char = odd[0]
                where = position_in_value(document, loc, where, index)
                text = message(
                    "normalized",
                    "invisible",
                    what=_(what),
                    value=clip(visible(value)),
                    character=describe_char(char),
                    plain=clip(plain),
                )
            else:
                key = "full-width" if unicodedata.normalize("NFKC", value) != value else "spaces"
                text = message("normalized", key, what=_(what), value=clip(value), plain=clip(plain))
            result.append(finding(path, where, "normalized", text))
    return result


#: Characters that show as nothing (zero-width, byte order mark, soft hyphen): dropped from IDs, periods, dates.
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")


def odd_characters(text: str) -> list[tuple[int, str]]:
    """(index, character) of each character a person cannot see or tell from a space in ``text``.

    Format characters (zero-width space, joiners, BOM), spaces other than the
    ASCII space and the full-width space (no-break, thin, en), line and
    paragraph separators and control characters such as NEL. The full-width
    space (U+3000) is what Chinese input methods type, and is reported as
    full-width like the other full-width characters.
    """
    found = []
    for index, char in enumerate(text):
        category = unicodedata.category(char)
        if (
            category in ("Cf", "Zl", "Zp")
            or (category == "Zs" and char not in " \u3000")
            or (category == "Cc" and char not in "\n\t")
        ):
            found.append((index, char))
    return found


def visible(text: str) -> str:
    """``text`` with each odd character written as <U+XXXX>, so that a message shows where it is.

    Built from slices between the odd characters: one copy of the text, not a
    string per character (a 5 MB value cost 144 MB that way).
    """
    parts: list[str] = []
    last = 0
    for index, char in odd_characters(text):
        parts += [text[last:index], f"<U+{ord(char):04X}>"]
        last = index + 1
    return "".join(parts) + text[last:] if parts else text


def position_in_value(document: Document, loc: Loc, start: tuple[int, int], index: int) -> tuple[int, int]:
    """The position of character ``index`` of the one-line value at ``loc`` (after its quote, if quoted)."""
    if document.sheet:
        return start  # a workbook cell: the cell is the place
    return start[0], start[1] + index + (1 if tuple(loc) in document.quoted else 0)


def _get(data: Any, loc: Loc) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


# -- pydantic errors as findings -------------------------------------------


def _shape_finding(document: Document, path: str, error: Mapping[str, Any]) -> Finding:
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    where = _describe(document.data, loc)
    if kind == "missing":
        if loc[:-1]:
            text = message("missing-field", "in", field=loc[-1], where=_describe(document.data, loc[:-1]))
        else:
            text = message("missing-field", field=loc[-1])
        return finding(path, document.locate(loc[:-1]), "missing-field", text)
    if kind == "extra_forbidden":
        return finding(path, document.locate_key(loc), "unknown-field", _unknown_field(document.data, loc))
    if kind == "invalid_key":  # a key YAML typed (2025:, true:, null:): no field is named so
        loc = (*loc[:-1], value)  # pydantic's loc spells the key its own way (true as 1, null as 'None')
        problem = _unknown_field(document.data, loc)
        text = message("unknown-field", "key-type", problem=problem, kind=_kind(value))
        return finding(path, document.locate_key(loc), "unknown-field", text)
    if value is None:
        rule: RuleName = "empty-account" if loc[-1:] == ("account",) else "missing-field"
        return finding(path, document.locate(loc), rule, message(rule, "empty", where=where, hint=_what_goes(loc)))
    if kind == "literal_error":
        return finding(path, document.locate(loc), "invalid-value", _bad_status(where, value))
    if kind == "value_error":
        reason = _(str(error.get("ctx", {}).get("error", error["msg"])))
        text = message("invalid-value", where=where, value=_show(value), reason=reason)
        return finding(path, document.locate(loc), "invalid-value", text)
    text = _wrong_type(where, kind, value, loc)
    if document.sheet and kind == "string_type" and isinstance(value, (int, float)):  # what the cell holds, not YAML
        if isinstance(value, bool):
            text = message("wrong-type", "cell-yes-no", where=where, value="TRUE" if value else "FALSE")
        else:
            text = message("wrong-type", "cell-number", where=where, number=_show(value)[1:-1])
            if loc[-1] == "phone":
                text += message("wrong-type", "cell-leading-zero")
    return finding(path, document.locate(loc), "wrong-type", text)


def _describe(data: Any, loc: Loc) -> str:
    """A location a person recognises: 'status' of measure 2.3.1, 'contact.phone', the report."""
    if not loc:
        return _("the report")
    if loc[0] == "measures" and len(loc) >= 2 and isinstance(loc[1], int):
        entry = _get(data, loc[:2])
        ident = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(ident, str) and ident:
            measure = _("measure {id}").format(id=ident)
        else:
            measure = _("measures entry {n}").format(n=loc[1] + 1)
        rest = loc[2:]
        if not rest:
            return measure
        if rest[0] == "figures" and len(rest) == 2:
            return _("figure '{name}' of {measure}").format(name=rest[1], measure=measure)
        return _("'{field}' of {measure}").format(field=".".join(str(p) for p in rest), measure=measure)
    return "'" + ".".join(str(p) for p in loc) + "'"


#: Field -> what to write there, for messages about an empty or wrongly typed value.
_HINTS = {
    "account": N_("write what was done in the period"),
    "submitted": N_("write the date the report is sent, e.g. 2025-06-18"),
    "period": N_("write the half-year, e.g. 2025-H1"),
    "unit": N_("write the unit's name, e.g. 市公安局"),
    "id": N_('write the measure\'s ID in quotes, e.g. "2.3.1"'),
    "status": N_("write one of ongoing, completed, not-started, not-applicable"),
    "measures": N_("list the measures, one entry each"),
}


def _what_goes(loc: Loc) -> str:
    hint = _HINTS.get(str(loc[-1]))
    return _(hint) if hint else _("give it a value or remove the field")


def _unknown_field(data: Any, loc: Loc) -> str:
    import difflib

    from lijiang_plan.reports.model import FIELDS

    name = _written(loc[-1])
    if len(loc) == 1:
        scope, allowed = "report", FIELDS["report"]
    elif loc[0] == "contact":
        scope, allowed = "contact", FIELDS["contact"]
    else:
        scope, allowed = "measure", FIELDS["measure"]
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    if close:
        hint = _("did you mean '{name}'?").format(name=close[0])
    else:
        hint = _(_HAS[scope]).format(fields=", ".join(allowed))
    if len(loc) > 1:
        return message("unknown-field", "in", name=name, where=_describe(data, loc[:-1]), hint=hint)
    return message("unknown-field", name=name, hint=hint)


_HAS = {
    "report": N_("a report has {fields}"),
    "contact": N_("a contact has {fields}"),
    "measure": N_("a measure has {fields}"),
}


def _bad_status(where: str, value: Any) -> str:
    text = str(value)
    close = suggestion(text)
    if any("\u3400" <= c <= "\u9fff" for c in text):  # written in Chinese: the Chinese words first
        sep = _(", ")
        accepted = _("{words} (or {codes})").format(words=sep.join(CHINESE.values()), codes=sep.join(STATUSES))
    else:
        accepted = ", ".join(STATUSES)
    text = message("invalid-value", "status", where=where, value=_show(value), accepted=accepted)
    if close:
        text = message("invalid-value", "did-you-mean", message=text, meant=close)
    return text


def _wrong_type(where: str, kind: str, value: Any, loc: Loc) -> str:
    expected = {
        "string_type": N_("text"),
        "list_type": N_("a list (one '- ' entry per item)"),
        "dict_type": N_("a mapping (name: value lines)"),
        "model_type": N_("a mapping (name: value lines)"),
    }.get(kind)
    shown = _(expected) if expected else kind.replace("_type", "")
    if kind == "string_type" and isinstance(value, (int, bool)):
        if isinstance(value, bool):
            read_as = _("yes/no ({value})").format(value=_show(value))
        else:
            read_as = _("the number {number}").format(number=clip(str(value)))
        text = message("wrong-type", "yaml-text", where=where, read_as=read_as)
        if loc[-1] == "id":
            text += message("wrong-type", "id-example")
        elif loc[-1] == "phone":
            text += message("wrong-type", "leading-zero")
        return text
    if not isinstance(value, (dict, list)):
        return message("wrong-type", where=where, expected=shown, kind=_kind(value), value=_show(value))
    text = message("wrong-type", "collection", where=where, expected=shown, kind=_kind(value))
    if str(loc[-1]) in _HINTS:
        text = message("wrong-type", "hint", message=text, hint=_(_HINTS[str(loc[-1])]))
    return text


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return _("yes/no")
    if isinstance(value, (int, float)):
        return _("a number")
    if isinstance(value, str):
        return _("text")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping")
    return _("empty")


def _show(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return _kind(value)
    return f"'{clip(_written(value))}'"


def _written(value: Any) -> str:
    """A scalar as YAML writes it: true and false, null (Python's True and None read that way)."""
    if value is None:
        return "null"
    return str(value).lower() if isinstance(value, bool) else str(value)

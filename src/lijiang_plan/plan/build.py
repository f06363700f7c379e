"""Read plan/, validate it completely, and compile it into the query-time form.

Three layers of checks, each reported as findings with file, line and column:

1. each file's shape (the pydantic models in `models`);
2. consistency across files: IDs match their place in the tree, every unit a
   measure names is in the registry, simplified names match their traditional
   ones, aliases are unambiguous, counts match the interpretation's;
3. provenance: every encoded text, heading and unit list is rebuilt into the line
   it came from and must stand, in order, in the source text kept under
   plan/source/; every line of chapter 四 must be accounted for.

The compiled form is plain JSON-able data; `plan.Plan` wraps it for queries.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from lijiang_plan.files import yamlsource
from lijiang_plan.files.fileread import NotRegular, read_regular
from lijiang_plan.findings import Finding
from lijiang_plan.plan import models
from lijiang_plan.plan.query import COMPILED_FORMAT
from lijiang_plan.plan.script import Converter, fold

CHINESE_NUMERALS = "一二三四五六七八九十"


class _Collector:
    """Collects findings for one plan directory, keeping each file's positions."""

    def __init__(self, plan_dir: Path, display: str) -> None:
        self.plan_dir = plan_dir
        self.display = display
        self.findings: list[Finding] = []
        self.docs: dict[str, yamlsource.Document] = {}

    def add(self, filename: str, path: tuple[Any, ...], rule: str, message: str) -> None:
        doc = self.docs.get(filename)
        line, column = doc.locate(path) if doc else (1, 1)
        self.findings.append(Finding(f"{self.display}/{filename}", line, column, rule, "error", message))


def _load_files(col: _Collector) -> dict[str, Any]:
    loaded: dict[str, Any] = {}
    for filename, model in models.PLAN_FILES.items():
        file_path = col.plan_dir / filename
        display = f"{col.display}/{filename}"
        try:
            raw = _read_plan_file(file_path)
        except _Unreadable as exc:
            col.findings.append(Finding(display, 1, 1, "plan-file", "error", str(exc)))
            continue
        try:
            doc = yamlsource.load_bytes(raw)
        except yamlsource.YamlProblem as exc:
            col.findings.append(Finding(display, exc.line, exc.column, exc.rule, "error", exc.message))
            continue
        col.docs[filename] = doc
        try:
            loaded[filename] = model.model_validate(doc.data)
        except ValidationError as exc:
            for err in exc.errors():
                loc = tuple(err["loc"])
                where = ".".join(str(part) for part in loc) or "file"
                col.add(filename, loc, "plan-schema", f"{where}: {err['msg']}")
    return loaded


class _Unreadable(Exception):
    """A plan file that cannot be read; the message says why."""


def _read_plan_file(path: Path) -> bytes:
    """A plan file's bytes: a regular file, within the size limit, read without blocking."""
    try:
        raw, size = read_regular(str(path), yamlsource.MAX_BYTES + 1)
    except NotRegular:
        raise _Unreadable(
            "not a regular file (a directory, FIFO or device); a plan file must be a regular file"
        ) from None
    except OSError as exc:
        raise _Unreadable(f"cannot read plan file: {exc.strerror or exc}") from None
    if len(raw) > yamlsource.MAX_BYTES:
        raise _Unreadable(f"file is {size:,} bytes; plan files are far smaller (limit {yamlsource.MAX_BYTES:,})")
    return raw


def _leaves(measures: models.MeasuresFile) -> list[tuple[tuple[Any, ...], Any]]:
    """Every leaf with its path in measures.yaml, in plan order."""
    result: list[tuple[tuple[Any, ...], Any]] = []
    for si, section in enumerate(measures.sections):
        for ii, item in enumerate(section.items):
            if item.measures is None:
                result.append((("sections", si, "items", ii), item))
            else:
                for mi, measure in enumerate(item.measures):
                    result.append((("sections", si, "items", ii, "measures", mi), measure))
    return result


def _check_tree(col: _Collector, measures: models.MeasuresFile, plan: models.PlanFile) -> None:
    f = "measures.yaml"
    items = 0
    for si, section in enumerate(measures.sections):
        if section.id != str(si + 1):
            col.add(
                f, ("sections", si, "id"), "plan-id", f"section {si + 1} has id '{section.id}'; expected '{si + 1}'"
            )
        for ii, item in enumerate(section.items):
            items += 1
            expected = f"{section.id}.{ii + 1}"
            if item.id != expected:
                col.add(
                    f, ("sections", si, "items", ii, "id"), "plan-id", f"item has id '{item.id}'; expected '{expected}'"
                )
            for mi, measure in enumerate(item.measures or []):
                expected_m = f"{item.id}.{mi + 1}"
                if measure.id != expected_m:
                    col.add(
                        f,
                        ("sections", si, "items", ii, "measures", mi, "id"),
                        "plan-id",
                        f"measure has id '{measure.id}'; expected '{expected_m}'",
                    )
    if len(measures.sections) != plan.counts.sections:
        col.add(
            f, ("sections",), "plan-count", f"{len(measures.sections)} sections; plan.yaml says {plan.counts.sections}"
        )
    if items != plan.counts.items:
        col.add(f, ("sections",), "plan-count", f"{items} items; plan.yaml says {plan.counts.items}")


def _check_units(
    col: _Collector, units: models.UnitsFile, measures: models.MeasuresFile, converter: Converter
) -> dict[str, str]:
    """Registry checks; returns every referable name (traditional) -> unit or group id."""
    f = "units.yaml"
    by_name: dict[str, str] = {}
    seen_ids: set[str] = set()
    seen_keys: dict[str, str] = {}
    entries = [("units", i, u) for i, u in enumerate(units.units)] + [
        ("groups", i, g) for i, g in enumerate(units.groups)
    ]
    for kind, i, entry in entries:
        if entry.id in seen_ids:
            col.add(f, (kind, i, "id"), "unit-duplicate", f"id '{entry.id}' is used twice")
        seen_ids.add(entry.id)
        expected = converter.characters(entry.name)
        if entry.simplified != expected:
            col.add(
                f,
                (kind, i, "simplified"),
                "unit-script",
                f"simplified form of {entry.name} is '{expected}', not '{entry.simplified}'",
            )
        by_name[entry.name] = entry.id
        for key in {fold(n, {}) for n in (entry.name, entry.simplified, entry.id, *entry.aliases)}:
            other = seen_keys.get(key)
            if other is not None and other != entry.id:
                col.add(f, (kind, i), "unit-ambiguous", f"name '{key}' would match both '{other}' and '{entry.id}'")
            seen_keys[key] = entry.id
    for path, leaf in _leaves(measures):
        for role in ("lead", "cooperate"):
            for k, name in enumerate(getattr(leaf, role) or []):
                if name not in by_name:
                    col.add(
                        "measures.yaml",
                        (*path, role, k),
                        "unit-unknown",
                        f"measure {leaf.id}: unit '{name}' is not in units.yaml; add it or fix the name",
                    )
    return by_name


class _Source:
    """The source text as lines, for provenance checks."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = [line.rstrip() for line in text.splitlines()]
        self.index: dict[str, int] = {}
        for number, line in enumerate(self.lines):
            self.index.setdefault(line, number)


def _units_clause(lead: list[str], cooperate: list[str]) -> str:
    clause = "、".join(lead) + "負責"
    if cooperate:
        clause += "," + "、".join(cooperate) + "配合"
    return f"({clause})"


def _leaf_lines(leaf: Any, heading: str) -> list[str]:
    """The source line(s) a leaf measure was encoded from."""
    units = _units_clause(leaf.lead, leaf.cooperate)
    if leaf.layout == "body-on-next-line":
        return [heading + leaf.title, leaf.text + units]
    return [f"{heading}{leaf.title}。{leaf.text}{units}"]


def _check_provenance(col: _Collector, loaded: dict[str, Any], source: _Source) -> None:
    plan: models.PlanFile = loaded["plan.yaml"]
    measures: models.MeasuresFile = loaded["measures.yaml"]
    guarantees: models.GuaranteesFile = loaded["guarantees.yaml"]
    script: models.ScriptFile = loaded["script.yaml"]

    def require_line(filename: str, path: tuple[Any, ...], line: str, what: str, after: int) -> int:
        number = source.index.get(line)
        if number is None:
            col.add(filename, path, "source-mismatch", f"{what} does not match any line of the source text")
            return after
        if number < after:
            col.add(filename, path, "source-order", f"{what} stands earlier in the source than the entry before it")
        return number

    def require_quote(filename: str, path: tuple[Any, ...], quote: str, within: str, what: str) -> None:
        if quote not in within:
            col.add(filename, path, "source-mismatch", f"{what}: '{quote}' is not in the source text")

    if not source.lines or source.lines[0] != plan.title:
        col.add("plan.yaml", ("title",), "source-mismatch", "title is not the first line of the source text")
    for key in ("issued_quote", "period_quote", "counts_quote"):
        require_quote("plan.yaml", (key,), getattr(plan, key), source.text, key)
    year, month, day = (int(part) for part in plan.issued.split("-"))
    if f"{year}年{month}月{day}日" not in plan.issued_quote:
        col.add("plan.yaml", ("issued",), "source-mismatch", "issued date is not the date in issued_quote")
    if f"{plan.period.start}—{plan.period.end}" not in plan.period_quote:
        col.add("plan.yaml", ("period",), "source-mismatch", "period is not the years in period_quote")
    if plan.issuer not in plan.issued_quote:
        col.add("plan.yaml", ("issuer",), "source-mismatch", "issuer is not named in issued_quote")
    counts = f"{plan.counts.sections}個方面{plan.counts.items}項內容"
    if counts not in plan.counts_quote:
        col.add("plan.yaml", ("counts",), "source-mismatch", "counts are not the numbers in counts_quote")

    f = "measures.yaml"
    covered: set[int] = set()
    pos = require_line(f, ("chapter",), measures.chapter, "chapter heading", 0)
    covered.add(pos)
    for si, section in enumerate(measures.sections):
        numeral = CHINESE_NUMERALS[si] if si < len(CHINESE_NUMERALS) else "?"
        p = ("sections", si)
        pos = require_line(f, (*p, "title"), f"({numeral}){section.title}", f"section {section.id} heading", pos)
        covered.add(pos)
        pos = require_line(f, (*p, "preamble"), section.preamble, f"section {section.id} preamble", pos)
        covered.add(pos)
        for ii, item in enumerate(section.items):
            ip = (*p, "items", ii)
            heading = f"{ii + 1}."
            if item.measures is None:
                for line in _leaf_lines(item, heading):
                    pos = require_line(f, (*ip, "text"), line, f"measure {item.id}", pos)
                    covered.add(pos)
                continue
            pos = require_line(f, (*ip, "title"), heading + item.title, f"item {item.id} heading", pos)
            covered.add(pos)
            for mi, measure in enumerate(item.measures):
                mp = (*ip, "measures", mi)
                for line in _leaf_lines(measure, f"({mi + 1})"):
                    pos = require_line(f, (*mp, "text"), line, f"measure {measure.id}", pos)
                    covered.add(pos)

    g = "guarantees.yaml"
    start = require_line(g, ("chapter",), guarantees.chapter, "chapter heading", 0)
    chapter_four = source.index.get(measures.chapter)
    # A mismatched entry already names its line; report unencoded lines only once
    # every encoded entry matches, so one edit gives one finding.
    mismatched = any(x.rule == "source-mismatch" and x.path.endswith(f) for x in col.findings)
    if chapter_four is not None and not mismatched:
        for number in range(chapter_four, start):
            if source.lines[number] and number not in covered:
                col.add(
                    f,
                    ("sections",),
                    "source-missing",
                    f"source line {number + 1} of chapter 四 is not encoded: {source.lines[number][:30]}…",
                )
    pos = start
    texts: dict[str, str] = {}
    for gi, guarantee in enumerate(guarantees.guarantees):
        numeral = CHINESE_NUMERALS[gi] if gi < len(CHINESE_NUMERALS) else "?"
        line = f"({numeral}){guarantee.title}。{guarantee.text}"
        pos = require_line(g, ("guarantees", gi, "text"), line, f"guarantee {guarantee.id}", pos)
        texts[guarantee.id] = guarantee.text
    rule = guarantees.reporting
    require_quote(g, ("reporting", "quote"), rule.quote, texts.get(rule.guarantee, ""), "reporting rule")
    require_quote(g, ("reporting", "onward"), rule.onward, texts.get(rule.guarantee, ""), "reporting rule")
    for pi, period in enumerate(rule.periods):
        require_quote(g, ("reporting", "periods", pi, "quote"), period.quote, rule.quote, f"period {period.period}")
        if f"{period.due.month}月{period.due.day}日" != period.quote:
            col.add(g, ("reporting", "periods", pi, "due"), "source-mismatch", f"due date is not '{period.quote}'")
    for oi, obligation in enumerate(guarantees.obligations):
        text = texts.get(obligation.guarantee)
        if text is None:
            col.add(g, ("obligations", oi, "guarantee"), "plan-id", f"no guarantee '{obligation.guarantee}'")
            continue
        require_quote(g, ("obligations", oi, "quote"), obligation.quote, text, f"obligation {obligation.id}")
        require_quote(g, ("obligations", oi, "who"), obligation.who, text, f"obligation {obligation.id}")

    for ai, artifact in enumerate(script.artifacts):
        require_quote("script.yaml", ("artifacts", ai, "text"), artifact.text, source.text, "artifact")


def _compile(loaded: dict[str, Any], by_name: dict[str, str], converter: Converter, source: _Source) -> dict[str, Any]:
    plan: models.PlanFile = loaded["plan.yaml"]
    units: models.UnitsFile = loaded["units.yaml"]
    measures: models.MeasuresFile = loaded["measures.yaml"]
    guarantees: models.GuaranteesFile = loaded["guarantees.yaml"]

    nodes: dict[str, dict[str, Any]] = {}
    search: dict[str, str] = {}
    for section in measures.sections:
        nodes[section.id] = {
            "kind": "section",
            "title": section.title,
            "preamble": section.preamble,
            "parent": None,
            "leaf": False,
            "children": [item.id for item in section.items],
            "simplified": {
                "title": converter.mainland(section.title),
                "preamble": converter.mainland(section.preamble),
            },
        }
        for item in section.items:
            children = [m.id for m in item.measures] if item.measures is not None else []
            leaves = item.measures if item.measures is not None else [item]
            nodes[item.id] = {
                "kind": "item",
                "title": item.title,
                "parent": section.id,
                "leaf": False,
                "children": children,
                "simplified": {"title": converter.mainland(item.title)},
            }
            for leaf in leaves:
                assert leaf.text is not None and leaf.lead is not None  # the models guarantee it
                if leaf is not item:
                    nodes[leaf.id] = {"kind": "measure", "title": leaf.title, "parent": item.id, "children": []}
                node = nodes[leaf.id]
                node.update(
                    leaf=True,
                    text=leaf.text,
                    lead=[by_name[name] for name in leaf.lead],
                    cooperate=[by_name[name] for name in leaf.cooperate or []],
                )
                full = f"{leaf.title}。{leaf.text}"
                node["simplified"] = {"title": converter.mainland(leaf.title), "text": converter.mainland(leaf.text)}
                # Mainland form for simplified searches, plain t2s for traditional ones.
                search[leaf.id] = fold(converter.mainland(full) + "\n" + converter.characters(full), {})
    unit_table: dict[str, dict[str, Any]] = {}
    keys: dict[str, str] = {}
    for unit in units.units:
        unit_table[unit.id] = {
            "name": unit.name,
            "simplified": unit.simplified,
            "kind": unit.kind,
            "area": unit.area,
            "aliases": list(unit.aliases),
        }
    for group in units.groups:
        unit_table[group.id] = {
            "name": group.name,
            "simplified": group.simplified,
            "kind": "group",
            "members": group.members,
            "aliases": list(group.aliases),
        }
    for uid, entry in unit_table.items():
        for name in (entry["name"], entry["simplified"], uid, *entry["aliases"]):
            keys[fold(name, {})] = uid
    all_text = [source.text, *(name for u in unit_table.values() for name in (u["name"], *u["aliases"]))]
    rule = guarantees.reporting
    return {
        "format": COMPILED_FORMAT,
        "meta": {
            "title": plan.title,
            "issuer": plan.issuer,
            "issued": plan.issued,
            "period": [plan.period.start, plan.period.end],
            "simplified": {"title": converter.mainland(plan.title), "issuer": converter.mainland(plan.issuer)},
        },
        "nodes": nodes,
        "units": unit_table,
        "keys": keys,
        "charmap": converter.charmap(all_text),
        "search": search,
        "guarantees": [_with_simplified(g.model_dump(), ("title", "text"), converter) for g in guarantees.guarantees],
        "reporting": _with_simplified(rule.model_dump(), ("quote", "onward"), converter),
        "obligations": [_with_simplified(o.model_dump(), ("who", "quote"), converter) for o in guarantees.obligations],
    }


def _with_simplified(record: dict[str, Any], fields: tuple[str, ...], converter: Converter) -> dict[str, Any]:
    """``record`` plus a "simplified" mapping of its text ``fields``, so every output can follow --script."""
    record["simplified"] = {name: converter.mainland(record[name]) for name in fields}
    return record


def build(plan_dir: str | Path, display: str = "plan") -> tuple[dict[str, Any] | None, list[Finding]]:
    """Validate the plan directory; return (compiled data, []) or (None, findings)."""
    col = _Collector(Path(plan_dir), display)
    loaded = _load_files(col)
    if col.findings:
        return None, sorted(col.findings)
    plan: models.PlanFile = loaded["plan.yaml"]
    script: models.ScriptFile = loaded["script.yaml"]
    source_path = col.plan_dir / plan.source
    try:
        source = _Source(_read_plan_file(source_path).decode("utf-8"))
    except (_Unreadable, UnicodeDecodeError) as exc:
        col.add("plan.yaml", ("source",), "plan-file", f"cannot read the source text {plan.source}: {exc}")
        return None, col.findings
    converter = Converter((a.text, a.mainland) for a in script.artifacts)
    _check_tree(col, loaded["measures.yaml"], plan)
    by_name = _check_units(col, loaded["units.yaml"], loaded["measures.yaml"], converter)
    _check_provenance(col, loaded, source)
    if col.findings:
        return None, sorted(col.findings)
    return _compile(loaded, by_name, converter, source), []

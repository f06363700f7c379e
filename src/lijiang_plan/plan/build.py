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
from lijiang_plan.files.fileread import MAX_BYTES, NotRegular, read_regular
from lijiang_plan.findings import Finding
from lijiang_plan.plan import models
from lijiang_plan.plan.query import COMPILED_FORMAT, numeral
from lijiang_plan.plan.script import Converter, fold
from lijiang_plan.rules import PlanRuleName, finding, message


class _Collector:
    """Collects findings for one plan directory, keeping each file's positions."""

    def __init__(self, plan_dir: Path, display: str) -> None:
        self.plan_dir = plan_dir
        self.display = display
        self.findings: list[Finding] = []
        self.docs: dict[str, yamlsource.Document] = {}

    def add(
        self, filename: str, path: tuple[Any, ...], rule: PlanRuleName, key: str = "default", **fields: Any
    ) -> None:
        """A finding of ``rule`` (its message ``key``, from the rule registry) at ``path`` in ``filename``."""
        doc = self.docs.get(filename)
        position = doc.locate(path) if doc else (1, 1)
        self.findings.append(finding(f"{self.display}/{filename}", position, rule, message(rule, key, **fields)))


def _load_files(col: _Collector) -> dict[str, Any]:
    loaded: dict[str, Any] = {}
    for filename, model in models.PLAN_FILES.items():
        file_path = col.plan_dir / filename
        display = f"{col.display}/{filename}"
        try:
            raw = _read_plan_file(file_path)
        except _Unreadable as exc:
            col.findings.append(finding(display, (1, 1), "plan-file", str(exc)))
            continue
        try:
            doc = yamlsource.load_bytes(raw)
        except yamlsource.YamlProblem as exc:
            col.findings.append(finding(display, (exc.line, exc.column), exc.rule, exc.message))
            continue
        col.docs[filename] = doc
        try:
            loaded[filename] = model.model_validate(doc.data)
        except ValidationError as exc:
            for err in exc.errors():
                loc = tuple(err["loc"])
                where = ".".join(str(part) for part in loc) or "file"
                col.add(filename, loc, "plan-schema", where=where, reason=err["msg"])
    return loaded


class _Unreadable(Exception):
    """A plan file that cannot be read; the message says why."""


def _read_plan_file(path: Path) -> bytes:
    """A plan file's bytes: a regular file, within the size limit, read without blocking."""
    try:
        raw, size = read_regular(str(path), MAX_BYTES + 1)
    except NotRegular:
        raise _Unreadable(message("plan-file", "not-regular")) from None
    except OSError as exc:
        raise _Unreadable(message("plan-file", "unreadable", reason=exc.strerror or exc)) from None
    if len(raw) > MAX_BYTES:
        raise _Unreadable(message("plan-file", "too-large", size=size, limit=MAX_BYTES))
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
            col.add(f, ("sections", si, "id"), "plan-id", "section", number=si + 1, id=section.id, expected=si + 1)
        for ii, item in enumerate(section.items):
            items += 1
            expected = f"{section.id}.{ii + 1}"
            if item.id != expected:
                col.add(f, ("sections", si, "items", ii, "id"), "plan-id", "item", id=item.id, expected=expected)
            for mi, measure in enumerate(item.measures or []):
                expected_m = f"{item.id}.{mi + 1}"
                if measure.id != expected_m:
                    where = ("sections", si, "items", ii, "measures", mi, "id")
                    col.add(f, where, "plan-id", "measure", id=measure.id, expected=expected_m)
    if len(measures.sections) != plan.counts.sections:
        col.add(f, ("sections",), "plan-count", "sections", count=len(measures.sections), expected=plan.counts.sections)
    if items != plan.counts.items:
        col.add(f, ("sections",), "plan-count", "items", count=items, expected=plan.counts.items)


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
            col.add(f, (kind, i, "id"), "unit-duplicate", id=entry.id)
        seen_ids.add(entry.id)
        expected = converter.characters(entry.name)
        if entry.simplified != expected:
            col.add(
                f,
                (kind, i, "simplified"),
                "unit-script",
                name=entry.name,
                expected=expected,
                simplified=entry.simplified,
            )
        by_name[entry.name] = entry.id
        for key in {fold(n, {}) for n in (entry.name, entry.simplified, entry.id, *entry.aliases)}:
            other = seen_keys.get(key)
            if other is not None and other != entry.id:
                col.add(f, (kind, i), "unit-ambiguous", name=key, first=other, second=entry.id)
            seen_keys[key] = entry.id
    for path, leaf in _leaves(measures):
        for role in ("lead", "cooperate"):
            for k, name in enumerate(getattr(leaf, role) or []):
                if name not in by_name:
                    col.add("measures.yaml", (*path, role, k), "unit-unknown", measure=leaf.id, unit=name)
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


class _Provenance:
    """Every encoded entry must stand, in order, in the source text: the checks behind `source-*`."""

    def __init__(self, col: _Collector, source: _Source) -> None:
        self.col = col
        self.source = source

    def line(self, filename: str, path: tuple[Any, ...], line: str, what: str, after: int) -> int:
        """The source line number of ``line``, which must come after line ``after``."""
        number = self.source.index.get(line)
        if number is None:
            self.col.add(filename, path, "source-mismatch", "line", what=what)
            return after
        if number < after:
            self.col.add(filename, path, "source-order", what=what)
        return number

    def quote(self, filename: str, path: tuple[Any, ...], quote: str, within: str, what: str) -> None:
        if quote not in within:
            self.col.add(filename, path, "source-mismatch", "quote", what=what, quote=quote)


def _check_provenance(col: _Collector, loaded: dict[str, Any], source: _Source) -> None:
    check = _Provenance(col, source)
    _check_plan_meta(check, loaded["plan.yaml"])
    measures: models.MeasuresFile = loaded["measures.yaml"]
    covered = _check_measure_lines(check, measures)
    guarantees: models.GuaranteesFile = loaded["guarantees.yaml"]
    start = check.line("guarantees.yaml", ("chapter",), guarantees.chapter, "chapter heading", 0)
    _check_unencoded(check, measures, covered, start)
    _check_guarantees(check, guarantees, start)
    script: models.ScriptFile = loaded["script.yaml"]
    for ai, artifact in enumerate(script.artifacts):
        check.quote("script.yaml", ("artifacts", ai, "text"), artifact.text, source.text, "artifact")


def _check_plan_meta(check: _Provenance, plan: models.PlanFile) -> None:
    """plan.yaml: the title, issue date, issuer, period and counts are what the source says."""
    col, source = check.col, check.source
    if not source.lines or source.lines[0] != plan.title:
        col.add("plan.yaml", ("title",), "source-mismatch", "title")
    for key in ("issued_quote", "period_quote", "counts_quote"):
        check.quote("plan.yaml", (key,), getattr(plan, key), source.text, key)
    year, month, day = (int(part) for part in plan.issued.split("-"))
    if f"{year}年{month}月{day}日" not in plan.issued_quote:
        col.add("plan.yaml", ("issued",), "source-mismatch", "issued")
    if f"{plan.period.start}—{plan.period.end}" not in plan.period_quote:
        col.add("plan.yaml", ("period",), "source-mismatch", "period")
    if plan.issuer not in plan.issued_quote:
        col.add("plan.yaml", ("issuer",), "source-mismatch", "issuer")
    if f"{plan.counts.sections}個方面{plan.counts.items}項內容" not in plan.counts_quote:
        col.add("plan.yaml", ("counts",), "source-mismatch", "counts")


def _check_measure_lines(check: _Provenance, measures: models.MeasuresFile) -> set[int]:
    """measures.yaml: every heading, preamble and measure rebuilt into its line, in order; the lines covered."""
    f = "measures.yaml"
    pos = check.line(f, ("chapter",), measures.chapter, "chapter heading", 0)
    covered = {pos}
    for si, section in enumerate(measures.sections):
        p = ("sections", si)
        pos = check.line(f, (*p, "title"), f"({numeral(si)}){section.title}", f"section {section.id} heading", pos)
        covered.add(pos)
        pos = check.line(f, (*p, "preamble"), section.preamble, f"section {section.id} preamble", pos)
        covered.add(pos)
        for ii, item in enumerate(section.items):
            ip = (*p, "items", ii)
            heading = f"{ii + 1}."
            if item.measures is None:
                for line in _leaf_lines(item, heading):
                    pos = check.line(f, (*ip, "text"), line, f"measure {item.id}", pos)
                    covered.add(pos)
                continue
            pos = check.line(f, (*ip, "title"), heading + item.title, f"item {item.id} heading", pos)
            covered.add(pos)
            for mi, measure in enumerate(item.measures):
                for line in _leaf_lines(measure, f"({mi + 1})"):
                    pos = check.line(f, (*ip, "measures", mi, "text"), line, f"measure {measure.id}", pos)
                    covered.add(pos)
    return covered


def _check_unencoded(check: _Provenance, measures: models.MeasuresFile, covered: set[int], end: int) -> None:
    """No line of chapter 四 (up to chapter 五 at ``end``) is left out."""
    f = "measures.yaml"
    chapter_four = check.source.index.get(measures.chapter)
    # A mismatched entry already names its line; report unencoded lines only once
    # every encoded entry matches, so one edit gives one finding.
    mismatched = any(x.rule == "source-mismatch" and x.path.endswith(f) for x in check.col.findings)
    if chapter_four is None or mismatched:
        return
    lines = check.source.lines
    for number in range(chapter_four, end):
        if lines[number] and number not in covered:
            check.col.add(f, ("sections",), "source-missing", number=number + 1, start=lines[number][:30])


def _check_guarantees(check: _Provenance, guarantees: models.GuaranteesFile, pos: int) -> None:
    """guarantees.yaml: each guarantee's line, the reporting rule's quotes and dates, the obligations' quotes."""
    g = "guarantees.yaml"
    texts: dict[str, str] = {}
    for gi, guarantee in enumerate(guarantees.guarantees):
        line = f"({numeral(gi)}){guarantee.title}。{guarantee.text}"
        pos = check.line(g, ("guarantees", gi, "text"), line, f"guarantee {guarantee.id}", pos)
        texts[guarantee.id] = guarantee.text
    rule = guarantees.reporting
    check.quote(g, ("reporting", "quote"), rule.quote, texts.get(rule.guarantee, ""), "reporting rule")
    check.quote(g, ("reporting", "onward"), rule.onward, texts.get(rule.guarantee, ""), "reporting rule")
    for pi, period in enumerate(rule.periods):
        check.quote(g, ("reporting", "periods", pi, "quote"), period.quote, rule.quote, f"period {period.period}")
        if f"{period.due.month}月{period.due.day}日" != period.quote:
            check.col.add(g, ("reporting", "periods", pi, "due"), "source-mismatch", "due", quote=period.quote)
    for oi, obligation in enumerate(guarantees.obligations):
        text = texts.get(obligation.guarantee)
        if text is None:
            check.col.add(g, ("obligations", oi, "guarantee"), "plan-id", "guarantee", id=obligation.guarantee)
            continue
        check.quote(g, ("obligations", oi, "quote"), obligation.quote, text, f"obligation {obligation.id}")
        check.quote(g, ("obligations", oi, "who"), obligation.who, text, f"obligation {obligation.id}")


def _compile_nodes(
    measures: models.MeasuresFile, by_name: dict[str, str], converter: Converter
) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """The tree of chapter 四 as compiled nodes (records.NodeRecord), and each leaf's search text."""
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
    return nodes, search


def _compile_units(units: models.UnitsFile) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """The registry as compiled records (records.UnitRecord), and every folded name -> its unit ID."""
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
    return unit_table, keys


def _compile(loaded: dict[str, Any], by_name: dict[str, str], converter: Converter, source: _Source) -> dict[str, Any]:
    """The validated files as the compiled plan `query.Plan` reads (the shapes of plan/records.py)."""
    plan: models.PlanFile = loaded["plan.yaml"]
    guarantees: models.GuaranteesFile = loaded["guarantees.yaml"]
    nodes, search = _compile_nodes(loaded["measures.yaml"], by_name, converter)
    unit_table, keys = _compile_units(loaded["units.yaml"])
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


def counts(data: dict[str, Any]) -> dict[str, int]:
    """What a compiled plan holds: sections, items, leaf measures, units and groups."""
    nodes = data["nodes"].values()
    return {
        "sections": sum(1 for n in nodes if n["kind"] == "section"),
        "items": sum(1 for n in nodes if n["kind"] == "item"),
        "measures": sum(1 for n in nodes if n.get("leaf")),
        "units": len(data["units"]),
    }


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
        col.add("plan.yaml", ("source",), "plan-file", "source", source=plan.source, reason=exc)
        return None, col.findings
    converter = Converter((a.text, a.mainland) for a in script.artifacts)
    _check_tree(col, loaded["measures.yaml"], plan)
    by_name = _check_units(col, loaded["units.yaml"], loaded["measures.yaml"], converter)
    _check_provenance(col, loaded, source)
    if col.findings:
        return None, sorted(col.findings)
    return _compile(loaded, by_name, converter, source), []

"""The plan at query time: lookups over compiled, already validated data.

No pydantic, no YAML, no OpenCC here: this is the fast path every query takes.
Nodes are the compiled dicts (see `planbuild._compile`); this class gives them
names and answers questions: which leaves lie under an ID, who leads, what a
unit must do, which unit a typed name means.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any, NamedTuple

from lijiang_plan.errors import NotFound, clip
from lijiang_plan.i18n import _
from lijiang_plan.plan.script import fold

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from lijiang_plan.plan.records import Guarantee, Meta, NodeRecord, Obligation, ReportingRule, UnitRecord

#: Shape of the compiled plan data; bump when `planbuild._compile` changes it,
#: so caches written by an older lplan are rebuilt instead of misread.
COMPILED_FORMAT = 3

LEAD = "lead"
COOPERATE = "cooperate"
ROLES = (LEAD, COOPERATE)

#: The numerals of the plan's section headings: (一) is section 1.
CHINESE_NUMERALS = "一二三四五六七八九十"
_POSITIONAL = rf"^\(([{CHINESE_NUMERALS}])\)(?:(\d+)\.?)?(?:\((\d+)\))?$"


def numeral(index: int) -> str:
    """The heading numeral of the section (or guarantee) at ``index`` from 0: 一 for 0; '?' past 十."""
    return CHINESE_NUMERALS[index] if index < len(CHINESE_NUMERALS) else "?"


def in_script(record: Mapping[str, Any], field: str, script: str) -> str:
    """A record's text ``field`` (a title, an obligation's quote) in the chosen script."""
    return str(record["simplified"][field] if script == "simplified" else record[field])


def _overlaps(part: str, whole: str) -> bool:
    """Whether ``part`` is a meaningful piece of ``whole``: inside it and a third of it at least.

    So 教育 suggests 市教育体育局, but a stray 'x' does not suggest every ID with an x in it.
    """
    return len(part) >= max(2, len(whole) // 3) and part in whole


def _abbreviates(short: str, name: str) -> bool:
    """Whether ``short`` is ``name`` with characters left out (its characters, in order)."""
    rest = iter(name)
    return all(char in rest for char in short)


class Duty(NamedTuple):
    """One measure a unit has a part in, and how."""

    measure: str
    role: str
    via: str | None = None  # the group through which the unit takes part, if any


class Plan:
    """The validated plan: typed records (`plan.records`) and the questions asked of them.

    Nothing outside the plan package reads the compiled data itself; it asks
    the plan: `node`, `units`, `reporting`, `recipient()`, `guarantee`,
    `obligations`, `simplify`.
    """

    def __init__(self, data: dict[str, Any]) -> None:
        self.meta: Meta = data["meta"]
        self.nodes: dict[str, NodeRecord] = data["nodes"]
        self.units: dict[str, UnitRecord] = data["units"]
        self.reporting: ReportingRule = data["reporting"]
        self.obligations: list[Obligation] = data["obligations"]
        self.guarantees: list[Guarantee] = data["guarantees"]
        self._search: dict[str, str] = data["search"]
        self._keys: dict[str, str] = data["keys"]
        self._charmap: dict[str, str] = data["charmap"]

    # -- the reporting rule (chapter 五) --------------------------------------

    def recipient(self) -> str:
        """The unit ID that receives the semiannual reports (the municipal anti-trafficking office)."""
        return self.reporting["recipient"]

    def guarantee(self, guarantee_id: str) -> Guarantee:
        return next(g for g in self.guarantees if g["id"] == guarantee_id)

    def simplify(self, text: str, script: str) -> str:
        """A plan string in the chosen script, by the validated plan's character map."""
        if script != "simplified":
            return text
        return "".join(self._charmap.get(ch, ch) for ch in text)

    # -- the tree ---------------------------------------------------------

    @property
    def period(self) -> tuple[int, int]:
        start, end = self.meta["period"]
        return int(start), int(end)

    def leaf_ids(self) -> list[str]:
        """Every leaf measure's ID, in plan order."""
        return [nid for nid, node in self.nodes.items() if node.get("leaf")]

    def section_ids(self) -> list[str]:
        return [nid for nid, node in self.nodes.items() if node["kind"] == "section"]

    def is_leaf(self, measure_id: str) -> bool:
        node = self.nodes.get(measure_id)
        return bool(node and node.get("leaf"))

    def node(self, measure_id: str) -> NodeRecord:
        return self.nodes[measure_id]

    def leaves_under(self, node_id: str) -> list[str]:
        """The leaf itself, or every leaf below a section or item, in plan order."""
        node = self.nodes[node_id]
        if node.get("leaf"):
            return [node_id]
        result: list[str] = []
        for child in node["children"]:
            result.extend(self.leaves_under(child))
        return result

    def heading_path(self, node_id: str) -> list[str]:
        """IDs from the section down to ``node_id``."""
        path = [node_id]
        while (parent := self.nodes[path[0]]["parent"]) is not None:
            path.insert(0, parent)
        return path

    def resolve_id(self, typed: str) -> str:
        """A typed ID as the plan knows it: '2.3.1', '２．３．１' or '(二)3.(1)'."""
        text = "".join(unicodedata.normalize("NFKC", typed).split())
        text = text.replace("。", ".").replace("．", ".")
        if text in self.nodes:
            return text
        match = re.match(_POSITIONAL, text)
        if match:
            parts = [str(CHINESE_NUMERALS.index(match.group(1)) + 1)]
            parts += [g for g in match.groups()[1:] if g]
            text = ".".join(parts)
        text = text.rstrip(".")
        if text in self.nodes:
            return text
        hint = self._id_hint(text)
        raise NotFound(
            _("no measure, item or section '{id}' in the plan; {hint}").format(id=clip(typed), hint=hint), hint
        )

    def _id_hint(self, text: str) -> str:
        parent = text.rpartition(".")[0]
        if parent in self.nodes and self.nodes[parent]["children"]:
            children = self.nodes[parent]["children"]
            return _("{id} has {children}").format(id=parent, children=", ".join(children))
        import difflib  # error path only

        if not re.fullmatch(r"[0-9.]+", text):
            return _("IDs look like 2.3.1 (section.item.sub-item); try 'lplan measures'")
        if text.isdigit():
            return _("sections are {ids}").format(ids=", ".join(self.section_ids()))
        close = difflib.get_close_matches(text, list(self.nodes), n=4, cutoff=0.5)
        if close:
            return _("nearest: {ids}").format(ids=", ".join(close))
        return _("sections are {ids}; try 'lplan measures'").format(ids=", ".join(self.section_ids()))

    # -- units ------------------------------------------------------------

    def unit_name(self, unit_id: str, script: str = "traditional") -> str:
        unit = self.units[unit_id]
        return unit["simplified"] if script == "simplified" else unit["name"]

    def meta_text(self, field: str, script: str = "traditional") -> str:
        """The plan's title or issuer in the chosen script."""
        return in_script(self.meta, field, script)

    def fold(self, text: str) -> str:
        return fold(text, self._charmap)

    def find_unit(self, typed: str) -> str | None:
        """The unit or county office any name, short form or ID names, in either script; None if none."""
        key = self.fold(typed)
        for candidate in (key, key.removeprefix("丽江"), "市" + key, "市" + key.removeprefix("丽江市")):
            if candidate in self._keys:
                return self._keys[candidate]
        return None

    def resolve_unit(self, typed: str) -> str:
        """As `find_unit`, or NotFound with the nearest names (for a person; a lookup that may fail wants find_unit)."""
        unit_id = self.find_unit(typed)
        if unit_id is not None:
            return unit_id
        hint = self._unit_hint(self.fold(typed))
        raise NotFound(_("no unit named '{name}'; {hint}").format(name=clip(typed), hint=hint), hint)

    def close_units(self, typed: str, among: Iterable[str]) -> list[str]:
        """The units of ``among`` a name that is in no registry entry could only mean, in registry order.

        A unit fits when the name is an abbreviation of one of its names (its
        characters in order, ending as the name ends: 教育局 of 市教育体育局,
        外办 of 市外事办公室), or holds one of its names of four characters or
        more whole (市公安局（盖章）). A typo (市公按局) is no abbreviation: it
        fits nothing here, and gets its suggestions from `resolve_unit`. The
        caller decides what one fitting unit, or several, means.
        """
        key = self.fold(typed).removeprefix("丽江")
        wanted = set(among)
        found: list[str] = []
        if len(key) < 2:
            return found
        for known, uid in self._keys.items():
            if uid not in wanted or uid in found:
                continue
            name = known.removeprefix("丽江")
            if (_abbreviates(key, name) and key[-1] == name[-1]) or (len(name) >= 4 and name in key):
                found.append(uid)
        order = list(self.units)
        return sorted(found, key=order.index)

    def _unit_hint(self, key: str) -> str:
        import difflib  # error path only

        candidates: list[str] = []
        if len(key) > 4 * max(map(len, self._keys), default=0):  # far longer than any name: close to none
            return _("see 'lplan units' for every name")  # (a 5 MB value cost 200 MB and 15 s of matching)
        if key:
            for known, uid in self._keys.items():
                if _overlaps(key, known) or _overlaps(known, key):
                    candidates.append(uid)
            for known in difflib.get_close_matches(key, list(self._keys), n=6, cutoff=0.5):
                candidates.append(self._keys[known])
        names = [self.units[uid]["simplified"] for uid in dict.fromkeys(candidates)][:4]
        if names:
            return _("did you mean {names}?").format(names=", ".join(names))
        return _("see 'lplan units' for every name")

    def members(self, group_id: str) -> list[str]:
        kind = self.units[group_id]["members"]
        return [uid for uid, unit in self.units.items() if unit["kind"] == kind]

    def groups_of(self, unit_id: str) -> list[str]:
        kind = self.units[unit_id]["kind"]
        return [gid for gid, g in self.units.items() if g["kind"] == "group" and g["members"] == kind]

    def duties(self, unit_id: str, role: str | None = None) -> list[Duty]:
        """Every leaf measure the unit leads or cooperates on, group measures included.

        A county office is not named in any measure; it reports on every leaf
        measure (as its county carries out the whole plan), with role 'county'.
        """
        unit = self.units[unit_id]
        if unit["kind"] == "county":
            if role in (None, "county"):
                return [Duty(mid, "county") for mid in self.leaf_ids()]
            return []
        groups = set(self.groups_of(unit_id)) if unit["kind"] != "group" else set()
        result: list[Duty] = []
        for mid in self.leaf_ids():
            duty = self._duty(mid, unit_id, groups)
            # The unit's one role on a measure is decided first, then filtered:
            # a lead of 4.8 is not also a cooperating member of its group.
            if duty is not None and role in (None, duty.role):
                result.append(duty)
        return result

    def _duty(self, measure_id: str, unit_id: str, groups: set[str]) -> Duty | None:
        for each_role in ROLES:
            named = self.named(measure_id, each_role)
            if unit_id in named:
                return Duty(measure_id, each_role)
            via = next((g for g in named if g in groups), None)
            if via is not None:
                return Duty(measure_id, each_role, via)
        return None

    # -- text -------------------------------------------------------------

    def search(self, query: str, within: list[str] | None = None) -> list[str]:
        """Leaf IDs whose heading or text contains ``query`` (either script)."""
        needle = self.fold(query)
        ids = within if within is not None else self.leaf_ids()
        haystack = self._search
        return [mid for mid in ids if needle in haystack[mid]]

    def text(self, node_id: str, field: str, script: str = "traditional") -> str:
        """A node's title, text or preamble in the chosen script."""
        return in_script(self.nodes[node_id], field, script)

    def named(self, measure_id: str, role: str) -> list[str]:
        """The unit IDs a leaf measure names for ``role`` (lead: primary lead first; cooperate)."""
        node = self.nodes[measure_id]
        return node["lead"] if role == LEAD else node["cooperate"]

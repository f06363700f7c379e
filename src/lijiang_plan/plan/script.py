"""Chinese script handling: names and searches typed in either script must match.

Two halves, kept apart for speed:

* Build time (plan validation): OpenCC's character conversion (t2s) plus the
  reviewed artifact list from plan/script.yaml turns the source's traditional text
  into the mainland simplified form. Whole-text Taiwan-phrase reversal (tw2sp) is
  deliberately not used; see plan/script.yaml.
* Query time: a small character map (traditional -> simplified, for every
  character in the plan) is stored with the validated plan, so a query can fold
  what a person typed without importing OpenCC.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping


def script_for(language: str) -> str:
    """The script names and texts are shown in when none is asked for: the reader's.

    A Chinese interface is simplified Chinese, so its readers get simplified
    names beside simplified labels; otherwise the source's own traditional text.
    """
    return "simplified" if language == "zh" else "traditional"


def fold(text: str, charmap: Mapping[str, str]) -> str:
    """Normalise typed input for matching: width, spaces, case and script.

    The script is mapped with `str.translate` (a copy, not a list of every
    character: a 5 MB unit value cost 144 MB the other way).
    """
    text = unicodedata.normalize("NFKC", text)
    text = "".join(text.split())
    return text.translate(_table(charmap)).casefold()


#: id(charmap) -> (the charmap, kept so its id stays its own; its translation table).
_TABLES: dict[int, tuple[Mapping[str, str], dict[int, str]]] = {}


def _table(charmap: Mapping[str, str]) -> dict[int, str]:
    cached = _TABLES.get(id(charmap))
    if cached is None or cached[0] is not charmap:
        cached = _TABLES[id(charmap)] = (charmap, {ord(key): value for key, value in charmap.items()})
    return cached[1]


class Converter:
    """Traditional -> mainland simplified, as the plan's original would read."""

    def __init__(self, artifacts: Iterable[tuple[str, str]]) -> None:
        import opencc  # build-time only: keeps OpenCC off the query path

        self._t2s = opencc.OpenCC("t2s")
        pairs = [(self._t2s.convert(text), mainland) for text, mainland in artifacts]
        # Longest first, so that a phrase inside a longer one cannot win.
        self._artifacts = sorted(pairs, key=lambda pair: -len(pair[0]))

    def characters(self, text: str) -> str:
        """Character conversion only (t2s): what a name's simplified form must be."""
        return self._t2s.convert(text)

    def mainland(self, text: str) -> str:
        """Characters plus the reviewed artifact list: the text as first written."""
        result = self._t2s.convert(text)
        for converted, mainland in self._artifacts:
            result = result.replace(converted, mainland)
        return result

    def charmap(self, texts: Iterable[str]) -> dict[str, str]:
        """Single-character map for every character in ``texts`` that t2s changes."""
        chars = sorted({ch for text in texts for ch in text})
        result = {}
        for ch in chars:
            simple = self._t2s.convert(ch)
            if simple != ch and len(simple) == 1:
                result[ch] = simple
        return result

"""Reading the Markdown documentation as GitHub renders it: fenced blocks, headings and their anchors."""

from __future__ import annotations

import re
from typing import NamedTuple

_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>```+|~~~+)(?P<info>[^`]*)$")


class Block(NamedTuple):
    info: str  # the fence's info string: sh, console, text, yaml, …
    text: str  # its lines, the fence's indentation removed
    line: int  # the line of the opening fence, from 1


def blocks(markdown: str) -> list[Block]:
    """Every fenced code block, in order."""
    found: list[Block] = []
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        indent, fence = len(opening["indent"]), opening["fence"]
        body: list[str] = []
        j = i + 1
        while j < len(lines) and lines[j].strip() != fence:
            body.append(lines[j][indent:] if lines[j][:indent].isspace() else lines[j].lstrip())
            j += 1
        found.append(Block(opening["info"].strip(), "\n".join(body) + "\n", i + 1))
        i = j + 1
    return found


def _lines(markdown: str) -> list[tuple[str, bool]]:
    """Each line, and whether it lies outside code blocks (the fences themselves count as inside)."""
    inside, found = None, []
    for line in markdown.splitlines():
        fence = _FENCE.match(line)
        if fence and (inside is None or line.strip() == inside):
            inside = fence["fence"] if inside is None else None
            found.append((line, False))
        else:
            found.append((line, inside is None))
    return found


def _heading(line: str) -> tuple[int, str] | None:
    m = re.match(r"^(#{1,6}) +(.+?)(?: +#+)? *$", line)
    return (len(m.group(1)), m.group(2)) if m else None


def headings(markdown: str) -> list[str]:
    """The text of every ATX heading outside code blocks, in order."""
    return [h[1] for line, outside in _lines(markdown) if outside and (h := _heading(line))]


def slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link's text only
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def anchors(markdown: str) -> set[str]:
    """Every anchor a link into this page may name (repeated headings get -1, -2, … as on GitHub)."""
    seen: dict[str, int] = {}
    found = set(re.findall(r'<a (?:id|name)="([^"]+)"', markdown))
    for heading in headings(markdown):
        base = slug(heading)
        count = seen.get(base, 0)
        found.add(base if count == 0 else f"{base}-{count}")
        seen[base] = count + 1
    return found


def section(markdown: str, heading: str) -> str:
    """The text under the heading ``heading`` (any level), up to the next heading of its level or higher."""
    lines = _lines(markdown)
    for i, (line, outside) in enumerate(lines):
        h = _heading(line) if outside else None
        if h and h[1] == heading:
            body = []
            for text, out in lines[i + 1 :]:
                nxt = _heading(text) if out else None
                if nxt and nxt[0] <= h[0]:
                    break
                body.append(text)
            return "\n".join(body) + "\n"
    raise AssertionError(f"no heading {heading!r}")

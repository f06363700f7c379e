"""Wrapping text measured in terminal columns, for Chinese help pages.

Click wraps help text by counting characters and breaks lines only at spaces.
A Chinese sentence has no spaces and each character takes two columns, so
click would print lines twice as wide as the terminal, cut anywhere. This
wraps as click's ``wrap_text(preserve_paragraphs=True)`` does (paragraphs
split by blank lines; a paragraph starting with a ``\\b`` line kept as it is),
but measures display width, may break between any two CJK characters, never
starts a line with closing punctuation (，。、；：）…) and never ends one with
opening punctuation (（“《).
"""

from __future__ import annotations

import unicodedata

_CLOSING = frozenset("，。、；：？！）》」』”’…%,.;:?!)]")
_OPENING = frozenset("（《「『“‘([")


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _atoms(text: str) -> list[str]:
    """Units a line may break between: each wide character, each run of narrow non-space characters, each space."""
    atoms: list[str] = []
    for char in text:
        if char == " ":
            atoms.append(" ")
        elif _wide(char) or not atoms or atoms[-1] == " " or _wide(atoms[-1][-1]):
            atoms.append(char)
        else:
            atoms[-1] += char
    glued: list[str] = []
    for atom in atoms:  # closing punctuation stays with what it closes
        if glued and atom[0] in _CLOSING and glued[-1] != " ":
            glued[-1] += atom
        elif glued and glued[-1][-1] in _OPENING and atom != " ":
            glued[-1] += atom
        else:
            glued.append(atom)
    return glued


def _join(lines: list[str]) -> str:
    """A paragraph's lines as one line: a space between words, none between CJK characters."""
    text = ""
    for line in (line.strip() for line in lines):
        if text and line and not (_wide(text[-1]) or _wide(line[0])):
            text += " "
        text += line
    return text


def _fill(text: str, width: int, first: str, rest: str) -> list[str]:
    lines: list[str] = []
    line, used = first, display_width(first)
    for atom in _atoms(text):
        size = display_width(atom)
        if used + size > width and line.strip():
            lines.append(line.rstrip())
            line, used = rest, display_width(rest)
            if atom == " ":
                continue
        line += atom
        used += size
    if line.strip():
        lines.append(line.rstrip())
    return lines


def wrap(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "") -> str:
    """``text`` re-wrapped to ``width`` columns, paragraph by paragraph (see the module's docstring)."""
    blocks: list[list[str]] = [[]]
    for line in text.expandtabs().splitlines():
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    out: list[str] = []
    for block in (b for b in blocks if b):
        if block[0].strip() == "\b":
            out.append("\n".join(initial_indent + line for line in block[1:]))
            continue
        indent = " " * (len(block[0]) - len(block[0].lstrip()))
        out.append("\n".join(_fill(_join(block), width, initial_indent + indent, subsequent_indent + indent)))
    return "\n\n".join(out)

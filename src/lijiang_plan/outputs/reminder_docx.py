"""The reminder (催报) as a Word document (python-docx): the notice's blocks in Word's own styles.

The office prints it or edits it into its own letterhead, so every part has a
style a Word user can change at once: Title (centred) for the notice's title,
Heading 1 for each group of units, Normal for the text, and three of our own
based on Normal: "Reminder Item" (a unit, hanging indent), "Reminder Detail"
(an error or what it still owes, indented) and "Sender" (the office and the
date, right-aligned). Chinese text is set in 宋体 (Word substitutes where it
is missing). The blocks come from `reminder_words.notice`, so the document
says exactly what the text to paste says.

python-docx is imported only here, when a .docx is written.
"""

from __future__ import annotations

import io
from typing import Any

from lijiang_plan.outputs import reminder_words as words

_STYLES = {
    words.TITLE: "Title",
    words.PARA: "Normal",
    words.HEADING: "Heading 1",
    words.ITEM: "Reminder Item",
    words.SUBITEM: "Reminder Detail",
    words.SIGN: "Sender",
}


def render(blocks: list[words.Block], title: str) -> bytes:
    import docx

    document = docx.Document()
    _styles(document)
    props = document.core_properties
    props.title, props.author = title, "lplan"
    for block in blocks:
        document.add_paragraph(block.text, style=_STYLES[block.kind])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _east_asian(style: Any, font: str) -> None:
    from docx.oxml.ns import qn

    properties = style.element.get_or_add_rPr()
    properties.get_or_add_rFonts().set(qn("w:eastAsia"), font)


def _styles(document: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    styles = document.styles
    normal = styles["Normal"]
    _east_asian(normal, "宋体")
    lang = normal.element.get_or_add_rPr().makeelement(qn("w:lang"), {qn("w:eastAsia"): "zh-CN"})
    normal.element.get_or_add_rPr().append(lang)
    normal.paragraph_format.space_after = Pt(6)
    title = styles["Title"]
    _east_asian(title, "宋体")
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _east_asian(styles["Heading 1"], "黑体")
    item = styles.add_style("Reminder Item", WD_STYLE_TYPE.PARAGRAPH)
    item.base_style = normal
    item.paragraph_format.left_indent = Cm(0.75)
    item.paragraph_format.first_line_indent = Cm(-0.75)
    detail = styles.add_style("Reminder Detail", WD_STYLE_TYPE.PARAGRAPH)
    detail.base_style = normal
    detail.paragraph_format.left_indent = Cm(1.5)
    detail.paragraph_format.space_after = Pt(2)
    sender = styles.add_style("Sender", WD_STYLE_TYPE.PARAGRAPH)
    sender.base_style = normal
    sender.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    sender.paragraph_format.space_after = Pt(0)

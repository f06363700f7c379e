"""The digest as a Word document (python-docx), for the office to edit into its report.

Built from Word's own styles so that a user can restyle the whole document
at once: Title, Heading 1–3 (which Word's navigation pane and table of
contents follow), and two styles of our own, "Account" (a unit's words,
indented) and "Speaker" (the unit's name before them), both based on Word's
built-in ones. The table of contents is a real TOC field; Word fills it in
when the document is opened (it asks to update fields). Every text from a
report has already been through `visible`, so nothing XML cannot hold
reaches python-docx, which would refuse it.

python-docx is imported only here, when a .docx is written.
"""

from __future__ import annotations

import io
from typing import Any

from lijiang_plan.i18n import _
from lijiang_plan.outputs import digest_words as words
from lijiang_plan.reports import digest as digests


def render(digest: digests.Digest) -> bytes:
    import docx

    word = docx.Document()
    _styles(word)
    _page(word)
    props = word.core_properties
    props.title, props.subject, props.author = words.title(digest), digest.title, "lplan"
    document = _Body(word)
    _para(document, words.title(digest), "Title")
    _para(document, words.subtitle(digest))
    _heading(document, _("Contents"), 1)
    _toc(word.add_paragraph())
    _sources(document, digest)
    _missing(document, digest)
    _totals(document, digest)
    for part in digest.parts:
        _heading(document, words.heading(part), min(part.level, 3))
        if isinstance(part, digests.Measure):
            _measure(document, part)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


class _Body:
    """Where new paragraphs and tables go: before the body's final section properties."""

    def __init__(self, word: Any) -> None:
        self.anchor = word.element.body.sectPr

    def add(self, element: Any) -> Any:
        self.anchor.addprevious(element)
        return element


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

Runs = str | list[tuple[str, str]]  # text, or (text, "" | "b" | "i") runs


def _para(document: _Body, text: Runs, style_id: str | None = None) -> Any:
    """A paragraph (``w:p``) before the final section properties, in the style with ``style_id``.

    Built as XML directly: python-docx's add_paragraph and style lookup by name
    cost about 2 ms a paragraph, and a digest has thousands of them.
    """
    from docx.oxml.parser import oxml_parser

    return document.add(_paragraph_element(oxml_parser.makeelement, text, style_id))


def _paragraph_element(make: Any, text: Runs, style_id: str | None = None) -> Any:
    paragraph = make(f"{W}p")
    if style_id is not None:
        properties = make(f"{W}pPr")
        properties.append(make(f"{W}pStyle", {f"{W}val": style_id}))
        paragraph.append(properties)
    for run_text, look in [(text, "")] if isinstance(text, str) else text:
        run = make(f"{W}r")
        if look:
            looks = make(f"{W}rPr")
            looks.append(make(f"{W}{look}"))
            run.append(looks)
        chars = make(f"{W}t", {XML_SPACE: "preserve"})
        chars.text = run_text
        run.append(chars)
        paragraph.append(run)
    return paragraph


def _heading(document: _Body, text: str, level: int) -> Any:
    return _para(document, text, f"Heading{level}")


def _bullet(document: _Body, text: str) -> Any:
    return _para(document, text, "ListBullet")


def _styles(document: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    styles = document.styles
    normal = styles["Normal"]
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), "宋体")  # Chinese desks' default; Word substitutes where it is missing
    lang = normal.element.get_or_add_rPr().makeelement(qn("w:lang"), {qn("w:eastAsia"): "zh-CN"})
    normal.element.get_or_add_rPr().append(lang)
    account = styles.add_style("Account", WD_STYLE_TYPE.PARAGRAPH)
    account.base_style = normal
    account.paragraph_format.left_indent = Cm(0.75)
    account.paragraph_format.space_after = Pt(2)
    speaker = styles.add_style("Speaker", WD_STYLE_TYPE.PARAGRAPH)
    speaker.base_style = normal
    speaker.paragraph_format.space_before = Pt(6)
    speaker.paragraph_format.keep_with_next = True
    _update_fields_on_open(document.settings.element)


#: What follows w:updateFields in w:settings (ECMA-376 CT_Settings is a sequence: Word ignores, or refuses,
#: an element out of its place; python-docx's settings hold several of these).
_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema",
    "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
    "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
    "decimalSymbol", "listSeparator",
)  # fmt: skip


def _update_fields_on_open(settings: Any) -> None:
    """<w:updateFields w:val="true"/> in its place in the settings: Word and WPS fill the table of contents on open."""
    element = settings.makeelement(f"{W}updateFields", {f"{W}val": "true"})
    later = next((child for child in settings if child.tag in {f"{W}{name}" for name in _AFTER_UPDATE_FIELDS}), None)
    if later is None:
        settings.append(element)
    else:
        later.addprevious(element)


def _page(word: Any) -> None:
    """A4, the page Chinese offices print on (python-docx's own template is US Letter)."""
    from docx.shared import Twips

    section = word.sections[0]
    section.page_width, section.page_height = Twips(_PAGE["width"]), Twips(_PAGE["height"])
    section.top_margin, section.bottom_margin = Twips(_PAGE["top"]), Twips(_PAGE["bottom"])
    section.left_margin, section.right_margin = Twips(_PAGE["left"]), Twips(_PAGE["right"])


def _toc(paragraph: Any) -> None:
    """A TOC field over Heading 1–3, with a placeholder until Word updates it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> Any:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = 'TOC \\o "1-3" \\h \\z \\u'
    for element in (char("begin"), instruction, char("separate")):
        paragraph.add_run()._r.append(element)
    paragraph.add_run(_("Right-click here and choose Update Field to show the table of contents."))
    paragraph.add_run()._r.append(char("end"))


#: The page: A4 with Word's default margins for Chinese documents (2.54 cm top and bottom, 3.17 cm left and right).
_PAGE = {"width": 11906, "height": 16838, "top": 1440, "bottom": 1440, "left": 1797, "right": 1797}
#: The text's width in twentieths of a point (twips), which table columns share.
TEXT_WIDTH = _PAGE["width"] - _PAGE["left"] - _PAGE["right"]
#: Column shares of the text width: the sources (unit, file, date, status, errors, warnings), the figures.
_SOURCE_WIDTHS = (0.22, 0.31, 0.16, 0.15, 0.08, 0.08)
_FIGURE_WIDTHS = (0.30, 0.12, 0.58)


def _table(document: _Body, head: list[str], rows: list[list[str]], shares: tuple[float, ...]) -> None:
    """A "Table Grid" table across the text width, fixed columns (a file name wraps within its column, never one
    character a line), its bold header row repeated on every page; built as XML (see `_para`)."""
    from docx.oxml.parser import oxml_parser

    make = oxml_parser.makeelement
    widths = [str(int(TEXT_WIDTH * share)) for share in shares]
    table = make(f"{W}tbl")
    properties = make(f"{W}tblPr")
    properties.append(make(f"{W}tblStyle", {f"{W}val": "TableGrid"}))
    properties.append(make(f"{W}tblW", {f"{W}w": str(TEXT_WIDTH), f"{W}type": "dxa"}))
    properties.append(make(f"{W}tblLayout", {f"{W}type": "fixed"}))
    table.append(properties)
    grid = make(f"{W}tblGrid")
    for width in widths:
        grid.append(make(f"{W}gridCol", {f"{W}w": width}))
    table.append(grid)
    for index, cells in enumerate([head, *rows]):
        row = make(f"{W}tr")
        if index == 0:
            row_properties = make(f"{W}trPr")
            row_properties.append(make(f"{W}tblHeader"))
            row.append(row_properties)
        for text, width in zip(cells, widths, strict=True):
            cell = make(f"{W}tc")
            cell_properties = make(f"{W}tcPr")
            cell_properties.append(make(f"{W}tcW", {f"{W}w": width, f"{W}type": "dxa"}))
            cell.append(cell_properties)
            cell.append(_paragraph_element(make, [(text, "b" if index == 0 else "")]))
            row.append(cell)
        table.append(row)
    document.add(table)


def _sources(document: _Body, digest: digests.Digest) -> None:
    _heading(document, _("Sources"), 1)
    head = [_("Unit"), _("File"), _("Submitted on"), _("Status"), _("Errors"), _("Warnings")]
    rows = [
        [s.unit, s.file, s.submitted, words.unit_status(s.status), str(s.errors), str(s.warnings)]
        for s in digest.sources
    ]
    _table(document, head, rows, _SOURCE_WIDTHS)
    if digest.not_counted:
        _para(document, _("Files read but not counted:"))
        for path, use in digest.not_counted:
            _bullet(document, words.noted(digests.file_name(path), words.use(use)))


def _totals(document: _Body, digest: digests.Digest) -> None:
    if not digest.totals:
        return
    _heading(document, words.totals_heading(), 1)
    _para(document, words.totals_note())
    rows = [[f.label, f.total, words.parts(f.parts)] for f in digest.totals]
    _table(document, [_("Figure"), _("Total"), _("By measure")], rows, _FIGURE_WIDTHS)


def _missing(document: _Body, digest: digests.Digest) -> None:
    _heading(document, _("What is missing"), 1)
    _heading(document, _("Units that have not reported"), 2)
    for unit, status in digest.not_reported:
        _bullet(document, words.noted(unit, words.unit_status(status)))
    if not digest.not_reported:
        _para(document, _("None: every unit has a readable report."))
    _heading(document, _("Measures no lead unit reported on"), 2)
    for measure, title in digest.uncovered:
        _bullet(document, f"{measure} {title}")
    if not digest.uncovered:
        _para(document, _("None: every measure has a lead unit's account."))


def _measure(document: _Body, measure: digests.Measure) -> None:
    if measure.leads:
        _para(document, _("Lead units: {units}.").format(units="、".join(measure.leads)))
    for account in measure.accounts:
        _para(document, [(account.unit, "b"), (words.speaker(account), "")], "Speaker")
        for line in account.account.split("\n"):
            if line.strip():
                _para(document, line.strip(), "Account")
        if account.reason:
            _para(document, _("Reason: {reason}").format(reason=account.reason), "Account")
        if account.figures:
            _para(document, _("Figures: {figures}").format(figures=words.figures(account.figures)), "Account")
    if measure.figures:
        rows = [[f.label, f.total, words.parts(f.parts)] for f in measure.figures]
        _table(document, [_("Figure"), _("Total"), _("Reported by")], rows, _FIGURE_WIDTHS)
    missing = words.missing_line(measure)
    if missing:
        _para(document, [(missing, "i")])

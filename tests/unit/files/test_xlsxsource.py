"""The workbook reader on XML as Excel and other programs write it (openpyxl writes only some of it).

Excel stores text in a shared-strings table (with rich-text runs and phonetic
guides), dates as numbers with a date style, sometimes omits cell references,
and other writers prefix the elements (x:c). Each is built here by hand.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lijiang_plan.files.xlsxsource import WorkbookProblem, _Ranges, cell_name, column_letter, open_book, xml_encoding

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _book(
    sheet_data: str, *, date1904: bool = False, extra: str = "", prefix: str = "", sheet: str | bytes = ""
) -> bytes:
    p = f"{prefix}:" if prefix else ""
    ns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    parts = {
        "xl/workbook.xml": f'<{p}workbook {ns} xmlns:r="{REL}"><{p}workbookPr date1904="{int(date1904)}"/>'
        f'<{p}sheets><{p}sheet name="填报" sheetId="1" r:id="rId1"/>'
        f'<{p}sheet name="隐藏" sheetId="2" state="hidden" r:id="rId2"/></{p}sheets></{p}workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{REL}/worksheet" Target="/xl/worksheets/sheet2.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}"><si><t>编号</t></si>'
        "<si><r><t>工作</t></r><r><rPr><b/></rPr><t>情况</t></r><rPh><t>ぎ</t></rPh></si><si><t/></si></sst>",
        "xl/styles.xml": f'<styleSheet xmlns="{MAIN}"><numFmts><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
        '<numFmt numFmtId="165" formatCode="0.00&quot;d&quot;"/></numFmts>'
        '<cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml": f'<{p}worksheet {ns}><{p}cols><{p}col min="3" max="4" hidden="1"/></{p}cols>'
        f"<{p}sheetData>{sheet_data}</{p}sheetData>{extra}</{p}worksheet>"
        if not sheet
        else sheet,
        "xl/worksheets/sheet2.xml": f'<worksheet xmlns="{MAIN}"><sheetData/></worksheet>',
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


ROWS = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>'
    '<row r="2" hidden="1"><c r="A2" s="1"><v>45824</v></c><c r="B2" s="2"><v>45824.5</v></c>'
    '<c r="C2" s="3"><v>3.10</v></c><c r="D2"><v>3.1</v></c></row>'
    '<row r="3"><c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c><c t="str"><f>A1&amp;B1</f><v>编号工作情况</v></c>'
    '<c t="d"><v>2025-06-16T00:00:00</v></c><c><f t="shared" si="0"/><v>7</v></c></row>'
    '<row r="5"><c r="A5" t="inlineStr"><is><r><t>一</t></r><r><t>二</t></r></is></c><c r="B5"><v>12</v></c></row>'
)


@pytest.mark.parametrize("prefix", ["", "x"])
def test_cells_as_excel_stores_them(prefix):
    book = open_book(_book(ROWS, extra='<mergeCells><mergeCell ref="A5:B6"/></mergeCells>', prefix=prefix))
    sheet, hidden = book.sheets
    assert (sheet.name, hidden.name, hidden.state) == ("填报", "隐藏", "hidden")
    values = {cell_name(*pos): (c.value, c.formula, c.error) for pos, c in sheet.cells.items()}
    assert values == {
        "A1": ("编号", False, False),
        "B1": ("工作情况", False, False),  # runs joined, the phonetic guide left out; C1 is empty
        "A2": (dt.datetime(2025, 6, 16), False, False),  # built-in date format 14
        "B2": (dt.datetime(2025, 6, 16, 12), False, False),  # custom format yyyy"年"m"月"d"日"
        "C2": (3.1, False, False),  # 0.00"d": quoted d is not a date; stored 3.10 is the number 3.1
        "D2": (3.1, False, False),
        "A3": (True, False, False),
        "B3": ("#N/A", False, True),
        "C3": ("=A1&B1", True, False),  # the cached result is never used
        "D3": (dt.datetime(2025, 6, 16), False, False),
        "E3": ("(a shared formula)", True, False),
        "A5": ("一二", False, False),
        "B5": (12, False, False),
    }
    assert type(sheet.cells[(5, 2)].value) is int
    assert sheet.hidden_rows == [2] and sheet.hidden_columns == [(3, 4)]
    assert sheet.merged == [(5, 1, 6, 2)]


def test_the_1904_date_system():
    sheet = open_book(_book('<row r="1"><c r="A1" s="1"><v>0</v></c></row>', date1904=True)).sheets[0]
    assert sheet.value(1, 1) == dt.datetime(1904, 1, 1)
    book = open_book(
        _book('<row r="1"><c r="A1" s="1"><v>44362</v></c><c r="B1" s="1"><v>2957004</v></c></row>', date1904=True)
    )
    assert book.date1904 and book.sheets[0].value(1, 1) == dt.datetime(2025, 6, 16)  # not 2029-06-17
    assert book.sheets[0].value(1, 2) == 2957004  # past 9999-12-31 in this system: the number, no overflow


def test_a_cell_far_out_costs_one_cell():
    sheet = open_book(_book('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')).sheets[0]
    assert list(sheet.cells) == [(1048576, 16384)]


@pytest.mark.parametrize(
    "rows",
    [
        '<row r="1"><c r="A1" t="s"><v>99</v></c></row>',  # a shared string that is not there
        '<row r="1"><c r="XFE1"><v>1</v></c></row>',  # beyond the last column
        '<row r="1"><c r="A1"><v>abc</v></c></row>',  # not a number
        '<row r="1"><c r="A1"><v>1</v></row>',  # not XML
    ],
)
def test_damage_inside_a_sheet_is_named_as_damage(rows):
    book = open_book(_book(rows))
    with pytest.raises(WorkbookProblem) as problem:
        book.sheets[0].cells  # noqa: B018 - parsed on first use
    assert problem.value.rule == "not-a-workbook" and "damaged" in problem.value.message


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])  # UTF-16 (with its BOM) is as valid XML as UTF-8
def test_entity_expansion_is_refused_not_expanded(encoding):
    bomb = (
        f'<?xml version="1.0" encoding="{encoding}"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
        + f']><worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&i;</t></is></c></row></sheetData></worksheet>'
    )
    with pytest.raises(WorkbookProblem) as problem:
        open_book(_book("", sheet=bomb.encode(encoding))).sheets[0].cells  # noqa: B018
    assert problem.value.rule == "not-a-workbook"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_any_doctype_is_refused_even_one_that_expat_would_expand_harmlessly(encoding):
    sheet = f'<?xml version="1.0" encoding="{encoding}"?><!DOCTYPE w [<!ENTITY a "工作">]><worksheet xmlns="{MAIN}">'
    sheet += '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&a;</t></is></c></row></sheetData></worksheet>'
    with pytest.raises(WorkbookProblem) as problem:
        open_book(_book("", sheet=sheet.encode(encoding))).sheets[0].cells  # noqa: B018
    assert problem.value.rule == "not-a-workbook"


def _replace_part(raw: bytes, name: str, data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(raw))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for part in source.namelist():
            out.writestr(part, data if part == name else source.read(part))
        if name not in source.namelist():  # a part the book did not have
            out.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_doctype_in_the_shared_strings_is_refused_in_either_encoding(encoding):
    """Parts other than sheets (shared strings, styles, the workbook) are parsed whole: the same refusal."""
    strings = f'<?xml version="1.0" encoding="{encoding}"?><!DOCTYPE s [<!ENTITY a "工作">]>'
    strings += f'<sst xmlns="{MAIN}"><si><t>&a;</t></si></sst>'
    raw = _book('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    with pytest.raises(WorkbookProblem) as problem:
        open_book(_replace_part(raw, "xl/sharedStrings.xml", strings.encode(encoding)))
    assert problem.value.rule == "not-a-workbook"
    plain = f'<?xml version="1.0" encoding="{encoding}"?><sst xmlns="{MAIN}"><si><t>工作</t></si></sst>'
    sheet = open_book(_replace_part(raw, "xl/sharedStrings.xml", plain.encode(encoding))).sheets[0]
    assert sheet.value(1, 1) == "工作"


def test_a_sheet_in_utf16_is_read():
    sheet = f'<?xml version="1.0" encoding="UTF-16"?><worksheet xmlns="{MAIN}"><sheetData><row r="1">'
    sheet += '<c r="A1" t="inlineStr"><is><t>工作</t></is></c></row></sheetData></worksheet>'
    assert open_book(_book("", sheet=sheet.encode("utf-16"))).sheets[0].value(1, 1) == "工作"


def test_column_letters():
    assert [column_letter(n) for n in (1, 26, 27, 52, 16384)] == ["A", "Z", "AA", "AZ", "XFD"]


def _with_padding(raw: bytes, parts: int) -> bytes:
    """The workbook in ``raw`` with empty parts added until it holds ``parts`` parts."""
    buffer = io.BytesIO(raw)
    with zipfile.ZipFile(buffer, "a") as archive:
        for number in range(parts - len(archive.infolist())):
            archive.writestr(f"customXml/item{number}.xml", "")
    return buffer.getvalue()


def test_a_workbook_of_exactly_the_part_limit_is_read_and_one_part_more_is_too_large():
    limit = 1000  # the README's figure: more than 1,000 parts is too-large
    raw = _book('<row r="1"><c r="A1"><v>1</v></c></row>')
    assert open_book(_with_padding(raw, limit)).sheets[0].value(1, 1) == 1
    with pytest.raises(WorkbookProblem) as problem:
        open_book(_with_padding(raw, limit + 1))
    assert problem.value.rule == "too-large"
    assert problem.value.message == "the workbook has 1,001 parts; a report has a few dozen"


def _with_flags(raw: bytes, bits: int) -> bytes:
    """``raw`` with ``bits`` set in every part's general-purpose flags (local and central headers)."""
    out = bytearray(raw)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = out.find(signature)
        while at != -1:
            out[at + offset] |= bits
            at = out.find(signature, at + 4)
    return bytes(out)


def _zip(*names: str, flag_bits: int = 0) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return _with_flags(buffer.getvalue(), flag_bits)


SAVE_AS = "open it in Excel and save it as Excel Workbook (.xlsx)"


@pytest.mark.parametrize(
    ("raw", "rule", "message"),
    [
        (b"", "not-a-workbook", "the file is empty, not an Excel workbook (.xlsx)"),
        (b"\xef\xbb\xbf \r\n\t", "not-a-workbook", "the file is empty, not an Excel workbook (.xlsx)"),
        (
            b"\n" * 600 + b"unit,period\n",  # blank lines before the text: not empty
            "not-a-workbook",
            f"the file is text (a CSV or YAML file renamed?), not an Excel workbook (.xlsx); {SAVE_AS}",
        ),
        (
            b"<!DOCTYPE html><table>",
            "not-a-workbook",
            "the file is a web page or XML file (some systems save those with an Excel name), "
            f"not an Excel workbook (.xlsx); {SAVE_AS}",
        ),
        (b"%PDF-1.7\n", "not-a-workbook", f"the file is a PDF document, not an Excel workbook (.xlsx); {SAVE_AS}"),
        # Binary is judged on the first 512 bytes: a NUL at byte 511 (0-based) is inside, at 512 outside.
        (b"a" * 511 + b"\x00", "not-a-workbook", f"the file is binary data, not an Excel workbook (.xlsx); {SAVE_AS}"),
        (
            b"a" * 512 + b"\x00",
            "not-a-workbook",
            f"the file is text (a CSV or YAML file renamed?), not an Excel workbook (.xlsx); {SAVE_AS}",
        ),
        (_zip("word/document.xml"), "not-a-workbook", "the file is a Word document, not an Excel workbook (.xlsx)"),
        (
            _zip("ppt/presentation.xml"),
            "not-a-workbook",
            "the file is a PowerPoint presentation, not an Excel workbook (.xlsx)",
        ),
        (
            _zip("content.xml", "mimetype"),
            "not-a-workbook",
            "the file is an OpenDocument file (WPS or LibreOffice), not an Excel workbook (.xlsx);"
            " save it as Excel Workbook (.xlsx)",
        ),
        (_zip("notes.txt"), "not-a-workbook", "the file is a zip archive, not an Excel workbook (.xlsx)"),
        (
            _zip("xl/workbook.xml", flag_bits=0x1),  # bit 0 of a part's flags: encrypted
            "encrypted",
            "parts of the zip are encrypted; save the workbook without a password",
        ),
    ],
)
def test_a_file_that_is_not_a_workbook_is_named_for_what_it_is(raw, rule, message):
    with pytest.raises(WorkbookProblem) as problem:
        open_book(raw)
    assert (problem.value.rule, problem.value.message) == (rule, message)


def test_a_part_with_other_zip_flags_is_read():
    """Flag bit 1 is a deflate option, not encryption (bit 0)."""
    raw = _with_flags(_book('<row r="1"><c r="A1"><v>1</v></c></row>'), 0x2)
    assert all(info.flag_bits & 0x2 for info in zipfile.ZipFile(io.BytesIO(raw)).infolist())
    assert open_book(raw).sheets[0].value(1, 1) == 1


def test_merged_cells_and_hidden_rows_and_columns_read_whichever_is_asked_first():
    extra = '<mergeCells><mergeCell ref="A5:B6"/></mergeCells>'
    assert open_book(_book(ROWS, extra=extra)).sheets[0].merged == [(5, 1, 6, 2)]
    assert open_book(_book(ROWS, extra=extra)).sheets[0].hidden_rows == [2]
    assert open_book(_book(ROWS, extra=extra)).sheets[0].hidden_columns == [(3, 4)]


def test_a_workbook_unpacking_to_exactly_the_limit_is_read_and_one_byte_more_is_too_large():
    limit = 16 * 1024 * 1024  # the README's figure: 16 MiB unpacked

    def padded(total: int) -> bytes:
        buffer = io.BytesIO(_book('<row r="1"><c r="A1"><v>1</v></c></row>'))
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
            size = sum(info.file_size for info in archive.infolist())
            archive.writestr("customXml/padding.bin", bytes(total - size))
        return buffer.getvalue()

    assert open_book(padded(limit)).sheets[0].value(1, 1) == 1
    with pytest.raises(WorkbookProblem) as problem:
        open_book(padded(limit + 1))
    assert (problem.value.rule, problem.value.message) == (
        "too-large",
        "the workbook unpacks to 16,777,217 bytes (limit 16,777,216); a report is far smaller: is it the right file?",
    )


def test_a_chart_sheet_and_a_sheet_whose_part_is_missing_have_no_cells():
    raw = _book('<row r="1"><c r="A1"><v>1</v></c></row>')
    rels = zipfile.ZipFile(io.BytesIO(raw)).read("xl/_rels/workbook.xml.rels").decode()
    charts = rels.replace(f"{REL}/worksheet", f"{REL}/chartsheet", 1)  # the first sheet is a chart sheet
    sheet = open_book(_replace_part(raw, "xl/_rels/workbook.xml.rels", charts.encode())).sheets[0]
    assert (sheet.name, sheet.chart, sheet.cells) == ("填报", True, {})
    missing = rels.replace("worksheets/sheet1.xml", "worksheets/gone.xml")  # no such part: nothing to read
    sheet = open_book(_replace_part(raw, "xl/_rels/workbook.xml.rels", missing.encode())).sheets[0]
    assert (sheet.name, sheet.chart, sheet.cells) == ("填报", True, {})
    assert open_book(raw).sheets[0].chart is False


def _drop_part(raw: bytes, name: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(raw))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for part in source.namelist():
            if part != name:
                out.writestr(part, source.read(part))
    return buffer.getvalue()


def test_parts_a_workbook_may_leave_out():
    """No styles: numbers are numbers. No shared strings: inline text still reads. No rels: no sheet has cells."""
    raw = _book('<row r="1"><c r="A1" s="1"><v>45824</v></c><c r="B1" t="inlineStr"><is><t>文</t></is></c></row>')
    sheet = open_book(_drop_part(raw, "xl/styles.xml")).sheets[0]
    assert (sheet.value(1, 1), sheet.value(1, 2)) == (45824, "文")
    sheet = open_book(_drop_part(raw, "xl/sharedStrings.xml")).sheets[0]
    assert (sheet.value(1, 1), sheet.value(1, 2)) == (dt.datetime(2025, 6, 16), "文")
    sheets = open_book(_drop_part(raw, "xl/_rels/workbook.xml.rels")).sheets
    assert [(s.name, s.chart, s.cells) for s in sheets] == [("填报", True, {}), ("隐藏", True, {})]


def test_only_cell_formats_decide_dates_not_the_cell_style_formats_before_them():
    """styles.xml lists cellStyleXfs (named styles) before cellXfs; a cell's s= indexes cellXfs only."""
    styles = (
        f'<styleSheet xmlns="{MAIN}"><cellStyleXfs><xf numFmtId="14"/><xf numFmtId="0"/></cellStyleXfs>'
        '<cellXfs><xf numFmtId="0"/><xf/><xf numFmtId="14"/></cellXfs></styleSheet>'
    )
    rows = '<row r="1"><c r="A1" s="0"><v>45824</v></c><c r="B1" s="1"><v>45824</v></c><c r="C1" s="2"><v>45824</v></c></row>'
    sheet = open_book(_replace_part(_book(rows), "xl/styles.xml", styles.encode())).sheets[0]
    assert [sheet.value(1, c) for c in (1, 2, 3)] == [45824, 45824, dt.datetime(2025, 6, 16)]


@pytest.mark.parametrize(
    ("stored", "value"),
    [
        ("2958465", dt.datetime(9999, 12, 31)),  # the last day a spreadsheet can show
        ("2958466", 2958466),  # past it: the number, not a date
        ("0.375", dt.time(9)),  # Excel shows 1900-01-00 09:00: a time of day, no date
        ("-0.5", -0.5),  # before the epoch: the number
        ("1", dt.datetime(1900, 1, 1)),  # Excel's day 1 (a plain count from 1899-12-30 makes it 12-31)
        ("59", dt.datetime(1900, 2, 28)),
        ("60", "60"),  # Excel's 1900-02-29, a day that never was: the cell says no day
        ("61", dt.datetime(1900, 3, 1)),
    ],
)
def test_a_date_formatted_number_is_a_date_only_within_the_spreadsheet_calendar(stored, value):
    sheet = open_book(_book(f'<row r="1"><c r="A1" s="1"><v>{stored}</v></c></row>')).sheets[0]
    assert sheet.value(1, 1) == value and type(sheet.value(1, 1)) is type(value)


@pytest.mark.parametrize(("stored", "value"), [("12", 12), ("-7", -7), ("3.0", 3.0), ("1E+2", 100.0), ("2.5", 2.5)])
def test_whole_numbers_are_int_only_when_stored_without_a_decimal_point_or_exponent(stored, value):
    sheet = open_book(_book(f'<row r="1"><c r="A1"><v>{stored}</v></c></row>')).sheets[0]
    assert sheet.value(1, 1) == value and type(sheet.value(1, 1)) is type(value)


def test_rows_and_cells_without_references_follow_the_one_before():
    rows = (
        '<row><c t="inlineStr"><is><t>a</t></is></c><c t="str"><v>b</v></c></row>'  # a str cell needs no formula
        '<row><c><v>1</v></c></row><row r="5"><c><v>5</v></c></row><row><c r="C6"><v>6</v></c><c><v>7</v></c></row>'
    )
    cells = {cell_name(*pos): c.value for pos, c in open_book(_book(rows)).sheets[0].cells.items()}
    assert cells == {"A1": "a", "B1": "b", "A2": 1, "A5": 5, "C6": 6, "D6": 7}


def test_hidden_columns_with_their_range_given_in_part_or_in_full():
    cols = '<cols><col min="2" max="3" hidden="1"/><col min="6" hidden="1"/><col min="9" max="9"/></cols>'
    sheet = f'<worksheet xmlns="{MAIN}">{cols}<sheetData/></worksheet>'
    assert open_book(_book("", sheet=sheet)).sheets[0].hidden_columns == [(2, 3), (6, 6)]
    sheet = f'<worksheet xmlns="{MAIN}"><cols><col hidden="true"/></cols><sheetData/></worksheet>'
    assert open_book(_book("", sheet=sheet)).sheets[0].hidden_columns == [(1, 1)]


def test_inline_text_leaves_out_phonetic_guides_and_the_layout_between_elements():
    rows = (
        '<row r="1"><c r="A1" t="inlineStr"><is><r><t>工作</t></r><rPh sb="0" eb="2"><t>こうさく</t></rPh></is></c>'
        '<c r="B1" t="inlineStr">\n  <is>\n    <t>一</t>\n  </is>\n</c>'  # pretty-printed XML
        '<c r="C1" t="inlineStr"><is><r><t>甲</t></r><rPh><t>こう</t></rPh><r><t>乙</t></r></is></c></row>'
    )
    sheet = open_book(_book(rows)).sheets[0]
    assert (sheet.value(1, 1), sheet.value(1, 2), sheet.value(1, 3)) == ("工作", "一", "甲乙")


def test_a_cell_without_a_style_takes_the_first_cell_format():
    styles = f'<styleSheet xmlns="{MAIN}"><cellXfs><xf numFmtId="14"/><xf numFmtId="0"/></cellXfs></styleSheet>'
    rows = '<row r="1"><c r="A1"><v>45824</v></c><c r="B1" s="1"><v>45824</v></c></row>'
    sheet = open_book(_replace_part(_book(rows), "xl/styles.xml", styles.encode())).sheets[0]
    assert (sheet.value(1, 1), sheet.value(1, 2)) == (dt.datetime(2025, 6, 16), 45824)


def test_the_built_in_date_formats_of_every_locale_are_dates():
    """ECMA-376 Part 1, 18.8.30: a cell format may name a built-in number format by ID alone.

    14-22 and 45-47 show dates and times everywhere; 27-36 and 50-58 are the
    Chinese (and Japanese, Korean) dates and times, e.g. 31 yyyy"年"m"月"d"日,
    32 h"时"mm"分". The others are numbers, percentages, fractions and text.
    """
    dates = [*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)]
    ids = range(0, 65)
    formats = "".join(f'<xf numFmtId="{i}"/>' for i in ids)
    styles = f'<styleSheet xmlns="{MAIN}"><cellXfs>{formats}</cellXfs></styleSheet>'
    rows = '<row r="1">' + "".join(f'<c r="{column_letter(i + 1)}1" s="{i}"><v>45824</v></c>' for i in ids) + "</row>"
    sheet = open_book(_replace_part(_book(rows), "xl/styles.xml", styles.encode())).sheets[0]
    read_as_dates = [i for i in ids if isinstance(sheet.value(1, i + 1), dt.datetime)]
    assert read_as_dates == dates


@pytest.mark.parametrize(
    "target",
    [
        "worksheets/sheet1.xml",
        "/xl/worksheets/sheet1.xml",
        "./worksheets/sheet1.xml",
        "../xl/worksheets/sheet1.xml",
        "worksheets//sheet1.xml",
        "worksheets/../worksheets/sheet1.xml",
        "../../xl/worksheets/sheet1.xml",
    ],
)
def test_a_sheet_is_found_however_its_relationship_spells_the_path(target):
    """Targets are relative to xl/ unless absolute; writers use ./, ../ and doubled slashes."""
    raw = _book('<row r="1"><c r="A1"><v>1</v></c></row>')
    rels = zipfile.ZipFile(io.BytesIO(raw)).read("xl/_rels/workbook.xml.rels").decode()
    rels = rels.replace('Target="worksheets/sheet1.xml"', f'Target="{target}"')
    sheet = open_book(_replace_part(raw, "xl/_rels/workbook.xml.rels", rels.encode())).sheets[0]
    assert (sheet.chart, sheet.value(1, 1)) == (False, 1)


@pytest.mark.parametrize(
    ("code", "is_date"),
    [
        ('yyyy"年"m"月"d"日"', True),
        ("m/d", True),
        ("mmm", True),  # a month alone
        ("[$-804]aaaa", False),  # a weekday name only: no y, d or m
        ("h:mm", False),
        ("mm:ss", False),  # m beside s is minutes
        ("[h]:mm", False),  # elapsed hours: m beside h is minutes
        ("[mm]:ss", False),
        ("[H]:MM", False),
        ("[$-804]yyyy/m/d", True),  # a locale in brackets is not a letter
        ('0.00"d"', False),  # quoted letters are text
        ("0\\d", False),  # an escaped letter is text
        ("[Red]0.00", False),  # a colour in brackets
        ("#,##0;yyyy", False),  # only the first section decides
        ("General", False),
        ("@", False),
        ("YYYY-MM-DD", True),  # letters in either case
    ],
)
def test_a_custom_number_format_is_a_date_when_it_shows_a_year_day_or_month(code, is_date):
    from xml.sax.saxutils import quoteattr

    styles = f'<styleSheet xmlns="{MAIN}"><numFmts><numFmt numFmtId="164" formatCode={quoteattr(code)}/></numFmts>'
    styles += '<cellXfs><xf numFmtId="164"/></cellXfs></styleSheet>'
    raw = _replace_part(_book('<row r="1"><c r="A1" s="0"><v>45824</v></c></row>'), "xl/styles.xml", styles.encode())
    assert isinstance(open_book(raw).sheets[0].value(1, 1), dt.datetime) is is_date


@pytest.mark.parametrize(
    ("ref", "readable"), [("A1048576", True), ("A1048577", False), ("XFD1", True), ("A0", False), ("$B$2", True)]
)
def test_cell_references_within_the_sheet_bounds(ref, readable):
    book = open_book(_book(f'<row r="1"><c r="{ref}"><v>1</v></c></row>'))
    if readable:
        assert list(book.sheets[0].cells.values())[0].value == 1
    else:
        with pytest.raises(WorkbookProblem):
            book.sheets[0].cells  # noqa: B018


# -- encodings, ranges and indexes as an attacker writes them (issue #23) ------------------------------------

BOMB = '<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'


@pytest.mark.parametrize(
    ("head", "encoding"),
    [
        (b"<?xml version='1.0'?><a/>", "UTF-8"),
        (b"<a/>", "UTF-8"),  # no declaration: UTF-8, as the spec says
        (b"\xef\xbb\xbf<a/>", "UTF-8"),
        ("<?xml version='1.0' encoding='UTF-16'?>".encode("utf-16-be"), "UTF-16BE"),  # no byte order mark
        ("<?xml version='1.0' encoding='UTF-16'?>".encode("utf-16-le"), "UTF-16LE"),
        ("\ufeff<a/>".encode("utf-16-be"), "UTF-16BE"),
        ("\ufeff<a/>".encode("utf-16-le"), "UTF-16LE"),
    ],
)
def test_a_part_s_encoding_is_read_from_its_first_bytes_as_the_xml_spec_says(head, encoding):
    assert xml_encoding(head) == encoding


@pytest.mark.parametrize(
    "head",
    [
        "<?xml version='1.0'?>".encode("utf-32-be"),
        "\ufeff<?xml version='1.0'?>".encode("utf-32-le"),
        b"<?xml version='1.0' encoding='ISO-8859-1'?><a/>",
        b"<?xml version='1.0' encoding='UTF-7'?><a/>",
        "<?xml version='1.0' encoding='UTF-8'?>".encode("utf-16-le"),  # says UTF-8, is UTF-16
        b"\x4c\x6f\xa7\x94\x93\x40",  # <?xml in EBCDIC
    ],
)
def test_a_part_in_any_other_encoding_is_refused(head):
    with pytest.raises(ValueError):
        xml_encoding(head)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-be", "utf-16-le", "utf-16"])
def test_a_doctype_is_refused_in_every_encoding_a_part_may_have(encoding):
    strings = (
        f'<?xml version="1.0" encoding="{encoding.upper()[:6]}"?>{BOMB}<sst xmlns="{MAIN}"><si><t>&b;</t></si></sst>'
    )
    raw = _replace_part(_book(ROWS), "xl/sharedStrings.xml", strings.encode(encoding))
    with pytest.raises(WorkbookProblem) as problem:
        open_book(raw)
    assert problem.value.rule == "not-a-workbook"


def test_a_part_in_utf_16_with_no_doctype_is_read():
    strings = f'<?xml version="1.0" encoding="UTF-16"?><sst xmlns="{MAIN}"><si><t>编号</t></si></sst>'
    raw = _replace_part(
        _book('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), "xl/sharedStrings.xml", strings.encode("utf-16")
    )
    assert open_book(raw).sheets[0].value(1, 1) == "编号"


@pytest.mark.parametrize(
    "cells",
    [
        '<row r="1"><c r="A1" t="s"><v>-1</v></c></row>',  # would read the last string
        '<row r="1"><c r="A1" t="s"><v>3</v></c></row>',  # past the last string
        '<row r="0"><c><v>1</v></c></row>',
        '<row r="-5"><c><v>1</v></c></row>',
        '<row r="1048577"><c><v>1</v></c></row>',
        '<row r="1"><c r="XFD1"><v>1</v></c><c><v>2</v></c></row>',  # a cell after the last column
    ],
)
def test_an_index_or_row_outside_its_table_or_sheet_is_damage(cells):
    with pytest.raises(WorkbookProblem):
        _ = open_book(_book(cells)).sheets[0].cells


@pytest.mark.parametrize(
    "col",
    [
        '<col min="-300000000" max="3" hidden="1"/>',
        '<col min="5" max="3" hidden="1"/>',
        '<col min="16385" hidden="1"/>',
        '<col min="x" hidden="1"/>',
    ],
)
def test_a_column_range_that_is_no_range_is_refused_before_anything_is_counted(col):
    sheet = f'<worksheet xmlns="{MAIN}"><cols>{col}</cols><sheetData/></worksheet>'
    with pytest.raises(WorkbookProblem):
        _ = open_book(_book("", sheet=sheet)).sheets[0].hidden_columns


def test_repeated_ranges_are_kept_once_and_columns_past_the_last_are_cut():
    cols = '<col min="1" max="99999999" hidden="1"/>' * 20_000
    merges = '<mergeCell ref="B2:A1"/>' * 50_000  # corners either way round: the same range
    rows = '<row r="7" hidden="1"/>' * 50_000 + '<row r="9" hidden="1"/>'
    sheet = f'<worksheet xmlns="{MAIN}"><cols>{cols}</cols><sheetData>{rows}</sheetData><mergeCells>{merges}</mergeCells></worksheet>'
    read = open_book(_book("", sheet=sheet)).sheets[0]
    assert read.hidden_columns == [(1, 16384)] and read.column_hidden(16384) and not read.column_hidden(16385)
    assert read.merged == [(1, 1, 2, 2)] and read.hidden_rows == [7, 9]


@given(st.lists(st.tuples(st.integers(1, 60), st.integers(0, 8)), max_size=30))
def test_merged_ranges_hold_exactly_the_columns_added(pairs):
    ranges = _Ranges()
    expected: set[int] = set()
    for first, width in pairs:
        ranges.add(first, first + width)
        expected |= set(range(first, first + width + 1))
    assert {c for c in range(0, 80) if c in ranges} == expected
    assert all(a[1] + 1 < b[0] for a, b in zip(ranges.ranges, ranges.ranges[1:]))  # disjoint, apart, in order


def test_excel_4_macro_sheets_and_auto_open_are_macros_without_any_vba():
    assert not open_book(_book(ROWS)).macros
    raw = _replace_part(_book(ROWS), "xl/macrosheets/sheet1.xml", b"<xm:macrosheet/>")
    assert open_book(raw).macros and open_book(raw).excel4_macros
    workbook = zipfile.ZipFile(io.BytesIO(_book(ROWS))).read("xl/workbook.xml").decode()
    named = workbook.replace(
        "</workbook>", '<definedNames><definedName name="Auto_Open">x!A1</definedName></definedNames></workbook>'
    )
    assert open_book(_replace_part(_book(ROWS), "xl/workbook.xml", named.encode())).macros


@pytest.mark.parametrize(
    ("stored", "kind"),
    [("10:30:00", "time"), ("T08:00", "time"), ("10000-01-01", "overflow"), ("2025-02-30", "no-such-day")],
)
def test_a_date_cell_that_holds_no_day_says_so_instead_of_damage(stored, kind):
    cell = open_book(_book(f'<row r="1"><c r="A1" t="d"><v>{stored}</v></c></row>')).sheets[0].cells[(1, 1)]
    assert cell.bad_date == kind


def test_a_sheet_keeps_at_most_its_limits_and_says_what_ran_over(monkeypatch):
    from lijiang_plan.files import xlsxsource

    monkeypatch.setattr(xlsxsource, "MAX_CELLS", 5)
    monkeypatch.setattr(xlsxsource, "MAX_MERGED", 2)
    monkeypatch.setattr(xlsxsource, "MAX_HIDDEN_ROWS", 1)
    rows = '<row r="1">' + "<c><v>1</v></c>" * 9 + '</row><row r="2" hidden="1"/><row r="3" hidden="1"/>'
    merges = "".join(f'<mergeCell ref="A{r}:B{r}"/>' for r in range(4, 9))
    sheet = open_book(_book(rows, extra=f"<mergeCells>{merges}</mergeCells>")).sheets[0]
    assert len(sheet.cells) == 5 and len(sheet.merged) == 2 and sheet.hidden_rows == [2]
    assert sheet.overflow == {"cells": 5, "merged": 2, "hidden-rows": 1}


def test_a_part_read_whole_holds_at_most_its_limit_of_elements(monkeypatch):
    from lijiang_plan.files import xlsxsource

    monkeypatch.setattr(xlsxsource, "MAX_ELEMENTS", 50)
    styles = f'<styleSheet xmlns="{MAIN}"><cellXfs>' + '<xf numFmtId="14"/>' * 60 + "</cellXfs></styleSheet>"
    with pytest.raises(WorkbookProblem) as problem:
        open_book(_replace_part(_book(ROWS), "xl/styles.xml", styles.encode()))
    assert problem.value.rule == "too-complex" and "xl/styles.xml" in problem.value.message

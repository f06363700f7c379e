"""The hostile corpus for workbooks: every broken or odd .xlsx gets its answer, at its cell.

Each case is made in tmp_path from one valid workbook (tests/corpus/good-base.yaml
converted with `reports.xlsxreport`, then changed with openpyxl, as a spreadsheet
program would save it) or from raw bytes, and pinned to its exact findings and
exit status in tests/corpus/workbooks/NAME.expected.json (paths relative to the
case's directory). Workbooks are binary, so the cases are made, not committed.
Regenerate after a deliberate change with LPLAN_UPDATE_GOLDEN=1 and review the
diff. Names say what a case expects, as in test_corpus: `good-`/`ok-` pass,
everything else fails with exit status 1.
"""

from __future__ import annotations

import io
import json
import os
import resource
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from lijiang_plan.files.yamlsource import load_bytes
from lijiang_plan.plan.query import Plan
from lijiang_plan.reports import xlsxreport
from lijiang_plan.rules import RULES
from tests.conftest import REPO

GOLDEN = REPO / "tests" / "corpus" / "workbooks"
BASE = REPO / "tests" / "corpus" / "good-base.yaml"

Maker = Callable[[Path, Plan], Path]


def base_bytes(plan: Plan, language: str = "zh") -> bytes:
    return xlsxreport.render(plan, load_bytes(BASE.read_bytes()).data, language)


def _edit(d: Path, plan: Plan, change: Callable[[Any], None], name: str = "report.xlsx") -> Path:
    """The base workbook, changed by ``change(workbook)`` and saved by openpyxl."""
    workbook = openpyxl.load_workbook(io.BytesIO(base_bytes(plan)))
    change(workbook)
    path = d / name
    workbook.save(path)
    return path


def _sheet(workbook: Any) -> Any:
    return workbook["填报"]


# Rows of the base workbook: B3 unit, B4 period, B5 submitted, A10 table header,
# row 11 measure 4.3 (E11 its account, F11 its figures), row 12 measure 4.8.


def good_workbook(d: Path, plan: Plan) -> Path:
    path = d / "report.xlsx"
    path.write_bytes(base_bytes(plan))
    return path


def good_workbook_english(d: Path, plan: Plan) -> Path:
    path = d / "report.xlsx"
    path.write_bytes(base_bytes(plan, "en"))
    return path


def good_resaved_by_openpyxl(d: Path, plan: Plan) -> Path:
    return _edit(d, plan, lambda wb: None)


def ok_status_typed_in_english(d: Path, plan: Plan) -> Path:
    """A Chinese workbook whose status was typed (or pasted) in English: both languages are read."""

    def change(wb: Any) -> None:
        _sheet(wb)["D11"] = "completed"

    return _edit(d, plan, change)


def ok_lock_file_beside(d: Path, plan: Plan) -> Path:
    """Excel's lock file (~$report.xlsx) beside an open workbook is not a report."""
    good_workbook(d, plan)
    (d / "~$report.xlsx").write_bytes(b"\x06lplan " + bytes(155))
    return d


def not_a_zip(d: Path, plan: Plan) -> Path:
    path = d / "report.xlsx"
    path.write_bytes("unit,period\n丽江火车站,2025-H1\n".encode())
    return path


def word_document(d: Path, plan: Plan) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    path = d / "report.xlsx"
    path.write_bytes(buffer.getvalue())
    return path


def truncated(d: Path, plan: Plan) -> Path:
    raw = base_bytes(plan)
    path = d / "report.xlsx"
    path.write_bytes(raw[: len(raw) // 2])
    return path


def _stored_zip(parts: dict[str, bytes]) -> bytearray:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return bytearray(buffer.getvalue())


def _declare(raw: bytearray, name: bytes, *, method: int, size: int) -> None:
    """Set a part's compression method and uncompressed size in its local and central headers."""
    local = raw.find(b"PK\x03\x04")
    while local != -1:
        if raw[local + 30 : local + 30 + len(name)] == name:
            struct.pack_into("<H", raw, local + 8, method)
            struct.pack_into("<I", raw, local + 22, size)
        local = raw.find(b"PK\x03\x04", local + 4)
    central = raw.find(b"PK\x01\x02")
    while central != -1:
        if raw[central + 46 : central + 46 + len(name)] == name:
            struct.pack_into("<H", raw, central + 10, method)
            struct.pack_into("<I", raw, central + 24, size)
        central = raw.find(b"PK\x01\x02", central + 4)


def zip_bomb(d: Path, plan: Plan) -> Path:
    """A sheet that inflates to 3 GiB from 3 MB (deflate blocks of blanks, each flushed, repeated).

    Its directory says so truthfully; the check refuses it from the directory,
    before one byte is inflated (its CRC is therefore never looked at).
    """
    chunk = 1 << 20
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(b" " * chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    stream = block * 3072 + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    raw = _stored_zip({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": stream})
    _declare(raw, b"xl/worksheets/sheet1.xml", method=zipfile.ZIP_DEFLATED, size=3072 * chunk)
    path = d / "bomb.xlsx"
    path.write_bytes(bytes(raw))
    return path


def zip_bomb_lying(d: Path, plan: Plan) -> Path:
    """A sheet that declares 1 kB but inflates to 64 MB: never inflated beyond what it declares."""
    source = zipfile.ZipFile(io.BytesIO(base_bytes(plan)))
    sheet = "xl/worksheets/sheet1.xml"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name in source.namelist():
            data = source.read(name)
            out.writestr(
                name, data.replace(b"</worksheet>", b" " * (64 << 20) + b"</worksheet>") if name == sheet else data
            )
    raw = bytearray(buffer.getvalue())
    _declare(raw, sheet.encode(), method=zipfile.ZIP_DEFLATED, size=1000)
    path = d / "report.xlsx"
    path.write_bytes(bytes(raw))
    return path


def encrypted(d: Path, plan: Plan) -> Path:
    """What Excel writes for a workbook with a password: an OLE2 compound file with an EncryptedPackage."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    entry = "EncryptedPackage".encode("utf-16-le").ljust(64, b"\x00")
    path = d / "report.xlsx"
    path.write_bytes(header + entry + bytes(1024))
    return path


def old_xls(d: Path, plan: Plan) -> Path:
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    path = d / "report.xls"
    path.write_bytes(header + "Workbook".encode("utf-16-le").ljust(64, b"\x00") + bytes(1024))
    return path


def macro_enabled(d: Path, plan: Plan) -> Path:
    source = zipfile.ZipFile(io.BytesIO(base_bytes(plan)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name in source.namelist():
            out.writestr(name, source.read(name))
        out.writestr("xl/vbaProject.bin", b'\xd0\xcf\x11\xe0 Sub AutoOpen() Shell "calc" End Sub')
    path = d / "report.xlsm"
    path.write_bytes(buffer.getvalue())
    return path


def no_report_sheet(d: Path, plan: Plan) -> Path:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Sheet1"
    workbook.active["A1"] = "会议纪要"
    workbook.active["B2"] = 12
    workbook.create_sheet("Sheet2")["A1"] = "附表"  # the finding names the first sheet, not the last
    path = d / "report.xlsx"
    workbook.save(path)
    return path


def extra_sheets(d: Path, plan: Plan) -> Path:
    def change(wb: Any) -> None:
        wb.create_sheet("Sheet1")["A1"] = "草稿"
        hidden = wb.create_sheet("数据")
        hidden["A1"] = 1
        hidden.sheet_state = "hidden"

    return _edit(d, plan, change)


def formulas(d: Path, plan: Plan) -> Path:
    """A date as =TODAY(), an account built by formula, figures summed: never evaluated."""

    def change(wb: Any) -> None:
        sheet = _sheet(wb)
        sheet["B5"] = "=TODAY()"
        sheet["E11"] = '=CONCATENATE("张贴海报","。")'
        sheet["F12"] = "=SUM(1,2)"

    return _edit(d, plan, change)


def error_value(d: Path, plan: Plan) -> Path:
    def change(wb: Any) -> None:
        cell = _sheet(wb)["E12"]
        cell.value = "#N/A"
        cell.data_type = "e"

    return _edit(d, plan, change)


def merged_cells(d: Path, plan: Plan) -> Path:
    def change(wb: Any) -> None:
        _sheet(wb).merge_cells("E11:E12")

    return _edit(d, plan, change)


def hidden_row(d: Path, plan: Plan) -> Path:
    def change(wb: Any) -> None:
        _sheet(wb).row_dimensions[12].hidden = True
        _sheet(wb).column_dimensions["G"].hidden = True
        _sheet(wb)["G11"] = "写在隐藏列里"

    return _edit(d, plan, change)


def date_as_text(d: Path, plan: Plan) -> Path:
    def change(wb: Any) -> None:
        _sheet(wb)["B5"] = "2025/6/16"

    return _edit(d, plan, change)


def date_as_serial_number(d: Path, plan: Plan) -> Path:
    def change(wb: Any) -> None:
        cell = _sheet(wb)["B5"]
        cell.value = 45824
        cell.number_format = "General"

    return _edit(d, plan, change)


def id_as_number(d: Path, plan: Plan) -> Path:
    """4.8 typed into a General cell: a number, which 4.80 would be too."""

    def change(wb: Any) -> None:
        cell = _sheet(wb)["A12"]
        cell.value = 4.8
        cell.number_format = "General"

    return _edit(d, plan, change)


def phone_as_number(d: Path, plan: Plan) -> Path:
    def change(wb: Any) -> None:
        _sheet(wb)["B7"] = 8885122316

    return _edit(d, plan, change)


def unknown_label_and_column(d: Path, plan: Plan) -> Path:
    def change(wb: Any) -> None:
        sheet = _sheet(wb)
        sheet["A9"] = "负责人"
        sheet["B9"] = "和丽华"
        sheet["H10"] = "备注"
        sheet["H11"] = "已上报"

    return _edit(d, plan, change)


def figures_not_label_number(d: Path, plan: Plan) -> Path:
    def change(wb: Any) -> None:
        _sheet(wb)["F11"] = "宣传活动场次: 6场\n张贴海报"

    return _edit(d, plan, change)


def checks_like_yaml(d: Path, plan: Plan) -> Path:
    """Plan rules find the same in a workbook as in YAML: unknown unit, bad status, empty account."""

    def change(wb: Any) -> None:
        sheet = _sheet(wb)
        sheet["B3"] = "丽江火车占"
        sheet["D11"] = "推进中"
        sheet["E12"] = None

    return _edit(d, plan, change)


# -- hostile parts (issue #23): each made by editing the base workbook's XML as an attacker would ------------

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET = "xl/worksheets/sheet1.xml"


def _parts(d: Path, plan: Plan, change: Callable[[dict[str, bytes]], None], *, twice: str = "") -> Path:
    """The base workbook with its parts changed by ``change(parts)``; ``twice``: a part written a second time."""
    import warnings

    source = zipfile.ZipFile(io.BytesIO(base_bytes(plan)))
    parts = {name: source.read(name) for name in source.namelist()}
    change(parts)
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about a duplicate name: that is the point
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
            for name, data in parts.items():
                out.writestr(name, data)
            if twice:
                out.writestr(twice, parts[twice].replace("市公安局".encode(), "市法院".encode()))
    path = d / "report.xlsx"
    path.write_bytes(buffer.getvalue())
    return path


def _cell(parts: dict[str, bytes], ref: str, xml: str) -> None:
    """Replace cell ``ref`` of the report sheet with ``xml``."""
    import re

    sheet = parts[SHEET].decode()
    sheet, count = re.subn(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', xml, sheet, count=1)
    assert count == 1, ref
    parts[SHEET] = sheet.encode()


def hidden_columns_20000_times(d: Path, plan: Plan) -> Path:
    """20,000 copies of one <col> hiding every column (10 KB zipped, 2 GB once counted out): one finding a column."""

    def change(parts: dict[str, bytes]) -> None:
        cols = b"<cols>" + b'<col min="1" max="16384" hidden="1"/>' * 20_000 + b"</cols>"
        sheet = parts[SHEET]
        parts[SHEET] = sheet[: sheet.index(b"<cols>")] + cols + sheet[sheet.index(b"</cols>") + 7 :]

    return _parts(d, plan, change)


def column_range_negative(d: Path, plan: Plan) -> Path:
    def change(parts: dict[str, bytes]) -> None:
        parts[SHEET] = parts[SHEET].replace(b"<cols>", b'<cols><col min="-300000000" max="3" hidden="1"/>', 1)

    return _parts(d, plan, change)


def merged_cells_50000_times(d: Path, plan: Plan) -> Path:
    def change(parts: dict[str, bytes]) -> None:
        merges = b"<mergeCells>" + b'<mergeCell ref="E11:E12"/>' * 50_000 + b"</mergeCells>"
        parts[SHEET] = parts[SHEET].replace(b"<dataValidations", merges + b"<dataValidations", 1)

    return _parts(d, plan, change)


def doctype_in_utf16_without_bom(d: Path, plan: Plan) -> Path:
    """An entity bomb in the workbook part, in UTF-16 big-endian with no byte order mark."""

    def change(parts: dict[str, bytes]) -> None:
        text = parts["xl/workbook.xml"].decode()
        bomb = '<!DOCTYPE workbook [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        parts["xl/workbook.xml"] = ('<?xml version="1.0" encoding="UTF-16"?>' + bomb + text).encode("utf-16-be")

    return _parts(d, plan, change)


def duplicate_part_names(d: Path, plan: Plan) -> Path:
    """The report sheet twice in the zip, the second naming another unit: which one counts depends on the program."""
    return _parts(d, plan, lambda parts: None, twice=SHEET)


def _shared_string_unit(parts: dict[str, bytes], index: str) -> None:
    parts["xl/sharedStrings.xml"] = (
        f'<sst xmlns="{MAIN_NS}"><si><t>市公安局</t></si><si><t>市法院</t></si></sst>'.encode()
    )
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    rel = f'<Relationship Id="rIdS" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
    parts["xl/_rels/workbook.xml.rels"] = rels.replace("</Relationships>", rel + "</Relationships>").encode()
    _cell(parts, "B3", f'<c r="B3" t="s"><v>{index}</v></c>')


def shared_string_index_minus_one(d: Path, plan: Plan) -> Path:
    return _parts(d, plan, lambda parts: _shared_string_unit(parts, "-1"))


def row_number_zero(d: Path, plan: Plan) -> Path:
    def change(parts: dict[str, bytes]) -> None:
        parts[SHEET] = parts[SHEET].replace(b'<row r="1"', b'<row r="0"', 1)

    return _parts(d, plan, change)


def date_as_serial_number_1904(d: Path, plan: Plan) -> Path:
    """A Mac workbook (1904 date system) whose date lost its format: 44362 is 2025-06-16 there, not 2025-06-17."""

    def change(wb: Any) -> None:
        from openpyxl.utils.datetime import CALENDAR_MAC_1904

        wb.epoch = CALENDAR_MAC_1904
        _sheet(wb)["B5"] = 44362
        _sheet(wb)["B5"].number_format = "General"

    return _edit(d, plan, change)


def ok_date_in_the_1904_system(d: Path, plan: Plan) -> Path:
    def change(wb: Any) -> None:
        import datetime as dt

        from openpyxl.utils.datetime import CALENDAR_MAC_1904

        wb.epoch = CALENDAR_MAC_1904
        _sheet(wb)["B5"] = dt.date(2025, 6, 16)
        _sheet(wb)["B5"].number_format = "yyyy-mm-dd"

    return _edit(d, plan, change)


def hidden_report_sheet(d: Path, plan: Plan) -> Path:
    return _edit(d, plan, lambda wb: setattr(_sheet(wb), "sheet_state", "hidden"))


def very_hidden_extra_sheet(d: Path, plan: Plan) -> Path:
    def change(wb: Any) -> None:
        extra = wb.create_sheet("备注")
        extra["A1"] = "另有情况"
        extra.sheet_state = "veryHidden"

    return _edit(d, plan, change)


def excel4_macro_sheet(d: Path, plan: Plan) -> Path:
    """An Excel 4.0 macro sheet run at opening (Auto_Open), with no VBA project at all."""

    def change(parts: dict[str, bytes]) -> None:
        parts["xl/macrosheets/sheet1.xml"] = (
            f'<xm:macrosheet xmlns="{MAIN_NS}" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
            '<sheetData><row r="1"><c r="A1" t="str"><f>EXEC("calc.exe")</f></c></row>'
            '<row r="2"><c r="A2" t="str"><f>HALT()</f></c></row></sheetData></xm:macrosheet>'
        ).encode()
        rels = parts["xl/_rels/workbook.xml.rels"].decode()
        rel = (
            '<Relationship Id="rIdM" Type="http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet"'
            ' Target="macrosheets/sheet1.xml"/>'
        )
        parts["xl/_rels/workbook.xml.rels"] = rels.replace("</Relationships>", rel + "</Relationships>").encode()
        workbook = parts["xl/workbook.xml"].decode()
        sheet = f'<sheet xmlns:r="{REL_NS}" name="Macro1" sheetId="9" state="hidden" r:id="rIdM"/>'
        workbook = workbook.replace("</sheets>", sheet + "</sheets>")
        names = '<definedNames><definedName name="_xlnm.Auto_Open">Macro1!$A$1</definedName></definedNames>'
        parts["xl/workbook.xml"] = workbook.replace("</sheets>", "</sheets>" + names, 1).encode()

    return _parts(d, plan, change)


def ok_workbook_part_not_at_xl_workbook(d: Path, plan: Plan) -> Path:
    """A valid package keeps its workbook where its _rels/.rels says: here excel/book.xml."""

    def change(parts: dict[str, bytes]) -> None:
        moved = {}
        for name, data in parts.items():
            if name.startswith("xl/"):
                name = "excel/" + name[3:]
            name = name.replace("excel/workbook.xml", "excel/book.xml")
            moved[name.replace("excel/_rels/workbook.xml.rels", "excel/_rels/book.xml.rels")] = data
        moved["_rels/.rels"] = moved["_rels/.rels"].replace(b"xl/workbook.xml", b"excel/book.xml")
        moved["excel/_rels/book.xml.rels"] = moved["excel/_rels/book.xml.rels"].replace(b'"/xl/', b'"/excel/')
        types = moved["[Content_Types].xml"].replace(b"/xl/workbook.xml", b"/excel/book.xml")
        moved["[Content_Types].xml"] = types.replace(b"/xl/", b"/excel/")
        parts.clear()
        parts.update(moved)

    return _parts(d, plan, change)


def date_cell_time_only(d: Path, plan: Plan) -> Path:
    return _parts(d, plan, lambda parts: _cell(parts, "B5", '<c r="B5" t="d"><v>10:30:00</v></c>'))


def date_cell_past_year_9999(d: Path, plan: Plan) -> Path:
    return _parts(d, plan, lambda parts: _cell(parts, "B5", '<c r="B5" t="d"><v>10000-01-01T00:00:00</v></c>'))


def unit_with_invisible_character(d: Path, plan: Plan) -> Path:
    return _edit(d, plan, lambda wb: _sheet(wb).__setitem__("B3", "市公\u200b安局"))


CASES: dict[str, Maker] = {
    maker.__name__.replace("_", "-"): maker
    for maker in (
        good_workbook,
        good_workbook_english,
        good_resaved_by_openpyxl,
        ok_status_typed_in_english,
        ok_lock_file_beside,
        not_a_zip,
        word_document,
        truncated,
        zip_bomb,
        zip_bomb_lying,
        encrypted,
        old_xls,
        macro_enabled,
        no_report_sheet,
        extra_sheets,
        formulas,
        error_value,
        merged_cells,
        hidden_row,
        date_as_text,
        date_as_serial_number,
        id_as_number,
        phone_as_number,
        unknown_label_and_column,
        figures_not_label_number,
        checks_like_yaml,
        hidden_columns_20000_times,
        column_range_negative,
        merged_cells_50000_times,
        doctype_in_utf16_without_bom,
        duplicate_part_names,
        shared_string_index_minus_one,
        row_number_zero,
        date_as_serial_number_1904,
        ok_date_in_the_1904_system,
        hidden_report_sheet,
        very_hidden_extra_sheet,
        excel4_macro_sheet,
        ok_workbook_part_not_at_xl_workbook,
        date_cell_time_only,
        date_cell_past_year_9999,
        unit_with_invisible_character,
    )
}


def _check(run: Callable[..., Any], target: Path, root: Path) -> dict[str, Any]:
    result = run("check", "--format", "json", str(target))
    out = json.loads(result.stdout)
    return {
        "exit_code": result.exit_code,
        "files": [os.path.relpath(f["path"], root) for f in out["files"]],
        "findings": [
            {
                "file": os.path.relpath(f["path"], root),
                **{k: f[k] for k in ("cell", "line", "column", "rule", "level", "message")},
            }
            for f in out["findings"]
        ],
    }


@pytest.mark.parametrize("case", list(CASES))
def test_workbook_case_gives_exactly_its_findings(run, plan, tmp_path, case):
    target = CASES[case](tmp_path, plan)
    actual = _check(run, target, tmp_path)
    golden = GOLDEN / f"{case}.expected.json"
    if os.environ.get("LPLAN_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(json.dumps(actual, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert actual == json.loads(golden.read_text(encoding="utf-8"))


def test_every_workbook_case_is_named_for_what_it_expects_and_names_its_cell():
    for case in CASES:
        expected = json.loads((GOLDEN / f"{case}.expected.json").read_text(encoding="utf-8"))
        if case.startswith(("good-", "ok-")):
            assert expected["exit_code"] == 0 and not expected["findings"], case
            continue
        assert expected["exit_code"] == 1, case
        assert any(f["level"] == "error" for f in expected["findings"]), case
        for f in expected["findings"]:
            assert f["rule"] in RULES and f["level"] == RULES[f["rule"]].level, case
            if f["cell"] is not None:  # a finding inside a workbook names its cell; line/column are its place
                column = f["cell"].rpartition("!")[2].rstrip("0123456789")
                assert f["cell"].endswith(f"{column}{f['line']}"), case
                assert f["column"] == sum((ord(c) - 64) * 26**i for i, c in enumerate(reversed(column))), case


def test_every_workbook_golden_has_its_case():
    assert {p.name.removesuffix(".expected.json") for p in GOLDEN.glob("*.expected.json")} == set(CASES)


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1024**3, 1024**3))


def test_the_workbook_corpus_is_checked_in_bounded_memory_without_a_traceback(tmp_path, plan):
    """A real process under a 1 GiB address-space limit checks every case in one run."""
    root = tmp_path / "all"
    root.mkdir()
    for case, maker in CASES.items():
        (root / case).mkdir()
        maker(root / case, plan)
    proc = subprocess.run(
        [sys.executable, "-m", "lijiang_plan", "check", "--format", "json", str(root)],
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=300,
        preexec_fn=_limit_memory,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert b"Traceback" not in proc.stderr and b"internal error" not in proc.stderr
    out = json.loads(proc.stdout)
    rules = {os.path.relpath(f["path"], root): f["rule"] for f in out["findings"]}
    assert rules["zip-bomb/bomb.xlsx"] == "too-large"
    assert rules["zip-bomb-lying/report.xlsx"] == "not-a-workbook"
    assert out["summary"]["files"] == len(CASES)  # the lock file is not a report

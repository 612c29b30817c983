"""Annex tables to spreadsheets and back: `docgen export`, `docgen import SHEET.xlsx --into … --bang …`.

The exported sheet must compute what docgen computes when LibreOffice recalculates it, and
importing it back must change nothing; a sheet typed by a village clerk (merged header,
numbers typed as Vietnamese text, a totals row with a mistake, a unit missing, a unit more,
a column docgen does not know) must give the right edits and the right report.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
import time
import zipfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from docgen.base import vn
from docgen.cli import main
from docgen.plan.build import load_plan
from docgen.sheets.formulas import excel
from docgen.sheets.read import number
from tests.conftest import ROOT, load_yaml

openpyxl = pytest.importorskip("openpyxl")

WITH_ANNEXES = sorted(p for p in (ROOT / "content").glob("*.yaml")
                      if (load_yaml(p.read_text(encoding="utf-8")) or {}).get("phu_luc"))
FLOOD = ROOT / "content" / "phong-chong-thien-tai-ia-to-2025.yaml"


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


# --- pieces -------------------------------------------------------------------------------


@pytest.mark.parametrize("typed, read", [
    ("1.234", Decimal(1234)), ("12,5", Decimal("12.5")), ("12,5%", Decimal("12.5")), ("1.234.567", Decimal(1234567)),
    ("1.234,5", Decimal("1234.5")), ("1,234,567", Decimal(1234567)), ("1,234.5", Decimal("1234.5")),
    ("12.5", Decimal("12.5")), (" 2 737 ", Decimal(2737)), ("-3", Decimal(-3)), ("abc", None), ("1.2.3", None),
    ("", None), ("12,", None),
])
def test_numbers_typed_as_text_are_read_the_vietnamese_way(typed, read):
    assert number(typed) == read


def test_formulas_are_written_as_the_file_format_stores_them():
    cells = {"a": "B7", "b": "C7", "c": "D7"}.__getitem__
    assert excel("a / b * 100", cells) == "B7/C7*100"
    assert excel("a - (b - c)", cells) == "B7-(C7-D7)"
    assert excel("(a + b) * c", cells) == "(B7+C7)*D7"
    assert excel("-a ** 2", cells) == "-(B7^2)"
    assert excel("round(max(a, b) / 3, 1)", cells) == "ROUND(MAX(B7,C7)/3,1)"
    assert excel("a if a >= b else b != c", cells) == "IF(B7>=C7,B7,C7<>D7)"


def test_the_poverty_tables_formulas_compute_what_its_rows_compute(sample_data):
    from docgen.plan.kinds import giam_ngheo
    from docgen.plan.tables import formula

    table = giam_ngheo.Model.model_validate(sample_data["phu_luc"][0])
    units, total = giam_ngheo.rows(table)
    checked = 0
    for row in units + [total]:
        values = {k: getattr(row, k) for k in giam_ngheo.COUNTS + giam_ngheo.NEAR_POOR}
        for key, expression in giam_ngheo.FORMULAS.items():  # in order: a formula may use one above it
            if any(values.get(n) is None for n in ("ho_can_ngheo",) if "can_ngheo" in key):
                continue
            typed = {k: (Decimal(v) if isinstance(v, int) else v) for k, v in values.items()}
            values[key] = formula.evaluate(formula.parse(expression, dict.fromkeys(typed, formula.NUMBER)), typed)
            assert values[key] == getattr(row, key), (row.ten, key)
            checked += 1
    assert checked == 7 * (len(units) + 1)


# --- export -------------------------------------------------------------------------------


def test_export_writes_each_annex_on_its_own_sheet_with_live_formulas(tmp_path, capsys):
    out = tmp_path / "phu-luc.xlsx"
    assert main(["export", str(FLOOD), "-o", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Phụ lục I", "Phụ lục II"]
    ws = book["Phụ lục I"]
    assert ws["A1"].value == "Phụ lục I" and ws["A2"].value.startswith("PHƯƠNG ÁN SƠ TÁN DÂN")
    assert ws["A3"].value.startswith("(Kèm theo Kế hoạch số 25/KH-UBND ngày 05/3/2025")
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert {"A5:A6", "B5:B6", "D5:E5", "F5:F6"} <= merged  # the header merged as in the document
    assert [ws.cell(row=6, column=c).value for c in (4, 5)] == ["Số hộ", "Số khẩu"]
    assert ws["D7"].value == 14 and ws["D7"].number_format == "#,##0"
    assert ws["B11"].value == "Tổng cộng" and ws["D11"].value == "=SUM(D7:D10)"
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$5:$6"
    assert all(ws.column_dimensions[c].width > 2 for c in "ABCDEFG")

    poverty = tmp_path / "giam-ngheo.xlsx"
    assert main(["export", str(ROOT / "content" / "ke-hoach-2024.yaml"), "-o", str(poverty)]) == 0
    ws = openpyxl.load_workbook(poverty).active
    assert ws["E8"].value == '=IFERROR(ROUND(D8/B8*100,2),"-")'  # TDP 1: a rate of its own row
    assert ws["T8"].value == '=IFERROR(ROUND((D8/B8*100)-(P8/N8*100),1),"-")'  # exact rates, then rounded
    assert ws["P8"].value == "=D8-H8+J8+L8" and ws["E8"].number_format == "0.00"


@pytest.mark.slow  # waits 2 s for the clock
def test_export_gives_the_same_bytes_for_the_same_plan(tmp_path):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert main(["export", str(FLOOD), "-o", str(first)]) == 0
    time.sleep(2.1)  # past the zip's and the properties' resolution: a timestamp would show
    assert main(["export", str(FLOOD), "-o", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    core = zipfile.ZipFile(first).read("docProps/core.xml").decode()
    assert "2025-03-04T17:00:00Z" in core  # 05/3/2025 at midnight in Việt Nam, as the .docx says


def test_export_refuses_a_plan_without_annexes_and_a_name_not_xlsx(tmp_path, capsys):
    text = (ROOT / "content" / "chuyen-doi-so-ia-to-2025.yaml").read_text(encoding="utf-8")
    plan = tmp_path / "khong-phu-luc.yaml"
    text = text[:text.index("\nphu_luc:")].replace("{{ nhiem_vu.phu_luc }}", "phụ lục")
    plan.write_text(text.replace("{{ nhiem_vu.so_dong }}", "5"), encoding="utf-8")
    assert main(["export", str(plan), "-o", str(tmp_path / "a.xlsx")]) == 2
    assert "không có phụ lục" in capsys.readouterr().err
    assert main(["export", str(FLOOD), "-o", str(tmp_path / "a.docx")]) == 2
    assert ".xlsx" in capsys.readouterr().err
    assert not (tmp_path / "a.docx").exists() and not (tmp_path / "a.xlsx").exists()


# --- LibreOffice recalculates the exported sheet -----------------------------------------------


def _recalculated(xlsx: Path, folder: Path) -> Path:
    """Return xlsx opened, recalculated and saved again by LibreOffice (values cached in the cells)."""
    from docgen.commands.pdf import soffice

    if shutil.which("soffice") is None:
        if os.environ.get("CI"):
            pytest.fail("needs LibreOffice: apt-get install libreoffice-calc-nogui")
        pytest.skip("needs LibreOffice")
    out = folder / "lo"
    out.mkdir(exist_ok=True)
    profile = (folder / "profile").as_uri()
    subprocess.run([soffice(), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xlsx",
                    "--outdir", str(out), str(xlsx)], capture_output=True, timeout=300)
    result = out / xlsx.name
    if not result.exists():  # LibreOffice without Calc converts nothing
        message = "LibreOffice could not open the sheet: apt-get install libreoffice-calc-nogui"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return result


def _as_docgen_prints(value, column, number_format: str = "") -> str:
    """Return a cell's value as docgen prints it: its column's decimals, or those its number format
    shows (a results table's rows have decimals of their own)."""
    from docgen.plan.tables import DATE, NUMBER, NUMERIC

    if "." in number_format and column.kind in NUMERIC:
        column = replace(column, decimals=len(number_format.split(".", 1)[1].rstrip("%")))
    elif number_format in ("0", "#,##0") and column.kind in NUMERIC:
        column = replace(column, decimals=0)

    if value is None:  # a figure the plan leaves out is an empty cell, to be typed in; docgen prints "-"
        return "-" if column.kind in NUMERIC else ""
    if isinstance(value, str):
        return value
    if column.kind == DATE:  # the same day, written as docgen writes it (the sheet shows dd/mm/yyyy)
        return vn.short_date(value.date() if hasattr(value, "date") else value)
    if column.kind == NUMBER:
        return str(int(value))
    if column.kind in NUMERIC and column.decimals == 0:
        return vn.integer(int(value))
    return vn.number(Decimal(repr(value)), column.decimals)


def _round_trip(plan_copy: Path, tmp_path: Path, capsys) -> int:
    """Export plan_copy, have LibreOffice recalculate it, check every cell against docgen's grid,
    import both sheets back and check that nothing changes; return the cells compared."""
    out = tmp_path / "phu-luc.xlsx"
    assert main(["export", str(plan_copy), "-o", str(out)]) == 0
    again = _recalculated(out, tmp_path)
    book = openpyxl.load_workbook(again, data_only=True)
    plan = load_plan(plan_copy)
    compared = 0
    for ws, computed in zip(book.worksheets, plan.tables, strict=True):
        grid = computed.grid
        first = 5 + len(grid.header)
        for offset, (kind, cells) in enumerate(grid.rows):
            row = first + offset
            if kind == "nhom":
                assert ws.cell(row=row, column=1).value == cells[0]
                continue
            for i, (column, printed) in enumerate(zip(grid.columns, cells)):
                cell = ws.cell(row=row, column=i + 1)
                shown = _as_docgen_prints(cell.value, column, cell.number_format)
                assert shown == printed, (ws.title, ws.cell(row=row, column=i + 1).coordinate)
                compared += 1
    assert compared >= sum(len(t.grid.rows) for t in plan.tables)

    from docgen.sheets import annexes

    before = plan_copy.read_bytes()
    for annex in annexes(plan):
        for sheet in (out, again):  # as docgen wrote it, and as a spreadsheet program saves it
            assert main(["import", str(sheet), "--into", str(plan_copy), "--bang", annex.name]) == 0
            assert "không có thay đổi nào" in capsys.readouterr().out
    assert plan_copy.read_bytes() == before
    return compared


@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.parametrize("plan_path", WITH_ANNEXES, ids=lambda p: p.stem)
def test_libreoffice_computes_what_docgen_computes_and_reimporting_changes_nothing(plan_path, tmp_path, capsys):
    plan_copy = tmp_path / plan_path.name
    plan_copy.write_bytes(plan_path.read_bytes())
    link = (load_yaml(plan_path.read_text(encoding="utf-8")).get("ke_hoach") or {}).get("tep")
    if link:  # a report: the plan it copies its figures from goes with it
        (tmp_path / link).write_bytes((plan_path.parent / link).read_bytes())
    _round_trip(plan_copy, tmp_path, capsys)


FORMULAS = ("      - {ma: noi_den, ten: Nơi sơ tán đến}\n",
            ("      - {ma: noi_den, ten: Nơi sơ tán đến}\n"
            "      - {ma: khau_moi_ho, ten: Số khẩu mỗi hộ, kieu: thap_phan, so_le: 2, cong_thuc: so_khau / so_ho}\n"
            "      - {ma: ty_le_ho, ten: Tỷ lệ hộ, kieu: phan_tram, cong_thuc: so_ho / so_khau * 100}\n"
            "      - {ma: chenh, ten: Chênh lệch, kieu: thap_phan, cong_thuc: "
            "\"max(khau_moi_ho, ty_le_ho / 10) - min(so_ho, 10) ** 2\"}\n"
            "      - {ma: quang_duong, ten: Quãng đường (km), kieu: thap_phan}\n"))


@pytest.mark.slow
@pytest.mark.libreoffice
def test_libreoffice_computes_declared_formulas_blanks_and_divisions_by_zero_as_docgen(tmp_path, capsys):
    """Declared formulas, one over two others' exact values, a rate over 0 households, a row
    without its households, decimals typed and left blank."""
    text = FLOOD.read_text(encoding="utf-8").replace(*FORMULAS)
    text = text.replace("so_ho: 9, so_khau: 37", "so_ho: 0, so_khau: 37").replace("so_ho: 5, so_khau: 19", "so_khau: 19")
    text = text.replace("phu_trach: Ông Rơ Lan Blơk}", "phu_trach: Ông Rơ Lan Blơk, quang_duong: 12.5}")
    plan_copy = tmp_path / "ke-hoach.yaml"
    plan_copy.write_text(text, encoding="utf-8")
    grid = load_plan(plan_copy).tables[0].grid
    assert [cells[6:10] for _, cells in grid.rows] == [  # 58 / 14 = 4,14; 4,142… − 10² = −95,9
        ["4,14", "24,14", "-95,9", "12,5"], ["-", "0,00", "-", "-"], ["4,17", "24,00", "-31,8", "-"],
        ["-", "-", "-", "-"], ["6,95", "14,39", "-93,1", "12,5"]]
    assert _round_trip(plan_copy, tmp_path, capsys) > 60


# --- a sheet typed by a village clerk ----------------------------------------------------------

WITH_DISTANCE = ("      - {ma: noi_den, ten: Nơi sơ tán đến}\n",
                 ("      - {ma: noi_den, ten: Nơi sơ tán đến}\n"
                 "      - {ma: quang_duong, ten: Quãng đường (km), kieu: thap_phan}\n"))


@pytest.fixture
def flood_plan(tmp_path) -> Path:
    """The flood plan, its evacuation table with a decimal column more and a comment to keep."""
    text = FLOOD.read_text(encoding="utf-8").replace(*WITH_DISTANCE)
    text = text.replace("    dong:\n      - {thon: Làng Dơr 1", "    dong:\n      # số liệu các làng báo cáo\n"
                                                                "      - {thon: Làng Dơr 1")
    path = tmp_path / "ke-hoach.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def clerks_sheet(path: Path) -> None:
    """A sheet as a clerk types it: a title, a two-row merged header, a row of column numbers,
    numbers typed as text the Vietnamese way, Làng Hà Lòng left out, Làng Tung added, a «Ghi
    chú» column and a totals row whose households are one too many."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "So tan"
    ws["A1"] = "PHƯƠNG ÁN SƠ TÁN DÂN NĂM 2025"
    ws.merge_cells("A1:I1")
    for column, title in zip("ABCFGHI", ("STT", "Thôn, làng", "Khu vực nguy cơ", "Nơi sơ tán đến",
                                         "Quãng đường (km)", "Người phụ trách", "Ghi chú")):
        ws[f"{column}3"] = title
        ws.merge_cells(f"{column}3:{column}4")
    ws["D3"] = "Số cần sơ tán"
    ws.merge_cells("D3:E3")
    ws["D4"], ws["E4"] = "Số hộ", "Số khẩu"
    for i, column in enumerate("ABCDEFGHI", 1):
        ws[f"{column}5"] = f"({i})"
    rows = [
        (1, "Làng Dơr 1", "Ven suối Ia Krăi", 14, "1.234", "Trường Tiểu học Ia Tô", "12,5", "Ông Rơ Lan Blơk", "đã rà soát"),
        (2, "Làng Ó", "Vùng trũng phía tây làng", 9, 37, "Nhà văn hóa làng Ó", None, "Ông Siu Khăm", None),
        (3, "Thôn 2", "Dọc tỉnh lộ 664", "5", "19", "Trụ sở Ủy ban nhân dân xã", None, "Ông Nguyễn Văn Hòa", None),
        (4, "Làng Tung", "Ven sông Ba", 7, 30, "Nhà văn hóa làng Tung", 3.2, "Ông Đinh Văn Hưng", "mới"),
    ]
    for r, values in enumerate(rows, 6):
        for column, v in zip("ABCDEFGHI", values):
            if v is not None:
                ws[f"{column}{r}"] = v
    ws["B10"] = "Tổng cộng"
    ws["D10"] = 36  # 14 + 9 + 5 + 7 = 35: the clerk's mistake
    ws["E10"] = "1.320"
    book.save(path)


def test_a_clerks_sheet_gives_the_right_edits_and_report(flood_plan, tmp_path, capsys):
    sheet = tmp_path / "so-tan.xlsx"
    clerks_sheet(sheet)
    before = flood_plan.read_text(encoding="utf-8")
    assert main(["import", str(sheet), "--into", str(flood_plan), "--bang", "so_tan"]) == 4
    report = capsys.readouterr().out
    after = flood_plan.read_text(encoding="utf-8")

    assert "sửa Làng Dơr 1, Số cần sơ tán / Số khẩu (ô E6): 58 → 1.234" in report
    assert "sửa Làng Dơr 1, Quãng đường (km) (ô G6): (trống) → 12,5" in report
    assert "thêm đơn vị Làng Tung (dòng 9 của bảng tính)" in report
    assert "xóa đơn vị Làng Hà Lòng (không có trong bảng tính)" in report
    assert "ô D10 (Tổng cộng, Số cần sơ tán / Số hộ): bảng tính ghi 36, cộng các dòng được 35" in report
    assert "ô E10" not in report  # 1.234 + 37 + 19 + 30 = 1.320: right
    assert "cột I: «Ghi chú» — phụ lục không có cột này" in report
    assert "Làng Ó" not in report  # nothing of it changed

    changed = changed_lines(before, after)
    assert changed == [
        ("-      - {thon: Làng Dơr 1, khu_vuc: Ven suối Ia Krăi, so_ho: 14, so_khau: 58, noi_den: Trường Tiểu học "
        "Ia Tô, phu_trach: Ông Rơ Lan Blơk}"),
        ("+      - {thon: Làng Dơr 1, khu_vuc: Ven suối Ia Krăi, so_ho: 14, so_khau: 1234, noi_den: Trường Tiểu học "
        "Ia Tô, phu_trach: Ông Rơ Lan Blơk, quang_duong: 12.5}"),
        ("-      - {thon: Làng Hà Lòng, khu_vuc: Sườn đồi có nguy cơ sạt lở, so_ho: 6, so_khau: 25, noi_den: Nhà văn hóa "
        "làng Hà Lòng, phu_trach: Bà Kpă H'Liên}"),
        ("+      - {thon: Làng Tung, khu_vuc: Ven sông Ba, so_ho: 7, so_khau: 30, noi_den: Nhà văn hóa làng Tung, "
        "quang_duong: 3.2, phu_trach: Ông Đinh Văn Hưng}"),
    ]
    assert "# số liệu các làng báo cáo" in after
    plan = load_plan(flood_plan)  # a valid plan, its totals from the rows
    totals = plan.tables[0].grid.rows[-1][1]
    assert totals[3:5] == ["35", "1.320"]


def test_a_dry_run_shows_the_diff_and_writes_nothing(flood_plan, tmp_path, capsys):
    sheet = tmp_path / "so-tan.xlsx"
    clerks_sheet(sheet)
    before = flood_plan.read_bytes()
    assert main(["import", str(sheet), "--into", str(flood_plan), "--bang", "so_tan", "--thu"]) == 4
    out = capsys.readouterr().out
    assert "+      - {thon: Làng Tung" in out and "(chạy thử: không ghi gì)" in out
    assert flood_plan.read_bytes() == before


def test_rows_written_as_blocks_are_edited_as_blocks(tmp_path, capsys):
    """The poverty table's rows are blocks of `key: value` lines with comments: a count changed
    changes its line, a unit added is a block like its neighbours, a unit removed loses its lines."""
    plan_path = tmp_path / "ke-hoach-2024.yaml"
    plan_path.write_bytes((ROOT / "content" / "ke-hoach-2024.yaml").read_bytes())
    sheet = tmp_path / "giam-ngheo.xlsx"
    assert main(["export", str(plan_path), "-o", str(sheet)]) == 0
    book = openpyxl.load_workbook(sheet)
    ws = book.active
    assert ws["A9"].value == "TDP 2"
    ws["H9"] = 2  # TDP 2: two households leave poverty, not one
    ws.insert_rows(10)  # a new residential group after TDP 2, typed without the «TDP»
    for column, v in zip("ABCDEFGHIJKLMN", ("Plei Mới", 50, 40, 10, None, 9, None, 2, 2, 0, 0, 1, 1, 52)):
        if v is not None:
            ws[f"{column}10"] = v
    ws["O10"] = 42
    ws.delete_rows(11)  # TDP Plei Nghe is gone
    book.save(sheet)
    before = plan_path.read_text(encoding="utf-8")
    code = main(["import", str(sheet), "--into", str(plan_path)])
    report = capsys.readouterr().out
    assert code == 0, report
    after = plan_path.read_text(encoding="utf-8")
    second = before.index('      - ten: "2"')
    nghe, ktoh = before.index("      - ten: Plei Nghe\n"), before.index("      - ten: Plei Ktoh\n")
    moi = ("      - ten: Plei Mới\n        so_ho: 50\n        so_ho_dtts: 40\n        ho_ngheo: 10\n"
           "        ho_ngheo_dtts: 9\n        thoat_ngheo: 2\n        thoat_ngheo_dtts: 2\n        tai_ngheo: 0\n"
           "        tai_ngheo_dtts: 0\n        phat_sinh: 1\n        phat_sinh_dtts: 1\n        du_kien_so_ho: 52\n"
           "        du_kien_so_ho_dtts: 42\n")
    expected = (before[:second] + before[second:nghe].replace("thoat_ngheo: 1\n", "thoat_ngheo: 2\n", 1)
                + moi + before[ktoh:])
    assert after == expected
    assert "# cuối năm trước: tổng số hộ, trong đó hộ DTTS" in after
    plan = load_plan(plan_path)
    names = [r.ten for r in plan.model.phu_luc[0].dong]
    assert names[:3] == ["1", "2", "Plei Mới"] and "Plei Nghe" not in names


def test_a_sheet_without_the_table_writes_nothing(flood_plan, tmp_path, capsys):
    sheet = tmp_path / "khac.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"], book.active["B1"] = "Họ tên", "Số điện thoại"
    book.save(sheet)
    before = flood_plan.read_bytes()
    assert main(["import", str(sheet), "--into", str(flood_plan), "--bang", "so_tan"]) == 1
    assert "Không tìm thấy bảng của phụ lục `so_tan`" in capsys.readouterr().out
    assert flood_plan.read_bytes() == before


def test_a_result_that_would_not_validate_writes_nothing(flood_plan, tmp_path, capsys):
    sheet = tmp_path / "so-tan.xlsx"
    clerks_sheet(sheet)
    book = openpyxl.load_workbook(sheet)
    book.active["E7"] = 3  # Làng Ó: 3 people in 9 households, against the table's rule
    book.save(sheet)
    before = flood_plan.read_bytes()
    assert main(["import", str(sheet), "--into", str(flood_plan), "--bang", "so_tan"]) == 1
    out = capsys.readouterr().out
    assert "Sau khi nhập, kế hoạch sẽ có lỗi" in out and "Làng Ó: số khẩu ít hơn số hộ" in out
    assert flood_plan.read_bytes() == before


@pytest.mark.parametrize("name, content, said", [
    ("hong.xlsx", b"PK\x03\x04 not really a zip", "không phải là bảng tính Excel (.xlsx) đọc được"),
    ("cu.xls", b"\xd0\xcf\x11\xe0", "lưu lại dạng «Excel Workbook (.xlsx)»"),
])
def test_a_file_that_is_no_workbook_is_a_usage_error(flood_plan, tmp_path, capsys, name, content, said):
    sheet = tmp_path / name
    sheet.write_bytes(content)
    assert main(["import", str(sheet), "--into", str(flood_plan), "--bang", "so_tan"]) == 2
    assert said in capsys.readouterr().err


def test_a_word_file_named_xlsx_is_refused_within_the_zip_limits(flood_plan, tmp_path, capsys, sample_docx):
    sheet = tmp_path / "ke-hoach.xlsx"
    sheet.write_bytes(sample_docx.read_bytes())
    assert main(["import", str(sheet), "--into", str(flood_plan), "--bang", "so_tan"]) == 2
    assert "không phải là bảng tính Excel (.xlsx)" in capsys.readouterr().err


def test_the_annex_must_be_named_when_there_are_several(flood_plan, tmp_path, capsys):
    sheet = tmp_path / "so-tan.xlsx"
    clerks_sheet(sheet)
    assert main(["import", str(sheet), "--into", str(flood_plan)]) == 2
    assert "`so_tan`, `ban_chi_huy`" in capsys.readouterr().err
    assert main(["import", str(sheet), "--into", str(flood_plan), "--bang", "khong_co"]) == 2


def _patched(sheet: Path, change) -> None:
    """Rewrite the first worksheet's XML of sheet with change(xml) (what openpyxl would not write)."""
    from docgen.ooxml import package

    parts = package.read(sheet.read_bytes())
    parts["xl/worksheets/sheet1.xml"] = change(parts["xl/worksheets/sheet1.xml"])
    sheet.write_bytes(package.write(parts))


def test_a_merge_over_the_whole_sheet_is_refused_before_it_is_built(flood_plan, tmp_path, capsys):
    sheet = tmp_path / "so-tan.xlsx"
    clerks_sheet(sheet)
    _patched(sheet, lambda xml: xml.replace(b"</mergeCells>", b'<mergeCell ref="J20:XFD1048576"/></mergeCells>'))
    started = time.monotonic()
    assert main(["import", str(sheet), "--into", str(flood_plan), "--bang", "so_tan"]) == 2
    assert time.monotonic() - started < 10
    assert "quá lớn hoặc quá nhiều" in capsys.readouterr().err


@pytest.mark.parametrize("element", [
    b'<mergeCell ref="J20:&#88;FD1048576"/>',  # a character reference the XML parser reads as X
    b'<hyperlink ref="A1:XFD1048576" display="x"/>',  # openpyxl gives every cell of a hyperlink's range it
])
def test_a_range_over_the_whole_sheet_is_refused_however_it_is_written(flood_plan, tmp_path, capsys, element):
    sheet = tmp_path / "so-tan.xlsx"
    clerks_sheet(sheet)
    if b"mergeCell" in element:
        _patched(sheet, lambda xml: xml.replace(b"</mergeCells>", element + b"</mergeCells>"))
    else:
        _patched(sheet, lambda xml: xml.replace(b"<pageMargins", b"<hyperlinks>" + element + b"</hyperlinks><pageMargins"))
    started = time.monotonic()
    assert main(["import", str(sheet), "--into", str(flood_plan), "--bang", "so_tan"]) == 2
    assert time.monotonic() - started < 10
    assert "quá lớn hoặc quá nhiều" in capsys.readouterr().err


def test_a_cell_a_million_rows_down_is_read_without_walking_to_it(flood_plan, tmp_path, capsys):
    sheet = tmp_path / "so-tan.xlsx"
    clerks_sheet(sheet)
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    _patched(sheet, lambda xml: xml.replace(b"</sheetData>", far))
    started = time.monotonic()
    assert main(["import", str(sheet), "--into", str(flood_plan), "--bang", "so_tan", "--thu"]) == 4
    assert time.monotonic() - started < 10
    out = capsys.readouterr().out
    assert "thêm đơn vị Làng Tung" in out and "cột XFD: «x» — cột không có tiêu đề, ngoài bảng" in out


def test_a_unit_column_titled_otherwise_is_taken_for_the_units_and_said(tmp_path, capsys):
    plan_path = tmp_path / "ke-hoach-2024.yaml"
    plan_path.write_bytes((ROOT / "content" / "ke-hoach-2024.yaml").read_bytes())
    sheet = tmp_path / "giam-ngheo.xlsx"
    assert main(["export", str(plan_path), "-o", str(sheet)]) == 0
    book = openpyxl.load_workbook(sheet)
    book.active["A5"] = "Tên đơn vị"
    book.active["B8"] = 410  # TDP 1
    book.save(sheet)
    assert main(["import", str(sheet), "--into", str(plan_path)]) == 0
    out = capsys.readouterr().out
    assert "(cột A «Tên đơn vị» được coi là cột «Tổ dân phố» (tên đơn vị))" in out
    assert "sửa TDP 1, Tổng số hộ dân cư cuối năm 2023 / Tổng số hộ (ô B8): 409 → 410" in out


def test_a_total_rate_that_does_not_follow_from_the_rows_is_a_warning_naming_its_cell(tmp_path, capsys):
    plan_path = tmp_path / "ke-hoach-2024.yaml"
    plan_path.write_bytes((ROOT / "content" / "ke-hoach-2024.yaml").read_bytes())
    sheet = tmp_path / "giam-ngheo.xlsx"
    assert main(["export", str(plan_path), "-o", str(sheet)]) == 0
    book = openpyxl.load_workbook(sheet)
    ws = book.active
    assert ws["A15"].value == "Tổng cộng"
    ws["E15"], ws["D15"], ws["B15"] = "25,3", 692, "2.737"  # docgen: 692 / 2.737 = 25,28 %; 2.737 households
    book.save(sheet)
    before = plan_path.read_bytes()
    assert main(["import", str(sheet), "--into", str(plan_path)]) == 4
    out = capsys.readouterr().out
    assert ("ô E15 (Tổng cộng, Số hộ nghèo cuối năm 2023 / Tỷ lệ %): bảng tính ghi 25,3, tính từ các dòng được "
            "25,28") in out
    assert "ô D15" not in out and "ô B15" not in out  # right, as a number and as text
    assert plan_path.read_bytes() == before  # nothing else to change


@pytest.mark.slow
def test_validate_and_help_do_not_import_openpyxl(tmp_path):
    program = ("import sys; from docgen.cli import main; main(['validate', sys.argv[1]]); "
               "assert 'openpyxl' not in sys.modules, 'openpyxl imported'")
    done = subprocess.run([sys.executable, "-c", program, str(FLOOD)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr


def test_bang_is_for_spreadsheets_only(flood_plan, sample_docx, capsys):
    assert main(["import", str(sample_docx), "--into", str(flood_plan), "--bang", "so_tan"]) == 2
    assert "--bang chỉ dùng khi nhập bảng tính" in capsys.readouterr().err


def test_a_totals_row_right_under_the_header_is_checked_and_the_units_below_it_read(flood_plan, tmp_path, capsys):
    sheet = tmp_path / "so-tan.xlsx"
    clerks_sheet(sheet)
    book = openpyxl.load_workbook(sheet)
    ws = book.active
    rows = [[ws.cell(row=r, column=c).value for c in range(1, 10)] for r in range(6, 11)]
    for r, values in enumerate(rows[-1:] + rows[:-1], 6):  # the totals first, the units under it
        for c, v in enumerate(values, 1):
            ws.cell(row=r, column=c).value = v
    book.save(sheet)
    assert [ws.cell(row=r, column=2).value for r in range(6, 11)] == [
        "Tổng cộng", "Làng Dơr 1", "Làng Ó", "Thôn 2", "Làng Tung"]
    assert main(["import", str(sheet), "--into", str(flood_plan), "--bang", "so_tan", "--thu"]) == 4
    out = capsys.readouterr().out
    assert "thêm đơn vị Làng Tung" in out and "dưới dòng tổng cộng" not in out
    assert "bảng tính ghi 36, cộng các dòng được 35" in out


def test_a_row_written_as_a_block_gets_the_value_it_lacked_as_a_line_of_its_own(flood_plan, tmp_path, capsys):
    flow = ("      - {thon: Làng Ó, khu_vuc: Vùng trũng phía tây làng, so_ho: 9, so_khau: 37, noi_den: Nhà văn hóa "
            "làng Ó, phu_trach: Ông Siu Khăm}\n")
    block = ("      - thon: Làng Ó\n        khu_vuc: Vùng trũng phía tây làng\n        so_ho: 9\n"
             "        noi_den: Nhà văn hóa làng Ó\n        phu_trach: Ông Siu Khăm  # trưởng làng\n")
    text = flood_plan.read_text(encoding="utf-8")
    assert flow in text
    flood_plan.write_text(text.replace(flow, block), encoding="utf-8")
    sheet = tmp_path / "so-tan.xlsx"
    clerks_sheet(sheet)  # Làng Ó: 37 people
    assert main(["import", str(sheet), "--into", str(flood_plan), "--bang", "so_tan"]) == 4
    after = flood_plan.read_text(encoding="utf-8")
    assert block + "        so_khau: 37\n" in after
    assert load_plan(flood_plan).model.phu_luc[0].dong[1]["so_khau"] == 37


def test_two_units_of_one_name_are_matched_in_order(flood_plan, tmp_path, capsys):
    text = flood_plan.read_text(encoding="utf-8").replace("{thon: Thôn 2,", "{thon: Làng Ó,")
    flood_plan.write_text(text, encoding="utf-8")
    sheet = tmp_path / "so-tan.xlsx"
    clerks_sheet(sheet)
    book = openpyxl.load_workbook(sheet)
    book.active["B8"] = "Làng Ó"  # the sheet's Thôn 2 too
    book.save(sheet)
    assert main(["import", str(sheet), "--into", str(flood_plan), "--bang", "so_tan"]) == 4
    out = capsys.readouterr().out
    assert "hai lần" not in out and "xóa đơn vị Làng Ó" not in out and "thêm đơn vị Làng Ó" not in out
    rows = load_plan(flood_plan).model.phu_luc[0].dong
    assert [(r["thon"], r["so_ho"]) for r in rows if r["thon"] == "Làng Ó"] == [("Làng Ó", 9), ("Làng Ó", 5)]


def test_an_empty_cell_keeps_the_plans_figure_and_is_listed_unless_it_is_a_zero(tmp_path, capsys):
    plan_path = tmp_path / "ke-hoach-2024.yaml"
    plan_path.write_bytes((ROOT / "content" / "ke-hoach-2024.yaml").read_bytes())
    sheet = tmp_path / "giam-ngheo.xlsx"
    assert main(["export", str(plan_path), "-o", str(sheet)]) == 0
    book = openpyxl.load_workbook(sheet)
    book.active["H8"], book.active["J8"] = None, None  # TDP 1: 3 households leave poverty, 0 fall back
    book.save(sheet)
    before = plan_path.read_bytes()
    assert main(["import", str(sheet), "--into", str(plan_path)]) == 4
    out = capsys.readouterr().out
    assert "ô H8: «TDP 1, Diễn biến hộ nghèo trong năm 2024 / Số hộ thoát nghèo / Tổng số hộ» — ô trống; giữ" in out
    assert "J8" not in out
    assert plan_path.read_bytes() == before


def test_a_column_the_sheet_lacks_is_named_and_its_figures_kept(flood_plan, tmp_path, capsys):
    sheet = tmp_path / "so-tan.xlsx"
    clerks_sheet(sheet)
    book = openpyxl.load_workbook(sheet)
    ws = book.active
    ws.unmerge_cells("H3:H4")
    for r in range(3, 11):
        ws[f"H{r}"] = None  # no «Người phụ trách»
    book.save(sheet)
    assert main(["import", str(sheet), "--into", str(flood_plan), "--bang", "so_tan"]) == 4
    out = capsys.readouterr().out
    assert "cột: «Người phụ trách» — bảng tính không có cột này; giữ số liệu trong tệp YAML" in out
    rows = load_plan(flood_plan).model.phu_luc[0].dong
    assert rows[0]["phu_trach"] == "Ông Rơ Lan Blơk" and "phu_trach" not in rows[-1]

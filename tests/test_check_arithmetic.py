"""`docgen check` knows arithmetic: totals rows against their rows, rates against their columns."""

from decimal import Decimal

import docx
import pytest

from docgen.checker import check_file
from docgen.checker.tables import number
from docgen.cli import main
from tests.conftest import ROOT

TOTALS, RATES = "DG.BANG.TONG", "DG.BANG.TYLE"


def arithmetic(path):
    return [r for r in check_file(path) if r.rule in (TOTALS, RATES)]


def edit_cell(table, label: str, column: int, old: str, new: str) -> None:
    """Type new over old in the cell of the row named label, as a user does in Word."""
    row = next(r for r in table.rows if r.cells[0].text == label)
    cell = row.cells[column]
    assert cell.text == old, cell.text
    cell.paragraphs[0].runs[0].text = new


def test_the_edit_made_in_word_is_caught(sample_docx, tmp_path, capsys):
    # a unit's poor households 21 -> 30, and the target 20,28 % -> 19,00 % (in the text and in the table)
    d = docx.Document(str(sample_docx))
    annex = d.tables[-1]
    edit_cell(annex, "TDP 1", 3, "21", "30")
    replaced = 0
    cells = [p for t in d.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    for p in list(d.paragraphs) + cells:
        for run in p.runs:
            if "20,28" in run.text:
                run.text = run.text.replace("20,28", "19,00")
                replaced += 1
    assert replaced == 2
    path = tmp_path / "sua-trong-word.docx"
    d.save(str(path))
    assert arithmetic(sample_docx) == []

    found = {(r.rule, r.where): r.message for r in arithmetic(path)}
    total = found[(TOTALS, "bảng 3 (phần 2), dòng 11 «Tổng cộng», cột 4 «Số hộ nghèo cuối năm 2023 › Tổng số hộ»")]
    assert "ghi 692" in total and "được 701" in total and "dòng 4–10" in total
    rate = found[(RATES, "bảng 3 (phần 2), dòng 4 «TDP 1», cột 5 «Số hộ nghèo cuối năm 2023 › Tỷ lệ %»")]
    assert "ghi 5,13" in rate and "30 / 409" in rate and "= 7,33" in rate
    target = found[(RATES, "bảng 3 (phần 2), dòng 11 «Tổng cộng», cột 17 «Dự kiến hộ nghèo cuối năm 2024 › Tỷ lệ %»")]
    assert "ghi 19,00" in target and "559 / 2.757" in target and "= 20,28" in target
    assert len(found) == 3
    assert {r.severity for r in arithmetic(path)} == {"lỗi"}
    assert main(["check", str(path)]) == 1
    assert "lỗi DG.BANG.TONG" in capsys.readouterr().out


@pytest.mark.parametrize("sample", sorted((ROOT / "content").glob("*.yaml")), ids=lambda p: p.stem)
def test_docgen_s_own_tables_add_up(sample, tmp_path):
    out = tmp_path / f"{sample.stem}.docx"
    assert main(["render", str(sample), "-o", str(out)]) == 0
    assert [r for r in check_file(out) if r.rule.startswith("DG.")] == []


@pytest.mark.parametrize(("text", "value", "places", "percent"), [
    ("2.737", "2737", 0, False), ("20,28", "20.28", 2, False), ("1.234.567,5", "1234567.5", 1, False),
    ("0", "0", 0, False), ("45,30%", "45.30", 2, True), ("5 %", "5", 0, True), ("-3", "-3", 0, False),
    ("2,737", "2.737", 3, False),  # a comma is always the decimal mark
])
def test_numbers_are_read_the_vietnamese_way(text, value, places, percent):
    n = number(text)
    assert (n.value, n.places, n.percent) == (Decimal(value), places, percent)


@pytest.mark.parametrize("text", ["1.5", "12.34", "-", "", "TDP 1", "30/06/2025", "0912 345 601", "1.2.3"])
def test_what_is_not_a_vietnamese_number(text):
    assert number(text) is None


def table(d, rows, widths=None):
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in zip(t.rows, rows):
        for cell, value in zip(r.cells, values):
            cell.text = value
    return t


def grouped(tmp_path, edits=()):
    """A hand-typed report: numbered columns, groups that print their sums, sub-totals, details."""
    rows = [
        ["TT", "Đơn vị", "Số hộ", "Số khẩu", "Tỷ lệ %", "Diện tích (ha)"],
        ["A", "B", "1", "2", "3", "4"],
        ["", "Tổng số", "60", "250", "", "3,14"],
        ["I", "Xã Ia Tô", "35", "140", "", "1,04"],
        ["1", "Thôn 1", "20", "80", "", "0,35"],
        ["", "Trong đó: hộ DTTS", "12", "50", "", "0,20"],
        ["2", "Thôn 2", "15", "60", "", "0,69"],
        ["II", "Xã Ia Khai", "25", "110", "", "2,10"],
        ["1", "Làng A", "25", "110", "", "2,10"],
    ]
    for r, c, value in edits:
        rows[r][c] = value
    d = docx.Document()
    table(d, rows)
    d.add_paragraph("Bảng 2")
    table(d, [
        ["Nhóm", "Số hộ nghèo", "Tổng số hộ", "Tỷ lệ %"],
        ["I. Chính quyền số", "", "", ""],
        ["Ban 1", "3", "8", "37,50"],
        ["Ban 2", "1", "16", "6,25"],
        ["Cộng", "4", "24", "16,67"],
        ["II. Kinh tế số", "", "", ""],
        ["Ban 3", "2", "3", "66,67"],
        ["Cộng", "2", "3", "66,67"],
        ["Tổng cộng", "6", "27", "22,22"],
    ])
    path = tmp_path / "bao-cao.docx"
    d.save(str(path))
    return path


def test_a_hand_typed_report_with_groups_sub_totals_and_details_adds_up(tmp_path):
    assert arithmetic(grouped(tmp_path)) == []


def test_a_wrong_figure_is_caught_where_it_shows(tmp_path):
    # Thôn 2: 15 -> 16 households: its group (row 4) no longer adds up; the total at the top adds
    # the groups' own figures, which still make 60
    found = [(r.where, r.message) for r in arithmetic(grouped(tmp_path, [(6, 2, "16")]))]
    assert [w for w, _ in found] == ["bảng 1 (phần 1), dòng 4 «Xã Ia Tô», cột 3 «Số hộ»"]
    assert "dòng nhóm ghi 35 nhưng cộng dòng 5–7 được 36" in found[0][1]
    # the group's figure changed with it: now the total is wrong
    found = [(r.where, r.message) for r in arithmetic(grouped(tmp_path, [(6, 2, "16"), (3, 2, "36")]))]
    assert [w for w, _ in found] == ["bảng 1 (phần 1), dòng 3 «Tổng số», cột 3 «Số hộ»"]
    assert "dòng tổng ghi 60 nhưng cộng dòng 4–9 được 61 (ghi thiếu 1)" in found[0][1]


def test_a_detail_row_is_not_added_and_decimals_allow_for_rounding(tmp_path):
    # the «Trong đó» row may say anything; 0,35 + 0,69 = 1,04 exactly, 1,04 + 2,10 = 3,14
    assert arithmetic(grouped(tmp_path, [(5, 2, "19")])) == []
    found = arithmetic(grouped(tmp_path, [(2, 5, "3,20")]))
    assert [r.where for r in found] == ["bảng 1 (phần 1), dòng 3 «Tổng số», cột 6 «Diện tích (ha)»"]


def test_sub_totals_and_rates_in_a_grouped_table(tmp_path):
    path = grouped(tmp_path)
    d = docx.Document(str(path))
    second = d.tables[1]
    second.rows[3].cells[1].paragraphs[0].runs[0].text = "2"  # Ban 2: 1 -> 2 poor households
    d.save(str(path))
    found = sorted((r.rule, r.where) for r in arithmetic(path))
    assert found == [
        (TOTALS, "bảng 2 (phần 1), dòng 5 «Cộng», cột 2 «Số hộ nghèo»"),
        (TOTALS, "bảng 2 (phần 1), dòng 9 «Tổng cộng», cột 2 «Số hộ nghèo»"),
        (RATES, "bảng 2 (phần 1), dòng 4 «Ban 2», cột 4 «Tỷ lệ %»"),
    ]


@pytest.mark.parametrize(("printed", "ok"), [("6,25", True), ("6,3", True), ("6,2", True), ("6", True),
                                              ("6,4", False), ("6,26", False), ("7", False)])
def test_a_rate_matches_at_the_precision_it_is_printed_with(tmp_path, printed, ok):
    d = docx.Document()
    table(d, [["Đơn vị", "Số hộ nghèo", "Tổng số hộ", "Tỷ lệ %"],
              ["Thôn 1", "3", "8", "37,50"], ["Thôn 2", "1", "16", printed], ["Thôn 3", "1", "4", "25,00"],
              ["Tổng cộng", "5", "28", "17,86"]])
    path = tmp_path / "ty-le.docx"
    d.save(str(path))
    assert (arithmetic(path) == []) == ok


def test_a_table_without_a_header_row_and_one_without_totals(tmp_path):
    d = docx.Document()
    table(d, [["Thôn 1", "10"], ["Thôn 2", "20"], ["Tổng cộng", "30"]])
    d.add_paragraph("")
    table(d, [["Năm", "2024", "2025"], ["Số hộ", "10", "20"], ["Số khẩu", "40", "80"]])
    path = tmp_path / "khong-tieu-de.docx"
    d.save(str(path))
    assert arithmetic(path) == []

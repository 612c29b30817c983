"""`docgen check` warns about any table cell whose number would wrap mid-number."""

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, Twips

from docgen.checker import check_file
from docgen.cli import main

RULE = "DG.BANG.NGATSO"
# «15.263.000» in Times New Roman 11 pt: 8 digits of 0.5 em and 2 points of 0.25 em = 49.5 pt = 990 twips
NEEDED = 990


def wrapped(path):
    return [r for r in check_file(path) if r.rule == RULE]


def document(width: int, value: str = "15.263.000", size: float = 11, bold: bool = False, margins=None,
             cell_margins=None):
    """A Times New Roman table whose second column is width twips wide, holding value."""
    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(size)
    t = d.add_table(rows=3, cols=2)
    t.style = "Table Grid"
    t.autofit = False
    for row, (name, figure) in zip(t.rows, [("Thôn", "Số tiền"), ("Thôn 1", value), ("Thôn 2", "12")]):
        row.cells[0].text = name
        row.cells[1].text = figure
        row.cells[1].paragraphs[0].runs[0].bold = bold
    for column, w in zip(t.columns, (Cm(4), Twips(width))):
        column.width = w
        for cell in column.cells:
            cell.width = w
    if margins is not None:
        t._tbl.tblPr.append(_margins("w:tblCellMar", margins))
    if cell_margins is not None:
        t.rows[1].cells[1]._tc.get_or_add_tcPr().append(_margins("w:tcMar", cell_margins))
    return d


def _margins(tag: str, twips: int):
    el = OxmlElement(tag)
    for side in ("left", "right"):
        s = OxmlElement(f"w:{side}")
        s.set(qn("w:w"), str(twips))
        s.set(qn("w:type"), "dxa")
        el.append(s)
    return el


def test_a_too_narrow_number_column_gets_one_warning_that_says_where(tmp_path, capsys):
    path = tmp_path / "hep.docx"
    document(850).save(str(path))
    (finding,) = wrapped(path)
    assert finding.severity == "cảnh báo"
    assert finding.where == "bảng 1 (phần 1), dòng 2 «Thôn 1», cột 2 «Số tiền»"
    assert "«15.263.000»" in finding.message and "1,75 cm" in finding.message
    main(["check", str(path)])  # (not a Kế hoạch: the decree's rules find much else)
    assert "cảnh báo DG.BANG.NGATSO — bảng 1 (phần 1), dòng 2 «Thôn 1», cột 2" in capsys.readouterr().out


@pytest.mark.parametrize(("width", "wraps"), [(NEEDED + 2 * 108, False), (NEEDED + 2 * 108 - 6, True)])
def test_the_cell_s_default_padding_of_108_twips_counts(tmp_path, width, wraps):
    # the edge LibreOffice shows: at 1206 twips the number fits, at 1200 it breaks after «15.263.00»
    path = tmp_path / "mep.docx"
    document(width).save(str(path))
    assert bool(wrapped(path)) == wraps


@pytest.mark.parametrize(("table", "cell", "wraps"), [(0, None, False), (200, None, True), (200, 0, False)])
def test_the_table_s_and_the_cell_s_own_padding(tmp_path, table, cell, wraps):
    path = tmp_path / "le.docx"
    document(NEEDED + 20, margins=table, cell_margins=cell).save(str(path))
    assert bool(wrapped(path)) == wraps


def test_size_and_bold_are_those_the_run_resolves_to(tmp_path):
    fits = tmp_path / "vua.docx"
    document(NEEDED + 2 * 108 + 4).save(str(fits))
    assert wrapped(fits) == []
    bigger = tmp_path / "to.docx"
    document(NEEDED + 2 * 108 + 4, size=12).save(str(bigger))
    assert len(wrapped(bigger)) == 1
    bold = tmp_path / "dam.docx"
    document(NEEDED + 2 * 108 + 4, value="WW 15.263.000", bold=True).save(str(bold))  # bold digits: same width
    assert wrapped(bold) == []


def test_words_and_dates_are_not_numbers(tmp_path):
    path = tmp_path / "chu.docx"
    document(500, value="Thời hạn 30/06/2025").save(str(path))
    assert wrapped(path) == []


def test_docgen_s_own_annex_has_no_number_that_wraps(sample_docx):
    assert wrapped(sample_docx) == []


def test_a_column_narrowed_in_word_gets_one_warning_for_all_its_cells(sample_docx, tmp_path, capsys):
    d = docx.Document(str(sample_docx))
    annex = d.tables[-1]
    for row in annex.rows[3:]:  # below the three header rows: «2.737», «409», …
        row.cells[1].width = Twips(300)
    path = tmp_path / "cot-hep.docx"
    d.save(str(path))
    (finding,) = wrapped(path)
    assert finding.where == "bảng 3 (phần 2), dòng 11 «Tổng cộng», cột 2 «Tổng số hộ dân cư cuối năm 2023 › Tổng số hộ»"
    assert "«2.737»" in finding.message and "còn 7 ô khác" in finding.message
    assert main(["check", str(path)]) == 0
    assert "0 lỗi, 1 cảnh báo" in capsys.readouterr().out

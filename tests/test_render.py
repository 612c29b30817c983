"""The rendered sample, read back: every layout rule of Decree 30 that a Kế hoạch must meet."""

from __future__ import annotations

import datetime as dt
import re
import zipfile

import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from docgen.base.measure import width_pt
from tests.docx_reading import (
    alignment,
    bold_prefix,
    is_bold,
    is_italic,
    paragraph_format,
    sizes,
    twips,
)

TNR = "Times New Roman"


def by_text(doc, start: str):
    """Return the first body paragraph whose text starts with start."""
    for p in doc.paragraphs:
        if p.text.startswith(start):
            return p
    raise AssertionError(f"no paragraph starts with {start!r}")


def header_cells(doc):
    table = doc.tables[0]
    return table.rows[0].cells + table.rows[1].cells


# --- page -----------------------------------------------------------------------


def test_first_section_is_a4_portrait_with_decree_margins(sample_doc):
    s = sample_doc.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert s.orientation == WD_ORIENT.PORTRAIT
    assert Mm(20) <= s.top_margin <= Mm(25) and Mm(20) <= s.bottom_margin <= Mm(25)
    assert Mm(30) <= s.left_margin <= Mm(35) and Mm(15) <= s.right_margin <= Mm(20)


def test_annex_is_its_own_landscape_section_with_page_numbers_restarting(sample_doc):
    assert len(sample_doc.sections) == 2
    annex = sample_doc.sections[1]
    assert annex.orientation == WD_ORIENT.LANDSCAPE
    assert (round(annex.page_width.mm), round(annex.page_height.mm)) == (297, 210)
    assert annex._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert sample_doc.sections[0]._sectPr.find(qn("w:pgNumType")) is None


@pytest.mark.parametrize("index", [0, 1])
def test_page_number_centred_at_top_and_hidden_on_first_page(sample_doc, index):
    section = sample_doc.sections[index]
    assert section.different_first_page_header_footer
    header = section.header.paragraphs
    fields = section.header._element.findall(f".//{qn('w:fldSimple')}")
    assert [f.get(qn("w:instr")).strip() for f in fields] == ["PAGE"]
    assert alignment(header[0]) == WD_ALIGN_PARAGRAPH.CENTER
    assert sizes(sample_doc, header[0]) <= {13.0, 14.0}
    first = section.first_page_header
    assert not first._element.findall(f".//{qn('w:fldSimple')}") and not first._element.findall(f".//{qn('w:instrText')}")
    assert "".join(p.text for p in first.paragraphs) == ""


# --- fonts ------------------------------------------------------------------------


def test_times_new_roman_in_all_four_font_slots_and_no_other_font(sample_docx):
    with zipfile.ZipFile(sample_docx) as z:
        styles = z.read("word/styles.xml").decode()
        xml = styles + "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/") and n.endswith(".xml"))
    defaults = re.search(r"<w:rPrDefault>.*?</w:rPrDefault>", styles).group(0)
    for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
        assert f'w:{slot}="{TNR}"' in defaults
    fonts = re.findall(r"<w:rFonts [^>]*>", xml)
    named = {v for f in fonts for v in re.findall(r'w:(?:ascii|hAnsi|cs|eastAsia)="([^"]+)"', f)}
    assert named == {TNR}
    assert "w:asciiTheme" not in xml


# --- header block -----------------------------------------------------------------


def test_header_is_borderless_fixed_two_column_table(sample_doc):
    table = sample_doc.tables[0]
    tbl_pr = table._tbl.tblPr
    assert tbl_pr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    borders = tbl_pr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert len(grid) == 2
    # the right column holds the Quốc hiệu on one line (about 88 mm at 12 pt bold)
    assert grid[1] / 56.7 >= 95


def test_header_texts_and_styles(sample_doc):
    agency, motto, number, date = header_cells(sample_doc)
    lines = [p for p in agency.paragraphs if p.text]
    assert [p.text for p in lines] == ["ỦY BAN NHÂN DÂN", "THỊ TRẤN KÔNG CHRO"]
    assert all(is_bold(p) and sizes(sample_doc, p) <= {12.0, 13.0} for p in lines)
    quoc_hieu, tieu_ngu = [p for p in motto.paragraphs if p.text]
    assert quoc_hieu.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and is_bold(quoc_hieu)
    assert sizes(sample_doc, quoc_hieu) <= {12.0, 13.0}
    assert tieu_ngu.text == "Độc lập - Tự do - Hạnh phúc" and is_bold(tieu_ngu)
    assert sizes(sample_doc, tieu_ngu) <= {13.0, 14.0}
    (so,) = [p for p in number.paragraphs if p.text]
    assert so.text == "Số: 45/KH-UBND" and sizes(sample_doc, so) == {13.0} and not is_bold(so)
    (when,) = [p for p in date.paragraphs if p.text]
    assert when.text == "Kông Chro, ngày 11 tháng 01 năm 2024"
    assert is_italic(when) and sizes(sample_doc, when) <= {13.0, 14.0}
    for p in (*lines, quoc_hieu, tieu_ngu, so, when):
        assert alignment(p) == WD_ALIGN_PARAGRAPH.CENTER


def test_quoc_hieu_fits_its_cell_on_one_line(sample_doc):
    motto = header_cells(sample_doc)[1]
    cell_pt = int(motto._tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) / 20
    assert width_pt("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True) < cell_pt - 8


def _rule_length_pt(paragraph, cell_width_pt: float) -> float:
    left = twips(paragraph_format(paragraph, "left_indent")) / 20
    right = twips(paragraph_format(paragraph, "right_indent")) / 20
    return cell_width_pt - left - right


def _bottom_border(paragraph) -> bool:
    ppr = paragraph.style.element.find(qn("w:pPr"))
    return ppr is not None and ppr.find(f"{qn('w:pBdr')}/{qn('w:bottom')}") is not None


def test_rules_under_agency_and_motto_have_decree_lengths(sample_doc):
    agency, motto = header_cells(sample_doc)[:2]
    table_margin = 2 * 57 / 20
    for cell, share in ((agency, (1 / 3, 1 / 2)), (motto, (0.98, 1.02))):
        texts = [p for p in cell.paragraphs if p.text]
        rule = cell.paragraphs[-1]
        assert rule.text == "" and _bottom_border(rule)
        cell_pt = int(cell._tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) / 20 - table_margin
        size = max(sizes(sample_doc, texts[-1]))
        text_pt = max(width_pt(p.text, size, bold=True) for p in texts[-1:] if p.text)
        if cell is agency:
            text_pt = max(width_pt(p.text, size, bold=True) for p in texts)
        ratio = _rule_length_pt(rule, cell_pt) / text_pt
        assert share[0] <= ratio <= share[1], ratio


# --- title and body --------------------------------------------------------------------


def test_title_and_trich_yeu(sample_doc):
    title = by_text(sample_doc, "KẾ HOẠCH")
    assert title.text == "KẾ HOẠCH" and is_bold(title) and alignment(title) == WD_ALIGN_PARAGRAPH.CENTER
    assert sizes(sample_doc, title) <= {13.0, 14.0}
    trich_yeu = by_text(sample_doc, "Thực hiện Chương trình mục tiêu quốc gia")
    assert is_bold(trich_yeu) and alignment(trich_yeu) == WD_ALIGN_PARAGRAPH.CENTER
    paragraphs = sample_doc.paragraphs
    rule = paragraphs[[p._p for p in paragraphs].index(trich_yeu._p) + 1]
    assert rule.text == "" and _bottom_border(rule)
    page_pt = 9354 / 20
    line = _rule_length_pt(rule, page_pt)
    assert page_pt / 3 * 0.9 <= line <= page_pt / 2


def _body(doc):
    """Paragraphs between the title block and the closing paragraph (outside tables)."""
    ps = doc.paragraphs
    start = next(i for i, p in enumerate(ps) if p.text.startswith("Căn cứ"))
    end = next(i for i, p in enumerate(ps) if p.text.endswith("./."))
    return ps[start : end + 1]


def test_body_paragraphs_are_justified_indented_spaced_and_one_size(sample_doc):
    body = _body(sample_doc)
    assert len(body) > 100
    all_sizes = set()
    for p in body:
        assert alignment(p) == WD_ALIGN_PARAGRAPH.JUSTIFY, p.text[:40]
        assert twips(paragraph_format(p, "first_line_indent")) in (567, 720), p.text[:40]
        before = twips(paragraph_format(p, "space_before"))
        after = twips(paragraph_format(p, "space_after"))
        assert max(before, after) >= 120, p.text[:40]
        spacing = paragraph_format(p, "line_spacing")
        assert spacing is None or 1.0 <= spacing <= 1.5
        all_sizes |= sizes(sample_doc, p)
    assert all_sizes in ({13.0}, {14.0})


def test_no_manual_line_breaks_in_body(sample_docx):
    with zipfile.ZipFile(sample_docx) as z:
        xml = z.read("word/document.xml").decode()
    assert "<w:br/>" not in xml and "<w:cr/>" not in xml


def test_legal_basis_is_italic_one_sentence_each(sample_doc):
    bases = [p for p in sample_doc.paragraphs if p.text.startswith("Căn cứ ")]
    assert len(bases) == 8
    assert all(is_italic(p) for p in bases)
    assert all(p.text.endswith(";") for p in bases[:-1]) and bases[-1].text.endswith(",")
    assert bases[0].text == (
        "Căn cứ Nghị quyết số 24/2021/QH15 ngày 28/7/2021 của Quốc hội phê duyệt chủ trương đầu tư "
        "Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021-2025;"
    )


def test_part_headings_are_bold_capitals_numbered_in_roman(sample_doc):
    parts = [p for p in sample_doc.paragraphs if re.match(r"^[IVX]+\. ", p.text)]
    assert [p.text for p in parts] == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. MỤC TIÊU",
        "III. NHIỆM VỤ VÀ GIẢI PHÁP",
        "IV. NGUỒN LỰC THỰC HIỆN",
        "V. TỔ CHỨC THỰC HIỆN",
    ]
    assert all(is_bold(p) and p.text == p.text.upper() for p in parts)


def _numbers(doc) -> list[str]:
    out = []
    for p in _body(doc):
        m = re.match(r"^([IVX]+\.|(?:\d+\.)+|[a-zđ]\))\s", p.text)
        if m:
            out.append(m.group(1))
    return out


def test_numbering_comes_from_structure_without_the_sources_slips(sample_doc):
    numbers = _numbers(sample_doc)
    part_iii = numbers[numbers.index("III.") + 1 : numbers.index("IV.")]
    assert part_iii[:3] == ["1.", "1.1.", "1.2."]
    assert "2.3.1." in part_iii and "2.3.2." in part_iii
    assert part_iii[part_iii.index("2.3.2.") + 1] == "2.4."  # the paper's "2.5. Dự án 5"
    assert part_iii.count("2.4.") == 1 and "2.14." not in part_iii and "2.13." in part_iii
    part_v = numbers[numbers.index("V.") + 1 :]
    assert part_v == ["1.", "2.", "3.", "4.", "4.1.", "4.2."]  # the paper has "3." twice
    # inside each part, every item is the next child of the item before it: no gaps, no repeats
    last: dict[tuple, int] = {}
    for n in numbers:
        if re.match(r"^[IVX]+\.$", n):
            last = {}
            continue
        path = tuple(int(x) for x in n.rstrip(".").split("."))
        parent = path[:-1]
        assert path[-1] == last.get(parent, 0) + 1, n
        assert not parent or parent in {k + (v,) for k, v in last.items()}, n
        last[parent] = path[-1]


def test_titled_items_are_bold_untitled_items_are_not(sample_doc):
    target = by_text(sample_doc, "2.3.1. Tiểu dự án 1: Hỗ trợ phát triển sản xuất")
    assert is_bold(target)
    inline = by_text(sample_doc, "1. Mục đích: Phấn đấu")
    assert bold_prefix(inline).strip() == "1. Mục đích:"
    untitled = by_text(sample_doc, "4.1. Các ngành, công chức chuyên môn")
    assert bold_prefix(untitled) == ""


def test_lines_and_points_carry_their_marks(sample_doc):
    bullet = by_text(sample_doc, "- Mục tiêu: Xây dựng cơ sở hạ tầng liên kết vùng")
    assert not is_bold(bullet)
    assert by_text(sample_doc, "+ Nội dung 2: Tăng cường hướng dẫn chất lượng bữa ăn học đường")
    assert by_text(sample_doc, "- Tổ chức thực hiện: Dự án 5.")
    assert by_text(sample_doc, "- Trực tiếp tổ chức thực hiện: Tiểu dự án 2 thuộc Dự án 3.")


def test_targets_in_part_ii_come_from_the_annex(sample_doc):
    assert by_text(sample_doc, "- Tỷ lệ hộ nghèo (theo chuẩn nghèo đa chiều giai đoạn 2022-2025) còn 20,28% vào cuối năm 2024.")
    assert by_text(sample_doc, "- Mức giảm tỷ lệ hộ nghèo (theo chuẩn nghèo đa chiều giai đoạn 2022-2025) ở mức 5,00%.")
    assert by_text(sample_doc, "- Tỷ lệ hộ nghèo dân tộc thiểu số giảm 11,50%.")
    assert by_text(sample_doc, "(Kèm theo Bảng tổng hợp chỉ tiêu giảm nghèo năm 2024).")


def test_reporting_deadlines_are_dated_sentences(sample_doc):
    report = by_text(sample_doc, "4.1. ")
    assert "định kỳ trước ngày 10/5/2024 (báo cáo 06 tháng) và ngày 20/10/2024 (báo cáo năm) để tổng hợp." in report.text


def test_text_ends_with_slash_dot(sample_doc):
    assert _body(sample_doc)[-1].text.endswith("để tổng hợp./.")


def test_no_empty_paragraphs_left_by_template_tags(sample_doc):
    empty = [p for p in sample_doc.paragraphs if not p.text.strip()]
    styles = sorted(p.style.style_id if p.style is not None else "" for p in empty)
    # the rule under the trích yếu, the section break, the paragraph Word needs after the annex table
    assert styles == ["KHGachTrichYeu", "Normal", "Normal"]
    assert all("{%" not in p.text and "{{" not in p.text for p in sample_doc.paragraphs)


# --- signature and recipients --------------------------------------------------------------


def test_signature_block_beside_recipients_in_a_row_that_does_not_split(sample_doc):
    table = sample_doc.tables[1]
    assert table._tbl.tr_lst[0].trPr.find(qn("w:cantSplit")) is not None
    left, right = table.rows[0].cells
    lines = [p for p in right.paragraphs if p.text]
    assert [p.text for p in lines] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A"]
    assert all(is_bold(p) and alignment(p) == WD_ALIGN_PARAGRAPH.CENTER for p in lines)
    assert all(sizes(sample_doc, p) <= {13.0, 14.0} for p in lines)
    name = lines[-1]
    assert twips(paragraph_format(name, "space_before")) >= 1200  # room for signature and seal


def test_recipients_punctuation_and_sizes(sample_doc):
    left = sample_doc.tables[1].rows[0].cells[0]
    head, *items = [p for p in left.paragraphs if p.text]
    assert head.text == "Nơi nhận:" and is_bold(head) and is_italic(head) and sizes(sample_doc, head) == {12.0}
    assert len(items) == 9
    assert all(p.text.startswith("- ") and sizes(sample_doc, p) == {11.0} for p in items)
    assert all(p.text.endswith(";") for p in items[:-1])
    assert items[-1].text == "- Lưu: VT, UB."
    assert items[0].text == "- Phòng Lao động - TB&XH;"


# --- annex --------------------------------------------------------------------------------


def _annex_paragraphs(doc):
    body = doc.element.body
    sect_break = next(p for p in body.iter(qn("w:p")) if p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None)
    return [p for p in doc.paragraphs if p._p in list(sect_break.itersiblings())]


def test_annex_heading_title_and_reference_line(sample_doc):
    heading, title, ref = [p for p in _annex_paragraphs(sample_doc) if p.text][:3]
    assert heading.text == "Phụ lục" and is_bold(heading) and sizes(sample_doc, heading) == {14.0}
    assert title.text == "TỔNG HỢP BIỂU MẪU CHỈ TIÊU ĐĂNG KÝ GIẢM NGHÈO NĂM 2024" and is_bold(title)
    assert ref.text == "(Kèm theo Kế hoạch số 45/KH-UBND ngày 11/01/2024 của Ủy ban nhân dân thị trấn Kông Chro)"
    assert is_italic(ref)
    for p in (heading, title, ref):
        assert alignment(p) == WD_ALIGN_PARAGRAPH.CENTER


def test_annex_table_has_merged_three_row_header_repeated_on_each_page(sample_doc):
    table = sample_doc.tables[2]
    rows = table._tbl.tr_lst
    assert len(rows) == 3 + 7 + 1
    for tr in rows[:3]:
        assert tr.trPr.find(qn("w:tblHeader")) is not None
    spans = [[int(tc.tcPr.find(qn("w:gridSpan")).get(qn("w:val"))) if tc.tcPr.find(qn("w:gridSpan")) is not None else 1
              for tc in tr.tc_lst] for tr in rows[:3]]
    assert spans[0] == [1, 2, 4, 6, 2, 4, 1]
    assert spans[1] == [1, 2, 4, 2, 2, 2, 2, 4, 1]
    assert spans[2] == [1] * 20
    first_row = [c.text for c in table.rows[0].cells]
    assert "Tổng số hộ dân cư cuối năm 2023" in first_row and "Dự kiến hộ nghèo cuối năm 2024" in first_row
    assert first_row[0] == "Tổ dân phố"
    grid = sum(int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol")))
    section = sample_doc.sections[1]
    assert grid <= twips(section.page_width - section.left_margin - section.right_margin)


def test_annex_rows_and_bold_total(sample_doc):
    table = sample_doc.tables[2]
    names = [r.cells[0].text for r in table.rows[3:]]
    assert names == ["TDP 1", "TDP 2", "TDP Plei Nghe", "TDP Plei Ktoh", "TDP Plei Hlektu", "TDP Plei Dong",
                     "TDP Plei Pyang", "Tổng cộng"]
    total = table.rows[-1]
    assert all(is_bold(p) for c in total.cells for p in c.paragraphs if p.text)
    assert not any(is_bold(p) for c in table.rows[3].cells for p in c.paragraphs if p.text)
    body_sizes = {s for r in table.rows[3:] for c in r.cells for p in c.paragraphs for s in sizes(sample_doc, p)}
    assert body_sizes <= {11.0, 12.0}


# --- package -------------------------------------------------------------------------------


def test_document_properties_come_from_the_plan(sample_doc):
    core = sample_doc.core_properties
    assert core.title.startswith("Thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2024")
    assert core.author == "Ủy ban nhân dân thị trấn Kông Chro"
    issued = dt.datetime(2024, 1, 11, tzinfo=dt.timezone(dt.timedelta(hours=7)))  # 00:00 on the issue date in Việt Nam
    assert core.created == issued == core.modified


def test_nothing_of_python_docx_default_template_survives(sample_docx):
    with zipfile.ZipFile(sample_docx) as z:
        names = set(z.namelist())
        everything = b"".join(z.read(n) for n in names)
    assert not any("thumbnail" in n or "stylesWithEffects" in n or "numbering" in n for n in names)
    assert b"python-docx" not in everything
    assert {i.date_time for i in zipfile.ZipFile(sample_docx).infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_no_schema_error_under_openxml_audit(sample_docx):
    from openxml_audit import FileFormat, OpenXmlValidator

    result = OpenXmlValidator(file_format=FileFormat.OFFICE_2019).validate(str(sample_docx))
    assert [(e.error_type, e.description) for e in result.errors] == []

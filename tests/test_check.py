"""`docgen check`: our output passes; broken copies and a hand-typed document are caught by the right rules."""

import json
import re

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from docgen.base.errors import ERROR as LOI
from docgen.checker import check_file
from docgen.checker.rules import RULES
from docgen.cli import main
from tests.docx_reading import edited_copy


def errors(path):
    return [r for r in check_file(path) if r.severity == LOI]


def test_our_output_has_no_error_and_no_warning(sample_docx):
    assert check_file(sample_docx) == []


def test_every_rule_has_an_id_a_citation_a_severity_and_a_vietnamese_description():
    for rule in RULES.values():
        # the decree's rules cite it; docgen's own consistency rules say they are not the decree's; the
        # two-level local government rule cites the Constitution
        assert (rule.id.startswith("ND30.PL1.") and rule.cite.startswith("Nghị định 30/2020/NĐ-CP")) or \
            (rule.id.startswith("DG.") and "không phải quy định của Nghị định 30/2020/NĐ-CP" in rule.cite) or \
            (rule.id == "CQDP.2025" and rule.cite.startswith("Hiến pháp"))
        assert rule.severity in ("lỗi", "cảnh báo") and any(ord(c) > 0x7F for c in rule.description)


def broken(sample_docx, tmp_path, part: str, old: str, new: str):
    """Return a copy of the sample with one XML edit (old must be present)."""
    return edited_copy(sample_docx, tmp_path / "broken.docx", part, old, new)


@pytest.mark.parametrize(
    ("name", "part", "old", "new", "rule"),
    [
        ("margin too small", "word/document.xml", 'w:left="1701"', 'w:left="1400"', "ND30.PL1.I.3"),
        ("body 12 pt", "word/styles.xml", '<w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>',  # Normal
         '<w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>', "ND30.PL1.II.6.e.1"),
        ("en dashes in the motto", "word/document.xml", "Độc lập - Tự do - Hạnh phúc", "Độc lập – Tự do – Hạnh phúc",
         "ND30.PL1.II.1.b"),
        ("month without its zero", "word/document.xml", "tháng 01 năm 2024", "tháng 1 năm 2024", "ND30.PL1.II.4.b"),
        ("recipient without ;", "word/document.xml", "- Lãnh đạo UBND thị trấn;", "- Lãnh đạo UBND thị trấn",
         "ND30.PL1.II.9.d.2"),
        ("page number on page 1", "word/document.xml", "<w:titlePg/>", "", "ND30.PL1.I.7.b"),
        ("a font other than Times", "word/styles.xml", 'w:hAnsi="Times New Roman"', 'w:hAnsi="Arial"', "ND30.PL1.I.4"),
        ("Quốc hiệu misspelt", "word/document.xml", "CỘNG HÒA XÃ HỘI", "CỘNG HOÀ XÃ HỘI", "ND30.PL1.II.1.a"),
        # (the hyphen of «45/KH-UBND» is Word's non-breaking hyphen, an element of its own)
        ("number without its zero", "word/document.xml", "Số: 45/KH", "Số: 5/KH", "ND30.PL1.II.4.a"),
        ("no ./. at the end", "word/document.xml", "để tổng hợp./.", "để tổng hợp.", "ND30.PL1.II.6.g"),
    ],
)
def test_each_deliberate_breach_is_caught_by_its_rule(sample_docx, tmp_path, name, part, old, new, rule):
    found = {r.rule for r in errors(broken(sample_docx, tmp_path, part, old, new))}
    assert rule in found, (name, found)


def test_findings_say_where(sample_docx, tmp_path):
    path = broken(sample_docx, tmp_path, "word/document.xml", "- Lãnh đạo UBND thị trấn;", "- Lãnh đạo UBND thị trấn")
    (finding,) = [r for r in check_file(path) if r.rule == "ND30.PL1.II.9.d.2"]
    assert re.match(r"phần 1, đoạn \d+ «- Lãnh đạo UBND thị trấn»", finding.where)


def hand_typed(path):
    """A plan typed in Word the usual way: Word's defaults, a header table, a few slips."""
    d = docx.Document()
    left, right = d.add_table(rows=1, cols=2).rows[0].cells
    left.paragraphs[0].add_run("UBND XÃ IA PÚCH").bold = True
    left.add_paragraph("Số: 5/KH-UBND")
    right.paragraphs[0].add_run("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
    right.add_paragraph().add_run("Độc lập – Tự do – Hạnh phúc").bold = True
    right.add_paragraph("Ia Púch, ngày 5 tháng 1 năm 2024")
    for text in ("KẾ HOẠCH", "Thực hiện giảm nghèo năm 2024"):
        p = d.add_paragraph()
        p.add_run(text).bold = True
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_paragraph("I. Mục đích, yêu cầu")
    d.add_paragraph("Phấn đấu đạt các chỉ tiêu về giảm nghèo năm 2024, góp phần đạt các mục tiêu được giao.")
    d.add_paragraph("Nơi nhận:")
    for line in ("- UBND huyện", "- Lưu VT"):
        d.add_paragraph(line)
    d.add_paragraph("TM. ỦY BAN NHÂN DÂN")
    d.save(str(path))
    return path


def test_a_hand_typed_document_gets_a_sensible_list(tmp_path, capsys):
    path = hand_typed(tmp_path / "tay.docx")
    found = {r.rule for r in check_file(path)}
    assert {"ND30.PL1.I.1", "ND30.PL1.I.3", "ND30.PL1.I.4", "ND30.PL1.I.7.a", "ND30.PL1.II.1.a", "ND30.PL1.II.1.b",
            "ND30.PL1.II.4.a", "ND30.PL1.II.4.b", "ND30.PL1.II.6.e.1", "ND30.PL1.II.6.g", "ND30.PL1.II.7",
            "ND30.PL1.II.9.d.1", "ND30.PL1.II.9.d.2"} <= found
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith(f"{path}: ") and "lỗi ND30.PL1.II.1.b" in out


def test_json_output(sample_docx, capsys):
    assert main(["check", str(sample_docx), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"file": str(sample_docx), "findings": []}


def test_warnings_alone_exit_0(sample_docx, tmp_path):
    path = broken(sample_docx, tmp_path, "word/document.xml", '<w:pgNumType w:start="1"/>', "")
    assert {r.severity for r in check_file(path)} == {"cảnh báo"}
    assert main(["check", str(path)]) == 0


@pytest.mark.parametrize("content", [None, b"not a zip", b"PK\x03\x04broken"])
def test_unreadable_files_exit_2_with_a_message(tmp_path, capsys, content):
    path = tmp_path / "x.docx"
    if content is not None:
        path.write_bytes(content)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and ("không tìm thấy" in err or "không phải là tệp Word" in err)


def test_a_title_item_that_is_not_bold_is_caught(sample_docx, tmp_path):
    # the style that makes every item title ("2.3. Dự án 3: …") bold loses its bold
    look = '<w:name w:val="KH Mục (mọi cấp)"/><w:basedOn w:val="KHDoan"/><w:next w:val="KHDoan"/><w:uiPriority w:val="50"/>'
    path = broken(sample_docx, tmp_path, "word/styles.xml",
                  look + '<w:pPr><w:keepNext/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr>',
                  look + '<w:pPr><w:keepNext/></w:pPr><w:rPr></w:rPr>')
    found = [r for r in check_file(path) if r.rule == "ND30.PL1.II.6.d"]
    assert found and "mục có tiêu đề" in found[0].message


def test_check_reads_a_section_without_page_size_and_a_truncated_file(tmp_path, capsys):
    from docx.oxml.ns import qn

    from docgen.checker import check_file

    d = docx.Document()
    d.add_paragraph("Một đoạn.")
    sect = d.sections[0]._sectPr
    for child in list(sect):
        if child.tag in (qn("w:pgSz"), qn("w:pgMar")):
            sect.remove(child)
    path = tmp_path / "pandoc-like.docx"
    d.save(str(path))
    assert "ND30.PL1.I.1" in {r.rule for r in check_file(path)}
    cut = tmp_path / "cut.docx"
    import zipfile

    with zipfile.ZipFile(path) as src, zipfile.ZipFile(cut, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data[:200] if item.filename == "word/document.xml" else data)
    assert main(["check", str(cut)]) == 2 and main(["text", str(cut)]) == 2
    assert "không phải là tệp Word" in capsys.readouterr().err


def test_a_damaged_file_gets_findings_or_a_message_never_an_internal_error(sample_docx, tmp_path, capsys):
    # the section names a header its relationships no longer hold
    no_header = edited_copy(sample_docx, tmp_path / "khong-dau-trang.docx", "word/_rels/document.xml.rels",
                            '<Relationship Id="rIdHeaderPage" Type="http://schemas.openxmlformats.org/'
                            'officeDocument/2006/relationships/header" Target="header1.xml"/>', "")
    assert any("đầu trang trỏ tới một phần không có trong tệp" in r.message for r in check_file(no_header))
    odd_size = broken(sample_docx, tmp_path, "word/document.xml", 'w:h="16838"', 'w:h="abc"')
    assert "không ghi khổ giấy" in {r.rule: r.message for r in check_file(odd_size)}["ND30.PL1.I.1"]
    styles = edited_copy(sample_docx, tmp_path / "kieu.docx", "[Content_Types].xml",
                         "wordprocessingml.styles+xml", "wordprocessingml.unknown+xml")
    assert main(["check", str(styles)]) == 2
    assert "phần kiểu (styles) bị hỏng" in capsys.readouterr().err


def test_an_item_whose_title_runs_on_is_bold_up_to_its_colon(tmp_path):
    """«2.1.1. Các ban ngành: …» (a report's item waiting for its text): bold to the colon is a title set
    right; the same item with its title not bold is caught."""
    def item(path, bold: bool):
        d = docx.Document(str(hand_typed(path)))
        p = next(q for q in d.paragraphs if q.text == "Nơi nhận:").insert_paragraph_before()  # in the body
        p.add_run("2.1.1. Các ban ngành, công chức thị trấn:").bold = bold
        p.add_run(" …")
        d.save(str(path))
        return [r for r in check_file(path) if r.rule == "ND30.PL1.II.6.d" and "2.1.1." in r.where]

    assert item(tmp_path / "dam.docx", bold=True) == []
    assert item(tmp_path / "thuong.docx", bold=False)

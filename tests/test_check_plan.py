"""`docgen check FILE.docx --plan PLAN.yaml`, and the quoted figures of docgen's own files held
against the annex in the same file."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from lxml import etree

from docgen.cli import main
from docgen.ooxml import package, record
from docgen.render.template import TEMPLATE
from tests.conftest import SAMPLE
from tests.test_import import W, edit_docx, paragraph, replace_text, set_text


@pytest.fixture
def rendered(tmp_path) -> Path:
    out = tmp_path / "ke-hoach.docx"
    assert main(["render", str(SAMPLE), "-o", str(out)]) == 0
    return out


def run(capsys, *args) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["check", *args])
    return code, capsys.readouterr().out


def test_the_file_docgen_made_says_what_the_plan_says(rendered, capsys):
    code, out = run(capsys, str(rendered), "--plan", str(SAMPLE))
    assert code == 0 and "So với kế hoạch" in out and ": không có chỗ khác" in out
    assert record.read(package.read(rendered.read_bytes()))  # the quotes are recorded in the file


def test_a_quoted_figure_retyped_in_word_contradicts_the_annex_and_the_plan(rendered, tmp_path, capsys):
    edited = tmp_path / "da-sua.docx"
    edit_docx(rendered, edited, lambda root: replace_text(paragraph(root, "- Tỷ lệ hộ nghèo (theo"), "20,28%", "19,00%"))
    code, out = run(capsys, str(edited))
    assert code == 1
    assert "lỗi DG.TRICH" in out and "câu ghi «19,00»" in out and "cho 20,28" in out and "«Tổng cộng»" in out
    code, out = run(capsys, str(edited), "--plan", str(SAMPLE))
    assert "So với kế hoạch" in out and "1 chỗ khác" in out
    assert "phan[1].muc[1].gach[0]:" in out and "còn [-20,28%-] {+19,00%+} vào" in out


def test_an_annex_cell_edited_is_named_by_its_yaml_field(rendered, tmp_path, capsys):
    edited = tmp_path / "da-sua.docx"

    def change(root):
        table = list(root.iter(f"{W}tbl"))[-1]
        row = [r for r in table.iter(f"{W}tr") if "TDP 1" in "".join(t.text or "" for t in r.iter(f"{W}t"))][0]
        set_text(row.findall(f"{W}tc")[3], "30")

    edit_docx(rendered, edited, change)
    code, out = run(capsys, str(edited), "--plan", str(SAMPLE), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["differences"] == [{"where": "bảng 3, hàng 4, cột 4", "field": "phu_luc[0].dong[0].ho_ngheo",
                                    "plan": "21", "document": "30"}]
    assert any(f["rule"] == "DG.BANG.TONG" for f in data["findings"])  # and the totals no longer add up


def test_a_quoting_sentence_rewritten_beyond_recognition_is_a_warning(rendered, tmp_path, capsys):
    edited = tmp_path / "da-sua.docx"
    edit_docx(rendered, edited, lambda root: set_text(paragraph(root, "- Tỷ lệ hộ nghèo (theo"), "- Câu khác hẳn."))
    code, out = run(capsys, str(edited))
    assert "cảnh báo DG.TRICH.MAT" in out and "giam_ngheo.ty_le_cuoi_nam" in out


DISASTER = SAMPLE.parent / "phong-chong-thien-tai-ia-to-2025.yaml"


def test_two_figures_of_one_sentence_are_each_held_against_the_annex_even_with_a_table_added(tmp_path, capsys):
    """«Tổ chức sơ tán 34 hộ, 139 nhân khẩu»: both retyped, and a table inserted before the annex."""
    docx, edited = tmp_path / "k.docx", tmp_path / "da-sua.docx"
    assert main(["render", str(DISASTER), "-o", str(docx)]) == 0

    def change(root):
        p = paragraph(root, "- Tổ chức sơ tán 34 hộ")
        replace_text(p, "34 hộ, 139 nhân khẩu", "35 hộ, 150 nhân khẩu")
        body = root.find(f"{W}body")
        first_table = body.find(f"{W}tbl")
        first_table.addprevious(first_table.__copy__())  # a copy of the header table, before everything

    edit_docx(docx, edited, change)
    code, out = run(capsys, str(edited))
    assert code == 1
    assert "câu ghi «35» (trích `{{ so_tan.so_ho }}`)" in out and "cho 34" in out
    assert "câu ghi «150» (trích `{{ so_tan.so_khau }}`)" in out and "cho 139" in out
    assert "DG.TRICH.MAT" not in out


def restyled_template(tmp_path) -> Path:
    """A unit's own template: docgen's, written out (`docgen template -o`), its body text made
    13 pt (Decree 30 allows 13 to 14) and its parent body's name typed in as the header's first
    line (a fixed text of the template)."""
    out = tmp_path / "mau-rieng.docx"
    out.write_bytes(TEMPLATE.read_bytes())  # what `docgen template -o` writes, byte for byte
    parts = package.read(out.read_bytes())
    styles = parts["word/styles.xml"].decode()
    normal = re.search(r'<w:style [^>]*w:styleId="Normal".*?</w:style>', styles, re.S).group(0)
    assert '<w:sz w:val="28"/>' in normal
    parts["word/styles.xml"] = styles.replace(normal, normal.replace('w:val="28"', 'w:val="26"')).encode()
    root = etree.fromstring(parts["word/document.xml"])
    loop = paragraph(root, "{%p for dong in co_quan_chu_quan %}")
    fixed = copy.deepcopy(loop.getnext())  # the loop's `{{ dong }}` line, its style kept
    set_text(fixed, "ỦY BAN NHÂN DÂN HUYỆN KÔNG CHRO")
    loop.addprevious(fixed)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out.write_bytes(package.write(parts))
    return out


def test_a_file_made_with_a_units_template_is_compared_with_that_template(rendered, tmp_path, capsys):
    template = restyled_template(tmp_path)
    made = tmp_path / "mau-rieng-ke-hoach.docx"
    assert main(["render", str(SAMPLE), "-o", str(made), "--template", str(template)]) == 0
    code, out = run(capsys, str(made), "--plan", str(SAMPLE), "--template", str(template))
    assert code == 0 and ": 0 lỗi, 0 cảnh báo" in out and ": không có chỗ khác" in out
    code, out = run(capsys, str(made), "--plan", str(SAMPLE), "--format", "json")  # with docgen's own template
    assert code == 1 and json.loads(out)["differences"] == [
        # the words differ inside the agency's name as printed (the word diff keeps the common head)
        {"where": "bảng 1, hàng 1, cột 1", "field": "co_quan_ban_hanh.ten",
         "plan": "ỦY BAN NHÂN DÂN THỊ TRẤN KÔNG CHRO",
         "document": "ỦY BAN NHÂN DÂN HUYỆN KÔNG CHRO ỦY BAN NHÂN DÂN THỊ TRẤN KÔNG CHRO"}]
    code, out = run(capsys, str(rendered), "--plan", str(SAMPLE), "--template", str(template))  # and vice versa
    assert code == 1 and "1 chỗ khác" in out


def test_template_without_plan_is_a_usage_error(rendered, tmp_path, capsys):
    code = main(["check", str(rendered), "--template", str(tmp_path / "mau.docx")])
    assert code == 2 and "--template chỉ dùng cùng --plan" in capsys.readouterr().err


def test_two_quotes_in_sentences_worded_alike_are_each_held_against_their_own_figure(tmp_path, capsys):
    """Each recorded quote is found in its own paragraph, never the first one worded like it."""
    from docgen.checker import check_file
    from tests.conftest import ROOT
    from tests.test_import import edit_docx

    text = (ROOT / "content" / "giam-ngheo-ia-to-2025.yaml").read_text(encoding="utf-8")
    alike = ("          - Tỷ lệ hộ nghèo còn {{ giam_ngheo.ty_le_cuoi_nam }}% vào cuối năm.\n"
             "          - Tỷ lệ hộ nghèo còn {{ giam_ngheo.ty_le_dtts_cuoi_nam }}% vào cuối năm.\n")
    anchor = "          - (Chi tiết tại {{ giam_ngheo.phu_luc }} kèm theo).\n"
    assert text.count(anchor) == 1
    plan = tmp_path / "k.yaml"
    plan.write_text(text.replace(anchor, anchor + alike, 1), encoding="utf-8")
    docx = tmp_path / "k.docx"
    assert main(["render", str(plan), "-o", str(docx)]) == 0
    assert check_file(docx) == []  # docgen's own rendering is clean: each sentence holds its own figure

    def retype_second(root):
        W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        second = [p for p in root.iter(f"{W}p") if "".join(t.text or "" for t in p.iter(f"{W}t"))
                  .startswith("Tỷ lệ hộ nghèo còn")][1]
        for t in second.iter(f"{W}t"):
            t.text = re.sub(r"\d+,\d+", "99,99", t.text or "")

    edited = tmp_path / "e.docx"
    edit_docx(docx, edited, retype_second)
    found = [r for r in check_file(edited) if r.rule == "DG.TRICH"]
    assert len(found) == 1 and "«99,99»" in found[0].message and "ty_le_dtts_cuoi_nam" in found[0].message

"""`docgen check FILE.docx --plan PLAN.yaml`, and the quoted figures of docgen's own files held
against the annex in the same file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docgen.cli import main
from docgen.ooxml import package
from docgen.render import trace
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
    assert trace.read(package.read(rendered.read_bytes()))  # the quotes are recorded in the file


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

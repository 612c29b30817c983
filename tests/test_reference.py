"""One reference rendering (docgen.compare.reference), with the template the user names, serves
`check --plan` (tests/test_check_plan.py), `import` and `diff --docx`."""

from __future__ import annotations

import shutil

import pytest

from docgen.cli import main
from docgen.ooxml import package
from tests.conftest import SAMPLE
from tests.test_check_plan import restyled_template
from tests.test_import import edit_docx, paragraph, replace_text

FIXED = "ỦY BAN NHÂN DÂN HUYỆN KÔNG CHRO"  # the line restyled_template types into the header


@pytest.fixture
def made(tmp_path):
    """The sample plan (a copy), a unit's template, and the plan rendered with it."""
    plan = tmp_path / "ke-hoach.yaml"
    shutil.copy(SAMPLE, plan)
    template = restyled_template(tmp_path)
    docx = tmp_path / "ke-hoach.docx"
    assert main(["render", str(plan), "-o", str(docx), "--template", str(template)]) == 0
    return plan, template, docx


def test_import_compares_with_the_template_the_file_was_made_with(made, tmp_path, capsys):
    plan, template, docx = made
    edited = tmp_path / "da-sua.docx"
    edit_docx(docx, edited, lambda root: replace_text(paragraph(root, "Trên đây là Kế hoạch"), "kịp thời", "ngay"))
    capsys.readouterr()
    assert main(["import", str(edited), "--into", str(plan), "--thu", "--template", str(template)]) == 0
    out = capsys.readouterr().out
    assert "sửa ket_thuc" in out and "[-kịp thời-] {+ngay+}" in out and "Không đặt được" not in out
    # with docgen's own template, the fixed line is a paragraph the plan does not print
    assert main(["import", str(edited), "--into", str(plan), "--thu"]) == 1
    out = capsys.readouterr().out
    assert "sửa ket_thuc" in out and "Không đặt được vào YAML" in out and FIXED in out


def test_diff_docx_renders_both_versions_with_the_template(made, tmp_path):
    plan, template, _ = made
    newer = tmp_path / "moi.yaml"
    newer.write_text(plan.read_text(encoding="utf-8").replace("kịp thời về UBND", "ngay về UBND"), encoding="utf-8")
    out = tmp_path / "so-sanh.docx"
    assert main(["diff", str(plan), str(newer), "--docx", "-o", str(out), "--template", str(template)]) == 0
    parts = package.read(out.read_bytes())
    document = parts["word/document.xml"].decode()
    assert FIXED in document and document.count("<w:ins ") == 1 and document.count("<w:del ") == 1
    assert parts["word/styles.xml"] == package.read(template.read_bytes())["word/styles.xml"]

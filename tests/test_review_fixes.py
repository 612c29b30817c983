"""Regressions found in review: each once reproduced a wrong result or an internal error."""

import shutil

import docx
import pytest
import yaml

from docgen.cli import main
from docgen.commands.text import lines
from tests.conftest import SAMPLE

TEXT = SAMPLE.read_text(encoding="utf-8")


def write(tmp_path, text, name="ke-hoach-2024.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_diff_of_an_invalid_plan_exits_2_not_1(tmp_path, capsys):
    bad = write(tmp_path, "a: [\n", "bad.yaml")
    assert main(["diff", str(bad), str(SAMPLE)]) == 2
    assert "bad.yaml" in capsys.readouterr().err


def test_diff_sees_the_poverty_standard_and_the_year_end_target_across_years(tmp_path, capsys):
    draft = tmp_path / "ke-hoach-2025.yaml"
    assert main(["new", str(write(tmp_path, TEXT)), "--year", "2025", "-o", str(draft)]) == 0
    text = draft.read_text(encoding="utf-8").replace("chuẩn nghèo đa chiều giai đoạn 2022-2025",
                                                      "chuẩn nghèo đa chiều giai đoạn 2026-2030")
    i = text.index("    - ten: Plei Nghe")
    text = text[:i] + text[i:].replace("      thoat_ngheo: 0\n      thoat_ngheo_dtts: 0\n",
                                       "      thoat_ngheo: 40\n      thoat_ngheo_dtts: 37\n", 1)
    draft.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert main(["diff", str(SAMPLE), str(draft), "--color", "never"]) == 1
    out = capsys.readouterr().out
    assert "Chuẩn nghèo: chuẩn nghèo đa chiều giai đoạn 2022-2025 → chuẩn nghèo đa chiều giai đoạn 2026-2030" in out
    assert "Tỷ lệ hộ nghèo cuối năm kế hoạch: 20,28% → 18,82%" in out


def test_numbers_whose_digits_matter_are_kept_as_typed(tmp_path):
    text = TEXT.replace('    - ten: "1"', "    - ten: 01").replace("so: 45 ", "so: 05 ").replace(
        "      so_ho: 409 ", "      so_ho: 0409 ")
    out = tmp_path / "x.docx"
    assert main(["render", str(write(tmp_path, text)), "-o", str(out)]) == 0
    rendered = lines(out)
    assert "Số: 05/KH-UBND" in rendered
    assert any(line.startswith("TDP 01 | 409 | 27 |") for line in rendered)


def test_a_date_given_as_a_number_is_refused(tmp_path, capsys):
    path = write(tmp_path, TEXT.replace("ngay_ban_hanh: 2024-01-11", "ngay_ban_hanh: 0"))
    assert main(["validate", str(path)]) == 1
    assert "ngay_ban_hanh: phải là ngày" in capsys.readouterr().err


def test_two_rows_with_the_same_unit_name_are_refused(tmp_path, capsys):
    path = write(tmp_path, TEXT.replace('    - ten: "2"', '    - ten: "1"'))
    assert main(["validate", str(path)]) == 1
    assert "phu_luc.dong[1].ten: tên đơn vị `1` trùng với dòng thứ 1" in capsys.readouterr().err


def test_no_minus_zero_in_the_reduction_column(plan_data):
    from docgen.annex import compute
    from docgen.context import annex
    from docgen.model import KeHoach

    row = plan_data["phu_luc"]["dong"][0]
    row.update(so_ho=1000, ho_ngheo=100, thoat_ngheo=0, du_kien_so_ho=999)
    plan = KeHoach.model_validate(plan_data)
    assert annex(plan, compute(plan.phu_luc))["dong"][0]["ty_le_giam"] == "0,0"


def test_the_draft_docgen_makes_passes_check(tmp_path):
    from docgen.checker import check_file

    draft = tmp_path / "ke-hoach-2025.yaml"
    assert main(["new", str(write(tmp_path, TEXT)), "--year", "2025", "-o", str(draft)]) == 0
    out = tmp_path / "draft.docx"
    assert main(["render", str(draft), "-o", str(out)]) == 0
    assert [r for r in check_file(out) if r.severity == "lỗi"] == []


def test_check_reads_a_section_without_page_size_and_a_truncated_file(tmp_path, capsys):
    from docgen.checker import check_file
    from docx.oxml.ns import qn

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


def test_new_refuses_an_invalid_or_past_year_and_writes_nothing(tmp_path, capsys):
    source = write(tmp_path, TEXT)
    assert main(["new", str(source), "--year", "2101"]) == 1
    assert main(["new", str(source), "--year", "2023"]) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ke-hoach-2024.yaml"]


def test_new_keeps_windows_line_ends_and_flags_dates_written_the_vietnamese_way(tmp_path):
    text = TEXT.replace("    ngay: 2023-12-26", "    ngay: 26/12/2023")
    source = tmp_path / "ke-hoach-2024.yaml"
    source.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert main(["new", str(source), "--year", "2025"]) == 0
    raw = (tmp_path / "ke-hoach-2025.yaml").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    data = yaml.safe_load(raw.decode("utf-8-sig"))
    assert data["can_cu"][5]["ngay"] == "26/12/2023"
    assert raw.decode("utf-8-sig").count("văn bản gắn với năm 2024") == 5


def test_output_to_a_folder_and_unusable_template_or_path(tmp_path, capsys):
    folder = tmp_path / "ra"
    folder.mkdir()
    assert main(["render", str(SAMPLE), "-o", str(folder)]) == 0
    assert (folder / "ke-hoach-2024.docx").is_file()
    assert main(["render", str(SAMPLE), "--template", str(SAMPLE), "-o", str(tmp_path / "x.docx")]) == 2
    assert "không phải là tệp .docx" in capsys.readouterr().err
    blocker = tmp_path / "tep"
    blocker.write_text("x")
    assert main(["render", str(SAMPLE), "-o", str(blocker / "x.docx")]) == 2
    assert "không ghi được" in capsys.readouterr().err


def test_validate_goes_on_past_a_missing_file(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "khong-co.yaml"), str(SAMPLE)]) == 2
    captured = capsys.readouterr()
    assert "không tìm thấy" in captured.err and f"{SAMPLE}: hợp lệ" in captured.out


def test_same_plan_named_twice_renders_once(tmp_path, capsys):
    plans = tmp_path / "p"
    plans.mkdir()
    shutil.copy(SAMPLE, plans / "a.yaml")
    assert main(["render", str(plans / "a.yaml"), str(plans / ".." / "p" / "a.yaml"), "-o", str(tmp_path / "o")]) == 0
    assert "đã tạo 1 văn bản" in capsys.readouterr().out

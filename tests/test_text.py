"""`docgen text`: reading order for git textconv."""

from docgen.cli import main


def test_text_prints_header_body_signature_and_annex_rows(sample_docx, capsys):
    assert main(["text", str(sample_docx)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:6] == ["ỦY BAN NHÂN DÂN", "THỊ TRẤN KÔNG CHRO", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                         "Độc lập - Tự do - Hạnh phúc", "Số: 45/KH-UBND", "Kông Chro, ngày 11 tháng 01 năm 2024"]
    assert lines.index("KẾ HOẠCH") < lines.index("I. MỤC ĐÍCH, YÊU CẦU") < lines.index("Nơi nhận:")
    assert lines.index("- Lưu: VT, UB.") < lines.index("TM. ỦY BAN NHÂN DÂN") < lines.index("Phụ lục")
    assert "TDP Plei Nghe | 492 | 430 | 222 | 45,12 | 216 | 50,23 | 38 | 37 | 0 | 0 | 0 | 0 | 499 | 436 | 184 | 36,87 | 179 | 41,06 | 8,2" in lines
    assert lines[-1].startswith("Tổng cộng | 2.737 | 1.111 |")
    assert not any(line.strip() == "" for line in lines)


def test_text_refuses_what_is_not_a_docx(tmp_path, capsys):
    fake = tmp_path / "x.docx"
    fake.write_text("không phải docx")
    assert main(["text", str(fake)]) == 2
    assert "không phải là tệp Word" in capsys.readouterr().err
    assert main(["text", str(tmp_path / "missing.docx")]) == 2


def test_a_file_with_tracked_changes_reads_as_accepted_and_marks_them_when_asked(tmp_path, capsys):
    from tests.conftest import SAMPLE_TEXT

    old, new = tmp_path / "cu.yaml", tmp_path / "moi.yaml"
    old.write_text(SAMPLE_TEXT, encoding="utf-8")
    edited = SAMPLE_TEXT.replace("góp phần đạt các mục tiêu", "góp phần hoàn thành các mục tiêu", 1)
    assert edited != SAMPLE_TEXT
    new.write_text(edited, encoding="utf-8")
    compared, rendered = tmp_path / "so-sanh.docx", tmp_path / "moi.docx"
    assert main(["diff", str(old), str(new), "--docx", "-o", str(compared)]) in (0, 1)
    assert main(["render", str(new), "-o", str(rendered)]) == 0
    capsys.readouterr()
    assert main(["text", str(compared)]) == 0
    accepted = capsys.readouterr().out
    assert main(["text", str(rendered)]) == 0
    assert accepted == capsys.readouterr().out  # what the document says once the changes are accepted
    assert main(["text", str(compared), "--thay-doi"]) == 0
    marked = capsys.readouterr().out
    assert "góp phần [-đạt-]{+hoàn thành+} các mục tiêu" in marked

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

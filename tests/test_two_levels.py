"""Since 1 July 2025 local government has two levels (province; xã, phường, đặc khu): no district,
no thị trấn. `new` and `check` say so where a document dated from that day still names them in
its header, signature, «Kính gửi» or Nơi nhận; its legal bases are citations and get no warning."""

from __future__ import annotations

import pytest

from docgen.base.localgov import former_units
from docgen.checker import check_file
from docgen.cli import main
from tests.conftest import ROOT, SAMPLE_TEXT

REFORMED = ROOT / "content" / "giam-ngheo-ia-to-2026.yaml"


@pytest.mark.parametrize("text, found", [
    ("Ủy ban nhân dân thị trấn Kông Chro", ["thị trấn Kông Chro"]),
    ("ỦY BAN NHÂN DÂN HUYỆN KÔNG CHRO", ["HUYỆN KÔNG CHRO"]),
    ("TT. HĐND thị trấn (B/cáo)", ["thị trấn"]),
    ("Ban Thường vụ Huyện ủy", ["Huyện ủy"]),
    ("Ủy ban nhân dân thị xã An Khê", ["thị xã An Khê"]),
    ("Ủy ban nhân dân thành phố Pleiku", ["thành phố Pleiku"]),
    ("Ủy ban nhân dân quận Hoàn Kiếm", ["quận Hoàn Kiếm"]),
    ("Ủy ban nhân dân Thành phố Hồ Chí Minh", []),  # a centrally-run city is a province
    ("Ủy ban nhân dân thành phố Hà Nội", []),
    ("Sở Nông nghiệp và Môi trường tỉnh Gia Lai", []),
    ("Ủy ban nhân dân xã Ia Tô", []),
    ("Ủy ban nhân dân phường Pleiku", []),
    ("Ủy ban nhân dân đặc khu Phú Quốc", []),
])
def test_the_abolished_units_are_recognised(text, found):
    assert former_units(text) == found


def test_new_into_2026_says_first_that_the_thi_tran_is_gone(tmp_path, capsys):
    plan = tmp_path / "ke-hoach-2024.yaml"
    plan.write_text(SAMPLE_TEXT, encoding="utf-8")
    assert main(["new", str(plan), "--year", "2026"]) == 0
    captured = capsys.readouterr()
    assert captured.err.startswith("Lưu ý: từ ngày 01/7/2025 chính quyền địa phương chỉ còn hai cấp")
    assert "co_quan_ban_hanh: «thị trấn Kông Chro»" in captured.err
    assert "noi_nhan[2]: «thị trấn»" in captured.err
    assert "can_cu" not in captured.err  # the legal bases cite the district's plans of their day


def test_new_into_2025_before_the_reform_says_nothing_of_it(tmp_path, capsys):
    plan = tmp_path / "ke-hoach-2024.yaml"
    plan.write_text(SAMPLE_TEXT, encoding="utf-8")
    assert main(["new", str(plan), "--year", "2025"]) == 0  # issued 11/01/2025, before 1 July
    assert "hai cấp" not in capsys.readouterr().err


def render(tmp_path, text: str):
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    out = tmp_path / "plan.docx"
    assert main(["render", str(plan), "-o", str(out)]) == 0
    return [r for r in check_file(out) if r.rule == "CQDP.2025"]


def test_check_warns_where_a_document_after_the_reform_names_a_thi_tran(tmp_path):
    text = SAMPLE_TEXT.replace("ngay_ban_hanh: 2024-01-11", "ngay_ban_hanh: 2025-07-15", 1)
    assert text != SAMPLE_TEXT
    found = render(tmp_path, text)
    places = {r.where for r in found}
    assert found and all(r.severity == "cảnh báo" for r in found)
    assert any(r.message.startswith("«THỊ TRẤN KÔNG CHRO»: không còn thị trấn từ ngày 01/7/2025") for r in found)
    assert len(places) >= 2  # the agency's lines and the recipients, each where it is
    assert not any("Căn cứ" in r.message for r in found)


def test_check_says_nothing_of_it_before_the_reform(tmp_path):
    assert render(tmp_path, SAMPLE_TEXT) == []


def test_the_sample_after_the_reform_has_a_two_level_header_and_no_warning(tmp_path):
    assert render(tmp_path, REFORMED.read_text(encoding="utf-8")) == []
    assert "co_quan_chu_quan" not in REFORMED.read_text(encoding="utf-8")


def test_a_legal_basis_naming_the_district_gets_no_warning(tmp_path):
    text = REFORMED.read_text(encoding="utf-8").replace(
        "  # Thêm các văn bản", "  - loai: Kế hoạch\n    so_ky_hieu: 21/KH-UBND\n    ngay: 2025-01-20\n"
        "    co_quan: Ủy ban nhân dân huyện Ia Grai\n    noi_dung: về giảm nghèo năm 2025\n  # Thêm các văn bản", 1)
    assert "huyện Ia Grai" in text
    assert render(tmp_path, text) == []

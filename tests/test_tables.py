"""Plans of any kind: free parts, laws as legal bases, zero, one or several annexes of any shape."""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn

from docgen.cli import main
from docgen.commands.text import lines
from tests.conftest import dump_yaml, load_yaml

EVACUATION = {
    "tieu_de": "Phương án sơ tán dân khi có bão, lũ",
    "ma": "so_tan",
    "cot": [
        {"ma": "stt", "ten": "STT", "kieu": "stt"},
        {"ma": "thon", "ten": "Thôn, làng"},
        {"nhom": "Cần sơ tán", "cot": [
            {"ma": "so_ho", "ten": "Số hộ", "kieu": "so"},
            {"ma": "so_khau", "ten": "Số khẩu", "kieu": "so"},
            {"ma": "khau_moi_ho", "ten": "Khẩu/hộ", "kieu": "thap_phan", "cong_thuc": "so_khau / so_ho"},
        ]},
        {"ma": "noi_den", "ten": "Nơi sơ tán đến"},
    ],
    "tong_cong": True,
    "rang_buoc": [{"kiem_tra": "so_khau >= so_ho", "thong_bao": "số khẩu ít hơn số hộ"}],
    "dong": [
        {"thon": "Làng Tung", "so_ho": 12, "so_khau": 45, "noi_den": "Trường Tiểu học Phú Cần"},
        {"thon": "Thôn 3", "so_ho": 8, "so_khau": 30, "noi_den": "Nhà văn hóa thôn 3"},
    ],
}


def plan(**changes) -> dict:
    base = {
        "co_quan_chu_quan": {"ten": "Ủy ban nhân dân huyện Ia Grai", "dong_tieu_de": ["ỦY BAN NHÂN DÂN HUYỆN", "IA GRAI"]},
        "co_quan_ban_hanh": "Ủy ban nhân dân xã Ia Tô",
        "so": 12,
        "dia_danh": "Ia Tô",
        "ngay_ban_hanh": "2025-02-10",
        "nam": 2025,
        "trich_yeu": "Phòng, chống thiên tai và tìm kiếm cứu nạn năm 2025 trên địa bàn xã Ia Tô",
        "dong_trich_yeu": ["Phòng, chống thiên tai và tìm kiếm cứu nạn năm 2025", "trên địa bàn xã Ia Tô"],
        "can_cu": [{"luat": "Luật Phòng, chống thiên tai", "ngay": "2013-06-19"},
                   "Căn cứ tình hình thực tế của địa phương"],
        "mo_dau": "Ủy ban nhân dân xã ban hành Kế hoạch như sau:",
        "phan": [
            {"tieu_de": "Mục đích, yêu cầu", "muc": [{"tieu_de": "Mục đích", "doan": ["Chủ động ứng phó."]}]},
            {"tieu_de": "Kinh phí thực hiện", "kinh_phi": [
                {"noi_dung": "Mua áo phao", "so_tien": 15000000, "nguon": "Quỹ phòng, chống thiên tai"},
                {"noi_dung": "Diễn tập", "so_tien": 5000000}],
             "doan_cuoi": ["Tổng kinh phí: {{ kinh_phi.tong }} đồng."]},
        ],
        "ket_thuc": "Trên đây là Kế hoạch",
        "noi_nhan": ["UBND huyện"],
        "nguoi_ky": {"tm": "Ủy ban nhân dân", "chuc_vu": "Chủ tịch", "ho_ten": "Nguyễn Văn B"},
    }
    return base | changes


def render(tmp_path, data, name="plan") -> tuple[int, str]:
    src = tmp_path / f"{name}.yaml"
    src.write_text(dump_yaml(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return main(["render", str(src), "-o", str(tmp_path / f"{name}.docx")]), src


def sections(path) -> list[tuple[bool, bool]]:
    """Return each section as (landscape, page numbers restart)."""
    doc = docx.Document(str(path))
    out = []
    for sect in doc.element.body.iter(qn("w:sectPr")):
        size = sect.find(qn("w:pgSz"))
        out.append((size.get(qn("w:orient")) == "landscape", sect.find(qn("w:pgNumType")) is not None))
    return out


def test_a_plan_without_annex_has_no_annex_and_no_reference_to_one(tmp_path, capsys):
    code, _ = render(tmp_path, plan())
    assert code == 0, capsys.readouterr().err
    text = lines(tmp_path / "plan.docx")
    assert not any(t.startswith(("Phụ lục", "(Kèm theo")) for t in text)
    assert sections(tmp_path / "plan.docx") == [(False, False)]
    assert "Căn cứ Luật Phòng, chống thiên tai ngày 19 tháng 6 năm 2013;" in text
    assert "Căn cứ tình hình thực tế của địa phương," in text
    assert ["ỦY BAN NHÂN DÂN HUYỆN", "IA GRAI"] == text[:2]
    assert "Phòng, chống thiên tai và tìm kiếm cứu nạn năm 2025" in text and "trên địa bàn xã Ia Tô" in text
    assert "II. KINH PHÍ THỰC HIỆN" in text
    assert "- Mua áo phao: 15.000.000 đồng (Quỹ phòng, chống thiên tai)." in text
    assert "Tổng kinh phí: 20.000.000 đồng." in text
    assert main(["check", str(tmp_path / "plan.docx")]) == 0


def test_a_declared_table_computes_groups_formulas_and_totals_and_stays_portrait(tmp_path, capsys):
    data = plan(phu_luc=[EVACUATION])
    data["phan"][0]["doan_cuoi"] = ["Chi tiết tại {{ so_tan.phu_luc }} kèm theo: {{ so_tan.so_khau }} khẩu."]
    code, _ = render(tmp_path, data)
    assert code == 0, capsys.readouterr().err
    text = lines(tmp_path / "plan.docx")
    assert "Chi tiết tại Phụ lục kèm theo: 75 khẩu." in text
    assert "Phụ lục" in text and "PHƯƠNG ÁN SƠ TÁN DÂN KHI CÓ BÃO, LŨ" in text
    assert "1 | Làng Tung | 12 | 45 | 3,8 | Trường Tiểu học Phú Cần" in text
    assert " | Tổng cộng | 20 | 75 | 3,8 | " in text  # 75 / 20, not 3,8 + 3,8
    table = docx.Document(str(tmp_path / "plan.docx")).tables[-1]
    assert [c.text for c in table.rows[0].cells][:3] == ["STT", "Thôn, làng", "Cần sơ tán"]
    assert [c.text for c in table.rows[1].cells][2:5] == ["Số hộ", "Số khẩu", "Khẩu/hộ"]
    assert sections(tmp_path / "plan.docx") == [(False, False), (False, True)]
    assert main(["check", str(tmp_path / "plan.docx")]) == 0


def test_two_annexes_are_numbered_each_in_its_own_section(tmp_path, capsys, plan_data):
    poverty = plan_data["phu_luc"][0] | {"ma": "giam_ngheo"}
    data = plan(phu_luc=[EVACUATION, poverty])
    data["phan"][0]["doan_cuoi"] = [("Chi tiết tại {{ so_tan.phu_luc }} và {{ giam_ngheo.phu_luc }}; tỷ lệ hộ "
                                    "nghèo còn {{ giam_ngheo.ty_le_cuoi_nam }}%.")]
    code, _ = render(tmp_path, data)
    assert code == 0, capsys.readouterr().err
    text = lines(tmp_path / "plan.docx")
    assert "Chi tiết tại Phụ lục I và Phụ lục II; tỷ lệ hộ nghèo còn 20,28%." in text
    assert "Phụ lục I" in text and "Phụ lục II" in text
    assert sections(tmp_path / "plan.docx") == [(False, False), (False, True), (True, True)]


def test_an_annex_the_text_never_mentions_is_a_warning(tmp_path, capsys):
    code, src = render(tmp_path, plan(phu_luc=[EVACUATION]))
    err = capsys.readouterr().err
    assert code == 0
    assert f"{src}:" in err and "phu_luc[0]: (cảnh báo) văn bản chưa nhắc đến phụ lục này" in err


@pytest.mark.parametrize(("quote", "words"), [
    ("{{ so_tan.so_nguoi }}", "bảng `so_tan` không có số liệu `so_nguoi`"),
    ("{{ khong_co.so_ho }}", "không có bảng `khong_co`"),
    ("{{ so_tan }}", "không phải trích số liệu"),
])
def test_a_quote_of_a_figure_that_does_not_exist_is_a_located_error(tmp_path, capsys, quote, words):
    data = plan(phu_luc=[EVACUATION])
    data["phan"][0]["muc"][0]["doan"] = [f"Có {quote} khẩu."]
    code, src = render(tmp_path, data)
    err = capsys.readouterr().err
    assert code == 1 and f"{src}:" in err and "phan[0].muc[0].doan[0]" in err and words in err


@pytest.mark.parametrize(("change", "path", "words"), [
    ({"cong_thuc": "so_khau / so_nguoi"}, "phu_luc[0].cot", "`so_nguoi` không phải cột số của bảng"),
    ({"cong_thuc": "so_khau /"}, "phu_luc[0].cot", "viết sai"),
    ({"cong_thuc": "__import__('os')"}, "phu_luc[0].cot", "`__import__(…)` không dùng được"),
])
def test_formulas_are_checked_before_anything_runs(tmp_path, capsys, change, path, words):
    table = load_yaml(dump_yaml(EVACUATION))
    table["cot"][2]["cot"][2] |= change
    code, _ = render(tmp_path, plan(phu_luc=[table]))
    err = capsys.readouterr().err
    assert code == 1 and path in err and words in err


def test_rows_are_checked_against_their_columns_and_constraints(tmp_path, capsys):
    table = load_yaml(dump_yaml(EVACUATION))
    table["dong"][0]["so_khau"] = 5  # fewer people than households
    table["dong"][1]["so_ho"] = "tám"
    table["dong"].append({"thon": "Thôn 9", "so_hoo": 3})
    code, _ = render(tmp_path, plan(phu_luc=[table]))
    err = capsys.readouterr().err
    assert code == 1
    assert "phu_luc[0].dong[1].so_ho: cột `so_ho` phải là số nguyên không âm; đang ghi `tám`." in err
    assert "phu_luc[0].dong[2].so_hoo: bảng không có cột `so_hoo`; có phải ý bạn là `so_ho`?" in err
    table["dong"] = table["dong"][:1]
    code, _ = render(tmp_path, plan(phu_luc=[table]))
    err = capsys.readouterr().err
    assert code == 1 and "phu_luc[0].dong[0].so_khau: Làng Tung: số khẩu ít hơn số hộ (so_khau >= so_ho)." in err


def test_a_quoted_rate_that_cannot_be_computed_is_an_error_not_a_missing_sentence(tmp_path, capsys, plan_data):
    poverty = plan_data["phu_luc"][0]
    for row in poverty["dong"]:
        row.update(so_ho_dtts=0, ho_ngheo_dtts=0, thoat_ngheo_dtts=0, du_kien_so_ho_dtts=0)
    plan_data["phu_luc"] = [poverty]
    code, _ = render(tmp_path, plan_data)
    err = capsys.readouterr().err
    assert code == 1 and "giam_ngheo.muc_giam_dtts" in err and "không tính được tỷ lệ" in err


def test_near_poor_columns_come_with_their_rows(tmp_path, capsys, plan_data):
    poverty = plan_data["phu_luc"][0]
    for row in poverty["dong"]:
        row.update(ho_can_ngheo=20, thoat_can_ngheo=5, can_ngheo_phat_sinh=2)
    plan_data["phan"][1]["muc"][1]["gach"].append(
        "Tỷ lệ hộ cận nghèo còn {{ giam_ngheo.ty_le_can_ngheo_cuoi_nam }}% vào cuối năm 2024.")
    code, _ = render(tmp_path, plan_data)
    assert code == 0, capsys.readouterr().err
    text = lines(tmp_path / "plan.docx")
    assert "- Tỷ lệ hộ cận nghèo còn 4,32% vào cuối năm 2024." in text  # (140 − 35 + 14) / 2757
    assert text[-1].endswith("| 140 | 5,12 | 35 | 14 | 119 | 4,32")
    del poverty["dong"][0]["thoat_can_ngheo"]
    code, _ = render(tmp_path, plan_data)
    err = capsys.readouterr().err
    assert code == 1 and "phu_luc[0].dong[0]: TDP 1: bảng có cột hộ cận nghèo nên dòng này phải ghi cả `thoat_can_ngheo`" in err

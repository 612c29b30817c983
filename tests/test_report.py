"""`docgen report`: a Báo cáo started from its plan, its results computed, its plan figures held to the plan."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest

from docgen.base.errors import ERROR, ContentError
from docgen.cli import main
from docgen.plan.build import load_plan
from docgen.plan.kinds import ket_qua
from tests.conftest import ROOT, SAMPLE, dump_yaml, load_yaml

PLANS = sorted(p for p in (ROOT / "content").glob("*.yaml")
               if load_yaml(p.read_text(encoding="utf-8")).get("loai_van_ban", "ke_hoach") == "ke_hoach")
REPORT = ROOT / "content" / "bao-cao-2024.yaml"


# --- the rate and the grade -----------------------------------------------------------


def test_a_reduction_is_measured_by_the_fall_achieved_against_the_fall_planned():
    # the 2024 sample: poverty rate 25,28 → plan 20,28 (a fall of 5,00); ending at 20,50 is a fall of 4,78
    assert ket_qua.rate("giam", D("20.28"), D("20.50"), D("25.28")) == D("95.6")
    assert ket_qua.grade("giam", D("20.28"), D("20.50")) == ket_qua.KHONG_DAT
    # the same figures read as a level would give 101,1: the direction matters
    assert ket_qua.rate("tang", D("20.28"), D("20.50")) == D("101.1")


@pytest.mark.parametrize(("direction", "plan", "actual", "start", "rate", "grade"), [
    ("tang", "100", "100", None, "100.0", "Đạt"),
    ("tang", "100", "101", None, "101.0", "Vượt"),
    ("tang", "100", "99", None, "99.0", "Không đạt"),
    # 99,95 % and 100,05 % would both round to 100,0: the page never says 100,0 unless the plan is met
    ("tang", "2000", "1999", None, "99.9", "Không đạt"),
    ("tang", "2000", "2001", None, "100.1", "Vượt"),
    ("giam", "20.28", "20.28", "25.28", "100.0", "Đạt"),
    ("giam", "20.28", "20.00", "25.28", "105.6", "Vượt"),
    ("giam", "559", "566", "692", "94.7", "Không đạt"),
    ("tang", "0", "3", None, None, "Vượt"),  # a plan of 0 has no rate, but a grade
    # a rate the plan itself expects to rise (near-poor households, 7,61 → 8,02): no share of a fall, a grade
    ("giam", "8.02", "7.90", "7.61", None, "Vượt"),
    ("giam", "8.02", "8.30", "7.61", None, "Không đạt"),
])
def test_rate_and_grade_at_and_around_the_plan(direction, plan, actual, start, rate, grade):
    got = ket_qua.rate(direction, D(plan), D(actual), D(start) if start else None)
    assert got == (D(rate) if rate else None)
    assert ket_qua.grade(direction, D(plan), D(actual)) == grade


def test_a_result_not_typed_has_no_rate_nor_grade():
    assert ket_qua.rate("giam", D("20.28"), None, D("25.28")) is None
    assert ket_qua.grade("tang", D(5), None) is None


# --- the starter ------------------------------------------------------------------------


def _starter(tmp_path: Path, plan: Path, *more: str, name: str = "bao-cao.yaml") -> Path:
    out = tmp_path / name
    assert main(["report", str(plan), "-o", str(out), *more]) == 0
    return out


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.stem)
def test_the_starter_validates_renders_and_checks_for_every_plan(plan, tmp_path, capsys):
    out = _starter(tmp_path, plan)
    data = load_yaml(out.read_text(encoding="utf-8"))
    assert data["loai_van_ban"] == "bao_cao" and data["chu_ky"] == "nam" and data["so"] is None
    assert [p["tieu_de"] for p in data["phan"]][1:] == ["Tồn tại, hạn chế và nguyên nhân",
                                                        f"Phương hướng, nhiệm vụ năm {data['nam'] + 1}",
                                                        "Kiến nghị, đề xuất"]
    kinds = [t["loai"] for t in data.get("phu_luc", [])]
    per_unit = "loai: giam_ngheo" in plan.read_text(encoding="utf-8")
    assert ("ket_qua_don_vi" in kinds) == per_unit
    report = load_plan(out)  # validates as it is, with warnings for what is left to fill
    if kinds:
        assert any("chưa điền số thực hiện" in w.message for w in report.warnings)
    docx = tmp_path / "bao-cao.docx"
    assert main(["render", str(out), "-o", str(docx)]) == 0
    capsys.readouterr()
    assert main(["check", str(docx)]) == 0
    assert " 0 lỗi, 0 cảnh báo" in capsys.readouterr().out  # its items waiting for their text included


def test_the_starter_walks_the_plan_with_its_sentences_as_comments(tmp_path):
    text = _starter(tmp_path, SAMPLE).read_text(encoding="utf-8")
    data = load_yaml(text)
    results = data["phan"][0]["muc"]
    assert results[0]["tieu_de"] == "Kết quả thực hiện các chỉ tiêu"
    assert "{{ ket_qua.ty_le_cuoi_nam_ty_le }}% kế hoạch" in " ".join(results[0]["gach"][0].split())
    titles = [m["tieu_de"] for m in results]
    assert titles[1:] == ["Nhiệm vụ và giải pháp", "Nguồn lực thực hiện", "Tổ chức thực hiện"]
    # the plan's sentence stands as a comment above the place to write what was done
    assert re.search(r"(?m)^ +# Kế hoạch: Tỷ lệ hộ nghèo \(theo chuẩn nghèo đa chiều giai đoạn 2022-2025\) còn 20,28%", text)
    assert text.count("# Kế hoạch:") > 30
    rows = data["phu_luc"][0]["dong"]
    assert [(r["nguon"], r["ke_hoach"], r.get("dau_ky")) for r in rows] == [
        ("giam_ngheo.ty_le_cuoi_nam", 20.28, 25.28), ("giam_ngheo.muc_giam", 5, None),
        ("giam_ngheo.muc_giam_dtts", 11.5, None)]
    units = data["phu_luc"][1]["dong"]
    assert units[2] == {"ten": "TDP Plei Nghe", "ho_ngheo_dau_ky": 222, "ho_ngheo_ke_hoach": 184,
                        "ho_ngheo_thuc_hien": None, "ty_le_dau_ky": 45.12, "ty_le_ke_hoach": 36.87,
                        "ty_le_thuc_hien": None}
    assert data["ke_hoach"]["tep"] == Path(__import__("os").path.relpath(SAMPLE, tmp_path)).as_posix()


def test_a_result_left_to_fill_prints_an_ellipsis_and_is_a_warning_not_an_error(tmp_path):
    from docgen.commands.text import lines

    out = _starter(tmp_path, SAMPLE)
    report = load_plan(out)
    assert any("ket_qua.ty_le_cuoi_nam_ty_le" in w.message and "«…»" in w.message for w in report.warnings)
    docx = tmp_path / "bao-cao.docx"
    assert main(["render", str(out), "-o", str(docx)]) == 0
    text = " ".join(lines(docx))
    assert "Tỷ lệ hộ nghèo cuối năm: còn …%, giảm …% so với đầu kỳ (kế hoạch giảm 5,00%), đạt …% kế hoạch." in text
    # a name that does not exist beside one left to fill is still an error
    out.write_text(out.read_text(encoding="utf-8").replace(
        "{{ ket_qua.muc_giam_ty_le }}", "{{ ket_qua.muc_giam_ty_le + ket_qua.khong_co }}", 1), encoding="utf-8")
    found = _problems(out)
    assert len(found) == 1 and "không có số liệu `khong_co`" in found[0].message


def test_the_starter_is_the_same_bytes_for_the_same_plan(tmp_path):
    first = _starter(tmp_path, SAMPLE, name="a.yaml").read_bytes()
    second = _starter(tmp_path, SAMPLE, name="b.yaml").read_bytes()
    assert first == second


def test_a_six_month_report(tmp_path):
    out = tmp_path / "bao-cao-6-thang-2024.yaml"
    assert main(["report", str(SAMPLE), "--ky", "6-thang", "-o", str(out)]) == 0
    data = load_yaml(out.read_text(encoding="utf-8"))
    assert data["chu_ky"] == "6_thang"
    assert " ".join(data["trich_yeu"].split()).endswith("6 tháng đầu năm 2024")
    assert data["phan"][2]["tieu_de"] == "Phương hướng, nhiệm vụ 6 tháng cuối năm 2024"
    assert data["phu_luc"][0]["tieu_de"] == "Kết quả thực hiện các chỉ tiêu 6 tháng đầu năm 2024"
    load_plan(out)


def test_an_existing_report_is_not_overwritten(tmp_path, capsys):
    out = _starter(tmp_path, SAMPLE)
    out.write_text("# đã viết\n", encoding="utf-8")
    assert main(["report", str(SAMPLE), "-o", str(out)]) == 2
    assert "--cap-nhat" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "# đã viết\n"


def test_a_report_is_not_a_plan_to_report_on(tmp_path, capsys):
    assert main(["report", str(REPORT), "-o", str(tmp_path / "x.yaml")]) == 2
    assert "là một báo cáo" in capsys.readouterr().err


# --- the link -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def starter(tmp_path_factory):
    """A plan and the starter report docgen writes on it, made once (the tests change copies)."""
    folder = tmp_path_factory.mktemp("starter")
    plan = folder / "ke-hoach-2024.yaml"
    shutil.copy(SAMPLE, plan)
    report = folder / "bao-cao-2024.yaml"
    assert main(["report", str(plan), "-o", str(report)]) == 0
    assert load_yaml(report.read_text(encoding="utf-8"))["ke_hoach"]["tep"] == "ke-hoach-2024.yaml"
    return plan, report


@pytest.fixture
def linked(tmp_path, starter):
    """A plan and a starter report on it, side by side in a folder of the test's own."""
    return tuple(Path(shutil.copy(path, tmp_path / path.name)) for path in starter)


def _line(path: Path, pattern: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if re.search(pattern, line))


def _problems(report: Path) -> list:
    with pytest.raises(ContentError) as caught:
        load_plan(report)
    return [p for p in caught.value.problems if p.severity == ERROR]


def test_a_changed_plan_figure_is_refused_with_both_places_and_cap_nhat_accepts_it(linked, capsys):
    plan, report = linked
    # TDP 1 expects 5 households out of poverty instead of 3: the year-end rate and the unit's figures move
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("thoat_ngheo: 3 ", "thoat_ngheo: 5 ", 1), encoding="utf-8")
    found = _problems(report)
    held = next(p for p in found if p.path == "phu_luc[0].dong[0].ke_hoach")
    assert held.file == str(report) and held.line == _line(report, r"^        ke_hoach: 20\.28$")
    annex = _line(plan, r"^phu_luc:") + 1
    assert f"{plan}:{annex}" in held.message and "20,20" in held.message and "20,28" in held.message
    assert f"docgen report --cap-nhat {report}" in held.message
    assert any(p.path == "phu_luc[1].dong[0].ho_ngheo_ke_hoach" for p in found)
    assert main(["validate", str(report)]) == 1
    assert main(["render", str(report), "-o", str(report.with_suffix(".docx"))]) == 1
    assert not report.with_suffix(".docx").exists()
    capsys.readouterr()
    # the user's own writing stays through --cap-nhat
    mine = report.read_text(encoding="utf-8").replace(
        "kinh_gui: []", "kinh_gui: [Ủy ban nhân dân huyện Kông Chro]  # gửi huyện, theo Công văn 12", 1)
    report.write_text(mine, encoding="utf-8")
    assert main(["report", "--cap-nhat", str(report)]) == 0
    out = capsys.readouterr().out
    assert "phu_luc[0].dong[0].ke_hoach (giam_ngheo.ty_le_cuoi_nam): 20,28 → 20,20" in out
    after = report.read_text(encoding="utf-8")
    assert "# gửi huyện, theo Công văn 12" in after and "# Kế hoạch: Tỷ lệ hộ nghèo" in after
    updated = load_plan(report)
    assert updated.model.phu_luc[0].dong[0].ke_hoach == D("20.2")
    assert updated.model.phu_luc[1].dong[0]["ho_ngheo_ke_hoach"] == 16


def test_a_copied_figure_edited_by_hand_is_caught(linked):
    _, report = linked
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace("ho_ngheo_ke_hoach: 184", "ho_ngheo_ke_hoach: 180", 1), encoding="utf-8")
    found = _problems(report)
    assert len(found) == 1 and found[0].path == "phu_luc[1].dong[2].ho_ngheo_ke_hoach"
    assert "sửa tay" in found[0].message and "184" in found[0].message


def test_a_fingerprint_that_does_not_match_is_caught(linked):
    _, report = linked
    text = report.read_text(encoding="utf-8")
    report.write_text(re.sub(r"ma_kiem_tra: \w+", "ma_kiem_tra: 000000000000", text, count=1), encoding="utf-8")
    found = _problems(report)
    assert [p.path for p in found] == ["ke_hoach.ma_kiem_tra"]
    assert found[0].line == _line(report, "ma_kiem_tra")


def test_a_missing_plan_file_is_a_located_error(linked):
    plan, report = linked
    plan.unlink()
    found = _problems(report)
    assert [p.path for p in found] == ["ke_hoach.tep"] and "không tìm thấy tệp kế hoạch" in found[0].message


def test_a_source_the_plan_lacks_is_a_located_error(linked):
    _, report = linked
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace("nguon: giam_ngheo.muc_giam\n", "nguon: giam_ngheo.muc_giam_nhe\n", 1),
                      encoding="utf-8")
    found = _problems(report)
    assert [p.path for p in found] == ["phu_luc[0].dong[1].nguon"] and "muc_giam_nhe" in found[0].message


# --- the sample --------------------------------------------------------------------------


def test_the_sample_report_quotes_its_results(capsys):
    report = load_plan(REPORT)
    assert report.model.kinh_gui == ["Ủy ban nhân dân huyện Kông Chro"] and report.model.ngay_ban_hanh.year == 2025
    assert not report.warnings
    figures = report.figures["ket_qua"]
    assert figures["ty_le_cuoi_nam_ty_le"].value == D("95.6")
    assert figures["ho_ngheo_giam_thuc_hien"].value == 126
    grid = report.tables[0].grid
    assert grid.rows[0][1] == ["1", "Tỷ lệ hộ nghèo cuối năm (đầu kỳ: 25,28%)", "%", "20,28", "20,50", "95,6",
                               "Không đạt"]
    units = report.tables[1].grid.rows
    assert [cells[-1] for _, cells in units] == ["Đạt", "Đạt"] + ["Không đạt"] * 5


def test_kinh_gui_is_the_parent_body_unless_the_2025_reform_abolished_it(tmp_path):
    plan = tmp_path / "ke-hoach-2024.yaml"
    plan.write_text(SAMPLE.read_text(encoding="utf-8").replace(
        "co_quan_ban_hanh:\n", "co_quan_chu_quan: Ủy ban nhân dân huyện Kông Chro\nco_quan_ban_hanh:\n", 1), encoding="utf-8")
    data = load_yaml(_starter(tmp_path, plan).read_text(encoding="utf-8"))
    assert data["kinh_gui"] == ["Ủy ban nhân dân huyện Kông Chro"]  # reported in January 2025: the district still was
    # a 2025 plan under the district of Ia Grai: its report comes after 1 July 2025, to the province
    text = _starter(tmp_path, ROOT / "content" / "giam-ngheo-ia-to-2025.yaml", name="ia-to.yaml").read_text(encoding="utf-8")
    assert load_yaml(text)["kinh_gui"] == []
    assert "Ủy ban nhân dân huyện Ia Grai không còn từ ngày 01/7/2025" in " ".join(
        line.lstrip("# ") for line in text.splitlines() if line.startswith("#"))


def test_cap_nhat_follows_the_plans_units(linked, capsys):
    plan, report = linked
    text = plan.read_text(encoding="utf-8").replace("      - ten: Plei Ktoh\n", "      - ten: Plei Ktoh Mới\n", 1)
    plan.write_text(text[:text.index("      - ten: Plei Pyang")], encoding="utf-8")
    found = _problems(report)
    gone = next(p for p in found if p.path == "phu_luc[1].dong[6].ten")
    assert "TDP Plei Pyang" in gone.message and f"docgen report --cap-nhat {report}" in gone.message
    assert main(["report", "--cap-nhat", str(report)]) == 0
    out = capsys.readouterr().out
    assert "bỏ dòng TDP Plei Pyang" in out and "thêm dòng TDP Plei Ktoh Mới" in out
    rows = load_plan(report).model.phu_luc[1].dong
    assert [r["ten"] for r in rows] == ["TDP 1", "TDP 2", "TDP Plei Nghe", "TDP Plei Ktoh Mới", "TDP Plei Hlektu",
                                        "TDP Plei Dong"]
    assert rows[3]["ho_ngheo_ke_hoach"] == 49 and rows[3]["ho_ngheo_thuc_hien"] is None


def test_a_report_naming_itself_as_its_plan_is_refused(linked):
    _, report = linked
    report.write_text(report.read_text(encoding="utf-8").replace("tep: ke-hoach-2024.yaml", f"tep: {report.name}"),
                      encoding="utf-8")
    found = _problems(report)
    assert [p.path for p in found] == ["ke_hoach.tep"] and "là một báo cáo" in found[0].message


@pytest.mark.parametrize(("row", "wanted"), [
    ({"ten": "Tỷ lệ hộ nghèo", "chieu": "giam", "ke_hoach": 20.28}, "phải ghi mức đầu kỳ"),
    ({"ten": "Số hộ", "ke_hoach": "mười"}, "phải là một số"),
])
def test_a_results_row_that_cannot_be_computed_is_a_located_error(row, wanted, tmp_path):
    data = load_yaml(REPORT.read_text(encoding="utf-8"))
    del data["ke_hoach"]
    data["phu_luc"] = [{"loai": "ket_qua", "dong": [row]}]
    data["phan"][0]["muc"][0]["gach"] = ["Chi tiết tại {{ ket_qua.phu_luc }}."]
    path = tmp_path / "bc.yaml"
    path.write_text(dump_yaml(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    found = _problems(path)
    assert found and found[0].path.startswith("phu_luc[0].dong[0]") and wanted in found[0].message


def test_the_results_tables_go_to_a_spreadsheet_and_back(tmp_path, capsys):
    folder = tmp_path / "content"
    folder.mkdir()
    for name in ("ke-hoach-2024.yaml", "bao-cao-2024.yaml"):
        shutil.copy(ROOT / "content" / name, folder / name)
    sheet = tmp_path / "phu-luc.xlsx"
    assert main(["export", str(folder / "bao-cao-2024.yaml"), "-o", str(sheet)]) == 0
    import openpyxl

    book = openpyxl.load_workbook(sheet)
    book["Phụ lục I"]["E6"] = 20.6  # the poverty rate's result, as typed in Excel
    book.save(sheet)
    assert main(["import", str(sheet), "--into", str(folder / "bao-cao-2024.yaml"), "--bang", "ket_qua"]) == 0
    report = load_plan(folder / "bao-cao-2024.yaml")
    assert report.model.phu_luc[0].dong[0].thuc_hien == D("20.6")
    assert report.figures["ket_qua"]["ty_le_cuoi_nam_ty_le"].value == D("93.6")


def test_units_put_in_another_order_keep_the_link_and_one_removed_is_caught(linked):
    _, report = linked
    data = load_yaml(report.read_text(encoding="utf-8"))
    units = data["phu_luc"][1]["dong"]
    data["phu_luc"][1]["dong"] = units[::-1]
    report.write_text(dump_yaml(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert [u["ten"] for u in load_plan(report).model.phu_luc[1].dong] == [u["ten"] for u in units[::-1]]
    data["phu_luc"][1]["dong"] = units[1:]
    report.write_text(dump_yaml(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    found = _problems(report)
    assert [p.path for p in found] == ["phu_luc[1].dong"] and units[0]["ten"] in found[0].message


def test_a_figure_the_plan_computes_to_many_decimals_is_copied_as_the_plan_prints_it(tmp_path, capsys):
    """A formula column's 1 / 3 × 100 is 33,333…; the plan prints «33,33», and so does the report."""
    data = load_yaml((ROOT / "content" / "chuyen-doi-so-ia-to-2025.yaml").read_text(encoding="utf-8"))
    data["phu_luc"].append({"ma": "tc", "tieu_de": "Bảng thử", "tong_cong": True, "cot": [
        {"ma": "ten", "ten": "Tên"}, {"ma": "a", "ten": "A", "kieu": "so"}, {"ma": "b", "ten": "B", "kieu": "so"},
        {"ma": "c", "ten": "C", "kieu": "phan_tram", "cong_thuc": "a / b * 100"}],
        "dong": [{"ten": "x", "a": 1, "b": 3}, {"ten": "y", "a": 1, "b": 3}]})
    data["phan"][0].setdefault("doan", []).append("Tỷ lệ đạt {{ tc.c }}% ({{ tc.phu_luc }}).")
    plan = tmp_path / "ke-hoach.yaml"
    plan.write_text(dump_yaml(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    report = _starter(tmp_path, plan)
    row = next(r for r in load_yaml(report.read_text(encoding="utf-8"))["phu_luc"][0]["dong"] if r["nguon"] == "tc.c")
    assert row["ke_hoach"] == 33.33
    assert main(["validate", str(report)]) == 0


def test_a_plan_expecting_a_figure_to_rise_still_makes_a_report(tmp_path):
    """Near-poor households a unit's plan expects to rise (a reduction target planned upwards)."""
    text = (ROOT / "content" / "giam-ngheo-ia-to-2025.yaml").read_text(encoding="utf-8")
    plan = tmp_path / "ke-hoach.yaml"
    plan.write_text(text.replace("can_ngheo_phat_sinh: 4", "can_ngheo_phat_sinh: 40", 1), encoding="utf-8")
    assert main(["validate", str(plan)]) == 0
    report = _starter(tmp_path, plan)
    assert main(["validate", str(report)]) == 0


def _per_unit(report: Path) -> tuple[dict, list]:
    data = load_yaml(report.read_text(encoding="utf-8"))
    return data, data["phu_luc"][1]["dong"]


def _write(report: Path, data: dict) -> None:
    report.write_text(dump_yaml(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_unit_typed_in_decomposed_unicode_keeps_its_results_through_update(linked, capsys):
    import unicodedata

    _, report = linked
    data, units = _per_unit(report)
    units[2]["ten"] = unicodedata.normalize("NFD", units[2]["ten"])
    units[2]["ho_ngheo_thuc_hien"] = 177
    _write(report, data)
    assert main(["report", "--update", str(report)]) == 0
    assert _per_unit(report)[1][2]["ho_ngheo_thuc_hien"] == 177


def test_update_never_drops_results_typed_for_a_unit_the_plan_no_longer_has(linked, capsys):
    plan, report = linked
    data, units = _per_unit(report)
    gone = units[2]["ten"]
    units[2]["ho_ngheo_thuc_hien"] = 177
    _write(report, data)
    before = report.read_bytes()
    plan.write_text(plan.read_text(encoding="utf-8").replace(f"ten: {gone.removeprefix('TDP ')}",
                                                              "ten: Plei Mới", 1), encoding="utf-8")
    assert main(["report", "--update", str(report)]) == 2
    assert "đã ghi kết quả thực hiện" in capsys.readouterr().err
    assert report.read_bytes() == before


def test_a_unit_written_twice_is_refused_and_update_does_not_bless_it(linked, capsys):
    _, report = linked
    data, units = _per_unit(report)
    units.insert(3, dict(units[2]))
    _write(report, data)
    found = _problems(report)
    assert any(p.path == "phu_luc[1].dong[3].ten" and "hai dòng" in p.message for p in found), found
    assert main(["report", "--update", str(report)]) != 0
    assert _problems(report)


def test_a_report_goes_into_a_folder_made_for_it(tmp_path, capsys):
    out = tmp_path / "bao-cao" / "2024" / "bc.yaml"
    assert main(["report", str(SAMPLE), "-o", str(out)]) == 0
    assert main(["validate", str(out)]) == 0


def test_a_report_after_the_reform_names_no_abolished_district(tmp_path):
    """The 2025 Ia Tô plan's year-end report is issued in 2026: its parent district is gone."""
    report = _starter(tmp_path, ROOT / "content" / "giam-ngheo-ia-to-2025.yaml")
    data = load_yaml(report.read_text(encoding="utf-8"))
    assert "co_quan_chu_quan" not in data and data["kinh_gui"] == []

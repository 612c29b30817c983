"""The poverty table (`loai: giam_ngheo`): computed figures, rounding rules, refusals, the table printed."""

from __future__ import annotations

import importlib.util
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.cli import main
from docgen.plan.build import Plan
from docgen.plan.kinds import giam_ngheo
from docgen.plan.kinds.giam_ngheo import check, rows, shown
from docgen.plan.model import KeHoach
from tests.conftest import ROOT, SAMPLE_TEXT, dump_yaml, plan_file

SEED = Path(__file__).parent / "data" / "seed-annex-2024.txt"
_spec = importlib.util.spec_from_file_location("bench_annex", ROOT / "bench" / "annex.py")
_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_bench)
plan_with_units = _bench.plan_with_units


def seed_rows() -> list[list[str]]:
    """The paper's figures, converted to the Vietnamese notation docgen prints."""
    out = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cells = [c.strip() for c in line.split("|")]
        out.append([cells[0]] + [c.replace(",", "_").replace(".", ",").replace("_", ".") for c in cells[1:]])
    return out


def table_of(units: list[dict]) -> giam_ngheo.Model:
    return giam_ngheo.Model(don_vi="thôn", dong=units)


def unit(**counts) -> dict:
    base = {"ten": "A", "so_ho": 100, "so_ho_dtts": 50, "ho_ngheo": 20, "ho_ngheo_dtts": 10, "thoat_ngheo": 5, "thoat_ngheo_dtts": 3,
                "tai_ngheo": 1, "tai_ngheo_dtts": 1, "phat_sinh": 2, "phat_sinh_dtts": 1, "du_kien_so_ho": 102, "du_kien_so_ho_dtts": 51}
    return base | counts


def printed(data: dict) -> list[list[str]]:
    grid = Plan.of(KeHoach.model_validate(data)).tables[0].grid
    return [cells for kind, cells in grid.rows]


def test_all_152_figures_of_the_seed_are_reproduced(sample_data):
    expected = seed_rows()
    assert len(expected) == 8 and all(len(r) == 20 for r in expected)
    assert printed(sample_data) == expected


def test_the_sample_document_prints_the_seeds_figures(sample_doc):
    table = sample_doc.tables[2]
    assert [[c.text for c in row.cells] for row in table.rows[3:]] == seed_rows()


def test_rates_use_exact_ratios_and_half_up_rounding():
    units, _ = rows(table_of([unit(so_ho=8, ho_ngheo=1, so_ho_dtts=8, ho_ngheo_dtts=1, thoat_ngheo=0,
                                   thoat_ngheo_dtts=0, tai_ngheo=0, tai_ngheo_dtts=0, phat_sinh=0, phat_sinh_dtts=0,
                                   du_kien_so_ho=8, du_kien_so_ho_dtts=8)]))
    assert shown(units[0].ty_le) == Decimal("12.50")  # 1/8 = 12.5 exactly
    units, _ = rows(table_of([unit(so_ho=1600, ho_ngheo=1)]))
    assert shown(units[0].ty_le) == Decimal("0.06")  # 0.0625 -> 0.06


def test_reduction_column_uses_unrounded_rates_but_quoted_reductions_use_printed_ones():
    # Plei Pyang: 47.826… - 36.676… = 11.149… -> "11,1" although 47,83 - 36,68 = 11,15
    pyang = unit(so_ho=345, so_ho_dtts=224, ho_ngheo=165, ho_ngheo_dtts=155, thoat_ngheo=37, thoat_ngheo_dtts=35,
                 tai_ngheo=0, tai_ngheo_dtts=0, phat_sinh=0, phat_sinh_dtts=0, du_kien_so_ho=349,
                 du_kien_so_ho_dtts=228)
    computed = giam_ngheo.compute(table_of([pyang]), 2024)
    assert computed.grid.rows[0][1][-1] == "11,1"
    assert computed.figures["muc_giam"].value == Decimal("11.15")


def test_total_rates_come_from_summed_counts_not_averages():
    zero_dtts = {"thoat_ngheo": 0, "tai_ngheo": 0, "phat_sinh": 0, "so_ho_dtts": 0, "ho_ngheo_dtts": 0, "thoat_ngheo_dtts": 0,
                     "tai_ngheo_dtts": 0, "phat_sinh_dtts": 0, "du_kien_so_ho_dtts": 0}
    _, total = rows(table_of([unit(ten="A", so_ho=10, ho_ngheo=5, **zero_dtts),
                              unit(ten="B", so_ho=90, ho_ngheo=9, **zero_dtts)]))
    assert total.so_ho == 100 and total.ho_ngheo == 14
    assert shown(total.ty_le) == Decimal("14.00")  # the average of 50% and 10% would be 30%


def test_zero_households_print_a_dash_not_a_division_by_zero(sample_data):
    data = dict(sample_data)
    data["phu_luc"] = [{"loai": "giam_ngheo", "don_vi": "thôn", "dong": [unit(
        so_ho=0, so_ho_dtts=0, ho_ngheo=0, ho_ngheo_dtts=0, thoat_ngheo=0, thoat_ngheo_dtts=0, tai_ngheo=0,
        tai_ngheo_dtts=0, phat_sinh=0, phat_sinh_dtts=0, du_kien_so_ho=0, du_kien_so_ho_dtts=0)]}]
    row = printed(data)[0]
    assert row[4] == row[16] == row[19] == "-"  # rates and reduction
    assert row[1] == "0"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"so_ho_dtts": 101}, "so_ho_dtts", "số hộ DTTS (101) lớn hơn tổng số hộ (100)"),
        ({"ho_ngheo": 101, "so_ho_dtts": 10, "ho_ngheo_dtts": 5}, "ho_ngheo", "số hộ nghèo đầu năm (101) lớn hơn tổng số hộ (100)"),
        ({"ho_ngheo_dtts": 21}, "ho_ngheo_dtts", "số hộ nghèo DTTS đầu năm (21) lớn hơn số hộ nghèo đầu năm (20)"),
        ({"thoat_ngheo": 25}, "thoat_ngheo", "không thể có nhiều hộ thoát nghèo hơn số hộ nghèo đầu năm"),
        ({"thoat_ngheo_dtts": 4, "thoat_ngheo": 3}, "thoat_ngheo_dtts", "số hộ DTTS thoát nghèo (4) lớn hơn số hộ thoát nghèo (3)"),
        ({"du_kien_so_ho": 10}, "du_kien_so_ho", "nhỏ hơn số hộ nghèo cuối năm"),
        ({"du_kien_ho_ngheo": 20}, "du_kien_ho_ngheo", "ghi là 20, nhưng tính từ các số liệu của dòng được 18"),
        ({"ho_ngheo_dtts": 20, "thoat_ngheo": 5, "thoat_ngheo_dtts": 0}, "thoat_ngheo_dtts",
         "số hộ thoát nghèo không phải DTTS (5 = 5 − 0) lớn hơn số hộ nghèo đầu năm không phải DTTS (0)"),
    ],
)
def test_inconsistent_counts_are_refused_with_unit_field_and_values(change, field, words):
    table = giam_ngheo.Model(don_vi="tổ dân phố", viet_tat="TDP", dong=[unit(ten="Plei Nghe", **change)])
    found = dict(check(table, ("phu_luc", 0)))
    message = found[("phu_luc", 0, "dong", 0, field)]
    assert message.startswith("TDP Plei Nghe: ") and words in message


def test_all_problems_are_reported_at_once():
    found = check(table_of([unit(so_ho_dtts=500), unit(ten="B", thoat_ngheo=99)]), ("phu_luc", 0))
    assert {p[3] for p, _ in found} == {0, 1}


def test_a_consistent_stated_figure_is_accepted():
    assert check(table_of([unit(du_kien_ho_ngheo=18, ty_le_giam=Decimal("2.4"))]), ("phu_luc", 0)) == []


def test_no_knock_on_error_with_a_number_nobody_typed():
    # 5 DTTS households expected among 4 in all: reported once, not again as "-1 non-DTTS households"
    found = check(table_of([unit(du_kien_so_ho=104, du_kien_so_ho_dtts=105)]), ("phu_luc", 0))
    assert [message for _, message in found if "-1" in message] == []
    assert any(path[-1] == "du_kien_so_ho_dtts" for path, _ in found)


counts = st.integers(min_value=0, max_value=5000)


@st.composite
def consistent_unit(draw, name: str) -> dict:
    so_ho = draw(counts)
    so_ho_dtts = draw(st.integers(0, so_ho))
    ho_ngheo = draw(st.integers(0, so_ho))
    ho_ngheo_dtts = draw(st.integers(max(0, ho_ngheo - (so_ho - so_ho_dtts)), min(ho_ngheo, so_ho_dtts)))
    thoat = draw(st.integers(0, ho_ngheo))
    thoat_dtts = draw(st.integers(max(0, thoat - (ho_ngheo - ho_ngheo_dtts)), min(thoat, ho_ngheo_dtts)))
    tai = draw(st.integers(0, 50))
    phat = draw(st.integers(0, 50))
    end = ho_ngheo - thoat + tai + phat
    tai_dtts = draw(st.integers(0, tai))
    phat_dtts = draw(st.integers(0, phat))
    end_dtts = ho_ngheo_dtts - thoat_dtts + tai_dtts + phat_dtts
    du_kien = draw(st.integers(end, end + 5000))
    du_kien_dtts = draw(st.integers(end_dtts, du_kien - (end - end_dtts)))
    return {"ten": name, "so_ho": so_ho, "so_ho_dtts": so_ho_dtts, "ho_ngheo": ho_ngheo, "ho_ngheo_dtts": ho_ngheo_dtts,
                "thoat_ngheo": thoat, "thoat_ngheo_dtts": thoat_dtts, "tai_ngheo": tai, "tai_ngheo_dtts": tai_dtts,
                "phat_sinh": phat, "phat_sinh_dtts": phat_dtts, "du_kien_so_ho": du_kien, "du_kien_so_ho_dtts": du_kien_dtts}


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(st.integers(1, 12).flatmap(lambda n: st.tuples(*[consistent_unit(f"T{i}") for i in range(n)])))
def test_random_consistent_counts_give_totals_equal_to_row_sums(units):
    table = table_of(list(units))
    assert check(table, ("phu_luc", 0)) == []
    computed, total = rows(table)
    for name in giam_ngheo.COUNTS + ("cuoi_ho_ngheo", "cuoi_ho_ngheo_dtts"):
        assert getattr(total, name) == sum(getattr(r, name) for r in computed)
    for r in computed:
        assert 0 <= r.cuoi_ho_ngheo <= r.du_kien_so_ho


def _render(tmp_path, data):
    src = tmp_path / "plan.yaml"
    src.write_text(dump_yaml(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = tmp_path / "plan.docx"
    assert main(["render", str(src), "-o", str(out)]) == 0
    return docx.Document(str(out))


def test_changing_a_count_changes_the_table_and_the_quoted_targets(tmp_path, plan_data):
    plan_data["phu_luc"][0]["dong"][2]["thoat_ngheo"] = 48  # Plei Nghe: 10 more households escape
    plan_data["phu_luc"][0]["dong"][2]["thoat_ngheo_dtts"] = 47
    doc = _render(tmp_path, plan_data)
    texts = [p.text for p in doc.paragraphs]
    # 549 / 2757 = 19,91 %; 25,28 - 19,91 = 5,37; DTTS 501 / 1128 = 44,41 %, 56,80 - 44,41 = 12,39
    assert "- Tỷ lệ hộ nghèo (theo chuẩn nghèo đa chiều giai đoạn 2022-2025) còn 19,91% vào cuối năm 2024." in texts
    assert "- Mức giảm tỷ lệ hộ nghèo (theo chuẩn nghèo đa chiều giai đoạn 2022-2025) ở mức 5,37%." in texts
    assert "- Tỷ lệ hộ nghèo dân tộc thiểu số giảm 12,39%." in texts
    total = [c.text for c in doc.tables[2].rows[-1].cells]
    assert total[7] == "143" and total[15] == "549" and total[16] == "19,91"


def test_column_headings_follow_the_plan_year_and_a_draft_has_a_blank_number(tmp_path, plan_data):
    plan_data["nam"] = 2025
    del plan_data["so"], plan_data["ngay_ban_hanh"]
    plan_data["phan"][4]["muc"][0]["bao_cao"][0]["han"] = [{"ngay": "2025-05-10", "ky": "báo cáo 06 tháng"}]
    doc = _render(tmp_path, plan_data)
    header = {c.text for row in doc.tables[2].rows[:3] for c in row.cells}
    assert {"Tổng số hộ dân cư cuối năm 2024", "Số hộ nghèo cuối năm 2024", "Diễn biến hộ nghèo trong năm 2025",
            "Dự kiến tổng số hộ dân cư năm 2025", "Dự kiến hộ nghèo cuối năm 2025"} <= header
    texts = [p.text for p in doc.paragraphs]
    assert "TỔNG HỢP BIỂU MẪU CHỈ TIÊU ĐĂNG KÝ GIẢM NGHÈO NĂM 2025" in texts
    assert any(t.startswith("(Kèm theo Kế hoạch số      /KH-UBND ngày      /     /2025 của") for t in texts)
    cells = [p.text for c in doc.tables[0].rows[1].cells for p in c.paragraphs]
    assert "Số:      /KH-UBND" in cells and "Kông Chro, ngày    tháng    năm 2025" in cells


@pytest.mark.parametrize("units", [1, pytest.param(200, marks=pytest.mark.slow)])
def test_any_number_of_units_renders_with_the_header_repeated(tmp_path, units):
    doc = _render(tmp_path, plan_with_units(units))
    table = doc.tables[2]
    assert len(table.rows) == 3 + units + 1
    assert next(c.text for c in table.rows[3].cells) == "Thôn 1"
    assert table.rows[-1].cells[0].text == "Tổng cộng"
    assert all(row._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None for row in table.rows[:3])


def test_two_rows_with_the_same_unit_name_are_refused(tmp_path, capsys):
    path = plan_file(tmp_path, SAMPLE_TEXT.replace('    - ten: "2"', '    - ten: "1"'))
    assert main(["validate", str(path)]) == 1
    assert "phu_luc[0].dong[1].ten: tên đơn vị `1` trùng với dòng thứ 1" in capsys.readouterr().err


def test_no_minus_zero_in_the_reduction_column(plan_data):
    plan_data["phu_luc"][0]["dong"][0].update(so_ho=1000, ho_ngheo=100, thoat_ngheo=0, du_kien_so_ho=999)
    assert printed(plan_data)[0][19] == "0,0"

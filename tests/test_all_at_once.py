"""Every error in one run: field errors of all parts, and the checks across fields of every
part that is valid on its own; knock-on errors that restate another are not printed."""

from __future__ import annotations

import pytest

from docgen.base.errors import ContentError
from docgen.plan.build import plan_from_text
from tests.conftest import ROOT, SAMPLE_TEXT


def problems(*edits: tuple[str, str]) -> list[str]:
    """Return the problems of the 2024 sample with edits made, as line|path|message."""
    return problems_of(SAMPLE_TEXT, *edits)


DATE = ("ngay_ban_hanh: 2024-01-11", "ngay_ban_hanh: 2024-02-30")
TYPO = ("dia_danh: Kông Chro", "dia_danhh: Kông Chro")
BALANCE = ("        thoat_ngheo: 3         #", "        thoat_ngheo: 30        #")
REFERENCE = ("du_an: [Dự án 5]", "du_an: [Dự án 9]")


def test_a_date_a_typo_a_reference_and_an_annex_row_in_one_run():
    found = problems(DATE, TYPO, BALANCE, REFERENCE)
    assert len(found) == 4, found
    typo, date, reference, balance = sorted(found, key=lambda f: int(f.split("|")[0]))
    assert "|ngay_ban_hanh|`2024-02-30` không phải là ngày có thật" in date
    assert "|dia_danhh|" in typo and "`dia_danh`?" in typo
    assert "không có dự án `Dự án 9`" in reference
    assert "phu_luc[0].dong[0].thoat_ngheo" in balance and "(30)" in balance


def test_the_misspelt_key_is_not_also_reported_missing():
    found = problems(TYPO)
    assert [f.split("|")[1] for f in found] == ["dia_danhh"]


def test_an_impossible_date_in_a_required_field_is_one_error():
    found = problems(("ngay: 2021-07-28", "ngay: 2021-02-31"), BALANCE)
    assert len(found) == 2, found  # not also "must be a date; given an empty value"
    assert "can_cu[0].ngay|`2021-02-31` không phải là ngày có thật" in found[0]


def test_an_invalid_annex_cell_hides_neither_other_errors_nor_adds_quote_errors():
    # the annex is invalid, so its figures are unknown: the sentences quoting them are not errors
    found = problems(("      so_ho: 492\n", "      so_ho: x\n"), TYPO)
    assert [f.split("|")[1] for f in found] == ["dia_danhh", "phu_luc[0].dong[2].so_ho"], found


def test_an_invalid_part_does_not_hide_an_annex_error_nor_invent_a_reference_error():
    # part I is invalid (a heading must be text); the annex error is still found, and the
    # references of part III are not judged while part I's projects may be unknown
    found = problems(("  - tieu_de: Mục đích, yêu cầu", "  - tieu_de: [Mục đích, yêu cầu]"), BALANCE)
    paths = [f.split("|")[1] for f in found]
    assert paths == ["phan[0].tieu_de", "phu_luc[0].dong[0].thoat_ngheo"], found


def test_a_quote_of_an_unknown_figure_is_found_beside_a_header_error():
    found = problems(TYPO, ("ở mức {{ giam_ngheo.muc_giam }}", "ở mức {{ giam_ngheo.muc_giam_sai }}"))
    assert len(found) == 2 and "muc_giam_sai" in found[1], found


DISASTER = (ROOT / "content" / "phong-chong-thien-tai-ia-to-2025.yaml").read_text(encoding="utf-8")


def problems_of(text: str, *edits: tuple[str, str]) -> list[str]:
    """Return the problems of text with edits made (each must apply), as line|path|message."""
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    with pytest.raises(ContentError) as caught:
        plan_from_text(text, "kh.yaml")
    return [f"{p.line}|{p.path}|{p.message}" for p in caught.value.problems]


def test_one_mistake_in_a_column_of_a_declared_annex_is_one_error():
    found = problems_of(DISASTER, ("{ma: so_ho, ten: Số hộ, kieu: so}", "{ma: so_ho, ten: Số hộ, kieu: sô}"),
                        ("{ma: noi_den, ten: Nơi sơ tán đến}", "{ma: noi_den, tenn: Nơi sơ tán đến}"))
    assert [f.split("|")[1] for f in found] == ["phu_luc[0].cot[3].cot[0].kieu", "phu_luc[0].cot[4].tenn"], found


def test_a_law_cited_with_an_impossible_date_is_located_at_its_date():
    found = problems_of(DISASTER, ("ngay: 2013-06-19", "ngay: 2013-02-30"))
    assert [f.split("|")[1] for f in found] == ["can_cu[0].ngay"], found
    found = problems_of(DISASTER, ("ngay: 2013-06-19", "ngayy: 2013-06-19"))
    assert [f.split("|")[1] for f in found] == ["can_cu[0].ngayy"], found


def test_a_misspelt_key_does_not_hide_another_missing_one():
    found = problems_of(SAMPLE_TEXT, ("trich_yeu: >-", "dong_trich_yeuu: >-"))
    paths = [f.split("|")[1] for f in found]
    assert "trich_yeu" in paths and "dong_trich_yeuu" in paths, found


def test_a_kind_written_as_a_list_and_a_count_of_32_digits_are_errors_not_crashes():
    found = problems_of(SAMPLE_TEXT, ("  - loai: giam_ngheo", "  - loai: [giam_ngheo]"))
    assert any("phu_luc[0].loai" in f for f in found), found
    found = problems_of(SAMPLE_TEXT, ("so_ho: 409 ", "so_ho: 100000000000000000000000000000000 "))
    assert any("không được lớn hơn 1.000.000.000.000.000" in f for f in found), found

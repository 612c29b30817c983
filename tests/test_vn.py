"""Vietnamese dates, numbers and numbering."""

import datetime as dt
from decimal import Decimal

import pytest

from docgen.base import vn


@pytest.mark.parametrize(
    ("date", "long", "short"),
    [
        (dt.date(2024, 1, 11), "Kông Chro, ngày 11 tháng 01 năm 2024", "11/01/2024"),
        (dt.date(2024, 2, 5), "Kông Chro, ngày 05 tháng 02 năm 2024", "05/02/2024"),
        (dt.date(2024, 6, 29), "Kông Chro, ngày 29 tháng 6 năm 2024", "29/6/2024"),
        (dt.date(2024, 12, 1), "Kông Chro, ngày 01 tháng 12 năm 2024", "01/12/2024"),
        (dt.date(2021, 7, 28), "Kông Chro, ngày 28 tháng 7 năm 2021", "28/7/2021"),
    ],
)
def test_dates_follow_the_leading_zero_rule(date, long, short):
    assert vn.long_date("Kông Chro", date, date.year) == long
    assert vn.short_date(date) == short


def test_undated_draft_leaves_blanks_but_keeps_the_year():
    assert vn.long_date("Kông Chro", None, 2025) == "Kông Chro, ngày    tháng    năm 2025"


@pytest.mark.parametrize(("n", "text"), [(0, "0"), (45, "45"), (2737, "2.737"), (1234567, "1.234.567")])
def test_integers_use_dots_for_thousands(n, text):
    assert vn.integer(n) == text


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [(Decimal("25.28"), 2, "25,28"), (Decimal("0.00"), 2, "0,00"), (Decimal("5.0"), 1, "5,0"), (Decimal("1234.5"), 1, "1.234,5")],
)
def test_decimals_use_a_comma(value, places, text):
    assert vn.decimal(value, places) == text


def test_document_numbers():
    assert vn.document_number(45, "KH-UBND") == "Số: 45/KH-UBND"
    assert vn.document_number(5, "KH-UBND") == "Số: 05/KH-UBND"
    assert vn.document_number(None, "KH-UBND") == "Số:      /KH-UBND"


def test_letters_and_roman_numerals():
    assert [vn.letter(i) for i in range(7)] == ["a", "b", "c", "d", "đ", "e", "g"]
    assert [vn.roman(n) for n in (1, 4, 5, 9, 14)] == ["I", "IV", "V", "IX", "XIV"]

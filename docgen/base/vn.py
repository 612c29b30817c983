"""Dates and numbers written the Vietnamese way, as Decree 30 wants them."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, localcontext


def _day(n: int) -> str:
    return f"{n:02d}"


def _month(n: int) -> str:
    # PL I, II.4.b: months 1 and 2 take a leading zero, 3-12 do not.
    return f"{n:02d}" if n < 3 else str(n)


def long_date(place: str, date: dt.date | None, year: int) -> str:
    """Return "Kông Chro, ngày 11 tháng 01 năm 2024"; blanks for an undated draft."""
    if date is None:
        return f"{place}, ngày    tháng    năm {year}"
    return f"{place}, ngày {_day(date.day)} tháng {_month(date.month)} năm {date.year}"


def short_date(date: dt.date) -> str:
    """Return "11/01/2024", "28/7/2021": the same leading-zero rule as the long form."""
    return f"{_day(date.day)}/{_month(date.month)}/{date.year}"


# Where a plan is issued: Việt Nam keeps one time zone, UTC+7, all year.
VIETNAM = dt.timezone(dt.timedelta(hours=7))


def issued_at(day: dt.date) -> dt.datetime:
    """Return the first minute of day in Việt Nam: the moment a document issued that day is dated."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=VIETNAM)


def integer(n: int) -> str:
    """Return 2737 as "2.737"."""
    return f"{n:,}".replace(",", ".")


def decimal(value: Decimal, places: int) -> str:
    """Return Decimal("25.28") as "25,28" (value already rounded to `places`)."""
    text = f"{value:,.{places}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def number(value, places: int) -> str:
    """Return any number rounded half-up (as spreadsheets show it) to places, the Vietnamese way."""
    exact = value if isinstance(value, Decimal) else Decimal(str(value))
    with localcontext() as ctx:  # a number longer than the default 28 digits still prints, exactly
        ctx.prec = max(ctx.prec, exact.adjusted() + places + 2)
        rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return decimal(abs(rounded) if rounded == 0 else rounded, places)


def words_date(date: dt.date) -> str:
    """Return "ngày 19 tháng 6 năm 2013", the form laws are cited by."""
    return f"ngày {_day(date.day)} tháng {_month(date.month)} năm {date.year}"


def document_number(number: int | None, code: str) -> str:
    """Return "Số: 45/KH-UBND", "Số: 05/KH-UBND", or the blank form of a draft."""
    if number is None:
        return f"Số:      /{code}"
    return f"Số: {number:02d}/{code}"


def document_reference(number: int | None, code: str, date: dt.date | None, year: int) -> str:
    """Return "số 45/KH-UBND ngày 11/01/2024", with blanks where a draft has none."""
    num = f"{number:02d}" if number is not None else "     "
    when = short_date(date) if date else f"     /     /{year}"
    return f"số {num}/{code} ngày {when}"


_LETTERS = ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y"]


def letter(index: int) -> str:
    """Return the Vietnamese point letter for 0, 1, 2…: a, b, c, d, đ, e, g…"""
    return _LETTERS[index % len(_LETTERS)] * (index // len(_LETTERS) + 1)


def roman(n: int) -> str:
    """Return n (1-39) as a Roman numeral: the part numbers of a plan."""
    out = ""
    for value, sym in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += sym
            n -= value
    return out

"""Deadlines as a commune writes them: a date, a month, a quarter, a span, or «thường xuyên».

A deadline is typed the way the document prints it («Quý II/2025», «tháng 6/2025», «30/6/2025»,
«từ 01/3/2025 đến 30/4/2025», «Thường xuyên») or as a YAML date; docgen keeps both what it means
(the days it covers, for calendars and task lists) and how a clerk writes it (never ISO).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema

from docgen.base import vn

DATE, MONTH, QUARTER, SPAN, ONGOING = "ngay", "thang", "quy", "khoang", "thuong_xuyen"
_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_D = r"(\d{1,2})/(\d{1,2})/(\d{4})"
_M = r"(?:tháng\s+)?(\d{1,2})(?:/|\s+năm\s+)(\d{4})"
_Q = r"quý\s+(IV|I{1,3}|[1-4])(?:/|\s+năm\s+)(\d{4})"


@dataclass(frozen=True)
class Han:
    """A deadline: what kind it is, the first and last day it covers (none when ongoing)."""

    kind: str
    start: dt.date | None = None
    end: dt.date | None = None

    def text(self) -> str:
        """Return the deadline as a clerk writes it: «30/6/2025», «tháng 6/2025», «Quý II/2025»."""
        if self.kind == ONGOING:
            return "Thường xuyên"
        if self.kind == DATE:
            return vn.short_date(self.end)
        if self.kind == MONTH:
            return f"tháng {self.end.month}/{self.end.year}"
        if self.kind == QUARTER:
            return f"Quý {vn.roman((self.end.month - 1) // 3 + 1)}/{self.end.year}"
        return f"từ {vn.short_date(self.start)} đến {vn.short_date(self.end)}"

    def __str__(self) -> str:
        return self.text()


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _date(day: str, month: str, year: str) -> dt.date:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(f"`{day}/{month}/{year}` không phải là ngày có thật") from None


def _month(month: str, year: str) -> tuple[dt.date, dt.date]:
    if not 1 <= int(month) <= 12:
        raise ValueError(f"tháng {month} không có thật")
    return dt.date(int(year), int(month), 1), _month_end(int(year), int(month))


def _one(text: str) -> Han | None:
    """Return the deadline one piece of text names (a date, a month, a quarter), or None."""
    if m := re.fullmatch(_D, text):
        day = _date(*m.groups())
        return Han(DATE, day, day)
    if m := re.fullmatch(_M, text, re.IGNORECASE):
        return Han(MONTH, *_month(*m.groups()))
    if m := re.fullmatch(_Q, text, re.IGNORECASE):
        quarter, year = _QUARTERS[m.group(1).upper()], int(m.group(2))
        return Han(QUARTER, dt.date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter))
    return None


HINT = ("viết như văn bản ghi: `30/6/2025`, `tháng 6/2025`, `Quý II/2025`, `từ 01/3/2025 đến 30/4/2025` "
        "hoặc `thường xuyên`")


def parse(value: Any) -> Han:
    """Return the deadline value names; ValueError (in Vietnamese, with the forms) if it names none."""
    if isinstance(value, Han):
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return Han(DATE, value, value)
    if not isinstance(value, str):
        raise ValueError(f"thời hạn {HINT}; đang ghi `{value}`")  # noqa: TRY004 (pydantic reports ValueError)
    text = " ".join(value.split()).strip(" .;")
    bare = re.sub(r"^(?:trước|chậm nhất|hạn|trong)\s+(?:ngày\s+)?", "", text, flags=re.IGNORECASE)
    if bare.casefold() in ("thường xuyên", "thường xuyên, liên tục", "hằng ngày", "hàng ngày"):
        return Han(ONGOING)
    found = _one(re.sub(r"^ngày\s+", "", bare, flags=re.IGNORECASE))
    if found:
        return found
    if m := re.fullmatch(r"từ\s+(?:ngày\s+)?(.+?)\s+(?:đến|tới)\s+(?:ngày\s+)?(.+)", bare, re.IGNORECASE):
        first, last = m.group(1), m.group(2)
        year = re.search(r"\d{4}$", last)
        if year and not re.search(r"\d{4}$", first):  # «từ 01/3 đến 30/4/2025»: the year is said once
            first = f"{first}/{year.group()}"
        a, b = _one(first), _one(last)
        if a and b:
            if b.end < a.start:
                raise ValueError(f"thời hạn `{text}` kết thúc trước khi bắt đầu")
            return Han(SPAN, a.start, b.end)
    raise ValueError(f"không hiểu thời hạn `{text}`; {HINT}")


# Typed Any for pydantic: the validator returns a Han, and a schema of plain functions pickles (the
# built validator is cached, docgen.plan.validate); a PlainValidator's does not.
Deadline = Annotated[
    Any,
    BeforeValidator(parse),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "string", "format": "date"}],
                    "examples": ["30/6/2025", "tháng 6/2025", "Quý II/2025", "từ 01/3/2025 đến 30/4/2025",
                                 "thường xuyên"]}),
]

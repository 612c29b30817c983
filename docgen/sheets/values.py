"""A cell of a sheet read as a value of an annex's column, and compared with the plan's value.

A count column takes whole numbers (a «-» is 0, as tables print a zero); a decimal or a
percentage column any number; a number may be typed as text the Vietnamese way (docgen.sheets.read.number);
a date column a date or «31/03/2025»; a text column anything, as shown.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal

from docgen.plan.tables import COUNT, DATE, DECIMAL, MONEY, PERCENT, TEXT
from docgen.plan.tables.declared import _date
from docgen.sheets.read import NO_VALUE, Cell, number

_DASHES = ("-", "–", "—")
BLANK = object()  # an empty cell


def value(cell: Cell | None, kind: str):
    """Return (value, problem) of a cell for a column of kind: BLANK for an empty cell; a problem
    (a sentence) when the cell holds what the column cannot."""
    if cell is None:
        return BLANK, None
    v = cell.value
    if v is NO_VALUE:
        return None, "ô có công thức chưa được tính (bảng tính chưa từng mở bằng Excel/LibreOffice); hãy mở, lưu lại"
    if kind == TEXT:
        if isinstance(v, dt.date):
            return v.strftime("%d/%m/%Y"), None
        return (str(v) if not isinstance(v, Decimal) else format(v, "f")), None
    if kind == DATE:
        if isinstance(v, dt.datetime):
            return v.date(), None
        if isinstance(v, dt.date):
            return v, None
        day = _date(str(v))
        return (day, None) if day else (None, f"«{v}» không phải là ngày (ví dụ 31/03/2025)")
    if isinstance(v, str):
        if v.strip() in _DASHES:
            return (0, None) if kind in (COUNT, MONEY) else (BLANK, None)
        parsed = number(v)
        if parsed is None:
            return None, f"«{v}» không phải là số"
        v = parsed
    if isinstance(v, (dt.date, dt.datetime)):
        return None, f"ô ghi ngày ({v:%d/%m/%Y}), không phải số"
    if kind in (COUNT, MONEY):
        if v != int(v) or v < 0:
            return None, f"«{_shown(v)}» không phải là số nguyên không âm"
        return int(v), None
    if kind in (DECIMAL, PERCENT):
        return Decimal(v), None
    return v, None


def _shown(v) -> str:
    return format(v, "f").replace(".", ",") if isinstance(v, Decimal) else str(v)


def same(old, new, kind: str) -> bool:
    """Whether the plan's value old and the sheet's value new are the same figure or text."""
    if new is BLANK:
        return old is None
    if old is None:
        return False
    if kind in (COUNT, MONEY):
        old = getattr(old, "number", old)
        return isinstance(old, int) and not isinstance(old, bool) and old == new
    if kind in (DECIMAL, PERCENT):
        try:
            return Decimal(str(getattr(old, "number", old))) == new
        except ArithmeticError:
            return False
    if kind == DATE:
        if isinstance(old, str):
            old = _date(old) or old
        return old == new
    return unicodedata.normalize("NFC", " ".join(str(old).split())) == unicodedata.normalize("NFC", str(new))

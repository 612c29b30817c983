"""Local government in two levels since 1 July 2025: names of the units that no longer exist.

From that day administrative units have two levels, the province (tỉnh, thành phố trực thuộc
trung ương) and the commune (xã, phường, đặc khu); the district level (huyện, quận, thị xã,
thành phố thuộc tỉnh) ended and the thị trấn was dropped (Hiến pháp sửa đổi 2025, Điều 110;
Luật Tổ chức chính quyền địa phương 2025). A document dated from that day that names such a
unit in its header, signature, «Kính gửi» or Nơi nhận was rolled forward from an older one.
Legal bases issued before that day remain valid citations: callers do not pass them here.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

REFORM = dt.date(2025, 7, 1)
REFORM_TEXT = "01/7/2025"

# The centrally-run cities after the 2025 reform: a «thành phố» of the province level, not a district.
_CENTRAL = ("hà nội", "huế", "hải phòng", "đà nẵng", "hồ chí minh", "cần thơ")

_UNIT = re.compile(r"(?<!\w)(huyện|quận|thị xã|thị trấn|thành phố|tp\.|tp(?=\s))(?!\w)", re.IGNORECASE)
_WORD = re.compile(r"\s+([^\s,;:.()«»\"]+)")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def former_units(text: str) -> list[str]:
    """Return each mention in text of a unit that the 2025 reform abolished (a district-level body or
    area, a thị trấn; the Huyện ủy went with its district), as written with up to three words of its
    name: «huyện Kông Chro»."""
    found = []
    for m in _UNIT.finditer(text or ""):
        kind = _fold(m.group(1))
        words, end = [], m.end()
        for _ in range(3):
            w = _WORD.match(text, end)
            if not w or (words and w.group(1)[:1].islower() and not text[m.start():m.end()].isupper()):
                break
            words.append(w.group(1))
            end = w.end()
        name = _fold(" ".join(words))
        if kind in ("thành phố", "tp.", "tp") and (
                not words or name.startswith(("trực thuộc", "thuộc trung ương")) or name.startswith(_CENTRAL)):
            continue  # a centrally-run city still is one; «thành phố» alone names no unit
        found.append(text[m.start():end].strip())
    return found


def reform_message(mention: str) -> str:
    """Return the sentence that says why mention is out of date, and what to do."""
    m = _UNIT.match(mention)
    gone = "thị trấn" if m and _fold(m.group(1)) == "thị trấn" else "cấp huyện"
    return (f"«{mention}»: không còn {gone} từ ngày {REFORM_TEXT} (chính quyền địa phương hai cấp: tỉnh và xã, "
            "phường, đặc khu); hãy ghi theo đơn vị hành chính hiện nay.")

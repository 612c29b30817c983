"""Small readings of Vietnamese administrative text shared by the converter's steps."""

from __future__ import annotations

import re
import unicodedata

# Words kept capitalised when a line printed in capitals is written as a sentence
_PROPER = {"ủy ban nhân dân": "Ủy ban nhân dân", "hội đồng nhân dân": "Hội đồng nhân dân",
           "chủ tịch": "Chủ tịch", "phó chủ tịch": "Phó Chủ tịch", "ubnd": "UBND", "hđnd": "HĐND",
           "đảng ủy": "Đảng ủy", "ban chỉ đạo": "Ban Chỉ đạo", "ban chỉ huy": "Ban Chỉ huy"}
_UNITS = ("xã", "phường", "thị trấn", "thị xã", "huyện", "quận", "thành phố", "tỉnh", "làng", "thôn", "tổ dân phố")
RULE = re.compile(r"^[\s\-_–—=*.·~]{3,}$")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def flat(text: str) -> str:
    return " ".join(nfc(text).split())


def is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def sentence(text: str) -> str:
    """Return a line printed in capitals as a clerk would write it in a sentence: «ỦY BAN NHÂN DÂN
    XÃ IA TÔ» → «Ủy ban nhân dân xã Ia Tô» (names after a unit word keep their capitals)."""
    if not is_upper(text):
        return text
    low = text.lower()
    for unit in sorted(_UNITS, key=len, reverse=True):
        m = re.search(rf"(?:^|\s){re.escape(unit)}\s+(.+)$", low)
        if m:
            name = " ".join(w[:1].upper() + w[1:] for w in m.group(1).split())
            low = low[:m.start(1)] + name
            break
    for words, written in _PROPER.items():
        low = re.sub(rf"(?<!\w){re.escape(words)}(?!\w)", written, low)
    return low[:1].upper() + low[1:]


def agency_name(lines: list[str], body: str) -> str:
    """Return an agency printed in capital lines as the text writes it: the body's own spelling when
    the document names it, else the lines in sentence case."""
    joined = flat(" ".join(lines))
    for m in re.finditer(re.escape(joined), body, re.IGNORECASE) if joined else ():
        if not is_upper(m.group()):
            return m.group()
    return sentence(joined)

"""A «Căn cứ …» paragraph as the plan's legal basis: a document, a law, or free text.

A paragraph becomes a structured basis only when docgen prints it back with the same words
(the date may change form, «5/1/2021» → «05/01/2021»); anything else, such as several documents
cited in one paragraph, stays free text, word for word.
"""

from __future__ import annotations

import datetime as dt
import re

from docgen.base import vn

_DATE = r"(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})"
_WORDS_DATE = r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})"
_DOCUMENT = re.compile(
    r"^Căn cứ\s+(?P<loai>(?:[A-ZĐa-zđ][\wÀ-ỹ]*)(?:\s+[a-zđà-ỹ][\wÀ-ỹ]*){0,3}?)\s+số\s*:?\s*(?P<so>[\w/.\-&]+?)\s*,?\s+"
    rf"ngày\s+{_DATE}\s+của\s+(?P<rest>.+?)\s*[;,.]?$")
_LAW = re.compile(rf"^Căn cứ\s+(?P<luat>Luật\s.+?)\s+{_WORDS_DATE}(?P<more>[;,]\s*.+?)?\s*[;,.]?$")
_CONTENT = re.compile(
    r"\s(?=(?:về|phê duyệt|quy định|ban hành|hướng dẫn|giao|sửa đổi|thực hiện|triển khai|kiện toàn|thành lập|"
    r"tăng cường|đẩy mạnh|tổ chức|phân bổ|điều chỉnh|bổ sung|công bố|tiếp tục|phát triển|chỉ đạo|nâng cao|"
    r"quyết định|thông qua|tuyên truyền|phòng|triển khai)\s)")
_TYPES = ("Nghị quyết", "Quyết định", "Kế hoạch", "Nghị định", "Thông tư", "Chỉ thị", "Công văn", "Chương trình",
          "Hướng dẫn", "Thông báo", "Kết luận", "Đề án", "Văn bản", "Thông tư liên tịch", "Quy định")


def _free(text: str) -> str:
    return text.rstrip(" ;,.")


def basis(text: str):
    """Return the basis of a paragraph: a dict (`loai`…, or `luat`…) or its text."""
    text = " ".join(text.split())
    m = _LAW.match(text)
    if m and ";" not in m.group("luat") and " số " not in m.group("luat"):
        try:
            day = dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            return _free(text)
        out = {"luat": m.group("luat"), "ngay": day}
        more = (m.group("more") or "").rstrip(" ;,.")
        if more:
            out["sua_doi"] = more
        printed = f"Căn cứ {out['luat']} {vn.words_date(day)}{more}"
        return out if _same(printed, text, allow_date=False) else _free(text)
    m = _DOCUMENT.match(text)
    if m:
        loai = m.group("loai")
        typed = next((t for t in _TYPES if t.lower() == loai.lower()), None)
        if typed is None or ";" in m.group("rest"):
            return _free(text)
        try:
            day = dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            return _free(text)
        parts = _CONTENT.split(m.group("rest"), maxsplit=1)
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            return _free(text)
        body, content = parts[0].strip(" ,"), parts[1].strip()
        if re.search(r"\bsố\b.*\bngày\b", content) and re.search(r"[;]", content):
            return _free(text)
        out = {"loai": typed, "so_ky_hieu": m.group("so"), "ngay": day, "co_quan": body, "noi_dung": content}
        printed = f"Căn cứ {typed} số {out['so_ky_hieu']} ngày {vn.short_date(day)} của {body} {content}"
        return out if _same(printed, text, allow_date=True) else _free(text)
    return _free(text)


def _words(text: str) -> list[str]:
    return [w.strip("\"'“”«»()[].,;:").casefold() for w in text.split() if w.strip("\"'“”«»()[].,;:")]


def _same(printed: str, original: str, allow_date: bool) -> bool:
    a, b = _words(printed), _words(original)
    if a == b:
        return True
    if not allow_date or len(a) != len(b):
        return False
    diffs = [(x, y) for x, y in zip(a, b) if x != y]
    return len(diffs) == 1 and re.fullmatch(r"[\d/]+", diffs[0][0]) is not None and \
        re.fullmatch(r"[\d/ ]+", diffs[0][1]) is not None

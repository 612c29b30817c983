"""Word's automatic numbering (numbering.xml) as the labels a reader sees: «1.», «1.2.», «a)», «-».

A paragraph is numbered by its own w:numPr or by its paragraph style's (Heading 1…).
The number is the list's counter at that level, written by the level's w:lvlText
(«%1.%2.») in each level's w:numFmt; a bullet level prints its character. Counters
run per list (w:num), a level restarting when a shallower one advances; a w:num may
override a level's start (w:lvlOverride).
"""

from __future__ import annotations

import re

from docgen.base.vn import roman
from docgen.ooxml.formatting import child, qn

_VAL = qn("w:val")
# Bullet characters of the Symbol and Wingdings fonts (private use area) read as a bullet
_BULLETS = {"\uf0b7": "•", "\uf0a7": "•", "\uf0d8": "•", "\uf0fc": "•", "\uf02d": "-", "\uf0e8": "•", "o": "•",
            "\uf076": "•", "\uf06e": "•", "\uf0a8": "•", "\uf0f0": "•", "\uf0de": "•"}


def _letter(n: int) -> str:
    letters = "abcdefghiklmnopqrstuvxy"  # Vietnamese plans skip j, w, z
    n = max(n, 1)
    return letters[(n - 1) % len(letters)] * ((n - 1) // len(letters) + 1)


def _format(n: int, fmt: str) -> str:
    if fmt in ("upperRoman",):
        return roman(max(n, 1))
    if fmt == "lowerRoman":
        return roman(max(n, 1)).lower()
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "none":
        return ""
    return str(n)  # decimal, decimalZero and every other counting format


class Numbering:
    """The numbering definitions of one document, and the counters as the document is read."""

    def __init__(self, numbering, styles):
        """numbering: the root of word/numbering.xml (or None); styles: the root of word/styles.xml (or None)."""
        self.abstract = {}
        self.nums = {}
        if numbering is not None:
            for a in numbering.iter(qn("w:abstractNum")):
                self.abstract[a.get(qn("w:abstractNumId"))] = a
            for n in numbering.iter(qn("w:num")):
                self.nums[n.get(qn("w:numId"))] = n
        self.styles = {s.get(qn("w:styleId")): s for s in styles.iter(qn("w:style"))} if styles is not None else {}
        self.counters: dict[str, list[int]] = {}
        self._levels: dict[tuple[str, int], tuple] = {}

    def style_chain(self, sid: str | None) -> list:
        out, seen = [], set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            out.append(self.styles[sid])
            based = self.styles[sid].find(qn("w:basedOn"))
            sid = based.get(_VAL) if based is not None else None
        return out

    def _numpr(self, p) -> tuple[str | None, int | None]:
        """Return (numId, ilvl) of paragraph p: its own w:numPr, else its style chain's."""
        ppr = child(p, qn("w:pPr"))
        num, lvl = None, None
        own = child(ppr, qn("w:numPr"))
        if own is not None:
            n, i = child(own, qn("w:numId")), child(own, qn("w:ilvl"))
            num = n.get(_VAL) if n is not None else None
            lvl = _int(i.get(_VAL)) if i is not None else None
        ps = child(ppr, qn("w:pStyle"))
        for style in self.style_chain(ps.get(_VAL) if ps is not None else None):
            spr = style.find(qn("w:pPr"))
            snum = spr.find(qn("w:numPr")) if spr is not None else None
            if snum is None:
                continue
            n, i = snum.find(qn("w:numId")), snum.find(qn("w:ilvl"))
            if num is None and n is not None:
                num = n.get(_VAL)
            if lvl is None and i is not None:
                lvl = _int(i.get(_VAL))
            if num is not None and lvl is not None:
                break
        return num, (lvl or 0)

    def _level(self, num: str, ilvl: int):
        """Return (numFmt, lvlText, start) of level ilvl of list num, overrides applied; None if undefined."""
        key = (num, ilvl)
        if key in self._levels:
            return self._levels[key]
        found = None
        n = self.nums.get(num)
        if n is not None:
            start_override = None
            lvl_el = None
            for o in n.iter(qn("w:lvlOverride")):
                if _int(o.get(qn("w:ilvl"))) == ilvl:
                    so = o.find(qn("w:startOverride"))
                    start_override = _int(so.get(_VAL)) if so is not None else None
                    lvl_el = o.find(qn("w:lvl"))
            a_id = n.find(qn("w:abstractNumId"))
            abstract = self.abstract.get(a_id.get(_VAL)) if a_id is not None else None
            if abstract is not None and lvl_el is None:
                link = abstract.find(qn("w:numStyleLink"))
                lvl_el = next((lv for lv in abstract.iter(qn("w:lvl")) if _int(lv.get(qn("w:ilvl"))) == ilvl), None)
                if lvl_el is None and link is not None:
                    lvl_el = None  # a list style link: its definition is elsewhere; read as unnumbered
            if lvl_el is not None:
                fmt = lvl_el.find(qn("w:numFmt"))
                text = lvl_el.find(qn("w:lvlText"))
                start = lvl_el.find(qn("w:start"))
                first = _int(start.get(_VAL)) if start is not None else 1
                found = (fmt.get(_VAL) if fmt is not None else "decimal", text.get(_VAL) if text is not None else "",
                         start_override if start_override is not None else first)
        self._levels[key] = found
        return found

    def label(self, p) -> tuple[str, int | None]:
        """Return the label Word prints before paragraph p ("" if none) and its list level, advancing
        the counters: call once per paragraph, in reading order."""
        num, ilvl = self._numpr(p)
        if not num or num == "0":
            return "", None
        level = self._level(num, ilvl)
        if level is None:
            return "", None
        fmt, text, start = level
        counters = self.counters.setdefault(num, [None] * 9)
        ilvl = min(max(ilvl, 0), 8)
        counters[ilvl] = start if counters[ilvl] is None else counters[ilvl] + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = None
        if fmt == "bullet":
            mark = "".join(_BULLETS.get(c, c) for c in text).strip()
            return (mark or "•"), ilvl

        def value(m):
            k = int(m.group(1)) - 1
            lv = self._level(num, k) if k != ilvl else level
            n = counters[k] if 0 <= k < 9 and counters[k] is not None else (lv[2] if lv else 1)
            return _format(n, lv[0] if lv else "decimal")
        return re.sub(r"%(\d)", value, text).strip(), ilvl


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None

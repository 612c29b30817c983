"""Hyphens a line may not break at: Word's non-breaking hyphen (w:noBreakHyphen) in their place.

Word and LibreOffice break a line after a hyphen, so «78/2021/NĐ-CP» could end a line as
«78/2021/NĐ-». Word's own non-breaking hyphen (Ctrl+Shift+-) prints the same hyphen, is read
as "-" by python-docx and by every docgen reader (docgen.ooxml.formatting, docgen.compare.edits,
`docgen text`), and copies as "-" from a PDF.
"""

from __future__ import annotations

import re

from lxml import etree

from docgen.ooxml.formatting import W

_T, _R, _NBH = f"{W}t", f"{W}r", f"{W}noBreakHyphen"
# The texts holding a hyphen, found by libxml2 (a 2,000-row annex has some 60,000 w:t, few with one)
_WITH_HYPHEN = etree.XPath("//w:t[contains(text(), '-')]", namespaces={"w": W[1:-1]})
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _hyphens(text: str, pattern: re.Pattern) -> list[int]:
    return [m.start() + i for m in pattern.finditer(text) for i, c in enumerate(m.group()) if c == "-"]


def keep_hyphens(root: etree._Element, pattern: re.Pattern) -> int:
    """Put a non-breaking hyphen for each hyphen inside a match of pattern in root's runs (a match
    within one w:t). Return how many."""
    count = 0
    for t in _WITH_HYPHEN(root):
        text = t.text or ""
        cuts = _hyphens(text, pattern)
        if not cuts or t.getparent().tag != _R:
            continue
        run, at = t.getparent(), t.getparent().index(t)
        pieces, start = [], 0
        for cut in cuts:
            pieces += [text[start:cut], None]
            start = cut + 1
        pieces.append(text[start:])
        run.remove(t)
        for piece in pieces:
            if piece == "":
                continue
            el = etree.Element(_NBH) if piece is None else etree.Element(_T)
            if piece is not None:
                el.text = piece
                el.set(_XML_SPACE, "preserve")
            run.insert(at, el)
            at += 1
        count += len(cuts)
    return count

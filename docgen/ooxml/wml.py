"""Low-level WordprocessingML helpers: the one module that reads and writes raw XML.

Everything above it speaks in paragraphs, styles and points. It works on lxml
elements alone, so rendering needs no python-docx.
"""

from __future__ import annotations

import copy

from lxml import etree

from docgen.ooxml.formatting import W

TWIPS_PER_PT = 20

# The order of w:pPr's children in the schema (CT_PPrBase, then CT_PPr's own).
_PPR_ORDER = [W + tag for tag in ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"]]


def style_id(p) -> str | None:
    """Return the paragraph style id of a w:p element."""
    ps = p.find(f"{W}pPr/{W}pStyle")
    return ps.get(f"{W}val") if ps is not None else None


def _twips(el, name: str, default: int = 0) -> int:
    value = el.get(W + name) if el is not None else None
    return int(float(value)) if value is not None else default


def available_width_pt(p) -> float:
    """Return the width paragraph p can use: its table cell's text area, or the first section's."""
    tc = next(p.iterancestors(f"{W}tc"), None)
    if tc is None:
        sect = next(p.getroottree().getroot().iter(f"{W}sectPr"))
        page, margins = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
        return (_twips(page, "w") - _twips(margins, "left") - _twips(margins, "right")) / TWIPS_PER_PT
    width = _twips(tc.find(f"{W}tcPr/{W}tcW"), "w")
    tbl = next(tc.iterancestors(f"{W}tbl"))
    margins = sum(_twips(tbl.find(f"{W}tblPr/{W}tblCellMar/{W}{side}"), "w", 108) for side in ("left", "right"))
    return (width - margins) / TWIPS_PER_PT


def _child(parent, tag: str, order: list[str]):
    """Return parent's child tag, inserted where the schema wants it if there was none."""
    found = parent.find(tag)
    if found is not None:
        return found
    rank = order.index(tag)
    after = [c for c in parent if c.tag in order and order.index(c.tag) > rank]
    el = etree.Element(tag)
    if after:
        after[0].addprevious(el)
    else:
        parent.append(el)
    return el


def set_indent(p, left_pt: float, right_pt: float) -> None:
    """Give paragraph p left/right indents and no first-line indent, replacing any it had."""
    ppr = p.find(f"{W}pPr")
    if ppr is None:
        ppr = etree.Element(f"{W}pPr")
        p.insert(0, ppr)
    ind = _child(ppr, f"{W}ind", _PPR_ORDER)
    for name in ("start", "end", "hanging", "startChars", "endChars", "hangingChars", "firstLineChars"):
        ind.attrib.pop(W + name, None)
    ind.set(f"{W}left", str(round(left_pt * TWIPS_PER_PT)))
    ind.set(f"{W}right", str(round(right_pt * TWIPS_PER_PT)))
    ind.set(f"{W}firstLine", "0")


_SECT_ORDER = [W + tag for tag in ["headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"]]


def annex_section(main, landscape: bool):
    """Return the section properties of an annex: the main section's, turned landscape if asked,
    its page numbers starting again at 1 (PL I, III.1.đ)."""
    sect = copy.deepcopy(main)
    size = sect.find(f"{W}pgSz")
    if size is not None and landscape:
        width, height = sorted((size.get(f"{W}w"), size.get(f"{W}h")), key=int)
        size.set(f"{W}w", height)
        size.set(f"{W}h", width)
        size.set(f"{W}orient", "landscape")
    _child(sect, f"{W}pgNumType", _SECT_ORDER).set(f"{W}start", "1")
    return sect


def place_annex_sections(root, landscape: list[bool], first_style: str) -> None:
    """Give each annex a section of its own: the section that ends before an annex (whose first
    paragraph has style first_style) is carried by the empty paragraph before it, as Word does;
    the document's last section becomes the last annex's."""
    body = root.find(f"{W}body")
    main = body.find(f"{W}sectPr")
    starts = [p for p in body.iterchildren(f"{W}p") if style_id(p) == first_style]
    if not starts or main is None:
        return
    ending = copy.deepcopy(main)
    for start, turn in zip(starts, landscape):
        holder = start.getprevious()
        if holder is None or holder.tag != f"{W}p" or holder.find(f".//{W}t") is not None:
            holder = etree.Element(f"{W}p")
            start.addprevious(holder)
        ppr = holder.find(f"{W}pPr")
        if ppr is None:
            ppr = etree.Element(f"{W}pPr")
            holder.insert(0, ppr)
        ppr.replace(_child(ppr, f"{W}sectPr", _PPR_ORDER), ending)
        ending = annex_section(main, turn)
    body.replace(main, ending)


# How many grid columns a table row spans: its cells, plus each span beyond the first column.
_width = etree.XPath("count(w:tc) + sum(w:tc/w:tcPr/w:gridSpan/@w:val) - count(w:tc/w:tcPr/w:gridSpan)",
                     namespaces={"w": W[1:-1]})


def grid_outgrown(root, skip=lambda tbl: False) -> bool:
    """Return whether a table of root has a row wider or narrower than its grid (tables skip(tbl)
    says fit their grid by construction are not walked)."""
    for tbl in root.iter(f"{W}tbl"):
        if skip(tbl):
            continue
        grid = len(tbl.findall(f"{W}tblGrid/{W}gridCol"))
        if any(_width(tr) != grid for tr in tbl.iter(f"{W}tr")):
            return True
    return False


_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def renumber_drawings(root) -> None:
    """Number the drawings' ids afresh from 1001, as docxtpl does (a repeated image would clash)."""
    for i, el in enumerate(root.iter(f"{_WP}docPr"), start=1001):
        el.set("id", str(i))


def text(el) -> str:
    """Return the text of el's runs as a reader sees it: Word's non-breaking hyphen as "-"."""
    return "".join(t.text or "" if t.tag == f"{W}t" else "-" for t in el.iter(f"{W}t", f"{W}noBreakHyphen"))


def labelled(root, label_style: str) -> list[tuple[str, str]]:
    """Return (whole text, label) of each paragraph of root that starts with runs in the character
    style label_style and goes on after them (a run-in item: «1. Mục đích: Phấn đấu …»)."""
    out = []
    for p in root.iter(f"{W}p"):
        label, whole = [], []
        for r in p.iter(f"{W}r"):
            style = r.find(f"{W}rPr/{W}rStyle")
            piece = text(r)
            whole.append(piece)
            if style is not None and style.get(f"{W}val") == label_style and len(whole) == len(label) + 1:
                label.append(piece)
        if label and len(whole) > len(label):
            out.append(("".join(whole), "".join(label)))
    return out


def break_before_chains(root, heading, ends) -> bool:
    """Start a new page (w:pageBreakBefore) at each chain of body paragraphs whose style heading(style id)
    accepts that ends with a paragraph whose text ends(text) accepts, unless the chain's first paragraph
    has no properties or already starts a page. Return whether any was added."""
    blocks = list(root.find(f"{W}body"))
    changed = False
    for i, p in enumerate(blocks):
        if p.tag != f"{W}p" or not heading(style_id(p) or "") or not ends(text(p)):
            continue
        first = i
        while first > 0 and blocks[first - 1].tag == f"{W}p" and heading(style_id(blocks[first - 1]) or ""):
            first -= 1
        ppr = blocks[first].find(f"{W}pPr")
        if ppr is None or ppr.find(f"{W}pageBreakBefore") is not None:
            continue
        style = ppr.find(f"{W}pStyle")
        mark = etree.Element(f"{W}pageBreakBefore")
        if style is not None:
            style.addnext(mark)
        else:
            ppr.insert(0, mark)
        changed = True
    return changed

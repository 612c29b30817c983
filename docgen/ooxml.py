"""Low-level WordprocessingML helpers: the one module that reads and writes raw XML.

Everything above it speaks in paragraphs, styles and points.
"""

from __future__ import annotations

from docx.document import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

TWIPS_PER_PT = 20
EMU_PER_PT = 12700


def style_id(p) -> str | None:
    """Return the paragraph style id of a w:p element."""
    ps = p.find(qn("w:pPr") + "/" + qn("w:pStyle"))
    return ps.get(qn("w:val")) if ps is not None else None


def available_width_pt(doc: Document, p) -> float:
    """Return the width paragraph p can use: its table cell's text area, or the page's."""
    tc = next((a for a in p.iterancestors(qn("w:tc"))), None)
    if tc is None:
        section = doc.sections[0]
        return (section.page_width - section.left_margin - section.right_margin) / EMU_PER_PT
    width = int(tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}").get(qn("w:w")))
    tbl = next(tc.iterancestors(qn("w:tbl")))
    margins = 0
    for side in ("w:left", "w:right"):
        m = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}/{qn(side)}")
        margins += int(m.get(qn("w:w"))) if m is not None else 108
    return (width - margins) / TWIPS_PER_PT


def set_indent(p, left_pt: float, right_pt: float) -> None:
    """Give paragraph p left/right indents (replacing any), keeping pPr's element order."""
    ppr = Paragraph(p, None).paragraph_format
    ppr.left_indent = int(left_pt * EMU_PER_PT)
    ppr.right_indent = int(right_pt * EMU_PER_PT)
    ppr.first_line_indent = 0

"""An annex table as WordprocessingML: a bordered, fixed-layout table in the template's styles.

Header rows repeat on every page and never split; merged header cells use
gridSpan and vMerge, as Word writes them. Paragraph styles are the template's
("KH Bảng: đầu cột", "KH Bảng: tên đơn vị", "KH Bảng: số liệu", "KH Bảng: dòng
tổng", "KH Bảng: nhóm"), so that a user restyles every table at once in Word.
"""

from __future__ import annotations

from docgen.plan.tables import NUMBER, NUMERIC, Grid
from docgen.render.layout import BODY_PT, CELL_MARGIN, Layout

_EDGE = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
_BORDERS = "".join(_EDGE.format(s) for s in ("top", "left", "bottom", "right", "insideH", "insideV"))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _para(style: str, text: str, size: float | None = None) -> str:
    """Return a paragraph of style; size (points) only where the table had to be set smaller."""
    rpr = f'<w:rPr><w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/></w:rPr>' if size else ""
    run = f'<w:r>{rpr}<w:t xml:space="preserve">{_escape(text)}</w:t></w:r>' if text else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{run}</w:p>'


def _cell(width: int, body: str, span: int = 1, merge: str | None = None) -> str:
    pr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        pr += f'<w:gridSpan w:val="{span}"/>'
    if merge == "restart":
        pr += '<w:vMerge w:val="restart"/>'
    elif merge == "continue":
        pr += "<w:vMerge/>"
    return f'<w:tc><w:tcPr>{pr}<w:vAlign w:val="center"/></w:tcPr>{body}</w:tc>'


_WNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# The paragraph style of an annex table's header cells: how docgen, reading a document it made,
# tells its annex tables from the layout tables of the header and the signature.
HEAD_STYLE = "KHBangDau"


def is_annex(table) -> bool:
    """Return whether a w:tbl element is an annex table docgen wrote (its header cells' style)."""
    style = table.find(".//{%s}p/{%s}pPr/{%s}pStyle" % ((_WNS,) * 3))
    return style is not None and style.get(f"{{{_WNS}}}val") == HEAD_STYLE


def _row(cells: list[str], header: bool = False) -> str:
    pr = "<w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
    return f"<w:tr><w:trPr>{pr}</w:trPr>{''.join(cells)}</w:tr>"


def table_xml(grid: Grid, layout: Layout) -> str:
    """Return the <w:tbl> of grid, with the widths of layout."""
    w = layout.widths
    smaller = layout.body_pt != BODY_PT
    body, head = (layout.body_pt, layout.header_pt) if smaller else (None, None)
    rows = []
    # each column's style in a unit's row and in the total row; a cell written once per width,
    # style and text (a column of figures repeats the same few)
    styles = {total: ["KHBangTong" if total else "KHBangSo" if c.kind in NUMERIC or c.kind == NUMBER else "KHBangTen"
                      for c in grid.columns] for total in (False, True)}
    written: dict[tuple[int, str, str], str] = {}
    for header in grid.header:
        rows.append(_row([_cell(sum(w[c.first:c.first + c.span]), _para(HEAD_STYLE, c.text, head), c.span, c.merge)
                          for c in header], header=True))
    for kind, cells in grid.rows:
        if kind == "nhom":
            rows.append(_row([_cell(sum(w), _para("KHBangNhom", cells[0], body), len(w))]))
            continue
        out = []
        for width, style, text in zip(w, styles[kind == "tong"], cells):
            cell = written.get((width, style, text))
            if cell is None:
                cell = written[width, style, text] = _cell(width, _para(style, text, body))
            out.append(cell)
        rows.append(_row(out))
    grid_cols = "".join(f'<w:gridCol w:w="{x}"/>' for x in w)
    pad = CELL_MARGIN
    return (
        "<w:tbl><w:tblPr>"
        f'<w:tblW w:w="{sum(w)}" w:type="dxa"/><w:jc w:val="center"/>'
        f"<w:tblBorders>{_BORDERS}</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:top w:w="{pad}" w:type="dxa"/><w:left w:w="{pad}" w:type="dxa"/>'
        f'<w:bottom w:w="{pad}" w:type="dxa"/><w:right w:w="{pad}" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        'w:noHBand="1" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid_cols}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )

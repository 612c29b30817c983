"""Column widths and page orientation of an annex table, from what is in it.

Every number cell must hold its widest value on one line (a number broken over
two lines, "15.26 / 0", is a wrong number); a header may wrap between words, a
text cell too. The table stays on a portrait page when it fits there with its
text columns comfortable, and goes to a landscape page otherwise. Widths are
measured with Times New Roman's metrics (docgen.base.measure), in twips.
"""

from __future__ import annotations

from dataclasses import dataclass

from docgen.base.measure import width_pt
from docgen.plan.tables import NUMBER, NUMERIC, TEXT, Grid

TWIPS = 20
# Text width of a page between the margins of Decree 30 (30 mm left, 15 mm right), in twips.
PORTRAIT = 11906 - 1701 - 851
LANDSCAPE = 16838 - 1701 - 851
CELL_MARGIN = 28  # left and right padding of each cell, in twips
BODY_PT, HEADER_PT = 11, 10  # the table styles' sizes (KH Bảng: …)
SLACK = 1.08  # room for a reader's font that is a little wider than the metrics
ROOM = 2.0  # points a cell keeps free beyond its widest word: a line is never filled to the last point
TEXT_CAP_PT = 170  # a text column wider than this wraps rather than push the others


# Sizes to step down to when a table is wider than a landscape page: (body, header) in points.
SIZES = ((11, 10), (10, 9), (9, 8))


@dataclass(frozen=True)
class Layout:
    widths: list[int]  # twips, one per column
    landscape: bool
    body_pt: float = BODY_PT  # the size the table is set in: the styles' own, or smaller if it must
    header_pt: float = HEADER_PT


def _words(text: str) -> list[str]:
    return text.split() or [""]


def _need(grid: Grid, body: float = BODY_PT, header: float = HEADER_PT) -> tuple[list[float], list[float]]:
    """Return each column's (minimum, preferred) width in points, cell padding included."""
    minimum, preferred = [], []
    pad = 2 * CELL_MARGIN / TWIPS + ROOM
    for i, column in enumerate(grid.columns):
        head = SLACK * max((width_pt(w, header, True) for row in grid.header for c in row
                            if c.first == i and c.span == 1 for w in _words(c.text)), default=0)
        values = [(cells[i], kind == "tong") for kind, cells in grid.rows if kind != "nhom"]
        if column.kind in NUMERIC or column.kind == NUMBER:
            widest = max((width_pt(v, body, bold) for v, bold in values), default=0)
            low = high = max(head, widest * SLACK)
        else:
            word = max((width_pt(w, body, bold) for v, bold in values for w in _words(v)), default=0)
            line = max((width_pt(v, body, bold) for v, bold in values), default=0)
            low = max(head, word * SLACK)
            high = max(low, min(line * SLACK, TEXT_CAP_PT))
        minimum.append(low + pad)
        preferred.append(high + pad)
    return minimum, preferred


def _spread(minimum: list[float], preferred: list[float], available: float) -> list[int]:
    """Return widths that fill available: minimums first, text columns grown towards their
    preferred width, what is left shared by all in proportion."""
    widths = list(minimum)
    room = available - sum(widths)
    wants = [p - m for m, p in zip(minimum, preferred)]
    if room > 0 and sum(wants) > 0:
        share = min(1.0, room / sum(wants))
        widths = [w + want * share for w, want in zip(widths, wants)]
        room = available - sum(widths)
    if room > 0:
        total = sum(widths)
        widths = [w + room * w / total for w in widths]
    out = [int(w * TWIPS) for w in widths]
    out[-1] += int(available * TWIPS) - sum(out) if room >= 0 else 0  # fill to the twip
    return out


def preferred(grid: Grid, body: float = BODY_PT, header: float = HEADER_PT) -> list[float]:
    """Return each column's width in points with no page to fit (a spreadsheet's): its widest
    number or line, a text column capped, cell padding included."""
    return _need(grid, body, header)[1]


def layout(grid: Grid) -> Layout:
    """Return the widths, orientation and type size of grid's table: portrait when it fits there,
    else landscape; on a landscape page too narrow for it, a smaller size, never a broken number."""
    minimum, preferred = _need(grid)
    portrait, landscape = PORTRAIT / TWIPS, LANDSCAPE / TWIPS
    texts = sum(c.kind == TEXT for c in grid.columns)
    if sum(preferred) <= portrait or (sum(minimum) <= portrait and len(grid.columns) - texts <= 4):
        return Layout(_spread(minimum, preferred, portrait), False)
    for body, header in SIZES:
        minimum, preferred = _need(grid, body, header)
        if sum(minimum) <= landscape:
            break
    return Layout(_spread(minimum, preferred, max(landscape, sum(minimum))), True, body, header)

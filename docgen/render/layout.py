"""Column widths and page orientation of an annex table, from what is in it.

Every number cell must hold its widest value on one line (a number broken over
two lines, "15.26 / 0", is a wrong number), and a text cell its widest word, phone
number, date or document number; a header may wrap between words, a text cell
too. Text columns share the room left in proportion to their longest cell; a
declared column may fix its width (`rong`) or keep its cells on one line (`khong_ngat`). The table stays on a portrait page when it fits there with its
text columns comfortable, and goes to a landscape page otherwise. Widths are
measured with Times New Roman's metrics (docgen.base.measure), in twips.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from docgen.base.measure import at_size, text_units
from docgen.base.unbreakable import units
from docgen.plan.tables import NUMBER, NUMERIC, TEXT, Grid

TWIPS = 20
# Text width of a page between the margins of Decree 30 (30 mm left, 15 mm right), in twips.
PORTRAIT = 11906 - 1701 - 851
LANDSCAPE = 16838 - 1701 - 851
CELL_MARGIN = 28  # left and right padding of each cell, in twips
BODY_PT, HEADER_PT = 11, 10  # the table styles' sizes (KH Bảng: …)
SLACK = 1.08  # room for a reader's font that is a little wider than the metrics
ROOM = 2.0  # points a cell keeps free beyond its widest word: a line is never filled to the last point
SHORT_TEXT_PT = 100  # a text column whose longest cell (padding included) is no wider is kept on one line first
TEXT_CAP_PT = 170  # deciding the orientation, a text column counts no wider than this (it may wrap)


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


def _pairs(text: str) -> list[tuple[str, ...]]:
    """Return each two neighbouring words of text (the one word of a one-word text)."""
    words = text.split()
    return list(pairwise(words)) or [tuple(words)]


def declared_pt(width: str, available: float) -> float:
    """Return a declared column width ("3cm", "25mm", "2,5cm", "20%") in points; % is of available."""
    number, unit = re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*(cm|mm|%)", width.strip()).groups()
    value = float(number.replace(",", "."))
    return value * {"cm": 72 / 2.54, "mm": 72 / 25.4, "%": available / 100}[unit]


def _measured(grid: Grid) -> list[tuple[int, int, int, int]]:
    """Return, for each column, the widest (in font units, at any size) of its header's words and
    of its header's two neighbouring words (bold), of its cells and of its cells' unbreakable
    pieces (a total row bold): measured once, whatever sizes the table is then tried at. Each
    distinct text is measured once (a column of figures repeats the same few)."""
    known: dict[tuple[str, bool], int] = {}

    def size(text: str, bold: bool) -> int:
        out = known.get((text, bold))
        if out is None:
            out = known[text, bold] = text_units(text, bold)
        return out

    out = []
    for i, column in enumerate(grid.columns):
        heads = [c.text for row in grid.header for c in row if c.first == i and c.span == 1]
        head = max((size(w, True) for h in heads for w in _words(h)), default=0)
        pair = max((size(" ".join(p), True) for h in heads for p in _pairs(h)), default=0)
        values = [(cells[i], kind == "tong") for kind, cells in grid.rows if kind != "nhom"]
        line = max((size(v, bold) for v, bold in values), default=0)
        word = 0
        if not (column.kind in NUMERIC or column.kind == NUMBER or column.nowrap):
            word = max((size(w, bold) for v, bold in values for w in units(v)), default=0)
        out.append((head, pair, line, word))
    return out


def _need(grid: Grid, body: float = BODY_PT, header: float = HEADER_PT,
          available: float = PORTRAIT / TWIPS, measured: list[tuple[int, int, int, int]] | None = None,
          ) -> tuple[list[float], list[float], list[float], list[bool]]:
    """Return each column's minimum, header and preferred width in points (cell padding included),
    and whether it is fixed (declared `rong`). The minimum holds the header's longest word and the
    cell's widest unbreakable piece (a whole number, phone number, date, document number; a whole
    cell in a `khong_ngat` column); the header width, its header's longest two neighbouring words
    (a Vietnamese word is often two syllables, «Số hộ», «Tỷ lệ»: better not broken «Số» / «hộ»);
    the preferred width, each cell on one line. measured: _measured(grid), if known."""
    minimum, heading, preferred, fixed = [], [], [], []
    pad = 2 * CELL_MARGIN / TWIPS + ROOM
    for column, (head_u, pair_u, line_u, word_u) in zip(grid.columns, measured or _measured(grid)):
        # the widest at a size is the widest in units at that size (units × size / em only grows with units)
        head = SLACK * at_size(head_u, header)
        pair = SLACK * at_size(pair_u, header)
        line = at_size(line_u, body)
        if column.kind in NUMERIC or column.kind == NUMBER or column.nowrap:
            low = high = max(head, line * SLACK)
        else:
            word = at_size(word_u, body)
            low = max(head, word * SLACK)
            high = max(low, line * SLACK)
        if column.width:
            low = high = max(declared_pt(column.width, available), low if column.nowrap else 0)
            pair = low
        else:
            low, high, pair = low + pad, high + pad, max(low, pair) + pad
        minimum.append(low)
        heading.append(pair)
        preferred.append(high)
        fixed.append(bool(column.width))
    return minimum, heading, preferred, fixed


def _grow(widths: list[float], target: list[float], weight: list[float], fixed: list[bool], room: float) -> float:
    """Grow widths towards target, sharing room in proportion to weight, none beyond its target;
    return the room left."""
    growing = [i for i in range(len(widths)) if target[i] > widths[i] and not fixed[i]]
    while room > 0.01 and growing:
        total = sum(weight[i] for i in growing) or len(growing)
        share = {i: room * (weight[i] / total if any(weight) else 1 / len(growing)) for i in growing}
        done = [i for i in growing if widths[i] + share[i] >= target[i]]
        if not done:
            for i in growing:
                widths[i] += share[i]
            return 0.0
        for i in done:  # a column that reaches its target takes no more
            room -= target[i] - widths[i]
            widths[i] = target[i]
        growing = [i for i in growing if i not in done]
    return room


def _spread(minimum: list[float], heading: list[float], preferred: list[float], fixed: list[bool],
            available: float) -> list[int]:
    """Return widths that fill available: minimums first; a short text column (names of units,
    villages) then holds each cell on one line; then every header's two-syllable words whole; then
    the other text columns share the room in proportion to the length of their longest cell, none
    beyond it; what is left after that is shared by every column not fixed, in proportion to its width."""
    widths = list(minimum)
    short = [p if p <= SHORT_TEXT_PT else w for p, w in zip(preferred, widths)]
    room = _grow(widths, short, short, fixed, available - sum(widths))
    room = _grow(widths, heading, [h - w for h, w in zip(heading, widths)], fixed, room)
    room = _grow(widths, preferred, preferred, fixed, room)
    free = [i for i in range(len(widths)) if not fixed[i]] or list(range(len(widths)))
    if room > 0:
        total = sum(widths[i] for i in free)
        for i in free:
            widths[i] += room * widths[i] / total
    out = [int(w * TWIPS) for w in widths]
    out[free[-1]] += int(available * TWIPS) - sum(out) if room >= 0 else 0  # fill to the twip
    return out


def preferred(grid: Grid, body: float = BODY_PT, header: float = HEADER_PT) -> list[float]:
    """Return each column's width in points with no page to fit (a spreadsheet's): its widest
    number or line, a text column capped, cell padding included."""
    return _need(grid, body, header)[1]


def layout(grid: Grid) -> Layout:
    """Return the widths, orientation and type size of grid's table: portrait when it fits there,
    else landscape; on a landscape page too narrow for it, a smaller size, never a broken number."""
    portrait, landscape = PORTRAIT / TWIPS, LANDSCAPE / TWIPS
    measured = _measured(grid)
    minimum, heading, preferred, fixed = _need(grid, available=portrait, measured=measured)
    texts = sum(c.kind == TEXT and not c.nowrap for c in grid.columns)
    pad = 2 * CELL_MARGIN / TWIPS + ROOM
    wide = sum(min(p, TEXT_CAP_PT + pad) if c.kind == TEXT and not (c.nowrap or f) else p
               for c, p, f in zip(grid.columns, preferred, fixed))
    if wide <= portrait or (sum(minimum) <= portrait and len(grid.columns) - texts <= 4):
        return Layout(_spread(minimum, heading, preferred, fixed, portrait), False)
    for body, header in SIZES:
        minimum, heading, preferred, fixed = _need(grid, body, header, landscape, measured)
        if sum(minimum) <= landscape:
            break
    return Layout(_spread(minimum, heading, preferred, fixed, max(landscape, sum(minimum))), True, body, header)

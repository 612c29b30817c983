"""An annex table's columns are measured once, whatever sizes it is then tried at: the widths
are those of measuring every cell at every size (width_pt), to the last bit of every float."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.base.measure import at_size, text_units, width_pt
from docgen.base.unbreakable import units
from docgen.plan.build import load_plan
from docgen.plan.tables import NUMBER, NUMERIC, TEXT, Column, Grid, header_rows
from docgen.render import layout as L
from tests.conftest import ROOT


def _need_by_width(grid, body, header, available):
    """The measurement as it was written before: every text measured at the size asked (the oracle)."""
    minimum, heading, preferred, fixed = [], [], [], []
    pad = 2 * L.CELL_MARGIN / L.TWIPS + L.ROOM
    for i, column in enumerate(grid.columns):
        heads = [c.text for row in grid.header for c in row if c.first == i and c.span == 1]
        head = L.SLACK * max((width_pt(w, header, True) for h in heads for w in L._words(h)), default=0)
        pair = L.SLACK * max((width_pt(" ".join(p), header, True) for h in heads for p in L._pairs(h)), default=0)
        values = [(cells[i], kind == "tong") for kind, cells in grid.rows if kind != "nhom"]
        line = max((width_pt(v, body, bold) for v, bold in values), default=0)
        if column.kind in NUMERIC or column.kind == NUMBER or column.nowrap:
            low = high = max(head, line * L.SLACK)
        else:
            word = max((width_pt(w, body, bold) for v, bold in values for w in units(v)), default=0)
            low = max(head, word * L.SLACK)
            high = max(low, line * L.SLACK)
        if column.width:
            low = high = max(L.declared_pt(column.width, available), low if column.nowrap else 0)
            pair = low
        else:
            low, high, pair = low + pad, high + pad, max(low, pair) + pad
        minimum.append(low)
        heading.append(pair)
        preferred.append(high)
        fixed.append(bool(column.width))
    return minimum, heading, preferred, fixed


SIZES = [(L.BODY_PT, L.HEADER_PT, L.PORTRAIT / L.TWIPS), *((b, h, L.LANDSCAPE / L.TWIPS) for b, h in L.SIZES)]


def _same(grid: Grid) -> None:
    measured = L._measured(grid)
    for body, header, available in SIZES:
        assert L._need(grid, body, header, available, measured) == _need_by_width(grid, body, header, available)


def test_the_samples_tables_measure_as_before():
    grids = [t.grid for sample in sorted((ROOT / "content").glob("*.yaml")) for t in load_plan(sample).tables]
    assert grids
    for grid in grids:
        _same(grid)


TEXTS = st.text(alphabet="0123456789.,-% aăâbcdđeêôơưThônạếờữ/", max_size=30)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["dong", "tong", "nhom"]), st.lists(TEXTS, min_size=3, max_size=3)),
                max_size=12),
       st.lists(TEXTS, min_size=3, max_size=3), st.booleans())
def test_any_table_measures_as_before(rows, titles, nowrap):
    columns = [Column("a", titles[0], TEXT), Column("b", titles[1], NUMBER), Column("c", titles[2], TEXT, nowrap=nowrap)]
    grid = Grid(columns, header_rows(columns), rows)
    _same(grid)
    assert L.layout(grid).widths  # and the table is laid out


@given(TEXTS, st.sampled_from([8, 9, 10, 11, 13, 14, 10.5]), st.booleans())
def test_a_width_is_its_units_at_a_size(text, size, bold):
    assert width_pt(text, size, bold) == at_size(text_units(text, bold), size)

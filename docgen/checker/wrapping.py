"""Numbers that do not fit their table cell: Word breaks them over two lines («15.26» / «3»),
and a reader takes the pieces for two numbers.

Each number in a cell («15.263», «100,00», «20,28%») is measured with Times New Roman's
metrics (docgen.base.measure) at the size and weight its run resolves to, and compared with the
room the cell leaves for text: its width (w:tcW, or the grid columns it spans) less its
left and right padding (w:tcMar, else the table's w:tblCellMar, else its style's, else
Word's 108 twips) and the paragraph's indents.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from docgen.base.measure import width_pt
from docgen.checker.checks import Finding
from docgen.checker.document import Cell, Document, Para
from docgen.checker.tables import Grid, grids

RULE = "DG.BANG.NGATSO"
TWIPS_PER_PT = 20
CM_PER_PT = 2.54 / 72
_NUMERIC = re.compile(r"\(?[-−+]?\d[\d.,]*%?\)?[.,;:]?")
_DIGIT, _SPACES = re.compile(r"\d"), re.compile(r"(\s+)")


def cm(points: float) -> str:
    """Return a width in points as centimetres, the Vietnamese way («1,25»)."""
    return f"{points * CM_PER_PT:.2f}".replace(".", ",")


def _numbers(p: Para) -> list[tuple[str, float, bool]]:
    """Return (number, its width in points, whether it starts the paragraph) for each number in p."""
    if len(p.runs) == 1:  # one format throughout: measure the numbers alone
        text, f = p.runs[0]
        return [(word, width_pt(word, f.size or 10.0, f.bold), i == 0)
                for i, word in enumerate(text.split()) if _NUMERIC.fullmatch(word)]
    words: list[tuple[str, float]] = []  # words with their widths, built across runs
    word, width = "", 0.0
    for text, f in p.runs:
        for piece in _SPACES.split(text):
            if not piece:
                continue
            if piece.isspace():
                if word:
                    words.append((word, width))
                word, width = "", 0.0
                continue
            word += piece
            width += width_pt(piece, f.size or 10.0, f.bold)
    if word:
        words.append((word, width))
    return [(w, measured, i == 0) for i, (w, measured) in enumerate(words) if _NUMERIC.fullmatch(w)]


def _overflow(cell: Cell) -> tuple[float, str, float] | None:
    """Return (how much too wide, the number, its width) in points for the number of cell that
    most overflows the room the cell leaves for text, or None when every number fits."""
    if cell.merged or cell.width is None or not _DIGIT.search(cell.text):
        return None
    room = (cell.width - cell.margins[0] - cell.margins[1]) / TWIPS_PER_PT
    worst = None
    for p in cell.paragraphs:
        f = p.format
        inner = room - (f.left + f.right) / TWIPS_PER_PT
        for token, measured, first in _numbers(p):
            over = measured - (inner - (max(0, f.first_line) / TWIPS_PER_PT if first else 0))
            if over > 0.01 and (worst is None or over > worst[0]):
                worst = (over, token, measured)
    return worst


def worst_per_column(table: Grid, measure) -> list[tuple[int, tuple, object, int]]:
    """Return, for each grid column where measure(cell) finds an overflow ((overflow, …) or None),
    (column, what it found in its worst cell, that cell's row, how many other cells overflow)."""
    worst: dict[int, tuple] = {}  # grid column -> (found, row)
    count: dict[int, int] = {}
    for row in table.rows:
        for cell in row.cells:
            found = measure(cell)
            if found is None:
                continue
            count[cell.first] = count.get(cell.first, 0) + 1
            if cell.first not in worst or found[0] > worst[cell.first][0][0]:
                worst[cell.first] = (found, row)
    return [(column, *worst[column], count[column] - 1) for column in sorted(worst)]


def _column_findings(table: Grid) -> Iterator[Finding]:
    """One finding per column: its cell whose number overflows most, and how many others do."""
    for column, (over, token, measured), row, others in worst_per_column(table, _overflow):
        more = f" Cột này còn {others} ô khác có số bị ngắt như vậy." if others else ""
        yield Finding(RULE, table.where(row, column),
                      f"số «{token}» cần {cm(measured)} cm nhưng ô chỉ có {cm(max(measured - over, 0))} cm "
                      f"cho chữ (đã trừ lề trong của ô), nên Word ngắt số xuống dòng.{more} Hãy nới rộng cột "
                      "hoặc giảm cỡ chữ của bảng.")


def numbers(doc: Document) -> Iterator[Finding]:
    for table in grids(doc):
        yield from _column_findings(table)

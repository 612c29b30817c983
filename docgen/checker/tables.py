"""The tables of a checked document as grids: cells placed on grid columns, header rows told
from the body, each column's heading, the numbers written in the cells.

Word stores a table as rows of cells; a cell covers `gridSpan` columns of the table's grid
and may continue the cell above it (`vMerge`). A column's heading is read down the header
rows, so a column under «Số hộ nghèo cuối năm 2023» › «Tỷ lệ %» is named by both. Numbers
are read the Vietnamese way: «2.737» is two thousand seven hundred and thirty-seven,
«20,28» is twenty and 28 hundredths.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache

from docgen.checker.document import MAX_COLUMNS, Cell, Document, Row, Table

_NUMBER = re.compile(r"[-−]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)? ?%?")
# the numbering mark a row starts with: A., I., 1., 1.2., a) (a level each), or -, + (a detail)
_MARK = re.compile(r"(?:(?P<roman>[IVXL]+)|(?P<letter>[A-ZĐ])|(?P<number>\d+(?:\.\d+)*)|(?P<small>[a-zđ]))"
                   r"(?:[.)](?:\s|$)|$)")
_DETAIL = re.compile(r"[-+*•–]\s|trong đó\b", re.IGNORECASE)
_TOTAL = re.compile(r"(tổng cộng|tổng số|tổng|cộng)\s*(\(.*\))?\s*:?", re.IGNORECASE)
_SUBTOTAL = "cộng"


@dataclass(frozen=True)
class Number:
    """A number as written in a cell: its value, its decimals, whether it ends with «%»."""

    value: Decimal
    places: int
    percent: bool


MAX_DIGITS = 24  # the most digits a cell may have and still be read as a figure (a plan's reach 16)


@lru_cache(maxsize=1 << 16)  # a table repeats its figures (0, 1, …): each is read once
def number(text: str) -> Number | None:
    """Return the number text is, written the Vietnamese way («2.737», «20,28», «5 %»), or None."""
    if not text or not _NUMBER.fullmatch(text):
        return None
    percent = text.endswith("%")
    digits = text.rstrip("% ").replace("−", "-").replace(".", "").replace(",", ".")
    if sum(c.isdigit() for c in digits) > MAX_DIGITS:
        return None  # no figure of a plan is that long: an account number, a code, or a slip; read as text
    places = len(digits) - digits.index(".") - 1 if "." in digits else 0
    return Number(Decimal(digits), places, percent)


class GridRow:
    """A table row as a reader sees it: the cell covering each grid column, its name, its numbers."""

    def __init__(self, row: Row, columns: int):
        self.number = row.number
        self.cells = row.cells
        self.repeated = row.repeated
        self.at: list[Cell | None] = [None] * columns
        for c in row.cells:
            end = min(c.first + c.span, columns)
            self.at[c.first:end] = [c] * max(0, end - c.first)
        self.texts = [(c, c.text) for c in row.cells if not c.merged]  # a merged cell's text is above

    @cached_property
    def label(self) -> str:
        """The row's first text that is not a number: its name in messages."""
        return next((t for c, t in self.texts if t and number(t) is None and not _MARK.fullmatch(t)), "")

    @cached_property
    def numbers(self) -> dict[int, Number]:
        """The numbers of the row by grid column (a cell spanning columns: at its first)."""
        out = {}
        for c, t in self.texts:
            n = number(t)
            if n is not None:
                out[c.first] = n
        return out


@dataclass(eq=False)
class Grid:
    """A table read as a grid: header rows, each column's heading, body rows."""

    number: int  # 1-based among the document's top-level tables
    section: int
    rows: list[GridRow]
    columns: int
    header: int = 0  # how many rows are the header
    headings: list[str] = field(default_factory=list)  # each grid column's heading path

    @property
    def body(self) -> list[GridRow]:
        return self.rows[self.header:]

    def where(self, row: GridRow, column: int | None = None) -> str:
        """Return «bảng 3 (phần 2), dòng 11 «Tổng cộng», cột 4 «… › Tổng số hộ»» for messages."""
        out = f"bảng {self.number} (phần {self.section}), dòng {row.number}"
        label = " ".join(row.label.split()[:6])
        out += f" «{label}»" if label else ""
        if column is not None:
            out += f", cột {column + 1}"
            heading = self.headings[column] if column < len(self.headings) else ""
            out += f" «{heading}»" if heading else ""
        return out


# --- rows as a reader sees them -------------------------------------------------------


def total_label(row: GridRow) -> str | None:
    """Return «tổng cộng», «tổng số», «tổng» or «cộng» when row is a totals row, else None."""
    m = _TOTAL.fullmatch(row.label)
    return m.group(1).lower() if m else None


def is_subtotal(row: GridRow) -> bool:
    return total_label(row) == _SUBTOTAL


def level(row: GridRow) -> int | None:
    """Return the depth of the row's numbering mark (A. 0, I. 1, 1. 2, 1.1. 3, a) 7), None for none."""
    first = row.at[0] if row.at else None
    if first is None or first.merged:
        return None
    m = _MARK.match(first.text)
    if not m:
        return None
    if m.group("letter"):
        return 0
    if m.group("roman"):
        return 1
    if m.group("number"):
        return 2 + m.group("number").count(".")
    return 7


def is_detail(row: GridRow) -> bool:
    """True for a row that details the one above («- …», «Trong đó: …»): not one of the summed rows."""
    texts = [t for _, t in row.texts if t]
    return bool(texts) and bool(_DETAIL.match(texts[0]) or _DETAIL.match(row.label))


# --- reading ---------------------------------------------------------------------------


def grids(doc: Document) -> list[Grid]:
    """Return the document's top-level tables as grids, worked out once per document."""
    if "grids" not in doc.derived:
        doc.derived["grids"] = [_grid(t) for t in doc.tables]
    return doc.derived["grids"]


def _grid(table: Table) -> Grid:
    # (a damaged file may place cells far beyond any table Word can make: they are not read as columns)
    columns = min(max([c.first + c.span for r in table.rows for c in r.cells], default=0), 4 * MAX_COLUMNS)
    rows = [GridRow(r, columns) for r in table.rows]
    grid = Grid(table.number, table.section, rows, columns)
    grid.header = _header(rows)
    grid.headings = _headings(rows[:grid.header], columns)
    return grid


def _header(rows: list[GridRow]) -> int:
    """Return how many rows are the header: those marked to repeat on every page; in a table
    without such marks, the rows before the first that holds a number. A row of column numbers
    («1 2 3 …», «(1) (2) …») or of years under a text heading stays in the header."""
    marked = 0
    while marked < len(rows) and rows[marked].repeated:
        marked += 1
    header = marked
    if not marked:
        while header < len(rows) and (not rows[header].numbers or _years(rows[header])) and \
                not (header and _group(rows[header])):
            header += 1
    if header < len(rows) and _column_numbers(rows[header]):
        header += 1
    return header


def _group(row: GridRow) -> bool:
    """True for a group's heading row, «I. Chính quyền số»: where the body begins, not a heading."""
    first = next((t for _, t in row.texts if t), "")
    return bool(_MARK.match(first)) and not _MARK.fullmatch(first)


def _years(row: GridRow) -> bool:
    """True for a heading row such as «Chỉ tiêu | 2024 | 2025»: text and years only."""
    numbers = row.numbers.values()
    return bool(row.label) and all(n.places == 0 and 1900 <= n.value <= 2100 and not n.percent for n in numbers)


def _column_numbers(row: GridRow) -> bool:
    """True for the row that numbers the columns: «A | B | 1 | 2 | 3» or «(1) | (2) | (3)»."""
    values = []
    for c in row.cells:
        text = c.text.strip("()")
        if not text or text in ("A", "B", "C", "D"):
            continue
        if not text.isdigit():
            return False
        values.append(int(text))
    return len(values) >= 3 and all(b == a + 1 for a, b in zip(values, values[1:]))


def _headings(header: list[GridRow], columns: int) -> list[str]:
    """Return each grid column's heading: the texts of the header cells above it, top down
    (a row that numbers the columns is left out)."""
    header = [row for row in header if not _column_numbers(row)]
    out = []
    for i in range(columns):
        parts: list[str] = []
        for row in header:
            c = row.at[i] if i < len(row.at) else None
            if c is not None and not c.merged and c.text and (not parts or parts[-1] != c.text):
                parts.append(c.text)
        out.append(" › ".join(parts))
    return out

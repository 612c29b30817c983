"""Annex tables of any shape: columns declared as data, figures computed, laid out to fit.

A table is described by its columns (`Column`, grouped under merged headers by
`Group`), whatever declares them: a built-in kind (docgen/plan/kinds/) or the plan's
YAML (docgen/plan/tables/declared.py). Computing it gives a `Grid`: the header rows
with their merged cells and the body rows as printed text. `layout` chooses the
page's orientation and the column widths from what is actually in the grid, so
that no number ever wraps inside its cell; `docgen.render.tables` writes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

# What a column holds, and so how its values are printed and totalled.
TEXT, COUNT, DECIMAL, PERCENT, MONEY, DATE, NUMBER = "chu", "so", "thap_phan", "phan_tram", "tien", "ngay", "stt"
KINDS = (TEXT, COUNT, DECIMAL, PERCENT, MONEY, DATE, NUMBER)
NUMERIC = (COUNT, DECIMAL, PERCENT, MONEY)


@dataclass(frozen=True)
class Column:
    """A column of figures or text: its key in the rows, its header, what it holds."""

    key: str
    title: str
    kind: str = TEXT
    decimals: int = 0
    computed: bool = False  # its values come from the others (a rate, a total), not from the YAML
    suffix: str = ""  # printed after each figure: «%» when the plan's table prints «12,5%»
    width: str | None = None  # as declared: "3cm", "25mm", "20%" (of the table); None: from its content
    nowrap: bool = False  # every cell on one line


@dataclass(frozen=True)
class Group:
    """Columns under one merged header cell."""

    title: str
    children: tuple  # of Column and Group


def leaves(columns) -> list[Column]:
    """Return the columns of a header tree, left to right."""
    out: list[Column] = []
    for c in columns:
        out += leaves(c.children) if isinstance(c, Group) else [c]
    return out


def _height(node) -> int:
    return 1 + max(_height(c) for c in node.children) if isinstance(node, Group) else 1


@dataclass(frozen=True)
class HeaderCell:
    text: str
    first: int  # index of the first leaf column it covers
    span: int
    merge: str | None = None  # None, "restart" (merged down from here) or "continue"


def header_rows(columns) -> list[list[HeaderCell]]:
    """Return the header rows of a column tree. Every column's own header sits in the last row
    or is merged down to it; a group sits right above its columns' headers, merged down from
    its level where the tree is deeper elsewhere (as spreadsheet tables are drawn)."""
    depth = max(_height(c) for c in columns)
    rows: list[list[HeaderCell]] = [[] for _ in range(depth)]

    def place(nodes, level: int, first: int) -> None:
        for node in nodes:
            span = len(leaves(node.children)) if isinstance(node, Group) else 1
            bottom = depth - _height(node)  # the last row this node's own cell covers
            rows[level].append(HeaderCell(node.title, first, span, "restart" if bottom > level else None))
            for lower in range(level + 1, bottom + 1):
                rows[lower].append(HeaderCell("", first, span, "continue"))
            if isinstance(node, Group):
                place(node.children, bottom + 1, first)
            first += span

    place(columns, 0, 0)
    return [sorted(r, key=lambda c: c.first) for r in rows]


@dataclass
class Grid:
    """A computed table as printed: header rows and body rows of text, one cell per column.

    `rows` are (kind, cells) with kind "dong" (a unit), "nhom" (a group row: its one text
    spans the table) or "tong" (the totals row).
    """

    columns: list[Column]
    header: list[list[HeaderCell]]
    rows: list[tuple[str, list[str]]] = field(default_factory=list)


@dataclass(frozen=True)
class Figure:
    """A computed value the text may quote, printed as its column prints it."""

    value: int | Decimal | None
    kind: str
    decimals: int = 0
    missing: str = ""  # why there is no value (a rate over zero households), told to the user
    # Where the annex prints it: the totals-row cell of `column` (or that cell minus `minus`'s),
    # so that `docgen check` can hold a quoted figure against the table in the document.
    column: str | None = None
    minus: str | None = None
    # No value yet, by design: a result a report leaves to fill (`thuc_hien`). Quoting it is a
    # warning, not an error, and the quote prints «…» until it is filled.
    pending: bool = False


@dataclass
class Computed:
    """A computed annex table: its grid as printed, and its figures by name."""

    grid: Grid
    figures: dict[str, Figure] = field(default_factory=dict)


# What a plan's table offers as targets to a report on the plan (docgen report): asked of the
# table's kind (`targets`, `unit_targets`), never named by the core.
UP, DOWN = "tang", "giam"  # a level to reach; a reduction from a starting level


@dataclass(frozen=True)
class Target:
    """A figure of a plan's table that a report measures results against."""

    name: str  # the figure's name in the table (`ty_le_cuoi_nam`), or a per-unit column's key
    title: str  # as a results table prints it: «Tỷ lệ hộ nghèo cuối năm»
    unit: str  # ĐVT: «%», «hộ», «đồng»; "" when the table does not say
    direction: str = UP
    baseline: str | None = None  # for a reduction: the figure of the starting level (`ty_le_dau_nam`)


@dataclass(frozen=True)
class UnitTargets:
    """A plan's per-unit targets: the units' name, the targets, and each unit's figures."""

    unit: str  # what a row is: «tổ dân phố», «thôn»
    targets: list[Target]
    rows: list[tuple[str, int, dict[str, Figure]]]  # (printed name, row index in the plan's table, figures)

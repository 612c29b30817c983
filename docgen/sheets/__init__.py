"""Annex tables as spreadsheets: written for people (`docgen export`) and read back from them
(`docgen import SHEET.xlsx --into PLAN.yaml --bang ID`).

A village head or the province keeps an annex's figures in Excel; the clerk should not copy
them cell by cell. The writer (`write`) takes a computed plan and gives a workbook, one sheet
per annex, its computed cells live formulas (`formulas`). The reader (`read`) opens a
workbook from elsewhere within limits and gives its cells as plain values; `match` finds the
annex's header in it and its rows; `values` reads a cell as a value of its column; `fill`
matches the rows to the plan's units and says what changes, what it could not place and the
sheet's totals to check; `edit` makes those changes as in-place edits of the plan's YAML.
The reader and the writer never call each other: both see an annex through `Annex` below,
what the plan prints.

openpyxl is imported inside the functions that need it: only these two commands pay for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from docgen.plan.annexes import labels, name
from docgen.plan.tables import NUMBER, TEXT, Column, Computed


@dataclass(frozen=True)
class Annex:
    """An annex table as docgen prints it: its columns with their header paths (a column's title
    under the titles of its groups), the column that names a unit, and its printed rows."""

    index: int  # in the plan's phu_luc
    name: str  # what the text quotes it by (its `ma`, or phu_luc_N)
    label: str  # "Phụ lục", "Phụ lục II"
    table: object  # the kind's validated model
    computed: Computed
    paths: list[tuple[str, ...]]

    @property
    def columns(self) -> list[Column]:
        return self.computed.grid.columns

    @property
    def unit(self) -> int | None:
        """Return the index of the column that names a row's unit (the first text column)."""
        return next((i for i, c in enumerate(self.columns) if c.kind == TEXT), None)

    def is_input(self, i: int) -> bool:
        """Whether column i is typed in the plan (not computed by docgen, not a row number)."""
        c = self.columns[i]
        return not c.computed and c.kind != NUMBER


def header_paths(computed: Computed) -> list[tuple[str, ...]]:
    """Return each column's header path: the texts of the header cells above it, top down."""
    grid = computed.grid
    out: list[tuple[str, ...]] = []
    for i in range(len(grid.columns)):
        path = [c.text for row in grid.header for c in row
                if c.first <= i < c.first + c.span and c.merge != "continue" and c.text]
        out.append(tuple(path))
    return out


def annexes(plan) -> list[Annex]:
    """Return every computed annex of a plan (docgen.plan.build.Plan) as an Annex."""
    model = plan.model
    return [Annex(i, name(table, i), label, table, computed, header_paths(computed))
            for i, (table, computed, label) in enumerate(zip(model.phu_luc, plan.tables, labels(len(plan.tables))))]

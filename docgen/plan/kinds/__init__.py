"""Kinds of annex table: everything one kind knows, in one module, found here by name.

A kind module has:

- `NAME`: the value of `loai:` that selects it in the plan's YAML;
- `Model`: the pydantic model of such a table in the YAML (with `loai: Literal[NAME]`);
- `check(table, at) -> [(path, message)]`: what the schema cannot say (sums, parts ≤ wholes);
- `compute(table, year) -> Computed`: the printed grid and the figures the text may quote;
- `formulas(table) -> {column: expression}`: each computed column as a formula over the row's
  columns (in declared tables' expression language), for spreadsheets (`docgen export`);
- `roll_forward(node, computed, old, new) -> (changed, review)`: next year's draft of the table
  in round-trip YAML, and the lines `docgen new` reports.

Optional:

- `warnings(table, at) -> [(path, message)]`: what is left to fill (a report's results), told by
  `validate` without refusing the file;
- `targets(table, computed) -> [Target]`: the figures a report on the plan measures results
  against (title, ĐVT, direction, the figure of the starting level), for `docgen report`;
- `unit_targets(table, computed) -> UnitTargets`: the same per row, for a table with a row per unit;
- `held(table, here)` and `copies(table, here, plan, figure, annex)`: the plan figures a report's
  table copies, which the report's link holds to its plan (docgen.plan.tables.linked);
- `row(unit, targets, copied)` and `typed(row)`: a table with a row per unit of a plan annex
  (`nguon`): the row `docgen report --update` writes for a unit new in the plan, and whether a
  row holds a result the user typed (a unit gone from the plan keeps such a row).

The core (model, consistency, context, new, diff, link) iterates over KINDS and never names one.
"""

from __future__ import annotations

from docgen.plan.kinds import giam_ngheo, ket_qua, ket_qua_don_vi
from docgen.plan.tables import declared

KINDS = {kind.NAME: kind for kind in (declared, giam_ngheo, ket_qua, ket_qua_don_vi)}
DEFAULT = declared.NAME


def kind_of(table) -> object:
    """Return the kind module of a validated table model."""
    return KINDS[table.loai]

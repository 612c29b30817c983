"""Columns a plan adds to a built-in table kind (`cot_them`), each placed after a column it names.

A built-in kind (docgen/kinds/) knows its own columns; a plan may need one more (near-poor
households that are ethnic-minority, say). Such a column is declared as in a table of the
plan's own (docgen.tables.declared: `ma`, `ten`, `kieu`, `so_le`, `cong_thuc`) with `sau`,
the key of the column it follows; its values are written in the rows beside the kind's own
(`can_ngheo_dtts: 12`), and its formula may use any of the kind's columns (`ho_can_ngheo`,
`ty_le`). The totals row sums it, or computes its formula again from the totals, and its
total is quotable like the kind's own figures. The kind calls the functions below; `new`,
`diff` and `import` see an extra column as they see any column of the grid.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from docgen.plan.fields import Key
from docgen.plan.tables import NUMBER, NUMERIC, Column, Figure, Group, declared
from docgen.plan.tables.declared import Cot

ROWS = "dong"


class CotThem(Cot):
    """Một cột thêm vào bảng có sẵn: khai báo như cột của bảng tự khai báo, in ngay sau cột `sau`."""

    sau: Key = Field(title="Đứng sau cột", examples=["ty_le_can_ngheo"],
                     description="Khóa của cột mà cột thêm này in ngay sau, ví dụ `ty_le_can_ngheo` "
                                 "(một cột của bảng có sẵn hoặc một cột thêm khác).")


def gather(value: Any, reserved: set[str]) -> Any:
    """Return a table's raw YAML data with the values of its extra columns moved from each row
    into the row's `them` (a copy: the loaded data stays as written, for import and fingerprints).
    A key the kind's rows already have (`reserved`) stays where it is (check reports the clash)."""
    if not isinstance(value, dict) or not isinstance(value.get("cot_them"), list):
        return value
    keys = {c.get("ma") for c in value["cot_them"] if isinstance(c, dict) and isinstance(c.get("ma"), str)} - reserved
    rows = value.get(ROWS)
    if not keys or not isinstance(rows, list):
        return value
    out = []
    for row in rows:
        if isinstance(row, dict) and keys & set(row) and "them" not in row:
            row = {k: v for k, v in row.items() if k not in keys} | {"them": {k: row[k] for k in row if k in keys}}
        out.append(row)
    return value | {ROWS: out}


def placed(tree: list, extras: list[CotThem]) -> list:
    """Return a header tree with each extra column right after the column its `sau` names (in
    that column's group), extras after one column in the order they are declared."""
    out = list(tree)
    for extra in extras:
        out = _insert(out, extra.sau, _column(extra))
    return out


def _column(extra: CotThem) -> Column:
    return declared.column(extra)


def _insert(nodes: list, after: str, column: Column) -> list:
    out = []
    for node in nodes:
        if isinstance(node, Group):
            node = Group(node.title, tuple(_insert(list(node.children), after, column)))
        out.append(node)
        if isinstance(node, Column) and node.key == after:
            out.append(column)
    return out


def check(extras: list[CotThem], own: list[Column], rows: list[dict], them: list[dict], total: dict, at: tuple,
          name, reserved: set[str]) -> list[tuple[tuple, str]]:
    """Return every problem of a table's extra columns: keys, places, formulas, cells, results.

    `own` are the kind's leaf columns; `rows` each row's values of them (as computed by the
    kind), `them` each row's typed values of the extra columns, `total` the kind's totals row;
    `name(j)` names row j's unit; `reserved` the keys a row of the kind has."""
    out: list[tuple[tuple, str]] = []
    keys = [c.key for c in own]
    for i, extra in enumerate(extras):
        where = at + ("cot_them", i)
        if extra.ma in keys or extra.ma in reserved:
            out.append((where + ("ma",), f"khóa cột `{extra.ma}` đã là một cột của bảng; hãy đặt khóa khác."))
        elif extra.sau not in keys:
            from difflib import get_close_matches  # difflib: off the validate path (a misspelt key only)

            close = get_close_matches(extra.sau, keys, n=1)
            hint = f"có phải ý bạn là `{close[0]}`?" if close else f"các cột: {', '.join(keys)}."
            out.append((where + ("sau",), f"bảng không có cột `{extra.sau}` để đặt cột `{extra.ma}` sau nó; {hint}"))
        keys.append(extra.ma)
    if out:
        return out
    kinds = _kinds(own, extras)
    found, problems = declared.checked_formulas({c.ma: (c, at + ("cot_them", i)) for i, c in enumerate(extras)},
                                        declared.types(kinds), [], len(rows), at)
    if problems:
        return problems
    columns = {c.ma: c for c in extras}
    for j, values in enumerate(them):
        for (path, message) in declared.cells(columns, values, at + (ROWS, j)):
            out.append((path, f"{name(j)}: {message}"))
        out += [(at + (ROWS, j, k), f"{name(j)}: cột `{k}` do docgen tính; hãy xóa giá trị này.")
                for k in values if columns[k].cong_thuc]
    if out:
        return out
    merged = [own_values | values for own_values, values in zip(rows, them)]
    return declared.evaluated(kinds, found, merged, at, [], lambda row: f"{row.get('ten', '')}: ",
                              lambda computed: total | _sums(extras, computed))


def _kinds(own: list[Column], extras: list[CotThem]) -> dict[str, str]:
    return {c.key: c.kind for c in own if c.kind != NUMBER} | {c.ma: c.kieu for c in extras}


def compute(extras: list[CotThem], own: list[Column], rows: list[dict], them: list[dict], total: dict,
            at: tuple = ()) -> tuple[list[dict], dict]:
    """Return each row's values of the extra columns and the totals row's (checked before).

    `total` is the kind's totals row; an extra number column is summed, an extra formula is
    computed again from the totals."""
    kinds = _kinds(own, extras)
    found, _ = declared.checked_formulas({c.ma: (c, at + ("cot_them", i)) for i, c in enumerate(extras)},
                                 declared.types(kinds), [], len(rows), at)
    computed = [declared.values(kinds, found, own_values | values) for own_values, values in zip(rows, them)]
    return computed, declared.values(kinds, found, total | _sums(extras, computed))


def _sums(extras: list[CotThem], rows: list[dict]) -> dict:
    """Return the sums of the extra number columns typed in (not computed) over rows."""
    typed = [c.ma for c in extras if c.kieu in NUMERIC and not c.cong_thuc]
    return {k: sum((r[k] for r in rows if r.get(k) is not None), 0) for k in typed}


def cell(value, column: Column, *, total: bool = False) -> str:
    """Return an extra column's cell as printed (a text column's totals cell is empty)."""
    if total and column.kind not in NUMERIC:
        return ""
    return declared.cell(value, column)


def figures(extras: list[CotThem], totals: dict) -> dict[str, Figure]:
    """Return the totals of the extra number columns, quotable like the kind's own."""
    out = {}
    for extra in extras:
        if extra.kieu in NUMERIC:
            column = _column(extra)
            value = totals.get(extra.ma)
            out[extra.ma] = Figure(value, extra.kieu, column.decimals,
                                   "" if value is not None else f"cột `{extra.ma}` không tính được trên dòng tổng",
                                   column=extra.ma)
    return out

"""The plan's annexes: each checked and computed by its kind, numbered, and their figures named.

One annex is "Phụ lục"; several are "Phụ lục I", "Phụ lục II", … Each table's
figures are quoted in the text by its `ma` (`{{ giam_ngheo.ty_le_cuoi_nam }}`);
`{{ giam_ngheo.phu_luc }}` prints the annex's own name. The funding lines of the
body add up to `{{ kinh_phi.tong }}`.
"""

from __future__ import annotations

from docgen.base import vn
from docgen.plan.kinds import kind_of
from docgen.plan.model import KeHoach, Muc
from docgen.plan.tables import COUNT, MONEY, TEXT, Computed, Figure

Finding = tuple[tuple, str]


def name(table, index: int) -> str:
    """Return the name a table's figures are quoted by: its `ma`, else phu_luc_1, phu_luc_2…"""
    return table.ma or f"phu_luc_{index + 1}"


def labels(count: int) -> list[str]:
    """Return the printed names of count annexes: ["Phụ lục"] or ["Phụ lục I", "Phụ lục II", …]."""
    return ["Phụ lục"] if count == 1 else [f"Phụ lục {vn.roman(i)}" for i in range(1, count + 1)]


def compute(plan: KeHoach) -> tuple[list[Computed | None], list[Finding]]:
    """Return every annex computed (None where its own checks failed) and the problems found."""
    tables: list[Computed | None] = []
    problems: list[Finding] = []
    seen: dict[str, int] = {}
    for i, table in enumerate(plan.phu_luc):
        if table is None:  # invalid on its own (a salvaged plan): its errors are already reported
            tables.append(None)
            continue
        here = ("phu_luc", i)
        key = name(table, i)
        if key in seen:
            problems.append((here + ("ma",), (f"hai phụ lục cùng tên `{key}` (phụ lục thứ {seen[key] + 1} và {i + 1}); "
                                              "hãy đặt `ma` khác nhau để văn bản trích đúng bảng.")))
        seen.setdefault(key, i)
        kind = kind_of(table)
        found = kind.check(table, here)
        problems += found
        # without a valid year (a salvaged plan) the table is checked but not computed
        tables.append(None if found or plan.nam is None else kind.compute(table, plan.nam))
    return tables, problems


def warnings(plan: KeHoach, tables: list[Computed | None]) -> list[Finding]:
    """Return what the annexes' kinds say is left to fill (a report's results), for tables computed."""
    out: list[Finding] = []
    for i, (table, computed) in enumerate(zip(plan.phu_luc, tables)):
        told = getattr(kind_of(table), "warnings", None) if computed is not None else None
        out += told(table, ("phu_luc", i)) if told else []
    return out


def _funding(m: Muc) -> list[int]:
    return [k.so_tien for k in m.kinh_phi] + [x for c in m.muc for x in _funding(c)]


def figures(plan: KeHoach, tables: list[Computed | None]) -> dict[str, dict[str, Figure]]:
    """Return every figure the text may quote, by table name and figure name."""
    out: dict[str, dict[str, Figure]] = {}
    for i, (table, computed, label) in enumerate(zip(plan.phu_luc, tables, labels(len(tables)))):
        if computed is not None:  # two tables of one name (an error of its own): the first one is quoted
            out.setdefault(name(table, i), computed.figures | {"phu_luc": Figure(label, TEXT)})
    lines = [x for part in plan.phan for x in _funding(part)]
    if lines:
        out["kinh_phi"] = {"tong": Figure(sum(lines), MONEY), "so_khoan": Figure(len(lines), COUNT)}
    return out

"""A table whose printed headers are those of a built-in kind becomes that kind, so that `docgen new`
can roll it forward: the poverty table (`loai: giam_ngheo`, docgen/plan/kinds/giam_ngheo.py, whose printed_counts says which printed
column holds which count).

The table is taken as the kind only when the kind, computed from the counts read, prints every
figure of the table as it is printed (rates, end-of-year counts, the reduction, the totals);
otherwise it stays a declared table and the difference is listed.
"""

from __future__ import annotations

import re

from docgen.checker.tables import number, total_label
from docgen.convert import Report
from docgen.plan.kinds import giam_ngheo

_WORDS = ("hộ nghèo", "thoát nghèo", "tái nghèo", "phát sinh")
UNITS = {"tdp": "tổ dân phố", "thôn": "thôn", "làng": "làng", "buôn": "buôn", "bản": "bản", "ấp": "ấp",
         "khu phố": "khu phố", "kp": "khu phố", "tổ": "tổ", "xóm": "xóm", "plei": "làng"}


def poverty(block, title: str, year: int, report: Report) -> dict | None:
    """Return the table as `loai: giam_ngheo` when it is the poverty table, else None."""
    grid = block.grid
    headings = " ".join(grid.headings).lower()
    if not all(w in headings for w in _WORDS):
        return None
    numeric = []  # grid columns holding figures
    names_at = None
    body = [r for r in grid.body if any(t for _, t in r.texts)]
    units, total = [], None
    for row in body:
        if total_label(row):
            total = row
            continue
        units.append(row)
    if not units:
        return None
    for i in range(grid.columns):
        values = [_text(r, i) for r in units]
        if all(v and number(v) is not None for v in values):
            if not (i == 0 or [v.rstrip(".") for v in values] == [str(k) for k in range(1, len(values) + 1)]
                    and names_at is None):
                numeric.append(i)
        elif names_at is None and all(values):
            names_at = i
    layouts = [giam_ngheo.printed_counts(near_poor) for near_poor in (False, True)]  # the kind knows its columns
    layout = {len(keys): keys for keys in layouts}.get(len(numeric))
    if names_at is None or layout is None:
        return None
    names = [_text(r, names_at) for r in units]
    first = {n.split()[0] for n in names if len(n.split()) > 1}
    abbreviation = first.pop() if len(first) == 1 and all(len(n.split()) > 1 for n in names) else None
    unit = UNITS.get((abbreviation or "").lower())
    if unit is None:
        head = grid.headings[names_at].lower() if names_at < len(grid.headings) else ""
        unit = next((u for k, u in UNITS.items() if k in head), None) or re.sub(r"^tên\s+", "", head) or "đơn vị"
    rows = []
    for r, name in zip(units, names):
        row = {"ten": name[len(abbreviation) + 1:] if abbreviation else name}
        for key, i in zip(layout, numeric):
            if key:
                n = number(_text(r, i))
                if n is None or n.places or n.value < 0:
                    return None
                row[key] = int(n.value)
        rows.append(row)
    table = {"loai": "giam_ngheo", "don_vi": unit}
    if abbreviation:
        table["viet_tat"] = abbreviation
    table["dong"] = rows
    try:
        model = giam_ngheo.Model(**table)
    except ValueError:
        return None
    if title and title.lower() != giam_ngheo.default_title(model, year).lower():
        table = {**{k: v for k, v in table.items() if k != "dong"}, "tieu_de": title, "dong": rows}
    printed = giam_ngheo.compute(model, year).grid.rows
    source = units + ([total] if total is not None else [])
    for (kind, cells), row in zip(printed, source):
        shown = cells[1:]  # the name column is first
        for value, i in zip(shown, numeric):
            if _same(value, _text(row, i)):
                continue
            report.notes.append(f"bảng {block.number} có các cột của bảng giảm nghèo nhưng docgen tính ra «{value}» "
                                f"ở dòng «{_text(row, names_at) or 'Tổng cộng'}» (trong tệp: «{_text(row, i)}»): "
                                "giữ là bảng tự khai báo cột")
            return None
    report.notes.append(f"bảng {block.number}: bảng tổng hợp chỉ tiêu giảm nghèo, ghi thành `loai: giam_ngheo` "
                        "(docgen tính mọi tỷ lệ và dòng tổng; `docgen new` chuyển sang năm sau)")
    return table


def _text(row, i: int) -> str:
    c = row.at[i] if i < len(row.at) else None
    return "" if c is None or c.merged or c.first != i else c.text


def _same(printed: str, typed: str) -> bool:
    if printed == typed:
        return True
    a, b = number(printed), number(typed)
    return a is not None and b is not None and a.value == b.value

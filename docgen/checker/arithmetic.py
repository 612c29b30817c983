"""The arithmetic of any table: totals rows against the rows they add up, rates against the
columns they are computed from.

A totals row is labelled «Tổng cộng», «Tổng số», «Tổng» or «Cộng». It adds up the rows
above it (below it, when it stands first), from the header or the previous totals row;
a «Cộng» row under a group adds up that group. Rows numbered as groups (A., I., then 1.,
1.1.) are added as groups: a group row that prints its own figures counts once, with its
figures (which must be the sum of its rows); a group row without figures counts as the sum
of its rows. Rows that detail the one above («- …», «Trong đó: …») are not added.

Rate columns are those headed «Tỷ lệ» or «%» (or whose figures end with «%»). Their
numerator is the column just left of them; the denominator is the column that, with it,
gives the printed rates on most rows (so a table's own layout is learnt, not assumed). A
rate matches when it equals numerator / denominator × 100 rounded to the decimals it is
printed with. Rates, averages and ratios are never added up in a totals row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from docgen.base import vn
from docgen.checker.checks import Finding
from docgen.checker.document import Document
from docgen.checker.tables import Grid, GridRow, Number, grids, is_detail, is_subtotal, level, total_label

TOTALS, RATES = "DG.BANG.TONG", "DG.BANG.TYLE"
# columns whose figures are not added up in a totals row (lowercased heading words)
_NOT_ADDED = ("tỷ lệ", "%", "tỷ trọng", "bình quân", "trung bình", "/", "đơn giá", "định mức", "hệ số", "chỉ số",
              "mật độ", "stt", "số thứ tự")
SAMPLE = 40  # rows looked at to learn a rate column's denominator
AGREE = Decimal("0.6")  # share of those rows the learnt columns must explain


def _half(places: int) -> Decimal:
    return Decimal(5).scaleb(-places - 1)


def _text(value: Decimal, places: int) -> str:
    return vn.number(value, places)


@dataclass
class _Node:
    row: GridRow
    numbers: dict[int, Number]
    level: int
    children: list


def _tree(rows: list[GridRow]) -> list[_Node]:
    """Return the top-level nodes of rows: numbered rows under the group rows above them."""
    tops: list[_Node] = []
    stack: list[_Node] = []
    for row in rows:
        if is_detail(row):
            continue
        depth = level(row)
        node = _Node(row, row.numbers, 99 if depth is None else depth, [])
        while stack and stack[-1].level >= node.level:
            stack.pop()
        (stack[-1].children if stack else tops).append(node)
        stack.append(node)
    return tops


def _value(node: _Node, column: int) -> tuple[Decimal, Decimal] | None:
    """Return (value, rounding tolerance) of a node in column: its own figure, else its rows' sum."""
    own = node.numbers.get(column)
    if own is not None:
        return own.value, _half(own.places) if own.places else Decimal(0)
    parts = [v for v in (_value(c, column) for c in node.children) if v is not None]
    if not parts:
        return None
    return sum((v for v, _ in parts), Decimal(0)), sum((t for _, t in parts), Decimal(0))


def _sum(nodes: list[_Node], column: int) -> tuple[Decimal, Decimal] | None:
    """Return (sum, rounding tolerance) of the nodes' values in column, None if none has one."""
    parts = [v for v in (_value(n, column) for n in nodes) if v is not None]
    if not parts:
        return None
    return sum((v for v, _ in parts), Decimal(0)), sum((t for _, t in parts), Decimal(0))


def _added(table: Grid, column: int, rates: set[int]) -> bool:
    """True for a column whose figures add up: not a rate, an average, a ratio or a row number."""
    heading = table.headings[column].lower() if column < len(table.headings) else ""
    return column not in rates and not any(word in heading for word in _NOT_ADDED)


# --- totals ----------------------------------------------------------------------------------


def _covered(body: list[GridRow], i: int) -> list[GridRow]:
    """Return the rows the totals row body[i] adds up: those above it, up to the previous totals
    row (a grand total passes over «Cộng» rows); those below it when it stands first."""
    def added(rows):
        return [r for r in rows if total_label(r) is None]

    subtotal = is_subtotal(body[i])
    before, after = [], []
    for r in reversed(body[:i]):
        if total_label(r) is not None and (subtotal or not is_subtotal(r)):
            break
        before.append(r)
    before.reverse()
    for r in body[i + 1:]:
        if total_label(r) is not None and (subtotal or not is_subtotal(r)):
            break
        after.append(r)
    return added(before) or added(after)


def _check_total(table: Grid, row: GridRow, rows: list[GridRow], rates: set[int], what: str) -> Iterator[Finding]:
    nodes = _tree(rows)
    if not nodes:
        return
    span = f"dòng {rows[0].number}–{rows[-1].number}" if len(rows) > 1 else f"dòng {rows[0].number}"
    for column, found in sorted(row.numbers.items()):
        if not _added(table, column, rates) or found.percent:
            continue
        summed = _sum(nodes, column)
        if summed is None:
            continue
        expected, tolerance = summed
        if abs(found.value - expected) <= tolerance + (_half(found.places) if found.places else 0):
            continue
        places = found.places
        gap = f"{'thừa' if found.value > expected else 'thiếu'} {_text(abs(found.value - expected), places)}"
        yield Finding(TOTALS, table.where(row, column),
                      f"{what} ghi {_text(found.value, places)} nhưng cộng {span} được "
                      f"{_text(expected, places)} (ghi {gap}); hãy sửa số ở dòng này hoặc ở các dòng được cộng.")


def _below(node: _Node) -> list[GridRow]:
    """Return the rows under a node, at every depth, in order."""
    out = []
    for c in node.children:
        out += [c.row] + _below(c)
    return out


def _groups(table: Grid, nodes: list[_Node], rates: set[int]) -> Iterator[Finding]:
    """Group rows (A., I.) that print figures: each must be the sum of its rows. (Only in a table
    that has a totals row: elsewhere «I. Tổng số hộ» may head rows that are parts of it, not shares.)"""
    for n in nodes:
        if n.level <= 1 and n.children and n.numbers:
            yield from _check_total(table, n.row, _below(n), rates, "dòng nhóm")
        yield from _groups(table, n.children, rates)


def totals(doc: Document) -> Iterator[Finding]:
    for table in grids(doc):
        body = table.body
        labelled = [i for i, r in enumerate(body) if total_label(r) is not None]
        if not labelled:
            continue
        rates = set(_rate_columns(table))
        for i in labelled:
            covered = _covered(body, i)
            if covered:
                what = "dòng cộng" if is_subtotal(body[i]) else "dòng tổng"
                yield from _check_total(table, body[i], covered, rates, what)
        yield from _groups(table, _tree([r for r in body if total_label(r) is None]), rates)


# --- rates -------------------------------------------------------------------------------------


def _rate_columns(table: Grid) -> list[int]:
    """Return the columns holding rates: headed «Tỷ lệ»/«%», or whose figures mostly end with «%»."""
    out = []
    numbers = [r.numbers for r in table.body]
    for column in range(table.columns):
        heading = table.headings[column].lower() if column < len(table.headings) else ""
        leaf = heading.rsplit(" › ", 1)[-1]
        marked = [n[column].percent for n in numbers if column in n]
        if "tỷ lệ" in leaf or "%" in leaf or (marked and sum(marked) * 2 > len(marked)):
            out.append(column)
    return out


def _matches(rate: Number, numerator: Decimal, denominator: Decimal) -> bool:
    return abs(rate.value - numerator * 100 / denominator) <= _half(rate.places)


def _learn(rows: list[dict[int, Number]], column: int, candidates: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Return the (numerator, denominator) columns that explain most of the sampled rates."""
    usable = [n for n in rows if column in n]
    step = max(1, len(usable) // SAMPLE)
    sample = usable[::step][:SAMPLE]
    best, best_score = None, 0
    for pair in candidates:
        num, den = pair
        tried = [n for n in sample if num in n and den in n and n[den].value != 0]
        score = sum(_matches(n[column], n[num].value, n[den].value) for n in tried)
        if score > best_score and score >= 2 and score >= AGREE * len(tried):
            best, best_score = pair, score
    return best


def rates(doc: Document) -> Iterator[Finding]:
    for table in grids(doc):
        columns = _rate_columns(table)
        if not columns:
            continue
        body = table.body
        rows = [r.numbers for r in body]
        counts = [c for c in range(table.columns) if c not in columns and any(c in n for n in rows)]
        for column in columns:
            left = column - 1
            if left not in counts:
                continue
            # the numerator is next to the rate; the denominator nearest to it first
            others = sorted((c for c in counts if c != left), key=lambda c: (abs(c - left), c))
            pair = _learn(rows, column, [(left, d) for d in others] + [(d, left) for d in others])
            if pair is None:
                continue
            num, den = pair
            for row, n in zip(body, rows):
                if column not in n or num not in n or den not in n or n[den].value == 0:
                    continue
                rate, a, b = n[column], n[num].value, n[den].value
                if _matches(rate, a, b):
                    continue
                yield Finding(RATES, table.where(row, column),
                              f"tỷ lệ ghi {_text(rate.value, rate.places)} nhưng {_text(a, n[num].places)} / "
                              f"{_text(b, n[den].places)} (cột {num + 1} / cột {den + 1}) × 100 = "
                              f"{_text(a * 100 / b, rate.places)}; hãy sửa tỷ lệ hoặc số ở cột {num + 1}, "
                              f"cột {den + 1} của dòng này.")

"""A table of a hand-made plan as a declared table (`cot:`, `dong:`), as a clerk would transcribe it.

- columns: the header rows read down each grid column; a header cell spanning several
  columns becomes a column group (`nhom`);
- kinds: a column whose every value is a number becomes `so`, `thap_phan`, `phan_tram` (a «%»
  in its cells or header) or `tien` (money in its header), read the Vietnamese way («1.234»,
  «12,5», «12,5%»); a column numbering the rows 1, 2, 3… is `stt`; dates are `ngay`; a number
  column whose large values are written without thousands separators stays text (phone numbers,
  codes), since docgen would print them otherwise;
- rows: a row with one text across the table (or a «I. …» row with nothing else) is a group;
  a «Tổng cộng / Cộng / Tổng số» row at the end is the computed totals row;
- formulas: a column equal, on every row (at least 3), to a / b × 100 at its printed rounding,
  a − b, or the sum of two or three columns becomes computed (`cong_thuc`), and is listed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from docgen.checker.tables import _column_numbers, _headings, number, total_label
from docgen.convert import Report

_STT = re.compile(r"^(stt|tt|số tt|số thứ tự)$", re.IGNORECASE)
_MONEY = re.compile(r"(đồng|tiền|kinh phí|\bvnđ\b)", re.IGNORECASE)
_DATE = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")
MIN_ROWS = 3


def key(text: str, taken: set[str]) -> str:
    """Return a column key from its header: ASCII snake case, a few words, unique."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    words = re.findall(r"[a-z0-9]+", plain)
    base = "_".join(words[:4]) or "cot"
    if not base[0].isalpha():
        base = "cot_" + base
    out, n = base, 2
    while out in taken:
        out, n = f"{base}_{n}", n + 1
    taken.add(out)
    return out


class _Leaf:
    def __init__(self, index: int, title: str):
        self.index, self.title = index, title
        self.key = ""
        self.kind = "chu"
        self.places: int | None = None
        self.formula: str | None = None
        self.percent_signs = False  # every figure typed with «%»


def _header_tree(grid, taken: set[str]):
    """Return the header as nested [("group", title, children) | _Leaf]."""
    rows = [r for r in grid.rows[:grid.header] if not _column_numbers(r)]

    def build(first: int, end: int, level: int):
        out, i = [], first
        while i < end:
            cell = rows[level].at[i] if level < len(rows) and i < len(rows[level].at) else None
            span_end = min(end, (cell.first + cell.span) if cell is not None else i + 1)
            span_end = max(span_end, i + 1)
            text = cell.text if cell is not None and not cell.merged else ""
            if span_end - i > 1 and level + 1 < len(rows):
                out.append(("group", text or "", build(i, span_end, level + 1)))
            else:
                parts = []
                for r in rows[level:]:
                    c = r.at[i] if i < len(r.at) else None
                    if c is not None and not c.merged and c.text and (not parts or parts[-1] != c.text):
                        parts.append(c.text)
                leaf = _Leaf(i, " ".join(parts))
                out.append(leaf)
                for j in range(i + 1, span_end):  # a header cell over several columns with nothing below
                    out.append(_Leaf(j, ""))
            i = span_end
        return out
    return build(0, grid.columns, 0) if rows else [_Leaf(i, "") for i in range(grid.columns)]


def _leaves(tree) -> list[_Leaf]:
    out = []
    for node in tree:
        out += _leaves(node[2]) if isinstance(node, tuple) else [node]
    return out


def _cell(row, i: int) -> str:
    c = row.at[i] if i < len(row.at) else None
    if c is None or c.merged or c.first != i:
        return ""
    return c.text


def _is_group(row, columns: int) -> str | None:
    texts = [(c, t) for c, t in row.texts if t]
    if len(texts) == 2 and re.fullmatch(r"[IVXL]{1,4}\.?|[A-EĐ]\.?", texts[0][1]) and number(texts[1][1]) is None:
        return texts[1][1]  # «I | Khu vực thành thị | | »: the group's number in the STT column
    # one text across the table, or «I. …» alone in its row
    if len(texts) == 1 and number(texts[0][1]) is None and (
            texts[0][0].span >= max(2, columns - 1) or re.match(r"^[IVXL]+\.\s", texts[0][1])):
        return re.sub(r"^[IVXLA-Z]{1,4}\.\s*", "", texts[0][1])
    return None


def convert(block, report: Report) -> dict:
    """Return the declared table of a TableBlock (without its title), listing what was recognised."""
    grid = block.grid
    for k in range(1, grid.header):  # a group row «I | Gia súc lớn» before the first figures: the body starts there
        first = next((t for _, t in grid.rows[k].texts if t), "")
        if _is_group(grid.rows[k], grid.columns) is not None and re.fullmatch(r"[IVXLA-EĐ]{1,4}\.?", first):
            grid.header = k
            grid.headings = _headings(grid.rows[:k], grid.columns)
            break
    where = f"bảng {block.number}"
    taken: set[str] = set()
    tree = _header_tree(grid, taken)
    leaves = _leaves(tree)
    for leaf in leaves:
        leaf.key = key(leaf.title, taken)
        if not leaf.title:
            leaf.title = f"Cột {leaf.index + 1}"
            report.leave(f"{where}, cột {leaf.index + 1}", "", "cột không có tiêu đề; docgen in «Cột N», hãy sửa `ten`")
    rows, totals = [], None
    body = grid.body
    for n, row in enumerate(body):
        values = [_cell(row, leaf.index) for leaf in leaves]
        if not any(values):
            continue
        group = _is_group(row, grid.columns)
        if group is not None:
            rows.append({"nhom": group})
            continue
        if total_label(row) and n >= len(body) - 2 and not any(r for r in body[n + 1:] if any(_cell(r, i.index)
                                                                                               for i in leaves)):
            totals = values
            continue
        rows.append(values)
    data = [r for r in rows if isinstance(r, list)]
    for n, leaf in enumerate(leaves):
        _kind(leaf, [r[n] for r in data])
        if _STT.match(leaf.title) and _numbered(rows, n):
            leaf.kind, leaf.places = "stt", None
    _formulas(leaves, data, report, where)
    out_rows = []
    for r in rows:
        if isinstance(r, dict):
            out_rows.append(r)
            continue
        d = {}
        for leaf, v in zip(leaves, r):
            if leaf.kind == "stt" or leaf.formula:
                continue
            value = _value(leaf, v)
            if value is not None:
                d[leaf.key] = value
        out_rows.append(d)
    table = {"cot": _columns(tree), "dong": out_rows or [{}]}
    if totals is not None:
        table["tong_cong"] = True
        label = next((t for t in totals if t and number(t) is None), "")
        if label and label != "Tổng cộng":
            table["ten_dong_tong"] = label
        wrong = _check_totals(leaves, data, totals, report, where)
        if wrong:
            table["tong_cong_ghi"] = wrong
    return table


def _numbered(rows: list, n: int) -> bool:
    """True when column n numbers the rows 1, 2, 3…, from 1 again after each group row (as docgen does)."""
    count = 0
    for r in rows:
        if isinstance(r, dict):
            count = 0
            continue
        count += 1
        if r[n].rstrip(".") != str(count):
            return False
    return count > 0


def _kind(leaf: _Leaf, values: list[str]) -> None:
    present = [v for v in values if v and v not in ("-", "–", "x")]
    if not present:
        return
    if _STT.match(leaf.title) and [v.rstrip(".") for v in values] == [str(i) for i in range(1, len(values) + 1)]:
        leaf.kind = "stt"
        return
    if all(_DATE.match(v) for v in present):
        leaf.kind = "ngay"
        return
    numbers = [number(v) for v in present]
    if any(n is None for n in numbers):
        return
    if any(len(v.rstrip("%").replace(".", "").replace(",", "").lstrip("-")) >= 4 and "." not in v and
           number(v).places == 0 for v in present) or any(v.startswith("0") and len(v) > 1 and v[1].isdigit()
                                                          for v in present):
        return  # large integers without separators, or leading zeros: codes and phone numbers, kept as typed
    places = max(n.places for n in numbers)
    leaf.percent_signs = all(n.percent for n in numbers)
    if any(n.percent for n in numbers) or "%" in leaf.title or re.search(r"tỷ lệ", leaf.title, re.IGNORECASE):
        leaf.kind, leaf.places = "phan_tram", places
    elif places:
        leaf.kind, leaf.places = "thap_phan", places
    elif _MONEY.search(leaf.title):
        leaf.kind = "tien"
    else:
        leaf.kind = "so"
    if any(n.value < 0 for n in numbers) and leaf.kind in ("so", "tien"):
        leaf.kind, leaf.places = "thap_phan", 0


def _value(leaf: _Leaf, text: str):
    if not text:
        return None
    if leaf.kind in ("so", "tien", "thap_phan", "phan_tram"):
        n = number(text)
        if n is None:
            return None  # «-», «x»: nothing to print but the dash docgen prints for an empty figure
        if leaf.kind in ("so", "tien"):
            return int(n.value)
        return float(n.value)
    if leaf.kind == "ngay":
        d, m, y = (int(x) for x in text.split("/"))
        try:
            return dt.date(y, m, d)
        except ValueError:
            return text
    return text


def _numeric(leaf: _Leaf) -> bool:
    return leaf.kind in ("so", "tien", "thap_phan", "phan_tram")


def _rounded(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _formulas(leaves: list[_Leaf], data: list[list[str]], report: Report, where: str) -> None:
    numeric = [l for l in leaves if _numeric(l)]
    if len(data) < MIN_ROWS or len(numeric) < 3:
        return
    values = {l.key: [number(r[leaves.index(l)]) for r in data] for l in numeric}

    def column(l):
        return values[l.key]

    def holds(target: _Leaf, f) -> bool:
        seen = 0
        for k, t in enumerate(column(target)):
            try:
                expected = f(k)
            except (ArithmeticError, TypeError):
                expected = None
            if t is None and expected is None:
                continue
            if t is None or expected is None:
                return False
            places = t.places
            if _rounded(expected, places) != t.value:
                return False
            seen += 1
        return seen >= MIN_ROWS

    def v(l, k):
        n = column(l)[k]
        if n is None:
            raise TypeError
        return n.value

    def constant(l) -> bool:  # a column of zeros (or one value) makes any sum or difference hold
        present = {n.value for n in column(l) if n is not None}
        return len(present) <= 1

    inputs = list(numeric)
    for target in numeric:
        if constant(target):
            continue
        # computed columns stand to the right of what they are computed from
        others = [l for l in inputs if l.index < target.index and not constant(l)]
        found = None
        if target.kind in ("phan_tram", "thap_phan"):
            for a, b in itertools.permutations(others, 2):
                if a.kind in ("so", "tien") and b.kind in ("so", "tien") and \
                        holds(target, lambda k, a=a, b=b: v(a, k) * 100 / v(b, k) if v(b, k) else None):
                    found = f"{a.key} / {b.key} * 100"
                    break
        if found is None:
            for a, b in itertools.permutations(others, 2):
                if holds(target, lambda k, a=a, b=b: v(a, k) - v(b, k)):
                    found = f"{a.key} - {b.key}"
                    break
        if found is None:
            for size in (2, 3):
                for combo in itertools.combinations(others, size):
                    if holds(target, lambda k, combo=combo: sum(v(c, k) for c in combo)):
                        found = " + ".join(c.key for c in combo)
                        break
                if found:
                    break
        if found:
            target.formula = found
            if target.kind in ("so", "tien") and "/" in found:
                target.kind = "thap_phan"
            if target.places is None and target.kind in ("phan_tram", "thap_phan"):
                target.places = max((n.places for n in column(target) if n), default=0)
            report.notes.append(f"{where}: cột «{target.title}» = {found} trên mọi dòng: ghi thành công thức")


def _check_totals(leaves, data, totals, report: Report, where: str) -> dict:
    """List each printed total that the rows do not give; return those of counts and sums of money
    (a clerk's slip, for `docgen validate` to name), by column key."""
    sums, wrong = {}, {}
    for i, leaf in enumerate(leaves):
        if _numeric(leaf) and not leaf.formula:
            sums[leaf.key] = sum((number(r[i]).value for r in data if number(r[i]) is not None), Decimal(0))
    for i, leaf in enumerate(leaves):
        printed = number(totals[i]) if i < len(totals) and totals[i] else None
        if not _numeric(leaf) or printed is None:
            continue
        expected = sums.get(leaf.key) if not leaf.formula else _apply(leaf.formula, sums)
        if expected is None:
            continue
        if _rounded(Decimal(str(expected)), printed.places) != printed.value:
            checked = leaf.kind in ("so", "tien") and not leaf.formula
            if checked:
                wrong[leaf.key] = int(printed.value)
            report.leave(f"{where}, dòng tổng cộng, cột «{leaf.title}»", totals[i],
                         f"tổng in sẵn không khớp với các dòng (docgen tính được {expected}); docgen in tổng tính "
                         "từ các dòng" + (": số in sẵn ghi ở `tong_cong_ghi` để `docgen validate` chỉ ra" if checked
                                          else " (cột tỷ lệ: tổng không phải phép cộng): hãy kiểm tra số liệu"))
    return wrong


def _apply(formula: str, values: dict) -> Decimal | None:
    """Return one of the formulas this module writes («a / b * 100», «a - b», «a + b + c») over values."""
    names = formula.replace("* 100", "").replace("/", " ").replace("-", " ").replace("+", " ").split()
    if any(values.get(n) is None for n in names):
        return None  # a column computed itself: its total is a formula's, not known here
    v = [values[n] for n in names]
    if "/" in formula:
        return v[0] * 100 / v[1] if v[1] else None
    return v[0] - v[1] if " - " in formula else sum(v, Decimal(0))


def _columns(tree) -> list:
    out = []
    for node in tree:
        if isinstance(node, tuple):
            out.append({"nhom": node[1] or "(chưa có tiêu đề)", "cot": _columns(node[2])})
            continue
        c = {"ma": node.key, "ten": node.title}
        if node.kind != "chu":
            c["kieu"] = node.kind
        defaults = {"thap_phan": 1, "phan_tram": 2}
        if node.places is not None and node.kind in defaults and node.places != defaults[node.kind]:
            c["so_le"] = node.places
        if node.kind == "phan_tram" and node.percent_signs:
            c["dau_phan_tram"] = True
        if node.formula:
            c["cong_thuc"] = node.formula
        out.append(c)
    return out

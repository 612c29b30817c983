"""A table whose columns the plan declares (`cot:`), the default kind of annex table.

Columns have a key (`ma`), a header (`ten`) and a kind (`kieu`: chu, so,
thap_phan, phan_tram, tien, ngay, stt); `nhom` puts columns under one merged
header. A computed column has a formula (`cong_thuc`) over the row's other
columns, in the small bounded language of docgen.tables.formula (arithmetic,
comparisons, `min`, `max`, `abs`, `round`; no names but the row's columns, no
Python), computed in the order the formulas need. Constraints (`rang_buoc`) are expressions that must hold for every
row. `tong_cong: true` adds a totals row: figures summed, formulas computed
again from the sums (a rate of the totals, never a sum of rates).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Discriminator, Field, Tag

from docgen.base import vn
from docgen.base.errors import shorten
from docgen.plan import fields
from docgen.plan.deadline import parse
from docgen.plan.fields import Key, Text, described
from docgen.plan.tables import (
    COUNT,
    DATE,
    DECIMAL,
    KINDS,
    MONEY,
    NUMBER,
    NUMERIC,
    PERCENT,
    TEXT,
    Column,
    Computed,
    Figure,
    Grid,
    Group,
    Target,
    formula,
    header_rows,
    leaves,
)

NAME = "bang"


# The roles of a task table's columns (docgen calendar, docgen tasks): a column has one by `vai_tro`,
# or by having one of these names as its key.
ROLES = ("nhiem_vu", "chu_tri", "phoi_hop", "thoi_han", "san_pham")


WIDTH = re.compile(r"^\d+([.,]\d+)?\s*(cm|mm|%)$")


def _width(value: str) -> str:
    if not WIDTH.match(value):
        raise ValueError(f"độ rộng cột viết như `3cm`, `25mm` hoặc `20%`; đang ghi `{value}`")
    return value


class Cot(fields.Model):
    """Một cột của bảng: khóa, tiêu đề, kiểu số liệu; cột tính thì có công thức."""

    ma: Key = Field(description="Khóa của cột, dùng trong các dòng và công thức, ví dụ `so_ho`.",
                    title="Khóa cột", examples=["so_ho", "thon"])
    ten: Text = Field(description="Tiêu đề cột in trong bảng, ví dụ `Số hộ`.", title="Tiêu đề cột",
                      examples=["Số hộ", "Thôn, làng"])
    kieu: Literal[KINDS] = Field(  # type: ignore[valid-type]
        default="chu", title="Kiểu cột", examples=["so", "phan_tram"],
        description="`chu` (chữ), `so` (số nguyên, in 2.737), `thap_phan` (số thập phân), `phan_tram` (tỷ lệ %), "
                    "`tien` (đồng, in 1.500.000), `ngay` (ngày, in 05/02/2025), `stt` (số thứ tự docgen tự đánh).")
    so_le: int | None = Field(default=None, ge=0, le=6, title="Số chữ số thập phân",
                              description="Số chữ số sau dấu phẩy cho `thap_phan`, `phan_tram` (mặc định 1 và 2).")
    dau_phan_tram: bool = Field(default=False, title="In dấu %", examples=[True],
                                description="In dấu «%» sau mỗi số của cột tỷ lệ, như «12,5%» (mặc định: "
                                            "chỉ in số, ghi «%» ở tiêu đề cột).")
    cong_thuc: Text | None = Field(default=None, title="Công thức", examples=["so_khau / so_ho", "round(a / b * 100, 1)"],
                                   description="Cột tính: biểu thức theo các cột số khác của dòng, ví dụ "
                                               "`ho_ngheo / so_ho * 100`. Chỉ dùng tên cột, số, + - * /, ** với số mũ "
                                               "viết sẵn (−64…64), min, max, abs, round(a, n) (n từ −15 đến 15); "
                                               "tối đa 200 phần tử. Chia cho 0 thì in «-». Cột tính không ghi trong "
                                               "các dòng.")
    vai_tro: Literal[ROLES] | None = Field(  # type: ignore[valid-type]
        default=None, title="Vai trò của cột trong bảng nhiệm vụ", examples=["thoi_han", "chu_tri"],
        description="Với bảng nhiệm vụ: `nhiem_vu`, `chu_tri` (đơn vị chủ trì), `phoi_hop` (đơn vị phối hợp), "
                    "`thoi_han`, `san_pham`, để `docgen calendar` và `docgen tasks` biết ô nào là gì. Bỏ trống khi "
                    "khóa cột đã là một trong các tên đó.")
    rong: Annotated[str, AfterValidator(_width)] | None = Field(
        default=None, json_schema_extra={"pattern": WIDTH.pattern}, title="Độ rộng cột",
                             examples=["3cm", "20%"],
                             description="Độ rộng cố định của cột: `3cm`, `25mm` hoặc phần trăm bề rộng bảng `20%`; "
                                         "bỏ trống để docgen tự chia theo nội dung.")
    khong_ngat: bool = Field(default=False, title="Không ngắt dòng", examples=[True],
                             description="`true`: mỗi ô của cột nằm trọn trên một dòng (số điện thoại, mã số…); "
                                         "cột rộng theo ô dài nhất.")


class NhomCot(fields.Model):
    """Các cột chung một tiêu đề gộp ô."""

    nhom: Text = described("Tiêu đề chung (gộp ô) của các cột bên dưới, ví dụ `Số hộ cần sơ tán`.")
    cot: list[CotHayNhom] = described("Các cột dưới tiêu đề chung.", min_length=1)


def _column_kind(value: Any) -> str:
    # a column group has `nhom`; tagged so that one mistake in a column is one error, not one per variant
    if isinstance(value, dict):
        return "NhomCot" if "nhom" in value else "Cot"
    return "NhomCot" if isinstance(value, NhomCot) else "Cot"


CotHayNhom = Annotated[Annotated[Cot, Tag("Cot")] | Annotated[NhomCot, Tag("NhomCot")],
                       Discriminator(_column_kind)]


class RangBuoc(fields.Model):
    """Một điều kiện mọi dòng phải thỏa."""

    kiem_tra: Text = described("Biểu thức phải đúng với mọi dòng, ví dụ `so_khau >= so_ho`: so sánh "
                               "< <= > >= == != giữa số với số, ngày với ngày (chữ chỉ == !=), nối bằng and, or, not.")
    thong_bao: Text = described("Lời báo khi một dòng không thỏa, ví dụ `số khẩu ít hơn số hộ`.")


# A cell as typed: text stays text (30/6/2025 in a text column is not a date); a date column reads
# 30/6/2025 itself (docgen prints it the Vietnamese way, never as YAML's 2025-06-30).
Value = bool | int | float | dt.datetime | dt.date | str | None


class Bang(fields.Model):
    """Một bảng phụ lục tự khai báo các cột (`cot`) và các dòng (`dong`)."""

    loai: Literal["bang"] = described("Loại bảng; bỏ trống với bảng tự khai báo cột.", default="bang")
    ma: Key | None = described(
        "Tên ngắn để văn bản trích số liệu của bảng, ví dụ `so_tan` cho `{{ so_tan.so_ho }}` (tổng cột).",
        default=None)
    tieu_de: Text = described("Tên phụ lục (in hoa), ví dụ `Phương án sơ tán dân khi có thiên tai`.")
    cot: list[CotHayNhom] = described("Các cột, từ trái sang phải.", min_length=1)
    dong: list[dict[str, Value]] = described(
        "Mỗi dòng một bảng `ma_cot: giá trị`; hoặc `nhom: …` cho một dòng tiêu đề nhóm in suốt bảng. Ô cột chữ in "
        "đúng như đã gõ; ô cột ngày viết 30/6/2025 hoặc 2025-06-30, in 30/6/2025.", min_length=1,
        examples=[[{"thon": "Làng Tung", "so_ho": 12, "so_khau": 45}, {"nhom": "Chính quyền số"}]])
    tong_cong: bool = described("In dòng «Tổng cộng»: cộng các cột số, tính lại các cột có công thức.", default=False)
    ten_dong_tong: Text = described("Chữ in ở dòng tổng, ví dụ `Cộng`, `Tổng số`.", default="Tổng cộng")
    rang_buoc: list[RangBuoc] = described("Các điều kiện mọi dòng phải thỏa.", default=[])
    tong_cong_ghi: dict[str, Value] | None = described(
        "Dòng tổng cộng như đã in trong tệp gốc (khi nhập từ Word), `ma_cot: số`: docgen đối chiếu với tổng cộng "
        "tính từ các dòng và báo cột nào không khớp. Sửa số liệu cho khớp rồi xóa mục này.", default=None)


Model = Bang  # every kind names its table model Model


class BangTrongMuc(Bang):
    """Một bảng in ngay trong một mục của kế hoạch (không phải phụ lục): tên bảng không bắt buộc."""

    tieu_de: Text | None = described("Tên bảng (không bắt buộc; bảng trong mục thường không có tên).", default=None)


def tree(table: Bang) -> list:
    """Return the header tree of the declared columns."""
    def node(c):
        if isinstance(c, NhomCot):
            return Group(c.nhom, tuple(node(x) for x in c.cot))
        return column(c)
    return [node(c) for c in table.cot]


def column(c: Cot) -> Column:
    """Return a declared column as the grid holds it."""
    places = c.so_le if c.so_le is not None else {DECIMAL: 1, PERCENT: 2}.get(c.kieu, 0)
    return Column(c.ma, c.ten, c.kieu, places, bool(c.cong_thuc) or c.kieu == NUMBER, "%" if c.dau_phan_tram else "",
                  width=c.rong, nowrap=c.khong_ngat)


def _declared(table: Bang) -> dict[str, Cot]:
    return {key: c for key, (c, _) in _declared_at(table, ()).items()}


def _declared_at(cols_of, at: tuple) -> dict[str, tuple[Cot, tuple]]:
    """Return every declared column by key (the first of a repeated key), with its path."""
    out: dict[str, tuple[Cot, tuple]] = {}

    def walk(cols, where):
        for i, c in enumerate(cols):
            if isinstance(c, NhomCot):
                walk(c.cot, where + (i, "cot"))
            else:
                out.setdefault(c.ma, (c, where + (i,)))
    walk(cols_of.cot, at + ("cot",))
    return out


def _number(value) -> Decimal | int | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return Decimal(repr(value)) if math.isfinite(value) else None
    return value if isinstance(value, Decimal) else None


# --- formulas ------------------------------------------------------------------

# What a table may cost, counted before anything is computed: each formula part evaluated on each row
# (~0.3 µs, docgen.tables.formula) and each cell read, checked and printed (~3 µs, so CELL_COST parts).
# Check and compute make one pass each; measured at the limit, both take 0.5-0.7 s of one core.
BUDGET = 800_000
CELL_COST = 10
LARGEST = 10**15  # a figure typed in a row: as large as a count may be (docgen.fields.Count)


@dataclass(frozen=True)
class Formulas:
    """A table's checked formulas: the computed columns in the order they can be computed, the
    constraints, and where each stands in the YAML."""

    computed: dict[str, formula.Formula] = field(default_factory=dict)
    rules: list[formula.Formula] = field(default_factory=list)
    where: dict[str, tuple] = field(default_factory=dict)  # column key or rule index -> path


def types(kinds: dict[str, str]) -> dict[str, str]:
    """Return what each column (key -> `kieu`) holds as a formula sees it (the row number `stt`
    is not data)."""
    known = {TEXT: formula.TEXT, DATE: formula.DATE} | dict.fromkeys(NUMERIC, formula.NUMBER)
    return {k: known[kind] for k, kind in kinds.items() if kind in known}


def checked_formulas(declared: dict[str, tuple[Cot, tuple]], known: dict[str, str], rules: list[RangBuoc], rows: int,
             at: tuple) -> tuple[Formulas, list[tuple[tuple, str]]]:
    """Return the formulas of a table's declared columns (key -> (column, its path)) and of its
    constraints, over the columns `known` (key -> formula kind), checked before any is evaluated:
    syntax, names, kinds, caps, cycles and the budget of the whole table; and every problem found."""
    numbers = {k: t for k, t in known.items() if t == formula.NUMBER}
    out: list[tuple[tuple, str]] = []
    parsed: dict[str, formula.Formula] = {}
    where: dict[str, tuple] = {}
    for key, (c, path) in declared.items():
        if not c.cong_thuc:
            continue
        where[key] = path + ("cong_thuc",)
        if c.kieu not in NUMERIC:
            out.append((path + ("kieu",), f"cột `{key}` có công thức nên phải có kiểu số (so, thap_phan, phan_tram, tien)."))
            continue
        try:
            parsed[key] = formula.parse(c.cong_thuc, numbers)
        except formula.FormulaError as exc:
            out.append((where[key], f"công thức của cột `{key}` (`{shorten(c.cong_thuc)}`): {exc}."))
    checked = []
    for i, rule in enumerate(rules):
        where[str(i)] = at + ("rang_buoc", i, "kiem_tra")
        try:
            checked.append(formula.parse(rule.kiem_tra, known, want=formula.BOOL))
        except formula.FormulaError as exc:
            out.append((where[str(i)], f"điều kiện `{shorten(rule.kiem_tra)}`: {exc}."))
    order, cycles = _order(parsed)
    out += [(where[cycle[0]], "các cột tính dựa vào nhau thành vòng: " + " → ".join(f"`{k}`" for k in cycle) +
             "; một cột tính không thể dùng, trực tiếp hay gián tiếp, chính nó.") for cycle in cycles]
    per_row = sum(f.cost for f in parsed.values()) + sum(f.cost for f in checked) + CELL_COST * len(declared)
    cost = rows * per_row + sum(f.cost for f in parsed.values())
    if not out and cost > BUDGET:
        out.append((at + ("dong",), (
            f"bảng cần {vn.integer(cost)} phép tính ({vn.integer(rows)} dòng × {vn.integer(per_row)} cho các ô, công "
            f"thức và điều kiện của một dòng), quá giới hạn {vn.integer(BUDGET)} để bảng tính xong trong một giây; "
            "hãy rút gọn công thức hoặc chia thành nhiều bảng.")))
    return Formulas({k: parsed[k] for k in order}, checked, where), out


def _order(parsed: dict[str, formula.Formula]) -> tuple[list[str], list[list[str]]]:
    """Return the computed columns in an order where each comes after those it uses, and every
    cycle among them (`a → b → a`), each reported once. Iterative: a chain may be thousands long."""
    order: list[str] = []
    state: dict[str, int] = {}  # 1: on the path being followed, 2: done
    cycles: list[list[str]] = []
    for start, first in parsed.items():
        if start in state:
            continue
        path, todo = [start], [iter(first.names)]
        state[start] = 1
        while todo:
            name = next(todo[-1], None)
            if name is None:
                todo.pop()
                done = path.pop()
                state[done] = 2
                order.append(done)
            elif name in parsed and state.get(name) == 1:
                cycles.append(path[path.index(name):] + [name])
            elif name in parsed and name not in state:
                state[name] = 1
                path.append(name)
                todo.append(iter(parsed[name].names))
    return order, cycles


def values(kinds: dict[str, str], found: Formulas, row: dict) -> dict[str, Any]:
    """Return the row's values (columns: key -> `kieu`) as a formula reads them (numbers, dates),
    its computed columns filled in. Raise _Failed where a formula cannot be computed."""
    out: dict[str, Any] = {}
    for k, kind in kinds.items():
        value = row.get(k)
        out[k] = _number(value) if kind in NUMERIC else (_date(value) if kind == DATE else value)
    for key, f in found.computed.items():
        try:
            out[key] = formula.evaluate(f, out)
        except formula.FormulaError as exc:
            raise _Failed(key, exc) from None
    return out


class _Failed(Exception):
    def __init__(self, key: str, error: formula.FormulaError):
        super().__init__(key)
        self.key, self.error = key, error


# --- checks ----------------------------------------------------------------


def check(table: Bang, at: tuple) -> list[tuple[tuple, str]]:
    """Return every problem of the table that the schema cannot see, located."""
    out: list[tuple[tuple, str]] = []
    columns = _declared(table)
    seen: set[str] = set()

    def keys(cols, where):
        for i, c in enumerate(cols):
            if isinstance(c, NhomCot):
                keys(c.cot, where + (i, "cot"))
            elif c.ma in seen:
                out.append((where + (i, "ma"), f"khóa cột `{c.ma}` đã dùng cho một cột khác; mỗi cột một khóa."))
            else:
                seen.add(c.ma)
    keys(table.cot, at + ("cot",))
    kinds = {k: c.kieu for k, c in columns.items()}
    found, problems = checked_formulas(_declared_at(table, at), types(kinds), table.rang_buoc, _count_rows(table.dong), at)
    out += problems
    if out:
        return out
    for j, row in enumerate(table.dong):
        out += _row(columns, row, at + ("dong", j))
    out += _deadlines(table, at)
    if out:
        return out
    first = next((k for k, c in columns.items() if c.kieu == TEXT), None)
    out = evaluated(kinds, found, table.dong, at, table.rang_buoc,
                    lambda row: f"{row[first]}: " if first and row.get(first) else "")
    if not out and table.tong_cong_ghi:
        out += _printed_totals(table, columns, at + ("tong_cong_ghi",))
    return out


def _printed_totals(table: Bang, columns: dict[str, Cot], where: tuple) -> list[tuple[tuple, str]]:
    """Return each column whose total as printed in the source (a hand-made file, imported) differs
    from the sum of the rows."""
    out = []
    figures = compute(table, 0).figures
    for key, printed in table.tong_cong_ghi.items():
        figure = figures.get(key)
        if key not in columns or figure is None:
            numeric = ", ".join(sorted(k for k in figures if k != "so_dong"))
            out.append((where + (key,), f"`{key}` không phải cột số của bảng; các cột số: {numeric}."))
            continue
        if isinstance(printed, bool) or not isinstance(printed, (int, float)) or figure.value is None:
            continue
        shown, typed = cell(figure.value, column(columns[key])), cell(printed, column(columns[key]))
        if shown != typed:
            out.append((where + (key,), (f"dòng Tổng cộng, cột `{key}` «{columns[key].ten}»: tệp gốc in {typed} "
                                        f"nhưng cộng các dòng được {shown}; hãy tìm dòng ghi sai (hoặc sửa tổng), "
                                        "khớp rồi thì xóa `tong_cong_ghi`.")))
    return out


def _count_rows(rows: list[dict]) -> int:
    return sum(1 for r in rows if "nhom" not in r)


def evaluated(kinds: dict[str, str], found: Formulas, rows: list[dict], at: tuple, rules: list[RangBuoc],
              name, totals=None) -> list[tuple[tuple, str]]:
    """Return what evaluating the formulas over every row (column key -> typed value) and over the
    totals finds: the rows a constraint fails on, and the first row each formula cannot be computed
    for (too large…). `name(row)` names a row's unit («Làng Tung: »); `totals(rows)` gives the
    totals row's typed figures from the rows as computed (by default each number column summed)."""
    out: list[tuple[tuple, str]] = []
    failed: set[str] = set()
    computed_rows: list[dict] = []

    def fail(key: str, error: formula.FormulaError, where: str) -> None:
        if key not in failed:
            failed.add(key)
            text = found.computed[key].text if key in found.computed else found.rules[int(key)].text
            what = f"công thức của cột `{key}`" if key in found.computed else "điều kiện"
            out.append((found.where[key], f"{what} (`{shorten(text)}`) không tính được ở {where}: {error}."))

    def here(j: int, row: dict) -> str:
        unit = name(row).rstrip(": ")
        return f"dòng {j + 1}" + (f" ({unit})" if unit else "")

    for j, row in enumerate(rows):
        if "nhom" in row:
            continue
        try:
            vals = values(kinds, found, row)
        except _Failed as exc:
            fail(exc.key, exc.error, here(j, row))
            continue
        computed_rows.append(vals)
        for i, (rule, f) in enumerate(zip(rules, found.rules)):
            try:
                result = formula.evaluate(f, vals)
            except formula.FormulaError as exc:
                fail(str(i), exc, here(j, row))
                continue
            if result is False:
                first = f.names[0] if f.names else None
                out.append((at + ("dong", j) + ((first,) if first in row else ()),
                            f"{name(row)}{rule.thong_bao} ({rule.kiem_tra})."))
    try:
        values(kinds, found, (totals or (lambda rows: sums(kinds, found, rows)))(computed_rows))
    except _Failed as exc:
        fail(exc.key, exc.error, "dòng tổng cộng")
    return out


def _row(columns: dict[str, Cot], row: dict, where: tuple) -> list[tuple[tuple, str]]:
    if "nhom" in row:
        extra = sorted(set(row) - {"nhom"})
        if extra or not isinstance(row["nhom"], str):
            return [(where, "dòng nhóm chỉ ghi `nhom: Tên nhóm`.")]
        return []
    out = []
    for key in row:
        if key not in columns and not str(key).isidentifier():
            out.append((where + (key,), (f"`{key}` không phải tên cột: trong một dòng viết dạng {{…}}, dấu phẩy tách "
                                        "các cột; giá trị có dấu phẩy phải đặt trong dấu nháy kép \"…\".")))
        elif key not in columns:
            from difflib import get_close_matches  # difflib: off the validate path (a misspelt key only)

            close = get_close_matches(key, list(columns), n=1)
            hint = f"; có phải ý bạn là `{close[0]}`?" if close else f"; các cột: {', '.join(columns)}."
            out.append((where + (key,), f"bảng không có cột `{key}`{hint}"))
        elif columns[key].cong_thuc or columns[key].kieu == NUMBER:
            out.append((where + (key,), f"cột `{key}` do docgen tính; hãy xóa giá trị này."))
    return out + cells(columns, row, where)


def cells(columns: dict[str, Cot], row: dict, where: tuple) -> list[tuple[tuple, str]]:
    """Return what is wrong with the typed values of a row's declared columns."""
    out = []
    for key, c in columns.items():
        value = row.get(key)
        if value is None or c.cong_thuc or c.kieu == NUMBER:
            continue
        number = _number(value)
        if number is not None and abs(number) >= LARGEST:
            out.append((where + (key,), f"cột `{key}`: số quá lớn (tối đa 15 chữ số); đang ghi `{shorten(value)}`."))
        elif c.kieu in (COUNT, MONEY) and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            out.append((where + (key,), f"cột `{key}` phải là số nguyên không âm; đang ghi `{shorten(value)}`."))
        elif c.kieu in (DECIMAL, PERCENT) and number is None:
            out.append((where + (key,), f"cột `{key}` phải là số, ví dụ 8.2; đang ghi `{shorten(value)}`."))
        elif c.kieu == TEXT and isinstance(value, bool):  # YAML 1.1: yes, no, on, off are true and false
            out.append((where + (key,), (f"cột chữ `{key}`: YAML đọc chữ này (yes, no, on, off, true, false) thành "
                                         "giá trị đúng/sai, nên không in được như đã gõ; hãy đặt nó trong dấu nháy "
                                         "kép, ví dụ \"yes\".")))
        elif c.kieu == DATE and not _date(value):
            out.append((where + (key,), (f"cột `{key}` phải là ngày, ví dụ 2025-03-31 hoặc 31/03/2025; "
                                         f"đang ghi `{shorten(value)}`.")))
    return out


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):  # typed with a time of day: the day is what a table prints
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", str(value))
    try:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else None
    except ValueError:
        return None


# --- computing and printing -------------------------------------------------------


def cell(value, column: Column) -> str:
    """Return a cell as printed: numbers the Vietnamese way, dates 30/6/2025, text as typed."""
    if value is None:
        return "-" if column.kind in NUMERIC else ""
    if column.kind in NUMERIC:
        return vn.number(value, column.decimals) + column.suffix
    if column.kind == DATE and _date(value):
        return vn.short_date(_date(value))
    if isinstance(value, dt.date):  # typed 2025-06-30 unquoted, which YAML reads as a date: never ISO
        return vn.short_date(_date(value))
    return str(value)


def compute(table: Bang, year: int) -> Computed:
    """Return the printed grid and, for each numeric column, its total as a quotable figure."""
    columns = _declared(table)
    kinds = {k: c.kieu for k, c in columns.items()}
    found, _ = checked_formulas(_declared_at(table, ()), types(kinds), table.rang_buoc, _count_rows(table.dong), ())
    header = tree(table)
    cols = leaves(header)
    grid = Grid(cols, header_rows(header))
    group, number, rows = 0, 0, []
    for row in table.dong:
        if "nhom" in row:
            group, number = group + 1, 0
            grid.rows.append(("nhom", [f"{vn.roman(group)}. {row['nhom']}"]))
            continue
        number += 1
        computed = values(kinds, found, row)
        rows.append(computed)
        grid.rows.append(("dong", [str(number) if c.kind == NUMBER else cell(computed.get(c.key), c) for c in cols]))
    totals = values(kinds, found, sums(kinds, found, rows))
    if table.tong_cong:
        label = next((c.key for c in cols if c.kind == TEXT), None)
        grid.rows.append(("tong", [table.ten_dong_tong if c.key == label else
                                   cell(totals[c.key], c) if c.kind in NUMERIC else "" for c in cols]))
    figures = {c.key: Figure(totals[c.key], c.kind, c.decimals,
                             "" if totals[c.key] is not None else f"cột `{c.key}` không tính được trên dòng tổng",
                             column=c.key if table.tong_cong else None)
               for c in cols if c.kind in NUMERIC}
    figures["so_dong"] = Figure(len(rows), COUNT)
    return Computed(grid, figures)


def sums(kinds: dict[str, str], found: Formulas, rows: list[dict]) -> dict[str, Any]:
    """Return the totals row's typed figures: each numeric column summed (formulas are computed
    again from these sums: a rate of the totals, never a sum of rates)."""
    return {k: sum((v[k] for v in rows if v.get(k) is not None), 0)
            for k, kind in kinds.items() if kind in NUMERIC and k not in found.computed}


def formulas(table: Bang) -> dict[str, str]:
    """Return the formula of each computed column, by key."""
    return {key: c.cong_thuc for key, c in _declared(table).items() if c.cong_thuc}


_UNITS = {PERCENT: "%", MONEY: "đồng"}


def _unit(c: Column) -> str:
    """Return a column's ĐVT: «%», «đồng» by its kind; a count headed «Số hộ» counts «hộ»."""
    counted = re.match(r"(?i)số (\w+)$", c.title) if c.kind == COUNT else None
    return _UNITS.get(c.kind) or (counted.group(1).lower() if counted else "")


def targets(table: Bang, computed: Computed) -> list[Target]:
    """Return the figures a report may measure results against: each numeric column's total, as a
    level to reach (a declared table does not say which way is better), ĐVT from the column."""
    return [Target(c.key, c.title, _unit(c)) for c in leaves(tree(table)) if c.kind in NUMERIC and c.key in computed.figures]


def default_title(table: Bang, year: int) -> str:
    return table.tieu_de


def roll_forward(node, table: Bang, old: int, new: int) -> tuple[list[str], list[str], str]:
    """A declared table is the plan's own: its rows stay, for the user to bring up to date."""
    name = table.ma or table.tieu_de
    return [], [f"phụ lục {name}: xem lại số liệu cho năm {new}"], f"số liệu của năm {old}: hãy cập nhật cho năm {new}."


def roles(table: Bang) -> dict[str, str]:
    """Return the key of the column that has each task role (role -> column key)."""
    out: dict[str, str] = {}
    for key, c in _declared(table).items():
        role = c.vai_tro or (key if key in ROLES else None)
        if role:
            out.setdefault(role, key)
    return out


def _deadlines(table: Bang, at: tuple) -> list[tuple[tuple, str]]:
    """A task table's deadline cells must each name a deadline a calendar can place."""
    key = roles(table).get("thoi_han")
    out = []
    for j, row in enumerate(table.dong if key else []):
        value = row.get(key)
        if value not in (None, "") and "nhom" not in row:
            try:
                parse(value)
            except ValueError as exc:
                out.append((at + ("dong", j, key), str(exc) + "."))
    return out

"""A table whose columns the plan declares (`cot:`), the default kind of annex table.

Columns have a key (`ma`), a header (`ten`) and a kind (`kieu`: chu, so,
thap_phan, phan_tram, tien, ngay, stt); `nhom` puts columns under one merged
header. A computed column has a formula (`cong_thuc`) over the row's other
columns, in a small safe expression language (simpleeval: arithmetic,
comparisons, `min`, `max`, `abs`, `round`; no names but the row's columns, no
Python). Constraints (`rang_buoc`) are expressions that must hold for every
row. `tong_cong: true` adds a totals row: figures summed, formulas computed
again from the sums (a rate of the totals, never a sum of rates).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, Discriminator, Field, Tag

from docgen.base import vn
from docgen.plan import fields
from docgen.plan.fields import Date, Key, Text, described
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
    header_rows,
    leaves,
)

NAME = "bang"
FUNCTIONS = {"min": min, "max": max, "abs": abs, "round": round}


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
    cong_thuc: Text | None = Field(default=None, title="Công thức", examples=["so_khau / so_ho", "a - b"],
                                   description="Cột tính: biểu thức theo các cột khác của dòng, ví dụ "
                                               "`ho_ngheo / so_ho * 100`. Cột tính không ghi trong các dòng.")
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

    kiem_tra: Text = described("Biểu thức phải đúng với mọi dòng, ví dụ `so_khau >= so_ho`.")
    thong_bao: Text = described("Lời báo khi một dòng không thỏa, ví dụ `số khẩu ít hơn số hộ`.")


Value = Union[bool, int, float, Date, str, None]


class Bang(fields.Model):
    """Một bảng phụ lục tự khai báo các cột (`cot`) và các dòng (`dong`)."""

    loai: Literal["bang"] = described("Loại bảng; bỏ trống với bảng tự khai báo cột.", default="bang")
    ma: Key | None = described(
        "Tên ngắn để văn bản trích số liệu của bảng, ví dụ `so_tan` cho `{{ so_tan.so_ho }}` (tổng cột).",
        default=None)
    tieu_de: Text = described("Tên phụ lục (in hoa), ví dụ `Phương án sơ tán dân khi có thiên tai`.")
    cot: list[CotHayNhom] = described("Các cột, từ trái sang phải.", min_length=1)
    dong: list[dict[str, Value]] = described(
        "Mỗi dòng một bảng `ma_cot: giá trị`; hoặc `nhom: …` cho một dòng tiêu đề nhóm in suốt bảng.", min_length=1,
        examples=[[{"thon": "Làng Tung", "so_ho": 12, "so_khau": 45}, {"nhom": "Chính quyền số"}]])
    tong_cong: bool = described("In dòng «Tổng cộng»: cộng các cột số, tính lại các cột có công thức.", default=False)
    rang_buoc: list[RangBuoc] = described("Các điều kiện mọi dòng phải thỏa.", default=[])


Model = Bang  # every kind names its table model Model


def tree(table: Bang) -> list:
    """Return the header tree of the declared columns."""
    def node(c):
        if isinstance(c, NhomCot):
            return Group(c.nhom, tuple(node(x) for x in c.cot))
        places = c.so_le if c.so_le is not None else {DECIMAL: 1, PERCENT: 2}.get(c.kieu, 0)
        return Column(c.ma, c.ten, c.kieu, places, bool(c.cong_thuc) or c.kieu == NUMBER, c.rong, c.khong_ngat)
    return [node(c) for c in table.cot]


def _declared(table: Bang) -> dict[str, Cot]:
    out: dict[str, Cot] = {}

    def walk(cols):
        for c in cols:
            if isinstance(c, NhomCot):
                walk(c.cot)
            else:
                out.setdefault(c.ma, c)
    walk(table.cot)
    return out


def _names(expression: str) -> list[str]:
    """Return the names an expression uses, in the order they are written (functions left out)."""
    import ast

    found = [n for n in ast.walk(ast.parse(expression, mode="eval")) if isinstance(n, ast.Name)]
    ordered = sorted(found, key=lambda n: (n.lineno, n.col_offset))
    return list(dict.fromkeys(n.id for n in ordered if n.id not in FUNCTIONS))


def _evaluate(expression: str, names: dict[str, Any]):
    """Return the value of expression over names; None where a value is missing or a division is by 0."""
    import simpleeval

    if any(names.get(n) is None for n in _names(expression)):
        return None
    try:
        return simpleeval.SimpleEval(names=names, functions=FUNCTIONS).eval(expression)
    except (ZeroDivisionError, ArithmeticError):
        return None


def _number(value) -> Decimal | int | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return Decimal(str(value))
    return value if isinstance(value, Decimal) else None


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
    numeric = {k for k, c in columns.items() if c.kieu in NUMERIC}
    for key, c in columns.items():
        if c.cong_thuc:
            out += _expression(c.cong_thuc, numeric - {key}, at + ("cot",), f"công thức của cột `{key}`")
            if c.kieu not in NUMERIC:
                out.append((at + ("cot",), f"cột `{key}` có công thức nên phải có kiểu số (so, thap_phan, phan_tram, tien)."))
    for i, rule in enumerate(table.rang_buoc):
        out += _expression(rule.kiem_tra, set(columns), at + ("rang_buoc", i, "kiem_tra"), "điều kiện")
    if out:
        return out
    for j, row in enumerate(table.dong):
        out += _row(table, columns, row, at + ("dong", j))
    return out


def _expression(text: str, allowed: set[str], where: tuple, what: str) -> list[tuple[tuple, str]]:
    try:
        names = _names(text)
    except SyntaxError:
        return [(where, f"{what} `{text}` viết sai; dùng tên cột, số, + - * / ( ) và so sánh < <= > >= == !=.")]
    unknown = [n for n in names if n not in allowed]
    if unknown:
        choices = ", ".join(sorted(allowed)) or "(không có)"
        return [(where, f"{what} `{text}` dùng `{'`, `'.join(unknown)}` không phải cột số của bảng; các cột dùng được: {choices}.")]
    return []


def _row(table: Bang, columns: dict[str, Cot], row: dict, where: tuple) -> list[tuple[tuple, str]]:
    if "nhom" in row:
        extra = sorted(set(row) - {"nhom"})
        if extra or not isinstance(row["nhom"], str):
            return [(where, "dòng nhóm chỉ ghi `nhom: Tên nhóm`.")]
        return []
    out = []
    for key in row:
        if key not in columns and not str(key).isidentifier():
            out.append((where + (key,), f"`{key}` không phải tên cột: trong một dòng viết dạng {{…}}, dấu phẩy tách "
                                        "các cột; giá trị có dấu phẩy phải đặt trong dấu nháy kép \"…\"."))
        elif key not in columns:
            from difflib import get_close_matches

            close = get_close_matches(key, list(columns), n=1)
            hint = f"; có phải ý bạn là `{close[0]}`?" if close else f"; các cột: {', '.join(columns)}."
            out.append((where + (key,), f"bảng không có cột `{key}`{hint}"))
        elif columns[key].cong_thuc or columns[key].kieu == NUMBER:
            out.append((where + (key,), f"cột `{key}` do docgen tính; hãy xóa giá trị này."))
    for key, c in columns.items():
        value = row.get(key)
        if value is None or c.cong_thuc or c.kieu == NUMBER:
            continue
        if c.kieu in (COUNT, MONEY) and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            out.append((where + (key,), f"cột `{key}` phải là số nguyên không âm; đang ghi `{value}`."))
        elif c.kieu in (DECIMAL, PERCENT) and _number(value) is None:
            out.append((where + (key,), f"cột `{key}` phải là số, ví dụ 8.2; đang ghi `{value}`."))
        elif c.kieu == DATE and not isinstance(value, dt.date) and not _date(value):
            out.append((where + (key,), f"cột `{key}` phải là ngày, ví dụ 2025-03-31 hoặc 31/03/2025; đang ghi `{value}`."))
    if out:
        return out
    values = _values(columns, row)
    for rule in table.rang_buoc:
        result = _evaluate(rule.kiem_tra, values)
        if result is False:
            first = _names(rule.kiem_tra)
            name = _unit(table, row)
            out.append((where + ((first[0],) if first and first[0] in row else ()),
                        f"{name}{rule.thong_bao} ({rule.kiem_tra})."))
    return out


def _unit(table: Bang, row: dict) -> str:
    first = next((c.ma for c in _declared(table).values() if c.kieu == TEXT), None)
    return f"{row[first]}: " if first and row.get(first) else ""


def _date(value) -> dt.date | None:
    m = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", str(value))
    try:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else None
    except ValueError:
        return None


def _values(columns: dict[str, Cot], row: dict) -> dict[str, Any]:
    """Return the row's values as numbers where numbers, its formulas computed in column order."""
    values = {k: (_number(row.get(k)) if c.kieu in NUMERIC else row.get(k)) for k, c in columns.items()}
    for key, c in columns.items():
        if c.cong_thuc:
            values[key] = _number(_evaluate(c.cong_thuc, values))
    return values


# --- computing and printing -------------------------------------------------------


def _print(value, column: Column) -> str:
    if value is None:
        return "-" if column.kind in NUMERIC else ""
    if column.kind in (COUNT, MONEY) and column.decimals == 0:
        return vn.integer(int(Decimal(value).to_integral_value()))
    if column.kind in NUMERIC:
        return vn.number(value, column.decimals)
    if column.kind == DATE:
        day = value if isinstance(value, dt.date) else _date(value)
        return day.strftime("%d/%m/%Y") if day else str(value)
    return str(value)


def compute(table: Bang, year: int) -> Computed:
    """Return the printed grid and, for each numeric column, its total as a quotable figure."""
    columns = _declared(table)
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
        values = _values(columns, row)
        rows.append(values)
        grid.rows.append(("dong", [str(number) if c.kind == NUMBER else _print(values.get(c.key), c) for c in cols]))
    totals = {k: sum((v[k] for v in rows if v[k] is not None), 0) if c.kieu in NUMERIC and not c.cong_thuc else None
              for k, c in columns.items()}
    for key, c in columns.items():
        if c.cong_thuc:
            totals[key] = _number(_evaluate(c.cong_thuc, totals))
    if table.tong_cong:
        label = next((c.key for c in cols if c.kind == TEXT), None)
        grid.rows.append(("tong", ["Tổng cộng" if c.key == label else
                                   _print(totals[c.key], c) if c.kind in NUMERIC else "" for c in cols]))
    figures = {c.key: Figure(totals[c.key], c.kind, c.decimals,
                             "" if totals[c.key] is not None else f"cột `{c.key}` không tính được trên dòng tổng",
                             column=c.key if table.tong_cong else None)
               for c in cols if c.kind in NUMERIC}
    figures["so_dong"] = Figure(len(rows), COUNT)
    return Computed(grid, figures)


def default_title(table: Bang, year: int) -> str:
    return table.tieu_de


def roll_forward(node, table: Bang, old: int, new: int) -> tuple[list[str], list[str], str]:
    """A declared table is the plan's own: its rows stay, for the user to bring up to date."""
    name = table.ma or table.tieu_de
    return [], [f"phụ lục {name}: xem lại số liệu cho năm {new}"], f"số liệu của năm {old}: hãy cập nhật cho năm {new}."


"""The poverty-reduction table (`loai: giam_ngheo`): one row of counts per unit, every rate computed.

Its 19 columns are those of the 2024 Kông Chro plan; with near-poor counts in
its rows (`ho_can_ngheo`, `thoat_can_ngheo`, `can_ngheo_phat_sinh`) six more
follow, as plans from 2022 on carry them. Rounding rules, found by reproducing
all 152 figures of that plan (a spreadsheet keeps full precision and rounds
only for display):

* a rate is the exact ratio × 100, shown rounded half-up to 2 decimals
  (21 / 409 = 5,1344… → "5,13");
* the reduction of the rate (column 19) is the difference of the *exact*
  rates, shown to 1 decimal (Plei Pyang: 47,826… − 36,676… = 11,149… → "11,1");
* the reductions the text quotes (`muc_giam`, `muc_giam_dtts`) are differences
  of the rates *as printed* in the total row, so that a reader can check them
  against the table (25,28 − 20,28 = "5,00").

A rate over 0 households has no value and prints "-". All arithmetic is Decimal.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace
from typing import Literal

from pydantic import ConfigDict, Field, model_validator
from pydantic.json_schema import SkipJsonSchema

from docgen.base import vn
from docgen.plan import fields, hints
from docgen.plan.fields import Count, Key, Text, described
from docgen.plan.tables import (
    COUNT,
    DECIMAL,
    DOWN,
    PERCENT,
    TEXT,
    UP,
    Column,
    Computed,
    Figure,
    Grid,
    Group,
    Target,
    UnitTargets,
    extra,
    header_rows,
    leaves,
)
from docgen.plan.tables.declared import Value

NAME = "giam_ngheo"
RATE = Decimal("0.01")
DROP = Decimal("0.1")


def _count(description: str, title: str, example: int) -> object:
    return Field(description=description, title=title, examples=[example])


def _optional(description: str, title: str, example: int) -> object:
    return Field(default=None, description=description, title=title, examples=[example])


def _extra_cells(schema: dict, cls) -> None:
    hints.annotate(schema, cls)
    schema["additionalProperties"] = {"description": "Giá trị của một cột thêm (`cot_them`) của bảng, theo khóa cột."}


class Dong(fields.Model):
    """Một đơn vị (tổ dân phố, thôn…) của bảng giảm nghèo: chỉ ghi số hộ, mọi tỷ lệ do docgen tính."""

    model_config = ConfigDict(json_schema_extra=_extra_cells)

    ten: Text = Field(description="Tên đơn vị (không ghi `TDP`, `thôn`), ví dụ `Plei Nghe`, `1`.", title="Tên đơn vị",
                      examples=["Plei Nghe", "1"])
    so_ho: Count = _count("Tổng số hộ dân cư cuối năm trước.", "Tổng số hộ đầu năm", 492)
    so_ho_dtts: Count = _count("Trong đó số hộ dân tộc thiểu số (DTTS), cuối năm trước.", "Số hộ DTTS đầu năm", 430)
    ho_ngheo: Count = _count("Số hộ nghèo cuối năm trước.", "Số hộ nghèo đầu năm", 222)
    ho_ngheo_dtts: Count = _count("Trong đó số hộ nghèo DTTS, cuối năm trước.", "Số hộ nghèo DTTS đầu năm", 216)
    thoat_ngheo: Count = _count("Số hộ thoát nghèo trong năm kế hoạch.", "Số hộ thoát nghèo", 38)
    thoat_ngheo_dtts: Count = _count("Trong đó hộ DTTS thoát nghèo.", "Số hộ DTTS thoát nghèo", 37)
    tai_ngheo: Count = _count("Số hộ tái nghèo trong năm kế hoạch.", "Số hộ tái nghèo", 0)
    tai_ngheo_dtts: Count = _count("Trong đó hộ DTTS tái nghèo.", "Số hộ DTTS tái nghèo", 0)
    phat_sinh: Count = _count("Số hộ nghèo phát sinh trong năm kế hoạch.", "Số hộ nghèo phát sinh", 0)
    phat_sinh_dtts: Count = _count("Trong đó hộ DTTS nghèo phát sinh.", "Số hộ DTTS nghèo phát sinh", 0)
    du_kien_so_ho: Count = _count("Dự kiến tổng số hộ dân cư cuối năm kế hoạch.", "Dự kiến tổng số hộ cuối năm", 499)
    du_kien_so_ho_dtts: Count = _count("Dự kiến số hộ DTTS cuối năm kế hoạch.", "Dự kiến số hộ DTTS cuối năm", 436)
    ho_can_ngheo: Count | None = _optional(
        "Không bắt buộc: số hộ cận nghèo cuối năm trước. Ghi ở một dòng thì phải ghi ở mọi dòng; bảng có thêm "
        "các cột hộ cận nghèo.", "Số hộ cận nghèo đầu năm", 35)
    thoat_can_ngheo: Count | None = _optional("Số hộ thoát cận nghèo trong năm kế hoạch.", "Số hộ thoát cận nghèo", 8)
    can_ngheo_phat_sinh: Count | None = _optional(
        "Số hộ cận nghèo phát sinh trong năm (kể cả hộ thoát nghèo trở thành cận nghèo).",
        "Số hộ cận nghèo phát sinh", 5)
    du_kien_ho_ngheo: Count | None = _optional(
        "Không bắt buộc. Số hộ nghèo cuối năm nếu muốn đối chiếu (docgen tự tính và báo lỗi nếu khác).",
        "Số hộ nghèo cuối năm (đối chiếu)", 184)
    du_kien_ho_ngheo_dtts: Count | None = _optional(
        "Không bắt buộc. Số hộ nghèo DTTS cuối năm nếu muốn đối chiếu.", "Số hộ nghèo DTTS cuối năm (đối chiếu)", 179)
    ty_le_giam: Decimal | None = Field(default=None, title="Tỷ lệ hộ nghèo giảm (đối chiếu)", examples=[8.2],
                                       description="Không bắt buộc. Tỷ lệ hộ nghèo giảm (%) nếu muốn đối chiếu, "
                                                   "ví dụ 8.2.")
    # The values of the table's extra columns (`cot_them`), written in the row beside the others
    # and gathered here before validation (docgen.tables.extra.gather).
    them: SkipJsonSchema[dict[str, Value]] = Field(default={}, exclude=True)


class BangGiamNgheo(fields.Model):
    """Bảng tổng hợp chỉ tiêu giảm nghèo (`loai: giam_ngheo`): các cột, quy tắc và cách tính có sẵn."""

    loai: Literal["giam_ngheo"] = described("Loại bảng: `giam_ngheo`, bảng tổng hợp chỉ tiêu giảm nghèo.",
                                            default="giam_ngheo")
    ma: Key = described("Tên ngắn để văn bản trích số liệu của bảng, ví dụ `{{ giam_ngheo.ty_le_cuoi_nam }}`.",
                        default=NAME)
    tieu_de: Text | None = described(
        "Tên phụ lục (in hoa). Bỏ trống: «Tổng hợp biểu mẫu chỉ tiêu đăng ký giảm nghèo năm …».", default=None)
    don_vi: Text = described("Loại đơn vị trong bảng, ví dụ `tổ dân phố`, `thôn`, `làng`.")
    viet_tat: Text | None = described("Chữ viết tắt in trước tên đơn vị, ví dụ `TDP`.", default=None)
    dong: list[Dong] = described("Mỗi đơn vị một dòng, theo thứ tự in trong bảng.", min_length=1, examples=[[{
        "ten": "Plei Nghe", "so_ho": 492, "so_ho_dtts": 430, "ho_ngheo": 222, "ho_ngheo_dtts": 216, "thoat_ngheo": 38,
        "thoat_ngheo_dtts": 37, "tai_ngheo": 0, "tai_ngheo_dtts": 0, "phat_sinh": 0, "phat_sinh_dtts": 0,
        "du_kien_so_ho": 499, "du_kien_so_ho_dtts": 436}]])
    cot_them: list[extra.CotThem] = described(
        "Các cột thêm vào bảng có sẵn, mỗi cột in ngay sau cột `sau`; khai báo như cột của bảng tự khai báo "
        "(`ma`, `ten`, `kieu`, `cong_thuc` theo các cột của bảng). Giá trị ghi trong từng dòng như các cột "
        "khác, ví dụ `can_ngheo_dtts: 12`; dòng tổng cộng cộng cột số, tính lại cột có công thức.",
        default=[], examples=[[{"ma": "can_ngheo_dtts", "ten": "Trong đó hộ DTTS", "kieu": "so", "sau": "ty_le_can_ngheo"},
                               {"ma": "ty_le_can_ngheo_dtts", "ten": "Tỷ lệ %", "kieu": "phan_tram",
                                "cong_thuc": "can_ngheo_dtts / so_ho_dtts * 100", "sau": "can_ngheo_dtts"}]])

    @model_validator(mode="before")
    @classmethod
    def _gather(cls, value):
        return extra.gather(value, reserved=set(Dong.model_fields))


Model = BangGiamNgheo  # every kind names its table model Model

COUNTS = ("so_ho", "so_ho_dtts", "ho_ngheo", "ho_ngheo_dtts", "thoat_ngheo", "thoat_ngheo_dtts", "tai_ngheo",
          "tai_ngheo_dtts", "phat_sinh", "phat_sinh_dtts", "du_kien_so_ho", "du_kien_so_ho_dtts")
NEAR_POOR = ("ho_can_ngheo", "thoat_can_ngheo", "can_ngheo_phat_sinh")


def label(table: BangGiamNgheo, name: str) -> str:
    """Return a unit's name as printed in the table: "TDP Plei Nghe"."""
    return f"{table.viet_tat} {name}" if table.viet_tat else name


def exact_rate(part: int, whole: int) -> Decimal | None:
    """Return part / whole × 100 at full Decimal precision, or None when whole is 0."""
    return None if whole == 0 else Decimal(part) * 100 / Decimal(whole)


def shown(value: Decimal | None, step: Decimal = RATE) -> Decimal | None:
    """Return a rate rounded for printing (half-up, as spreadsheets display it); never "-0"."""
    if value is None:
        return None
    rounded = value.quantize(step, rounding=ROUND_HALF_UP)
    return abs(rounded) if rounded == 0 else rounded


def _diff(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else a - b


@dataclass(frozen=True)
class Row:
    """The figures of one unit (or of the total), in the order of the table's columns."""

    ten: str
    so_ho: int
    so_ho_dtts: int
    ho_ngheo: int
    ty_le: Decimal | None
    ho_ngheo_dtts: int
    ty_le_dtts: Decimal | None
    thoat_ngheo: int
    thoat_ngheo_dtts: int
    tai_ngheo: int
    tai_ngheo_dtts: int
    phat_sinh: int
    phat_sinh_dtts: int
    du_kien_so_ho: int
    du_kien_so_ho_dtts: int
    cuoi_ho_ngheo: int
    cuoi_ty_le: Decimal | None
    cuoi_ho_ngheo_dtts: int
    cuoi_ty_le_dtts: Decimal | None
    ty_le_giam: Decimal | None
    ho_can_ngheo: int | None = None
    ty_le_can_ngheo: Decimal | None = None
    thoat_can_ngheo: int | None = None
    can_ngheo_phat_sinh: int | None = None
    cuoi_can_ngheo: int | None = None
    cuoi_ty_le_can_ngheo: Decimal | None = None

    @classmethod
    def from_counts(cls, ten: str, c: dict[str, int | None]) -> Row:
        """Return the row computed from the input counts."""
        end = c["ho_ngheo"] - c["thoat_ngheo"] + c["tai_ngheo"] + c["phat_sinh"]
        end_dtts = c["ho_ngheo_dtts"] - c["thoat_ngheo_dtts"] + c["tai_ngheo_dtts"] + c["phat_sinh_dtts"]
        start_rate = exact_rate(c["ho_ngheo"], c["so_ho"])
        end_rate = exact_rate(end, c["du_kien_so_ho"])
        near = {}
        if c.get("ho_can_ngheo") is not None:
            near_end = c["ho_can_ngheo"] - c["thoat_can_ngheo"] + c["can_ngheo_phat_sinh"]
            near = {"ty_le_can_ngheo": exact_rate(c["ho_can_ngheo"], c["so_ho"]), "cuoi_can_ngheo": near_end,
                        "cuoi_ty_le_can_ngheo": exact_rate(near_end, c["du_kien_so_ho"])}
        return cls(
            ten=ten,
            ty_le=start_rate,
            ty_le_dtts=exact_rate(c["ho_ngheo_dtts"], c["so_ho_dtts"]),
            cuoi_ho_ngheo=end,
            cuoi_ty_le=end_rate,
            cuoi_ho_ngheo_dtts=end_dtts,
            cuoi_ty_le_dtts=exact_rate(end_dtts, c["du_kien_so_ho_dtts"]),
            ty_le_giam=_diff(start_rate, end_rate),
            **near,
            **c,
        )


def _counts(row: Dong) -> dict[str, int | None]:
    return {f: getattr(row, f) for f in COUNTS + NEAR_POOR}


def _has_near_poor(table: BangGiamNgheo) -> bool:
    return any(r.ho_can_ngheo is not None for r in table.dong)


def rows(table: BangGiamNgheo, total_label: str = "Tổng cộng") -> tuple[list[Row], Row]:
    """Return every unit's Row and the total Row (counts summed, rates from the sums)."""
    counts = [_counts(r) for r in table.dong]  # once per row (a total is 14 sums over them)
    units = [Row.from_counts(r.ten, c) for r, c in zip(table.dong, counts)]
    near = _has_near_poor(table)
    sums = {f: sum(c[f] or 0 for c in counts) for f in COUNTS + (NEAR_POOR if near else ())}
    sums |= {} if near else {f: None for f in NEAR_POOR}
    return units, Row.from_counts(total_label, sums)


# --- the printed table ----------------------------------------------------------

COMPUTED = {"ty_le", "ty_le_dtts", "cuoi_ho_ngheo", "cuoi_ty_le", "cuoi_ho_ngheo_dtts", "cuoi_ty_le_dtts", "ty_le_giam",
            "ty_le_can_ngheo", "cuoi_can_ngheo", "cuoi_ty_le_can_ngheo"}


# The computed columns as formulas over the row's columns, in the language of declared tables
# (docgen.tables.declared): what Row.from_counts computes, as `docgen export` writes it into a
# spreadsheet. A rate stays exact where another formula uses it; it is rounded only when shown.
FORMULAS = {
    "ty_le": "ho_ngheo / so_ho * 100",
    "ty_le_dtts": "ho_ngheo_dtts / so_ho_dtts * 100",
    "cuoi_ho_ngheo": "ho_ngheo - thoat_ngheo + tai_ngheo + phat_sinh",
    "cuoi_ty_le": "cuoi_ho_ngheo / du_kien_so_ho * 100",
    "cuoi_ho_ngheo_dtts": "ho_ngheo_dtts - thoat_ngheo_dtts + tai_ngheo_dtts + phat_sinh_dtts",
    "cuoi_ty_le_dtts": "cuoi_ho_ngheo_dtts / du_kien_so_ho_dtts * 100",
    "ty_le_giam": "ty_le - cuoi_ty_le",
    "ty_le_can_ngheo": "ho_can_ngheo / so_ho * 100",
    "cuoi_can_ngheo": "ho_can_ngheo - thoat_can_ngheo + can_ngheo_phat_sinh",
    "cuoi_ty_le_can_ngheo": "cuoi_can_ngheo / du_kien_so_ho * 100",
}


def formulas(table: BangGiamNgheo) -> dict[str, str]:
    """Return the formula of each computed column, by key (FORMULAS)."""
    return FORMULAS


def _col(key: str, title: str, kind: str, decimals: int = 0) -> Column:
    return Column(key, title, kind, decimals, key in COMPUTED)


def columns(table: BangGiamNgheo, year: int) -> list:
    """Return the table's header tree for a plan of year."""
    before = year - 1

    def pair(first: str, second: str, a: str, b: str) -> tuple:
        return _col(a, first, COUNT), _col(b, second, COUNT)

    tree = [
        _col("ten", table.don_vi[:1].upper() + table.don_vi[1:], TEXT),
        Group(f"Tổng số hộ dân cư cuối năm {before}", pair("Tổng số hộ", "Trong đó hộ DTTS", "so_ho", "so_ho_dtts")),
        Group(f"Số hộ nghèo cuối năm {before}", (
            _col("ho_ngheo", "Tổng số hộ", COUNT), _col("ty_le", "Tỷ lệ %", PERCENT, 2),
            _col("ho_ngheo_dtts", "Trong đó hộ DTTS", COUNT), _col("ty_le_dtts", "Tỷ lệ %", PERCENT, 2))),
        Group(f"Diễn biến hộ nghèo trong năm {year}", (
            Group("Số hộ thoát nghèo", pair("Tổng số hộ", "Trong đó DTTS", "thoat_ngheo", "thoat_ngheo_dtts")),
            Group("Số hộ tái nghèo", pair("Tổng số hộ", "Trong đó DTTS", "tai_ngheo", "tai_ngheo_dtts")),
            Group("Số hộ nghèo phát sinh", pair("Tổng số hộ", "Trong đó DTTS", "phat_sinh", "phat_sinh_dtts")))),
        Group(f"Dự kiến tổng số hộ dân cư năm {year}",
              pair("Tổng số hộ", "Trong đó hộ DTTS", "du_kien_so_ho", "du_kien_so_ho_dtts")),
        Group(f"Dự kiến hộ nghèo cuối năm {year}", (
            _col("cuoi_ho_ngheo", "Tổng số hộ", COUNT), _col("cuoi_ty_le", "Tỷ lệ %", PERCENT, 2),
            _col("cuoi_ho_ngheo_dtts", "Trong đó hộ DTTS", COUNT),
            _col("cuoi_ty_le_dtts", "Tỷ lệ %", PERCENT, 2))),
        _col("ty_le_giam", "Tỷ lệ hộ nghèo giảm (%)", DECIMAL, 1),
    ]
    if _has_near_poor(table):
        tree.append(Group("Hộ cận nghèo", (
            _col("ho_can_ngheo", f"Cuối năm {before}", COUNT), _col("ty_le_can_ngheo", "Tỷ lệ %", PERCENT, 2),
            _col("thoat_can_ngheo", "Thoát cận nghèo", COUNT),
            _col("can_ngheo_phat_sinh", "Phát sinh", COUNT),
            _col("cuoi_can_ngheo", f"Dự kiến cuối năm {year}", COUNT),
            _col("cuoi_ty_le_can_ngheo", "Tỷ lệ %", PERCENT, 2))))
    return extra.placed(tree, table.cot_them)


def printed_counts(near_poor: bool) -> tuple[str | None, ...]:
    """Return, for each figure column of the printed table from left to right, the count typed in the
    YAML, or None where docgen computes the column: how a printed poverty table reads back into
    rows (docgen import -o)."""
    table = SimpleNamespace(don_vi="", cot_them=[], dong=[SimpleNamespace(ho_can_ngheo=0 if near_poor else None)])
    return tuple(None if c.computed else c.key for c in leaves(columns(table, 0)) if c.kind != TEXT)


def _own(table: BangGiamNgheo) -> list[Column]:
    """Return the kind's own leaf columns (the extra ones left out)."""
    added = {c.ma for c in table.cot_them}
    return [c for c in leaves(columns(table, 0)) if c.key not in added]


def _values(row: Row, own: list[Column]) -> dict:
    return {c.key: getattr(row, c.key) for c in own}


def _cell(value, column: Column) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return "-"
    if column.kind == COUNT:
        return vn.integer(value)
    return vn.decimal(shown(value, DROP if column.decimals == 1 else RATE), column.decimals)


def compute(table: BangGiamNgheo, year: int) -> Computed:
    """Return the printed grid of the table and the figures the text may quote."""
    units, total = rows(table)
    tree = columns(table, year)
    cols = leaves(tree)
    grid = Grid(cols, header_rows(tree))
    own = _own(table)
    added, totals = extra.compute(table.cot_them, own, [_values(u, own) for u in units],
                                  [r.them for r in table.dong], _values(total, own))
    keys = {c.ma for c in table.cot_them}

    def cells(row: Row, more: dict, name: str | None = None) -> list[str]:
        out = []
        for c in cols:
            if c.key in keys:
                out.append(extra.cell(more.get(c.key), c, total=name is None))
            else:
                out.append(name if c.key == "ten" and name else _cell(getattr(row, c.key), c))
        return out

    for row, more in zip(units, added):
        grid.rows.append(("dong", cells(row, more, label(table, row.ten))))
    grid.rows.append(("tong", cells(total, totals)))
    return Computed(grid, figures(table, total, year) | extra.figures(table.cot_them, totals))


def figures(table: BangGiamNgheo, total: Row, year: int) -> dict[str, Figure]:
    """Return what the text may quote of the total row (`{{ giam_ngheo.ty_le_cuoi_nam }}`)."""
    none = "bảng không có hộ nào ở cột mẫu số nên không tính được tỷ lệ"
    out = {name: Figure(getattr(total, name), COUNT, column=name)
           for name in COUNTS + ("cuoi_ho_ngheo", "cuoi_ho_ngheo_dtts")}

    def rate(key: str) -> Figure:
        value = getattr(total, key)
        return Figure(shown(value), PERCENT, 2, "" if value is not None else none, column=key)

    def fall(start: str, end: str) -> Figure:
        value = _diff(shown(getattr(total, start)), shown(getattr(total, end)))
        return Figure(value, PERCENT, 2, "" if value is not None else none, column=start, minus=end)

    out |= {
        "ty_le_dau_nam": rate("ty_le"),
        "ty_le_cuoi_nam": rate("cuoi_ty_le"),
        "ty_le_dtts_dau_nam": rate("ty_le_dtts"),
        "ty_le_dtts_cuoi_nam": rate("cuoi_ty_le_dtts"),
        "muc_giam": fall("ty_le", "cuoi_ty_le"),
        "muc_giam_dtts": fall("ty_le_dtts", "cuoi_ty_le_dtts"),
    }
    if total.ho_can_ngheo is not None:
        out |= {
            "ho_can_ngheo": Figure(total.ho_can_ngheo, COUNT, column="ho_can_ngheo"),
            "thoat_can_ngheo": Figure(total.thoat_can_ngheo, COUNT, column="thoat_can_ngheo"),
            "can_ngheo_phat_sinh": Figure(total.can_ngheo_phat_sinh, COUNT, column="can_ngheo_phat_sinh"),
            "cuoi_can_ngheo": Figure(total.cuoi_can_ngheo, COUNT, column="cuoi_can_ngheo"),
            # «giảm 21 hộ cận nghèo»: households at the start minus those expected at the end
            "giam_can_ngheo": Figure(total.ho_can_ngheo - total.cuoi_can_ngheo, COUNT, column="ho_can_ngheo",
                                     minus="cuoi_can_ngheo"),
            "ty_le_can_ngheo_dau_nam": rate("ty_le_can_ngheo"),
            "ty_le_can_ngheo_cuoi_nam": rate("cuoi_ty_le_can_ngheo"),
            "muc_giam_can_ngheo": fall("ty_le_can_ngheo", "cuoi_ty_le_can_ngheo"),
        }
    return out


def default_title(table: BangGiamNgheo, year: int) -> str:
    return table.tieu_de or f"Tổng hợp biểu mẫu chỉ tiêu đăng ký giảm nghèo năm {year}"


# --- what a report measures against (docgen report) ---------------------------

# The figures of the total row a report can hold results against: title, ĐVT, direction, and for a
# reduction the figure of the starting level. The counts of the year's movements are not targets.
_TARGETS = (
    Target("ty_le_cuoi_nam", "Tỷ lệ hộ nghèo cuối năm", "%", DOWN, "ty_le_dau_nam"),
    Target("muc_giam", "Mức giảm tỷ lệ hộ nghèo", "%", UP),
    Target("cuoi_ho_ngheo", "Số hộ nghèo cuối năm", "hộ", DOWN, "ho_ngheo"),
    Target("thoat_ngheo", "Số hộ thoát nghèo", "hộ", UP),
    Target("ty_le_dtts_cuoi_nam", "Tỷ lệ hộ nghèo dân tộc thiểu số cuối năm", "%", DOWN, "ty_le_dtts_dau_nam"),
    Target("muc_giam_dtts", "Mức giảm tỷ lệ hộ nghèo dân tộc thiểu số", "%", UP),
    Target("cuoi_ho_ngheo_dtts", "Số hộ nghèo dân tộc thiểu số cuối năm", "hộ", DOWN, "ho_ngheo_dtts"),
    Target("thoat_ngheo_dtts", "Số hộ dân tộc thiểu số thoát nghèo", "hộ", UP),
    Target("ty_le_can_ngheo_cuoi_nam", "Tỷ lệ hộ cận nghèo cuối năm", "%", DOWN, "ty_le_can_ngheo_dau_nam"),
    Target("muc_giam_can_ngheo", "Mức giảm tỷ lệ hộ cận nghèo", "%", UP),
    Target("cuoi_can_ngheo", "Số hộ cận nghèo cuối năm", "hộ", DOWN, "ho_can_ngheo"),
    Target("giam_can_ngheo", "Số hộ cận nghèo giảm", "hộ", UP),
    Target("thoat_can_ngheo", "Số hộ thoát cận nghèo", "hộ", UP),
)


def targets(table: BangGiamNgheo, computed: Computed) -> list[Target]:
    """Return the total row's figures a report measures results against (those the table has)."""
    return [t for t in _TARGETS if t.name in computed.figures]


def unit_targets(table: BangGiamNgheo, computed: Computed) -> UnitTargets:
    """Return each unit's expected year-end poor households and rate, with the year's start beside."""
    units, _ = rows(table)
    wanted = [Target("ho_ngheo", "Số hộ nghèo cuối năm", "hộ", DOWN, "ho_ngheo_dau_ky"),
              Target("ty_le", "Tỷ lệ hộ nghèo cuối năm", "%", DOWN, "ty_le_dau_ky")]
    out = []
    for j, row in enumerate(units):
        out.append((label(table, row.ten), j, {
            "ho_ngheo": Figure(row.cuoi_ho_ngheo, COUNT), "ho_ngheo_dau_ky": Figure(row.ho_ngheo, COUNT),
            "ty_le": Figure(shown(row.cuoi_ty_le), PERCENT, 2), "ty_le_dau_ky": Figure(shown(row.ty_le), PERCENT, 2)}))
    return UnitTargets(table.don_vi, wanted, out)


# --- checks ----------------------------------------------------------------

NAMES = {
    "so_ho": "tổng số hộ",
    "so_ho_dtts": "số hộ DTTS",
    "ho_ngheo": "số hộ nghèo đầu năm",
    "ho_ngheo_dtts": "số hộ nghèo DTTS đầu năm",
    "thoat_ngheo": "số hộ thoát nghèo",
    "thoat_ngheo_dtts": "số hộ DTTS thoát nghèo",
    "tai_ngheo": "số hộ tái nghèo",
    "tai_ngheo_dtts": "số hộ DTTS tái nghèo",
    "phat_sinh": "số hộ nghèo phát sinh",
    "phat_sinh_dtts": "số hộ DTTS nghèo phát sinh",
    "du_kien_so_ho": "dự kiến tổng số hộ cuối năm",
    "du_kien_so_ho_dtts": "dự kiến số hộ DTTS cuối năm",
    "du_kien_ho_ngheo": "số hộ nghèo cuối năm",
    "du_kien_ho_ngheo_dtts": "số hộ nghèo DTTS cuối năm",
    "ty_le_giam": "tỷ lệ hộ nghèo giảm (%)",
    "ho_can_ngheo": "số hộ cận nghèo đầu năm",
    "thoat_can_ngheo": "số hộ thoát cận nghèo",
    "can_ngheo_phat_sinh": "số hộ cận nghèo phát sinh",
}

# (part, whole): the part may never exceed the whole.
_PARTS = [
    ("so_ho_dtts", "so_ho"),
    ("ho_ngheo", "so_ho"),
    ("ho_ngheo_dtts", "ho_ngheo"),
    ("ho_ngheo_dtts", "so_ho_dtts"),
    ("thoat_ngheo", "ho_ngheo"),
    ("thoat_ngheo_dtts", "ho_ngheo_dtts"),
    ("thoat_ngheo_dtts", "thoat_ngheo"),
    ("tai_ngheo_dtts", "tai_ngheo"),
    ("phat_sinh_dtts", "phat_sinh"),
    ("du_kien_so_ho_dtts", "du_kien_so_ho"),
]
_NEAR_PARTS = [("thoat_can_ngheo", "ho_can_ngheo")]


def check(table: BangGiamNgheo, at: tuple) -> list[tuple[tuple, str]]:
    """Return (path, message) for every inconsistent count of the table, all at once."""
    out: list[tuple[tuple, str]] = []
    first: dict[str, int] = {}
    near = _has_near_poor(table)
    for i, r in enumerate(table.dong):
        here = at + ("dong", i)
        name = label(table, r.ten)
        if r.ten in first:
            out.append((here + ("ten",), (f"tên đơn vị `{r.ten}` trùng với dòng thứ {first[r.ten] + 1} của phụ lục; "
                                         "mỗi đơn vị chỉ ghi một dòng.")))
        first.setdefault(r.ten, i)
        c = _counts(r)
        out += _near_poor_problems(c, here, name, near)
        if any(c[f] is None for f in NEAR_POOR):  # reported above, or not kept: no near-poor arithmetic
            c |= dict.fromkeys(NEAR_POOR)
        for part, whole in _PARTS + (_NEAR_PARTS if near and c["ho_can_ngheo"] is not None else []):
            if c[part] is not None and c[whole] is not None and c[part] > c[whole]:
                tail = (": không thể có nhiều hộ thoát nghèo hơn số hộ nghèo đầu năm"
                        if part.startswith("thoat_ngheo") and whole.startswith("ho_ngheo") else "")
                out.append((here + (part,), f"{name}: {NAMES[part]} ({c[part]}) lớn hơn {NAMES[whole]} ({c[whole]}){tail}."))
        out += _balance(r, c, here, name)
    if table.cot_them and not out:
        units, total = rows(table)
        own = _own(table)
        out += extra.check(table.cot_them, own, [_values(u, own) for u in units], [r.them for r in table.dong],
                           _values(total, own), at, lambda j: label(table, table.dong[j].ten),
                           reserved=set(Dong.model_fields))
    return out


def _near_poor_problems(c: dict, here: tuple, name: str, near: bool) -> list[tuple[tuple, str]]:
    given = [f for f in NEAR_POOR if c[f] is not None]
    if not near or len(given) == len(NEAR_POOR):
        return [(here + (f,), (f"{name}: có {NAMES[f]} nhưng thiếu số hộ cận nghèo đầu năm (`ho_can_ngheo`); "
                              "hãy ghi đủ ba cột cận nghèo.")) for f in given] if not near else []
    missing = [f for f in NEAR_POOR if c[f] is None]
    return [(here, f"{name}: bảng có cột hộ cận nghèo nên dòng này phải ghi cả {', '.join(f'`{f}`' for f in missing)}.")]


def _balance(r: Dong, c: dict, here: tuple, name: str) -> list[tuple[tuple, str]]:
    """Return what the counts of one row imply that cannot be (a knock-on of a reported error excepted)."""
    out = []
    for part, whole, what in (("ho_ngheo", "so_ho", "số hộ nghèo đầu năm"), ("thoat_ngheo", "ho_ngheo", "số hộ thoát nghèo")):
        others, room = c[part] - c[part + "_dtts"], c[whole] - c[whole + "_dtts"]
        reported = c[part + "_dtts"] > c[part] or c[part] > c[whole] or c[whole + "_dtts"] > c[whole]
        if not reported and others > room:
            out.append((here + (part + "_dtts",), (
                f"{name}: {what} không phải DTTS ({others} = {c[part]} − {c[part + '_dtts']}) lớn hơn "
                f"{NAMES[whole]} không phải DTTS ({room}); hãy kiểm tra cột DTTS."
            )))
    row = Row.from_counts(r.ten, c)
    not_dtts = r.du_kien_so_ho - r.du_kien_so_ho_dtts
    if not_dtts >= 0 and row.cuoi_ho_ngheo - row.cuoi_ho_ngheo_dtts > not_dtts:
        out.append((here + ("du_kien_so_ho_dtts",), (
            f"{name}: dự kiến số hộ không phải DTTS cuối năm ({not_dtts}) nhỏ hơn "
            f"số hộ nghèo không phải DTTS cuối năm ({row.cuoi_ho_ngheo - row.cuoi_ho_ngheo_dtts})."
        )))
    if row.cuoi_ho_ngheo > r.du_kien_so_ho:
        out.append((here + ("du_kien_so_ho",), (
            f"{name}: dự kiến tổng số hộ cuối năm ({r.du_kien_so_ho}) nhỏ hơn số hộ nghèo cuối năm "
            f"({row.cuoi_ho_ngheo} = {r.ho_ngheo} − {r.thoat_ngheo} + {r.tai_ngheo} + {r.phat_sinh})."
        )))
    if row.cuoi_ho_ngheo_dtts > r.du_kien_so_ho_dtts:
        out.append((here + ("du_kien_so_ho_dtts",), (
            f"{name}: dự kiến số hộ DTTS cuối năm ({r.du_kien_so_ho_dtts}) nhỏ hơn số hộ nghèo DTTS cuối năm "
            f"({row.cuoi_ho_ngheo_dtts})."
        )))
    if row.cuoi_can_ngheo is not None and row.cuoi_can_ngheo + row.cuoi_ho_ngheo > r.du_kien_so_ho:
        out.append((here + ("can_ngheo_phat_sinh",), (
            f"{name}: số hộ nghèo và cận nghèo cuối năm ({row.cuoi_ho_ngheo} + {row.cuoi_can_ngheo}) lớn hơn "
            f"dự kiến tổng số hộ cuối năm ({r.du_kien_so_ho})."
        )))
    for stated, computed in (
        ("du_kien_ho_ngheo", row.cuoi_ho_ngheo),
        ("du_kien_ho_ngheo_dtts", row.cuoi_ho_ngheo_dtts),
        ("ty_le_giam", shown(row.ty_le_giam, DROP)),
    ):
        value = getattr(r, stated)
        if value is not None and computed is None:
            out.append((here + (stated,), (f"{name}: {NAMES[stated]} ghi là {value}, nhưng đơn vị không có hộ "
                                          "nào nên không tính được; hãy xóa dòng này.")))
        elif value is not None and value != computed:
            out.append((here + (stated,), (
                f"{name}: {NAMES[stated]} ghi là {value}, nhưng tính từ các số liệu của dòng được {computed}; "
                "hãy sửa số liệu đầu vào hoặc xóa dòng này (docgen tự tính)."
            )))
    return out


# --- next year ----------------------------------------------------------------

IN_YEAR = ("thoat_ngheo", "thoat_ngheo_dtts", "tai_ngheo", "tai_ngheo_dtts", "phat_sinh", "phat_sinh_dtts")
STATED = ("du_kien_ho_ngheo", "du_kien_ho_ngheo_dtts", "ty_le_giam")


def roll_forward(node, table: BangGiamNgheo, old: int, new: int) -> tuple[list[str], list[str], str]:
    """Turn the table's YAML node (round-trip) into next year's: the year-end figures become the
    start, the year's movements 0, the expected year-end the start. Return (changed, review, the
    comment to put above the rows)."""
    units, _ = rows(table)
    near = _has_near_poor(table)
    for row, computed in zip(node["dong"], units, strict=True):
        row["so_ho"], row["so_ho_dtts"] = row["du_kien_so_ho"], row["du_kien_so_ho_dtts"]
        row["ho_ngheo"], row["ho_ngheo_dtts"] = computed.cuoi_ho_ngheo, computed.cuoi_ho_ngheo_dtts
        for key in IN_YEAR + (("thoat_can_ngheo", "can_ngheo_phat_sinh") if near else ()):
            row[key] = 0
        if near:
            row["ho_can_ngheo"] = computed.cuoi_can_ngheo
        for key in STATED:
            row.pop(key, None)
    first = node["dong"][0]
    name = label(table, str(first["ten"]))
    changed = [(f"phụ lục {table.ma}: {len(units)} đơn vị lấy số cuối năm {old} làm số đầu năm {new} "
               f"(ví dụ {name}: {first['so_ho']} hộ, {first['ho_ngheo']} hộ nghèo)")]
    review = [f"phụ lục {table.ma}: điền diễn biến trong năm {new} và dự kiến cuối năm {new}"]
    review += [f"phụ lục {table.ma}: xem lại cột thêm `{c.ma}` ({c.ten}) cho năm {new}"
               for c in table.cot_them if not c.cong_thuc]
    comment = (f"số đầu năm {new} lấy từ dự kiến cuối năm {old} và số hộ nghèo cuối năm {old} đã tính.\n"
               f"Hãy điền diễn biến trong năm {new} (thoát nghèo, tái nghèo, phát sinh, đang là 0)\n"
               f"và dự kiến cuối năm {new} (đang để bằng số đầu năm).")
    return changed, review, comment


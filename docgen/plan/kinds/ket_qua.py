"""The results table of a report (`loai: ket_qua`): one row per target, the rate and grade computed.

A Báo cáo on a plan measures each target the plan set: Chỉ tiêu | ĐVT | Kế hoạch | Thực
hiện | Tỷ lệ so với kế hoạch (%) | Đánh giá. The plan's figures are copied by `docgen
report` (each row names the figure it copies in `nguon`, and docgen.plan.link holds the
copy to the plan); the results (`thuc_hien`) are typed by the office.

Rules (all arithmetic Decimal, the poverty table's way: exact values kept, rounded only
when shown):

* a level to reach (`chieu: tang`): rate = thực hiện ÷ kế hoạch × 100;
* a reduction (`chieu: giam`, with the plan's starting level `dau_ky`): rate = the fall
  achieved ÷ the fall planned × 100 (25,28 → plan 20,28, a fall of 5,00; ending at 20,50 is
  a fall of 4,78: 95,6 %);
* the grade compares the exact figures: «Đạt» when the result equals the plan, «Vượt» when
  it is better (higher for a level, lower for a reduction), «Không đạt» when worse;
* the rate is shown to 1 decimal, half-up (as the poverty table shows a reduction), except
  that it never reads 100,0 unless the plan is met exactly: a result just short shows 99,9,
  just over 100,1, so that the rate and the grade never disagree on the page;
* a rate over a plan of 0 (or a planned fall of 0) has no value and prints «-»; the grade
  still compares the figures.

A row whose result is not typed yet prints blank cells and «-», is a warning of `validate`,
and a quote of its figures prints «…» (docgen.plan.quotes, `Figure.pending`).

A row with `ma` is quoted by the report's text: `{{ ket_qua.<ma>_thuc_hien }}`,
`<ma>_ke_hoach`, `<ma>_ty_le`, and for a reduction `<ma>_dau_ky`, `<ma>_giam_ke_hoach`,
`<ma>_giam_thuc_hien` (the falls); the table's `so_chi_tieu`, `so_dat` (Đạt or Vượt),
`so_vuot`, `so_khong_dat` count the rows.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field

from docgen.base import vn
from docgen.plan import fields
from docgen.plan.fields import Key, Text, described
from docgen.plan.tables import (
    COUNT,
    DECIMAL,
    DOWN,
    NUMBER,
    PERCENT,
    TEXT,
    UP,
    Column,
    Computed,
    Figure,
    Grid,
    header_rows,
)
from docgen.plan.tables.linked import Copy, Missing, shown, written

NAME = "ket_qua"
STEP = Decimal("0.1")
HUNDRED = Decimal(100)
DAT, VUOT, KHONG_DAT = "Đạt", "Vượt", "Không đạt"
LARGEST = Decimal(10) ** 15
PENDING = "chưa điền số thực hiện (`thuc_hien`)"


def _decimal(value):
    """A figure typed 20.28, 20,28, 45 or «20,50» (as text): a Decimal, the digits as typed."""
    if isinstance(value, bool):
        raise ValueError(f"phải là một số, ví dụ 20.28; đang ghi `{value}`")  # noqa: TRY004 (pydantic reports ValueError)
    number = getattr(value, "number", None)
    if isinstance(value, str) and number is not None:
        return Decimal(number)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        if "," in text and "." in text:  # 1.234,5: the Vietnamese way
            text = text.replace(".", "")
        try:
            out = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise ValueError(f"phải là một số, ví dụ 20.28 hoặc 20,28; đang ghi `{value}`") from None
        if not out.is_finite():
            raise ValueError(f"phải là một số; đang ghi `{value}`")
        return out
    return value


def _bounded(value: Decimal) -> Decimal:
    if abs(value) > LARGEST:
        raise ValueError("số quá lớn")
    return value


Number = Annotated[Decimal, BeforeValidator(_decimal), AfterValidator(_bounded), Field(allow_inf_nan=False)]
Direction = Literal["tang", "giam"]


def places(*values: Decimal | None) -> int:
    """Return the decimal places the figures are written with (the most of them)."""
    return max([0] + [max(0, -v.as_tuple().exponent) for v in values if v is not None and v.is_finite()])


class ChiTieu(fields.Model):
    """Một chỉ tiêu của bảng kết quả: số kế hoạch (chép từ kế hoạch), số thực hiện (điền), docgen tính tỷ lệ."""

    ma: Key | None = described(
        "Tên ngắn để văn bản trích số liệu của dòng, ví dụ `ty_le_ngheo` → `{{ ket_qua.ty_le_ngheo_thuc_hien }}`, "
        "`{{ ket_qua.ty_le_ngheo_ty_le }}`.", default=None)
    ten: Text = described("Tên chỉ tiêu, ví dụ `Tỷ lệ hộ nghèo cuối năm`.")
    dvt: Text | None = described("Đơn vị tính, ví dụ `%`, `hộ`, `người`.", default=None)
    chieu: Direction = described(
        "`tang`: mức cần đạt (tỷ lệ = thực hiện ÷ kế hoạch × 100); `giam`: mức cần giảm từ `dau_ky` (tỷ lệ = "
        "mức đã giảm ÷ mức kế hoạch giảm × 100).", default=UP)
    so_le: int | None = Field(default=None, ge=0, le=6, description=(
        "Số chữ số thập phân khi in kế hoạch và thực hiện, ví dụ `2` cho 20,28. Bỏ trống: như số đã ghi."))
    nguon: Text | None = described(
        "Số liệu của kế hoạch mà `ke_hoach` chép lại, ví dụ `giam_ngheo.ty_le_cuoi_nam` (docgen report ghi; "
        "docgen đối chiếu với kế hoạch mỗi lần kiểm tra).", default=None)
    nguon_dau_ky: Text | None = described(
        "Số liệu của kế hoạch mà `dau_ky` chép lại, ví dụ `giam_ngheo.ty_le_dau_nam`.", default=None)
    ke_hoach: Number = described("Chỉ tiêu kế hoạch, ví dụ 20.28.")
    dau_ky: Number | None = described("Với chỉ tiêu giảm: mức đầu kỳ của kế hoạch, ví dụ 25.28.", default=None)
    thuc_hien: Number | None = described("Kết quả thực hiện (để trống cho đến khi có số), ví dụ 20.50.",
                                         default=None)


class BangKetQua(fields.Model):
    """Bảng kết quả thực hiện các chỉ tiêu của một báo cáo (`loai: ket_qua`): tỷ lệ và đánh giá do docgen tính."""

    loai: Literal["ket_qua"] = described("Loại bảng: `ket_qua`, kết quả thực hiện các chỉ tiêu.", default=NAME)
    ma: Key = described("Tên ngắn để văn bản trích số liệu của bảng, ví dụ `{{ ket_qua.so_dat }}`.", default=NAME)
    tieu_de: Text | None = described(
        "Tên phụ lục (in hoa). Bỏ trống: «Kết quả thực hiện các chỉ tiêu năm …».", default=None)
    dong: list[ChiTieu] = described("Mỗi chỉ tiêu một dòng, theo thứ tự in.", min_length=1)


Model = BangKetQua  # every kind names its table model Model


# --- the arithmetic -------------------------------------------------------------


def grade(direction: str, plan: Decimal, actual: Decimal | None) -> str | None:
    """Return «Đạt», «Vượt» or «Không đạt» (None without a result), comparing exact figures."""
    if actual is None:
        return None
    better = actual - plan if direction == UP else plan - actual
    return DAT if better == 0 else VUOT if better > 0 else KHONG_DAT


def exact_rate(direction: str, plan: Decimal, actual: Decimal | None, start: Decimal | None = None) -> Decimal | None:
    """Return the rate of a result against its plan, exact; None without a result or over a plan of 0."""
    if actual is None:
        return None
    if direction == DOWN:
        if start is None or start <= plan:  # no fall planned: no share of it to give, only the grade
            return None
        planned, achieved = start - plan, start - actual
    else:
        planned, achieved = plan, actual
    return None if planned == 0 else achieved * HUNDRED / planned


def shown_rate(rate: Decimal | None, graded: str | None) -> Decimal | None:
    """Return a rate as printed: 1 decimal, half-up, never 100,0 unless the plan is met exactly."""
    if rate is None:
        return None
    out = rate.quantize(STEP, rounding=ROUND_HALF_UP)
    if graded == KHONG_DAT and out >= HUNDRED:
        return HUNDRED - STEP
    if graded == VUOT and out <= HUNDRED:
        return HUNDRED + STEP
    return out


def rate(direction: str, plan: Decimal, actual: Decimal | None, start: Decimal | None = None) -> Decimal | None:
    """Return the rate as the table prints it (95,6 for the 2024 poverty rate ending at 20,50)."""
    return shown_rate(exact_rate(direction, plan, actual, start), grade(direction, plan, actual))


def number(value: Decimal | None, decimals: int) -> str:
    """Return a figure as the table prints it: 2.737, 20,28; blank when there is none."""
    if value is None:
        return ""
    if decimals == 0 and value == value.to_integral_value():
        return vn.integer(int(value))
    return vn.number(value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP), decimals)


def figure(value: Decimal | None, unit: str | None, decimals: int, *, pending: bool = False) -> Figure:
    kind = PERCENT if unit == "%" else COUNT if decimals == 0 else DECIMAL
    return Figure(value, kind, decimals, PENDING if pending and value is None else "", pending=pending and value is None)


# --- the table ------------------------------------------------------------------


def _decimals(row: ChiTieu) -> int:
    return row.so_le if row.so_le is not None else places(row.ke_hoach, row.dau_ky)


def _name(row: ChiTieu) -> str:
    """Return the target as printed: a reduction says where it starts («(đầu kỳ: 25,28%)»)."""
    if row.chieu != DOWN or row.dau_ky is None:
        return row.ten
    unit = "%" if row.dvt == "%" else f" {row.dvt}" if row.dvt else ""
    return f"{row.ten} (đầu kỳ: {number(row.dau_ky, _decimals(row))}{unit})"


COLUMNS = (Column("stt", "STT", NUMBER), Column("ten", "Chỉ tiêu", TEXT), Column("dvt", "ĐVT", TEXT),
           Column("ke_hoach", "Kế hoạch", DECIMAL, 2), Column("thuc_hien", "Thực hiện", DECIMAL, 2),
           Column("ty_le", "Tỷ lệ so với kế hoạch (%)", DECIMAL, 1, computed=True),
           Column("danh_gia", "Đánh giá", TEXT, computed=True))


def compute(table: BangKetQua, year: int) -> Computed:
    """Return the printed grid and the figures the report's text may quote."""
    grid = Grid(list(COLUMNS), header_rows(COLUMNS))
    figures: dict[str, Figure] = {}
    grades = []
    for i, row in enumerate(table.dong, 1):
        d = _decimals(row)
        graded = grade(row.chieu, row.ke_hoach, row.thuc_hien)
        shown = rate(row.chieu, row.ke_hoach, row.thuc_hien, row.dau_ky)
        grades.append(graded)
        grid.rows.append(("dong", [str(i), _name(row), row.dvt or "", number(row.ke_hoach, d),
                                   number(row.thuc_hien, d), "-" if shown is None else vn.number(shown, 1),
                                   graded or ""]))
        if row.ma:
            figures |= _row_figures(row, d, shown)
    pending = None in grades
    figures |= {
        "so_chi_tieu": Figure(len(grades), COUNT),
        "so_dat": _count(grades, (DAT, VUOT), pending),
        "so_vuot": _count(grades, (VUOT,), pending),
        "so_khong_dat": _count(grades, (KHONG_DAT,), pending),
    }
    return Computed(grid, figures)


def _count(grades: list[str | None], wanted: tuple[str, ...], pending: bool) -> Figure:
    return Figure(None if pending else sum(g in wanted for g in grades), COUNT,
                  missing=PENDING if pending else "", pending=pending)


def _row_figures(row: ChiTieu, d: int, shown: Decimal | None) -> dict[str, Figure]:
    ma, unit, waiting = row.ma, row.dvt, row.thuc_hien is None
    out = {
        f"{ma}_ke_hoach": figure(row.ke_hoach, unit, d),
        f"{ma}_thuc_hien": figure(row.thuc_hien, unit, d, pending=True),
        f"{ma}_ty_le": Figure(shown, DECIMAL, 1, PENDING if waiting else "" if shown is not None else
                              "kế hoạch bằng 0 nên không tính được tỷ lệ", pending=waiting),
    }
    if row.chieu == DOWN and row.dau_ky is not None:
        out |= {
            f"{ma}_dau_ky": figure(row.dau_ky, unit, d),
            f"{ma}_giam_ke_hoach": figure(row.dau_ky - row.ke_hoach, unit, d),
            f"{ma}_giam_thuc_hien": figure(None if waiting else row.dau_ky - row.thuc_hien, unit, d, pending=True),
        }
    return out


def check(table: BangKetQua, at: tuple) -> list[tuple[tuple, str]]:
    """Return what the schema cannot say: a reduction needs its start; names unique. (A reduction whose
    plan is not below its start — the plan expects it to hold or to rise — has no rate, only its grade.)"""
    out: list[tuple[tuple, str]] = []
    seen: dict[str, int] = {}
    for i, row in enumerate(table.dong):
        here = at + ("dong", i)
        if row.ma:
            if row.ma in seen:
                out.append((here + ("ma",), (f"hai chỉ tiêu cùng `ma: {row.ma}` (dòng {seen[row.ma] + 1} và {i + 1}); "
                                            "hãy đặt tên khác nhau để văn bản trích đúng dòng.")))
            seen.setdefault(row.ma, i)
        if row.chieu == DOWN and row.dau_ky is None:
            out.append((here, (f"chỉ tiêu «{row.ten}» là chỉ tiêu giảm (`chieu: giam`) nên phải ghi mức đầu kỳ "
                              "(`dau_ky`), ví dụ tỷ lệ hộ nghèo đầu năm, để tính mức đã giảm so với mức kế hoạch giảm.")))
    return out


def warnings(table: BangKetQua, at: tuple) -> list[tuple[tuple, str]]:
    """Return the results left to fill: a starter report validates, and says what is missing."""
    return [(at + ("dong", i, "thuc_hien"), f"chưa điền số thực hiện (`thuc_hien`) của chỉ tiêu «{row.ten}».")
            for i, row in enumerate(table.dong) if row.thuc_hien is None]


def _sources(row: ChiTieu):
    """Yield (source, field) of each plan figure a row copies: its plan level and its start."""
    for source, key in ((row.nguon, "ke_hoach"), (row.nguon_dau_ky, "dau_ky")):
        if source:
            yield source, key


def held(table: BangKetQua, here: tuple) -> list[tuple[tuple, Decimal | None, str]]:
    """Return each plan figure the rows hold as copied (docgen.plan.tables.linked)."""
    return [(here + ("dong", j, key), getattr(row, key), row.ma or row.nguon or row.ten)
            for j, row in enumerate(table.dong) for _, key in _sources(row)]


def copies(table: BangKetQua, here: tuple, plan, figure, annex) -> tuple[list[Copy], list[Missing]]:
    """Return each copied figure beside the plan's, by the source its row names (docgen.plan.tables.linked)."""
    out, missing = [], []
    for j, row in enumerate(table.dong):
        for source, key in _sources(row):
            found = figure(source, here + ("dong", j, "nguon" if key == "ke_hoach" else "nguon_dau_ky"))
            if isinstance(found, Missing):
                missing.append(found)
            else:
                plan_figure, where = found
                out.append(Copy(here + ("dong", j, key), getattr(row, key), shown(plan_figure), source, where,
                                plan_figure.decimals))
    return out, missing


def formulas(table: BangKetQua) -> dict[str, str]:
    """No formula: each row's rate depends on its direction; spreadsheets keep docgen's values."""
    return {}


def default_title(table: BangKetQua, year: int) -> str:
    return table.tieu_de or f"Kết quả thực hiện các chỉ tiêu năm {year}"


def roll_forward(node, table: BangKetQua, old: int, new: int) -> tuple[list[str], list[str], str]:
    """A report's results belong to its year: next year's report starts from next year's plan."""
    return [], [f"phụ lục {table.ma}: kết quả năm {old}; tạo báo cáo năm {new} bằng `docgen report`"], (
        f"kết quả của năm {old}: báo cáo năm {new} tạo lại từ kế hoạch năm {new} (docgen report).")


# --- a report's starter (docgen report) ---------------------------------------------------


def starter_row(ma: str, target, source: str, planned: Figure, start: Figure | None) -> dict:
    """Return the row `docgen report` writes for a target the plan quotes as source
    («giam_ngheo.ty_le_cuoi_nam»; a Target of docgen.plan.tables): the plan's figure, and for a
    reduction its starting level, copied as the plan prints them; the result left to fill."""
    row = {"ma": ma, "ten": target.title}
    if target.unit:
        row["dvt"] = target.unit
    row["chieu"] = target.direction
    if planned.decimals:
        row["so_le"] = planned.decimals
    row["nguon"] = source
    row["ke_hoach"] = written(shown(planned))
    if target.baseline:
        row["nguon_dau_ky"] = f"{source.partition('.')[0]}.{target.baseline}"
        row["dau_ky"] = written(shown(start))
    row["thuc_hien"] = None
    return row


def sentences(rows: list[dict], table: str = NAME) -> list[str]:
    """Return a report's sentences on the rows of its results table (ma: table), each quoting the
    row's figures: «…: còn …, giảm … so với đầu kỳ (kế hoạch giảm …), đạt …% kế hoạch.»"""
    out = []
    for row in rows:
        ma, dvt = row["ma"], row.get("dvt", "")
        unit = "%" if dvt == "%" else f" {dvt}" if dvt else ""

        def q(name: str, ma: str = ma) -> str:
            return f"{{{{ {table}.{ma}_{name} }}}}"

        if row["chieu"] == DOWN:
            out.append(f"{row['ten']}: còn {q('thuc_hien')}{unit}, giảm {q('giam_thuc_hien')}{unit} so với đầu kỳ "
                       f"(kế hoạch giảm {q('giam_ke_hoach')}{unit}), đạt {q('ty_le')}% kế hoạch.")
        else:
            out.append(f"{row['ten']}: thực hiện {q('thuc_hien')}{unit}, đạt {q('ty_le')}% kế hoạch "
                       f"({q('ke_hoach')}{unit}).")
    return out

"""The annex table: every figure computed from the counts, and the checks that refuse bad counts.

Rounding rules, found by reproducing all 152 figures of the 2024 Kông Chro plan
(the table was made in a spreadsheet, which keeps full precision and rounds
only for display):

* a rate is the exact ratio × 100, shown rounded half-up to 2 decimals
  (21 / 409 = 5,1344… → "5,13");
* the reduction of the rate (column 19) is the difference of the *exact*
  rates, shown to 1 decimal (Plei Pyang: 47,826… − 36,676… = 11,149… → "11,1",
  although the printed rates 47,83 − 36,68 would give 11,15);
* the targets quoted in part II are differences of the rates *as printed* in
  the total row, so that a reader can check them against the table
  (25,28 − 20,28 = "5,00"; 56,80 − 45,30 = "11,50"; the exact differences
  would be 5,0075… and 11,494…). The table's own column 19 shows the
  exact difference to one decimal ("5,0"), which agrees.

A rate whose denominator is 0 (a unit with no households, or no DTTS
households) has no value and is printed "-"; so is a reduction involving one.
All arithmetic is Decimal: no binary floating point anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal

from docgen.model import DongPhuLuc, PhuLuc

RATE = Decimal("0.01")
DROP = Decimal("0.1")

COUNT_FIELDS = tuple(
    f for f in DongPhuLuc.model_fields if f not in ("ten", "du_kien_ho_ngheo", "du_kien_ho_ngheo_dtts", "ty_le_giam")
)


def unit_label(annex: PhuLuc, name: str) -> str:
    """Return a unit's name as printed in the table: "TDP Plei Nghe"."""
    return f"{annex.viet_tat} {name}" if annex.viet_tat else name


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
    """The 19 figures of one unit (or of the total), in the order of the table's columns."""

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

    @classmethod
    def from_counts(cls, ten: str, c: dict[str, int]) -> "Row":
        """Return the row computed from the 12 input counts."""
        end = c["ho_ngheo"] - c["thoat_ngheo"] + c["tai_ngheo"] + c["phat_sinh"]
        end_dtts = c["ho_ngheo_dtts"] - c["thoat_ngheo_dtts"] + c["tai_ngheo_dtts"] + c["phat_sinh_dtts"]
        start_rate = exact_rate(c["ho_ngheo"], c["so_ho"])
        end_rate = exact_rate(end, c["du_kien_so_ho"])
        return cls(
            ten=ten,
            ty_le=start_rate,
            ty_le_dtts=exact_rate(c["ho_ngheo_dtts"], c["so_ho_dtts"]),
            cuoi_ho_ngheo=end,
            cuoi_ty_le=end_rate,
            cuoi_ho_ngheo_dtts=end_dtts,
            cuoi_ty_le_dtts=exact_rate(end_dtts, c["du_kien_so_ho_dtts"]),
            ty_le_giam=_diff(start_rate, end_rate),
            **c,
        )

    def figures(self) -> list[int | Decimal | None]:
        """Return the 19 figures in column order, rates rounded as printed."""
        out: list[int | Decimal | None] = []
        for f in fields(self)[1:]:
            value = getattr(self, f.name)
            if f.name == "ty_le_giam":
                value = shown(value, DROP)
            elif f.name.startswith(("ty_le", "cuoi_ty_le")):
                value = shown(value)
            out.append(value)
        return out


@dataclass(frozen=True)
class Table:
    rows: list[Row]
    total: Row

    @property
    def target_rate(self) -> Decimal | None:
        """Poor-household rate at the end of the plan year, as printed in the total row."""
        return shown(self.total.cuoi_ty_le)

    @property
    def target_drop(self) -> Decimal | None:
        """Reduction of the rate quoted in part II: difference of the printed rates."""
        return _diff(shown(self.total.ty_le), shown(self.total.cuoi_ty_le))

    @property
    def target_drop_dtts(self) -> Decimal | None:
        """Reduction of the DTTS poor-household rate: difference of the printed rates."""
        return _diff(shown(self.total.ty_le_dtts), shown(self.total.cuoi_ty_le_dtts))


def counts(row: DongPhuLuc) -> dict[str, int]:
    return {f: getattr(row, f) for f in COUNT_FIELDS}


def compute(annex: PhuLuc, total_label: str = "Tổng cộng") -> Table:
    """Return every figure of the annex: one Row per unit and the total row.

    The total sums the counts; its rates are computed from those sums, never averaged.
    """
    rows = [Row.from_counts(r.ten, counts(r)) for r in annex.dong]
    sums = {f: sum(counts(r)[f] for r in annex.dong) for f in COUNT_FIELDS}
    return Table(rows, Row.from_counts(total_label, sums))


# --- checks ----------------------------------------------------------------

FIELD_NAMES = {
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


def problems(annex: PhuLuc, label: "callable") -> list[tuple[tuple, str]]:
    """Return (path, message) for every inconsistent count of the annex, all at once.

    `label(row)` gives the unit's name as printed ("TDP Plei Nghe").
    """
    out: list[tuple[tuple, str]] = []
    first: dict[str, int] = {}
    for i, r in enumerate(annex.dong):
        at = ("phu_luc", "dong", i)
        name = label(r)
        if r.ten in first:
            out.append((at + ("ten",), f"tên đơn vị `{r.ten}` trùng với dòng thứ {first[r.ten] + 1} của phụ lục; "
                                       "mỗi đơn vị chỉ ghi một dòng."))
        first.setdefault(r.ten, i)
        c = counts(r)
        for part, whole in _PARTS:
            if c[part] > c[whole]:
                tail = (": không thể có nhiều hộ thoát nghèo hơn số hộ nghèo đầu năm"
                        if part.startswith("thoat_ngheo") and whole.startswith("ho_ngheo") else "")
                out.append((at + (part,), f"{name}: {FIELD_NAMES[part]} ({c[part]}) lớn hơn {FIELD_NAMES[whole]} ({c[whole]}){tail}."))
        for part, whole, what in (
            ("ho_ngheo", "so_ho", "số hộ nghèo đầu năm"),
            ("thoat_ngheo", "ho_ngheo", "số hộ thoát nghèo"),
        ):
            others, room = c[part] - c[part + "_dtts"], c[whole] - c[whole + "_dtts"]
            reported = c[part + "_dtts"] > c[part] or c[part] > c[whole]
            if not reported and others > room:
                out.append((at + (part + "_dtts",), (
                    f"{name}: {what} không phải DTTS ({others} = {c[part]} − {c[part + '_dtts']}) lớn hơn "
                    f"{FIELD_NAMES[whole]} không phải DTTS ({room}); hãy kiểm tra cột DTTS."
                )))
        row = Row.from_counts(r.ten, c)
        if row.cuoi_ho_ngheo - row.cuoi_ho_ngheo_dtts > r.du_kien_so_ho - r.du_kien_so_ho_dtts:
            out.append((at + ("du_kien_so_ho_dtts",), (
                f"{name}: dự kiến số hộ không phải DTTS cuối năm ({r.du_kien_so_ho - r.du_kien_so_ho_dtts}) nhỏ hơn "
                f"số hộ nghèo không phải DTTS cuối năm ({row.cuoi_ho_ngheo - row.cuoi_ho_ngheo_dtts})."
            )))
        if row.cuoi_ho_ngheo > r.du_kien_so_ho:
            out.append((at + ("du_kien_so_ho",), (
                f"{name}: dự kiến tổng số hộ cuối năm ({r.du_kien_so_ho}) nhỏ hơn số hộ nghèo cuối năm "
                f"({row.cuoi_ho_ngheo} = {r.ho_ngheo} − {r.thoat_ngheo} + {r.tai_ngheo} + {r.phat_sinh})."
            )))
        if row.cuoi_ho_ngheo_dtts > r.du_kien_so_ho_dtts:
            out.append((at + ("du_kien_so_ho_dtts",), (
                f"{name}: dự kiến số hộ DTTS cuối năm ({r.du_kien_so_ho_dtts}) nhỏ hơn số hộ nghèo DTTS cuối năm "
                f"({row.cuoi_ho_ngheo_dtts})."
            )))
        for stated, computed in (
            ("du_kien_ho_ngheo", row.cuoi_ho_ngheo),
            ("du_kien_ho_ngheo_dtts", row.cuoi_ho_ngheo_dtts),
            ("ty_le_giam", shown(row.ty_le_giam, DROP)),
        ):
            value = getattr(r, stated)
            if value is not None and computed is None:
                out.append((at + (stated,), f"{name}: {FIELD_NAMES[stated]} ghi là {value}, nhưng đơn vị không có hộ "
                                            "nào nên không tính được; hãy xóa dòng này."))
            elif value is not None and value != computed:
                out.append((at + (stated,), (
                    f"{name}: {FIELD_NAMES[stated]} ghi là {value}, nhưng tính từ các số liệu của dòng được {computed}; "
                    "hãy sửa số liệu đầu vào hoặc xóa dòng này (docgen tự tính)."
                )))
    return out

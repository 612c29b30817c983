"""The results of a report per unit (`loai: ket_qua_don_vi`): each thôn or tổ dân phố's targets.

For a plan whose annex has a row per unit (the poverty table), the report shows each unit's
expected year-end figures (copied from the plan by `docgen report`, held to it by
docgen.plan.link) beside the actual ones, with the rate and grade of docgen.plan.kinds.ket_qua
for each target. The targets are the table's columns (`chi_tieu`: `ma`, `ten`, `dvt`, `chieu`);
a row holds, for each target `ma`, `<ma>_ke_hoach`, for a reduction `<ma>_dau_ky`, and the
result `<ma>_thuc_hien`.

A unit's grade («Đánh giá») sums up its targets: «Không đạt» if one is not met, «Vượt» if every
one is beaten, else «Đạt»; blank until every result is typed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, ValidationError

from docgen.base import vn
from docgen.plan import fields
from docgen.plan.fields import Key, Text, described
from docgen.plan.kinds import ket_qua
from docgen.plan.tables import (
    COUNT,
    DECIMAL,
    DOWN,
    TEXT,
    UP,
    Column,
    Computed,
    Figure,
    Grid,
    Group,
    header_rows,
    leaves,
)
from docgen.plan.tables.declared import Value
from docgen.plan.tables.linked import UPDATE, Copy, Missing, decimal, shown, unit_name, written

NAME = "ket_qua_don_vi"
PARTS = ("ke_hoach", "dau_ky", "thuc_hien")


class ChiTieuDonVi(fields.Model):
    """Một chỉ tiêu đo ở từng đơn vị: một nhóm cột Kế hoạch | Thực hiện | Tỷ lệ."""

    ma: Key = described("Khóa của chỉ tiêu; mỗi dòng ghi `<ma>_ke_hoach`, `<ma>_thuc_hien` (và `<ma>_dau_ky` "
                        "với chỉ tiêu giảm), ví dụ `ho_ngheo`.")
    ten: Text = described("Tên chỉ tiêu in ở tiêu đề cột, ví dụ `Số hộ nghèo cuối năm`.")
    dvt: Text | None = described("Đơn vị tính, ví dụ `hộ`, `%`.", default=None)
    chieu: ket_qua.Direction = described("`tang`: mức cần đạt; `giam`: mức cần giảm từ `<ma>_dau_ky`.", default=UP)
    so_le: int | None = Field(default=None, ge=0, le=6, description="Số chữ số thập phân khi in, ví dụ `2`.")


class BangKetQuaDonVi(fields.Model):
    """Kết quả thực hiện chỉ tiêu của từng đơn vị (`loai: ket_qua_don_vi`): kế hoạch bên cạnh thực hiện."""

    loai: Literal["ket_qua_don_vi"] = described("Loại bảng: `ket_qua_don_vi`, kết quả theo từng đơn vị.",
                                                default=NAME)
    ma: Key = described("Tên ngắn để văn bản trích số liệu của bảng, ví dụ `{{ ket_qua_don_vi.so_dat }}`.",
                        default=NAME)
    tieu_de: Text | None = described(
        "Tên phụ lục (in hoa). Bỏ trống: «Kết quả thực hiện chỉ tiêu của từng <đơn vị> năm …».", default=None)
    don_vi: Text = described("Loại đơn vị trong bảng, ví dụ `tổ dân phố`, `thôn`.")
    nguon: Key | None = described(
        "Phụ lục của kế hoạch có các đơn vị (tên `ma` của phụ lục, ví dụ `giam_ngheo`): số kế hoạch của mỗi dòng "
        "chép từ đó và được đối chiếu mỗi lần kiểm tra.", default=None)
    chi_tieu: list[ChiTieuDonVi] = described("Các chỉ tiêu, mỗi chỉ tiêu một nhóm cột.", min_length=1)
    dong: list[dict[str, Value]] = described(
        "Mỗi đơn vị một dòng: `ten` và, với mỗi chỉ tiêu, `<ma>_ke_hoach`, `<ma>_thuc_hien` (để trống đến khi có số), "
        "`<ma>_dau_ky` (chỉ tiêu giảm).", min_length=1)


Model = BangKetQuaDonVi  # every kind names its table model Model


def _number(value, where: tuple, problems: list) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return ket_qua._bounded(ket_qua._decimal(value)) if not isinstance(value, Decimal) else value
    except (ValueError, ValidationError) as exc:
        problems.append((where, str(exc) + "."))
        return None


def _rows(table: BangKetQuaDonVi, at: tuple = ()) -> tuple[list[dict], list[tuple[tuple, str]]]:
    """Return each row's name and figures read, and what is wrong with them."""
    problems: list[tuple[tuple, str]] = []
    known = {"ten"} | {f"{t.ma}_{p}" for t in table.chi_tieu for p in PARTS}
    out = []
    for j, row in enumerate(table.dong):
        here = at + ("dong", j)
        name = row.get("ten")
        if name is None or str(name).strip() == "" or isinstance(name, bool):
            problems.append((here, "dòng thiếu tên đơn vị (`ten`)."))
        for key in row:
            if key not in known:
                problems.append((here + (key,), (f"khóa `{key}` không thuộc bảng; các khóa dùng được: "
                                                 f"{', '.join(sorted(known))}.")))
        values = {"ten": fields.tidy(str(name)) if name is not None else ""}
        for t in table.chi_tieu:
            for part in PARTS:
                values[f"{t.ma}_{part}"] = _number(row.get(f"{t.ma}_{part}"), here + (f"{t.ma}_{part}",), problems)
            if values[f"{t.ma}_ke_hoach"] is None:
                problems.append((here, f"{values['ten']}: thiếu số kế hoạch `{t.ma}_ke_hoach` ({t.ten})."))
            # (a reduction planned not below its start has no rate, only its grade: ket_qua.exact_rate)
            if t.chieu == DOWN and values[f"{t.ma}_dau_ky"] is None:
                problems.append((here, f"{values['ten']}: chỉ tiêu giảm «{t.ten}» phải ghi mức đầu kỳ `{t.ma}_dau_ky`."))
        out.append(values)
    return out, problems


def check(table: BangKetQuaDonVi, at: tuple) -> list[tuple[tuple, str]]:
    """Return every row whose figures cannot be read or are missing, and repeated keys."""
    _, problems = _rows(table, at)
    seen: set[str] = set()
    for i, t in enumerate(table.chi_tieu):
        if t.ma in seen:
            problems.append((at + ("chi_tieu", i, "ma"), f"hai chỉ tiêu cùng `ma: {t.ma}`; hãy đặt tên khác nhau."))
        seen.add(t.ma)
    return problems


def warnings(table: BangKetQuaDonVi, at: tuple) -> list[tuple[tuple, str]]:
    """Return the units whose results are left to fill (one line per unit)."""
    rows, _ = _rows(table)
    out = []
    for j, row in enumerate(rows):
        missing = [t.ma for t in table.chi_tieu if row[f"{t.ma}_thuc_hien"] is None]
        if missing:
            out.append((at + ("dong", j), (f"{row['ten']}: chưa điền số thực hiện "
                                          f"({', '.join(f'`{m}_thuc_hien`' for m in missing)}).")))
    return out


def _decimals(t: ChiTieuDonVi, rows: list[dict]) -> int:
    if t.so_le is not None:
        return t.so_le
    return ket_qua.places(*(r[f"{t.ma}_{p}"] for r in rows for p in ("ke_hoach", "dau_ky")))


def _overall(grades: list[str | None]) -> str | None:
    if None in grades:
        return None
    if ket_qua.KHONG_DAT in grades:
        return ket_qua.KHONG_DAT
    return ket_qua.VUOT if all(g == ket_qua.VUOT for g in grades) else ket_qua.DAT


def columns(table: BangKetQuaDonVi) -> list:
    tree: list = [Column("ten", table.don_vi[:1].upper() + table.don_vi[1:], TEXT)]
    for t in table.chi_tieu:
        title = f"{t.ten} ({t.dvt})" if t.dvt else t.ten
        tree.append(Group(title, (Column(f"{t.ma}_ke_hoach", "Kế hoạch", DECIMAL, 2),
                                  Column(f"{t.ma}_thuc_hien", "Thực hiện", DECIMAL, 2),
                                  Column(f"{t.ma}_ty_le", "Tỷ lệ so với kế hoạch (%)", DECIMAL, 1, computed=True))))
    tree.append(Column("danh_gia", "Đánh giá", TEXT, computed=True))
    return tree


def compute(table: BangKetQuaDonVi, year: int) -> Computed:
    """Return the printed grid and the counts of units the text may quote."""
    rows, _ = _rows(table)
    tree = columns(table)
    grid = Grid(leaves(tree), header_rows(tree))
    overall = []
    for row in rows:
        cells, grades = [row["ten"]], []
        for t in table.chi_tieu:
            d = _decimals(t, rows)
            plan, actual, start = (row[f"{t.ma}_{p}"] for p in ("ke_hoach", "thuc_hien", "dau_ky"))
            graded = ket_qua.grade(t.chieu, plan, actual)
            shown = ket_qua.rate(t.chieu, plan, actual, start)
            grades.append(graded)
            cells += [ket_qua.number(plan, d), ket_qua.number(actual, d), "-" if shown is None else vn.number(shown, 1)]
        overall.append(_overall(grades))
        grid.rows.append(("dong", cells + [overall[-1] or ""]))
    pending = None in overall

    def count(*wanted: str) -> Figure:
        return Figure(None if pending else sum(g in wanted for g in overall), COUNT,
                      missing=ket_qua.PENDING if pending else "", pending=pending)

    return Computed(grid, {"so_don_vi": Figure(len(rows), COUNT), "so_dat": count(ket_qua.DAT, ket_qua.VUOT),
                           "so_vuot": count(ket_qua.VUOT), "so_khong_dat": count(ket_qua.KHONG_DAT)})


def held(table: BangKetQuaDonVi, here: tuple) -> list[tuple[tuple, Decimal | None, str]]:
    """Return each plan figure the rows hold as copied, named by unit (docgen.plan.tables.linked)."""
    if not table.nguon:
        return []
    keys = [f"{t.ma}_{part}" for t in table.chi_tieu for part in ("ke_hoach", "dau_ky")]
    return [(here + ("dong", j, key), decimal(row[key]), row.get("ten")) for j, row in enumerate(table.dong)
            for key in keys if key in row]


def copies(table: BangKetQuaDonVi, here: tuple, plan, figure, annex) -> tuple[list[Copy], list[Missing]]:
    """Return each unit's copied figures beside the plan annex's (`nguon`) for that unit, and the units
    and targets one side has and the other lacks (docgen.plan.tables.linked)."""
    if not table.nguon:
        return [], []
    found = annex(table.nguon)
    unit_targets = getattr(found[3], "unit_targets", None) if found else None
    if unit_targets is None or found[2] is None:
        return [], [Missing(here + ("nguon",), f"kế hoạch không có phụ lục `{table.nguon}` có các đơn vị; hãy sửa `nguon`.")]
    i, plan_table, computed, _ = found
    offered = unit_targets(plan_table, computed)
    rows = {name: (j, figures) for name, j, figures in offered.rows}
    targets = {t.name: t for t in offered.targets}
    out: list[Copy] = []
    missing: list[Missing] = []
    for k, t in enumerate(table.chi_tieu):
        if t.ma not in targets:
            missing.append(Missing(here + ("chi_tieu", k, "ma"), (
                f"phụ lục `{table.nguon}` của kế hoạch không có chỉ tiêu `{t.ma}` theo đơn vị; các chỉ tiêu: "
                f"{', '.join(targets)}.")))
    seen: dict[str, int] = {}
    for r, row in enumerate(table.dong):
        name = unit_name(row.get("ten", ""))
        if name in seen:
            missing.append(Missing(here + ("dong", r, "ten"), (
                f"đơn vị «{name}» có hai dòng (dòng {seen[name] + 1} và {r + 1}); mỗi đơn vị một dòng: hãy gộp kết "
                "quả vào một dòng và xóa dòng kia.")))
            continue
        seen[name] = r
        if name not in rows:
            missing.append(Missing(here + ("dong", r, "ten"), (
                f"kế hoạch không có đơn vị «{name}» trong phụ lục `{table.nguon}`; các đơn vị: "
                f"{', '.join(rows)}. Chạy `{UPDATE} …` để lấy lại danh sách đơn vị của kế hoạch.")))
            continue
        j, figures = rows[name]
        for t in table.chi_tieu:
            target = targets.get(t.ma)
            if target is None:
                continue
            for key, figure_name in ((f"{t.ma}_ke_hoach", target.name), (f"{t.ma}_dau_ky", target.baseline)):
                if figure_name:
                    plan_figure = figures[figure_name]
                    out.append(Copy(here + ("dong", r, key), decimal(row.get(key)), shown(plan_figure),
                                    f"{name}: {figure_name}", ("phu_luc", i, "dong", j), plan_figure.decimals))
    for name in rows:
        if name not in seen:
            missing.append(Missing(here + ("dong",), (
                f"đơn vị «{name}» của kế hoạch (phụ lục `{table.nguon}`) không có dòng trong bảng này. "
                f"Chạy `{UPDATE} …` để lấy lại danh sách đơn vị của kế hoạch.")))
    return out, missing


def default_title(table: BangKetQuaDonVi, year: int) -> str:
    return table.tieu_de or f"Kết quả thực hiện chỉ tiêu của từng {table.don_vi} năm {year}"


# No formula (a rate depends on its target's direction) and no roll forward (results belong to their
# year): as the results table's.
formulas, roll_forward = ket_qua.formulas, ket_qua.roll_forward


# --- a report's starter (docgen report) ---------------------------------------------------


def row(unit: str, targets: list[tuple[str, bool]], copied: dict | None = None) -> dict:
    """Return a unit's row as `docgen report` writes it: for each target (its `ma`, and whether it is a
    reduction, measured from a start) `<ma>_dau_ky` for a reduction, `<ma>_ke_hoach` (from copied, by
    key; empty without), and the result `<ma>_thuc_hien` left to fill."""
    copied = copied or {}
    out = {"ten": unit}
    for ma, reduction in targets:
        for key in ([f"{ma}_dau_ky"] if reduction else []) + [f"{ma}_ke_hoach"]:
            out[key] = copied.get(key)
        out[f"{ma}_thuc_hien"] = None
    return out


def typed(held: dict) -> bool:
    """Return whether a unit's row holds a result typed by the user."""
    return any(key.endswith("_thuc_hien") and value is not None for key, value in held.items())


def starter(offered, ma: str, title: str, source: str) -> dict:
    """Return the table `docgen report` writes for a plan annex with a row per unit (its `ma`: source;
    offered: its UnitTargets): each unit's plan figures copied as the plan prints them."""
    rows = []
    for unit, _, figures in offered.rows:
        copied = {f"{t.name}_ke_hoach": written(shown(figures[t.name])) for t in offered.targets}
        copied |= {f"{t.name}_dau_ky": written(shown(figures[t.baseline])) for t in offered.targets if t.baseline}
        rows.append(row(unit, [(t.name, bool(t.baseline)) for t in offered.targets], copied))
    chi_tieu = []
    for t in offered.targets:
        item = {"ma": t.name, "ten": t.title, "dvt": t.unit, "chieu": t.direction}
        decimals = {f.decimals for _, _, figures in offered.rows for f in figures.values() if f is figures[t.name]}
        if max(decimals, default=0):
            item["so_le"] = max(decimals)
        chi_tieu.append(item)
    return {"loai": NAME, "ma": ma, "tieu_de": title, "don_vi": offered.unit, "nguon": source,
            "chi_tieu": chi_tieu, "dong": rows}

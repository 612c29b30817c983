"""A report's link to its plan: the plan figures it copies never drift from the plan's.

A Báo cáo made by `docgen report` names its plan and holds a fingerprint of the plan figures
it copied (`ke_hoach: {tep: ke-hoach-2024.yaml, ma_kiem_tra: 3f9a…}`). Each copied figure
names where it comes from: a results row its plan figure (`nguon: giam_ngheo.ty_le_cuoi_nam`,
`nguon_dau_ky` for the starting level), a per-unit results table its plan annex (`nguon:
giam_ngheo`) and each row its unit by name. Whenever the report is built (every command goes
through docgen.plan.build.plan_from), the plan is built too and every copied figure compared:

* a figure that differs from the plan's is a located error (the report's line, the plan's
  file, line and value), whether the plan changed or the copy was edited by hand; the
  fingerprint tells which, so the message says which;
* copies that all agree with the plan but not with the fingerprint (the fingerprint itself
  edited, or copies and plan edited alike) are an error too.

The one command that accepts the plan's values is `docgen report --cap-nhat BAO_CAO.yaml`.
Nothing here touches the docx machinery: `validate` stays fast.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from docgen.base import vn
from docgen.base.errors import ERROR, ContentError, Problem, UsageError, os_reason
from docgen.plan.annexes import name as annex_name
from docgen.plan.kinds import kind_of
from docgen.plan.load import Source, load_file

UPDATE = "docgen report --cap-nhat"


@dataclass(frozen=True)
class Copy:
    """A plan figure a report copies: where the report holds it, and what the plan says now."""

    path: tuple  # in the report's YAML: ("phu_luc", 0, "dong", 1, "ke_hoach")
    held: Decimal | None  # what the report holds (None: not written yet)
    value: Decimal | None  # the plan's figure now (None: the plan has no such figure)
    name: str  # how the plan names it: `giam_ngheo.ty_le_cuoi_nam`, «TDP 1: ho_ngheo»
    where: tuple  # in the plan's YAML: the annex, or the unit's row
    decimals: int = 0


@dataclass(frozen=True)
class Missing:
    """A source the report names that the plan does not have."""

    path: tuple
    message: str


def _decimal(value) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, int):
        return Decimal(value)
    try:
        return Decimal(str(value).replace(",", "."))
    except ArithmeticError:
        return None


def unit_name(value) -> str:
    """Return a unit's name as names are compared: NFC, white space folded («Làng Dơr 1» typed in
    decomposed Unicode is the plan's «Làng Dơr 1»)."""
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def shown(figure) -> Decimal | None:
    """Return a plan figure as the plan prints it: its value to its decimals, rounded half-up as
    docgen.base.vn prints numbers (a formula's 33,333… is «33,33»: the report copies 33.33)."""
    value = _decimal(figure.value)
    if value is None or not value.is_finite():
        return value
    return value.quantize(Decimal(1).scaleb(-figure.decimals), rounding=ROUND_HALF_UP)


def _annex(plan, name: str) -> tuple[int, object, object] | None:
    """Return (index, table, computed) of the plan's annex quoted as name."""
    for i, (table, computed) in enumerate(zip(plan.model.phu_luc, plan.tables)):
        if annex_name(table, i) == name:
            return i, table, computed
    return None


def copies(report, plan) -> tuple[list[Copy], list[Missing]]:
    """Return every plan figure the report (a KeHoach model) copies, and the sources it names
    that the plan lacks. `plan` is the built plan (docgen.plan.build.Plan)."""
    out: list[Copy] = []
    missing: list[Missing] = []
    for i, table in enumerate(report.phu_luc):
        here = ("phu_luc", i)
        if table.loai == "ket_qua":
            for j, row in enumerate(table.dong):
                for source, key in ((row.nguon, "ke_hoach"), (row.nguon_dau_ky, "dau_ky")):
                    if source:
                        found = _figure(plan, source, here + ("dong", j, "nguon" if key == "ke_hoach" else "nguon_dau_ky"))
                        if isinstance(found, Missing):
                            missing.append(found)
                        else:
                            figure, where = found
                            out.append(Copy(here + ("dong", j, key), getattr(row, key), shown(figure),
                                            source, where, figure.decimals))
        elif table.loai == "ket_qua_don_vi" and table.nguon:
            found = _units(plan, table, here)
            if isinstance(found, Missing):
                missing.append(found)
            else:
                out += found[0]
                missing += found[1]
    return out, missing


def _figure(plan, source: str, at: tuple):
    table, _, figure = source.partition(".")
    if table not in plan.figures or figure not in plan.figures[table]:
        known = ", ".join(sorted(plan.figures)) or "(kế hoạch không có phụ lục nào)"
        what = (f"bảng `{table}` không có số liệu `{figure}`" if table in plan.figures
                else f"kế hoạch không có bảng `{table}` (các bảng: {known})")
        return Missing(at, f"`{source}`: {what}; hãy sửa `nguon` cho đúng một số liệu của kế hoạch.")
    annex = _annex(plan, table)
    return plan.figures[table][figure], (("phu_luc", annex[0]) if annex else ())


def _units(plan, table, here: tuple):
    annex = _annex(plan, table.nguon)
    unit_targets = getattr(_kind(annex[1]), "unit_targets", None) if annex else None
    if unit_targets is None or annex[2] is None:
        return Missing(here + ("nguon",), f"kế hoạch không có phụ lục `{table.nguon}` có các đơn vị; hãy sửa `nguon`.")
    i, plan_table, computed = annex
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
                    figure = figures[figure_name]
                    out.append(Copy(here + ("dong", r, key), _decimal(row.get(key)), shown(figure),
                                    f"{name}: {figure_name}", ("phu_luc", i, "dong", j), figure.decimals))
    for name, (j, _) in rows.items():
        if name not in seen:
            missing.append(Missing(here + ("dong",), (
                f"đơn vị «{name}» của kế hoạch (phụ lục `{table.nguon}`) không có dòng trong bảng này. "
                f"Chạy `{UPDATE} …` để lấy lại danh sách đơn vị của kế hoạch.")))
    return out, missing


def _kind(table):
    return kind_of(table)


def held(report) -> list[tuple[tuple, Decimal | None]]:
    """Return every plan figure the report holds as copied (path, value), whatever the plan says now:
    a results row's `ke_hoach` and `dau_ky` where it names their source, a per-unit row's
    `<ma>_ke_hoach` and `<ma>_dau_ky`."""
    out = []
    for i, table in enumerate(report.phu_luc):
        here = ("phu_luc", i)
        if table.loai == "ket_qua":
            for j, row in enumerate(table.dong):
                out += [(here + ("dong", j, key), getattr(row, key))
                        for source, key in ((row.nguon, "ke_hoach"), (row.nguon_dau_ky, "dau_ky")) if source]
        elif table.loai == "ket_qua_don_vi" and table.nguon:
            keys = [f"{t.ma}_{part}" for t in table.chi_tieu for part in ("ke_hoach", "dau_ky")]
            for j, row in enumerate(table.dong):
                out += [(here + ("dong", j, key), _decimal(row[key])) for key in keys if key in row]
    return out


def fingerprint(report) -> str:
    """Return the short hash of the plan figures the report holds as copied (docgen.plan.link.held),
    each named by what it is (its table, its row's source or unit, its field), not by its position:
    rows put in another order keep it; a figure edited, added or removed by hand changes it."""
    lines = sorted(f"{_identity(report, path)}={'' if value is None else f'{value.normalize():f}'}"
                   for path, value in held(report))
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:12]


def _identity(report, path: tuple) -> str:
    """Return what the held figure at path is: `phu_luc[1]/Plei Nghe/ho_ngheo_ke_hoach`."""
    table, row = report.phu_luc[path[1]], path[3]
    line = table.dong[row]
    who = line["ten"] if isinstance(line, dict) else (line.ma or line.nguon or line.ten)
    return f"phu_luc[{path[1]}]/{who}/{path[-1]}"


def plan_path(report_file: str, written: str) -> Path:
    """Return the plan's path: as written, relative to the report's folder."""
    path = Path(written)
    return path if path.is_absolute() else Path(report_file).parent / path


def linked_plan(source: Source, link, build: Callable) -> object:
    """Return the built plan a report links to (build: docgen.plan.build.plan_from); ContentError
    located at `ke_hoach.tep` if it cannot be. A report is never a plan: the file is read and looked
    at before it is built, so that two reports naming each other cannot send the build round."""
    path = plan_path(source.file, link.tep)
    at = ("ke_hoach", "tep")
    if not path.is_file():
        raise ContentError([source.problem(at, (
            f"không tìm thấy tệp kế hoạch {path} (`tep` ghi đường dẫn tính từ thư mục của báo cáo); hãy sửa `tep` "
            "cho đúng tệp kế hoạch mà báo cáo này báo cáo."))])
    try:
        loaded = load_file(path)
        data = loaded.data if isinstance(loaded.data, dict) else {}
        if data.get("loai_van_ban", "ke_hoach") != "ke_hoach" or "ke_hoach" in data:
            raise ContentError([source.problem(at, f"tệp {path} là một báo cáo, không phải kế hoạch; `tep` phải ghi "
                                                   "tệp kế hoạch được báo cáo.")])
        plan = build(loaded)
    except ContentError as exc:
        if exc.problems and exc.problems[0].file == source.file:
            raise
        first = next((p for p in exc.problems if p.severity == ERROR), exc.problems[0] if exc.problems else None)
        raise ContentError([source.problem(at, (
            f"tệp kế hoạch {path} có lỗi nên không đối chiếu được số liệu: {str(first).rstrip('.')}; "
            "hãy sửa kế hoạch trước."))]) from None
    except OSError as exc:
        raise ContentError([source.problem(at, f"không đọc được tệp kế hoạch {path}: {os_reason(exc)}.")]) from None
    except UsageError as exc:  # the loader's own refusals of a file: unreadable, too large, not text
        raise ContentError([source.problem(at, f"tệp kế hoạch: {str(exc).rstrip('.')}.")]) from None
    return plan


def problems(source: Source, report, build: Callable) -> list[Problem]:
    """Return what breaks the report's link to its plan (empty when every copy agrees)."""
    link = report.ke_hoach
    try:
        plan = linked_plan(source, link, build)
    except ContentError as exc:
        return list(exc.problems)
    found, missing = copies(report, plan)
    out = [source.problem(m.path, m.message.replace(f"{UPDATE} …", f"{UPDATE} {source.file}")) for m in missing]
    stamp = fingerprint(report)
    hand_edited = link.ma_kiem_tra is not None and stamp != link.ma_kiem_tra
    command = f"`{UPDATE} {source.file}`"
    plan_file = str(plan_path(source.file, link.tep))
    for c in found:
        if c.held == c.value and c.held is not None:
            continue
        line, _ = plan.source.where(c.where) if plan.source is not None and c.where else (None, None)
        there = f"{plan_file}:{line}" if line else plan_file
        now = "không có giá trị" if c.value is None else vn.number(c.value, c.decimals)
        held = "chưa ghi" if c.held is None else vn.number(c.held, max(c.decimals, _places(c.held)))
        why = ("số này đã bị sửa tay sau khi chép (không khớp `ma_kiem_tra`)" if hand_edited
               else "kế hoạch đã thay đổi sau khi báo cáo được tạo")
        out.append(source.problem(c.path, (
            f"số kế hoạch chép từ `{c.name}` là {held}, nhưng kế hoạch ({there}) ghi {now}: {why}. Báo cáo không "
            f"được in số khác với kế hoạch; chạy {command} để chép số của kế hoạch (giữ nguyên phần còn lại).")))
    if not out and stamp != link.ma_kiem_tra:
        what = "chưa có" if link.ma_kiem_tra is None else f"`{link.ma_kiem_tra}` không khớp với các số đã chép"
        out.append(source.problem(("ke_hoach", "ma_kiem_tra"), (
            f"mã kiểm tra các số chép từ kế hoạch {what} (tệp đã bị sửa tay?); chạy {command} để đối chiếu lại với "
            "kế hoạch và ghi mã mới.")))
    return out


def _places(value: Decimal) -> int:
    return max(0, -value.as_tuple().exponent)

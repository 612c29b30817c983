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
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from docgen.base import doctypes, vn
from docgen.base.errors import ERROR, ContentError, Problem, UsageError, os_reason
from docgen.plan.annexes import name as annex_name
from docgen.plan.kinds import kind_of
from docgen.plan.load import Source, load_file
from docgen.plan.tables.linked import UPDATE, Copy, Missing, decimal, shown, unit_name  # noqa: F401 (for callers)


def _annex(plan, name: str) -> tuple[int, object, object] | None:
    """Return (index, table, computed) of the plan's annex quoted as name."""
    for i, (table, computed) in enumerate(zip(plan.model.phu_luc, plan.tables)):
        if annex_name(table, i) == name:
            return i, table, computed
    return None


def copies(report, plan) -> tuple[list[Copy], list[Missing]]:
    """Return every plan figure the report (a KeHoach model) copies, and the sources it names
    that the plan lacks. `plan` is the built plan (docgen.plan.build.Plan). Which figures a table
    copies is its kind's to say (docgen.plan.tables.linked)."""
    out: list[Copy] = []
    missing: list[Missing] = []
    for i, table in enumerate(report.phu_luc):
        give = getattr(kind_of(table), "copies", None)
        if give is not None:
            found, lacking = give(table, ("phu_luc", i), plan, lambda source, at: _figure(plan, source, at),
                                  lambda name: _with_kind(_annex(plan, name)))
            out += found
            missing += lacking
    return out, missing


def _with_kind(annex):
    """Return (index, table, computed, kind module) of a plan annex found by _annex, or None."""
    return None if annex is None else (*annex, kind_of(annex[1]))


def _figure(plan, source: str, at: tuple):
    table, _, figure = source.partition(".")
    if table not in plan.figures or figure not in plan.figures[table]:
        known = ", ".join(sorted(plan.figures)) or "(kế hoạch không có phụ lục nào)"
        what = (f"bảng `{table}` không có số liệu `{figure}`" if table in plan.figures
                else f"kế hoạch không có bảng `{table}` (các bảng: {known})")
        return Missing(at, f"`{source}`: {what}; hãy sửa `nguon` cho đúng một số liệu của kế hoạch.")
    annex = _annex(plan, table)
    return plan.figures[table][figure], (("phu_luc", annex[0]) if annex else ())


def held(report) -> list[tuple[tuple, Decimal | None, str]]:
    """Return every plan figure the report holds as copied (path, value, what it is), whatever the
    plan says now, as each table's kind reports them."""
    out = []
    for i, table in enumerate(report.phu_luc):
        give = getattr(kind_of(table), "held", None)
        if give is not None:
            out += give(table, ("phu_luc", i))
    return out


def fingerprint(report) -> str:
    """Return the short hash of the plan figures the report holds as copied (docgen.plan.link.held),
    each named by what it is (its table, its row's source or unit, its field), not by its position:
    rows put in another order keep it; a figure edited, added or removed by hand changes it."""
    lines = sorted(f"phu_luc[{path[1]}]/{who}/{path[-1]}={'' if value is None else f'{value.normalize():f}'}"
                   for path, value, who in held(report))
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:12]


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
        if data.get("loai_van_ban", doctypes.DEFAULT) != doctypes.DEFAULT or "ke_hoach" in data:
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

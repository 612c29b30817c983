"""Checks of a plan across fields that a schema cannot express: references, depth, quotes, dates."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from docgen.base import vn
from docgen.base.errors import ERROR, WARNING
from docgen.plan import quotes
from docgen.plan.annexes import name
from docgen.plan.model import MAX_DEPTH, DuAn, KeHoach, Muc

Finding = tuple[tuple, str, str]  # (path, message, severity)
# In `failed`: some annex is invalid and its name itself may be what is wrong (`ma: so-tan`), so a
# quote of a table that does not exist may be meant for it and is not an error of its own.
ANY_TABLE = "*"


def _items(m: Muc, path: tuple) -> Iterator[tuple[Muc, tuple]]:
    """Yield an item and every item below it, with their paths."""
    yield m, path
    for i, child in enumerate(m.muc):
        yield from _items(child, path + ("muc", i))


def items(plan: KeHoach) -> Iterator[tuple[Muc, tuple]]:
    """Yield every part and item of the body, with its path."""
    for i, part in enumerate(plan.phan):
        yield from _items(part, ("phan", i))


def project_names(plan: KeHoach) -> list[str]:
    """Return every project a task may refer to, in order: "Dự án 5", "Tiểu dự án 2 thuộc Dự án 3"."""
    names = []
    for m, _ in items(plan):
        for project in m.du_an:
            if project.ma:
                names.append(project.ma)
                names += [f"{sub.ma} thuộc {project.ma}" for sub in project.tieu_du_an if sub.ma]
    return names


def _references(plan: KeHoach) -> list[Finding]:
    known = project_names(plan)
    out = []

    def visit(tasks, path):
        for t, task in enumerate(tasks):
            for g, line in enumerate(task.gach):
                for r, ref in enumerate(line.du_an):
                    if ref not in known:
                        choices = "; ".join(known) or "chưa có dự án nào có `ma`"
                        out.append((path + (t, "gach", g, "du_an", r), (
                            f"không có dự án `{ref}` trong kế hoạch; tên dùng được: {choices}."
                        ), ERROR))

    for m, path in items(plan):
        visit(m.phan_cong, path + ("phan_cong",))
        for c, policy in enumerate(m.chinh_sach):
            visit(policy.phan_cong, path + ("chinh_sach", c, "phan_cong"))
    return out


def _depth(plan: KeHoach) -> list[Finding]:
    """Return the items nested deeper than the numbering goes (1., 1.1., 1.1.1., a))."""
    out = []
    too_deep = f"mục lồng quá {MAX_DEPTH} cấp (1., 1.1., 1.1.1., a)); hãy gộp bớt cấp."

    def projects(ps: list[DuAn], path: tuple, level: int) -> None:
        for i, p in enumerate(ps):
            if p.tieu_du_an and level >= MAX_DEPTH:
                out.append((path + (i, "tieu_du_an"), too_deep, ERROR))
            else:
                projects(p.tieu_du_an, path + (i, "tieu_du_an"), level + 1)

    def visit(m: Muc, path: tuple, level: int) -> None:
        blocks = [(name, getattr(m, name)) for name in ("du_an", "chinh_sach", "phan_cong", "bao_cao", "muc")]
        if level >= MAX_DEPTH and any(children for _, children in blocks):
            name = next(name for name, children in blocks if children)
            out.append((path + (name,), too_deep, ERROR))
            return
        projects(m.du_an, path + ("du_an",), level + 1)
        for i, child in enumerate(m.muc):
            visit(child, path + ("muc", i), level + 1)

    for i, part in enumerate(plan.phan):
        visit(part, ("phan", i), 0)
    return out


def _deadlines(plan: KeHoach) -> list[Finding]:
    out = []
    if plan.nam is None:  # a salvaged plan whose year is invalid: nothing to compare with
        return out
    for m, path in items(plan):
        for b, report in enumerate(m.bao_cao):
            for h, deadline in enumerate(report.han):
                where = path + ("bao_cao", b, "han", h, "ngay")
                day = deadline.ngay
                if day.year != plan.nam:
                    out.append((where, f"hạn báo cáo {vn.short_date(day)} không thuộc năm kế hoạch {plan.nam}.", WARNING))
                elif plan.ngay_ban_hanh and day < plan.ngay_ban_hanh:
                    out.append((where, (f"hạn báo cáo {vn.short_date(day)} trước ngày ban hành kế hoạch "
                                       f"{vn.short_date(plan.ngay_ban_hanh)}."), WARNING))
    return out


def texts(value, path: tuple) -> Iterator[tuple[tuple, str]]:
    """Yield every string below a model value, with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from texts(getattr(value, name), path + (name,))
    elif isinstance(value, list):
        for i, x in enumerate(value):
            yield from texts(x, path + (i,))


def _quotes(plan: KeHoach, figures, failed: set[str]) -> list[Finding]:
    """Return every quote that names no figure, or one that has no value; and every annex
    the text never mentions (Decree 30: the body refers to each annex)."""
    out, mentioned = [], set()
    for key in ("trich_yeu", "mo_dau", "phan", "ket_thuc"):
        for path, text in texts(getattr(plan, key), (key,)):
            if "{{" not in text:
                continue
            names = quotes.used(text)
            mentioned |= names
            if names & failed or (ANY_TABLE in failed and names - set(figures)):
                continue  # that table's own errors are reported; its figures are not known
            out += [(path, message, ERROR) for message in quotes.problems(text, figures)]
            out += [(path, message, WARNING) for message in quotes.waiting(text, figures)]
    for i, table in enumerate(plan.phu_luc):
        key = name(table, i) if table is not None else None
        if key and key not in mentioned and key not in failed:
            out.append((("phu_luc", i), (
                f"văn bản chưa nhắc đến phụ lục này; hãy thêm vào một câu của phần nội dung, ví dụ "
                f"«(chi tiết tại {{{{ {key}.phu_luc }}}} kèm theo)»."), WARNING))
    return out


def check(plan: KeHoach, figures, failed: set[str], *, references: bool = True) -> list[Finding]:
    """Return every cross-field problem of a plan (errors and warnings). A salvaged plan whose
    body is incomplete is checked without references: their targets may be in the invalid part."""
    found = _references(plan) if references else []
    return found + _deadlines(plan) + _depth(plan) + _quotes(plan, figures, failed)

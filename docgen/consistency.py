"""Checks of a plan across fields that a schema cannot express: references, depth, annex arithmetic, dates."""

from __future__ import annotations

from docgen import annex, vn
from docgen.errors import ERROR, WARNING
from docgen.model import MAX_DEPTH, DuAn, KeHoach, Muc

Finding = tuple[tuple, str, str]  # (path, message, severity)


def project_names(plan: KeHoach) -> list[str]:
    """Return every project a task may refer to, in order: "Dự án 5", "Tiểu dự án 2 thuộc Dự án 3"."""
    names = []
    for group in plan.nhiem_vu:
        for project in group.du_an:
            if project.ma:
                names.append(project.ma)
                names += [f"{sub.ma} thuộc {project.ma}" for sub in project.tieu_du_an if sub.ma]
    return names


def _references(plan: KeHoach) -> list[Finding]:
    known = project_names(plan)
    out = []

    def visit(tasks, path):
        for t, task in enumerate(tasks):
            for l, line in enumerate(task.gach):
                for r, ref in enumerate(line.du_an):
                    if ref not in known:
                        choices = "; ".join(known) or "chưa có dự án nào có `ma`"
                        out.append((path + (t, "gach", l, "du_an", r), (
                            f"không có dự án `{ref}` trong phần nhiệm vụ; tên dùng được: {choices}."
                        ), ERROR))

    for g, group in enumerate(plan.nhiem_vu):
        visit(group.phan_cong, ("nhiem_vu", g, "phan_cong"))
        for c, policy in enumerate(group.chinh_sach):
            visit(policy.phan_cong, ("nhiem_vu", g, "chinh_sach", c, "phan_cong"))
    visit(plan.to_chuc_thuc_hien.phan_cong, ("to_chuc_thuc_hien", "phan_cong"))
    return out


def _depth(items: list[Muc] | list[DuAn], path: tuple, level: int, child: str) -> list[Finding]:
    out = []
    for i, item in enumerate(items):
        here = path + (i,)
        children = getattr(item, child)
        if children and level >= MAX_DEPTH:
            out.append((here + (child,), f"mục lồng quá {MAX_DEPTH} cấp (1., 1.1., 1.1.1., a)); hãy gộp bớt cấp.", ERROR))
        else:
            out += _depth(children, here + (child,), level + 1, child)
    return out


def _deadlines(plan: KeHoach) -> list[Finding]:
    out = []
    for b, report in enumerate(plan.to_chuc_thuc_hien.bao_cao):
        for h, deadline in enumerate(report.han):
            path = ("to_chuc_thuc_hien", "bao_cao", b, "han", h, "ngay")
            day = deadline.ngay
            if day.year != plan.nam:
                out.append((path, f"hạn báo cáo {vn.short_date(day)} không thuộc năm kế hoạch {plan.nam}.", WARNING))
            elif plan.ngay_ban_hanh and day < plan.ngay_ban_hanh:
                out.append((path, f"hạn báo cáo {vn.short_date(day)} trước ngày ban hành kế hoạch {vn.short_date(plan.ngay_ban_hanh)}.", WARNING))
    return out


def check(plan: KeHoach) -> list[Finding]:
    """Return every cross-field problem of a schema-valid plan (errors and warnings)."""
    findings = _references(plan) + _deadlines(plan)
    for g, group in enumerate(plan.nhiem_vu):
        findings += _depth(group.du_an, ("nhiem_vu", g, "du_an"), 2, "tieu_du_an")
    findings += _depth(plan.nguon_luc, ("nguon_luc",), 1, "muc")
    label = lambda row: annex.unit_label(plan.phu_luc, row.ten)  # noqa: E731
    findings += [(path, message, ERROR) for path, message in annex.problems(plan.phu_luc, label)]
    return findings

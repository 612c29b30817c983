"""The plan's year as a list of dated duties: reports to send, assignments with a deadline, and the
rows of a task table — each with who is responsible, who helps, when, and the plan's own words.

Three places of a plan hold them: a reporting duty (`bao_cao`, one duty per deadline), an
assignment with a deadline (`phan_cong` with `han`), and a declared annex table whose columns have
the roles of a task list (docgen.plan.tables.declared.roles). Each duty has a key made of what it is, not where it stands, so the
same duty in next month's version of the plan is the same calendar event.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from docgen.base import vn
from docgen.plan.build import Plan
from docgen.plan.deadline import Han, parse
from docgen.plan.model import BaoCao, Muc, PhanCong
from docgen.plan.tables import declared
from docgen.plan.tables.declared import roles

_PERIODS = {"thang": "tháng", "quy": "quý", "6_thang": "6 tháng", "9_thang": "9 tháng", "nam": "năm"}


@dataclass(frozen=True)
class Task:
    """One dated duty of the plan."""

    what: str  # the duty in a few words: «Báo cáo 6 tháng», a task table's «Nhiệm vụ»
    unit: str  # who is responsible (chủ trì)
    han: Han
    sentence: str  # the plan's own words for it
    partners: tuple[str, ...] = ()  # who coordinates (phối hợp)
    product: str = ""
    period: str | None = None  # a report's period: thang, quy, 6_thang, 9_thang, nam
    key: str = field(default="", compare=False)  # stable across versions of the plan


def same_unit(a: str, b: str) -> bool:
    """Return whether two names are the same unit, written with other case or spacing."""
    return fold(a) == fold(b)


def fold(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _key(plan: Plan, *parts: str) -> str:
    """Return a duty's key: the plan's symbol and year and the duty's own words, never its position."""
    model = plan.model
    text = "\x1f".join([model.ky_hieu, str(model.nam), *map(fold, parts)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def _items(items: list[Muc]) -> Iterator[Muc]:
    for m in items:
        yield m
        yield from _items(m.muc)


def _report_tasks(plan: Plan, r: BaoCao) -> Iterator[Task]:
    for h in r.han:
        label = h.ky or (f"báo cáo {_PERIODS[h.period]}" if h.period else "báo cáo")
        what = label[:1].upper() + label[1:]
        sentence = f"{r.don_vi} {r.noi_dung} gửi về {r.gui_ve} trước ngày {vn.short_date(h.ngay)}"
        sentence += f" ({h.ky})" if h.ky else ""
        yield Task(what, r.don_vi, parse(h.ngay), sentence + ".", period=h.period,
                   key=_key(plan, "bao_cao", r.don_vi, r.noi_dung, label))


def _assignment_task(plan: Plan, a: PhanCong) -> Task | None:
    if a.han is None:
        return None
    lines = list(a.doan) + [g.noi_dung or "; ".join(g.du_an) for g in a.gach if g.noi_dung or g.du_an]
    sentence = " ".join(line.rstrip(".") + "." for line in lines)
    return Task("Nhiệm vụ được giao", a.can_bo, a.han, sentence, key=_key(plan, "phan_cong", a.can_bo))


def _split(names: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in re.split(r"[;,]", names or "") if n.strip())


def _table_tasks(plan: Plan, table) -> Iterator[Task]:
    role = roles(table) if table.loai == declared.NAME else {}
    if not {"nhiem_vu", "chu_tri", "thoi_han"} <= role.keys():
        return
    for row in table.dong:
        if "nhom" in row or not row.get(role["nhiem_vu"]):
            continue
        value = row.get(role["thoi_han"])
        if value in (None, ""):
            continue
        han = parse(value)  # the table's check made sure it is a deadline
        what, unit = str(row[role["nhiem_vu"]]), str(row.get(role["chu_tri"]) or "")
        product = str(row.get(role.get("san_pham", ""), "") or "")
        sentence = what + (f" (sản phẩm: {product})" if product else "")
        yield Task(what, unit, han, sentence + ".", _split(str(row.get(role.get("phoi_hop", ""), "") or "")),
                   product, key=_key(plan, "bang", getattr(table, "ma", "") or "", what))


def tasks(plan: Plan) -> list[Task]:
    """Return every dated duty of the plan, by deadline (ongoing ones last), then as the plan lists them."""
    found: list[Task] = []
    for part in plan.model.phan:
        for m in _items([part]):
            for r in m.bao_cao:
                found += _report_tasks(plan, r)
            assignments = list(m.phan_cong) + [a for p in m.chinh_sach for a in p.phan_cong]
            found += [t for t in (_assignment_task(plan, a) for a in assignments) if t]
    for table in plan.model.phu_luc:
        found += _table_tasks(plan, table)
    order = {id(t): i for i, t in enumerate(found)}
    return sorted(found, key=lambda t: (t.han.end is None, t.han.end or t.han.start or 0, order[id(t)]))


def for_unit(found: list[Task], unit: str) -> list[tuple[Task, bool]]:
    """Return the duties unit is responsible for (False) or coordinates (True), matched ignoring case
    and spacing."""
    out = []
    for t in found:
        if same_unit(t.unit, unit):
            out.append((t, False))
        elif any(same_unit(p, unit) for p in t.partners):
            out.append((t, True))
    return out

"""The typed blocks of the plan, recognised where they clearly are; plain text otherwise.

- a funding line, «- Mua sắm áo phao: 18.000.000 đồng (Quỹ phòng, chống thiên tai).», becomes
  `kinh_phi` (so that `{{ kinh_phi.tong }}` can quote the total): the "-" lines that end an item
  and all read so;
- a numbered sentence saying who reports what to whom by which date («Các thôn báo cáo … gửi về Ủy
  ban nhân dân xã định kỳ trước ngày 10/5/2025 (báo cáo 06 tháng) và ngày 20/10/2025 (báo cáo
  năm) để tổng hợp.») becomes `bao_cao`, with its dates;
- the items that open a part or item about carrying the plan out («Tổ chức thực hiện», «Phân
  công», «Trách nhiệm») and name an official or a unit, with only paragraphs and "-" lines,
  become `phan_cong`.

Each is taken only when docgen prints it back with the same words, in the same place.
"""

from __future__ import annotations

import datetime as dt
import re

from docgen.base import vn
from docgen.convert import Report
from docgen.plan.model import BaoCao
from docgen.plan.outline import _report as printed

_FUNDING = re.compile(r"^(?P<nd>[^:]{3,}?):\s*(?P<tien>\d{1,3}(?:\.\d{3})+|\d{1,3})\s*đồng"
                      r"(?:\s*\((?P<nguon>[^()]+)\))?\s*\.?$")
_CARRY_OUT = re.compile(r"(tổ chức thực hiện|phân công|trách nhiệm|nhiệm vụ của)", re.IGNORECASE)
_UNIT = re.compile(r"^(Công chức|Cán bộ|Ban |Công an|Trạm|Ủy ban|UBND|Văn phòng|Phòng|Hội|Đoàn|Trưởng|Các |Chủ tịch|"
                   r"Phó Chủ tịch|Mặt trận|Trường|Bí thư|Chi hội|Tổ |Ban Chỉ huy|Quân sự)")


def funding(item, report: Report, where: str) -> None:
    """Turn the funding lines that end the item's "-" lines into `kinh_phi`."""
    lines = item.gach
    k = len(lines)
    found = []
    while k > 0 and isinstance(lines[k - 1], str):
        m = _FUNDING.match(lines[k - 1])
        if not m:
            break
        amount = int(m.group("tien").replace(".", ""))
        line = {"noi_dung": m.group("nd").strip(), "so_tien": amount}
        if m.group("nguon"):
            line["nguon"] = m.group("nguon").strip()
        source = f" ({line['nguon']})" if "nguon" in line else ""
        if f"{line['noi_dung']}: {vn.integer(amount)} đồng{source}." != lines[k - 1].rstrip(".") + ".":
            break
        found.insert(0, line)
        k -= 1
    if found:
        item.gach, item.kinh_phi = lines[:k], found
        report.notes.append(f"{where}: {len(found)} dòng kinh phí ghi thành `kinh_phi`")


def assignments(item, report: Report, where: str) -> None:
    """Turn the sub-items that open an item about carrying the plan out into `phan_cong`."""
    if not item.title or not _CARRY_OUT.search(item.title):
        return
    taken = []
    for child in item.muc:
        if not (child.title and _UNIT.match(child.title) and not child.muc and not child.bang and not child.doan_cuoi
                and not getattr(child, "kinh_phi", None) and (child.doan or child.gach)):
            break
        entry = {"can_bo": child.title}
        if child.doan:
            entry["doan"] = child.doan
        if child.gach:
            entry["gach"] = child.gach
        taken.append(entry)
    if taken:
        item.phan_cong, item.muc = taken, item.muc[len(taken):]
        report.notes.append(f"{where}: {len(taken)} mục phân công cán bộ, đơn vị ghi thành `phan_cong`")


_REPORT = re.compile(r"^(?P<don_vi>.+?) (?P<noi_dung>(?:báo cáo|tổng hợp|gửi báo cáo)\b.+?) gửi về (?P<gui_ve>.+?)"
                     r"(?P<dinh_ky> định kỳ)?(?: trước (?P<han>ngày .+?\d{4}(?: \([^)]*\))?))?"
                     r"(?: (?P<ket>(?:để|theo|cho|nhằm)\b[^.]*))?\.$")
_DEADLINE = re.compile(r"ngày (?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})(?: \((?P<ky>[^)]*)\))?")


def _report(text: str) -> dict | None:
    """Return the reporting duty a sentence states, when docgen prints it back word for word."""
    m = _REPORT.match(text)
    if not m:
        return None
    entry = {"don_vi": m.group("don_vi"), "noi_dung": m.group("noi_dung"), "gui_ve": m.group("gui_ve")}
    if m.group("dinh_ky"):
        entry["dinh_ky"] = True
    if m.group("han"):
        entry["han"] = []
        for part in m.group("han").split(" và "):
            d = _DEADLINE.fullmatch(part.strip())
            if not d:
                return None
            try:
                day = dt.date(int(d.group("y")), int(d.group("m")), int(d.group("d")))
            except ValueError:
                return None
            entry["han"].append({"ngay": day, **({"ky": d.group("ky")} if d.group("ky") else {})})
    if m.group("ket"):
        entry["ket"] = m.group("ket")
    try:
        again = printed(BaoCao(**entry)).paragraphs[0]
    except ValueError:
        return None
    return entry if again == text else None


def reports(item, report: Report, where: str) -> None:
    """Turn the untitled numbered sentences that state reporting duties, after the assignments, into `bao_cao`."""
    taken = []
    for child in item.muc:
        entry = (_report(child.doan[0]) if child.title is None and len(child.doan) == 1 and not
                 (child.gach or child.muc or child.bang or child.doan_cuoi) else None)
        if entry is None:
            break
        taken.append(entry)
    if taken:
        item.bao_cao, item.muc = taken, item.muc[len(taken):]
        report.notes.append(f"{where}: {len(taken)} câu trách nhiệm báo cáo ghi thành `bao_cao`")


def recognise(item, report: Report, where: str) -> None:
    funding(item, report, where)
    assignments(item, report, where)
    reports(item, report, where)
    for i, child in enumerate(item.muc):
        recognise(child, report, f"{where}.muc[{i}]")

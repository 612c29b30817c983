"""The body of the plan (parts I-V) as a flat list of numbered blocks.

Two steps: the typed plan becomes a tree of `Node`s (what each part says), then
the tree is numbered and flattened (how it is printed). Numbering therefore
comes from the nesting alone: "I.", "1.", "1.1.", "1.1.1.", "a)" for items,
"-" and "+" for lines (the template prints those two marks).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from typing import TYPE_CHECKING

from docgen import vn
from docgen.model import MAX_DEPTH, ChinhSach, DuAn, Gach, MoTa, Muc, NoiDung, PhanCong

if TYPE_CHECKING:
    from docgen.pipeline import Plan


@dataclass(frozen=True)
class Line:
    """A "-" line with an optional label and its "+" points."""

    text: str
    label: str = ""
    points: tuple[str, ...] = ()


@dataclass
class Node:
    """A numbered item: title (None for an untitled item), paragraphs, lines, sub-items."""

    title: str | None
    paragraphs: list[str] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)  # paragraphs after the lines


@dataclass(frozen=True)
class Block:
    """One printed paragraph of the body; `kind` picks its paragraph style in the template."""

    kieu: str  # phan | muc | muc_lien | diem | doan | gach | cong
    so: str = ""
    tieu_de: str = ""
    sau: str = ""
    nhan: str = ""
    noi_dung: str = ""


PROJECT_LINE = "Tổ chức thực hiện"


# --- typed plan -> nodes ------------------------------------------------------


def _line(g: Gach) -> Line:
    if g.du_an:
        return Line("; ".join(g.du_an) + ".", f"{g.nhan or PROJECT_LINE}: ", tuple(g.chi_tiet))
    label = f"{g.nhan}:" + (" " if g.noi_dung else "") if g.nhan else ""
    return Line(g.noi_dung or "", label, tuple(g.chi_tiet))


def _content(title: str | None, content: NoiDung) -> Node:
    return Node(title, list(content.doan), [_line(g) for g in content.gach])


def _muc(m: Muc) -> Node:
    node = _content(m.tieu_de, m)
    node.children = [_muc(c) for c in m.muc]
    return node


def _described(label: str, d: MoTa | None) -> list[Line]:
    if d is None:
        return []
    return [Line(d.noi_dung or "", f"{label}:" + (" " if d.noi_dung else ""), tuple(d.chi_tiet))]


def _project(p: DuAn) -> Node:
    lines = (
        _described("Mục tiêu", p.muc_tieu)
        + _described("Đối tượng", p.doi_tuong)
        + _described("Nội dung", p.noi_dung)
        + _described("Nội dung hỗ trợ", p.noi_dung_ho_tro)
    )
    title = f"{p.ma}: {p.ten}" if p.ma else p.ten
    return Node(title, lines=lines, children=[_project(s) for s in p.tieu_du_an])


def _assignment(a: PhanCong) -> Node:
    return _content(a.can_bo, a)


def _policy(p: ChinhSach) -> Node:
    title = f"{p.ten} (giao {p.phu_trach} phụ trách)" if p.phu_trach else p.ten
    node = _content(title, p)
    node.children = [_assignment(a) for a in p.phan_cong]
    return node


def _percent(value) -> str | None:
    return None if value is None else vn.decimal(value, 2)


def targets(plan: Plan) -> list[Line]:
    """Return the specific targets of part II, computed from the annex's total row."""
    table, model = plan.table, plan.model
    standard = model.muc_tieu.cu_the.chuan_ngheo
    sentences = [
        (table.target_rate, "Tỷ lệ hộ nghèo (theo {s}) còn {v}% vào cuối năm {y}."),
        (table.target_drop, "Mức giảm tỷ lệ hộ nghèo (theo {s}) ở mức {v}%."),
        (table.target_drop_dtts, "Tỷ lệ hộ nghèo dân tộc thiểu số giảm {v}%."),
    ]
    return [Line(t.format(s=standard, v=_percent(v), y=model.nam)) for v, t in sentences if v is not None]


def _report(r) -> Node:
    deadlines = " và ".join(f"ngày {vn.short_date(h.ngay)}" + (f" ({h.ky})" if h.ky else "") for h in r.han)
    text = f"{r.don_vi} {r.noi_dung} gửi về {r.gui_ve}"
    if r.dinh_ky:
        text += " định kỳ"
    if deadlines:
        text += f" trước {deadlines}"
    if r.ket:
        text += f" {r.ket}"
    return Node(None, [text.rstrip(".") + "."])


def parts(plan: Plan) -> list[tuple[str, list[Node]]]:
    """Return parts I-V: (title, numbered items)."""
    model = plan.model
    goals = model.muc_tieu
    specific = Node(
        "Mục tiêu cụ thể",
        lines=targets(plan) + [_line(g) for g in goals.cu_the.gach],
        closing=[f"(Kèm theo Bảng tổng hợp chỉ tiêu giảm nghèo năm {model.nam})."],
    )
    tasks = []
    for group in model.nhiem_vu:
        node = _content(group.tieu_de, group)
        node.children = (
            [_project(p) for p in group.du_an]
            + [_policy(p) for p in group.chinh_sach]
            + [_assignment(a) for a in group.phan_cong]
        )
        tasks.append(node)
    organisation = [_assignment(a) for a in model.to_chuc_thuc_hien.phan_cong]
    if model.to_chuc_thuc_hien.bao_cao:
        organisation.append(Node(
            "Trách nhiệm báo cáo và thời gian báo cáo",
            children=[_report(r) for r in model.to_chuc_thuc_hien.bao_cao],
        ))
    return [
        ("MỤC ĐÍCH, YÊU CẦU", [
            _content("Mục đích", model.muc_dich_yeu_cau.muc_dich),
            _content("Yêu cầu", model.muc_dich_yeu_cau.yeu_cau),
        ]),
        ("MỤC TIÊU", [_content("Mục tiêu tổng quát", goals.tong_quat), specific]),
        ("NHIỆM VỤ VÀ GIẢI PHÁP", tasks),
        ("NGUỒN LỰC THỰC HIỆN", [_muc(m) for m in model.nguon_luc]),
        ("TỔ CHỨC THỰC HIỆN", organisation),
    ]


# --- nodes -> numbered blocks --------------------------------------------------


def number(path: tuple[int, ...]) -> str:
    """Return the printed number of an item at path (1-based): "2.", "2.3.", "2.3.1.", "a)"."""
    if len(path) >= MAX_DEPTH:
        return vn.letter(path[-1] - 1) + ")"
    return ".".join(str(i) for i in path) + "."


def _with_colon(title: str) -> str:
    return title if title[-1] in ".:;?!" else title + ":"


def _lines(lines: list[Line]) -> list[Block]:
    out = []
    for line in lines:
        out.append(Block("gach", nhan=line.label, noi_dung=line.text))
        out.extend(Block("cong", noi_dung=p) for p in line.points)
    return out


def _flatten(node: Node, path: tuple[int, ...]) -> list[Block]:
    so = number(path)
    paragraphs = list(node.paragraphs)
    if node.title is None:
        out = [Block("diem", so=so, noi_dung=paragraphs.pop(0) if paragraphs else "")]
    elif len(paragraphs) == 1 and not (node.lines or node.children or node.closing):
        # A titled item with a single paragraph runs on: "1. Mục đích: Phấn đấu …"
        return [Block("muc_lien", so=so, tieu_de=_with_colon(node.title), sau=" " + paragraphs[0])]
    else:
        out = [Block("muc", so=so, tieu_de=node.title)]
    out += [Block("doan", noi_dung=p) for p in paragraphs]
    out += _lines(node.lines)
    out += [Block("doan", noi_dung=p) for p in node.closing]
    for i, child in enumerate(node.children, 1):
        out += _flatten(child, path + (i,))
    return out


def blocks(plan: Plan) -> list[Block]:
    """Return the printed body of parts I-V, numbered from the structure."""
    out: list[Block] = []
    for n, (title, items) in enumerate(parts(plan), 1):
        out.append(Block("phan", so=f"{vn.roman(n)}.", tieu_de=title))
        for i, item in enumerate(items, 1):
            out += _flatten(item, (i,))
    return out

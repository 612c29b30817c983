"""The body of the plan (its parts) as a flat list of numbered blocks.

Two steps: the typed plan becomes a tree of `Node`s (what each part says), then
the tree is numbered and flattened (how it is printed). Numbering therefore
comes from the nesting alone: "I.", "1.", "1.1.", "1.1.1.", "a)" for items,
"-" and "+" for lines (the template prints those two marks). Quoted figures
(`{{ bang.so_lieu }}`) are filled in here, so every reader of the blocks (the
document, `diff`, `preview`) sees the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from docgen.base import vn
from docgen.plan import quotes
from docgen.plan.model import MAX_DEPTH, BaoCao, ChinhSach, DuAn, Gach, KinhPhi, MoTa, Muc, PhanCong
from docgen.plan.tables import declared

if TYPE_CHECKING:
    from docgen.plan.build import Plan


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
    closing: list[str] = field(default_factory=list)  # paragraphs after everything else
    tables: list = field(default_factory=list)  # tables printed in the item, after its lines


@dataclass(frozen=True)
class Block:
    """One printed paragraph of the body; `kieu` and, for titles, `cap` pick its paragraph style in the template."""

    kieu: str  # phan | muc | muc_lien | diem | doan | gach | cong | bang
    cap: int = 0  # outline level of a numbered block: 1 for a part, 2 for "1.", 3 for "1.1.", …; 0 for text
    so: str = ""
    tieu_de: str = ""
    sau: str = ""
    nhan: str = ""
    noi_dung: str = ""
    bang: object = None  # a table in the body: its computed grid (noi_dung: its cells' text, for diff)


PROJECT_LINE = "Tổ chức thực hiện"


# --- typed plan -> nodes ------------------------------------------------------


def _line(g: Gach) -> Line:
    if g.du_an:
        return Line("; ".join(g.du_an) + ".", f"{g.nhan or PROJECT_LINE}: ", tuple(g.chi_tiet))
    label = f"{g.nhan}:" + (" " if g.noi_dung else "") if g.nhan else ""
    return Line(g.noi_dung or "", label, tuple(g.chi_tiet))


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
    deadline = [Line(f"{a.han}.", "Thời gian thực hiện: ")] if a.han else []
    return Node(a.can_bo, list(a.doan), [_line(g) for g in a.gach] + deadline)


def _policy(p: ChinhSach) -> Node:
    title = f"{p.ten} (giao {p.phu_trach} phụ trách)" if p.phu_trach else p.ten
    return Node(title, list(p.doan), [_line(g) for g in p.gach], [_assignment(a) for a in p.phan_cong])


def _report(r: BaoCao) -> Node:
    deadlines = " và ".join(f"ngày {vn.short_date(h.ngay)}" + (f" ({h.ky})" if h.ky else "") for h in r.han)
    text = f"{r.don_vi} {r.noi_dung} gửi về {r.gui_ve}"
    if r.dinh_ky:
        text += " định kỳ"
    if deadlines:
        text += f" trước {deadlines}"
    if r.ket:
        text += f" {r.ket}"
    return Node(None, [text.rstrip(".") + "."])


def _funding(k: KinhPhi) -> Line:
    source = f" ({k.nguon})" if k.nguon else ""
    return Line(f"{k.noi_dung}: {vn.integer(k.so_tien)} đồng{source}.")


def item(m: Muc) -> Node:
    """Return the node of an item (or a part): its text, then its blocks and sub-items as children."""
    lines = [_line(g) for g in m.gach] + [_funding(k) for k in m.kinh_phi]
    children = ([_project(p) for p in m.du_an] + [_policy(p) for p in m.chinh_sach]
                + [_assignment(a) for a in m.phan_cong] + [_report(r) for r in m.bao_cao]
                + [item(c) for c in m.muc])
    return Node(m.tieu_de, list(m.doan), lines, children, list(m.doan_cuoi), list(m.bang))


# --- nodes -> numbered blocks --------------------------------------------------


def number(path: tuple[int, ...], letters: int = MAX_DEPTH) -> str:
    """Return the printed number of an item at path (1-based): "2.", "2.3.", "2.3.1.", "a)"; items
    from level `letters` down are lettered ("a)" right under "1." when letters is 2)."""
    if len(path) >= letters:
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


def _body(node: Node, path: tuple[int, ...], letters: int = MAX_DEPTH) -> list[Block]:
    """Return what follows an item's title: paragraphs, lines, numbered children, closing paragraphs."""
    out = [Block("doan", noi_dung=p) for p in node.paragraphs]
    out += _lines(node.lines)
    out += [_table(t) for t in node.tables]
    for i, child in enumerate(node.children, 1):
        out += _flatten(child, path + (i,), letters)
    return out + [Block("doan", noi_dung=p) for p in node.closing]


def _table(table) -> Block:
    """A table printed in the body: its grid computed as an annex's is (the renderer writes it)."""
    grid = declared.compute(table, 0).grid
    text = " ".join(cell for _, cells in grid.rows for cell in cells if cell)
    return Block("bang", noi_dung=text, bang=grid)


def _flatten(node: Node, path: tuple[int, ...], letters: int = MAX_DEPTH) -> list[Block]:
    so, cap = number(path, letters), len(path) + 1
    if node.title is None:
        first, *rest = node.paragraphs or [""]
        return [Block("diem", cap, so=so, noi_dung=first)] + _body(Node(None, rest, node.lines, node.children,
                                                                    node.closing, node.tables), path, letters)
    if len(node.paragraphs) == 1 and not (node.lines or node.children or node.closing or node.tables):
        # A titled item with a single paragraph runs on: "1. Mục đích: Phấn đấu …"
        return [Block("muc_lien", cap, so=so, tieu_de=_with_colon(node.title), sau=" " + node.paragraphs[0])]
    return [Block("muc", cap, so=so, tieu_de=node.title)] + _body(node, path, letters)


ORDINALS = ("nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười")


def ordinal(n: int) -> str:
    """Return the word of «Phần thứ …»: nhất, hai, ba, tư, …; past ten, the number."""
    return ORDINALS[n - 1] if 1 <= n <= len(ORDINALS) else str(n)


def blocks(plan: Plan, filled: bool = True) -> list[Block]:
    """Return the printed body: every part and its items, numbered from the structure, figures
    filled in (or the quotes as written, with filled=False)."""
    out: list[Block] = []
    for n, part in enumerate(plan.model.phan, 1):
        if plan.model.danh_so_phan == "phan_thu":  # «PHẦN THỨ NHẤT», the title on the line below
            out.append(Block("phan", 1, so=f"PHẦN THỨ {ordinal(n).upper()}"))
            out.append(Block("phan", 1, so=part.tieu_de.upper()))  # no leading space before the title
        else:
            so = vn.letter(n - 1).upper() if plan.model.danh_so_phan == "chu_cai" else vn.roman(n)
            out.append(Block("phan", 1, so=f"{so}.", tieu_de=part.tieu_de.upper()))
        out += _body(item(part), (), plan.model.muc_chu_tu_cap or MAX_DEPTH)
    return [_filled(b, plan.figures) for b in out] if filled else out


def _filled(block: Block, figures) -> Block:
    if "{{" not in block.tieu_de + block.sau + block.noi_dung + block.nhan:
        return block
    return replace(block, tieu_de=quotes.fill(block.tieu_de, figures), sau=quotes.fill(block.sau, figures),
                   noi_dung=quotes.fill(block.noi_dung, figures), nhan=quotes.fill(block.nhan, figures))

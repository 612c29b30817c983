"""The body of a hand-made plan as the plan's parts and items, to any depth.

Each paragraph's mark is read from its label (automatic numbering) or its typed text: «I.»,
«Phần thứ nhất», «1.», «1.1.», «a)», «-», «+»; a heading style without a number counts as a
mark of its level. Marks nest in the order the document first uses them (a mark met again
closes everything opened below it), so «I. → 1. → a) → -» and «I. → 1. → 1.1.» read alike.
Paragraphs without a mark belong to the item above them.

An item's text is a title, a run-in title with its text («1. Mục đích: Phấn đấu …»), or, for a
numbered sentence, an item without title. The model prints an item's pieces in a fixed order
(paragraphs, "-" lines, tables, sub-items, closing paragraphs); a piece that comes out of that
order is kept as a closing paragraph with its mark typed, so no word moves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docgen.convert import Report
from docgen.convert.reader import Paragraph, TableBlock
from docgen.convert.text import flat, is_upper, sentence

_ORDINALS = ("nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười")
_PART_WORD = re.compile(rf"^phần\s+thứ\s+({'|'.join(_ORDINALS)})\b\s*[.:\-–]?\s*(?P<rest>.*)$", re.IGNORECASE)
_ROMAN = re.compile(r"^(?P<n>[IVXL]{1,5})\s*[.)/\-–]\s*(?P<rest>.*)$")
_NUMBER = re.compile(r"^(?P<n>\d{1,2}(?:\.\d{1,2}){0,4})(?:\.|\)|(?=\s)(?<=\d\.\d)|(?<=\.\d\d)(?=\s))\s*(?P<rest>.*)$")
_UPPER = re.compile(r"^(?P<n>[A-EĐ])\.\s+(?P<rest>\S.*)$")  # «A. KẾT QUẢ …»: parts above «I.»
_LETTER = re.compile(r"^(?P<n>[a-zđ])\s*[).]\s+(?P<rest>.*)$")
_DASH = re.compile(r"^[-–—−•·*▪■►➢✓◦❖→]\s*(?P<rest>.*)$")
_PLUS = re.compile(r"^\+\s*(?P<rest>.*)$")
MAX_ITEMS = 4  # numbered levels of items under a part (docgen.model.MAX_DEPTH)


def _text(p: Paragraph) -> str:
    """The paragraph's text with its automatic label in front, on one line."""
    return flat(f"{p.label} {p.text}" if p.label else p.text)


def mark(p: Paragraph) -> tuple[str, int, str] | None:
    """Return (kind, depth, text after the mark) of a paragraph, or None for an unmarked one.
    kind: partword, roman, number, letter, dash, plus, heading."""
    text = _text(p)
    if not text:
        return None
    m = _PART_WORD.match(text)
    if m:
        return "partword", 0, m.group("rest")
    m = _ROMAN.match(text)
    if m and m.group("rest"):
        return "roman", 0, m.group("rest")
    m = _UPPER.match(text)
    if m and is_upper(m.group("rest")):
        return "upper", 0, m.group("rest")
    m = _NUMBER.match(text)
    if m and m.group("rest") and not re.match(r"^[%,]", m.group("rest")):
        return "number", m.group("n").count(".") + 1, m.group("rest")
    m = _LETTER.match(text)
    if m and m.group("rest"):
        return "letter", 0, m.group("rest")
    m = _PLUS.match(text)
    if m:
        return "plus", 0, m.group("rest")
    m = _DASH.match(text)
    if m and m.group("rest") and not re.match(r"^[-–]\d", text):  # «-5%» is a number, «- 60% hộ…» a line
        return "dash", 0, m.group("rest")
    if p.heading:
        return "heading", p.heading, text
    return None


@dataclass
class Item:
    key: tuple
    title: str | None = None
    doan: list[str] = field(default_factory=list)
    gach: list = field(default_factory=list)
    bang: list = field(default_factory=list)
    muc: list[Item] = field(default_factory=list)
    doan_cuoi: list[str] = field(default_factory=list)
    kinh_phi: list = field(default_factory=list)  # typed blocks (docgen.convert.blocks)
    phan_cong: list = field(default_factory=list)
    bao_cao: list = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # what was left in its paragraphs, as YAML comments
    runin: bool = False  # its title and its first paragraph were one paragraph («1. Mục đích: …»)
    stage: int = 0  # 0 paragraphs, 1 lines, 2 tables, 3 sub-items, 4 closing paragraphs

    def put(self, stage: int, kind: str, value, typed: str) -> None:
        """Place a piece at its stage; a piece out of order becomes a closing paragraph (mark typed)."""
        if stage < self.stage or (stage == 0 and self.stage > 0):
            self.doan_cuoi.append(typed)
            self.stage = 4
            return
        self.stage = stage
        getattr(self, kind).append(value)


def outline(blocks: list, report: Report, tables) -> tuple[list[Item], str | None, int | None]:
    """Return the parts of the body, how parts are named (None: «I.»; «phan_thu», «chu_cai»), and the item level from
    which items are lettered «a)» (None: docgen's own 1., 1.1., 1.1.1., a))."""
    marks = {m[0] for b in blocks if isinstance(b, Paragraph) and (m := mark(b))}
    part_words = "phan_thu" if "partword" in marks else "chu_cai" if "upper" in marks else None
    has_roman = any(isinstance(b, Paragraph) and (m := mark(b)) and m[0] == "roman" for b in blocks)
    root = Item(("root",))
    stack: list[Item] = [root]
    depths: dict[int, set[str]] = {}  # the marks met at each item level
    left = {}
    for x in report.left:
        if x.element is not None:
            left.setdefault(x.element, []).append(x)

    def comment(b, item: Item) -> None:
        """Write what was left in block b as comments of the item it goes to."""
        elements = [b.element] if isinstance(b, Paragraph) else [p.element for row in b.cells for c in row for p in c]
        for el in elements:
            for x in left.get(el, []):
                text = f" «{' '.join(x.text.split())[:100]}»" if x.text.strip() else ""
                item.comments.append(f"CHƯA ĐẶT: {x.why}{text}")
                x.placed = True
    i = 0
    while i < len(blocks):
        b = blocks[i]
        i += 1
        comment(b, stack[-1])
        if isinstance(b, TableBlock):
            stack[-1].put(2, "bang", tables(b), f"(bảng {b.number})")
            continue
        if not b.text.strip():
            continue
        m = mark(b)
        text = _text(b)
        if m is None:
            stack[-1].put(0 if stack[-1].stage == 0 else 4, "doan" if stack[-1].stage == 0 else "doan_cuoi", text, text)
            continue
        kind, depth, rest = m
        if kind == "dash":
            stack[-1].put(1, "gach", rest, text)
            continue
        if kind == "plus":
            top = stack[-1]
            if top.gach and top.stage == 1:
                last = top.gach[-1]
                if isinstance(last, str):
                    top.gach[-1] = last = {"noi_dung": last, "chi_tiet": []}
                last["chi_tiet"].append(rest)
            else:
                top.put(0 if top.stage == 0 else 4, "doan" if top.stage == 0 else "doan_cuoi", text, text)
            continue
        if kind == "upper" and part_words == "chu_cai":
            key = ("part",)
        elif kind == "upper":
            key = ("upper",)
        elif kind == "partword":
            key = ("part",)
            if not rest:  # the title is on the next line
                nxt = blocks[i] if i < len(blocks) and isinstance(blocks[i], Paragraph) else None
                if nxt is not None and nxt.text.strip() and mark(nxt) is None:
                    rest, i = _text(nxt), i + 1
        elif kind == "roman":
            key = ("part",) if not part_words else ("roman",)
        elif kind == "heading":
            key = ("part",) if depth == 1 and not has_roman and not part_words else ("heading", depth)
        else:
            key = (kind, depth)
        # close up to the same mark, or open below the current one
        keys = [it.key for it in stack]
        if key == ("part",):
            del stack[1:]
        elif key in keys:
            del stack[keys.index(key):]
        items_deep = len(stack) - 1 - (1 if len(stack) > 1 and stack[1].key == ("part",) else 0)
        if key != ("part",) and items_deep >= MAX_ITEMS:
            stack[-1].put(0 if stack[-1].stage == 0 else 4, "doan" if stack[-1].stage == 0 else "doan_cuoi",
                          text, text)
            continue
        if key != ("part",):
            depths.setdefault(items_deep + 1, set()).add(kind)
        item = Item(key)
        item.comments, stack[-1].comments = stack[-1].comments[len(stack[-1].comments) - _new(b, left):], \
            stack[-1].comments[:len(stack[-1].comments) - _new(b, left)]
        _title(item, b, rest, key == ("part",))
        parent = stack[-1]
        if parent.stage > 3:
            report.notes.append(f"{b.where()}: mục đứng sau đoạn kết của mục trên; vẫn giữ thứ tự in")
        parent.stage = 3
        parent.muc.append(item)
        stack.append(item)
    parts = root.muc
    if root.doan or root.gach or root.bang or root.doan_cuoi:
        # text before the first part: a part of its own would invent a heading; keep it in the first part
        lead = root.doan + [g if isinstance(g, str) else g["noi_dung"] for g in root.gach] + root.doan_cuoi
        if parts:
            parts[0].doan = lead + parts[0].doan
        else:
            parts = [Item(("part",), title="(chưa có tiêu đề)", doan=lead, bang=root.bang)]
            report.leave("thân văn bản", " ".join(lead)[:80], "không thấy phần nào (I., II., …): đặt cả vào một phần; "
                         "hãy ghi `tieu_de` cho phần")
    for part in parts:
        if part.title is None:  # an item at the top without a title: its first paragraph heads the part
            part.title = part.doan.pop(0) if part.doan else "(chưa có tiêu đề)"
    lettered = [d for d, kinds in depths.items() if "letter" in kinds]
    letters = min(lettered) if lettered else None
    if letters is not None and (letters >= MAX_ITEMS or any("number" in kinds for d, kinds in depths.items()
                                                           if d >= letters)):
        letters = None  # docgen's own numbering, or numbers below the letters: left to docgen
    return parts, part_words, letters


def _new(b, left: dict) -> int:
    """How many comments block b gave (they go with the item b opens)."""
    return len(left.get(b.element, [])) if isinstance(b, Paragraph) else 0


def _title(item: Item, p: Paragraph, rest: str, part: bool) -> None:
    """Set the item's title from the text after its mark: a title, a run-in title and text, or none."""
    head = p.bold_head()
    if head and not p.label:  # a typed number starts the bold words: the title is after it
        head = flat(re.sub(r"^\S+\s*", "", head, count=1)) if head.split()[0] in _text(p).split()[:1] else head
    if part:
        item.title = sentence(rest) if is_upper(rest) else rest
        return
    # a run-in title: bold words ending with «:» (or «.») then plain text
    if head and rest.startswith(head) and len(rest) > len(head) + 1 and head[-1] in ":." and not p.all_bold:
        item.title, item.runin = head, True
        item.doan.append(rest[len(head):].strip())
        return
    m = re.match(r"^(?P<t>[^:;.]{2,60}):\s+(?P<r>\S.*)$", rest)
    if m and len(m.group("t").split()) <= 8 and not any(b for t, b in p.bold if t.strip()):
        item.title, item.runin = m.group("t") + ":", True
        item.doan.append(m.group("r"))
        return
    if p.all_bold or (len(rest.split()) <= 15 and not rest.endswith((".", ";", ":"))) or p.heading:
        item.title = rest
        return
    item.doan.append(rest)  # a numbered sentence: an item without title

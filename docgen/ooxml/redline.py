"""Two renderings of a plan compared as Word's own tracked changes, and tracked changes applied.

`compare(old, new, author, date)` returns NEW's document body in which every difference
from OLD is a revision Word shows and can accept or reject: words inserted (`w:ins`) or
deleted (`w:del`) inside a paragraph, whole paragraphs and table rows inserted or deleted
(their paragraph marks and rows marked too), formatting changed (`w:pPrChange`,
`w:rPrChange`, `w:sectPrChange`). Accept All gives NEW exactly, Reject All gives OLD.

It works from what docgen knows: both documents come from the same template, so their
bodies are sequences of paragraphs and tables that align block by block (docgen.base.align on
their text), and paragraphs that changed are compared word by word, run formatting included.
`accept` and `reject` apply the revisions as Word does; `revisions` lists them.
"""

from __future__ import annotations

import copy
import difflib
import io
import re
from dataclasses import dataclass, field

from lxml import etree

from docgen.base import worddiff
from docgen.base.align import align, similarity

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def q(name: str) -> str:
    return f"{{{W}}}{name}"


P, R, T, TBL, TR, TC = q("p"), q("r"), q("t"), q("tbl"), q("tr"), q("tc")
PPR, RPR, TRPR, TCPR, SECT = q("pPr"), q("rPr"), q("trPr"), q("tcPr"), q("sectPr")
INS, DEL = q("ins"), q("del")
_MOVE_RANGES = tuple(q(n) for n in ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd"))
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_WORDS = re.compile(r"\s+|[^\s]+")


@dataclass
class _Marks:
    """Makes revision marks: the same author and date on all, ids counted from 1."""

    author: str
    date: str
    next_id: int = 1
    held: dict[etree._Element, _HeldRow] = field(default_factory=dict)  # OLD's rows kept as bytes (see hold)

    def make(self, tag: str) -> etree._Element:
        el = etree.Element(tag)
        el.set(q("id"), str(self.next_id))
        el.set(q("author"), self.author)
        el.set(q("date"), self.date)
        self.next_id += 1
        return el


def text_of(el: etree._Element) -> str:
    return "".join(t.text or "" for t in el.iter(T))


def _key(el: etree._Element) -> bytes:
    return etree.tostring(el, method="c14n")


# --- old rows held as bytes ---------------------------------------------------------------------


@dataclass(frozen=True)
class _HeldRow:
    """A row of OLD's tables kept as its XML: what aligning rows needs (its text, its key) at hand,
    the element parsed again only where the row changed."""

    xml: bytes  # the row as serialized in its document (its namespaces declared), without its tail
    tail: str | None
    text: str  # text_of(row) for a table's first row (its signature), "" for the others
    key: str  # _row_key(row)


@dataclass(frozen=True)
class Held:
    """OLD's document part parsed with the rows of its tables held as bytes (`hold`)."""

    root: etree._Element
    rows: dict[etree._Element, _HeldRow]


def hold(xml: bytes) -> Held:
    """Parse a document part to compare as OLD, row by row, each row of its body's tables kept as
    its bytes and an empty w:tr left in its place. A parsed part takes about thirteen times its
    size (2,000 rows: 130 MB); held, the rows take their size: two big renderings never stand
    whole side by side. (Held in place from a tree already parsed, the freed rows' memory stays
    scattered among what is kept, and the next rendering peaks 45 MB higher.)"""
    rows: dict[etree._Element, _HeldRow] = {}
    parsing = etree.iterparse(io.BytesIO(xml), events=("end",), tag=TR)
    for _, row in parsing:
        _hold_row(row, rows)
    return Held(parsing.root, rows)


def _hold_row(row: etree._Element, rows: dict[etree._Element, _HeldRow]) -> None:
    table = row.getparent()
    if table is None or table.getparent() is None or table.getparent().tag != q("body"):
        return  # a row of a table inside a cell: it goes with its cell's row
    if next(row.iter(TBL), None) is not None:
        return  # a row holding a table stays whole (its grid counts in _same_grid)
    first = table.find(TR) is row  # only a table's first row is part of its signature
    rows[row] = _HeldRow(etree.tostring(row, with_tail=False), row.tail, text_of(row) if first else "",
                         _row_key(row))
    row.clear(keep_tail=True)


def _real(row: etree._Element, marks: _Marks) -> etree._Element:
    """Return row, or the row a held one stands for, parsed on its own (its namespaces declared on
    it, as in its document: what is compared and copied from it is the same)."""
    held = marks.held.get(row)
    if held is None:
        return row
    out = etree.fromstring(held.xml)
    out.tail = held.tail
    return out


def _unhold(table: etree._Element, marks: _Marks) -> None:
    """Put the held rows of an old table back in it (before it is copied whole)."""
    for row in table.findall(TR):
        if row in marks.held:
            table.replace(row, _real(row, marks))


# --- compare ----------------------------------------------------------------------------------


def compare(old: etree._Element | Held, new: etree._Element, author: str, date: str, *,
            in_place: bool = False) -> etree._Element:
    """Return a copy of new (a w:document) with OLD's differences as tracked revisions; with
    in_place, new itself, rewritten (no copy of a big document held twice). OLD may be held
    (`hold`): its rows are parsed again one at a time, where they changed."""
    out = new if in_place else copy.deepcopy(new)
    marks = _Marks(author, date)
    if isinstance(old, Held):
        old, marks.held = old.root, old.rows
    body_old, body_new = old.find(q("body")), out.find(q("body"))
    _merge_blocks(body_old, body_new, marks, tail=SECT)
    return _finish(out)


def _blocks(container: etree._Element, skip: tuple[str, ...]) -> list[etree._Element]:
    return [el for el in container if el.tag not in skip]


def _signature(el: etree._Element, held: dict | None = None) -> str:
    if el.tag == TBL:
        return "\x00table:" + "|".join(held[row].text if held and row in held else text_of(row)
                                       for row in el.findall(TR)[:1])
    return text_of(el)


def _merge_blocks(old_c: etree._Element, new_c: etree._Element, marks: _Marks, tail: str | None = None,
                  skip: tuple[str, ...] = (SECT, TCPR)) -> None:
    """Rewrite new_c's children (paragraphs and tables) so that they show old_c's as revisions."""
    result: list[etree._Element] = []
    edited: tuple[etree._Element, etree._Element] | None = None  # a paragraph changed in place
    added: list[etree._Element] = []  # the paragraphs inserted right after it
    for step in align(_blocks(old_c, skip), _blocks(new_c, skip), lambda el: _signature(el, marks.held), _score):
        if step.old is None:
            result.append(_inserted(step.new, marks))
            if edited is not None and step.new.tag == P:
                added.append(step.new)
                continue
        elif step.new is None:
            result.append(_deleted(step.old, marks))
        else:
            result.append(_changed(step.old, step.new, marks))
        if edited is not None and added:
            _split_mark(*edited, added, marks)
        edited, added = None, []
        if step.old is not None and step.new is not None and result[-1] is step.new and step.new.tag == P:
            edited = (step.old, step.new)
    if edited is not None and added:
        _split_mark(*edited, added, marks)
    kept = [el for el in new_c if el.tag in skip and el.tag != tail]
    end = [el for el in new_c if el.tag == tail]
    _arrange(new_c, kept + result + end)
    if tail == SECT and end:
        old_sect = old_c.find(SECT)
        _sect_change(old_sect, end[0], marks)


def _split_mark(o: etree._Element, n: etree._Element, added: list[etree._Element], marks: _Marks) -> None:
    """A paragraph edited at its end and followed by inserted paragraphs is recorded as Word
    records text typed at the end of a paragraph, Enter and all: the edited paragraph's mark is
    the one inserted, and the old mark (with the old paragraph's properties) ends the last
    inserted paragraph. Otherwise LibreOffice joins the insertion at the paragraph's end with
    the inserted paragraphs into one change, and its Reject All then takes the edited
    paragraph's own mark too: two paragraphs run into one."""
    last = n[len(n) - 1] if len(n) else None
    if last is None or last.tag != INS:
        return  # the paragraph ends with unchanged words: nothing for LibreOffice to join
    if any(p.find(f"{PPR}/{SECT}") is not None for p in (o, n, *added)):
        return  # a section break stays with the paragraph mark it belongs to
    ppr = n.find(PPR)
    if ppr is not None:
        for change in ppr.findall(q("pPrChange")) + ppr.findall(f"{RPR}/{q('rPrChange')}"):
            holder = change.getparent()
            holder.remove(change)
            _tidy(holder)
        _tidy(n.find(PPR))
    _mark_paragraph(n, INS, marks)
    end = added[-1]
    mark = _mark_of(end, INS)
    rpr = mark.getparent()
    rpr.remove(mark)
    _tidy(rpr)
    _tidy(end.find(PPR))
    _ppr_change(o.find(PPR), end, marks)


def _arrange(container: etree._Element, children: list[etree._Element]) -> None:
    """Make children container's children, in this order. Children already in container are
    moved within its document (cheap); lxml's detaching of an element from its document walks
    and rewrites the whole subtree, so a big table is never taken out and put back."""
    staying = set(children)
    for el in list(container):
        if el not in staying:
            container.remove(el)
    for el in children:
        container.append(el)


def _kin(a: etree._Element, b: etree._Element) -> bool:
    """Whether b can be shown as a changed a: both paragraphs ending a section or neither (a
    section break comes and goes with its paragraph mark), or tables of the same grid."""
    if a.tag != b.tag:
        return False
    if a.tag == P:
        return (a.find(f"{PPR}/{SECT}") is None) == (b.find(f"{PPR}/{SECT}") is None)
    return a.tag != TBL or _same_grid(a, b)


def _score(a: etree._Element, b: etree._Element) -> float:
    """Return how alike two blocks are, for b to be shown as a changed a: not at all unless they
    are kin; a table of the same grid, always; paragraphs, by their words."""
    if not _kin(a, b):
        return 0.0
    return 1.0 if a.tag == TBL else similarity(text_of(a), text_of(b))


def _same_grid(a: etree._Element, b: etree._Element) -> bool:
    grid = lambda t: [g.get(q("w")) is not None for g in t.iter(q("gridCol"))]
    return len(grid(a)) == len(grid(b))


def _changed(o: etree._Element, n: etree._Element, marks: _Marks) -> etree._Element:
    """Return n showing what changed from o, the same kind of block."""
    if n.tag != TBL and _key(o) == _key(n):  # a table is held row by row: no copy of a big one as bytes
        return n
    if not _kin(o, n):
        return _holder(_deleted(o, marks), _inserted(n, marks))
    if n.tag == TBL:
        return _table(o, n, marks)
    if n.tag == P:
        return _paragraph(o, n, marks)
    return n  # anything else (a structured block we do not take apart) is kept as it is now


# --- paragraphs --------------------------------------------------------------------------------


def _simple(p: etree._Element) -> bool:
    """Whether p holds only runs of text (what docgen writes), so it can be diffed word by word."""
    return all(ch.tag in (PPR, R) for ch in p)


def _tokens(p: etree._Element) -> list[tuple[bytes, etree._Element | None, str | None]]:
    """Return p's content as (key, rPr, text) tokens: words and spaces of text, or a whole
    non-text element (a tab, a break) as text None carrying the element in rPr's place."""
    out = []
    for r in p.findall(R):
        rpr = r.find(RPR)
        style = _key(rpr) if rpr is not None else b""
        for ch in r:
            if ch.tag == RPR:
                continue
            if ch.tag == T:
                out += [(style + b"\x00" + w.encode(), rpr, w) for w in _WORDS.findall(ch.text or "")]
            else:
                out.append((style + b"\x01" + _key(ch), rpr, ch))
    return out


def _run(rpr: etree._Element | None, content: list, deleted: bool) -> etree._Element:
    r = etree.Element(R)
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    text = ""
    for piece in content + [None]:
        if isinstance(piece, str):
            text += piece
            continue
        if text:
            t = etree.SubElement(r, q("delText") if deleted else T)
            t.text = text
            if text != text.strip():
                t.set(_XML_SPACE, "preserve")
            text = ""
        if piece is not None:
            el = copy.deepcopy(piece)
            if deleted and el.tag == q("instrText"):
                el.tag = q("delInstrText")
            r.append(el)
    return r


def _runs(tokens: list, deleted: bool = False) -> list[etree._Element]:
    """Return runs for tokens, one per stretch of the same formatting."""
    out, stretch, style, stretch_rpr = [], [], None, None
    for key, rpr, piece in tokens:
        this = _key(rpr) if rpr is not None else b""
        if stretch and this != style:
            out.append(_run(stretch_rpr, stretch, deleted))
            stretch = []
        if not stretch:
            style, stretch_rpr = this, rpr
        stretch.append(piece)
    if stretch:
        out.append(_run(stretch_rpr, stretch, deleted))
    return out


def _wrap(tag: str, runs: list[etree._Element], marks: _Marks) -> list[etree._Element]:
    if not runs:
        return []
    box = marks.make(tag)
    box.extend(runs)
    return [box]


def _mark_paragraph(p: etree._Element, tag: str, marks: _Marks) -> None:
    """Mark p's paragraph mark inserted or deleted (pPr/rPr/w:ins|w:del)."""
    ppr = p.find(PPR)
    if ppr is None:
        ppr = etree.Element(PPR)
        p.insert(0, ppr)
    rpr = ppr.find(RPR)
    if rpr is None:
        rpr = etree.Element(RPR)
        # rPr comes after every other paragraph property but sectPr and pPrChange
        after = [ppr.find(SECT), ppr.find(q("pPrChange"))]
        anchor = next((a for a in after if a is not None), None)
        (anchor.addprevious(rpr) if anchor is not None else ppr.append(rpr))
    rpr.insert(0, marks.make(tag))


def _inserted(n: etree._Element, marks: _Marks) -> etree._Element:
    return _all(n, INS, marks)


def _deleted(o: etree._Element, marks: _Marks) -> etree._Element:
    if o.tag == TBL and marks.held:
        _unhold(o, marks)
    return _all(copy.deepcopy(o), DEL, marks)


def _all(block: etree._Element, tag: str, marks: _Marks) -> etree._Element:
    """Mark a whole paragraph or table inserted or deleted (a table row by row); return it."""
    if block.tag == TBL:
        for row in block.findall(TR):
            _whole_row(row, tag, marks)
    elif block.tag == P:
        _whole(block, tag, marks)
    return block


def _whole(p: etree._Element, tag: str, marks: _Marks, mark: bool = True) -> None:
    """Mark all of p inserted or deleted: its runs and (unless in a table row marked as a whole)
    its paragraph mark."""
    runs = p.findall(R)
    if runs:
        box = marks.make(tag)
        runs[0].addprevious(box)
        for r in runs:
            if tag == DEL:
                for t in r.findall(T):
                    t.tag = q("delText")
                for t in r.findall(q("instrText")):
                    t.tag = q("delInstrText")
            box.append(r)
    if mark:
        _mark_paragraph(p, tag, marks)


def _paragraph(o: etree._Element, n: etree._Element, marks: _Marks) -> etree._Element:
    if not (_simple(o) and _simple(n)):  # something docgen does not write: replace it whole
        return _replace(o, n, marks)
    old, new = _tokens(o), _tokens(n)
    if [k for k, _, _ in old] == [k for k, _, _ in new]:  # same words, same look: only properties changed
        _ppr_change(o.find(PPR), n, marks)
        return n
    content: list[etree._Element] = []
    for op, i1, i2, j1, j2 in _joined(_opcodes([k for k, _, _ in old], [k for k, _, _ in new]), new):
        if op == "equal":
            content += _runs(new[j1:j2])
        else:
            content += _wrap(DEL, _runs(old[i1:i2], deleted=True), marks)
            content += _wrap(INS, _runs(new[j1:j2]), marks)
    for r in n.findall(R):
        n.remove(r)
    n.extend(content)
    _ppr_change(o.find(PPR), n, marks)
    return n


SHORT = 250_000  # len(old) × len(new) tokens up to which a paragraph is compared with difflib


def _opcodes(old: list[bytes], new: list[bytes]) -> list:
    """Return the opcodes turning one paragraph's tokens into the other's. A short paragraph gets
    difflib's (longest match first: it reads best, and comparisons keep the bytes they had); a
    long one the bounded diff of docgen.base.worddiff, as difflib is quadratic or worse on the
    repeated words and spaces of a long paragraph (4,000 words took a minute)."""
    if len(old) * len(new) <= SHORT:
        return difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    return worddiff.opcodes(old, new)


def _joined(opcodes: list, new: list) -> list:
    """Return opcodes where two changes separated by nothing but spaces are one change:
    "ban hành" → "xây dựng" reads as one replacement, not two words each replaced."""
    out: list = []
    for op in opcodes:
        if (len(out) >= 2 and op[0] != "equal" and out[-1][0] == "equal" and out[-2][0] != "equal"
                and all(isinstance(p, str) and not p.strip() for _, _, p in new[out[-1][3]:out[-1][4]])):
            _, i1, _, j1, _ = out[-2]
            out[-2:] = [("replace", i1, op[2], j1, op[4])]
        else:
            out.append(op)
    return out


def _replace(o: etree._Element, n: etree._Element, marks: _Marks) -> etree._Element:
    """A paragraph replaced whole: shown as the old one deleted before the new one inserted."""
    return _holder(_deleted(o, marks), _inserted(n, marks))


def _holder(*blocks: etree._Element) -> etree._Element:
    """Two blocks standing where one was (a deleted one before an inserted one), until _finish."""
    holder = etree.Element(q("holder"))
    holder.extend(blocks)
    return holder


def _props(ppr: etree._Element | None) -> list[etree._Element]:
    """Return the paragraph properties a pPrChange records (all but the mark, section and change)."""
    if ppr is None:
        return []
    return [el for el in ppr if el.tag not in (RPR, SECT, q("pPrChange"))]


def _ppr_change(old_ppr: etree._Element | None, n: etree._Element, marks: _Marks) -> None:
    new_ppr = n.find(PPR)
    if [_key(e) for e in _props(old_ppr)] == [_key(e) for e in _props(new_ppr)]:
        _rpr_mark_change(old_ppr, new_ppr, n, marks)
        _sect_change(old_ppr.find(SECT) if old_ppr is not None else None,
                     new_ppr.find(SECT) if new_ppr is not None else None, marks)
        return
    if new_ppr is None:
        new_ppr = etree.Element(PPR)
        n.insert(0, new_ppr)
    change = marks.make(q("pPrChange"))
    was = etree.SubElement(change, PPR)
    was.extend(copy.deepcopy(e) for e in _props(old_ppr))
    new_ppr.append(change)
    _rpr_mark_change(old_ppr, new_ppr, n, marks)
    _sect_change(old_ppr.find(SECT) if old_ppr is not None else None, new_ppr.find(SECT), marks)


def _rpr_mark_change(old_ppr, new_ppr, n, marks) -> None:
    """The paragraph mark's own formatting (pPr/rPr) changed: record the old one."""
    old = old_ppr.find(RPR) if old_ppr is not None else None
    new = new_ppr.find(RPR) if new_ppr is not None else None
    if (_key(old) if old is not None else b"") == (_key(new) if new is not None else b""):
        return
    if new is None:
        new = etree.Element(RPR)
        anchor = next((a for a in (new_ppr.find(SECT), new_ppr.find(q("pPrChange"))) if a is not None), None)
        (anchor.addprevious(new) if anchor is not None else new_ppr.append(new))
    change = marks.make(q("rPrChange"))
    was = etree.SubElement(change, RPR)
    was.extend(copy.deepcopy(e) for e in (old if old is not None else []))
    new.append(change)


def _sect_change(old: etree._Element | None, new: etree._Element | None, marks: _Marks) -> None:
    if new is None or old is None or _key(old) == _key(new):
        return  # a section that appears or goes goes with its paragraph's mark
    change = marks.make(q("sectPrChange"))
    was = etree.SubElement(change, SECT)
    was.extend(copy.deepcopy(e) for e in old if e.tag not in (q("sectPrChange"),))
    new.append(change)


# --- tables ------------------------------------------------------------------------------------


def _mark_row(row: etree._Element, tag: str, marks: _Marks) -> None:
    trpr = row.find(TRPR)
    if trpr is None:
        trpr = etree.Element(TRPR)
        tblpr_ex = row.find(q("tblPrEx"))
        (tblpr_ex.addnext(trpr) if tblpr_ex is not None else row.insert(0, trpr))
    trpr.append(marks.make(tag))


def _table(o: etree._Element, n: etree._Element, marks: _Marks) -> etree._Element:
    if not _same_grid(o, n) or _key(o.find(q("tblPr"))) != _key(n.find(q("tblPr"))):
        return _replace_table(o, n, marks)
    _grid_change(o.find(q("tblGrid")), n.find(q("tblGrid")), marks)
    nrows = n.findall(TR)
    rows: list[etree._Element] = []
    # rows of one grid are always alike: between equal rows, they pair in order
    held = marks.held
    key = (lambda row: held[row].key if row in held else _row_key(row)) if held else _row_key
    for step in align(o.findall(TR), nrows, key, lambda a, b: 1.0):
        if step.old is None:
            rows.append(_inserted_row(step.new, marks))
        elif step.new is None:
            rows.append(_deleted_row(_real(step.old, marks), marks))
        else:
            rows.append(_row(step.old, step.new, marks))
    _arrange(n, [el for el in n if el.tag != TR] + rows)
    return n


def _grid_change(old: etree._Element | None, new: etree._Element | None, marks: _Marks) -> None:
    """The columns' widths changed (a grid of as many columns): record the old grid
    (w:tblGridChange, which carries an id only)."""
    if old is None or new is None or _key(old) == _key(new):
        return
    change = etree.SubElement(new, q("tblGridChange"))
    change.set(q("id"), str(marks.next_id))
    marks.next_id += 1
    was = etree.SubElement(change, q("tblGrid"))
    was.extend(copy.deepcopy(e) for e in old if e.tag == q("gridCol"))


def _props_change(old: etree._Element | None, holder: etree._Element, tag: str, marks: _Marks,
                  before: tuple[str, ...] = ()) -> None:
    """A row's or a cell's properties (w:trPr, w:tcPr) changed: record the old ones in a
    w:trPrChange / w:tcPrChange, the properties' last child (Word's order), holder being the
    row or cell. Elements of tags in `before` (a row's own insertion mark) are not properties."""
    new = holder.find(tag)
    if _k(old) == _k(new):
        return
    if new is None:
        new = etree.Element(tag)
        holder.insert(0, new)  # a cell's tcPr and a row's trPr (no tblPrEx here) come first
    change = marks.make(tag + "Change")
    was = etree.SubElement(change, tag)
    was.extend(copy.deepcopy(e) for e in (old if old is not None else []) if e.tag not in before)
    new.append(change)


def _row_key(row: etree._Element) -> str:
    """Return what identifies a row: its text without a first cell that only numbers it (STT), so
    that a row inserted in the middle does not make every row below it look changed."""
    cells = [text_of(c) for c in row.findall(TC)]
    if cells and cells[0].strip().isdigit():
        cells = cells[1:]
    return "\x00".join(cells)


def _replace_table(o, n, marks) -> etree._Element:
    return _holder(_deleted(o, marks), _inserted(n, marks))


def _deleted_row(row, marks) -> etree._Element:
    return _whole_row(copy.deepcopy(row), DEL, marks)


def _inserted_row(row, marks) -> etree._Element:
    return _whole_row(row, INS, marks)


def _whole_row(row: etree._Element, tag: str, marks: _Marks) -> etree._Element:
    _mark_row(row, tag, marks)
    for p in row.iter(P):
        _whole(p, tag, marks, mark=False)
    return row


def _k(el: etree._Element | None) -> bytes:
    return _key(el) if el is not None else b""


def _row(a: etree._Element, b: etree._Element, marks: _Marks) -> etree._Element:
    held = marks.held.get(a)
    if held is not None:
        # the same bytes, namespaces declared alike: the same row (what _key would say, in half the time)
        if etree.tostring(b, with_tail=False) == held.xml:
            return b
        a = _real(a, marks)
    if _key(a) == _key(b):
        return b
    acells, bcells = a.findall(TC), b.findall(TC)
    same_shape = (len(acells) == len(bcells) and _k(a.find(q("tblPrEx"))) == _k(b.find(q("tblPrEx")))
                  and all(_span(x) == _span(y) for x, y in zip(acells, bcells)))
    if not same_shape or _figures_changed(acells, bcells):
        return _holder(_deleted_row(a, marks), _inserted_row(b, marks))
    for x, y in zip(acells, bcells):
        if _key(x) != _key(y):
            _merge_blocks(x, y, marks, skip=(TCPR,))
            _props_change(x.find(TCPR), y, TCPR, marks)
    _props_change(a.find(TRPR), b, TRPR, marks, before=(INS, DEL))
    return b


_FIGURE = re.compile(r"[-+−]?\d[\d.,]*\s*%?")


def _figures_changed(acells: list[etree._Element], bcells: list[etree._Element]) -> bool:
    """Whether a cell holding a figure changed (its row's number, STT, aside). Such a row is shown
    as the old row deleted above the new one inserted: in a narrow column, the old figure struck
    through and the new one beside it would run together («2125») and wrap inside them. Rows
    merged down into the next (a header's) stay as they are: deleted and inserted rows in turn
    would tear their merged cells apart."""
    if any(_span(cell)[1] is not None for cell in (*acells, *bcells)):
        return False
    for n, (x, y) in enumerate(zip(acells, bcells)):
        old, new = text_of(x).strip(), text_of(y).strip()
        if old == new or (n == 0 and old.isdigit() and new.isdigit()):
            continue
        if _FIGURE.fullmatch(old) or _FIGURE.fullmatch(new):
            return True
        words = difflib.SequenceMatcher(None, old.split(), new.split(), autojunk=False)
        changed = [w for op, i1, i2, j1, j2 in words.get_opcodes() if op != "equal"
                   for w in old.split()[i1:i2] + new.split()[j1:j2]]
        if any(_FIGURE.fullmatch(w) for w in changed):  # «cuối năm 2024» → «cuối năm 2025»
            return True
    return False


def _span(cell: etree._Element) -> tuple[str | None, str | None]:
    """Return how a cell spans the grid: its columns (gridSpan) and its vertical merge."""
    tcpr = cell.find(TCPR)
    span = tcpr.find(q("gridSpan")) if tcpr is not None else None
    merge = tcpr.find(q("vMerge")) if tcpr is not None else None
    return (span.get(q("val")) if span is not None else None,
            merge.get(q("val"), "continue") if merge is not None else None)


def _finish(document: etree._Element) -> etree._Element:
    """Unwrap the holders: each becomes the two blocks it holds."""
    for holder in list(document.iter(q("holder"))):
        for el in list(holder):
            holder.addprevious(el)
        holder.getparent().remove(holder)
    return document


# --- applying revisions ------------------------------------------------------------------------


def _unwrap(el: etree._Element) -> None:
    parent = el.getparent()
    for child in list(el):
        el.addprevious(child)
    parent.remove(el)


def _drop(el: etree._Element) -> None:
    el.getparent().remove(el)


def _mark_of(p: etree._Element, tag: str) -> etree._Element | None:
    ppr = p.find(PPR)
    rpr = ppr.find(RPR) if ppr is not None else None
    return rpr.find(tag) if rpr is not None else None


def _tidy(el: etree._Element | None) -> None:
    """Drop a property element the revision marks alone had made (now empty)."""
    if el is not None and len(el) == 0 and not el.attrib:
        _drop(el)


def _apply(document: etree._Element, keep: str) -> etree._Element:
    """Accept (keep=INS) or reject (keep=DEL) every revision in a copy of document."""
    out = copy.deepcopy(document)
    gone = DEL if keep == INS else INS
    for el in list(out.iter(*_MOVE_RANGES)):
        _drop(el)  # where a move starts and ends: only markers
    for el in out.iter(q("moveFrom"), q("moveTo")):  # a move is a deletion here and an insertion there
        el.tag = DEL if el.tag == q("moveFrom") else INS
    for row in list(out.iter(TR)):
        trpr = row.find(TRPR)
        if trpr is not None and trpr.find(gone) is not None:
            _drop(row)
        elif trpr is not None and trpr.find(keep) is not None:
            _drop(trpr.find(keep))
            _tidy(trpr)
    for table in list(out.iter(TBL)):
        if table.find(TR) is None:
            _drop(table)
    for p in list(out.iter(P)):
        if _mark_of(p, gone) is not None:  # the paragraph mark goes: its content joins the next paragraph
            following = p.getnext()
            rest = [ch for ch in p if ch.tag != PPR and ch.tag != gone]
            if following is not None and following.tag == P and rest:
                anchor = following.find(PPR)
                for ch in reversed(rest):
                    (anchor.addnext(ch) if anchor is not None else following.insert(0, ch))
            _drop(p)
        elif _mark_of(p, keep) is not None:
            rpr = p.find(PPR).find(RPR)
            _drop(rpr.find(keep))
            _tidy(rpr)
            _tidy(p.find(PPR))
    for el in list(out.iter(gone)):
        _drop(el)
    for el in list(out.iter(keep)):
        if keep == DEL:
            for t in el.iter(q("delText")):
                t.tag = T
            for t in el.iter(q("delInstrText")):
                t.tag = q("instrText")
        _unwrap(el)
    for change_tag, prop_tag in (("pPrChange", PPR), ("rPrChange", RPR), ("sectPrChange", SECT),
                                 ("trPrChange", TRPR), ("tcPrChange", TCPR), ("tblGridChange", q("tblGrid"))):
        for change in list(out.iter(q(change_tag))):
            prop = change.getparent()
            prop.remove(change)
            if keep == DEL:  # back to the properties recorded in the change
                was = change.find(prop_tag)
                kept = [el for el in prop if el.tag in (RPR, SECT)] if prop_tag == PPR else []
                for el in list(prop):
                    prop.remove(el)
                prop.extend(list(was) if was is not None else [])
                prop.extend(sorted(kept, key=lambda e: e.tag == SECT))  # pPr ends with rPr, then sectPr
            _tidy(prop)
    return out


def accept(document: etree._Element) -> etree._Element:
    """Return a copy of document with every tracked change accepted (Word's Accept All)."""
    return _apply(document, INS)


def marked(document: etree._Element) -> etree._Element:
    """Return a copy of document with every tracked change accepted, the words it inserted written
    {+so+} and the words it deleted [-so-] (as `docgen diff` shows a word diff): text to read, not to keep."""
    out = copy.deepcopy(document)
    for tag, opening, closing in ((INS, "{+", "+}"), (q("moveTo"), "{+", "+}"),
                                  (DEL, "[-", "-]"), (q("moveFrom"), "[-", "-]")):
        for el in list(out.iter(tag)):
            if el.getparent().tag in (TRPR, RPR):
                continue  # a row or a paragraph mark: Accept All settles it below
            for t in el.iter(q("delText")):
                t.tag = T
            texts = [t for t in el.iter(T) if t.text]
            if texts:
                texts[0].text = opening + texts[0].text
                texts[-1].text += closing
                texts[0].set(_XML_SPACE, "preserve")
                texts[-1].set(_XML_SPACE, "preserve")
            _unwrap(el)
    return accept(out)


def reject(document: etree._Element) -> etree._Element:
    """Return a copy of document with every tracked change rejected (Word's Reject All)."""
    return _apply(document, DEL)


@dataclass(frozen=True)
class Revision:
    kind: str  # "thêm" | "xóa" | "định dạng"
    author: str
    date: str
    text: str


def revisions(document: etree._Element) -> list[Revision]:
    """Return every tracked change in document, in document order."""
    kinds = {INS: "thêm", DEL: "xóa", q("moveFrom"): "chuyển đi", q("moveTo"): "chuyển đến",
             q("pPrChange"): "định dạng", q("rPrChange"): "định dạng", q("sectPrChange"): "định dạng",
             q("trPrChange"): "định dạng", q("tcPrChange"): "định dạng", q("tblGridChange"): "định dạng"}
    out = []
    for el in document.iter(*kinds):
        parent = el.getparent()
        if parent.tag == TRPR:
            text = "(hàng bảng)"
        elif parent.tag == RPR and parent.getparent() is not None and parent.getparent().tag == PPR:
            paragraph = parent.getparent().getparent()
            if paragraph is not None and paragraph.find(el.tag) is not None:
                continue  # a paragraph inserted or deleted whole: its words are listed already
            text = "(dấu ngắt đoạn)"
        else:
            text = "".join(t.text or "" for t in el.iter(T, q("delText")))
        out.append(Revision(kinds[el.tag], el.get(q("author"), ""), el.get(q("date"), ""), text))
    return out

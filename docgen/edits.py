"""Edits made to a rendered plan in Word, found and placed back into the plan's YAML.

The plan is rendered again from its YAML (the reference: what the file said before it
was edited); the reference and the edited document are read as sequences of units,
every paragraph and every table cell in reading order, and aligned (difflib on their
text). Each difference is placed where the plan says it:

- words changed in a paragraph go into the YAML text the words came from: the longest
  text of the plan that the paragraph prints around the change (a sentence, a title,
  a recipient), found by its printed form, figures quoted from an annex included;
- a paragraph deleted whole that printed one list item (a "-" line, a paragraph, a
  recipient) removes that item;
- an annex cell changed goes into the unit's count (or text), by the table's grid; cells
  that docgen computes (totals, rates) and figures quoted in the text are not written:
  they must come out of the new counts as the document says, or the import reports them;
- anything else (a paragraph added, a heading renumbered by hand, text in a new table)
  cannot be placed and is listed with its location and text.

No anchors are written into the document: the reference is rebuilt from the YAML, so
nothing Word or LibreOffice may drop on saving is needed.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from lxml import etree

from docgen import quotes, yamledit
from docgen.load import Source, format_path
from docgen.redline import P, TBL, TC, TR, q
from docgen.tables import COUNT, DECIMAL, MONEY, NUMBER, PERCENT, leaves

_ANNEX_HEAD = "KHBangDau"  # the paragraph style of an annex table's header cells


# --- a document as units -------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """One paragraph or one table cell of a document, in reading order."""

    text: str
    where: str  # where a reader finds it: "đoạn 12", "bảng 3, hàng 4, cột 2"
    annex: int | None = None  # for a cell of an annex table (reference only): which annex, row, column
    row: int | None = None
    col: int | None = None


def normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _paragraph_text(p: etree._Element) -> str:
    out = []
    for el in p.iter(q("t"), q("tab"), q("br")):
        out.append(el.text or "" if el.tag == q("t") else " ")
    return normal("".join(out))


def _is_annex(table: etree._Element) -> bool:
    first = table.find(f".//{P}/{q('pPr')}/{q('pStyle')}")
    return first is not None and first.get(q("val")) == _ANNEX_HEAD


def units(document: etree._Element) -> list[Unit]:
    """Return the units of a w:document in reading order: body paragraphs, and each table's cells
    row by row. Paragraphs are numbered as `docgen check` numbers them (those in tables too)."""
    out: list[Unit] = []
    paragraph, table_no, annex_no = 0, 0, 0
    for block in document.find(q("body")):
        if block.tag == P:
            paragraph += 1
            text = _paragraph_text(block)
            if text:
                out.append(Unit(text, f"đoạn {paragraph}"))
        elif block.tag == TBL:
            paragraph += sum(1 for _ in block.iter(P))  # numbered as `check` numbers them: cells' too
            table_no += 1
            annex = annex_no if _is_annex(block) else None
            annex_no += annex is not None
            for r, row in enumerate(block.findall(TR)):
                col = 0
                for cell in row.findall(TC):
                    span = cell.find(f"{q('tcPr')}/{q('gridSpan')}")
                    text = normal(" ".join(_paragraph_text(p) for p in cell.iter(P)))
                    if text:
                        out.append(Unit(text, f"bảng {table_no}, hàng {r + 1}, cột {col + 1}", annex, r, col))
                    col += int(span.get(q("val"))) if span is not None else 1
    return out


# --- what changed ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    kind: str  # "sua" (a unit changed), "xoa" (a reference unit gone), "them" (a new unit)
    before: Unit | None
    after: Unit | None


def differences(reference: list[Unit], edited: list[Unit]) -> list[Difference]:
    """Return how edited differs from reference, unit by unit, in document order."""
    out: list[Difference] = []
    matcher = difflib.SequenceMatcher(None, [u.text for u in reference], [u.text for u in edited], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        olds, news = reference[i1:i2], edited[j1:j2]
        if len(olds) == len(news):  # as many units as before: each one edited in place
            out += [Difference("sua", o, n) for o, n in zip(olds, news)]
            continue
        j = 0
        for o in olds:
            k = next((k for k in range(j, len(news)) if _alike(o.text, news[k].text)), None)
            if k is None:
                out.append(Difference("xoa", o, None))
                continue
            out += [Difference("them", None, n) for n in news[j:k]]
            out.append(Difference("sua", o, news[k]))
            j = k + 1
        out += [Difference("them", None, n) for n in news[j:]]
    return out


def _alike(a: str, b: str) -> bool:
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio() >= 0.5


# --- the plan's texts, as printed ------------------------------------------------------------------


@dataclass
class Leaf:
    """A text (or number) of the plan, printed as `printed`; `raw` maps printed positions back."""

    path: tuple
    value: object
    printed: str
    upper: bool = False  # printed in capitals (a part's title, the agency in the header)
    quotes: list[tuple[int, int]] = field(default_factory=list)  # printed ranges that are quoted figures


def _leaves(data, path=()) -> list[tuple[tuple, object]]:
    if isinstance(data, dict):
        return [x for k, v in data.items() for x in _leaves(v, path + (k,))]
    if isinstance(data, list):
        return [x for i, v in enumerate(data) for x in _leaves(v, path + (i,))]
    if isinstance(data, (str, int)) and not isinstance(data, bool):
        return [(path, data)]
    return []


def _printed(value: str, figures) -> tuple[str, list[tuple[int, int]]]:
    """Return value as printed (quotes filled, white space folded) and where the quoted figures are."""
    out, ranges, at = "", [], 0
    for m in quotes.QUOTE.finditer(value):
        out += value[at:m.start()]
        try:
            figure = quotes.printed(figures[m.group(1)][m.group(2)])
        except (KeyError, TypeError):
            figure = m.group(0)
        ranges.append((len(normal(out + "x")) - 1, None))
        out += figure
        ranges[-1] = (ranges[-1][0], len(normal(out + "x")) - 1)
        at = m.end()
    out += value[at:]
    return normal(out), ranges


def plan_leaves(source: Source, figures) -> list[Leaf]:
    """Return every text and number of the plan that may be printed, except annex cells."""
    out = []
    for path, value in _leaves(source.data):
        if path[:1] == ("phu_luc",) and ("dong" in path or "cot" in path):
            continue  # annex cells are placed by the table's grid
        if isinstance(value, int):
            out.append(Leaf(path, value, str(value)))
            continue
        printed, ranges = _printed(value, figures)
        if printed:
            out.append(Leaf(path, value, printed, quotes=ranges))
    return out


# --- placing ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Placed:
    """An edit placed in the YAML: what the user sees in the report, and the text edit."""

    path: tuple
    before: str
    after: str
    edit: yamledit.Edit | None
    value: object = None  # the value the path must have once the edit is made (checked by reloading)


@dataclass(frozen=True)
class Unplaced:
    where: str
    text: str
    why: str


def _spans(a: list[str], b: list[str]) -> list[tuple[int, int, str]]:
    pos = [0]
    for w in a:
        pos.append(pos[-1] + len(w))
    ops = [op for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal"]
    joined: list[list[int]] = []
    for _, i1, i2, j1, j2 in ops:
        if joined and not "".join(a[joined[-1][1]:i1]).strip() and not "".join(b[joined[-1][3]:j1]).strip():
            joined[-1][1], joined[-1][3] = i2, j2
        else:
            joined.append([i1, i2, j1, j2])
    return [(pos[i1], pos[i2], "".join(b[j1:j2])) for i1, i2, j1, j2 in joined]


class Placer:
    """Places the differences between a reference rendering and an edited document."""

    def __init__(self, source: Source, text: str, leaves_: list[Leaf], tables, reference: list[Unit]):
        self.source, self.text, self.leaves, self.tables = source, text, leaves_, tables  # tables: Computed
        self.reference = reference
        self.placed: list[Placed] = []  # annex cells and removed items
        self.words: dict[tuple, tuple[Leaf, list[tuple[int, int, str]]]] = {}  # words changed, per text
        self.unplaced: list[Unplaced] = []

    # paragraphs

    def _containing(self, unit: Unit, start: int, end: int) -> list[tuple[Leaf, int]]:
        """Return the leaves printed in the unit around [start, end), longest first, with their offset.
        Of several leaves printed alike (the same sentence twice), the one whose turn it is: the
        n-th paragraph printing that text came from the n-th such leaf."""
        text, found = unit.text, {}
        for leaf in self.leaves:
            for printed, upper in ((leaf.printed, False), (leaf.printed.upper(), True)):
                at = _around(text, printed, start, end)
                if at != -1 and (upper or not leaf.upper):
                    found.setdefault(printed, []).append((Leaf(leaf.path, leaf.value, leaf.printed, upper,
                                                               leaf.quotes), at))
                    break
        out = []
        for printed, alike in found.items():
            turn = [u for u in self.reference if u.annex is None and printed in u.text]
            rank = next((i for i, u in enumerate(turn) if u is unit), 0)
            out.append(alike[rank] if rank < len(alike) else alike[0])
        return sorted(out, key=lambda x: -len(x[0].printed))

    def paragraph(self, d: Difference) -> None:
        before, after = d.before.text, d.after.text
        for start, end, new in reversed(_spans(re.findall(r"\S+|\s+", before), re.findall(r"\S+|\s+", after))):
            self._words(d, start, end, new)

    def _words(self, d: Difference, start: int, end: int, new: str) -> None:
        candidates = self._containing(d.before, start, end)
        if not candidates:
            self.unplaced.append(Unplaced(d.after.where, d.after.text, (
                "chữ bị sửa không thuộc một câu nào của kế hoạch (số thứ tự, chữ docgen tự in); "
                "hãy sửa trong tệp YAML nếu cần")))
            return
        leaf, at = candidates[0]
        a, b = start - at, end - at
        if any(qa < b and a < qb or (a == b and qa < a < qb) for qa, qb in leaf.quotes):
            return  # a quoted figure: the new plan's rendering must print it (checked after placing)
        if leaf.upper and new.upper() == new:
            new = new.lower()  # printed in capitals; the plan writes it in sentence case
        if leaf.path in self.source.shared:
            self.unplaced.append(Unplaced(d.after.where, d.after.text, (
                f"`{format_path(leaf.path)}` dùng bí danh YAML (*tên) chung với chỗ khác; hãy sửa bằng tay")))
            return
        self.words.setdefault(leaf.path, (leaf, []))[1].append((a, b, new))

    def finish(self) -> list[Placed]:
        """Return every placed edit: the words changed in each text, then the cells and removals."""
        out = []
        for path, (leaf, changes) in self.words.items():
            changes = sorted(set(changes), reverse=True)
            span = self.source.spans[path]
            printed, raw = leaf.printed, normal(str(leaf.value))
            for a, b, new in changes:
                printed = printed[:a] + new + printed[b:]
                ra, rb = self._raw_range(leaf, a, b)
                raw = raw[:ra] + new + raw[rb:]
            if isinstance(leaf.value, int):
                if not raw.isdigit():
                    self.unplaced.append(Unplaced(format_path(path), raw, f"`{format_path(path)}` phải là số"))
                    continue
                out.append(Placed(path, leaf.printed, printed, yamledit.rewrite(self.text, span, int(raw)), int(raw)))
                continue
            m = yamledit.mapped(self.text, span)
            edits = []
            if m is not None and m.content == normal(leaf.value):
                edits = [yamledit.replace_words(self.text, span, m, *self._raw_range(leaf, a, b), new)
                         for a, b, new in changes]
            if not edits or None in edits or _overlap(edits):
                edits = [yamledit.rewrite(self.text, span, raw)]
            out += [Placed(path, leaf.printed, printed, e, raw) for e in edits[:1]]
            out += [Placed(path, leaf.printed, printed, e, None) for e in edits[1:]]
        return out + self.placed

    def _raw_range(self, leaf: Leaf, a: int, b: int) -> tuple[int, int]:
        """Map a printed range to the range of the plan's own text (quotes before it shift it)."""
        shift = 0
        raw = normal(leaf.value)
        for (qa, qb), m in zip(leaf.quotes, quotes.QUOTE.finditer(raw)):
            if qb <= a:
                shift += (m.end() - m.start()) - (qb - qa)
        return a + shift, b + shift

    # whole paragraphs

    def removed(self, d: Difference) -> None:
        text = d.before.text
        item = self._item_printed_as(text)
        if item is None:
            self.unplaced.append(Unplaced(d.before.where, text, (
                "đoạn này bị xóa nhưng không ứng với đúng một phần tử danh sách trong YAML; hãy xóa bằng tay")))
            return
        path, edit = item
        self.placed.append(Placed(path, text, "", edit))

    def _item_printed_as(self, text: str):
        """Return (path, edit) of the list item that printed exactly this paragraph."""
        inside = [leaf for leaf in self.leaves if leaf.printed in text or leaf.printed.upper() in text]
        for leaf in sorted(inside, key=lambda leaf: -len(leaf.printed)):
            path = leaf.path
            for cut in range(len(path), 0, -1):
                if isinstance(path[cut - 1], int):
                    item = path[:cut]
                    break
            else:
                continue
            texts = [l.printed for l in self.leaves if l.path[:len(item)] == item]
            rest = text
            for t in texts:
                rest = rest.replace(t, "", 1) if t in rest else rest.replace(t.upper(), "", 1)
            if re.fullmatch(r"[\s\-+.:;,]*(?:(?:\d+\.)+|[a-zđ]\))?[\s\-+.:;,]*", rest):  # only marks left
                items = item[:-1]
                siblings = _get(self.source.data, items)
                nxt = item[:-1] + (item[-1] + 1,)
                edit = yamledit.remove_item(self.text, self.source.spans[item],
                                            self.source.spans.get(nxt) if item[-1] + 1 < len(siblings) else None)
                if edit is not None:
                    return item, edit
        return None

    # annex cells

    def cell(self, d: Difference) -> None:
        u = d.before
        grid = self.tables[u.annex].grid
        r = u.row - len(grid.header)
        if r < 0 or r >= len(grid.rows):
            self.unplaced.append(Unplaced(d.after.where, d.after.text, "tiêu đề cột của phụ lục do docgen in; "
                                          "hãy sửa trong tệp YAML nếu cần"))
            return
        kind, cells = grid.rows[r]
        column = leaves(grid.columns)[u.col] if kind != "nhom" else None
        if kind == "tong" or (column is not None and (column.computed or column.kind == NUMBER)):
            return  # computed: the new plan's rendering must print it (checked after placing)
        key = "nhom" if kind == "nhom" else column.key
        path = ("phu_luc", u.annex, "dong", r, key)
        raw = _get(self.source.data, path[:-1]).get(key) if isinstance(_get(self.source.data, path[:-1]), dict) else None
        new = d.after.text
        if column is not None and column.kind in (COUNT, MONEY, DECIMAL, PERCENT):
            value = _number(new, column.kind)
            if value is None:
                self.unplaced.append(Unplaced(d.after.where, new, f"ô này phải là số ({column.title})"))
                return
        else:
            shown = u.text
            prefix = shown[:len(shown) - len(str(raw))] if raw is not None and shown.endswith(str(raw)) else ""
            if not new.startswith(prefix):
                self.unplaced.append(Unplaced(d.after.where, new, f"chữ «{prefix.strip()}» do docgen in"))
                return
            value = new[len(prefix):]
        if raw is None or path not in self.source.spans:
            self.unplaced.append(Unplaced(d.after.where, new, "ô này không có giá trị trong YAML để sửa"))
            return
        self.placed.append(Placed(path, u.text, new, yamledit.rewrite(self.text, self.source.spans[path], value),
                                  value))


def still_differs(d: Difference, tables) -> str:
    """Return why a difference remains once the placed edits are made: most often a figure docgen
    computes (a total, a rate, a quoted figure) that the edited file gives another value."""
    if d.before is None:
        return "docgen không in đoạn này"
    if d.before.annex is not None and d.after is not None:
        grid = tables[d.before.annex].grid
        r = d.before.row - len(grid.header)
        if 0 <= r < len(grid.rows) and grid.rows[r][0] != "nhom":
            unit = "dòng tổng cộng" if grid.rows[r][0] == "tong" else f"dòng «{grid.rows[r][1][0]}»"
            column = leaves(grid.columns)[d.before.col].title
            return (f"phụ lục {d.before.annex + 1}, {unit}, cột «{column}»: docgen tính {d.before.text}, tệp ghi "
                    f"{d.after.text}; ô này tính từ các ô khác, hãy sửa các ô nhập cho khớp")
    return (f"sau khi nhập, docgen in «{d.before.text[:80]}»; số liệu do docgen tính (tổng, tỷ lệ, số trích từ "
            "phụ lục) phải khớp với số liệu nhập")


def _around(text: str, printed: str, start: int, end: int) -> int:
    """Return where printed occurs in text covering [start, end), or -1."""
    at = text.find(printed)
    while at != -1 and not (at <= start and end <= at + len(printed)):
        at = text.find(printed, at + 1)
    return at


def _overlap(edits: list[yamledit.Edit]) -> bool:
    ordered = sorted(edits, key=lambda e: e.start)
    return any(x.end > y.start for x, y in zip(ordered, ordered[1:]))


def _get(data, path):
    for part in path:
        data = data[part]
    return data


def _number(text: str, kind: str):
    digits = text.replace(".", "").replace(" ", "")
    if kind in (COUNT, MONEY):
        return int(digits) if re.fullmatch(r"\d+", digits) else None
    try:
        return Decimal(digits.replace(",", "."))
    except InvalidOperation:
        return None



def field_of(unit: Unit, leaves_: list[Leaf], tables) -> str:
    """Return the YAML field a reference unit was printed from, as the user writes it; for what
    docgen computes or prints by itself, say so."""
    if unit.annex is not None:
        grid = tables[unit.annex].grid
        r = unit.row - len(grid.header)
        if r < 0 or r >= len(grid.rows):
            return f"phu_luc[{unit.annex}] (tiêu đề cột, docgen in)"
        kind, _ = grid.rows[r]
        if kind == "nhom":
            return f"phu_luc[{unit.annex}].dong[{r}].nhom"
        column = leaves(grid.columns)[unit.col]
        if kind == "tong" or column.computed or column.kind == NUMBER:
            row = "dòng tổng cộng" if kind == "tong" else f"dòng «{grid.rows[r][1][0]}»"
            return f"phu_luc[{unit.annex}] (docgen tính: {row}, cột «{column.title}»)"
        return f"phu_luc[{unit.annex}].dong[{r}].{column.key}"
    inside = [leaf for leaf in leaves_ if leaf.printed in unit.text or leaf.printed.upper() in unit.text]
    if not inside:
        return "(docgen in)"
    return format_path(max(inside, key=lambda leaf: len(leaf.printed)).path)


@dataclass(frozen=True)
class Mismatch:
    """A paragraph or cell where a document does not say what the plan says."""

    where: str  # in the document
    field: str  # in the YAML
    plan: str  # what the plan prints ("" if nothing)
    document: str  # what the document says ("" if nothing)


def against_plan(reference: list[Unit], document: list[Unit], leaves_: list[Leaf], tables) -> list[Mismatch]:
    """Return, in document order, every unit where the document differs from the plan's rendering."""
    out = []
    for d in differences(reference, document):
        where = (d.after or d.before).where
        field = field_of(d.before, leaves_, tables) if d.before else "(không có trong kế hoạch)"
        out.append(Mismatch(where, field, d.before.text if d.before else "", d.after.text if d.after else ""))
    return out

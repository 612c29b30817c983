"""A rendered plan and a document, compared unit by unit, and each unit traced to the YAML.

The plan is rendered again from its YAML (docgen.compare.reference: what the file said before
it was edited); the reference and the other document are read as sequences of units, every
paragraph and every table cell in reading order, and aligned (docgen.base.align on their text).
Each unit of the reference is traced to the plan's texts it prints (`Leaf`): a sentence,
a title, a recipient, found by its printed form with the quoted annex figures filled in,
or an annex cell by the table's grid. `docgen.compare.placing` uses this to write edits made in
Word back into the YAML; `docgen check --plan` to say which field a difference is in.

No anchors are written into the document for this: the reference is rebuilt from the
YAML, so nothing Word or LibreOffice may drop on saving is needed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from docgen.base.align import align, similarity
from docgen.base.worddiff import opcodes, word_diff
from docgen.ooxml.redline import TBL, TC, TR, P, q
from docgen.ooxml.tree import Element
from docgen.plan import quotes
from docgen.plan.load import Source, format_path
from docgen.plan.tables import NUMBER, leaves
from docgen.render.tables import is_annex

# --- a document as units -------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """One paragraph or one table cell of a document, in reading order."""

    text: str
    where: str  # where a reader finds it: "đoạn 12", "bảng 3, hàng 4, cột 2"
    annex: int | None = None  # for a cell of an annex table (reference only): which annex, row, column
    row: int | None = None
    col: int | None = None
    marks: str = ""  # line breaks ("\n"), page breaks ("\f") and tabs ("\t") typed in it, in order


def normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _paragraph_text(p: Element) -> str:
    out = []
    for el in p.iter(q("t"), q("tab"), q("br"), q("noBreakHyphen")):
        out.append(el.text or "" if el.tag == q("t") else "-" if el.tag == q("noBreakHyphen") else " ")
    return normal("".join(out))


def _marks(p: Element) -> str:
    """Return the breaks and tabs of a paragraph's runs (not its tab stops), which its text shows as spaces."""
    out = []
    for el in p.iter(q("tab"), q("br"), q("cr")):
        if el.getparent().tag == q("r"):
            out.append("\t" if el.tag == q("tab") else "\f" if el.get(q("type")) == "page" else "\n")
    return "".join(out)


def units(document: Element) -> list[Unit]:
    """Return the units of a w:document in reading order: body paragraphs, and each table's cells
    row by row. Paragraphs are numbered as `docgen check` numbers them (those in tables too)."""
    out: list[Unit] = []
    paragraph, table_no, annex_no = 0, 0, 0
    for block in document.find(q("body")):
        if block.tag == P:
            paragraph += 1
            text = _paragraph_text(block)
            if text:
                out.append(Unit(text, f"đoạn {paragraph}", marks=_marks(block)))
        elif block.tag == TBL:
            paragraph += sum(1 for _ in block.iter(P))  # numbered as `check` numbers them: cells' too
            table_no += 1
            annex = annex_no if is_annex(block) else None
            annex_no += annex is not None
            for r, row in enumerate(block.findall(TR)):
                col = 0
                for cell in row.findall(TC):
                    span = cell.find(f"{q('tcPr')}/{q('gridSpan')}")
                    text = normal(" ".join(_paragraph_text(p) for p in cell.iter(P)))
                    if text:
                        out.append(Unit(text, f"bảng {table_no}, hàng {r + 1}, cột {col + 1}", annex, r, col,
                                        "".join(_marks(p) for p in cell.iter(P))))
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
    steps = align(reference, edited, lambda u: u.text, lambda o, n: similarity(o.text, n.text))
    return [Difference("xoa" if s.new is None else "them" if s.old is None else "sua", s.old, s.new)
            for s in steps if not s.same]


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
        out += quotes.unescape(value[at:m.start()])
        try:
            figure = quotes.printed(quotes.value(m, figures))
        except (KeyError, TypeError, ValueError):
            figure = m.group(0)
        ranges.append((len(normal(out + "x")) - 1, None))
        out += figure
        ranges[-1] = (ranges[-1][0], len(normal(out + "x")) - 1)
        at = m.end()
    out += quotes.unescape(value[at:])
    return normal(out), ranges


def plan_leaves(source: Source, figures) -> list[Leaf]:
    """Return every text of the plan that may be printed, except annex cells (placed by the grid).
    Numbers and dates are left out: docgen prints them its own way (ngày 11 tháng 01 năm 2024),
    and a digit found inside a sentence is no sign of which field it came from."""
    out = []
    for path, value in _leaves(source.data):
        if path[:1] == ("phu_luc",) and ("dong" in path or "cot" in path):
            continue
        if isinstance(value, str):
            printed, ranges = _printed(value, figures)
            if printed:
                out.append(Leaf(path, value, printed, quotes=ranges))
    return out


_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")  # words, runs of space, each punctuation mark on its own


def spans(before: str, after: str) -> list[tuple[int, int, str]]:
    """Return what changed from before to after as (start, end, replacement) in before, word by
    word (a mark such as «;» or «.» that docgen prints is a word of its own); changes separated
    only by spaces are one change."""
    a, b = _TOKENS.findall(before), _TOKENS.findall(after)
    pos = [0]
    for w in a:
        pos.append(pos[-1] + len(w))
    joined: list[list[int]] = []
    for op, i1, i2, j1, j2 in opcodes(a, b):  # O(ND): a long paragraph with many edits stays quick
        if op == "equal":
            continue
        if joined and not "".join(a[joined[-1][1]:i1]).strip() and not "".join(b[joined[-1][3]:j1]).strip():
            joined[-1][1], joined[-1][3] = i2, j2
        else:
            joined.append([i1, i2, j1, j2])
    return [(pos[i1], pos[i2], "".join(b[j1:j2])) for i1, i2, j1, j2 in joined]


@dataclass(frozen=True)
class Occurrence:
    leaf: Leaf
    at: int  # where in the unit's text it is printed
    upper: bool  # printed in capitals there

    @property
    def end(self) -> int:
        return self.at + len(self.leaf.printed)


class Tracer:
    """Finds which of the plan's texts a reference unit prints, and where."""

    def __init__(self, leaves_: list[Leaf], reference: list[Unit]):
        self.leaves, self.reference = leaves_, reference
        self.alike: dict[str, list[Leaf]] = {}
        for leaf in leaves_:
            self.alike.setdefault(leaf.printed, []).append(leaf)
        self._found: dict[tuple, list[Occurrence]] = {}  # by unit: one paragraph's many edits search it once

    def occurrences(self, unit: Unit) -> list[Occurrence]:
        """Return the plan's texts printed in unit, longest first. Of several texts printed alike
        (the same sentence twice), the one whose turn it is: the n-th unit printing that text on
        its own (not inside a longer text) came from the n-th such text of the plan."""
        key = (id(unit), unit)  # the unit itself (which of two alike), kept alive by the key
        if key not in self._found:
            self._found[key] = self._occurrences(unit)
        return self._found[key]

    def _occurrences(self, unit: Unit) -> list[Occurrence]:
        out = []
        for printed, alike in self.alike.items():
            for shown, upper in ((printed, False), (printed.upper(), True)):
                at = unit.text.find(shown)
                if at == -1 or (upper and shown == printed):
                    continue
                leaf = alike[0]
                if len(alike) > 1:
                    turn = [u for u in self.reference if u.annex is None and self._alone(u, printed)]
                    rank = next((i for i, u in enumerate(turn) if u is unit), 0)
                    leaf = alike[rank] if rank < len(alike) else alike[0]
                out.append(Occurrence(leaf, at, upper))
                break
        return sorted(out, key=lambda o: -len(o.leaf.printed))

    def _alone(self, unit: Unit, printed: str) -> bool:
        """Whether unit prints printed as a text of its own, not inside a longer text of the plan."""
        at = unit.text.find(printed)
        if at == -1:
            return False
        return not any(len(p) > len(printed) and printed in p and p in unit.text and
                       unit.text.find(p) <= at < unit.text.find(p) + len(p) for p in self.alike)

    def around(self, unit: Unit, start: int, end: int) -> Occurrence | None:
        """Return the text of the plan the change [start, end) of unit lies in; None if none does,
        or if an insertion falls between two texts and could belong to either."""
        found = self.occurrences(unit)
        if start < end:
            inside = [o for o in found if o.at <= start and end <= o.end]
            return inside[0] if inside else None
        inside = [o for o in found if o.at < start < o.end]
        if inside:
            return inside[0]
        text = unit.text
        left = [o for o in found if o.end <= start and not text[o.end:start].strip()]
        right = [o for o in found if o.at >= start and not text[start:o.at].strip()]
        touching = {o.leaf.path: o for o in left + right}
        return next(iter(touching.values())) if len(touching) == 1 else None


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
    shown = word_diff(d.before.text, d.after.text, 6) if d.after else d.before.text
    return (f"sau khi nhập, văn bản tạo từ YAML vẫn khác tệp ở đây ([-docgen in-] {{+tệp ghi+}}: {shown}); "
            "chỗ này docgen tự in hoặc tự tính (số thứ tự, số và ngày văn bản, số liệu trích từ phụ lục)")


def field_of(unit: Unit, tracer: Tracer, tables, other: Unit | None = None) -> str:
    """Return the YAML field a reference unit was printed from, as the user writes it (where it
    differs from other, the field the difference is in); for what docgen computes or prints by
    itself, say so."""
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
    changed = spans(unit.text, other.text) if other is not None else []
    found = tracer.around(unit, changed[0][0], changed[0][1]) if changed else None
    if found is None and not changed:
        occurrences = tracer.occurrences(unit)
        found = occurrences[0] if occurrences else None
    if found is None:
        return "(docgen in: số thứ tự, số và ngày văn bản, số liệu trích…)"
    return format_path(found.leaf.path)


@dataclass(frozen=True)
class Mismatch:
    """A paragraph or cell where a document does not say what the plan says."""

    where: str  # in the document
    field: str  # in the YAML
    plan: str  # what the plan prints ("" if nothing)
    document: str  # what the document says ("" if nothing)


def against_plan(reference: list[Unit], document: list[Unit], leaves_: list[Leaf], tables) -> list[Mismatch]:
    """Return, in document order, every unit where the document differs from the plan's rendering."""
    tracer = Tracer(leaves_, reference)
    out = []
    for d in differences(reference, document):
        where = (d.after or d.before).where
        field = field_of(d.before, tracer, tables, d.after) if d.before else "(không có trong kế hoạch)"
        out.append(Mismatch(where, field, d.before.text if d.before else "", d.after.text if d.after else ""))
    return out

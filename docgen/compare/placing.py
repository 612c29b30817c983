"""Edits made to a rendered plan in Word, placed back into the plan's YAML (`docgen import`).

Each difference between the reference rendering and the edited document (docgen.compare.edits)
is placed where the plan says it:

- words changed in a paragraph go into the YAML text the words came from (docgen.compare.edits
  traces it), in the capitals the plan writes them with; an insertion that falls between
  two texts and could belong to either is not guessed;
- a paragraph deleted whole, or a stretch of one («- Các thôn, làng;» in the recipients),
  that printed exactly one list item (all of it) removes that item, and the key when it
  was the last;
- an annex cell changed goes into the unit's count (or text), by the table's grid; cells
  docgen computes (totals, rates) and figures quoted in the text are not written: the new
  plan's rendering must print them as the document does (the caller checks);
- anything else is listed, with its location and text, as not placed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from docgen.compare.edits import Difference, Leaf, Tracer, Unit, normal, spans
from docgen.plan import quotes, yamledit
from docgen.plan.load import Source, format_path
from docgen.plan.quotes import QUOTE
from docgen.plan.tables import COUNT, DECIMAL, MONEY, NUMBER, PERCENT, leaves

_MARKS = re.compile(r"[\s\-+.:;,()]*(?:(?:\d+\.)+|[a-zđ]\)|[IVXL]+\.)?[\s\-+.:;,()]*")  # what docgen prints around


@dataclass(frozen=True)
class Placed:
    """An edit placed in the YAML: what the user sees in the report, and the text edit."""

    path: tuple
    before: str
    after: str
    edit: yamledit.Edit | None
    removed: bool = False
    where: str = ""  # the paragraph or cell of the edited document it came from


@dataclass(frozen=True)
class Unplaced:
    where: str
    text: str
    why: str


BREAKS = ("chỗ ngắt dòng (Shift+Enter), ngắt trang hoặc tab gõ trong Word: văn bản docgen tạo không có chúng "
          "(docgen tự dàn trang), nên chúng không được nhập; chữ sửa trong đoạn vẫn được nhập. Muốn tách đoạn thì "
          "thêm một đoạn (một dòng «-») trong YAML")


def invisible(text: str) -> str | None:
    """Return a sentence naming the invisible characters in text (zero-width spaces and joiners,
    marks of direction, soft hyphens: Unicode's format characters), or None if there are none.
    Pasted into Word from the web, they would enter the plan unseen and break searches, sorting, numbers."""
    found = sorted({c for c in text if unicodedata.category(c) == "Cf"})
    if not found:
        return None
    names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '')}".strip() for c in found)
    return (f"có ký tự vô hình ({names}; thường do dán từ trang web hay tệp khác): không nhập. Hãy xóa chúng trong "
            "Word (gõ lại chữ đó) hoặc sửa trong tệp YAML")


NOT_IN_A_TEXT = ("chữ bị sửa không nằm trong một câu viết trong YAML (số thứ tự, số và ngày văn bản, số liệu, "
                 "chữ docgen tự in), hoặc nằm ở ranh giới giữa hai mục; hãy sửa trong tệp YAML")


def recased(new: str, old: str, at_start: bool) -> str:
    """Return new, typed in capitals where the document prints a text in capitals, written as the
    plan writes the words it replaces: «CHỈ TIÊU» for «Mục tiêu» → «Chỉ tiêu», «CHRƠ» → «Chrơ»."""
    models = re.findall(r"\w+", old)
    words = iter(range(1 << 30))

    def one(m: re.Match) -> str:
        i = next(words)
        word = m.group()
        model = models[i] if i < len(models) else (models[-1] if models else None)
        if model is not None and len(model) > 1 and model.isupper():
            return word  # an abbreviation (UBND) stays in capitals
        if (model is not None and model[:1].isupper()) or (model is None and at_start and i == 0):
            return word[:1] + word[1:].lower()
        return word.lower()

    return re.sub(r"\w+", one, new)


class Placer:
    """Places the differences between a reference rendering and an edited document."""

    def __init__(self, source: Source, text: str, leaves_: list[Leaf], tables, reference: list[Unit]):
        self.source, self.text, self.tables = source, text, tables  # tables: the plan's Computed annexes
        self.leaves = leaves_
        self.tracer = Tracer(leaves_, reference)
        self.cells: list[Placed] = []
        self.removals: dict[tuple, Placed] = {}  # list items removed, by path
        self.words: dict[tuple, tuple[Leaf, list[tuple[int, int, str]]]] = {}  # words changed, per text
        self.wheres: dict[tuple, str] = {}  # and where in the edited document
        self.unplaced: list[Unplaced] = []

    # words

    def paragraph(self, d: Difference) -> None:
        for start, end, new in reversed(spans(d.before.text, d.after.text)):
            if not new.strip() and self._remove(d.before, start, end):
                continue
            self._words(d, start, end, new)

    def _words(self, d: Difference, start: int, end: int, new: str) -> None:
        found = self.tracer.around(d.before, start, end)
        if found is None:
            self.unplaced.append(Unplaced(d.after.where, d.after.text, NOT_IN_A_TEXT))
            return
        hidden = invisible(new)
        if hidden:
            self.unplaced.append(Unplaced(d.after.where, d.after.text, hidden))
            return
        leaf = found.leaf
        a, b = start - found.at, end - found.at
        if a == b and not 0 <= a <= len(leaf.printed):
            between = d.before.text[start:found.at] if a < 0 else d.before.text[found.end:start]
            new = _moved_into(new, between, a < 0)
            if new is None:
                self.unplaced.append(Unplaced(d.after.where, d.after.text, NOT_IN_A_TEXT))
                return
            a = b = 0 if a < 0 else len(leaf.printed)
        if any(qa < b and a < qb or (a == b and qa < a < qb) for qa, qb in leaf.quotes):
            return  # a quoted figure: the new plan's rendering must print it (checked after placing)
        if leaf.path in self.source.shared:
            self.unplaced.append(Unplaced(d.after.where, d.after.text, (
                f"`{format_path(leaf.path)}` dùng bí danh YAML (*tên) chung với chỗ khác; hãy sửa bằng tay")))
            return
        if leaf.path[:1] and leaf.path[0] in quotes.PARTS:
            new = quotes.escape(new)  # typed in Word, it is text: `{{ … }}` prints as typed, never a quote
        if found.upper and new.upper() == new and new.lower() != new:
            ra, rb = self._raw_range(leaf, a, b)
            new = recased(new, normal(leaf.value)[ra:rb], at_start=ra == 0)
        self.words.setdefault(leaf.path, (leaf, []))[1].append((a, b, new))
        self.wheres[leaf.path] = d.after.where

    def _raw_range(self, leaf: Leaf, a: int, b: int) -> tuple[int, int]:
        """Map a printed range to the range of the plan's own text (quotes and escaped braces before
        it shift it)."""
        raw = normal(leaf.value)
        pieces = sorted([(m.start(), m.end(), qb - qa) for (qa, qb), m in zip(leaf.quotes, QUOTE.finditer(raw))]
                        + [(m.start(), m.end(), 2) for m in quotes.ESCAPED.finditer(raw)])
        shift = 0
        for start, end, printed in pieces:
            if start - shift + printed > a:
                break
            shift += (end - start) - printed
        return a + shift, b + shift

    # list items removed

    def removed(self, d: Difference) -> None:
        """A reference paragraph gone from the document."""
        if not self._remove(d.before, 0, len(d.before.text)):
            self.unplaced.append(Unplaced(d.before.where, d.before.text, (
                "đoạn này bị xóa nhưng không ứng với trọn một phần tử danh sách trong YAML (một dòng «-», một "
                "đoạn, một nơi nhận); hãy xóa bằng tay")))

    def _remove(self, unit: Unit, start: int, end: int) -> bool:
        """Remove the list item printed exactly in what was deleted, unit.text[start:end], with
        docgen's marks around it; return whether there was one. A deletion can be seen at several
        places («; - TT. A; - TT. B» loses «- TT. B; » or «B; - TT. »): each is tried."""
        return any(self._remove_at(unit, s, e) for s, e in _slides(unit.text, start, end))

    def _remove_at(self, unit: Unit, start: int, end: int) -> bool:
        segment = unit.text[start:end]
        for o in self.tracer.occurrences(unit):
            if not (start <= o.at and o.end <= end):
                continue
            item = next((o.leaf.path[:cut] for cut in range(len(o.leaf.path), 0, -1)
                         if isinstance(o.leaf.path[cut - 1], int)), None)
            if item is None or item in self.removals:
                continue
            texts = [leaf.printed for leaf in self.leaves if leaf.path[:len(item)] == item]
            rest = segment
            for t in texts:
                for shown in (t, t.upper()):
                    if shown in rest:
                        rest = rest.replace(shown, "", 1)
                        break
                else:
                    break  # a text of the item is not in this segment: the item is more than what went
            else:
                if _MARKS.fullmatch(rest):
                    return self._remove_item(item, segment)
        return False

    def _remove_item(self, item: tuple, shown: str) -> bool:
        siblings = _get(self.source.data, item[:-1])
        nxt = item[:-1] + (item[-1] + 1,)
        edit = yamledit.remove_item(self.text, self.source.spans[item],
                                    self.source.spans.get(nxt) if item[-1] + 1 < len(siblings) else None)
        if edit is None:
            return False
        self.removals[item] = Placed(item, shown, "", edit, removed=True)
        return True

    # annex cells

    def cell(self, d: Difference) -> None:
        u = d.before
        grid = self.tables[u.annex].grid
        r = u.row - len(grid.header)
        if r < 0 or r >= len(grid.rows):
            self.unplaced.append(Unplaced(d.after.where, d.after.text, "tiêu đề cột của phụ lục do docgen in; "
                                          "hãy sửa trong tệp YAML nếu cần"))
            return
        kind, _ = grid.rows[r]
        column = leaves(grid.columns)[u.col] if kind != "nhom" else None
        if kind == "tong" or (column is not None and (column.computed or column.kind == NUMBER)):
            return  # computed: the new plan's rendering must print it (checked after placing)
        key = "nhom" if kind == "nhom" else column.key
        path = ("phu_luc", u.annex, "dong", r, key)
        row = _get(self.source.data, path[:-1])
        raw = row.get(key) if isinstance(row, dict) else None
        new = d.after.text
        hidden = invisible(new)
        if hidden:
            self.unplaced.append(Unplaced(d.after.where, new, hidden))
            return
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
        self.cells.append(Placed(path, u.text, new, yamledit.rewrite(self.text, self.source.spans[path], value),
                                 where=d.after.where))

    # all together

    def finish(self) -> list[Placed]:
        """Return every edit placed, none overlapping another: texts, removed items, cells."""
        out = [p for path, (leaf, changes) in self.words.items() for p in self._texts(path, leaf, changes)]
        out += self._removals()
        out += self.cells
        if yamledit.overlapping([p.edit for p in out]):
            kept: list[Placed] = []
            for p in sorted(out, key=lambda p: (p.edit.start, p.edit.end)):
                if kept and kept[-1].edit.end > p.edit.start:
                    self.unplaced.append(Unplaced(format_path(p.path), p.after or p.before, (
                        "sửa đổi này chồng lên một sửa đổi khác của cùng đoạn YAML; hãy sửa bằng tay")))
                    continue
                kept.append(p)
            out = kept
        return out

    def _texts(self, path: tuple, leaf: Leaf, changes: list) -> list[Placed]:
        changes = sorted(set(changes), reverse=True)
        span = self.source.spans[path]
        printed, raw = leaf.printed, normal(leaf.value)
        for a, b, new in changes:
            printed = printed[:a] + quotes.unescape(new) + printed[b:]
            ra, rb = self._raw_range(leaf, a, b)
            raw = raw[:ra] + new + raw[rb:]
        m = yamledit.mapped(self.text, span)
        edits = []
        if m is not None and m.content == normal(leaf.value):
            edits = [yamledit.replace_words(self.text, span, m, *self._raw_range(leaf, a, b), new)
                     for a, b, new in changes]
        if not edits or None in edits or yamledit.overlapping(edits):
            edits = [yamledit.rewrite(self.text, span, raw)]
        return [Placed(path, leaf.printed, printed, e, where=self.wheres.get(path, "")) for e in edits]

    def _removals(self) -> list[Placed]:
        """Return the removals, a list that loses all its items losing its key as well."""
        out, lists = [], {}
        for item, placed in self.removals.items():
            lists.setdefault(item[:-1], []).append(placed)
        for parent, gone in lists.items():
            siblings = _get(self.source.data, parent)
            if len(gone) == len(siblings) and parent in self.source.keys:
                key_at = self._index(self.source.keys[parent])
                shown = " / ".join(p.before for p in gone)
                out.append(Placed(parent, shown, "", yamledit.remove_key(self.text, key_at, self.source.spans[parent]),
                                  removed=True))
            else:
                out += gone
        return out

    def _index(self, line_column: tuple[int, int]) -> int:
        line, column = line_column
        at = 0
        for _ in range(line - 1):
            at = self.text.index("\n", at) + 1
        return at + column - 1


def _moved_into(new: str, between: str, before: bool) -> str | None:
    """Return an insertion made in the white space `between` a text and docgen's marks, as typed at
    the text's start (before) or end instead, so it lands where it was made: « Cần» typed after
    «Mục đích:» and before «Phấn đấu» is «Cần » at the start of the sentence. None if it cannot be."""
    if before:
        moved = new + between
        return moved[len(between):] if moved.startswith(between) else None
    moved = between + new
    return moved[:len(moved) - len(between)] if moved.endswith(between) else None


def _slides(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the places the deletion of text[start:end] could equally be at (it slides by a
    character while the character leaving it equals the one entering it)."""
    out = [(start, end)]
    s, e = start, end
    while s > 0 and text[s - 1] == text[e - 1]:
        s, e = s - 1, e - 1
        out.append((s, e))
    s, e = start, end
    while e < len(text) and text[s] == text[e]:
        s, e = s + 1, e + 1
        out.append((s, e))
    return out


def _get(data, path):
    for part in path:
        data = data[part]
    return data


def _number(text: str, kind: str):
    digits = text.replace(".", "").replace(" ", "")
    if sum(c.isdigit() for c in digits) > 24:
        return None  # longer than any figure docgen prints: not read as one (it is reported, not placed)
    if kind in (COUNT, MONEY):
        return int(digits) if re.fullmatch(r"\d+", digits) else None
    try:
        return Decimal(digits.replace(",", "."))
    except InvalidOperation:
        return None

"""Document numbers, phone numbers and dates a line would break inside (docgen.base.unbreakable).

In a table cell, such a number wider than the room the cell leaves for text is broken by Word
(«0912 345» / «601», «78/2021/NĐ-» / «CP»): measured as docgen.checker.wrapping measures a figure.
In running text, a document number whose hyphen is an ordinary one may end a line as «NĐ-»:
Word's non-breaking hyphen (Ctrl+Shift+-, w:noBreakHyphen) keeps it whole. Plain figures are
docgen.checker.wrapping's.
"""

from __future__ import annotations

from collections.abc import Iterator

from docgen.base.measure import width_pt
from docgen.base.unbreakable import DATE, DOCUMENT_NUMBER, PHONE
from docgen.checker.checks import Finding
from docgen.checker.document import Cell, Document, Para
from docgen.checker.tables import grids
from docgen.checker.wrapping import cm, worst_per_column

CELL_RULE, TEXT_RULE = "DG.BANG.NGATMA", "DG.SOHIEU.GACH"
TWIPS_PER_PT = 20
_PATTERNS = ((DOCUMENT_NUMBER, "số, ký hiệu văn bản"), (PHONE, "số điện thoại"), (DATE, "ngày"))
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _tokens(p: Para) -> Iterator[tuple[str, str, float, bool]]:
    """Yield (token, what it is, its width in points, whether it starts the paragraph) for each
    document number, phone number or date of p that holds a space, a slash or a hyphen."""
    text = "".join(t for t, _ in p.runs)
    formats = [f for t, f in p.runs for _ in t]
    for pattern, what in _PATTERNS:
        for m in pattern.finditer(text):
            if not any(c in m.group() for c in " ./-"):
                continue
            width = sum(width_pt(c, formats[i].size or 10.0, formats[i].bold) for i, c in zip(range(m.start(), m.end()), m.group()))
            yield m.group(), what, width, not text[:m.start()].strip()


def _too_wide(cell: Cell) -> tuple[float, str, str, float] | None:
    """Return (how much too wide, token, what it is, its width) for cell's token that most
    overflows the room the cell leaves for text, or None when every one fits."""
    if cell.merged or cell.width is None:
        return None
    room = (cell.width - cell.margins[0] - cell.margins[1]) / TWIPS_PER_PT
    worst = None
    for p in cell.paragraphs:
        f = p.format
        inner = room - (f.left + f.right) / TWIPS_PER_PT
        for token, what, width, first in _tokens(p):
            over = width - (inner - (max(0, f.first_line) / TWIPS_PER_PT if first else 0))
            if over > 0.01 and (worst is None or over > worst[0]):
                worst = (over, token, what, width)
    return worst


def cells(doc: Document) -> Iterator[Finding]:
    """One finding per table column: its cell whose number overflows most, and how many others do."""

    def measure(cell: Cell):
        return _too_wide(cell) if any(c.isdigit() for c in cell.text) else None

    for table in grids(doc):
        for column, (over, token, what, width), row, others in worst_per_column(table, measure):
            more = f" Cột này còn {others} ô khác như vậy." if others else ""
            yield Finding(CELL_RULE, table.where(row, column),
                          f"{what} «{token}» cần {cm(width)} cm nhưng ô chỉ có {cm(max(width - over, 0))} cm cho "
                          f"chữ, nên Word ngắt nó xuống dòng.{more} Hãy nới rộng cột (với bảng tự khai báo: "
                          "`rong: 3cm` hoặc `khong_ngat: true`).")


def _raw(p: Para) -> str:
    """Return p's text with Word's non-breaking hyphen as U+2011 (the reader's text has "-")."""
    return "".join(el.text or "" if el.tag == f"{_W}t" else "\u2011"
                   for el in p.element.iter(f"{_W}t", f"{_W}noBreakHyphen"))


def text(doc: Document) -> Iterator[Finding]:
    """One finding per paragraph outside the data tables whose document numbers have ordinary hyphens
    (a data table's cells are cells()'s: a column wide enough keeps them whole)."""
    data = {t.number for t in doc.tables if any(r.repeated for r in t.rows)}
    for p in doc.paragraphs:
        if p.table is not None and p.table + 1 in data or "-" not in p.text:
            continue
        raw = _raw(p)
        found = [m.group() for m in DOCUMENT_NUMBER.finditer(raw) if "-" in m.group()]
        if found:
            listed = ", ".join(f"«{n}»" for n in dict.fromkeys(found))
            yield Finding(TEXT_RULE, p.where(),
                          f"số, ký hiệu văn bản {listed} có dấu gạch nối thường: cuối dòng Word có thể ngắt sau "
                          "dấu gạch («NĐ-» / «CP»). Hãy dùng dấu gạch nối không ngắt (Ctrl+Shift+-).")

"""Figures the text quotes from an annex, held against the annex as the document shows it.

Only for files docgen made: it records each quote (the words around the figure, the annex
table, the totals-row column) in the document (docgen.ooxml.record). Edited in Word, the sentence
«… còn 20,28% vào cuối năm 2024» may say 19,00 while the annex's totals row still says
20,28, or the other way round: either way the plan contradicts itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from docgen.base import vn
from docgen.checker.checks import Finding
from docgen.checker.document import Document
from docgen.checker.tables import grids, number, total_label
from docgen.ooxml import record
from docgen.ooxml.document import custom_parts

QUOTED, LOST = "DG.TRICH", "DG.TRICH.MAT"


def figures(doc: Document) -> Iterator[Finding]:
    recorded = record.read(custom_parts(doc.docx))
    if not recorded:
        return
    body = [p for p in doc.paragraphs if p.table is None]
    tables = grids(doc)
    for q in recorded:
        pattern = re.compile(re.escape(q.before) + r"\s*(\S*?)\s*" + re.escape(q.after))
        # its own sentence: of those worded alike, the one in its place (never the first for all)
        alike = [(p, m) for p in body for m in pattern.finditer(p.text)]
        found = alike[q.nth] if q.nth < len(alike) else None
        if found is None:
            yield Finding(LOST, f"câu trích {q.name}", (
                f"không còn tìm thấy câu «{q.before} … {q.after}» (trích `{{{{ {q.name} }}}}`); "
                "không kiểm tra được số trong câu với phụ lục"))
            continue
        paragraph, m = found
        grid = next((g for g in tables if g.rows and _head(g) == q.head), None)
        if grid is None and q.table < len(tables) and not q.head:
            grid = tables[q.table]
        totals = [r for r in grid.body if total_label(r)] if grid is not None else []
        if not totals:
            yield Finding(LOST, paragraph.where(), (
                f"không còn tìm thấy bảng phụ lục có dòng tổng cộng mà câu này trích (`{{{{ {q.name} }}}}`); "
                "không kiểm tra được số trong câu với phụ lục"))
            continue
        row = totals[-1]
        cells = [row.numbers.get(q.column)] + ([row.numbers.get(q.minus)] if q.minus is not None else [])
        if any(c is None for c in cells):
            continue
        expected = cells[0].value - (cells[1].value if len(cells) > 1 else 0)
        written = number(m.group(1))
        places = written.places if written is not None else cells[0].places
        shown = expected.quantize(Decimal(1).scaleb(-places))
        if written is None or written.value != shown:
            where = grid.where(row, q.column) + (f" trừ cột {q.minus + 1}" if q.minus is not None else "")
            yield Finding(QUOTED, paragraph.where(), (
                f"câu ghi «{m.group(1) or '(trống)'}» (trích `{{{{ {q.name} }}}}`) nhưng phụ lục ({where}) "
                f"cho {vn.decimal(shown, places)}; sửa cho hai chỗ khớp nhau"))


def _head(grid) -> str:
    return " ".join(" ".join(c.text for c in grid.rows[0].cells if not c.merged).split())

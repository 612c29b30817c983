"""Where the text quotes the annexes, found in a rendered document and recorded in it for `docgen check`.

A sentence such as «… còn 20,28% vào cuối năm 2024» prints a figure of an annex's totals
row. Here each such quote of the plan is found in the document as rendered: the words around
it, which table of the document holds the annex, and which totals-row column the figure is
(or is the difference of). The record itself (a custom XML part, with a fingerprint of the
plan's content) is written by docgen.ooxml.record, where `check` and `import` read it.
"""

from __future__ import annotations

from docgen.ooxml import record
from docgen.ooxml.record import Quote
from docgen.ooxml.tree import Element
from docgen.plan import annexes, quotes
from docgen.plan.consistency import texts
from docgen.plan.tables import leaves
from docgen.render.tables import is_annex

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CONTEXT = 5  # words kept on each side of a quoted figure


def _words(text: str, last: bool) -> str:
    words = text.split()
    return " ".join(words[-_CONTEXT:] if last else words[:_CONTEXT])


def _annex_tables(document: Element) -> list[tuple[int, str]]:
    """Return the place, among the body's tables, of each annex table (docgen styles its header),
    with the text of its first row."""
    out = []
    for i, table in enumerate(document.find(f"{_W}body").iterfind(f"{_W}tbl")):
        if is_annex(table):
            row = table.find(f"{_W}tr")
            out.append((i, first_row(row)))
    return out


def first_row(row) -> str:
    """Return a table row's text as check and trace both read it: cell texts, one space apart."""
    if row is None:
        return ""
    cells = [" ".join("".join(t.text or "" if t.tag == f"{_W}t" else "-"  # Word's non-breaking hyphen
                              for t in p.iter(f"{_W}t", f"{_W}noBreakHyphen")) for p in c.iter(f"{_W}p"))
             for c in row.iterfind(f"{_W}tc")]
    return " ".join(" ".join(cells).split())


def found(plan, document: Element) -> list[Quote]:
    """Return every quote of an annex figure in the plan's text that the document prints."""
    places = _annex_tables(document)
    tables = {annexes.name(t, i): (i, c) for i, (t, c) in enumerate(zip(plan.model.phu_luc, plan.tables))}
    out = []
    for key in ("trich_yeu", "mo_dau", "phan", "ket_thuc"):
        for _, text in texts(getattr(plan.model, key), (key,)):
            for m in quotes.QUOTE.finditer(text):
                place = _place(quotes.expression(m), tables)
                if place is None or place[0] >= len(places):
                    continue
                index, column, minus = place
                # the words around the figure, not reaching into a neighbouring figure: retyped
                # too, it would hide the sentence
                starts = [x.end() for x in quotes.QUOTE.finditer(text, 0, m.start())]
                nxt = quotes.QUOTE.search(text, m.end())
                before = _words(text[starts[-1] if starts else 0:m.start()], True)
                after = _words(text[m.end():nxt.start() if nxt else len(text)], False)
                if not before and not after:
                    continue  # nothing to find the sentence by
                at, head = places[index]
                nth = sum(1 for q in out if (q.before, q.after) == (before, after))  # sentences worded alike
                out.append(Quote(before, after, at, head, column, minus, quotes.expression(m), nth))
    return out


def _place(text: str, tables: dict) -> tuple[int, int, int | None] | None:
    """Return where the annex prints the figure a quote holds: (annex, totals-row column, the
    column it is the difference from, if any); None for a figure no totals row shows (a count
    of rows, a sum of the funding lines, arithmetic other than one figure minus another)."""
    pair = quotes.difference(text)
    refs = list(pair) if pair else quotes.references(text)
    if len(refs) != (2 if pair else 1) or (not pair and text.strip() != ".".join(refs[0])):
        return None
    if len({table for table, _ in refs}) != 1 or refs[0][0] not in tables:
        return None
    index, computed = tables[refs[0][0]]
    shown = [computed.figures.get(figure) for _, figure in refs]
    if any(f is None or f.column is None for f in shown) or not any(k == "tong" for k, _ in computed.grid.rows):
        return None
    keys = [c.key for c in leaves(computed.grid.columns)]
    wanted = [shown[0].column, shown[0].minus] if not pair else [shown[0].column, shown[1].column]
    if pair and (shown[0].minus or shown[1].minus):
        return None  # a difference of differences: not one cell minus another
    if any(k is not None and k not in keys for k in wanted):
        return None
    return index, keys.index(wanted[0]), keys.index(wanted[1]) if wanted[1] is not None else None


def add(parts: dict[str, bytes], plan, document: Element) -> None:
    """Add the record of plan's quotes, and of which plan it is, to the package's parts."""
    source = record.fingerprint(plan.source.data) if plan.source is not None else None
    record.write(parts, found(plan, document), source)

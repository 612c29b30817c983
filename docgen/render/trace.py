"""Where the text quotes the annexes, recorded in the document for `docgen check`.

A sentence such as «… còn 20,28% vào cuối năm 2024» prints a figure of an annex's totals
row. Once the file is edited in Word, nothing ties the two any more: a figure retyped on
one side only makes the plan contradict itself. So docgen records, in a custom XML part
(`customXml/item1.xml`: invisible, kept by Word and LibreOffice when they save), each such
quote: the words around it, which table of the document holds the annex, and which
totals-row column the figure is (or is the difference of). `docgen check` finds each
sentence again by those words and compares the number written there with the table as
the document now shows it. The part also carries a fingerprint of the plan's content, so
`docgen import` can tell a file made from another version of the YAML (or another plan).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from docgen.ooxml import package
from docgen.plan import annexes, quotes
from docgen.plan.consistency import texts
from docgen.plan.tables import leaves
from docgen.render.tables import is_annex

NS = "urn:docgen:trich-dan:1"
ITEM, PROPS, ITEM_RELS = "customXml/item1.xml", "customXml/itemProps1.xml", "customXml/_rels/item1.xml.rels"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CUSTOM = f"{_REL}/customXml"
_PROPS_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CONTEXT = 5  # words kept on each side of a quoted figure


@dataclass(frozen=True)
class Quote:
    """A figure the text quotes from an annex's totals row."""

    before: str  # the words printed just before the figure (up to the previous figure)
    after: str  # and just after it (up to the next)
    table: int  # which top-level table of the body holds the annex (0-based)
    head: str  # the text of that table's first row, to find it when tables were added before it
    column: int  # the totals-row cell (grid column, 0-based) the figure is
    minus: int | None  # or the difference of that cell and this one
    name: str  # `giam_ngheo.ty_le_cuoi_nam`, as the YAML quotes it


def _words(text: str, last: bool) -> str:
    words = text.split()
    return " ".join(words[-_CONTEXT:] if last else words[:_CONTEXT])


def _annex_tables(document: etree._Element) -> list[tuple[int, str]]:
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


def found(plan, document: etree._Element) -> list[Quote]:
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
                out.append(Quote(before, after, at, head, column, minus, quotes.expression(m)))
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


def fingerprint(data) -> str:
    """Return a fingerprint of a plan's content (its data, not its comments or layout)."""
    import hashlib
    import json

    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def xml(quotes_: list[Quote], source: str | None = None) -> bytes:
    root = etree.Element(f"{{{NS}}}trich_dan", nsmap={None: NS})
    if source:
        root.set("nguon", source)
    for q in quotes_:
        el = etree.SubElement(root, f"{{{NS}}}so_lieu", ten=q.name, truoc=q.before, sau=q.after,
                              bang=str(q.table), dau_bang=q.head, cot=str(q.column))
        if q.minus is not None:
            el.set("tru_cot", str(q.minus))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def add(parts: dict[str, bytes], plan, document: etree._Element) -> None:
    """Add the record of plan's quotes, and of which plan it is, to the package's parts."""
    quotes_ = found(plan, document)
    parts[ITEM] = xml(quotes_, fingerprint(plan.source.data) if plan.source is not None else None)
    parts[PROPS] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<ds:datastoreItem ds:itemID="{6D0A2C1E-5B7F-4E8A-9C3D-2F1B0E4A7C65}" '
        'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
        f'<ds:schemaRefs><ds:schemaRef ds:uri="{NS}"/></ds:schemaRefs></ds:datastoreItem>'
    ).encode()
    parts[ITEM_RELS] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/customXmlProps" Target="itemProps1.xml"/></Relationships>'
    ).encode()
    rels_name = "word/_rels/document.xml.rels"
    rels = etree.fromstring(parts[rels_name])
    ns = rels.nsmap[None]
    if not any(r.get("Type") == _CUSTOM for r in rels):
        taken = {r.get("Id") for r in rels}
        rid = next(f"rIdTrich{n}" for n in range(1, 100) if f"rIdTrich{n}" not in taken)
        etree.SubElement(rels, f"{{{ns}}}Relationship", Id=rid, Type=_CUSTOM, Target="../customXml/item1.xml")
        parts[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    types = etree.fromstring(parts[package.CONTENT_TYPES])
    tns = types.nsmap[None]
    if not any(o.get("PartName") == f"/{PROPS}" for o in types):
        etree.SubElement(types, f"{{{tns}}}Override", PartName=f"/{PROPS}", ContentType=_PROPS_TYPE)
    if not any(d.get("Extension") == "xml" for d in types.iterfind(f"{{{tns}}}Default")):
        etree.SubElement(types, f"{{{tns}}}Default", Extension="xml", ContentType="application/xml")
    parts[package.CONTENT_TYPES] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)


def source(parts: dict[str, bytes]) -> str | None:
    """Return the fingerprint of the plan a document was made from, if docgen recorded it."""
    for name, data in parts.items():
        if re.fullmatch(r"customXml/item\d+\.xml", name) and NS.encode() in data:
            try:
                root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
            except etree.XMLSyntaxError:
                continue
            if root.get("nguon"):
                return root.get("nguon")
    return None


def remove(parts: dict[str, bytes]) -> None:
    """Take docgen's record out of a package (a comparison file is neither version)."""
    if parts.pop(ITEM, None) is None:
        return
    parts.pop(PROPS, None)
    parts.pop(ITEM_RELS, None)
    rels_name = "word/_rels/document.xml.rels"
    rels = etree.fromstring(parts[rels_name])
    for r in list(rels):
        if r.get("Type") == _CUSTOM and r.get("Target") == "../customXml/item1.xml":
            rels.remove(r)
    parts[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    types = etree.fromstring(parts[package.CONTENT_TYPES])
    for o in list(types):
        if o.get("PartName") == f"/{PROPS}":
            types.remove(o)
    parts[package.CONTENT_TYPES] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)


def read(parts: dict[str, bytes]) -> list[Quote]:
    """Return the quotes recorded in a document's parts (in any customXml item of ours)."""
    out = []
    for name, data in parts.items():
        if not re.fullmatch(r"customXml/item\d+\.xml", name) or NS.encode() not in data:
            continue
        try:
            root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError:
            continue
        for el in root.iter(f"{{{NS}}}so_lieu"):
            try:
                minus = el.get("tru_cot")
                out.append(Quote(el.get("truoc", ""), el.get("sau", ""), int(el.get("bang")), el.get("dau_bang", ""),
                                 int(el.get("cot")), int(minus) if minus is not None else None, el.get("ten", "")))
            except (TypeError, ValueError):
                continue
    return out

"""docgen's record in a .docx: the figures the text quotes from the annexes, and which plan it is.

A sentence such as «… còn 20,28% vào cuối năm 2024» prints a figure of an annex's totals
row. Once the file is edited in Word, nothing ties the two any more: a figure retyped on
one side only makes the plan contradict itself. So docgen records, in a custom XML part
(`customXml/item1.xml`: invisible, kept by Word and LibreOffice when they save), each such
quote: the words around it, which table of the document holds the annex, and which
totals-row column the figure is (or is the difference of). The part also carries a
fingerprint of the plan's content, so `docgen import` can tell a file made from another
version of the YAML (or another plan).

This module is the part's format, written and read here only: docgen.render.trace finds the
quotes and writes them, docgen.checker.quoted reads them (with no plan at hand: `check` never
loads the plan model), docgen.compare drops them from a comparison and `import` reads the
fingerprint.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from lxml import etree

from docgen.ooxml import package, untrusted

NS = "urn:docgen:trich-dan:1"
ITEM, PROPS, ITEM_RELS = "customXml/item1.xml", "customXml/itemProps1.xml", "customXml/_rels/item1.xml.rels"
_DOCUMENT_RELS = "word/_rels/document.xml.rels"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CUSTOM = f"{_REL}/customXml"
_PROPS_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
_ITEM_NAME = re.compile(r"customXml/item\d+\.xml")


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
    nth: int = 0  # which of the sentences worded alike it is (0: the first in the document)


def fingerprint(data) -> str:
    """Return a fingerprint of a plan's content (its data, not its comments or layout)."""
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _xml(quotes: list[Quote], source: str | None, rejected: str | None = None, accepted: str | None = None) -> bytes:
    root = etree.Element(f"{{{NS}}}trich_dan", nsmap={None: NS})
    if source:
        root.set("nguon", source)
    if rejected and accepted:  # a comparison: the older plan once its changes are rejected, the newer accepted
        root.set("nguon_tu_choi", rejected)
        root.set("nguon_chap_nhan", accepted)
    for q in quotes:
        el = etree.SubElement(root, f"{{{NS}}}so_lieu", ten=q.name, truoc=q.before, sau=q.after,
                              bang=str(q.table), dau_bang=q.head, cot=str(q.column))
        if q.minus is not None:
            el.set("tru_cot", str(q.minus))
        if q.nth:
            el.set("lan", str(q.nth))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def write(parts: dict[str, bytes], quotes: list[Quote], source: str | None) -> None:
    """Add the record of quotes, and of the plan (its fingerprint) source, to a package's parts."""
    parts[ITEM] = _xml(quotes, source)
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
    rels = etree.fromstring(parts[_DOCUMENT_RELS])
    ns = rels.nsmap[None]
    if not any(r.get("Type") == _CUSTOM for r in rels):
        taken = {r.get("Id") for r in rels}
        rid = next(f"rIdTrich{n}" for n in range(1, 100) if f"rIdTrich{n}" not in taken)
        etree.SubElement(rels, f"{{{ns}}}Relationship", Id=rid, Type=_CUSTOM, Target="../customXml/item1.xml")
        parts[_DOCUMENT_RELS] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    types = etree.fromstring(parts[package.CONTENT_TYPES])
    tns = types.nsmap[None]
    if not any(o.get("PartName") == f"/{PROPS}" for o in types):
        etree.SubElement(types, f"{{{tns}}}Override", PartName=f"/{PROPS}", ContentType=_PROPS_TYPE)
    if not any(d.get("Extension") == "xml" for d in types.iterfind(f"{{{tns}}}Default")):
        etree.SubElement(types, f"{{{tns}}}Default", Extension="xml", ContentType="application/xml")
    parts[package.CONTENT_TYPES] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)


def remove(parts: dict[str, bytes]) -> None:
    """Take docgen's record out of a package (a comparison file is neither version)."""
    if parts.pop(ITEM, None) is None:
        return
    parts.pop(PROPS, None)
    parts.pop(ITEM_RELS, None)
    rels = etree.fromstring(parts[_DOCUMENT_RELS])
    for r in list(rels):
        if r.get("Type") == _CUSTOM and r.get("Target") == "../customXml/item1.xml":
            rels.remove(r)
    parts[_DOCUMENT_RELS] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    types = etree.fromstring(parts[package.CONTENT_TYPES])
    for o in list(types):
        if o.get("PartName") == f"/{PROPS}":
            types.remove(o)
    parts[package.CONTENT_TYPES] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)


def _records(parts: dict[str, bytes]) -> list[etree._Element]:
    """Return the root of every customXml item of ours in parts (a damaged one is left out)."""
    out = []
    for name, data in parts.items():
        if not _ITEM_NAME.fullmatch(name) or NS.encode() not in data:
            continue
        try:
            out.append(untrusted.parse(data))
        except etree.XMLSyntaxError:
            continue
    return out


def source(parts: dict[str, bytes]) -> str | None:
    """Return the fingerprint of the plan a document was made from, if docgen recorded it."""
    return next((root.get("nguon") for root in _records(parts) if root.get("nguon")), None)


def sources(parts: dict[str, bytes]) -> set[str]:
    """Return the fingerprints of the plans a document was made from, as docgen recorded them:
    one, or two for a comparison (`diff --docx`: the older and the newer plan); none if the file
    carries no record of docgen's."""
    for root in _records(parts):
        found = {root.get(key) for key in ("nguon", "nguon_tu_choi", "nguon_chap_nhan")} - {None, ""}
        if found:
            return found
    return set()


def compared(parts: dict[str, bytes], older: str | None, newer: str | None) -> None:
    """Make the record of a comparison of two plans (their fingerprints): no quotes (the figures
    are neither version's once some changes are accepted and others not), and which plan each
    version is, so that its edits can be imported into either."""
    if ITEM in parts:
        parts[ITEM] = _xml([], None, older, newer)


def read(parts: dict[str, bytes]) -> list[Quote]:
    """Return the quotes recorded in a document's parts (in any customXml item of ours)."""
    out = []
    for root in _records(parts):
        for el in root.iter(f"{{{NS}}}so_lieu"):
            try:
                minus = el.get("tru_cot")
                out.append(Quote(el.get("truoc", ""), el.get("sau", ""), int(el.get("bang")), el.get("dau_bang", ""),
                                 int(el.get("cot")), int(minus) if minus is not None else None, el.get("ten", ""),
                                 int(el.get("lan", "0"))))
            except (TypeError, ValueError):
                continue
    return out

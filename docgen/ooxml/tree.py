"""The XML of a package's parts, parsed and written: the one place that calls lxml's parser and
serializer for the layers above (which hold the elements it returns and hand them back here).

Parts docgen made itself or a template it prepared are parsed with lxml's defaults; a part of a
file from elsewhere goes through docgen.ooxml.untrusted.parse.
"""

from __future__ import annotations

from lxml import etree

Element = etree._Element  # what parse returns, for annotations above this layer
XMLSyntaxError = etree.XMLSyntaxError  # what parse raises on a part that is not XML (.msg, .position)

_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_PR = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "[Content_Types].xml"


def parse(data: bytes | str) -> Element:
    """Return the root element of a part's XML; XMLSyntaxError if it is not XML."""
    return etree.fromstring(data)


def serialize(root: Element) -> bytes:
    """Return a part's XML as Word writes it: UTF-8, with a standalone declaration."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def plain(xml: str) -> str:
    """Return xml parsed and written again without comments, processing instructions and CDATA
    (empty elements written as one tag), no entity resolved; XMLSyntaxError if it is not XML."""
    parser = etree.XMLParser(remove_comments=True, remove_pis=True, strip_cdata=True, resolve_entities=False)
    return etree.tostring(etree.fromstring(xml, parser), encoding="unicode")


def content_types(parts: dict[str, bytes]) -> dict[str, str]:
    """Return the content type of each part named in [Content_Types].xml's overrides."""
    root = etree.fromstring(parts[CONTENT_TYPES])
    return {o.get("PartName").lstrip("/"): o.get("ContentType") for o in root.iter(f"{_CT}Override")
            if o.get("PartName")}


def relationships(data: bytes) -> list:
    """Return the w:Relationship elements of a relationships part (.rels)."""
    return list(etree.fromstring(data).iter(f"{{{_PR}}}Relationship"))


def root_name(data: bytes) -> tuple[str, str | None]:
    """Return the root element's tag and its default namespace."""
    root = etree.fromstring(data)
    return root.tag, root.nsmap.get(None)


def add_relationship(parts: dict[str, bytes], rid: str, kind: str, target: str, content_type: str) -> None:
    """Add a package relationship (in _rels/.rels) to the part target, and its content type."""
    rels = etree.fromstring(parts["_rels/.rels"])
    etree.SubElement(rels, f"{{{rels.nsmap[None]}}}Relationship", Id=rid, Type=kind, Target=target)
    parts["_rels/.rels"] = serialize(rels)
    types = etree.fromstring(parts[CONTENT_TYPES])
    etree.SubElement(types, f"{{{types.nsmap[None]}}}Override", PartName=f"/{target}", ContentType=content_type)
    parts[CONTENT_TYPES] = serialize(types)

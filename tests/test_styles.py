"""A clerk who restyles one style in Word sees the whole document follow: the rendered document
formats through styles alone, never with direct formatting that would override them."""

from __future__ import annotations

import zipfile

from lxml import etree

from docgen.checker.checks import body
from docgen.checker.document import open_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Direct formatting docgen writes on purpose: a rule's indents (its length is measured from the text
# above it, PL I, II.3 and II.5) and the section breaks before annexes.
RULES = {"KHGachCoQuan", "KHGachTieuNgu", "KHGachTrichYeu"}


def test_paragraphs_and_runs_carry_styles_and_no_direct_formatting(sample_docx):
    with zipfile.ZipFile(sample_docx) as z:
        xml = {n: etree.fromstring(z.read(n)) for n in z.namelist() if n.startswith("word/")
               and (n.endswith("document.xml") or "header" in n)}
    seen = 0
    for root in xml.values():
        for ppr in root.iter(f"{W}pPr"):
            if ppr.getparent().tag != f"{W}p":
                continue
            seen += 1
            style = ppr.find(f"{W}pStyle")
            allowed = {"pStyle", "sectPr"} | ({"ind"} if style is not None and style.get(f"{W}val") in RULES else set())
            assert {etree.QName(c).localname for c in ppr} <= allowed, etree.tostring(ppr)[:200]
        for rpr in root.iter(f"{W}rPr"):
            if rpr.getparent().tag == f"{W}r":
                assert [etree.QName(c).localname for c in rpr] == ["rStyle"], etree.tostring(rpr)
    assert seen > 300


def _restyled(source, target, style_id: str, change) -> None:
    """Write target: source with the w:style of style_id changed by change(style element)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/styles.xml":
                root = etree.fromstring(data)
                change(next(s for s in root.iter(f"{W}style") if s.get(f"{W}styleId") == style_id))
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(item, data)


def _rpr(style):
    rpr = style.find(f"{W}rPr")
    if rpr is None:
        rpr = etree.SubElement(style, f"{W}rPr")
    return rpr


def test_a_new_body_size_in_one_style_reaches_every_paragraph_of_the_body(sample_docx, tmp_path):
    def thirteen(style):
        for half in ("sz", "szCs"):
            etree.SubElement(_rpr(style), f"{W}{half}").set(f"{W}val", "26")

    before = body(open_document(sample_docx))
    assert {s for p in before for s in p.sizes} == {14.0}
    _restyled(sample_docx, tmp_path / "13.docx", "KHDoan", thirteen)
    after = body(open_document(tmp_path / "13.docx"))
    assert len(after) == len(before) > 100
    assert {s for p in after for s in p.sizes} == {13.0}


def test_item_titles_of_every_level_follow_one_style(sample_docx, tmp_path):
    def regular(style):
        for tag in ("b", "bCs"):
            _rpr(style).remove(_rpr(style).find(f"{W}{tag}"))

    def titles(path):
        styles = {}
        for p in body(open_document(path)):
            if p.format.style and p.format.style.startswith(("KHMuc", "KHPhan")) and not p.format.style.startswith("KHMucLien"):
                styles.setdefault(p.format.style, set()).add(p.bold)
        return styles

    assert titles(sample_docx) == {"KHPhan": {True}, "KHMuc1": {True}, "KHMuc11": {True}, "KHMuc111": {True}}
    _restyled(sample_docx, tmp_path / "regular.docx", "KHMuc", regular)
    assert titles(tmp_path / "regular.docx") == {"KHPhan": {True}, "KHMuc1": {False}, "KHMuc11": {False},
                                                 "KHMuc111": {False}}

"""The formatting Word actually applies to a paragraph or run.

Word resolves a property from the most specific place that sets it: the run's
direct formatting, its character style (and the styles it is based on), the
paragraph's direct formatting, its paragraph style chain, the table style of the
table it stands in, and finally the document defaults. Theme fonts
(`w:asciiTheme`) resolve through the theme part.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
SLOTS = ("ascii", "hAnsi", "cs", "eastAsia")
THEME = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"


def qn(tag: str) -> str:
    """Return the Clark name of a w: tag ("w:pPr" -> "{…main}pPr"), as python-docx's qn does."""
    prefix, _, local = tag.partition(":")
    assert prefix == "w", tag
    return W + local


@dataclass(frozen=True)
class RunFormat:
    size: float | None  # points
    bold: bool
    italic: bool
    fonts: dict[str, str | None]  # slot -> font name


@dataclass(frozen=True)
class ParagraphFormat:
    style: str | None
    alignment: str  # left | center | right | both | …
    first_line: int  # twips (negative: hanging)
    before: int  # twips
    after: int
    line: int | None  # 240ths of a line when rule is auto
    line_rule: str


def _theme_fonts(theme: bytes) -> dict[str, str]:
    """Return the theme's major and minor Latin fonts: {"major": …, "minor": …}."""
    root = etree.fromstring(theme)
    fonts = {}
    for kind in ("major", "minor"):
        latin = root.find(f".//{A}{kind}Font/{A}latin")
        if latin is not None:
            fonts[kind] = latin.get("typeface")
    return fonts


def _on(el) -> bool | None:
    if el is None:
        return None
    return el.get(qn("w:val"), "true") not in ("0", "false", "off")


class Resolver:
    """Resolves formatting in one document, from its styles part and its theme part."""

    def __init__(self, styles, theme: bytes | None = None):
        """styles: the root element of word/styles.xml (or None); theme: the theme part's bytes."""
        self.styles = {s.get(qn("w:styleId")): s for s in styles.iter(qn("w:style"))} if styles is not None else {}
        self.defaults = styles.find(qn("w:docDefaults")) if styles is not None else None
        self.default_paragraph = next(
            (s.get(qn("w:styleId")) for s in self.styles.values()
             if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true")), None)
        self.theme = _theme_fonts(theme) if theme else {}

    @classmethod
    def of(cls, doc) -> Resolver:
        """Return the resolver of a python-docx Document."""
        theme = next((rel.target_part.blob for rel in doc.part.rels.values()
                      if rel.reltype == THEME and not rel.is_external), None)
        return cls(doc.styles.element, theme)

    # --- chains of property elements, most specific first --------------------

    def _style_chain(self, sid: str | None, child: str) -> list:
        out, seen = [], set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            style = self.styles[sid]
            el = style.find(qn(child))
            if el is not None:
                out.append(el)
            based = style.find(qn("w:basedOn"))
            sid = based.get(qn("w:val")) if based is not None else None
        return out

    def _paragraph_style(self, p) -> str | None:
        ps = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        return ps.get(qn("w:val")) if ps is not None else self.default_paragraph

    def _table_style(self, p) -> str | None:
        tbl = next(p.iterancestors(qn("w:tbl")), None)
        if tbl is None:
            return None
        ts = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}")
        return ts.get(qn("w:val")) if ts is not None else None

    def _rpr_chain(self, p, r) -> list:
        chain = []
        if r is not None:
            rpr = r.find(qn("w:rPr"))
            if rpr is not None:
                chain.append(rpr)
                rs = rpr.find(qn("w:rStyle"))
                if rs is not None:
                    chain += self._style_chain(rs.get(qn("w:val")), "w:rPr")
        chain += self._style_chain(self._paragraph_style(p), "w:rPr")
        chain += self._style_chain(self._table_style(p), "w:rPr")
        if self.defaults is not None:
            d = self.defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
            if d is not None:
                chain.append(d)
        return chain

    def _ppr_chain(self, p) -> list:
        chain = []
        ppr = p.find(qn("w:pPr"))
        if ppr is not None:
            chain.append(ppr)
        chain += self._style_chain(self._paragraph_style(p), "w:pPr")
        chain += self._style_chain(self._table_style(p), "w:pPr")
        if self.defaults is not None:
            d = self.defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
            if d is not None:
                chain.append(d)
        return chain

    # --- resolved values -------------------------------------------------------

    def run(self, p, r) -> RunFormat:
        chain = self._rpr_chain(p, r)

        def first(tag: str):
            return next((el.find(qn(tag)) for el in chain if el.find(qn(tag)) is not None), None)

        sz = first("w:sz")
        fonts: dict[str, str | None] = {}
        for slot in SLOTS:
            fonts[slot] = None
            for el in chain:
                rf = el.find(qn("w:rFonts"))
                if rf is None:
                    continue
                name, theme = rf.get(qn(f"w:{slot}")), rf.get(qn(f"w:{slot}Theme"))
                if theme:
                    fonts[slot] = self.theme.get("major" if theme.startswith("major") else "minor", theme)
                    break
                if name:
                    fonts[slot] = name
                    break
        return RunFormat(
            size=int(sz.get(qn("w:val"))) / 2 if sz is not None else 10.0,
            bold=bool(_on(first("w:b"))),
            italic=bool(_on(first("w:i"))),
            fonts=fonts,
        )

    def paragraph(self, p) -> ParagraphFormat:
        chain = self._ppr_chain(p)

        def attr(tag: str, name: str):
            for el in chain:
                child = el.find(qn(tag))
                if child is not None and child.get(qn(name)) is not None:
                    return child.get(qn(name))
            return None

        def number(tag: str, name: str) -> int:
            v = attr(tag, name)
            return int(float(v)) if v is not None else 0

        hanging = number("w:ind", "w:hanging")
        line = attr("w:spacing", "w:line")
        return ParagraphFormat(
            style=self._paragraph_style(p),
            alignment=attr("w:jc", "w:val") or "left",
            first_line=-hanging if hanging else number("w:ind", "w:firstLine"),
            before=number("w:spacing", "w:before"),
            after=number("w:spacing", "w:after"),
            line=int(line) if line is not None else None,
            line_rule=attr("w:spacing", "w:lineRule") or "auto",
        )

    def runs(self, p) -> list[tuple[str, RunFormat]]:
        """Return (text, format) of each run with text in paragraph p (fields included)."""
        out = []
        for r in p.iter(qn("w:r")):
            text = "".join(t.text or "" for t in r.iter(qn("w:t")))
            if text:
                out.append((text, self.run(p, r)))
        return out

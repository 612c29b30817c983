"""The formatting Word actually applies to a paragraph or run.

Word resolves a property from the most specific place that sets it: the run's
direct formatting, its character style (and the styles it is based on), the
paragraph's direct formatting, its paragraph style chain, the table style of the
table it stands in, and finally the document defaults. Theme fonts
(`w:asciiTheme`) resolve through the theme part.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
SLOTS = ("ascii", "hAnsi", "cs", "eastAsia")
THEME = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
LOOK_UP = object()  # a table style the resolver finds from the paragraph's ancestors


@functools.cache
def qn(tag: str) -> str:
    """Return the Clark name of a w: tag ("w:pPr" -> "{…main}pPr"), as python-docx's qn does (asked
    tens of thousands of times a document, for a few dozen tags: each is worked out once)."""
    prefix, _, local = tag.partition(":")
    if prefix != "w":
        raise ValueError(tag)
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
    left: int = 0  # twips: indents of the whole paragraph
    right: int = 0


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
    """Resolves formatting in one document, from its styles part and its theme part.

    A document has few distinct formats and many paragraphs, so each resolved format is kept,
    keyed by what it is resolved from (the serialized direct properties, the paragraph style,
    the table style): resolving stays linear in the document however long it is.
    """

    def __init__(self, styles, theme: bytes | None = None):
        """styles: the root element of word/styles.xml (or None); theme: the theme part's bytes."""
        self.styles = {s.get(_STYLE_ID): s for s in styles.iter(_STYLE)} if styles is not None else {}
        self.defaults = styles.find(qn("w:docDefaults")) if styles is not None else None
        self.default_paragraph = next(
            (s.get(_STYLE_ID) for s in self.styles.values()
             if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true")), None)
        self.default_table = next(
            (s.get(_STYLE_ID) for s in self.styles.values()
             if s.get(qn("w:type")) == "table" and s.get(qn("w:default")) in ("1", "true")), None)
        self.theme = _theme_fonts(theme) if theme else {}
        self._chains: dict[tuple[str | None, str], list] = {}
        self._paragraphs: dict[tuple, ParagraphFormat] = {}
        self._runs: dict[tuple, RunFormat] = {}

    @classmethod
    def of(cls, doc) -> Resolver:
        """Return the resolver of a python-docx Document."""
        theme = next((rel.target_part.blob for rel in doc.part.rels.values()
                      if rel.reltype == THEME and not rel.is_external), None)
        return cls(doc.styles.element, theme)

    # --- chains of property elements, most specific first --------------------

    def _style_chain(self, sid: str | None, child: str) -> list:
        key = (sid, child)
        if key not in self._chains:
            out, seen = [], set()
            while sid and sid in self.styles and sid not in seen:
                seen.add(sid)
                style = self.styles[sid]
                el = style.find(qn(child))
                if el is not None:
                    out.append(el)
                based = style.find(qn("w:basedOn"))
                sid = based.get(_VAL) if based is not None else None
            self._chains[key] = out
        return self._chains[key]

    def _style_of(self, ppr) -> str | None:
        """Return the paragraph style id set in ppr (a w:pPr or None), or the default one."""
        ps = child(ppr, _PSTYLE)
        return ps.get(_VAL) if ps is not None else self.default_paragraph

    def _paragraph_style(self, p) -> str | None:
        return self._style_of(child(p, _PPR))

    @staticmethod
    def table_style(tbl) -> str | None:
        """Return the style id of table tbl (a w:tbl), or None."""
        # w:tblPr comes before w:tblGrid and the rows: look no further (tbl.find would
        # scan every row of a long table, each time)
        for el in tbl:
            if el.tag == _TBLPR:
                ts = child(el, _TBLSTYLE)
                return ts.get(_VAL) if ts is not None else None
            if el.tag in (_TBLGRID, _TR):
                break
        return None

    def _table_style(self, p) -> str | None:
        tbl = next(p.iterancestors(_TBL), None)
        return self.table_style(tbl) if tbl is not None else None

    def table_margins(self, tbl) -> tuple[int, int]:
        """Return the left and right padding of table tbl's cells, in twips: its own
        w:tblCellMar, else its table style's (or the default table style's), else Word's 108."""
        tblpr = next((el for el in tbl if el.tag == _TBLPR), None)
        sid = self.table_style(tbl) or self.default_table
        chain = ([tblpr] if tblpr is not None else []) + self._style_chain(sid, "w:tblPr")
        left = right = None
        for el in chain:
            found = child(el, _TBLCELLMAR)
            if found is not None:
                left, right = cell_margins(found, (left, right))
            if left is not None and right is not None:
                break
        return (108 if left is None else left), (108 if right is None else right)

    def _defaults(self, kind: str) -> list:
        if self.defaults is None:
            return []
        d = self.defaults.find(f"{qn(f'w:{kind}Default')}/{qn(f'w:{kind}')}")
        return [d] if d is not None else []

    def _rpr_chain(self, rpr, paragraph_style: str | None, table_style: str | None) -> list:
        chain = []
        if rpr is not None:
            chain.append(rpr)
            rs = rpr.find(_RSTYLE)
            if rs is not None:
                chain += self._style_chain(rs.get(_VAL), "w:rPr")
        chain += self._style_chain(paragraph_style, "w:rPr")
        chain += self._style_chain(table_style, "w:rPr")
        return chain + self._defaults("rPr")

    def _ppr_chain(self, ppr, paragraph_style: str | None, table_style: str | None) -> list:
        chain = [ppr] if ppr is not None else []
        chain += self._style_chain(paragraph_style, "w:pPr")
        chain += self._style_chain(table_style, "w:pPr")
        return chain + self._defaults("pPr")

    # --- resolved values -------------------------------------------------------

    def run(self, p, r) -> RunFormat:
        """Return the format Word gives run r of paragraph p."""
        return self._run(child(r, _RPR), self._paragraph_style(p), self._table_style(p))

    def _run(self, rpr, pstyle: str | None, tstyle: str | None) -> RunFormat:
        key = (_serialized(rpr), pstyle, tstyle)
        if key not in self._runs:
            self._runs[key] = self._resolve_run(self._rpr_chain(rpr, pstyle, tstyle))
        return self._runs[key]

    def _resolve_run(self, chain: list) -> RunFormat:
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
            size=_int(sz.get(_VAL), 20) / 2 if sz is not None else 10.0,
            bold=bool(_on(first("w:b"))),
            italic=bool(_on(first("w:i"))),
            fonts=fonts,
        )

    def paragraph(self, p, table_style=LOOK_UP) -> ParagraphFormat:
        """Return the format Word gives paragraph p; table_style: the style id of the table p
        stands in (None: no table or no style), when the caller knows it."""
        ppr = child(p, _PPR)
        pstyle = self._style_of(ppr)
        tstyle = self._table_style(p) if table_style is LOOK_UP else table_style
        key = (_serialized(ppr), pstyle, tstyle)
        if key not in self._paragraphs:
            self._paragraphs[key] = self._resolve_paragraph(self._ppr_chain(ppr, pstyle, tstyle), pstyle)
        return self._paragraphs[key]

    @staticmethod
    def _resolve_paragraph(chain: list, style: str | None) -> ParagraphFormat:
        def attr(tag: str, name: str):
            for el in chain:
                child = el.find(qn(tag))
                if child is not None and child.get(qn(name)) is not None:
                    return child.get(qn(name))
            return None

        def number(tag: str, name: str) -> int:
            return _int(attr(tag, name), 0)

        hanging = number("w:ind", "w:hanging")
        line = attr("w:spacing", "w:line")
        return ParagraphFormat(
            style=style,
            alignment=attr("w:jc", "w:val") or "left",
            first_line=-hanging if hanging else number("w:ind", "w:firstLine"),
            before=number("w:spacing", "w:before"),
            after=number("w:spacing", "w:after"),
            line=_int(line, None),
            line_rule=attr("w:spacing", "w:lineRule") or "auto",
            left=number("w:ind", "w:left") or number("w:ind", "w:start"),
            right=number("w:ind", "w:right") or number("w:ind", "w:end"),
        )

    def read(self, p, table_style=LOOK_UP) -> tuple[str, list[tuple[str, RunFormat]], ParagraphFormat, bool]:
        """Return paragraph p read in one walk: its text (its runs' w:t, with w:tab and w:br as
        spaces, w:noBreakHyphen as "-"), its runs with text and their formats (as runs() gives them), its format (as
        paragraph() gives it) and whether it holds a w:sectPr (it ends a section).
        table_style as for paragraph(). One walk matters on a table of thousands of rows."""
        tstyle = self._table_style(p) if table_style is LOOK_UP else table_style
        ppr = child(p, _PPR)
        pstyle, ends, key = self.default_paragraph, False, b""
        if ppr is not None:
            found, count = False, 0
            for el in ppr:
                count += 1
                tag = el.tag
                if tag == _PSTYLE and not found:
                    pstyle, found = el.get(_VAL), True
                elif tag == _SECTPR:
                    ends = True
            # a w:pPr that only names a style (a table's cells, mostly) is keyed by the name alone
            key = ("style",) if found and count == 1 else _serialized(ppr)
        fmt = self._paragraphs.get((key, pstyle, tstyle))
        if fmt is None:
            fmt = self._resolve_paragraph(self._ppr_chain(ppr, pstyle, tstyle), pstyle)
            self._paragraphs[(key, pstyle, tstyle)] = fmt
        text: list[str] = []
        runs = []
        for r in p.iter(_R):
            rpr, own = None, []
            for el in r:
                tag = el.tag
                if tag == _T:
                    own.append(el.text or "")
                    text.append(own[-1])
                elif tag == _RPR:
                    rpr = el
                elif tag == _TAB or tag == _BR:
                    text.append(" ")
                elif tag == _NBH:  # Word's non-breaking hyphen (docgen.ooxml.nobreak) reads as "-"
                    own.append("-")
                    text.append("-")
            if own and any(own):
                runs.append(("".join(own), self._run(rpr, pstyle, tstyle)))
        return "".join(text), runs, fmt, ends

    def runs(self, p, table_style=LOOK_UP) -> list[tuple[str, RunFormat]]:
        """Return (text, format) of each run with text in paragraph p (fields included);
        table_style as for paragraph()."""
        pstyle = self._paragraph_style(p)
        tstyle = self._table_style(p) if table_style is LOOK_UP else table_style
        out = []
        for r in p.iter(_R):
            rpr, parts = None, []
            for el in r:  # one pass: w:rPr and the w:t are r's own children
                if el.tag == _T:
                    parts.append(el.text or "")
                elif el.tag == _NBH:
                    parts.append("-")
                elif el.tag == _RPR:
                    rpr = el
            text = "".join(parts)
            if text:
                out.append((text, self._run(rpr, pstyle, tstyle)))
        return out


def child(el, tag: str):
    """Return el's first child tag (None if none, or if el is None): el.find(tag) without
    ElementPath's cost, which counts when every paragraph of a long table is read."""
    if el is not None:
        for child in el:
            if child.tag == tag:
                return child
    return None


def cell_margins(el, known: tuple[int | None, int | None] = (None, None)) -> tuple[int | None, int | None]:
    """Return the (left, right) twips a w:tblCellMar or w:tcMar sets (w:start/w:end too); a side
    already known (from a more specific level) is kept. Only widths in twips (dxa) count."""
    left, right = known
    for side in el:
        name = side.tag[len(W):]
        if side.get(qn("w:type"), "dxa") != "dxa" or side.get(_W_W) is None:
            continue
        try:
            value = int(float(side.get(_W_W)))
        except (ValueError, OverflowError):
            continue
        if name in ("left", "start") and left is None:
            left = value
        elif name in ("right", "end") and right is None:
            right = value
    return left, right


def _int(value: str | None, default):
    """Return an attribute's whole number; default when there is none, or what a damaged file
    holds instead ("", "abc")."""
    try:
        return int(float(value)) if value is not None else default
    except (ValueError, OverflowError):
        return default


def _serialized(el) -> bytes:
    """Return the XML of a properties element (b"" for none): the key of the format it gives."""
    return etree.tostring(el, with_tail=False) if el is not None else b""


_VAL, _STYLE, _STYLE_ID = qn("w:val"), qn("w:style"), qn("w:styleId")
_PPR, _RPR, _RSTYLE, _R, _T = qn("w:pPr"), qn("w:rPr"), qn("w:rStyle"), qn("w:r"), qn("w:t")
_TAB, _BR, _SECTPR, _NBH = qn("w:tab"), qn("w:br"), qn("w:sectPr"), qn("w:noBreakHyphen")
_PSTYLE = qn("w:pStyle")
_TBL, _TBLPR, _TBLSTYLE, _TBLGRID, _TR = qn("w:tbl"), qn("w:tblPr"), qn("w:tblStyle"), qn("w:tblGrid"), qn("w:tr")
_TBLCELLMAR, _W_W = qn("w:tblCellMar"), qn("w:w")

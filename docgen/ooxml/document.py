"""A .docx read as python-docx opens it, its body walked once into paragraphs and tables.

What every reader of a Word file above this layer holds: paragraphs with their text and the
formatting Word applies (docgen.ooxml.formatting), top-level tables by rows and grid cells, and
each paragraph's element only to hand back to functions of this layer. `check`, `import` and
`text` read any .docx this way.
"""

from __future__ import annotations

import gc
import io
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docgen.base.errors import UsageError
from docgen.ooxml import redline, untrusted
from docgen.ooxml.formatting import LOOK_UP, ParagraphFormat, Resolver, RunFormat, cell_margins, child, qn


class Para:
    """One paragraph, wherever it stands (body or table), with its resolved formatting."""

    __slots__ = ("element", "format", "number", "runs", "section", "table", "text")

    def __init__(self, number: int, section: int, element, text: str, table: int | None,
                 format: ParagraphFormat, runs: list[tuple[str, RunFormat]]):
        self.number = number  # 1-based, in reading order
        self.section = section  # 1-based
        self.element = element
        self.text = text
        self.table = table  # index of the top-level table it stands in
        self.format = format
        self.runs = runs  # (text, format) of each run with text

    def where(self) -> str:
        words = self.text.split()
        head = " ".join(words[:6]) + ("…" if len(words) > 6 else "")
        return f"phần {self.section}, đoạn {self.number} «{head}»"

    @property
    def sizes(self) -> set[float]:
        return {f.size for t, f in self.runs if t.strip()}

    @property
    def bold(self) -> bool:
        runs = [f for t, f in self.runs if t.strip()]
        return bool(runs) and all(f.bold for f in runs)

    @property
    def italic(self) -> bool:
        runs = [f for t, f in self.runs if t.strip()]
        return bool(runs) and all(f.italic for f in runs)


@dataclass(eq=False, slots=True)
class Cell:
    """A table cell as Word stores it: where it stands on the table's grid, its paragraphs."""

    first: int  # the first grid column it covers (0-based)
    span: int  # grid columns covered (w:gridSpan)
    merged: bool  # continues the cell above (w:vMerge): its text belongs to that cell
    paragraphs: list[Para]
    text: str  # its paragraphs' texts, joined by a space
    width: int | None  # twips: w:tcW, or the grid columns it covers
    margins: tuple[int, int]  # left and right padding, twips


@dataclass(eq=False, slots=True)
class Row:
    number: int  # 1-based, as a reader counts the rows of the table
    cells: list[Cell]
    repeated: bool  # marked to repeat on every page (w:tblHeader): a header row


@dataclass(eq=False, slots=True)
class Table:
    """A top-level table (tables inside a cell are read as paragraphs only)."""

    number: int  # 1-based among the document's top-level tables
    section: int
    rows: list[Row]


def normalize(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


MAX_COLUMNS = 63  # Word's limit: a damaged file's w:gridSpan="99999999999" is not a wider table
_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_TRPR, _TCPR, _TBLGRID, _GRIDCOL, _TBLHEADER, _GRIDBEFORE = (
    qn("w:trPr"), qn("w:tcPr"), qn("w:tblGrid"), qn("w:gridCol"), qn("w:tblHeader"), qn("w:gridBefore"))
_GRIDSPAN, _VMERGE, _TCW, _TCMAR, _VAL, _W, _TYPE = (
    qn("w:gridSpan"), qn("w:vMerge"), qn("w:tcW"), qn("w:tcMar"), qn("w:val"), qn("w:w"), qn("w:type"))


def open_docx(path: Path):
    """Return the python-docx Document at path, read within docgen.ooxml.untrusted's limits;
    UsageError if it is missing, not a readable .docx, or beyond the limits."""
    import docx  # heavy: python-docx, loaded when a document is opened, off `--help` and `validate`
    from docx.opc.exceptions import PackageNotFoundError  # (python-docx, as above)
    from lxml.etree import XMLSyntaxError  # (lxml, as above)

    data = untrusted.read(path)
    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError, XMLSyntaxError):
        raise UsageError(f"{path} không phải là tệp Word (.docx) đọc được") from None


def read(path: Path):
    """Return (the python-docx Document, its formatting resolver, its paragraphs, its top-level
    tables) of the .docx at path; UsageError if it is not a readable .docx. Every paragraph is read
    once, in one walk: a long annex costs its length."""
    d = open_docx(path)
    try:
        resolver = Resolver.of(d)
    except AttributeError:  # python-docx reads a styles part of the wrong type as a plain part
        raise UsageError(f"{path} không phải là tệp Word (.docx) đọc được: phần kiểu (styles) bị hỏng") from None
    # the walk only allocates (no reference cycles to collect); the collector's passes over an
    # ever larger heap would cost a fifth of the time of a long table's walk
    collecting = gc.isenabled()
    gc.disable()
    try:
        reader = _Reader(resolver)
        reader.read(d.element.body)
        return d, resolver, reader.paragraphs, reader.tables
    finally:
        if collecting:
            gc.enable()


class _Reader:
    def __init__(self, resolver: Resolver):
        self.resolver = resolver
        self.paragraphs: list[Para] = []
        self.tables: list[Table] = []
        self.section = 1
        self.table: int | None = None

    def read(self, body) -> None:
        for el in body.iterchildren() if body is not None else ():
            if el.tag == _TBL:
                self.table = len(self.tables)
                self.tables.append(self._table(el))
            elif el.tag == _P:
                self.table = None
                if self._paragraph(el, None)[1]:
                    self.section += 1

    def _paragraph(self, p, table_style=LOOK_UP) -> tuple[Para, bool]:
        """Read p as the next paragraph; return it and whether it ends a section."""
        text, runs, fmt, ends = self.resolver.read(p, table_style)
        para = Para(len(self.paragraphs) + 1, self.section, p, normalize(text), self.table, fmt, runs)
        self.paragraphs.append(para)
        return para, ends

    def _loose(self, el) -> None:
        """Read the paragraphs of what is not a plain cell (a table in a cell, a content control)."""
        for p in el.iter(_P):
            self._paragraph(p)

    def _table(self, tbl) -> Table:
        style = Resolver.table_style(tbl)
        grid = [_twips(c.get(_W)) for c in _children(child(tbl, _TBLGRID)) if c.tag == _GRIDCOL]
        margins = self.resolver.table_margins(tbl)
        first = len(self.paragraphs)
        rows = []
        for tr in tbl:
            if tr.tag != _TR:
                self._loose(tr)
                continue
            trpr = child(tr, _TRPR)
            column = min(max(0, _int(child(trpr, _GRIDBEFORE), 0)), MAX_COLUMNS)
            row = Row(len(rows) + 1, [], child(trpr, _TBLHEADER) is not None)
            for tc in tr:
                if tc.tag != _TC:
                    if tc.tag != _TRPR:
                        self._loose(tc)
                    continue
                cell = self._cell(tc, column, grid, margins, style)
                row.cells.append(cell)
                column += cell.span
            rows.append(row)
        paragraphs = self.paragraphs[first:]
        return Table(len(self.tables) + 1, paragraphs[0].section if paragraphs else self.section, rows)

    def _cell(self, tc, column: int, grid: list[int], margins: tuple[int, int], style) -> Cell:
        span, merged, width, own = 1, False, None, None
        paragraphs = []
        for el in tc:
            tag = el.tag
            if tag == _P:
                paragraphs.append(self._paragraph(el, style)[0])
            elif tag == _TCPR:
                for prop in el:
                    tag = prop.tag
                    if tag == _TCW:
                        if prop.get(_TYPE, "dxa") == "dxa":
                            width = _twips(prop.get(_W))
                    elif tag == _GRIDSPAN:
                        span = min(max(1, _int(prop, 1)), MAX_COLUMNS)
                    elif tag == _VMERGE:
                        merged = prop.get(_VAL, "continue") == "continue"
                    elif tag == _TCMAR:
                        own = prop
            else:
                self._loose(el)
        if not width and column + span <= len(grid):
            width = sum(grid[column:column + span])
        width = width if width and width > 0 else None
        if own is not None:
            margins = tuple(m if m is not None else d for m, d in zip(cell_margins(own), margins))
        text = " ".join(p.text for p in paragraphs if p.text) if len(paragraphs) != 1 else paragraphs[0].text
        return Cell(column, span, merged, paragraphs, text, width, margins)


def _children(el) -> list:
    return list(el) if el is not None else []


def _twips(value) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError, OverflowError):
        return 0


def _int(el, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(_VAL))
    except (TypeError, ValueError):
        return default


def settle(doc, marks: bool = False):
    """Return the python-docx Document doc with its tracked changes accepted, or shown as marks
    ({+inserted+} [-deleted-]) if marks: what the document will say."""
    body = doc.element.body
    if redline.revisions(body):
        settled = (redline.marked if marks else redline.accept)(doc.element).find(body.tag)
        body[:] = list(settled)
    return doc


def text_lines(doc) -> list[str]:
    """Return the text of a python-docx Document in reading order: each paragraph with text a
    line; a data table's rows as `cell | cell`, any other table's cells a line each."""
    from docx.table import Table as DocxTable  # python-docx, as in open_docx
    from docx.text.paragraph import Paragraph  # (python-docx)

    out: list[str] = []
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            if block.text.strip():
                out.append(block.text)
        elif isinstance(block, DocxTable):
            if _is_data_table(block):
                out.extend(" | ".join(" ".join(cell) for cell in _cell_texts(row)) for row in block.rows)
            else:
                out.extend(text for row in block.rows for cell in _cell_texts(row) for text in cell)
    return out


def _is_data_table(table) -> bool:
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    visible = borders is not None and any(b.get(qn("w:val")) not in ("nil", "none") for b in borders)
    return visible or len(table.columns) > 2


def _cell_texts(row) -> list[list[str]]:
    """Return each cell's non-empty paragraphs, once per cell: a cell merged from above is left out."""
    out = []
    for tc in row._tr.tc_lst:
        merge = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
        if merge is not None and merge.get(qn("w:val")) != "restart":
            continue
        paragraphs = ["".join(t.text or "" if t.tag == qn("w:t") else "-" for t in p.iter(qn("w:t"), qn("w:noBreakHyphen")))
                      for p in tc.iter(qn("w:p"))]  # Word's non-breaking hyphen reads as "-"
        out.append([p for p in paragraphs if p.strip()])
    return out


# --- the parts of an opened document, for readers above this layer -------------------------------


def custom_parts(doc) -> dict[str, bytes]:
    """Return the custom XML parts (customXml/…) of a python-docx Document, by name."""
    out = {}
    for part in doc.part.package.iter_parts():
        name = str(part.partname).lstrip("/")
        if name.startswith("customXml/"):
            out[name] = part.blob
    return out


def styles_root(doc):
    """Return the w:styles element of a python-docx Document."""
    return doc.styles.element


def numbering_root(doc):
    """Return the w:numbering element of a python-docx Document, or None if it has none."""
    try:
        return doc.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return None


def body(doc):
    """Return the w:body element of a python-docx Document."""
    return doc.element.body


def notes(doc) -> dict:
    """Return the texts of the footnotes, endnotes and comments of a python-docx Document by
    (the tag of the reference to them in the text, id)."""
    out = {}
    parts = {"footnotes": ("w:footnoteReference", "w:footnote"), "endnotes": ("w:endnoteReference", "w:endnote"),
             "comments": ("w:commentReference", "w:comment")}
    for rel in doc.part.rels.values():
        if rel.is_external:
            continue
        kind = rel.reltype.rsplit("/", 1)[-1]
        if kind not in parts:
            continue
        ref, tag = parts[kind]
        try:
            root = untrusted.parse(rel.target_part.blob)
        except untrusted.XMLSyntaxError:
            continue
        for note in root.iter(qn(tag)):
            out[(qn(ref), note.get(qn("w:id")))] = " ".join(
                "".join(t.text or "" for t in note.iter(qn("w:t"))).split())
    return out


def headers_footers(doc):
    """Yield (section number, "header" or "footer", element) for each page header and footer of a
    python-docx Document that is its own (not linked to the previous section's) and can be read."""
    for number, section in enumerate(doc.sections, 1):
        for part in ("header", "footer"):
            for kind in ("", "first_page_", "even_page_"):
                try:
                    hf = getattr(section, f"{kind}{part}")
                    if hf.is_linked_to_previous:
                        continue
                    element = hf._element
                except (AttributeError, KeyError, ValueError):
                    continue
                yield number, part, element

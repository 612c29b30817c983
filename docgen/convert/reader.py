"""A hand-made .docx as the sequence of blocks a reader sees: paragraphs and tables, in order.

Each paragraph carries its label (the number Word prints from numbering.xml, «1.2.», «a)»,
«-»; typed numbers stay in the text), its heading level when a heading style sets one,
its text with soft line breaks kept as "\n" and tabs as "\t", and which of its words are
bold. Tables are read as grids by docgen.checker (merged cells placed on the grid).

What has no place in a plan is listed in the report with where it was: pictures, text
boxes, footnotes, comments, tracked changes not yet accepted, fields, and text in the page
headers and footers beyond the page number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docgen.checker.document import open_document
from docgen.checker.tables import grids
from docgen.convert import Report
from docgen.convert.numbering import Numbering
from docgen.ooxml import document, untrusted
from docgen.ooxml.formatting import child, qn

_P, _TBL, _R, _T, _TAB, _BR, _CR = (qn("w:p"), qn("w:tbl"), qn("w:r"), qn("w:t"), qn("w:tab"), qn("w:br"),
                                    qn("w:cr"))
_DEL, _INS, _TXBX, _DRAWING, _PICT = qn("w:del"), qn("w:ins"), qn("w:txbxContent"), qn("w:drawing"), qn("w:pict")
_NBH = qn("w:noBreakHyphen")
_FOOT, _END, _COMMENT = qn("w:footnoteReference"), qn("w:endnoteReference"), qn("w:commentReference")
_FLDSIMPLE, _INSTR, _FLDCHAR, _SDT, _SDTCONTENT = (qn("w:fldSimple"), qn("w:instrText"), qn("w:fldChar"),
                                                   qn("w:sdt"), qn("w:sdtContent"))
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_HEADING = re.compile(r"^(?:heading|tiêu đề|title)\s*(\d)$", re.IGNORECASE)


@dataclass
class Paragraph:
    number: int  # 1-based among the paragraphs outside tables
    section: int
    text: str  # "\n" for a soft line break, "\t" for a tab; the label not included
    label: str  # what automatic numbering prints before it ("" if none)
    level: int | None  # its list level (0-based) when numbered automatically
    heading: int | None  # 1-based outline level of a heading style
    bold: list[tuple[str, bool]]  # the text in pieces, each bold or not
    align: str
    element: object = None

    @property
    def flat(self) -> str:
        """The text on one line: soft breaks, tabs and runs of spaces as one space."""
        return " ".join(self.text.split())

    @property
    def all_bold(self) -> bool:
        pieces = [b for t, b in self.bold if t.strip()]
        return bool(pieces) and all(pieces)

    def bold_head(self) -> str:
        """The bold words the paragraph starts with ("" if it does not start bold)."""
        out = []
        for t, b in self.bold:
            if not b and t.strip():
                break
            out.append(t)
        return " ".join("".join(out).split())

    def where(self) -> str:
        words = self.flat.split()
        head = " ".join(words[:6]) + ("…" if len(words) > 6 else "")
        return f"đoạn {self.number} «{head}»"


@dataclass
class TableBlock:
    number: int  # 1-based among the top-level tables
    section: int
    grid: object  # docgen.checker.tables.Grid
    cells: list[list[list[Paragraph]]] = field(default_factory=list)  # rows × cells × paragraphs

    def where(self) -> str:
        return f"bảng {self.number}"


@dataclass
class Source:
    blocks: list  # Paragraph | TableBlock, in reading order
    report: Report
    landscape: set[int]  # sections printed landscape


def read(path, report: Report | None = None) -> Source:
    """Return the document at path as blocks; UsageError if it is not a readable .docx."""
    report = report or Report()
    with untrusted.reading(path):
        doc = open_document(path)  # within docgen.untrusted's limits
        styles = document.styles_root(doc.docx)
        numbering = Numbering(document.numbering_root(doc.docx), styles)
        names = {s.get(qn("w:styleId")): (s.find(qn("w:name")).get(qn("w:val")) if s.find(qn("w:name")) is not None
                                         else "") for s in styles.iter(qn("w:style"))}
        walker = _Walker(doc, numbering, names, report)
        walker.notes = document.notes(doc.docx)
        tables = grids(doc)
        blocks: list = []
        body = document.body(doc.docx)
        for el in _content(body):
            if el.tag == _P:
                blocks.append(walker.paragraph(el))
            elif el.tag == _TBL:
                number = len([b for b in blocks if isinstance(b, TableBlock)])
                if number >= len(tables):
                    continue
                t = doc.tables[number]
                cells = [[[walker.paragraph(p.element, in_table=True) for p in c.paragraphs] for c in r.cells]
                         for r in t.rows]
                for inner in list(el.iter(_TBL))[1:]:  # a table inside a cell: its text is not in the cell's
                    text = " ".join("".join(x.text or "" for x in q.iter(_T)) for q in inner.iter(_P))
                    report.leave(f"bảng {number + 1}", " ".join(text.split()),
                                 "bảng lồng trong một ô: không có chỗ trong kế hoạch")
                blocks.append(TableBlock(number + 1, t.section, tables[number], cells))
        _headers_footers(doc, report)
        landscape = _landscape(body)
    return Source(blocks, report, landscape)


def _content(body):
    """Yield the body's paragraphs and tables in order, content controls opened."""
    if body is None:
        return
    for el in body.iterchildren():
        if el.tag == _SDT:
            content = child(el, _SDTCONTENT)
            if content is not None:
                yield from _content(content)
        elif el.tag in (_P, _TBL):
            yield el


class _Walker:
    def __init__(self, doc, numbering: Numbering, names: dict, report: Report):
        self.doc, self.numbering, self.names, self.report = doc, numbering, names, report
        self.count = 0
        self.section = 1
        self.notes: dict = {}
        self.by_element = {p.element: p for p in doc.paragraphs}
        self.headings: dict = {}  # outline level by paragraph style
        self.styles: tuple = (None, None)

    def paragraph(self, p, in_table: bool = False) -> Paragraph:
        para = self.by_element.get(p)
        section = para.section if para is not None else self.section
        fmt = para.format if para is not None else self.doc.resolver.paragraph(p)  # resolved once, by the checker
        # the run formats of this paragraph resolve against its style and its table's style, found once
        self.styles = (fmt.style, self.doc.resolver._table_style(p) if in_table else None)
        if not in_table:
            self.count += 1
        label, level = self.numbering.label(p)
        pieces: list[tuple[str, bool]] = []
        found: list[tuple[str, str]] = []
        self._walk(p, p, pieces, found)
        text = "".join(t for t, _ in pieces)
        out = Paragraph(self.count, section, text, label, level, self._heading(p, fmt.style), pieces,
                        fmt.alignment, p)
        for kind, what in found:
            self.report.leave(("trong bảng, " if in_table else "") + out.where(), what, kind, p)
        return out

    def _heading(self, p, style: str | None) -> int | None:
        ppr = child(p, qn("w:pPr"))
        own = child(ppr, qn("w:outlineLvl"))
        if own is not None and (own.get(qn("w:val")) or "").isdigit() and int(own.get(qn("w:val"))) < 9:
            return int(own.get(qn("w:val"))) + 1
        if style not in self.headings:
            self.headings[style] = self._style_heading(style)
        return self.headings[style]

    def _style_heading(self, style: str | None) -> int | None:
        """The outline level a paragraph style gives (Heading 2 → 2), through the styles it is based on."""
        for s in self.numbering.style_chain(style):
            m = _HEADING.match((self.names.get(s.get(qn("w:styleId"))) or "").strip())
            if m:
                return int(m.group(1))
            spr = s.find(qn("w:pPr"))
            lvl = spr.find(qn("w:outlineLvl")) if spr is not None else None
            if lvl is not None and (lvl.get(qn("w:val")) or "").isdigit() and int(lvl.get(qn("w:val"))) < 9:
                return int(lvl.get(qn("w:val"))) + 1
        return None

    def _walk(self, p, el, pieces, found, in_field: list | None = None) -> None:
        """Collect el's visible text into pieces (text, bold), and what cannot be placed into found."""
        fields = in_field if in_field is not None else []
        for node in el:
            tag = node.tag
            if not isinstance(tag, str):
                continue
            if tag == _R:
                self._run(p, node, pieces, found, fields)
            elif tag == _DEL:
                deleted = "".join(t.text or "" for t in node.iter(qn("w:delText")))
                if deleted.strip():
                    found.append(("thay đổi đang theo dõi chưa được chấp nhận (chữ bị xóa, không đưa vào)", deleted))
            elif tag == _INS:
                inserted = "".join(t.text or "" for t in node.iter(_T))
                if inserted.strip():
                    found.append((("thay đổi đang theo dõi chưa được chấp nhận (chữ thêm vào, đã đưa vào như được "
                                  "chấp nhận)"), inserted))
                self._walk(p, node, pieces, found, fields)
            elif tag == _FLDSIMPLE:
                shown = "".join(t.text or "" for t in node.iter(_T))
                found.append((f"trường (field) «{(node.get(qn('w:instr')) or '').strip()}»: giữ chữ đang hiện", shown))
                self._walk(p, node, pieces, found, fields)
            elif tag in (qn("w:hyperlink"), qn("w:smartTag"), _SDT, _SDTCONTENT, qn("w:customXml")):
                self._walk(p, node, pieces, found, fields)
            elif tag == qn("w:moveFrom"):
                continue
            elif tag.endswith(("}oMath", "}oMathPara")):
                shown = "".join(t.text or "" for t in node.iter() if isinstance(t.tag, str) and t.tag.endswith("}t"))
                found.append(("công thức toán (equation): không có chỗ trong kế hoạch", shown))

    def _run(self, p, r, pieces, found, fields) -> None:
        bold = self.doc.resolver._run(child(r, qn("w:rPr")), *self.styles).bold
        out = []
        for node in r:
            tag = node.tag
            if tag == _T:
                out.append(node.text or "")
            elif tag == _NBH:  # Word's non-breaking hyphen (document numbers): a hyphen
                out.append("-")
            elif tag == _TAB:
                out.append("\t")
            elif tag in (_BR, _CR):
                out.append("\n")  # a line, column or page break: a soft break in the text
            elif tag == _INSTR:
                fields.append(node.text or "")
            elif tag == _FLDCHAR and node.get(qn("w:fldCharType")) == "end" and fields:
                instr = "".join(fields).strip()
                fields.clear()
                if instr and not instr.upper().startswith(("PAGE", "NUMPAGES", "SECTIONPAGES")):
                    found.append((f"trường (field) «{instr}»: giữ chữ đang hiện", ""))
            elif tag in (_DRAWING, _PICT) or tag == _MC + "AlternateContent":
                self._drawing(node, found)
            elif tag in (_FOOT, _END):
                kind = "chú thích cuối trang" if tag == _FOOT else "chú thích cuối văn bản"
                found.append((f"{kind} (không có chỗ trong kế hoạch)", self.notes.get((tag, node.get(qn("w:id"))), "")))
            elif tag == _COMMENT:
                found.append(("ghi chú (comment) của người xem (không có chỗ trong kế hoạch)",
                              self.notes.get((tag, node.get(qn("w:id"))), "")))
        if out:
            pieces.append(("".join(out), bold))

    def _drawing(self, node, found) -> None:
        boxes = list(node.iter(_TXBX))
        if boxes:
            # the same box may be written twice (mc:Choice and mc:Fallback): its text once
            text = " ".join("".join(t.text or "" for t in boxes[0].iter(_T)).split())
            found.append(("hộp văn bản (text box): không có chỗ trong kế hoạch", text))
            return
        described = next((d.get("descr") or d.get("name") or "" for d in node.iter(_WP + "docPr")), "")
        found.append(("hình ảnh (con dấu, biểu trưng…): không có chỗ trong kế hoạch", described))


def _headers_footers(doc, report: Report) -> None:
    """List the text of page headers and footers beyond a page number."""
    seen = set()
    for number, part, element in document.headers_footers(doc.docx):
        name = "đầu trang" if part == "header" else "chân trang"
        text = " ".join("".join(t.text or "" for t in element.iter(_T)).split())
        if not text or re.fullmatch(r"[\d\s\-–/trangTrang]*", text) or id(element) in seen:
            continue
        seen.add(id(element))
        report.leave(f"{name} (phần {number})", text, "chữ ở đầu/chân trang: không có chỗ trong kế hoạch")


def _landscape(body) -> set[int]:
    out, number = set(), 1
    for sect in body.iter(qn("w:sectPr")) if body is not None else ():
        size = child(sect, qn("w:pgSz"))
        if size is not None and size.get(qn("w:orient")) == "landscape":
            out.add(number)
        number += 1
    return out


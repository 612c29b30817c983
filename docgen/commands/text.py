"""`docgen text`: a .docx's text in reading order, for reading and for `git diff` (textconv).

A file with tracked changes not yet accepted reads as if all were accepted (what the document
will say), so a git diff of it reads right; `--thay-doi` marks the words they insert {+so+} and
delete [-so-].
"""

from __future__ import annotations

from pathlib import Path

from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from docgen.base.errors import printable
from docgen.checker.document import open_docx
from docgen.ooxml import redline
from docgen.ooxml.untrusted import reading


def _is_data_table(table) -> bool:
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    visible = borders is not None and any(b.get(qn("w:val")) not in ("nil", "none") for b in borders)
    return visible or len(table.columns) > 2


def _cells(row) -> list[list[str]]:
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


def lines(path: Path, marks: bool = False) -> list[str]:
    """Return the document's text in reading order, tracked changes accepted (marked, if marks);
    rows of data tables as `cell | cell`."""
    doc = open_docx(path)
    with reading(path):  # a damaged file is named as such, not an internal error
        body = doc.element.body
        if redline.revisions(body):
            settled = (redline.marked if marks else redline.accept)(doc.element).find(body.tag)
            body[:] = list(settled)
        return _lines(doc)


def _lines(doc) -> list[str]:
    out: list[str] = []
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            if block.text.strip():
                out.append(block.text)
        elif isinstance(block, Table):
            if _is_data_table(block):
                out.extend(" | ".join(" ".join(cell) for cell in _cells(row)) for row in block.rows)
            else:
                out.extend(text for row in block.rows for cell in _cells(row) for text in cell)
    return out


def run(args) -> int:
    print(printable("\n".join(lines(Path(args.docx), marks=args.thay_doi))))
    return 0

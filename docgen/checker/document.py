"""Any .docx read as the parts of a Vietnamese administrative document.

Finds the header block, the title, the body, the signature and recipients and
the annexes by their text and position, so that a hand-typed Word file is read
the same way as docgen's own output.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from docx.oxml.ns import qn

from docgen.errors import UsageError
from docgen.formatting import ParagraphFormat, Resolver, RunFormat


@dataclass
class Para:
    """One paragraph, wherever it stands (body or table), with its resolved formatting."""

    number: int  # 1-based, in reading order
    section: int  # 1-based
    element: object
    text: str
    table: int | None  # index of the top-level table it stands in
    format: ParagraphFormat
    runs: list[tuple[str, RunFormat]]

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


@dataclass
class Document:
    path: Path
    docx: object
    resolver: Resolver
    paragraphs: list[Para] = field(default_factory=list)

    def find(self, pattern: str, within: int | None = None, flags: int = 0) -> Para | None:
        """Return the first paragraph (among the first `within`) whose normalized text matches."""
        for p in self.paragraphs[:within]:
            if re.search(pattern, normalize(p.text), flags):
                return p
        return None


def normalize(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _text(p) -> str:
    out = []
    for el in p.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        out.append(el.text or "" if el.tag == qn("w:t") else " ")
    return "".join(out)


def open_docx(path: Path):
    """Return the python-docx Document at path, read within docgen.untrusted's limits;
    UsageError if it is missing, not a readable .docx, or beyond the limits."""
    import io

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    from docgen import untrusted

    data = untrusted.read(path)
    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError, XMLSyntaxError):
        raise UsageError(f"{path} không phải là tệp Word (.docx) đọc được") from None


def open_document(path: Path) -> Document:
    """Return the document at path read into paragraphs; UsageError if it is not a readable .docx."""
    d = open_docx(path)
    doc = Document(path, d, Resolver.of(d))
    body = d.element.body
    section, number, table_index = 1, 0, -1
    for child in body.iterchildren():
        if child.tag == qn("w:tbl"):
            table_index += 1
            elements, table = list(child.iter(qn("w:p"))), table_index
        elif child.tag == qn("w:p"):
            elements, table = [child], None
        else:
            continue
        for p in elements:
            number += 1
            doc.paragraphs.append(Para(number, section, p, normalize(_text(p)), table,
                                       doc.resolver.paragraph(p), doc.resolver.runs(p)))
            if p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
                section += 1
    return doc

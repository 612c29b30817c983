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
from docgen.formatting import LOOK_UP, ParagraphFormat, Resolver, RunFormat, child


class Para:
    """One paragraph, wherever it stands (body or table); its formatting is resolved when asked."""

    __slots__ = ("number", "section", "element", "text", "table", "_resolver", "_table_style", "_format", "_runs")

    def __init__(self, number: int, section: int, element, text: str, table: int | None, resolver: Resolver,
                 table_style=LOOK_UP):
        self.number = number  # 1-based, in reading order
        self.section = section  # 1-based
        self.element = element
        self.text = text
        self.table = table  # index of the top-level table it stands in
        self._resolver = resolver
        self._table_style = table_style
        self._format: ParagraphFormat | None = None
        self._runs: list[tuple[str, RunFormat]] | None = None

    @property
    def format(self) -> ParagraphFormat:
        if self._format is None:
            self._format = self._resolver.paragraph(self.element, self._table_style)
        return self._format

    @property
    def runs(self) -> list[tuple[str, RunFormat]]:
        """(text, format) of each run with text."""
        if self._runs is None:
            self._runs = self._resolver.runs(self.element, self._table_style)
        return self._runs

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


_P, _TBL, _T, _TAB, _BR = qn("w:p"), qn("w:tbl"), qn("w:t"), qn("w:tab"), qn("w:br")
_PPR, _SECTPR = qn("w:pPr"), qn("w:sectPr")


def _text(p) -> str:
    return "".join(el.text or "" if el.tag == _T else " " for el in p.iter(_T, _TAB, _BR))


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
    for el in body.iterchildren():
        if el.tag == _TBL:
            table_index += 1
            elements, table = list(el.iter(_P)), table_index
            # the paragraphs of a table without tables inside share its style: found once
            nested = any(t is not el for t in el.iter(_TBL))
            style = LOOK_UP if nested else Resolver.table_style(el)
        elif el.tag == _P:
            elements, table, style = [el], None, None
        else:
            continue
        for p in elements:
            number += 1
            doc.paragraphs.append(Para(number, section, p, normalize(_text(p)), table, doc.resolver, style))
        # a section ends at a body paragraph holding its w:sectPr (Word has none in tables)
        if table is None and child(child(el, _PPR), _SECTPR) is not None:
            section += 1
    return doc

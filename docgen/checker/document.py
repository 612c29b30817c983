"""Any .docx read as the parts of a Vietnamese administrative document.

Finds the header block, the title, the body, the signature and recipients and
the annexes by their text and position, so that a hand-typed Word file is read
the same way as docgen's own output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from docgen.ooxml.document import MAX_COLUMNS, Cell, Para, Row, Table, normalize, read
from docgen.ooxml.formatting import Resolver

# What the checks read a document as (docgen.ooxml.document), named here for them.
__all__ = ["MAX_COLUMNS", "Cell", "Document", "Para", "Row", "Table", "normalize", "open_document"]


@dataclass
class Document:
    path: Path
    docx: object
    resolver: Resolver
    paragraphs: list[Para] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    derived: dict = field(default_factory=dict)  # what checks work out once and share

    def find(self, pattern: str, within: int | None = None, flags: int = 0) -> Para | None:
        """Return the first paragraph (among the first `within`) whose normalized text matches."""
        for p in self.paragraphs[:within]:
            if re.search(pattern, normalize(p.text), flags):
                return p
        return None


def open_document(path: Path) -> Document:
    """Return the document at path read into paragraphs and tables; UsageError if it is not a
    readable .docx. Every paragraph is read once, in one walk: a long annex costs its length."""
    return Document(path, *read(path))

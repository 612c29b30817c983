"""`docgen text`: a .docx's text in reading order, for reading and for `git diff` (textconv).

A file with tracked changes not yet accepted reads as if all were accepted (what the document
will say), so a git diff of it reads right; `--thay-doi` marks the words they insert {+so+} and
delete [-so-].
"""

from __future__ import annotations

from pathlib import Path

from docgen.base.errors import printable
from docgen.ooxml import document
from docgen.ooxml.untrusted import reading


def lines(path: Path, marks: bool = False) -> list[str]:
    """Return the document's text in reading order, tracked changes accepted (marked, if marks);
    rows of data tables as `cell | cell`."""
    doc = document.open_docx(path)
    with reading(path):  # a damaged file is named as such, not an internal error
        return document.text_lines(document.settle(doc, marks))


def run(args) -> int:
    print(printable("\n".join(lines(Path(args.docx), marks=args.thay_doi))))
    return 0

"""No heading left at the foot of a PDF page, where LibreOffice did not keep it with its text.

Every heading of the template keeps with the next paragraph (w:keepNext), and Word keeps a chain
of them («III.», «1.», «1.1.», then text) together. LibreOffice 7.4, which makes docgen's PDFs,
moves a heading with the one after it only when that one does not fit itself: when «1.1.» goes
over with its text, «III.» and «1.» stay behind at the foot of the page. So after converting,
docgen reads the last line of each page (pypdfium2); where it is a heading, the chain of headings
it ends starts a new page (w:pageBreakBefore) in the copy given to LibreOffice, which converts
once more. The .docx itself is left as it is: Word lays it out right.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile

# The paragraph styles of headings (tools/build_template.py): parts and titled items, not run-in items.
HEADING = re.compile(r"^(?:KHPhan|KHMuc(?!Lien)\w*)$")


def _plain(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).replace("\u2011", "-").split())


def _ends(heading: str, line: str) -> bool:
    """Return whether line is the heading's last line: the whole heading, or its last words."""
    return heading == line or heading.endswith(" " + line)


def last_lines(pdf: bytes) -> list[str]:
    """Return the last line of text of each page but the last."""
    import pypdfium2  # only when a PDF is made

    document = pypdfium2.PdfDocument(pdf)
    try:
        out = []
        for i in range(len(document) - 1):
            lines = [line for line in document[i].get_textpage().get_text_range().replace("\r", "").split("\n")
                     if line.strip()]
            out.append(_plain(lines[-1]) if lines else "")
        return out
    finally:
        document.close()


def keep_headings(docx: bytes, pdf: bytes) -> bytes | None:
    """Return docx with a page break before each chain of headings that ends a page of pdf, or None
    when no heading ends a page."""
    from docgen.ooxml import tree, wml  # lxml: only when a PDF is made

    ends = [line for line in last_lines(pdf) if line]
    if not ends:
        return None
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        parts = {info: z.read(info) for info in z.infolist()}
    info = next(i for i in parts if i.filename == "word/document.xml")
    root = tree.parse(parts[info])
    if not wml.break_before_chains(root, HEADING.match, lambda text: any(_ends(_plain(text), e) for e in ends)):
        return None
    parts[info] = tree.serialize(root)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item, data in parts.items():
            z.writestr(item, data)
    return out.getvalue()

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

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# The paragraph styles of headings (tools/build_template.py): parts and titled items, not run-in items.
HEADING = re.compile(r"^(?:KHPhan|KHMuc(?!Lien)\w*)$")


def _plain(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).replace("\u2011", "-").split())


def _text(p) -> str:
    return _plain("".join(el.text or "" if el.tag == f"{_W}t" else "-" for el in p.iter(f"{_W}t", f"{_W}noBreakHyphen")))


def _style(p) -> str:
    style = p.find(f"{_W}pPr/{_W}pStyle")
    return style.get(f"{_W}val") if style is not None else ""


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
    from lxml import etree  # only when a PDF is made

    ends = [line for line in last_lines(pdf) if line]
    if not ends:
        return None
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        parts = {info: z.read(info) for info in z.infolist()}
    info = next(i for i in parts if i.filename == "word/document.xml")
    root = etree.fromstring(parts[info])
    body = root.find(f"{_W}body")
    blocks = list(body)
    changed = False
    for i, p in enumerate(blocks):
        if p.tag != f"{_W}p" or not HEADING.match(_style(p)) or not any(_ends(_text(p), e) for e in ends):
            continue
        first = i
        while first > 0 and blocks[first - 1].tag == f"{_W}p" and HEADING.match(_style(blocks[first - 1])):
            first -= 1
        ppr = blocks[first].find(f"{_W}pPr")
        if ppr is None or ppr.find(f"{_W}pageBreakBefore") is not None:
            continue
        style = ppr.find(f"{_W}pStyle")
        mark = etree.Element(f"{_W}pageBreakBefore")
        if style is not None:
            style.addnext(mark)
        else:
            ppr.insert(0, mark)
        changed = True
    if not changed:
        return None
    parts[info] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item, data in parts.items():
            z.writestr(item, data)
    return out.getvalue()

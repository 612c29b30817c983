"""Read a PDF back with pikepdf: what an archive checks (PDF/A identification, tags, embedded fonts,
metadata) and the bookmarks a reader clicks; pypdfium2 for pictures of the pages."""

from __future__ import annotations

from pathlib import Path

import pikepdf


def bookmarks(pdf: Path) -> list[tuple[int, str]]:
    """Return every bookmark as (level from 1, title), in reading order."""
    out: list[tuple[int, str]] = []

    def walk(items, level: int) -> None:
        for item in items:
            out.append((level, item.title))
            walk(item.children, level + 1)

    with pikepdf.open(pdf) as doc, doc.open_outline() as outline:
        walk(outline.root, 1)
    return out


def _fonts(doc: pikepdf.Pdf):
    """Yield every font dictionary the pages use, composite fonts' descendants included."""
    for page in doc.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            yield font
            yield from font.get("/DescendantFonts", [])


def facts(pdf: Path) -> dict:
    """Return what the PDF says about itself: PDF/A part and level, tagging, language, document
    information and XMP title and author, and the fonts that are not embedded."""
    with pikepdf.open(pdf) as doc:
        with doc.open_metadata() as xmp:
            part, level = xmp.get("pdfaid:part"), xmp.get("pdfaid:conformance")
            title, creator = xmp.get("dc:title"), xmp.get("dc:creator")
        files = ("/FontFile", "/FontFile2", "/FontFile3")
        not_embedded = sorted({str(f.get("/BaseFont")) for f in _fonts(doc) if f.get("/Subtype") != "/Type0"
                               and not any(k in f.get("/FontDescriptor", {}) for k in files)})
        mark = doc.Root.get("/MarkInfo")
        return {
            "pdfa": f"{part}{level}" if part else None,
            "tagged": bool(mark is not None and mark.get("/Marked")) and "/StructTreeRoot" in doc.Root,
            "lang": str(doc.Root.get("/Lang", "")),
            "title": str(doc.docinfo.get("/Title", "")),
            "author": str(doc.docinfo.get("/Author", "")),
            "xmp_title": str(title or ""),
            "xmp_creator": list(creator or []),
            "not_embedded": not_embedded,
            "fonts": len(list(_fonts(doc))),
        }


def page_pictures(pdf: Path, dpi: int = 50) -> list:
    """Return each page drawn at dpi as a PIL image (RGB)."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        return [doc[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(doc))]
    finally:
        doc.close()

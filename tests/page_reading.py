"""Read a PDF's lines back as a reader sees them (poppler's pdftotext -bbox-layout): which line ends
each page, which lines a paragraph took, whether a number was split across two lines."""

from __future__ import annotations

import re
import subprocess
import unicodedata
import zipfile
from pathlib import Path

from lxml import etree

from docgen.base.unbreakable import DOCUMENT_NUMBER, PHONE

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_X = "{http://www.w3.org/1999/xhtml}"


def plain(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u2011", "-").replace("\u00a0", " ")
    return " ".join(text.split())


def paragraphs(docx: Path) -> list[tuple[str, str]]:
    """Return (style id, text) of every paragraph of docx; a line break reads as a space."""
    root = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    out = []
    for p in root.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        text = "".join(el.text or "" if el.tag == f"{W}t" else "-" if el.tag == f"{W}noBreakHyphen" else " "
                       for el in p.iter(f"{W}t", f"{W}noBreakHyphen", f"{W}br"))
        out.append((style.get(f"{W}val") if style is not None else "", plain(text)))
    return out


def pages(pdf: Path) -> list[list[tuple[float, str]]]:
    """Return each page's lines as (bottom, text), in the order poppler reads them."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    root = etree.fromstring(re.sub(rb"<!DOCTYPE[^>]*>", b"", xml))
    return [[(float(line.get("yMax")), plain(" ".join(w.text or "" for w in line.iter(f"{_X}word"))))
             for line in page.iter(f"{_X}line")] for page in root.iter(f"{_X}page")]


def headings_ending_a_page(docx: Path, pdf: Path) -> list[tuple[int, str]]:
    """Return (page, line) for each page but the last whose lowest line is (part of) a heading."""
    heads = [t for s, t in paragraphs(docx) if s.startswith(("KHPhan", "KHMuc")) and not s.startswith("KHMucLien") and t]
    out = []
    read = pages(pdf)
    for number, lines in enumerate(read[:-1], 1):
        body = [line for line in lines if not line[1].isdigit()]  # the page number
        if body:
            last = max(body)[1]
            if any(last in h for h in heads):
                out.append((number, last))
    return out


def line_breaks(pdf: Path, text: str) -> list[str] | None:
    """Return the lines the paragraph text took in pdf (consecutive lines that join to it), or None."""
    flat = [t for lines in pages(pdf) for _, t in lines]
    for i in range(len(flat)):
        joined = ""
        for j in range(i, min(i + 8, len(flat))):
            joined = f"{joined} {flat[j]}".strip()
            if joined == text:
                return flat[i:j + 1]
            if not text.startswith(joined):
                break
    return None


def split_numbers(docx: Path, pdf: Path) -> list[str]:
    """Return each document or phone number of docx that no line of pdf holds whole (as often as it occurs)."""
    text = " ".join(t for _, t in paragraphs(docx))
    flat = [t for lines in pages(pdf) for _, t in lines]
    out = []
    for pattern in (DOCUMENT_NUMBER, PHONE):
        for number in sorted({m.group() for m in pattern.finditer(text)}):
            missing = text.count(number) - sum(line.count(number) for line in flat)
            out += [number] * max(missing, 0)
    return out

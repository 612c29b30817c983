"""Read a .docx back the way Word applies formatting: direct, then the style chain, then defaults."""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

EMU_PER_TWIP = 635


def _chain(style):
    while style is not None:
        yield style
        style = style.base_style


def _default_size(doc) -> float:
    sz = doc.styles.element.find(f"{qn('w:docDefaults')}//{qn('w:sz')}")
    return int(sz.get(qn("w:val"))) / 2


def _font(paragraph, run, attr: str):
    """Return a font attribute of a run: direct, then its character style chain, then the paragraph's."""
    fonts = [run.font]
    if run.style is not None and run.style.type == WD_STYLE_TYPE.CHARACTER:
        fonts += [s.font for s in _chain(run.style)]
    fonts += [s.font for s in _chain(paragraph.style)]
    return next((getattr(f, attr) for f in fonts if getattr(f, attr) is not None), None)


def run_size(doc, paragraph, run) -> float:
    """Return the point size Word gives a run."""
    size = _font(paragraph, run, "size")
    return size.pt if size is not None else _default_size(doc)


def _flag(paragraph, run, attr: str) -> bool:
    return bool(_font(paragraph, run, attr))


def text_runs(paragraph):
    return [r for r in paragraph.runs if r.text]


def sizes(doc, paragraph) -> set[float]:
    return {run_size(doc, paragraph, r) for r in text_runs(paragraph)}


def is_bold(paragraph) -> bool:
    """True when every run with text is bold."""
    runs = text_runs(paragraph)
    return bool(runs) and all(_flag(paragraph, r, "bold") for r in runs)


def is_italic(paragraph) -> bool:
    runs = text_runs(paragraph)
    return bool(runs) and all(_flag(paragraph, r, "italic") for r in runs)


def bold_prefix(paragraph) -> str:
    """Return the text of the leading bold runs."""
    out = ""
    for r in text_runs(paragraph):
        if not _flag(paragraph, r, "bold"):
            break
        out += r.text
    return out


def paragraph_format(paragraph, attr: str):
    """Return a paragraph_format attribute resolved through the style chain."""
    value = getattr(paragraph.paragraph_format, attr)
    if value is not None:
        return value
    for style in _chain(paragraph.style):
        value = getattr(style.paragraph_format, attr)
        if value is not None:
            return value
    return None


def alignment(paragraph):
    return paragraph_format(paragraph, "alignment") or WD_ALIGN_PARAGRAPH.LEFT


def twips(length) -> int:
    return round(length / EMU_PER_TWIP) if length is not None else 0


def pt(value: float):
    return Pt(value)


def edited_copy(source: Path, target: Path, part: str, old: str, new: str) -> Path:
    """Write target: a copy of the .docx source with one text replacement in one XML part."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == part:
                text = data.decode("utf-8")
                assert old in text, old
                data = text.replace(old, new, 1).encode("utf-8")
            dst.writestr(item, data)
    return target

"""How wide a line of Vietnamese text is in Times New Roman, without opening a font file."""

from __future__ import annotations

import unicodedata

from docgen.base.metrics import BOLD, REGULAR, UNITS_PER_EM


def width_pt(text: str, size_pt: float, bold: bool = False) -> float:
    """Return the advance width of text, in points, set in Times New Roman at size_pt."""
    return at_size(text_units(text, bold), size_pt)


def text_units(text: str, bold: bool = False) -> int:
    """Return the advance width of text in the font's units (UNITS_PER_EM to the em), at any size."""
    table = BOLD if bold else REGULAR
    units = 0
    for ch in text:
        w = table.get(ch)
        if w is None:  # a letter the table lacks: measure its base letter
            w = table.get(unicodedata.normalize("NFD", ch)[0], UNITS_PER_EM // 2)
        units += w
    return units


def at_size(units: int, size_pt: float) -> float:
    """Return a width in font units as points at size_pt (width_pt of a text measured once)."""
    return units * size_pt / UNITS_PER_EM

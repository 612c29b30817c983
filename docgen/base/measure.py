"""How wide a line of Vietnamese text is in Times New Roman, without opening a font file."""

from __future__ import annotations

import unicodedata

from docgen.base.metrics import BOLD, REGULAR, UNITS_PER_EM


def width_pt(text: str, size_pt: float, bold: bool = False) -> float:
    """Return the advance width of text, in points, set in Times New Roman at size_pt."""
    table = BOLD if bold else REGULAR
    units = 0
    for ch in text:
        w = table.get(ch)
        if w is None:  # a letter the table lacks: measure its base letter
            w = table.get(unicodedata.normalize("NFD", ch)[0], UNITS_PER_EM // 2)
        units += w
    return units * size_pt / UNITS_PER_EM

"""A .docx as what it is, a zip of named parts: read once, written deterministically.

docgen writes the package itself rather than through python-docx: the template's
parts are kept as they are, only the parts it renders change, and every entry
gets the same timestamp and attributes, so the same plan gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile

# Word itself writes 1980-01-01 00:00 into every entry of a .docx.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
CONTENT_TYPES = "[Content_Types].xml"


def is_docx(path) -> bool:
    """Return whether the file at path is a zip with a Word document part (a .docx, .docm, .dotx)."""
    try:
        with zipfile.ZipFile(path) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def read(data: bytes) -> dict[str, bytes]:
    """Return the parts of the package in data, by name, in the order they are stored."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {item.filename: z.read(item) for item in z.infolist() if not item.is_dir()}


def write(parts: dict[str, bytes]) -> bytes:
    """Return the package of parts: [Content_Types].xml first, fixed timestamps and attributes."""
    out = io.BytesIO()
    names = sorted(parts, key=lambda name: name != CONTENT_TYPES)  # stable: keeps the rest in order
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            # Level 3: twice as fast as the default 6, for a file about a tenth larger.
            z.writestr(info, parts[name], compresslevel=3)
    return out.getvalue()

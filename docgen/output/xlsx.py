"""A workbook (openpyxl) saved deterministically: the same content gives the same bytes.

openpyxl stamps the moment of saving as the last modification and the zip entries with the
clock; docgen dates both by the plan instead.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings

from docgen.base import vn
from docgen.ooxml import package


def save(book, issued: dt.date, creator: str, title: str | None = None) -> bytes:
    """Return the .xlsx bytes of book (an openpyxl Workbook), dated issued at its first minute in Việt Nam."""
    stamp = vn.issued_at(issued).astimezone(dt.UTC).replace(tzinfo=None)
    book.properties.creator = creator
    book.properties.lastModifiedBy = "docgen"
    if title:
        book.properties.title = title
    book.properties.created = book.properties.modified = stamp
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl's notes on its own defaults
        book.save(out)
    parts = package.read(out.getvalue())
    core = parts["docProps/core.xml"].decode("utf-8")
    core = re.sub(r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                  rf"\g<1>{stamp:%Y-%m-%dT%H:%M:%SZ}\g<2>", core)
    parts["docProps/core.xml"] = core.encode("utf-8")
    return package.write(parts)  # fixed zip timestamps

"""The PDF's bookmarks titled as the plan's outline: a run-in item by its label alone.

An item whose title runs on into its paragraph («1. Mục đích: Phấn đấu …») carries an outline
level (the template's «KH Mục liền …» styles) so that no number is missing from the outline;
LibreOffice titles its bookmark with the whole paragraph. Word's own device for such headings,
the style separator, prints as two lines in LibreOffice 7.4, so docgen keeps the one paragraph
and cuts the bookmark to the label («1. Mục đích») after the PDF is made.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile

# The character style of a run-in item's label (tools/build_template.py).
LABEL_STYLE = "KHTieuDe"


def _plain(text: str) -> str:
    """Return text in NFC, spaces folded, a non-breaking hyphen (LibreOffice's for Word's) a hyphen:
    a bookmark is searched and copied as the text it names."""
    return " ".join(unicodedata.normalize("NFC", text).replace("\u2011", "-").split())


def run_in_labels(docx: bytes) -> dict[str, str]:
    """Return {paragraph text: its label} for every paragraph of docx that starts with a run in the
    label style (the run-in items), the label without its closing colon."""
    from docgen.ooxml import tree, wml  # lxml: only when a PDF is made

    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        root = tree.parse(z.read("word/document.xml"))
    return {_plain(whole): _plain(label).rstrip(":") for whole, label in wml.labelled(root, LABEL_STYLE)}


def shorten(pdf: bytes, labels: dict[str, str]) -> bytes:
    """Return pdf with each bookmark whose title is a run-in paragraph of labels (or the start of one:
    a reader may cut long titles) titled by its label, every title as _plain gives it; pdf itself
    when there is nothing to change."""
    import pikepdf  # only when a PDF is made

    changed = False
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        with doc.open_outline() as outline:
            stack = list(outline.root)
            while stack:
                item = stack.pop()
                stack.extend(item.children)
                title = _plain(item.title or "")
                label = labels.get(title) or next((v for k, v in labels.items() if title and k.startswith(title)
                                                   and title.startswith(v)), None)
                if (label or title) != item.title:
                    item.title = label or title
                    changed = True
        if not changed:
            return pdf
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()

"""Everything docgen takes from docxtpl, in one place.

docgen renders a template's parts itself (one Jinja compile per template, kept
in the cache; no python-docx round trip per plan), but the rules for what a
docxtpl template means are docxtpl's: putting back together the `{{ }}` tags
Word splits over runs, its `{%p %}`/`{%tr %}` tags, the escapes `{_{`…,
tabs and line breaks in values, and widening a table's grid. This module calls
those functions and nothing else does; pyproject.toml bounds docxtpl to the
versions tests/test_docxtpl_adapter.py has compared against DocxTemplate.render.
"""

from __future__ import annotations

import re
from importlib.util import find_spec
from pathlib import Path

from docgen.ooxml import tree


def _template():
    from docxtpl import DocxTemplate  # heavy: docxtpl, python-docx; off the (cached) render path

    return DocxTemplate(None)  # these methods need no loaded document


def patch(xml: str) -> str:
    """Return the Jinja source of a part's XML: Word's split tags joined, docxtpl's own tags
    turned into Jinja, one `<w:p>` a line (so that Jinja's line numbers mean something)."""
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", _template().patch_xml(xml))


def finish(xml: str, untrusted: bool = False) -> str:
    """Return a rendered part's XML as docxtpl leaves it: the line breaks patch() added
    removed, escaped tags restored, tabs and line breaks in values made Word's.
    untrusted: the part comes from a user's template (see _paired)."""
    xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    if any(c in xml for c in "\t\a\n\f"):  # only then: resolve_listing costs a regex pass per value
        xml = _template().resolve_listing(_paired(xml) if untrusted else xml)
    return xml


# An empty w:p, w:r or w:t written as one tag (<w:r w:rsidR="1"/>).
_EMPTY = re.compile(r"<(w:[prt])((?: [^>]*?)?)/>")


def _paired(xml: str) -> str:
    """Return xml with a closing tag after every opening <w:p>, <w:r> and <w:t> (XMLSyntaxError if it
    is not XML). resolve_listing's expressions pair each such tag with the next closing one: where
    many have none after them (in a comment, written empty) they take time that grows with the
    square of the part, minutes for a hostile template. Parsed and written again without comments,
    processing instructions and CDATA, empty elements written open and closed, every such opening
    tag has its closing one, and the result means the same XML."""
    return _EMPTY.sub(r"<\1\2></\1>", tree.plain(xml))


def fix_tables(xml: str):
    """Return the parsed part with every table's grid widened to its widest row."""
    return _template().fix_tables(xml)


def stamp() -> str:
    """Return what identifies the installed docxtpl (for cache keys), without importing it."""
    spec = find_spec("docxtpl")
    if spec is None or spec.origin is None:
        return "?"
    folder = Path(spec.origin).parent
    return "-".join(f"{f.name}:{f.stat().st_size}:{f.stat().st_mtime_ns}" for f in sorted(folder.glob("*.py")))

"""A Word template made ready for Jinja, once per template (and kept in the cache).

Word splits a `{{ tag }}` over several runs as it likes; docxtpl puts the tags
together again and turns its own `{%tr %}`/`{%p %}`… tags into Jinja (through
docgen.docxtpl_adapter). That work depends on the template and on the code
that does it alone, so it is done once, kept in docgen's cache folder under a
hash of both, and docxtpl is not even imported when the cache has it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from docgen import cache, docxtpl_adapter, package
from docgen.formatting import Resolver

_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
# The parts docxtpl renders: the body, headers, footers and footnotes.
RENDERED = tuple(_WML + kind for kind in ("document.main+xml", "header+xml", "footer+xml", "footnotes+xml"))
MAIN = _WML + "document.main+xml"
THEME = "application/vnd.openxmlformats-officedocument.theme+xml"
STYLES = _WML + "styles+xml"
_ENCODING = re.compile(r'<\?xml[^?]+\bencoding="([^"]+)"', re.IGNORECASE)
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>\s*")


@dataclass(frozen=True)
class Prepared:
    """A template ready to render: its parts, and the Jinja source of each part to render."""

    key: str  # hash of the template's bytes (and of what prepared it)
    parts: dict[str, bytes]
    sources: dict[str, str]  # part name -> Jinja source (docxtpl-patched XML)
    main: str  # the document part's name
    _resolver: list = field(default_factory=list, compare=False, repr=False)

    @property
    def resolver(self) -> Resolver:
        """Return the formatting resolver of the template's styles (built once)."""
        if not self._resolver:
            types = content_types(self.parts)
            styles = next((name for name, t in types.items() if t == STYLES), None)
            theme = next((name for name, t in types.items() if t == THEME), None)
            root = etree.fromstring(self.parts[styles]) if styles else None
            self._resolver.append(Resolver(root, self.parts.get(theme) if theme else None))
        return self._resolver[0]


def content_types(parts: dict[str, bytes]) -> dict[str, str]:
    """Return the content type of each part named in [Content_Types].xml's overrides."""
    root = etree.fromstring(parts[package.CONTENT_TYPES])
    return {o.get("PartName").lstrip("/"): o.get("ContentType") for o in root.iter(f"{_CT}Override")}


def _code_stamp() -> bytes:
    """Return what identifies the code that prepares templates: this module, the adapter and
    docxtpl itself, so that an upgrade or a local edit never serves a stale preparation."""
    here = Path(__file__).resolve().parent
    own = b"".join((here / name).read_bytes() for name in ("prepare.py", "docxtpl_adapter.py"))
    return own + docxtpl_adapter.stamp().encode()


def _patch(parts: dict[str, bytes], names: list[str]) -> dict[str, str]:
    """Return the Jinja source of each named part."""
    out = {}
    for name in names:
        # Without its declaration: the rendered part gets a fresh one when it is written.
        xml = _DECLARATION.sub("", parts[name].decode(_encoding(parts[name])), count=1)
        out[name] = docxtpl_adapter.patch(xml)
    return out


def _encoding(data: bytes) -> str:
    m = _ENCODING.match(data[:200].decode("ascii", "replace"))
    return m.group(1) if m else "utf-8"


def prepare(data: bytes) -> Prepared:
    """Return the prepared template of the .docx bytes data (from the cache when it is there)."""
    key = hashlib.sha256(data + _code_stamp()).hexdigest()
    parts = package.read(data)
    types = content_types(parts)
    names = [name for name, kind in types.items() if kind in RENDERED and name in parts]
    main = next((name for name in names if types[name] == MAIN), None)
    if main is None:
        raise KeyError("word/document.xml")
    cached = cache.read_json(f"template-{key}.json")
    if isinstance(cached, dict) and sorted(cached) == sorted(names) and all(isinstance(v, str) for v in cached.values()):
        sources = cached
    else:
        sources = _patch(parts, names)
        cache.write_json(f"template-{key}.json", sources)
    return Prepared(key, parts, sources, main)

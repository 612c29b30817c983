"""Context -> docxtpl -> .docx bytes, finished and made deterministic."""

from __future__ import annotations

import io
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate
from lxml import etree
from jinja2.sandbox import SandboxedEnvironment

from docgen import context, ooxml
from docgen.formatting import Resolver, W
from docgen.annex import Table
from docgen.errors import TemplateError
from docgen.measure import width_pt
from docgen.model import KeHoach
from docgen.write import normalize_zip

# Rule paragraphs and the text they underline, with the line's length as a share
# of the text's width: 1/3-1/2 under the agency and the trích yếu (we take 0.4),
# the full width under the Tiêu ngữ (PL I, II.3 and II.5).
RULES = {
    "KHGachCoQuan": ("KHCoQuan", 0.4),
    "KHGachTieuNgu": ("KHTieuNgu", 1.0),
    "KHGachTrichYeu": ("KHTrichYeu", 0.4),
}


class _Environment(SandboxedEnvironment):
    """Sandboxed (a template may come from a user), escaping, strict; compiles each source once."""

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=jinja2.StrictUndefined)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 - Jinja's signature
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self._compiled:
            self._compiled[source] = super().from_string(source)
        return self._compiled[source]


class _Template(DocxTemplate):
    """docxtpl, with the work that depends only on the template done once per process."""

    _patched: dict[str, str] = {}

    def patch_xml(self, src_xml: str) -> str:
        if src_xml not in self._patched:
            self._patched[src_xml] = super().patch_xml(src_xml)
        return self._patched[src_xml]

    def fix_tables(self, xml: str):
        # docxtpl parses with a *recovering* parser, which would silently drop what does not
        # parse; parse strictly, and let docxtpl adjust grids only where a row outgrew its grid.
        tree = etree.fromstring(xml)
        for tbl in tree.iter(f"{W}tbl"):
            grid = len(tbl.findall(f"{W}tblGrid/{W}gridCol"))
            if any(_width(tr) != grid for tr in tbl.iter(f"{W}tr")):
                return super().fix_tables(xml)
        return tree

    def resolve_listing(self, xml: str) -> str:
        # docxtpl turns \t \a \n \f in text into Word breaks; our text never has them
        # (it is tidied), and without them the call returns its input unchanged.
        return super().resolve_listing(xml) if any(c in xml for c in "\t\a\n\f") else xml


def _width(tr) -> int:
    """Return how many grid columns a table row spans."""
    total = 0
    for tc in tr.iterchildren(f"{W}tc"):
        span = tc.find(f"{W}tcPr/{W}gridSpan")
        total += int(span.get(f"{W}val")) if span is not None else 1
    return total


_ENVIRONMENT: _Environment | None = None
_TEMPLATES: dict[Path, bytes] = {}


def environment() -> jinja2.Environment:
    """Return the process's Jinja environment (created once, so compiled templates are reused)."""
    global _ENVIRONMENT
    if _ENVIRONMENT is None:
        _ENVIRONMENT = _Environment()
    return _ENVIRONMENT


def _template_bytes(template: Path) -> bytes:
    key = Path(template).resolve()
    if key not in _TEMPLATES:
        _TEMPLATES[key] = key.read_bytes()
    return _TEMPLATES[key]


def render(plan: KeHoach, table: Table, template: Path) -> bytes:
    """Return the finished .docx of plan, rendered through template."""
    tpl = _Template(io.BytesIO(_template_bytes(template)))
    try:
        tpl.render(context.build(plan, table), jinja_env=environment(), autoescape=True)
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"mẫu Word {template} dùng một biến không có trong kế hoạch ({exc.message}).") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"mẫu Word {template} có thẻ {{{{ }}}} / {{% %}} sai cú pháp: {exc.message}.") from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"không dùng được mẫu Word {template}: {exc}.") from None
    size_rules(tpl.docx)
    set_properties(tpl.docx, context.properties(plan))
    buffer = io.BytesIO()
    tpl.save(buffer)
    return normalize_zip(buffer.getvalue())


_RULE_PATHS = " or ".join(f'@w:val="{sid}"' for sid in RULES)


def size_rules(doc) -> None:
    """Give each rule paragraph the length Decree 30 asks for, measured from the text above it."""
    resolver = Resolver(doc)
    for p in doc.element.body.xpath(f".//w:p[w:pPr/w:pStyle[{_RULE_PATHS}]]"):
        source, share = RULES[ooxml.style_id(p)]
        above = []
        for prev in p.itersiblings(f"{W}p", preceding=True):
            if ooxml.style_id(prev) != source:
                break
            above.append(prev)
        if not above:
            continue
        widths = [width_pt(text, f.size, f.bold) for a in above for text, f in resolver.runs(a)]
        if not widths:
            continue
        available = ooxml.available_width_pt(doc, p)
        text = min(max(widths), available)
        margin = (available - text * share) / 2
        ooxml.set_indent(p, margin, margin)


def set_properties(doc, props: dict) -> None:
    """Replace the template's document properties with the plan's own."""
    core = doc.core_properties
    core.title = props["title"]
    core.author = core.last_modified_by = props["author"]
    core.created = core.modified = props["modified"]
    core.revision = 1
    core.language = "vi-VN"
    core.subject = core.comments = core.keywords = core.category = core.identifier = ""

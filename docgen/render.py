"""Context -> docxtpl -> .docx bytes, finished and made deterministic."""

from __future__ import annotations

import io
from pathlib import Path

import jinja2
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from docgen import context, ooxml
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


def environment() -> jinja2.Environment:
    """Return the Jinja environment: sandboxed (a template may come from a user), escaping, strict."""
    return SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)


def render(plan: KeHoach, table: Table, template: Path) -> bytes:
    """Return the finished .docx of plan, rendered through template."""
    tpl = DocxTemplate(str(template))
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


def size_rules(doc) -> None:
    """Give each rule paragraph the length Decree 30 asks for, measured from the text above it."""
    for p in doc.element.body.iter(qn("w:p")):
        rule = RULES.get(ooxml.style_id(p))
        if rule is None:
            continue
        source, share = rule
        above = []
        for prev in p.itersiblings(qn("w:p"), preceding=True):
            if ooxml.style_id(prev) != source:
                break
            above.append(prev)
        if not above:
            continue
        size, bold = ooxml.resolved_font(doc, source)
        available = ooxml.available_width_pt(doc, p)
        text = min(max(width_pt(ooxml.text_of(a), size, bold) for a in above), available)
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

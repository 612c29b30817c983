"""docgen renders templates itself, with docxtpl's rules (docgen.render.docxtpl_adapter): the body it
renders must stay what DocxTemplate.render makes of the same template and context, so that an
upgrade of docxtpl that changes its rules fails here, by name, instead of changing documents."""

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from docgen.plan.build import load_plan
from docgen.render import context
from docgen.render.engine import prepared, render_parts
from docgen.render.template import TEMPLATE
from tests.conftest import SAMPLE


def canonical(element) -> bytes:
    return etree.tostring(element, method="c14n")


def test_the_body_is_what_docxtpl_renders_from_the_same_template():
    from docxtpl import DocxTemplate

    values = context.build(load_plan(SAMPLE))
    prep = prepared(TEMPLATE)
    ours = render_parts(prep, values, TEMPLATE)[prep.main]
    reference = DocxTemplate(str(TEMPLATE))
    reference.render(values, SandboxedEnvironment(undefined=StrictUndefined), autoescape=True)
    theirs = reference.docx.element
    assert len(ours.findall(".//{*}p")) > 300  # the whole plan, not an empty shell
    assert canonical(ours) == canonical(theirs)


def test_tabs_and_line_breaks_in_values_become_word_tabs_and_breaks():
    from docgen.render.docxtpl_adapter import finish

    xml = finish('<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>a\tb\nc</w:t></w:r></w:p></w:body></w:document>')
    assert "<w:tab/>" in xml and "<w:br/>" in xml

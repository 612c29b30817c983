"""The checker reads a document in one walk: the same paragraphs, texts and formats as reading
each paragraph on its own, and every table's cells on its grid. (Its speed: bench/check.py.)"""

import docx
import pytest
from docx.oxml.ns import qn

from docgen.checker.document import normalize, open_document
from docgen.cli import main
from tests.conftest import ROOT
from tests.test_check import hand_typed

SAMPLES = sorted((ROOT / "content").glob("*.yaml"))


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    folder = tmp_path_factory.mktemp("doc")
    paths = [hand_typed(folder / "tay.docx")]
    for sample in SAMPLES:
        out = folder / f"{sample.stem}.docx"
        assert main(["render", str(sample), "-o", str(out)]) == 0
        paths.append(out)
    return paths


def _reference_text(p) -> str:
    # Word's non-breaking hyphen (document numbers) is a hyphen
    return "".join(el.text or "" if el.tag == qn("w:t") else "-" if el.tag == qn("w:noBreakHyphen") else " "
                   for el in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:noBreakHyphen")))


def test_one_walk_reads_what_each_paragraph_read_alone_gives(documents):
    for path in documents:
        doc = open_document(path)
        body = doc.docx.element.body
        expected = [p for el in body.iterchildren() if el.tag in (qn("w:p"), qn("w:tbl"))
                    for p in ([el] if el.tag == qn("w:p") else el.iter(qn("w:p")))]
        assert [p.element for p in doc.paragraphs] == expected, path
        for p in doc.paragraphs:
            assert p.text == normalize(_reference_text(p.element))
            assert p.format == doc.resolver.paragraph(p.element)
            assert p.runs == doc.resolver.runs(p.element)
        assert max(p.section for p in doc.paragraphs) == len(doc.docx.sections)


def test_every_cell_stands_on_the_table_s_grid(documents):
    for path in documents:
        doc = open_document(path)
        d = docx.Document(str(path))
        assert len(doc.tables) == len(d.tables)
        for table, theirs in zip(doc.tables, d.tables):
            grid = len(theirs._tbl.tblGrid.findall(qn("w:gridCol")))
            for row, their_row in zip(table.rows, theirs.rows):
                assert sum(c.span for c in row.cells) == grid
                assert [c.first for c in row.cells] == [sum(x.span for x in row.cells[:i]) for i in range(len(row.cells))]
                assert [c.text for c in row.cells if not c.merged] == \
                    [" ".join(t for t in (normalize(_reference_text(p)) for p in tc.p_lst) if t)
                     for tc in their_row._tr.tc_lst if tc.vMerge != "continue"]
                assert all(c.width and c.width > 0 for c in row.cells)

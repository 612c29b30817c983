"""OLD's rows held as bytes (redline.hold, what `diff --docx` does to stay within memory) give
the very comparison the parsed OLD gives: same bytes, for rows kept, removed, inserted, moved,
renumbered or changed, tables removed or replaced whole, rows with tails or holding a table."""

from __future__ import annotations

import copy
import functools
from pathlib import Path

import pytest
from lxml import etree

from docgen.ooxml import redline
from docgen.plan.build import plan_from_text
from docgen.render.engine import rendered
from docgen.render.template import TEMPLATE
from tests.conftest import ROOT, dump_yaml, load_yaml
from tests.test_redline_rows import SAMPLES, _rows, inserted, moved, removed

W = redline.W
WHEN = ("Ủy ban nhân dân", "2025-01-01T00:00:00Z")


def _both(old: bytes, new: bytes) -> tuple[bytes, bytes]:
    """Return the comparison of old with new, OLD parsed whole and OLD held."""
    whole = redline.compare(etree.fromstring(old), etree.fromstring(new), *WHEN)
    held = redline.hold(old)
    assert held.rows, "nothing was held: the test would compare the parsed OLD with itself"
    shown = redline.compare(held, etree.fromstring(new), *WHEN, in_place=True)
    return etree.tostring(whole), etree.tostring(shown)


def document(data: dict, name: str = "ke-hoach.yaml") -> etree._Element:
    """Return data's rendered document part; name: the file it stands for (a report finds its plan
    from the report's folder)."""
    return rendered(plan_from_text(dump_yaml(data, allow_unicode=True, sort_keys=False), name), TEMPLATE)[2]


def nothing(rows: list[dict]) -> None:
    pass


def _report(sample) -> bool:
    """Whether a sample is a year-end report: its rows follow its plan's, they are not edited alone."""
    return "ke_hoach" in load_yaml(sample.read_text(encoding="utf-8"))


CASES = [(sample, edit) for sample in SAMPLES for edit in (nothing, removed, inserted, moved)
         if edit is nothing or not _report(sample)]


@functools.cache
def _unedited(sample: Path) -> bytes:
    """The sample's rendered document part, rendered once for the four edits compared with it."""
    return etree.tostring(document(load_yaml(sample.read_text(encoding="utf-8")), str(sample)))


@pytest.mark.parametrize("sample,edit", CASES, ids=[f"{s.stem}-{e.__name__}" for s, e in CASES])
def test_held_rows_compare_as_the_parsed_document(sample, edit):
    changed = load_yaml(sample.read_text(encoding="utf-8"))
    for rows in _rows(changed):
        edit(rows)
    old = _unedited(sample)
    new = old if edit is nothing else etree.tostring(document(changed, str(sample)))
    whole, held = _both(old, new)
    assert held == whole
    assert (old == new) == (b"<w:ins " not in held and b"<w:del " not in held)


def _last_table(root: etree._Element) -> etree._Element:
    return root.find(f"{{{W}}}body").findall(redline.TBL)[-1]


def test_a_figure_changed_and_an_annex_removed_whole():
    old = document(load_yaml((ROOT / "content" / "ke-hoach-2024.yaml").read_text(encoding="utf-8")))
    figure = copy.deepcopy(old)
    cell = next(t for t in _last_table(figure).iter(redline.T) if t.text and t.text.strip().isdigit())
    cell.text = str(int(cell.text) + 1)
    gone = copy.deepcopy(old)
    table = _last_table(gone)
    table.getparent().remove(table)
    for new in (figure, gone):
        whole, held = _both(etree.tostring(old), etree.tostring(new))
        assert held == whole
        assert b"<w:del " in held and b"w:delText" in held


def _doc(*tables: str) -> bytes:
    return (f'<w:document xmlns:w="{W}" xmlns:r="http://example.com/r"><w:body>'
            + "".join(tables) + "<w:sectPr/></w:body></w:document>").encode()


def _row(*cells: str, tail: str = "") -> str:
    return "<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{c}</w:t></w:r></w:p></w:tc>" for c in cells) + "</w:tr>" + tail


def _table(*rows: str, grid: int = 2) -> str:
    return ("<w:tbl><w:tblPr/><w:tblGrid>" + '<w:gridCol w:w="100"/>' * grid + "</w:tblGrid>"
            + "".join(rows) + "</w:tbl>")


@pytest.mark.parametrize("old,new", [
    # rows separated by whitespace (tails), one deleted and one changed
    (_doc(_table(_row("1", "a", tail="\n  "), _row("2", "b", tail="\n"), _row("3", "c", tail="\n"))),
     _doc(_table(_row("1", "a", tail="\n  "), _row("2", "bb")))),
    # a row holding a table is not held; the row after it is
    (_doc(_table(_row("x", "y"), "<w:tr><w:tc>" + _table(_row("in", "ner")) + "<w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>",
                 _row("z", "w"))),
     _doc(_table(_row("x", "y"), "<w:tr><w:tc>" + _table(_row("in", "ner!")) + "<w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>"))),
    # a table of another grid: replaced whole
    (_doc(_table(_row("1", "a"), _row("2", "b"))), _doc(_table(_row("1", "a", "c"), grid=3))),
    # the same row, its attributes in another order: not the same bytes, the same row
    (_doc(_table(_row("1", "a"), '<w:tr><w:trPr><w:trHeight w:val="5" w:hRule="exact"/></w:trPr>' + _row("2", "b")[6:])),
     _doc(_table(_row("1", "a"), '<w:tr><w:trPr><w:trHeight w:hRule="exact" w:val="5"/></w:trPr>' + _row("2", "b")[6:]))),
], ids=["tails", "nested-table", "other-grid", "attribute-order"])
def test_held_rows_in_hand_made_tables(old, new):
    whole, held = _both(old, new)
    assert held == whole


def test_only_rows_of_the_body_tables_are_held():
    held = redline.hold(_doc(_table(_row("a", "b"), "<w:tr><w:tc>" + _table(_row("in", "ner")) + "<w:p/></w:tc></w:tr>")))
    assert [r.key for r in held.rows.values()] == ["a\x00b"]
    assert [r.text for r in held.rows.values()] == ["ab"]  # a first row: its text signs its table
    assert len(held.root.findall(f".//{redline.TR}")) == 3  # the held row stands as an empty w:tr

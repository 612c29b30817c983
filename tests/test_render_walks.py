"""What rendering looks for in a finished document part it looks for outside docgen's own annex
tables (a big one has thousands of rows): the rule paragraphs (never in an annex table) and the
rows that outgrow their grid (an annex table's rows span it by construction)."""

from __future__ import annotations

import pytest
from lxml import etree

from bench.annex import plan_with_units
from docgen.plan.build import load_plan, plan_from_text
from docgen.render import engine
from docgen.render.tables import is_annex
from docgen.render.template import TEMPLATE
from tests.conftest import ROOT, dump_yaml

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# how many grid columns a row spans (the test engine made of every row before)
_width = etree.XPath("count(w:tc) + sum(w:tc/w:tcPr/w:gridSpan/@w:val) - count(w:tc/w:tcPr/w:gridSpan)",
                     namespaces={"w": W[1:-1]})
SAMPLES = sorted((ROOT / "content").glob("*.yaml"))


def _document(name: str):
    """Return the rendered document part of a sample (by its file's stem) or of a plan of 60 units;
    rendered by the test, not at collection (which every worker of a parallel run does)."""
    if name == "60 units":
        text = dump_yaml(plan_with_units(60), allow_unicode=True, sort_keys=False)
        return engine.rendered(plan_from_text(text, "ke-hoach.yaml"), TEMPLATE)[2]
    return engine.rendered(load_plan(ROOT / "content" / f"{name}.yaml"), TEMPLATE)[2]


@pytest.mark.parametrize("name", [sample.stem for sample in SAMPLES] + ["60 units"])
def test_walks_outside_annex_tables_miss_nothing(name):
    root = _document(name)
    annexes = [t for t in root.iter(f"{W}tbl") if is_annex(t)]
    assert annexes, f"{name}: no annex table, nothing skipped"
    # (elements held alive: lxml then hands out the same proxy for an element, so `is` compares)
    inside = {el for t in annexes for el in t.iter()}
    styles = list(root.iter(f"{W}pStyle"))
    found = list(engine._outside_annexes(root, f"{W}pStyle"))
    expected = [s for s in styles if s not in inside]
    assert len(found) == len(expected) and all(a is b for a, b in zip(found, expected))
    rules = [s for s in styles if s.get(f"{W}val") in engine.RULES]
    assert rules and not any(s in inside for s in rules)  # the rules size_rules looks for are all found
    for table in annexes:  # the rows _fix_tables no longer walks: each spans the grid
        grid = len(table.findall(f"{W}tblGrid/{W}gridCol"))
        assert all(_width(tr) == grid for tr in table.iter(f"{W}tr"))

"""`diff --docx` of every sample against itself with annex rows removed, inserted or moved:
Accept All gives the new rendering and Reject All the old one, exactly."""

from __future__ import annotations

import copy
import functools
import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from docgen.ooxml import redline
from docgen.plan.build import plan_from_text
from docgen.render.engine import render
from docgen.render.template import TEMPLATE
from tests.conftest import ROOT, dump_yaml, load_yaml
from tests.test_redline import content

SAMPLES = sorted((ROOT / "content").glob("*.yaml"))


def _rows(data: dict) -> list[list[dict]]:
    """Return the row lists of data's annexes (each a list the edits below change in place)."""
    return [annex["dong"] for annex in data.get("phu_luc", []) if len(annex.get("dong", [])) >= 2]


def removed(rows: list[dict]) -> None:
    del rows[:min(4, len(rows) - 1)]  # the first four units (one is left: an annex needs a row)


def inserted(rows: list[dict]) -> None:
    extra = copy.deepcopy(rows[0])
    for key in ("ten", "thon"):
        if isinstance(extra.get(key), str):
            extra[key] += " mới"
    rows.insert(1, extra)


def moved(rows: list[dict]) -> None:
    rows.append(rows.pop(0))


def document(data: dict) -> etree._Element:
    return etree.fromstring(_document_xml(dump_yaml(data, allow_unicode=True, sort_keys=False)))


@functools.cache
def _document_xml(text: str) -> bytes:
    """The document part of text rendered: once a session (each sample is compared three ways)."""
    # named as a file beside the samples: a report finds the plan its link names
    docx = render(plan_from_text(text, str(ROOT / "content" / "so-sanh.yaml")), TEMPLATE)
    return zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml")


# make quick compares the 2024 plan and one poverty plan; the other samples, make test.
QUICK_SAMPLES = ("ke-hoach-2024", "giam-ngheo-ia-to-2025")


def _report(sample: Path) -> bool:
    return "ke_hoach" in load_yaml(sample.read_text(encoding="utf-8"))


# A report's rows are its plan's (docgen.plan.link): one removed or added is refused until
# `docgen report --cap-nhat` puts the plan's back, so a report's rows are only put in another order.
@pytest.mark.parametrize("sample, edit", [
    pytest.param(p, edit, id=f"{p.stem}-{edit.__name__}", marks=() if p.stem in QUICK_SAMPLES else pytest.mark.slow)
    for p in SAMPLES for edit in ([moved] if _report(p) else [removed, inserted, moved])])
def test_rows_removed_inserted_or_moved_accept_and_reject_exactly(sample, edit):
    data = load_yaml(sample.read_text(encoding="utf-8"))
    changed = copy.deepcopy(data)
    tables = _rows(changed)
    assert tables, f"{sample.name} has no annex of two rows or more"
    for rows in tables:
        edit(rows)
    old, new = document(data), document(changed)
    shown = redline.compare(old, new, "Ủy ban nhân dân", "2025-01-01T00:00:00Z")
    kinds = {r.kind for r in redline.revisions(shown)}
    assert {"xóa", "thêm"} & kinds
    assert content(redline.accept(shown)) == content(new)
    assert content(redline.reject(shown)) == content(old)


def test_a_changed_figure_shows_the_old_row_above_the_new_one():
    """Issue 22.7: old and new figures never run together in a narrow column («2125»): the row is
    shown deleted, then inserted, each figure in its own cell; a renumbered STT alone stays a
    change inside its cell."""
    data = load_yaml((ROOT / "content" / "ke-hoach-2024.yaml").read_text(encoding="utf-8"))
    changed = copy.deepcopy(data)
    rows = _rows(changed)[0]
    rows[0]["ho_ngheo"] += 4
    inserted(rows)  # the rows below renumber
    old, new = document(data), document(changed)
    shown = redline.compare(old, new, "Ủy ban nhân dân", "2025-01-01T00:00:00Z")
    for cell in shown.iter(redline.TC):
        both = cell.find(f".//{redline.DEL}") is not None and cell.find(f".//{redline.INS}") is not None
        assert not both or redline.text_of(cell).strip().isdigit(), redline.text_of(cell)
    marked = [(row.find(f"{redline.TRPR}/{redline.DEL}") is not None,
               row.find(f"{redline.TRPR}/{redline.INS}") is not None,
               "".join(t.text or "" for t in row.iter(redline.T, redline.q("delText"))))
              for row in shown.iter(redline.TR)]
    totals = [(deleted, added) for deleted, added, text in marked if "Tổng cộng" in text]
    assert totals == [(True, False), (False, True)]
    assert content(redline.accept(shown)) == content(new)
    assert content(redline.reject(shown)) == content(old)


@pytest.mark.slow
def test_every_sample_compared_with_every_other_accepts_and_rejects_exactly():
    """Plans of different kinds and tables: whatever pairs up, Accept All and Reject All are exact."""
    docs = {p.stem: document(load_yaml(p.read_text(encoding="utf-8"))) for p in SAMPLES}
    wrong = []
    for a, b in ((a, b) for a in docs for b in docs if a != b):
        shown = redline.compare(docs[a], docs[b], "Ủy ban nhân dân", "2025-01-01T00:00:00Z")
        if content(redline.accept(shown)) != content(docs[b]) or content(redline.reject(shown)) != content(docs[a]):
            wrong.append((a, b))
    assert wrong == []


def test_a_header_merged_down_keeps_its_changes_inside_its_cells():
    """From one year's poverty plan to the next, «năm 2024» becomes «năm 2025» in the annex's
    header: its rows, merged down into each other, are not torn into deleted and inserted rows,
    while a unit whose figures changed is (its old row, then its new one)."""
    older, newer = (load_yaml((ROOT / "content" / f"giam-ngheo-ia-to-{y}.yaml").read_text(encoding="utf-8"))
                    for y in (2025, 2026))
    shown = redline.compare(document(older), document(newer), "Ủy ban nhân dân", "2026-01-22T00:00:00Z")
    vmerge, whole = redline.q("vMerge"), (redline.DEL, redline.INS)
    rows = list(shown.iter(redline.TR))
    headers = [r for r in rows if r.find(f"{redline.TC}/{redline.TCPR}/{vmerge}") is not None]
    assert headers and not any(r.find(f"{redline.TRPR}/{tag}") is not None for r in headers for tag in whole)
    units = [r for r in rows if "Làng Dơr 1" in "".join(t.text or "" for t in r.iter(redline.T, redline.q("delText")))]
    assert [[r.find(f"{redline.TRPR}/{tag}") is not None for tag in whole] for r in units] == [[True, False],
                                                                                                [False, True]]


def _one_paragraph(words: list[str]) -> etree._Element:
    return etree.fromstring(
        f'<w:document xmlns:w="{redline.W}"><w:body><w:p><w:r><w:t>{" ".join(words)}</w:t></w:r></w:p>'
        "<w:sectPr/></w:body></w:document>")


@pytest.mark.parametrize("every", [400, pytest.param(2, marks=pytest.mark.slow)],  # slow: past the diff's limit
                         ids=["scattered-changes", "rewritten-throughout"])
def test_a_paragraph_of_twenty_thousand_words_accepts_and_rejects_exactly(every):
    """Past difflib's size the bounded diff takes over: scattered changes stay word by word;
    a paragraph changed throughout (past its limit) is deleted and inserted whole."""
    words = [f"w{n % 97}" for n in range(20_000)]
    changed = ["khác" if n % every == 0 else w for n, w in enumerate(words)]
    old, new = _one_paragraph(words), _one_paragraph(changed)
    shown = redline.compare(old, new, "Ủy ban nhân dân", "2025-01-01T00:00:00Z")
    deleted = [r.text for r in redline.revisions(shown) if r.kind == "xóa"]
    if every == 400:
        assert len(deleted) == 20_000 // 400 and set(deleted) <= {f"w{n % 97}" for n in range(0, 20_000, 400)}
    else:
        assert len(deleted) == 1 and len(deleted[0].split()) > 19_000
    assert content(redline.accept(shown)) == content(new)
    assert content(redline.reject(shown)) == content(old)

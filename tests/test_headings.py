"""Headings are headings: parts and titled items carry outline levels by depth, through styles that
Word, LibreOffice and pandoc read as headings, with the look held in styles a user can restyle."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile

import pytest
from lxml import etree

from docgen.plan.build import load_plan
from docgen.plan.outline import blocks
from tests.conftest import ROOT, SAMPLE

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NUMBER = re.compile(r"^(?:[IVX]+\.|(?:\d+\.)+|[a-zđ]\)) ")


def parts(docx) -> tuple[etree._Element, etree._Element]:
    with zipfile.ZipFile(docx) as z:
        return etree.fromstring(z.read("word/document.xml")), etree.fromstring(z.read("word/styles.xml"))


def style_chain(styles, sid: str | None) -> list:
    """Return the w:style elements from sid up through its basedOn chain."""
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}
    out = []
    while sid in by_id and by_id[sid] not in out:
        out.append(by_id[sid])
        based = by_id[sid].find(f"{W}basedOn")
        sid = based.get(f"{W}val") if based is not None else None
    return out


def outline_level(styles, p) -> int | None:
    """Return the outline level Word gives paragraph p (0 = level 1), from its own pPr or its style chain."""
    own = p.find(f"{W}pPr/{W}outlineLvl")
    if own is not None:
        return int(own.get(f"{W}val"))
    ps = p.find(f"{W}pPr/{W}pStyle")
    for s in style_chain(styles, ps.get(f"{W}val") if ps is not None else None):
        lvl = s.find(f"{W}pPr/{W}outlineLvl")
        if lvl is not None:
            return int(lvl.get(f"{W}val"))
    return None


def text(p) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def depth(number: str) -> int:
    """Return the outline level (1-based) a printed number stands for: I. 1, 1. 2, 1.1. 3, 1.1.1. 4, a) 5."""
    if re.fullmatch(r"[IVX]+\.", number):
        return 1
    return 5 if number.endswith(")") else 1 + number.count(".")


def headings(docx) -> list[tuple[int, str]]:
    document, styles = parts(docx)
    out = []
    for p in document.iter(f"{W}p"):
        level = outline_level(styles, p)
        if level is not None and level < 9:
            out.append((level + 1, text(p)))
    return out


def expected_outline(plan_path) -> list[tuple[int, str]]:
    """Return the plan's outline: every part and titled item, at its level, as printed."""
    return [(b.cap, f"{b.so} {b.tieu_de}") for b in blocks(load_plan(plan_path)) if b.kieu in ("phan", "muc")]


def test_parts_and_titled_items_are_headings_at_the_level_of_their_number(sample_docx):
    found = headings(sample_docx)
    assert found == expected_outline(SAMPLE)
    assert len(found) == 36 and {level for level, _ in found} == {1, 2, 3, 4}
    assert all(level == depth(NUMBER.match(t).group(0).strip()) for level, t in found)


@pytest.mark.parametrize("name", ["giam-ngheo-ia-to-2025", "chuyen-doi-so-ia-to-2025",
                                  "phong-chong-thien-tai-ia-to-2025"])
def test_every_sample_plan_has_its_outline(name, tmp_path):
    from docgen.cli import main

    plan = ROOT / "content" / f"{name}.yaml"
    assert main(["render", str(plan), "-o", str(tmp_path / "out.docx")]) == 0
    assert headings(tmp_path / "out.docx") == expected_outline(plan) != []


def test_a_fourth_level_item_a_is_a_level_5_heading(plan_data, write_plan, tmp_path):
    from docgen.cli import main

    deepest = [{"tieu_de": "Cấp năm", "gach": ["Một dòng."]}, {"tieu_de": "Thứ hai"}]
    plan_data["phan"][3]["muc"][0]["muc"] = [{"tieu_de": "Cấp ba", "muc": [{"tieu_de": "Cấp bốn", "muc": deepest}]}]
    out = tmp_path / "deep.docx"
    assert main(["render", str(write_plan(plan_data)), "-o", str(out)]) == 0
    found = headings(out)
    i = found.index((3, "1.1. Cấp ba"))
    assert found[i:i + 4] == [(3, "1.1. Cấp ba"), (4, "1.1.1. Cấp bốn"), (5, "a) Cấp năm"),
                              (5, "b) Thứ hai")]


def test_run_on_items_and_numbered_sentences_stay_body_text(sample_docx):
    # "1. Mục đích: Phấn đấu …" would put a whole paragraph into the navigation pane and the bookmarks
    document, styles = parts(sample_docx)
    run_on = [p for p in document.iter(f"{W}p") if text(p).startswith(("1. Mục đích:", "4.1. Các ngành"))]
    assert len(run_on) == 2 and [outline_level(styles, p) for p in run_on] == [None, None]


@pytest.mark.slow
def test_pandoc_reads_the_headings_at_their_levels(sample_docx):
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        if os.environ.get("CI"):
            pytest.fail("needs pandoc: apt-get install pandoc")
        pytest.skip("needs pandoc: apt-get install pandoc")
    markdown = subprocess.run([pandoc, "-f", "docx", "-t", "markdown", str(sample_docx)], capture_output=True,
                              text=True, check=True).stdout
    found = [(len(m.group(1)), m.group(2)) for m in re.finditer(r"^(#+) (.+?)(?: \{#.*\})?$", markdown, re.MULTILINE)]
    assert found == expected_outline(SAMPLE)

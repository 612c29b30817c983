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

from docgen.plan.annexes import labels
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
    """Return p's text; Word's non-breaking hyphen (in document numbers) is a hyphen."""
    return "".join(t.text or "" if t.tag == f"{W}t" else "-" for t in p.iter(f"{W}t", f"{W}noBreakHyphen"))


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


def expected_outline(plan_path, where: str = "word") -> list[tuple[int, str]]:
    """Return the plan's outline, at each entry's level: every part and titled item as printed, a run-in
    item as Word shows it (its whole paragraph), as the PDF's bookmarks do (its label, where="pdf") or
    not at all (where="pandoc", which reads "heading N" styles only), a numbered sentence without a
    title whole, then the annexes."""
    plan = load_plan(plan_path)
    out = []
    for b in blocks(plan):
        if b.kieu in ("phan", "muc"):
            out.append((b.cap, f"{b.so} {b.tieu_de}"))
        elif b.kieu == "muc_lien" and where != "pandoc":
            label = f"{b.so} {b.tieu_de}"
            out.append((b.cap, label + b.sau if where == "word" else label.rstrip(":")))
        elif b.kieu == "diem" and where != "pandoc":  # a numbered sentence without a title: all of it
            out.append((b.cap, f"{b.so} {b.noi_dung}"))
    if where == "pandoc":
        return out
    return out + [(1, label) for label in labels(len(plan.tables))]


def numbers(outline: list[tuple[int, str]]) -> list[str]:
    return [m.group(0).strip() for _, t in outline if (m := NUMBER.match(t))]


def test_parts_and_titled_items_are_headings_at_the_level_of_their_number(sample_docx):
    found = headings(sample_docx)
    assert found == expected_outline(SAMPLE)
    # 36 parts and titled items, 10 run-in items, 2 numbered sentences (4.1., 4.2.), 1 annex
    assert len(found) == 36 + 10 + 2 + 1 and {level for level, _ in found} == {1, 2, 3, 4}
    assert all(level == depth(NUMBER.match(t).group(0).strip()) for level, t in found if t != "Phụ lục")


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


def test_run_on_items_are_in_the_outline_at_their_level_but_not_pandocs_headings(sample_docx):
    # the outline skips no number ("V." then "4." was a hole); pandoc would make the paragraph a heading
    document, styles = parts(sample_docx)
    run_on = [p for p in document.iter(f"{W}p") if text(p).startswith("1. Mục đích:")]
    assert len(run_on) == 1 and outline_level(styles, run_on[0]) == 1
    chain = [s.get(f"{W}styleId") for s in style_chain(styles, run_on[0].find(f"{W}pPr/{W}pStyle").get(f"{W}val"))]
    assert chain == ["KHMucLien1", "KHMucLien", "KHDoan", "Normal"]


def test_numbered_sentences_are_in_the_outline_at_their_level_and_look_like_body_text(sample_docx):
    # every numbered item is in the navigation pane, a numbered sentence without a title too (issue 22)
    document, styles = parts(sample_docx)
    sentences = [p for p in document.iter(f"{W}p") if text(p).startswith(("4.1. Các ngành", "4.2. Giao"))]
    assert len(sentences) == 2 and {outline_level(styles, p) for p in sentences} == {2}  # level 3, as «4.1.»
    style = {p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") for p in sentences}
    assert all("KHDoan" in [s.get(f"{W}styleId") for s in style_chain(styles, sid)] for sid in style)


@pytest.mark.parametrize("name", sorted(p.stem for p in (ROOT / "content").glob("*.yaml")))
def test_the_outline_skips_no_number(name):
    # run-in items included, each number follows the one before it at its level, or starts at 1 (a) under a new parent
    outline = expected_outline(ROOT / "content" / f"{name}.yaml", "pdf")
    last: dict[int, str] = {}
    for number in numbers(outline):
        level = depth(number)
        value = number.rstrip(".)").split(".")[-1]
        for deeper in [k for k in last if k > level]:
            del last[deeper]
        if level > 1:
            previous = last.get(level)
            first = "1" if value.isdigit() else "a"
            after = str(int(previous) + 1) if previous and previous.isdigit() else chr(ord(previous) + 1) if previous else first
            assert value == after, (name, number, previous)
        last[level] = value
    assert outline[-1][1].startswith("Phụ lục")


@pytest.mark.slow
def test_pandoc_reads_the_headings_at_their_levels(sample_docx):
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        if os.environ.get("CI"):
            pytest.fail("needs pandoc: apt-get install pandoc")
        pytest.skip("needs pandoc: apt-get install pandoc")
    markdown = subprocess.run([pandoc, "-f", "docx", "-t", "markdown", str(sample_docx)], capture_output=True,
                              text=True, check=True).stdout
    markdown = markdown.replace("\u2011", "-")  # pandoc writes Word's non-breaking hyphen as U+2011
    found = [(len(m.group(1)), m.group(2)) for m in re.finditer(r"^(#+) (.+?)(?: \{#.*\})?$", markdown, re.MULTILINE)]
    assert found == expected_outline(SAMPLE, "pandoc")

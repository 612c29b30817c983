"""The four samples as LibreOffice prints them (the `pdf` and `preview` commands): no heading ends a
page, the title and the «(Kèm theo …)» line never end on a lone word, no document or phone number is
split over two lines, and the bookmarks are the whole outline."""

from __future__ import annotations

import pytest

from docgen.cli import main
from tests.conftest import ROOT
from tests.page_reading import headings_ending_a_page, line_breaks, paragraphs, split_numbers
from tests.pdf_reading import bookmarks
from tests.test_headings import expected_outline

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]
NAMES = sorted(p.stem for p in (ROOT / "content").glob("*.yaml"))  # every sample


@pytest.fixture(scope="module", params=NAMES)
def printed(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    plan = ROOT / "content" / f"{request.param}.yaml"
    docx, pdf = folder / "out.docx", folder / "out.pdf"
    assert main(["render", str(plan), "-o", str(docx)]) == 0
    assert main(["pdf", str(docx), "-o", str(pdf)]) == 0
    return plan, docx, pdf


def test_no_heading_is_the_last_line_of_a_page(printed):
    # (LibreOffice 7.4 alone leaves «III.» «1.» at the foot of page 1 of the 2025 disaster plan and of
    # the 2026 poverty plan: docgen.output.pagefoot converts again)
    _, docx, pdf = printed
    assert headings_ending_a_page(docx, pdf) == []


def test_the_title_and_the_annex_line_never_end_on_a_lone_word(printed):
    _, docx, pdf = printed
    found = [t for s, t in paragraphs(docx) if s == "KHPhuLucKemTheo"]
    title = [t for s, t in paragraphs(docx) if s == "KHTrichYeu"]
    if len(title) == 1:  # (lines the plan gives itself, dong_trich_yeu, are its own)
        found += title
    assert found
    for text in found:
        lines = line_breaks(pdf, text)
        assert lines is not None, text
        assert len(lines) == 1 or len(lines[-1].split()) > 1, lines


def test_no_document_or_phone_number_is_split_over_two_lines(printed):
    _, docx, pdf = printed
    assert split_numbers(docx, pdf) == []


def test_the_bookmarks_are_the_whole_outline(printed):
    plan, _, pdf = printed
    assert bookmarks(pdf) == expected_outline(plan, "pdf")


def test_libreoffices_table_of_contents_lists_every_number(tmp_path):
    # Insert → Table of Contents in LibreOffice: every outline entry, a run-in item by its whole paragraph
    import json
    import os
    import subprocess
    from pathlib import Path

    from docgen.output.office import uno_python
    from docgen.output.pdf import soffice

    python = uno_python(soffice())
    if python is None:
        message = "needs a Python with LibreOffice's uno module: apt-get install python3-uno"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    files = []
    for name in NAMES:
        files.append(tmp_path / f"{name}.docx")
        assert main(["render", str(ROOT / "content" / f"{name}.yaml"), "-o", str(files[-1])]) == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    script = Path(__file__).with_name("libreoffice_toc.py")
    done = subprocess.run([python, str(script), soffice(), (tmp_path / "profile").as_uri(), f"docgen-toc-{os.getpid()}",
                           *map(str, files)], capture_output=True, text=True, timeout=300, env=env, check=True)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    for name, path in zip(NAMES, files):
        entries = [entry.replace("\u2011", "-") for entry in found[str(path)]]
        assert entries == [text for _, text in expected_outline(ROOT / "content" / f"{name}.yaml")], name

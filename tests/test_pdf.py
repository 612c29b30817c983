"""The sample as a reader sees it: converted by LibreOffice, measured with poppler-utils."""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from docgen.base.errors import DocgenError
from docgen.cli import main
from docgen.output import pdf as output_pdf
from docgen.output.pdf import ipc_pipe
from tests.test_preview import wait_until
from tests.test_preview_safe import assert_nothing_left, processes, running_with

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, check=True, text=True).stdout


def pages(pdf) -> list[tuple[float, float]]:
    count = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(pdf))).group(1))
    info = run("pdfinfo", "-f", "1", "-l", str(count), str(pdf))
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


def page_text(pdf, n: int, layout: bool = False) -> str:
    return run("pdftotext", *(["-layout"] if layout else []), "-f", str(n), "-l", str(n), str(pdf), "-")


def test_every_page_is_a4_and_the_annex_is_landscape(sample_pdf):
    sizes = pages(sample_pdf)
    assert len(sizes) >= 10
    portrait = [(round(w), round(h)) for w, h in sizes[:-1]]
    assert set(portrait) == {(595, 842)}
    assert (round(sizes[-1][0]), round(sizes[-1][1])) == (842, 595)
    assert "TỔNG HỢP BIỂU MẪU CHỈ TIÊU" in page_text(sample_pdf, len(sizes))


def test_only_liberation_serif_fonts_so_no_glyph_fell_back(sample_pdf):
    lines = run("pdffonts", str(sample_pdf)).splitlines()[2:]
    names = {line.split()[0].split("+")[-1] for line in lines if line.strip()}
    assert names and all(n.startswith("LiberationSerif") for n in names), names


def test_page_one_has_the_quoc_hieu_on_one_line_and_no_page_number(sample_pdf):
    layout = page_text(sample_pdf, 1, layout=True)
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in line for line in layout.splitlines())
    first = next(line.strip() for line in page_text(sample_pdf, 1).splitlines() if line.strip())
    assert not first.isdigit() and first.startswith("ỦY BAN NHÂN DÂN")


def test_page_two_starts_with_its_number(sample_pdf):
    first = next(line.strip() for line in page_text(sample_pdf, 2).splitlines() if line.strip())
    assert first == "2"


def test_the_annex_table_fits_the_page_width(sample_pdf):
    sizes = pages(sample_pdf)
    last = len(sizes)
    html = run("pdftotext", "-bbox", "-f", str(last), "-l", str(last), str(sample_pdf), "-")
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', html)]
    width = sizes[-1][0]
    right_margin = 851 / 20  # twips to points
    assert right_edges and max(right_edges) <= width - right_margin + 2


def test_pdf_command_writes_a_pdf_from_yaml(tmp_path, monkeypatch):
    from tests.conftest import SAMPLE, require_reader

    require_reader()
    monkeypatch.chdir(tmp_path)
    assert main(["pdf", str(SAMPLE)]) == 0
    assert (tmp_path / "output" / "ke-hoach-2024.pdf").read_bytes().startswith(b"%PDF-")


# --- an archival PDF: PDF/A-2b, tagged, fonts embedded, bookmarks, metadata ------------------------


def test_the_pdf_is_pdfa_2b_tagged_with_every_font_embedded(sample_pdf):
    from tests.pdf_reading import facts

    found = facts(sample_pdf)
    assert found["pdfa"] == "2B"
    assert found["tagged"]
    assert found["fonts"] > 0 and found["not_embedded"] == []


def test_title_author_and_language_are_in_the_metadata(sample_pdf):
    from tests.pdf_reading import facts

    found = facts(sample_pdf)
    assert found["title"] == found["xmp_title"]
    assert found["title"].startswith("Thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2024")
    assert found["author"] == "Ủy ban nhân dân thị trấn Kông Chro" and found["xmp_creator"] == [found["author"]]
    assert found["lang"] == "vi-VN"


def test_the_bookmarks_are_the_plans_outline(sample_pdf):
    from tests.conftest import SAMPLE
    from tests.pdf_reading import bookmarks
    from tests.test_headings import expected_outline

    assert bookmarks(sample_pdf) == expected_outline(SAMPLE, "pdf")


def test_pdfa_pages_look_as_a_plain_export_does(sample_docx, sample_pdf, tmp_path, monkeypatch):
    from PIL import ImageChops

    from docgen.output import pdf
    from tests.pdf_reading import page_pictures

    monkeypatch.setattr(pdf, "PDF_EXPORT", {})  # LibreOffice's defaults: PDF 1.6, untagged
    plain = tmp_path / "plain.pdf"
    pdf.convert(sample_docx, plain)
    before, after = page_pictures(plain), page_pictures(sample_pdf)
    assert len(before) == len(after) >= 10
    differing = [i for i, (a, b) in enumerate(zip(before, after), 1)
                 if a.size != b.size or ImageChops.difference(a, b).getbbox() is not None]
    assert differing == []


def _office_under(pid: int) -> str | None:
    """Return the command line of the soffice.bin that process pid started (its descendant), if any."""
    table = processes()
    for child, (_, _, command) in table.items():
        ancestor = child
        while ancestor > 1 and ancestor in table and ancestor != pid:
            ancestor = table[ancestor][0]
        if ancestor == pid and "soffice.bin" in command.split(" ", 1)[0]:
            return command
    return None


def test_a_docgen_pdf_killed_mid_conversion_leaves_no_office_no_folder_no_pipe(sample_docx, tmp_path):
    """LibreOffice is three processes deep: docgen pdf killed -9 (or its terminal closed) used to leave
    soffice.bin converting on, orphaned, and its temporary folder (a whole profile) in /tmp."""
    process = subprocess.Popen([sys.executable, "-m", "docgen", "pdf", str(sample_docx), "-o", str(tmp_path / "a.pdf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        office = wait_until(lambda: _office_under(process.pid), seconds=60, what="soffice.bin")
        profile = re.search(r"-env:UserInstallation=(\S+)", office).group(1)
        folder = Path(re.search(r"file://(\S+)/profile", office).group(1))
        since = time.monotonic()
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert_nothing_left(folder, since, ipc_pipe(profile), seconds=9)
        assert running_with(folder) == []
    finally:
        process.kill()
        process.wait()


def test_a_conversion_past_its_time_ends_the_office_and_its_folder(sample_docx, tmp_path, monkeypatch):
    monkeypatch.setattr(output_pdf, "TIMEOUT", 0.5)  # LibreOffice takes seconds to start: always past it
    with pytest.raises(DocgenError, match="không chuyển xong"):
        output_pdf.convert(sample_docx, tmp_path / "a.pdf", within=tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [] and running_with(tmp_path) == []

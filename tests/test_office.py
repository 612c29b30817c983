"""LibreOffice kept running for the preview: conversions without a cold start, nothing left after."""

import os
import subprocess

import pytest

from tests.conftest import require_reader

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]


def offices(office) -> set[str]:
    """Return the ids of the soffice.bin processes of office (those of other programs are not its)."""
    found = subprocess.run(["pgrep", "-f", f"soffice.bin.*{office.folder}"], capture_output=True, text=True,
                           check=False)
    return set(found.stdout.split())


def test_one_office_serves_every_conversion_and_goes_with_close(sample_docx, tmp_path):
    require_reader()
    from docgen.output.office import Office, uno_python
    from docgen.output.pdf import soffice

    if uno_python(soffice()) is None:
        message = "needs a Python with LibreOffice's uno module: apt-get install python3-uno"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    office = Office()
    try:
        assert office.kept_running
        office.to_pdf(sample_docx, tmp_path / "a.pdf")
        running = offices(office)
        office.to_pdf(sample_docx, tmp_path / "b.pdf")
        assert len(running) == 1 and offices(office) == running  # the same office, still open
    finally:
        office.close()
    assert offices(office) == set() and not office.folder.exists()
    for name in ("a.pdf", "b.pdf"):
        assert (tmp_path / name).read_bytes().startswith(b"%PDF-")
    assert_archival(tmp_path / "a.pdf")


def test_without_a_uno_python_every_conversion_starts_libreoffice(sample_docx, tmp_path):
    require_reader()
    from docgen.output.office import Office

    office = Office(keep_running=False)
    try:
        assert not office.kept_running
        office.to_pdf(sample_docx, tmp_path / "a.pdf")
    finally:
        office.close()
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF-")
    assert_archival(tmp_path / "a.pdf")


def assert_archival(pdf):
    """Both ways of converting make the same kind of PDF: PDF/A-2b, tagged, fonts embedded, bookmarks."""
    from tests.conftest import SAMPLE
    from tests.pdf_reading import bookmarks, facts
    from tests.test_headings import expected_outline

    found = facts(pdf)
    assert (found["pdfa"], found["tagged"], found["not_embedded"], found["lang"]) == ("2B", True, [], "vi-VN")
    assert bookmarks(pdf) == expected_outline(SAMPLE, "pdf")

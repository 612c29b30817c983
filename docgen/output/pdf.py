"""A PDF for circulation and archiving, made by LibreOffice in headless mode.

The PDF is PDF/A-2b (ISO 19005-2: every font embedded, nothing fetched from
outside), tagged (reading order, headings, tables), with bookmarks from the
plan's outline (a run-in item's cut to its label: docgen.output.bookmarks); LibreOffice takes its title, author and language from the
.docx. Each conversion gets a private, temporary LibreOffice profile, so several can
run at once; success is judged by the PDF that appears, never by soffice's
exit code (it exits 0 even when it converted nothing).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from docgen.base.errors import DocgenError, UsageError
from docgen.ooxml.package import is_docx
from docgen.output import guard
from docgen.output.bookmarks import run_in_labels, shorten
from docgen.output.pagefoot import keep_headings
from docgen.output.write import write_atomic

INSTALL = ("Cài LibreOffice (Windows: tải từ libreoffice.org, cài vào Program Files; "
           "Debian, Ubuntu: sudo apt-get install libreoffice-writer-nogui fonts-liberation2).")
TIMEOUT = 300
# LibreOffice's PDF export options (writer_pdf_Export), in the JSON form of its filter options
# (LibreOffice 7.4 and later); docgen.output.office_worker is given the same, so both paths make the same PDF.
PDF_EXPORT = {
    "SelectPdfVersion": {"type": "long", "value": "2"},  # PDF/A-2b
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
    "ExportBookmarks": {"type": "boolean", "value": "true"},  # the headings' outline levels
}


def export_options() -> str:
    """Return PDF_EXPORT as the JSON LibreOffice reads after `--convert-to pdf:writer_pdf_Export:`."""
    return json.dumps(PDF_EXPORT, separators=(",", ":"))


class ToolMissing(DocgenError):
    """A program docgen needs for this command is not installed."""

    exit_code = 2


def _installed() -> list[Path]:
    """Return where LibreOffice's installers put the program, outside PATH (Windows, macOS)."""
    places = [Path(os.environ[name]) / "LibreOffice" / "program" / "soffice.exe"
              for name in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)") if os.environ.get(name)]
    return places + [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")]


def soffice() -> str:
    """Return the LibreOffice program; ToolMissing with the install command if there is none."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for place in _installed():
        if place.is_file():
            return str(place)
    raise ToolMissing(f"không tìm thấy LibreOffice (lệnh soffice) để tạo PDF. {INSTALL}")


def pipe_file(name: str) -> Path | None:
    """Return the file that stands for LibreOffice's pipe of that name: on POSIX, a socket its osl layer
    makes in /tmp and removes only when it quits in order (an office ended outright leaves it); None on
    Windows, where a named pipe goes with its process."""
    if os.name == "nt":
        return None
    return Path("/tmp") / f"OSL_PIPE_{os.getuid()}_{name}"


def ipc_pipe(profile: str) -> Path | None:
    """Return the file of the pipe by which a LibreOffice using the profile at that URL finds a second
    start with the same profile (pipe_file), named by LibreOffice from the profile: the MD5 of its URL
    in UTF-16, each byte in hex without its leading zero."""
    digest = hashlib.md5(profile.encode("utf-16-le"), usedforsecurity=False).digest()
    return pipe_file("SingleOfficeIPC_" + "".join(f"{b:x}" for b in digest))


def profile_of(command: list[str]) -> str | None:
    """Return the URL of the profile a soffice command line names (-env:UserInstallation=), if any."""
    prefix = "-env:UserInstallation="
    return next((arg[len(prefix):] for arg in command if arg.startswith(prefix)), None)


def _run(command: list[str], timeout: float) -> subprocess.CompletedProcess:
    """Run soffice under the lifeline (docgen.output.guard): LibreOffice is three processes deep, and
    docgen killed or timed out mid-way must not leave soffice.bin converting on, nor its profile's
    folder (the work folder) and pipe in /tmp."""
    work = Path(command[command.index("--outdir") + 1]).parent  # _pdf_of's: profile and output inside
    pipe = ipc_pipe(profile_of(command) or "")
    return guard.run(command, [work, *([pipe] if pipe else [])], timeout)


def convert(docx: Path, pdf: Path, within: Path | None = None, run=_run) -> None:
    """Write pdf from docx with LibreOffice; the previous pdf stays intact on failure. Where LibreOffice
    leaves a heading at the foot of a page, it converts once more (docgen.output.pagefoot).

    The work (a copy of docx, LibreOffice's profile) goes to a temporary folder inside within
    (default: the system's); run(command, timeout) runs soffice (the preview's ties it to its life)."""
    if not is_docx(docx):
        raise UsageError(f"{docx} không phải là tệp Word (.docx) đọc được")
    program = soffice()
    with tempfile.TemporaryDirectory(prefix="docgen-pdf-", dir=within, ignore_cleanup_errors=True) as tmp:
        work = Path(tmp)
        source = work / "in.docx"  # a plain name: LibreOffice mangles some others
        shutil.copyfile(docx, source)
        data = _pdf_of(program, work, source, docx, run)
        again = keep_headings(source.read_bytes(), data)
        if again is not None:
            source.write_bytes(again)
            data = _pdf_of(program, work, source, docx, run)
        write_atomic(pdf, shorten(data, run_in_labels(source.read_bytes())))


def _pdf_of(program: str, work: Path, source: Path, docx: Path, run) -> bytes:
    """Return the PDF LibreOffice makes of source (docx, as the user named it); DocgenError if none."""
    out = work / "out"
    shutil.rmtree(out, ignore_errors=True)
    command = [program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
               "--convert-to", f"pdf:writer_pdf_Export:{export_options()}", "--outdir", str(out), str(source)]
    try:
        result = run(command, TIMEOUT)
    except subprocess.TimeoutExpired:  # the runner ended it, its folder and pipe with it
        raise DocgenError(f"LibreOffice không chuyển xong {docx} sau {TIMEOUT} giây") from None
    produced = out / "in.pdf"
    data = produced.read_bytes() if produced.is_file() else b""
    if not data.startswith(b"%PDF-"):
        detail = (result.stderr or result.stdout).decode("utf-8", "replace").strip().splitlines()
        raise DocgenError(f"LibreOffice không tạo được PDF từ {docx}" + (f": {detail[-1]}" if detail else ""))
    return data

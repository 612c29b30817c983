"""LibreOffice kept running for the length of one command (`docgen preview`).

A cold `soffice --convert-to pdf` spends about a second starting the office
before it converts anything. The preview converts on every save, so it keeps
one office open through docgen/office_worker.py, which needs a Python with
LibreOffice's `uno` module; the office and the worker end with the preview
(the worker stops when its stdin closes, even if the preview was killed).
Where no such Python is found, every conversion is a cold one: slower, the
same pages.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from docgen.base.errors import DocgenError
from docgen.output.pdf import convert, export_options, soffice

WORKER = Path(__file__).resolve().parent / "office_worker.py"


def uno_python(program: str) -> str | None:
    """Return a Python that can import uno: LibreOffice's own, this one, or the system's; else None."""
    folder = Path(program).resolve().parent
    candidates = [folder / "python.exe", folder / "python", Path(sys.executable)]
    candidates += [Path(found) for found in (shutil.which("python3"), shutil.which("python")) if found]
    candidates.append(Path("/usr/bin/python3"))  # where Linux distributions' python3-uno installs uno
    for candidate in dict.fromkeys(candidates):
        if not candidate.is_file():
            continue
        try:
            probe = subprocess.run([str(candidate), "-c", "import uno"], capture_output=True, timeout=30,
                                   stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0:
            return str(candidate)
    return None


class Office:
    """Converts .docx files to PDF, with one LibreOffice kept open when it can be."""

    def __init__(self, keep_running: bool = True):
        self.program = soffice()  # ToolMissing, with what to install, when there is no LibreOffice
        self._lock = threading.Lock()
        self._work = Path(tempfile.mkdtemp(prefix="docgen-office-"))
        self._worker: subprocess.Popen | None = None
        python = uno_python(self.program) if keep_running else None
        if python:
            self._start(python)

    @property
    def kept_running(self) -> bool:
        """Return whether conversions go to an office kept open (else each one starts LibreOffice)."""
        return self._worker is not None and self._worker.poll() is None

    def _start(self, python: str) -> None:
        pipe = f"docgen-{os.getpid()}-{id(self):x}"
        command = [python, str(WORKER), self.program, (self._work / "profile").as_uri(), pipe, export_options()]
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}  # not this venv's
        self._worker = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, text=True, encoding="utf-8", env=env)
        if self._worker.stdout.readline().strip() != "ready":
            self._stop_worker()

    def to_pdf(self, docx: Path, pdf: Path) -> None:
        """Write pdf from docx, as docgen.output.pdf.convert makes it (a heading LibreOffice left at the
        foot of a page sent over, bookmarks titled); DocgenError if LibreOffice makes none."""
        from docgen.output.bookmarks import run_in_labels, shorten
        from docgen.output.pagefoot import keep_headings
        from docgen.output.write import write_atomic

        with self._lock:
            if not self.kept_running:
                convert(docx, pdf)
                return
            source = Path(docx)
            self._ask(source, pdf, docx)
            again = keep_headings(source.read_bytes(), pdf.read_bytes())
            if again is not None:
                source = self._work / "again.docx"
                source.write_bytes(again)
                self._ask(source, pdf, docx)
        data = pdf.read_bytes()
        done = shorten(data, run_in_labels(source.read_bytes()))
        if done is not data:
            write_atomic(pdf, done)

    def _ask(self, source: Path, pdf: Path, docx: Path) -> None:
        """Have the office kept open convert source to pdf (the lock held); DocgenError naming docx (the
        user's file) if it makes none."""
        self._worker.stdin.write(f"{source}\t{pdf}\n")
        self._worker.stdin.flush()
        answer = self._worker.stdout.readline().strip()
        if answer != "ok" or not pdf.is_file():
            raise DocgenError(f"LibreOffice không tạo được PDF từ {docx}: {answer or 'LibreOffice đã dừng'}")

    def _stop_worker(self) -> None:
        worker, self._worker = self._worker, None
        if worker is None:
            return
        try:
            worker.stdin.close()
            worker.wait(timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            worker.kill()
            worker.wait()

    def close(self) -> None:
        """Stop the office and remove its profile."""
        with self._lock:
            self._stop_worker()
        shutil.rmtree(self._work, ignore_errors=True)

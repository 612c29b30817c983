"""LibreOffice kept running for the length of one command (`docgen preview`).

A cold `soffice --convert-to pdf` spends about a second starting the office
before it converts anything. The preview converts on every save, so it keeps
one office open through docgen/output/office_worker.py, which needs a Python
with LibreOffice's `uno` module. Where no such Python is found, every
conversion is a cold one: slower, the same pages.

Nothing outlives the command: every LibreOffice runs under
docgen/output/lifeline.py, which ends its whole process tree and removes the
office's folder (profile and pages) when the command ends, however it ends
(Ctrl-C, a closed terminal, kill -9). `close()` ends it at once, during a
conversion too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from docgen.base.errors import DocgenError
from docgen.output.bookmarks import run_in_labels, shorten
from docgen.output.guard import end, launch
from docgen.output.pagefoot import keep_headings
from docgen.output.pdf import convert, export_options, ipc_pipe, pipe_file, profile_of, soffice
from docgen.output.write import write_atomic

WORKER = Path(__file__).resolve().parent / "office_worker.py"
GRACE_SECONDS = 1.5  # an idle office told to quit gets this long before it is ended outright


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
        self._lock = threading.Lock()  # one conversion at a time
        self._state = threading.Lock()  # closing, and what may not happen after it (a folder made, a start)
        self._closed = False
        self._work = Path(tempfile.mkdtemp(prefix="docgen-office-"))
        self._worker: subprocess.Popen | None = None  # the office kept open: its lifeline, the worker's pipes
        self._cold: subprocess.Popen | None = None  # a cold conversion under way: its lifeline
        self._pipe: Path | None = None  # the file of the kept office's pipe, if it has one
        self._ipc: Path | None = None  # and of the pipe LibreOffice makes for its profile (pdf.ipc_pipe)
        self._guard: subprocess.Popen | None = None  # a lifeline guarding the folder between cold conversions
        python = uno_python(self.program) if keep_running else None
        try:
            if python:
                self._start(python)
            if not self.kept_running:
                self._guard_folder()
        except BaseException:  # Ctrl-C while LibreOffice starts
            self.close()
            raise

    @property
    def folder(self) -> Path:
        """Return the office's own folder (profile, work files): in every command line it starts."""
        return self._work

    @property
    def kept_running(self) -> bool:
        """Return whether conversions go to an office kept open (else each one starts LibreOffice)."""
        return self._worker is not None and self._worker.poll() is None

    def _start(self, python: str) -> None:
        pipe = f"docgen-{os.getpid()}-{id(self):x}"
        profile = (self._work / "profile").as_uri()
        command = [python, str(WORKER), self.program, profile, pipe, export_options()]
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}  # not this venv's
        self._pipe = pipe_file(pipe)
        self._ipc = ipc_pipe(profile)
        paths = [self._work, *(f for f in (self._pipe, self._ipc) if f is not None)]
        self._worker = launch(command, paths, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, encoding="utf-8", env=env)
        if self._worker.stdout.readline().strip() != "ready":
            end(self._worker)
            self._worker = None

    def _guard_folder(self) -> None:
        """Keep a lifeline guarding the folder while no office is kept open (whose lifeline does)."""
        if self._guard is None or self._guard.poll() is not None:
            self._guard = launch([], [self._work], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)

    def scratch(self) -> tempfile.TemporaryDirectory:
        """Return a new temporary folder inside the office's own, removed with it whatever ends docgen;
        DocgenError once the office is closed."""
        with self._state:
            self._refuse_if_closed()
            self._work.mkdir(exist_ok=True)  # a cold conversion ended by its timeout took it away
            return tempfile.TemporaryDirectory(prefix="docgen-preview-", dir=self._work, ignore_cleanup_errors=True)

    def _refuse_if_closed(self) -> None:
        if self._closed:
            raise DocgenError("LibreOffice đã dừng")

    def to_pdf(self, docx: Path, pdf: Path) -> None:
        """Write pdf from docx, as docgen.output.pdf.convert makes it (a heading LibreOffice left at the
        foot of a page sent over, bookmarks titled); DocgenError if LibreOffice makes none, or the office
        was closed."""
        with self._lock:
            self._refuse_if_closed()
            if not self.kept_running:
                try:
                    convert(docx, pdf, within=self._work, run=self._run_cold)
                except OSError:
                    self._refuse_if_closed()  # closed mid-way: its folder went under the conversion
                    raise
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
        try:
            self._worker.stdin.write(f"{source}\t{pdf}\n")
            self._worker.stdin.flush()
            answer = self._worker.stdout.readline().strip()
        except (OSError, ValueError):  # the worker ended (closed: ValueError on its closed pipe)
            answer = ""
        if answer != "ok" or not pdf.is_file():
            raise DocgenError(f"LibreOffice không tạo được PDF từ {docx}: {answer or 'LibreOffice đã dừng'}")

    def _run_cold(self, command: list[str], timeout: float) -> subprocess.CompletedProcess:
        """Run one `soffice --convert-to` under the lifeline (docgen.output.pdf.convert's runner)."""
        pipe = ipc_pipe(profile_of(command) or "")  # left in /tmp by an office ended outright
        with self._state:
            self._refuse_if_closed()
            self._guard_folder()
            process = self._cold = launch(command, [self._work, *([pipe] if pipe else [])], stdin=subprocess.DEVNULL,
                                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            end(process)
            raise
        finally:
            self._cold = None
        return subprocess.CompletedProcess(command, process.returncode, out, err)

    def close(self) -> None:
        """Stop the office and remove its folder: politely when it is idle, at once during a conversion."""
        with self._state:
            self._closed = True
            cold, guard = self._cold, self._guard
        idle = self._lock.acquire(blocking=False)
        try:
            worker = self._worker
            if worker is not None and idle:
                try:
                    worker.stdin.close()  # the worker quits LibreOffice and exits
                    worker.wait(timeout=GRACE_SECONDS)
                except (OSError, subprocess.TimeoutExpired):
                    pass
            for lifeline in (worker, cold, guard):
                if lifeline is not None:
                    end(lifeline)
        finally:
            if idle:
                self._lock.release()
        for pipe in (self._pipe, self._ipc):
            if pipe is not None:
                pipe.unlink(missing_ok=True)  # left by an office that did not quit in order
        for _ in range(40):  # Windows: files of ended processes are released a moment later
            shutil.rmtree(self._work, ignore_errors=True)
            if not self._work.exists():
                break
            time.sleep(0.05)

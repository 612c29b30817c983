"""Programs started tied to docgen's life: run under docgen/output/lifeline.py.

LibreOffice runs several processes deep, and an operating system ends only the
process it is told to: when docgen is killed (kill -9, a closed terminal, a
crash), what it started goes on, orphaned, with its folder. A program started
here runs under the lifeline, which ends its whole process tree and removes the
paths named with it when docgen ends, however it ends; `end()` ends it at once.
Used by `docgen pdf` (one conversion) and the preview's office (kept open).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

LIFELINE = Path(__file__).resolve().parent / "lifeline.py"
# Windows: the lifeline is kept from the console's Ctrl-C (a process group of its own) and from its
# closing (a hidden console of its own), so that it sees docgen end and then cleans up.
NEW_GROUP = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0) | getattr(subprocess, "CREATE_NO_WINDOW", 0)


def guarded(command: list[str], *paths: Path) -> list[str]:
    """Return command run under the lifeline: its whole tree ended and paths removed when this
    process ends, however it ends (see docgen/output/lifeline.py)."""
    return [sys.executable, "-I", str(LIFELINE), str(os.getpid()), *map(str, paths), "--", *command]


def launch(command: list[str], paths: list[Path], **options) -> subprocess.Popen:
    """Start command under the lifeline, outside this process's group and session: a Ctrl-C or a
    closed terminal reaches docgen alone, which then ends the program itself."""
    return subprocess.Popen(guarded(command, *paths), start_new_session=True, creationflags=NEW_GROUP, **options)


def end(lifeline: subprocess.Popen) -> None:
    """End a lifeline's whole tree now (POSIX: SIGTERM, which it answers by ending the tree and
    removing its paths; Windows: TerminateProcess, which closes its Job Object's last handle)."""
    if lifeline.poll() is not None:
        return
    lifeline.terminate()
    try:
        lifeline.wait(timeout=3)
    except subprocess.TimeoutExpired:
        lifeline.kill()
        lifeline.wait()


def run(command: list[str], paths: list[Path], timeout: float) -> subprocess.CompletedProcess:
    """Run command under the lifeline and return what it printed; at the timeout (TimeoutExpired) or on
    Ctrl-C its whole tree is ended and paths removed before the exception goes on."""
    process = launch(command, paths, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = process.communicate(timeout=timeout)
    except BaseException:
        end(process)
        raise
    return subprocess.CompletedProcess(command, process.returncode, out, err)

"""Deterministic, atomic file output, and the lock under which docgen edits a file in place.

A file is written to a temporary file in its folder and renamed over the old one when complete,
so a failure or a kill leaves the old file whole; temporaries a kill left behind are removed by
the next write to the same file. A file the user made read-only is not replaced. A file edited
in place (`import --into`) is edited under `exclusive`, which makes a second docgen process wait,
and is replaced only if it still holds what was read (`expected`): an editor saving meanwhile
takes no lock, and its save is never silently overwritten.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from docgen.base import cache
from docgen.base.errors import UsageError, os_reason


class Changed(UsageError):
    """The file changed on disk between docgen reading it and replacing it."""


def _mode(path: Path) -> int:
    """Return the permissions the file should have: those it had, or the default for new files."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: Path, data: bytes, expected: bytes | None = None) -> None:
    """Write data to path through a temporary file in the same folder, renamed when complete.
    expected: what the file held when it was read; Changed if it holds anything else now."""
    path = Path(path)
    if path.is_symlink():  # write where the link points: replacing the link would leave the file as it was
        path = path.resolve()
    if path.is_dir():
        raise UsageError(f"{path} là một thư mục; hãy ghi tên tệp kết quả")
    if path.exists() and not path.is_file():
        raise UsageError(f"{path} không phải là tệp thường (thiết bị, FIFO…); docgen không ghi vào đó")
    blocking = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise UsageError(f"không ghi được {path}: {blocking} là một tệp, không phải thư mục")
    if path.is_file() and not path.stat().st_mode & 0o222:
        raise UsageError(f"{path} đang được đặt chỉ cho đọc; docgen không thay tệp đó. Hãy bỏ thuộc tính chỉ "
                         "đọc của tệp nếu muốn ghi vào, hoặc ghi ra tệp khác (-o)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _clean_leftovers(path)
        _write(path, data, expected)
    except OSError as exc:
        raise UsageError(f"không ghi được {path}: {os_reason(exc)}") from None


def _write(path: Path, data: bytes, expected: bytes | None) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode(path))
        if expected is not None and _current(path) != expected:
            raise Changed(f"{path} vừa bị thay đổi (một chương trình khác đã lưu tệp) trong lúc docgen làm việc; "
                          "docgen không ghi gì để không mất thay đổi đó. Hãy chạy lại lệnh.")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _alive(pid: int) -> bool:
    if sys.platform == "win32":
        return True  # no cheap, safe probe there: leftovers are kept rather than risk a live write
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True


def _clean_leftovers(path: Path) -> None:
    """Remove the temporaries of earlier writes of path whose process is gone (killed mid-write)."""
    prefix = f".{path.name}."
    try:
        names = [n for n in os.listdir(path.parent) if n.startswith(prefix) and n.endswith(".tmp")]
    except OSError:
        return
    for name in names:
        pid = name[len(prefix):].split(".", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            (path.parent / name).unlink(missing_ok=True)


def _lock_file(path: Path) -> Path:
    """Return the lock file of path: in docgen's cache folder (or the system's temporary folder), so
    nothing appears beside the user's files."""
    key = hashlib.sha256(os.path.normcase(str(path.resolve())).encode("utf-8")).hexdigest()[:32]
    folder = cache.directory() or Path(tempfile.gettempdir())
    return folder / f"lock-{key}"


@contextmanager
def exclusive(path: Path) -> Iterator[None]:
    """Hold docgen's lock on path for the block: another docgen process editing the same file waits
    until this one has written it (then reads what this one wrote)."""
    try:
        fh = _lock_file(Path(path)).open("a+b")
    except OSError:
        yield  # no folder to lock in: the check of `expected` still refuses a lost update
        return
    with fh:
        _lock(fh.fileno())
        yield  # closing the file releases the lock, on either system


def _lock(fd: int) -> None:
    """Take the exclusive lock of an open lock file, waiting as long as another process holds it."""
    if sys.platform == "win32":
        import msvcrt  # Windows only

        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # retries for 10 s, then raises: wait on
                return
            except OSError:
                continue
    else:
        import fcntl  # POSIX only

        fcntl.flock(fd, fcntl.LOCK_EX)

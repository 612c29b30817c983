"""Deterministic, atomic file output."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from docgen.base.errors import UsageError, os_reason


def _mode(path: Path) -> int:
    """Return the permissions the file should have: those it had, or the default for new files."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: Path, data: bytes) -> None:
    """Write data to path through a temporary file in the same folder, renamed when complete."""
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
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write(path, data)
    except OSError as exc:
        raise UsageError(f"không ghi được {path}: {os_reason(exc)}") from None


def _write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode(path))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

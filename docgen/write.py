"""Deterministic, atomic file output."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

from docgen.errors import UsageError

# Word itself writes 1980-01-01 00:00 into every entry of a .docx.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def normalize_zip(data: bytes) -> bytes:
    """Return the same package with fixed timestamps and attributes: same parts, same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            dst.writestr(info, src.read(item.filename), compresslevel=6)
    return out.getvalue()


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
    if path.is_dir():
        raise UsageError(f"{path} là một thư mục; hãy ghi tên tệp kết quả")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write(path, data)
    except OSError as exc:
        raise UsageError(f"không ghi được {path}: {exc.strerror or exc}") from None


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

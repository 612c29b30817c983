"""Deterministic, atomic file output."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from docgen.errors import UsageError

# What the operating system said, as a sentence the user can act on (its own text is English).
_REASONS = {
    errno.ENOSPC: "ổ đĩa đã đầy; hãy giải phóng chỗ trống rồi chạy lại",
    errno.EDQUOT: "đã hết hạn mức dung lượng của bạn trên ổ đĩa; hãy xóa bớt tệp rồi chạy lại",
    errno.EACCES: "không có quyền; hãy chọn thư mục khác hoặc xin quyền ghi/đọc",
    errno.EPERM: "không được phép; hãy chọn thư mục khác hoặc xin quyền",
    errno.EROFS: "ổ đĩa hoặc thư mục chỉ cho đọc; hãy chọn nơi khác để ghi",
    errno.EISDIR: "đó là một thư mục, không phải tệp",
    errno.ENOTDIR: "một phần của đường dẫn không phải là thư mục",
    errno.ENOENT: "tệp hoặc thư mục không còn ở đó (có thể vừa bị xóa hoặc đổi tên)",
    errno.ENAMETOOLONG: "tên tệp hoặc đường dẫn quá dài",
    errno.EIO: "lỗi đọc/ghi của ổ đĩa",
    errno.EMFILE: "mở quá nhiều tệp cùng lúc",
    errno.ETXTBSY: "tệp đang được chương trình khác dùng",
    errno.EBUSY: "tệp đang được chương trình khác dùng",
    errno.EEXIST: "tệp đã có",
    errno.ELOOP: "đường dẫn có liên kết vòng",
}


def os_reason(exc: OSError) -> str:
    """Return why an operating-system call failed, in Vietnamese (never the system's English text)."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    code = errno.errorcode.get(exc.errno or 0)
    return f"lỗi hệ điều hành {code}" if code else "lỗi hệ điều hành"


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

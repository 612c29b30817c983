"""Word files that come from elsewhere, opened within limits.

`check`, `text`, `pdf` and user templates read .docx files that arrive by e-mail.
A .docx is a zip: a 1 MB file may inflate to gigabytes (a zip bomb), and an XML
part may declare entities that expand without end ("billion laughs"). Before
anything parses such a file, its zip directory is read and every part is
inflated here, stopping at the limits below; a part that declares a DTD is
refused (Word never writes one). A part cannot grow past the size its directory
entry declares (zipfile stops there and fails the checksum), so the declared
sizes bound the work.

The limits are far above any real plan: the 2024 sample's largest part is 0.2 MB,
a 9,000-row annex 14 MB.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from contextlib import contextmanager
from pathlib import Path

from docgen.errors import DocgenError, UsageError

MAX_FILE = 100 * 1024 * 1024  # bytes of the .docx itself
MAX_PART = 50 * 1024 * 1024  # bytes of one part once inflated
MAX_TOTAL = 200 * 1024 * 1024  # bytes of all parts once inflated
MAX_RATIO = 200  # inflated / compressed, for parts above RATIO_FROM
RATIO_FROM = 1024 * 1024
MAX_PARTS = 5_000
_CHUNK = 1024 * 1024
_DTD_MARKS = tuple(mark.encode(enc) for mark in ("<!DOCTYPE", "<!ENTITY") for enc in ("utf-8", "utf-16-le", "utf-16-be"))


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:,.0f} MB".replace(",", ".")


def read(path: Path, error: type[DocgenError] = UsageError, what: str = "tệp Word") -> bytes:
    """Return the bytes of the .docx at path once every part is known to be within the limits.

    Raise `error` (a UsageError by default; templates pass TemplateError) with a sentence
    that names the file and what is wrong: missing, not a .docx, damaged, too large, a DTD.
    """
    path = Path(path)
    try:
        if not path.is_file():
            problem = "là một thư mục" if path.is_dir() else ("không phải là tệp thường" if path.exists() else None)
            raise error(f"không tìm thấy {what} {path}" if problem is None else f"{what} {path} {problem}")
        size = path.stat().st_size
        if size > MAX_FILE:
            raise error(f"{what} {path} quá lớn ({_mb(size)}; giới hạn {_mb(MAX_FILE)}); hãy kiểm tra đúng tệp chưa")
        data = path.read_bytes()
    except OSError as exc:
        from docgen.write import os_reason

        raise error(f"không đọc được {what} {path}: {os_reason(exc)}") from None
    check(data, f"{what} {path}", error)
    return data


def check(data: bytes, name: str, error: type[DocgenError] = UsageError) -> None:
    """Raise error unless data is a zip whose parts stay within the limits and declare no DTD."""
    damaged = f"{name} không phải là tệp Word (.docx) đọc được, hoặc đã bị hỏng"
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise error(damaged) from None
    with z:
        items = [i for i in z.infolist() if not i.is_dir()]
        if len(items) > MAX_PARTS:
            raise error(f"{name} có {len(items):,} phần (giới hạn {MAX_PARTS:,}); tệp Word thật chỉ có vài chục".replace(",", "."))
        if "word/document.xml" not in {i.filename for i in items}:
            raise error(damaged)
        total = sum(i.file_size for i in items)
        for item in items:
            if item.file_size > MAX_PART:
                raise error(f"{name}: phần {item.filename} khi giải nén lớn {_mb(item.file_size)} "
                            f"(giới hạn {_mb(MAX_PART)}); tệp có thể là «bom nén», docgen không mở")
            if item.file_size > RATIO_FROM and item.file_size > MAX_RATIO * max(item.compress_size, 1):
                raise error(f"{name}: phần {item.filename} nén với tỷ lệ bất thường "
                            f"({item.file_size // max(item.compress_size, 1):,} lần; giới hạn {MAX_RATIO} lần); "
                            "tệp có thể là «bom nén», docgen không mở".replace(",", "."))
        if total > MAX_TOTAL:
            raise error(f"{name} khi giải nén lớn {_mb(total)} (giới hạn {_mb(MAX_TOTAL)}); docgen không mở")
        for item in items:
            if item.filename.endswith((".xml", ".rels")) or item.filename == "[Content_Types].xml":
                _no_dtd(z, item, name, damaged, error)


def _no_dtd(z: zipfile.ZipFile, item: zipfile.ZipInfo, name: str, damaged: str, error) -> None:
    """Inflate one XML part in chunks (never more than it declares) and refuse a DTD in it."""
    tail = b""
    try:
        with z.open(item) as fh:
            while chunk := fh.read(_CHUNK):
                window = tail + chunk
                if any(mark in window for mark in _DTD_MARKS):
                    raise error(f"{name}: phần {item.filename} khai báo DTD/thực thể XML (<!DOCTYPE, <!ENTITY); "
                                "Word không bao giờ ghi như vậy, docgen không mở tệp này")
                tail = window[-32:]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError):
        raise error(damaged) from None


@contextmanager
def reading(path: Path, error: type[DocgenError] = UsageError):
    """Turn what python-docx raises on a structurally damaged document (a part missing that a
    relationship names, an element without the children it must have, a number that is not one)
    into error, naming the file: such a file is damaged, not a fault of docgen."""
    from docx.oxml.exceptions import InvalidXmlError
    from lxml.etree import LxmlError

    try:
        yield
    except (InvalidXmlError, LxmlError, KeyError, AttributeError, ValueError, IndexError, TypeError) as exc:
        raise error(f"{path} có phần bị hỏng hoặc thiếu ({type(exc).__name__}), docgen không đọc được. "
                    "Hãy mở tệp bằng Word, lưu lại rồi thử lại") from None

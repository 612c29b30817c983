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
import re
import zipfile
import zlib
from contextlib import contextmanager
from pathlib import Path

from lxml import etree
from lxml.etree import LxmlError

from docgen.base.errors import DocgenError, UsageError, os_reason
from docgen.base.vn import integer

MAX_FILE = 100 * 1024 * 1024  # bytes of the .docx itself
MAX_PART = 50 * 1024 * 1024  # bytes of one part once inflated
MAX_TOTAL = 200 * 1024 * 1024  # bytes of all parts once inflated
MAX_RATIO = 200  # inflated / compressed, for parts above RATIO_FROM
RATIO_FROM = 1024 * 1024
MAX_PARTS = 5_000
_CHUNK = 1024 * 1024


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:,.0f} MB".replace(",", ".")


def read(path: Path, error: type[DocgenError] = UsageError, what: str = "tệp Word",
         main: str = "word/document.xml") -> bytes:
    """Return the bytes of the .docx at path once every part is known to be within the limits
    (of the .xlsx with main="xl/workbook.xml": a spreadsheet is the same kind of zip).

    Raise `error` (a UsageError by default; templates pass TemplateError) with a sentence
    that names the file and what is wrong: missing, not a .docx, damaged, too large, a DTD.
    """
    path = Path(path)
    try:
        if not path.is_file():
            problem = ("là một thư mục" if path.is_dir() else
                       "không phải là tệp thường (thiết bị, FIFO…)" if path.exists() else None)
            raise error(f"không tìm thấy {what} {path}" if problem is None else f"{what} {path} {problem}")
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE + 1)  # never more, even if the file grows meanwhile
        if len(data) > MAX_FILE:
            raise error(f"{what} {path} quá lớn (hơn {_mb(MAX_FILE)}); hãy kiểm tra đúng tệp chưa")
    except OSError as exc:
        raise error(f"không đọc được {what} {path}: {os_reason(exc)}") from None
    check(data, f"{what} {path}", error, main)
    return data


def _directory(data: bytes) -> tuple[int, int] | None:
    """Return (entries, bytes) of the zip's central directory as its end record declares them, read
    before zipfile builds every entry; None if there is no end record."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end == -1 or end + 22 > len(data):
        return None
    entries, size = int.from_bytes(data[end + 10:end + 12], "little"), int.from_bytes(data[end + 12:end + 16], "little")
    if entries == 0xFFFF or size == 0xFFFFFFFF:  # zip64: the count is in the zip64 end record
        record = data.rfind(b"PK\x06\x06", 0, end)
        if record != -1 and record + 56 <= len(data):
            entries = int.from_bytes(data[record + 32:record + 40], "little")
            size = int.from_bytes(data[record + 40:record + 48], "little")
    return entries, size


# What zipfile raises on a directory or an entry it cannot read: a damaged (or hostile) file.
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError,
               NotImplementedError, IndexError, KeyError, UnicodeDecodeError, TypeError, OverflowError)


# The main part of each kind of package docgen reads, and what the user calls such a file.
_KINDS = {"word/document.xml": "tệp Word (.docx)", "xl/workbook.xml": "bảng tính Excel (.xlsx)"}


def check(data: bytes, name: str, error: type[DocgenError] = UsageError, main: str = "word/document.xml") -> None:
    """Raise error unless data is a zip whose parts stay within the limits, all inflate, and
    declare no DTD, and that has the main part (a .docx's unless named)."""
    damaged = f"{name} không phải là {_KINDS[main]} đọc được, hoặc đã bị hỏng"
    directory = _directory(data)
    if directory is not None and directory[0] > MAX_PARTS:
        raise error(f"{name} khai báo {integer(directory[0])} phần (giới hạn {integer(MAX_PARTS)}); tệp Word thật chỉ có vài chục")
    if directory is not None and directory[1] > MAX_PARTS * 1024:  # a long name each: as costly as many parts
        raise error(f"{name} có mục lục zip lớn bất thường ({_mb(directory[1])}); docgen không mở")
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        items = [i for i in z.infolist() if not i.is_dir()]
    except _ZIP_ERRORS:
        raise error(damaged) from None
    with z:
        if len(items) > MAX_PARTS:
            raise error(f"{name} có {integer(len(items))} phần (giới hạn {integer(MAX_PARTS)}); tệp Word thật chỉ có vài chục")
        if main not in {i.filename for i in items}:
            raise error(damaged)
        total = sum(i.file_size for i in items)
        for item in items:
            if item.file_size > MAX_PART:
                raise error(f"{name}: phần {item.filename} khi giải nén lớn {_mb(item.file_size)} "
                            f"(giới hạn {_mb(MAX_PART)}); tệp có thể là «bom nén», docgen không mở")
            if item.file_size > RATIO_FROM and item.file_size > MAX_RATIO * max(item.compress_size, 1):
                ratio = integer(item.file_size // max(item.compress_size, 1))
                raise error(f"{name}: phần {item.filename} nén với tỷ lệ bất thường ({ratio} lần; giới hạn "
                            f"{MAX_RATIO} lần); tệp có thể là «bom nén», docgen không mở")
        if total > MAX_TOTAL:
            raise error(f"{name} khi giải nén lớn {_mb(total)} (giới hạn {_mb(MAX_TOTAL)}); docgen không mở")
        for item in items:  # every part, whatever its name: Word and LibreOffice follow relationships
            _inflate(z, item, name, error)


_BOMS = {b"\xef\xbb\xbf": "utf-8", b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}
_STARTS = {b"<\x00?\x00": "utf-16-le", b"\x00<\x00?": "utf-16-be"}


def _inflate(z: zipfile.ZipFile, item: zipfile.ZipInfo, name: str, error) -> None:
    """Inflate one part in chunks (never more than it declares). A part that is XML must be in
    an encoding Word writes (UTF-8 or UTF-16) and declare no DTD."""
    tail, marks = b"", None
    try:
        with z.open(item) as fh:
            while chunk := fh.read(_CHUNK):
                if marks is None:
                    marks = _dtd_marks(chunk, item.filename, name, error)
                window = tail + chunk
                if marks and any(mark in window for mark in marks):
                    raise error(f"{name}: phần {item.filename} khai báo DTD/thực thể XML (<!DOCTYPE, <!ENTITY); "
                                "Word không bao giờ ghi như vậy, docgen không mở tệp này")
                tail = window[-64:]
    except _ZIP_ERRORS:
        raise error(f"{name}: phần {item.filename} bị hỏng, không giải nén được; tệp đã bị hỏng "
                    "(hãy lấy lại bản gốc hoặc mở bằng Word rồi lưu lại)") from None


def _dtd_marks(head: bytes, part: str, name: str, error) -> tuple[bytes, ...]:
    """Return the DTD markers to look for in a part that begins with head ((): not XML)."""
    if head[:4] in (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00") or (len(head) >= 4 and head[:4].count(b"\x00") == 3):
        raise error(f"{name}: phần {part} viết bằng bảng mã Word không dùng (UTF-32); docgen không mở")
    encoding = next((e for bom, e in _BOMS.items() if head.startswith(bom)), None)
    encoding = encoding or next((e for start, e in _STARTS.items() if head.startswith(start)), None)
    stripped = head.lstrip()
    if encoding is None and stripped.startswith(b"<"):
        declared = re.match(rb"<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._-]+)", stripped)
        encoding = declared.group(1).decode("ascii").lower() if declared else "utf-8"
        encoding = {"utf8": "utf-8", "utf-16": "utf-16-le"}.get(encoding, encoding)
    if encoding is None:
        return ()  # not XML (a picture, a font)
    if encoding not in ("utf-8", "utf-16-le", "utf-16-be", "us-ascii", "ascii", "iso-8859-1", "windows-1252"):
        raise error(f"{name}: phần {part} khai báo bảng mã «{encoding}», Word không dùng; docgen không mở")
    codec = "utf-8" if encoding in ("us-ascii", "ascii", "iso-8859-1", "windows-1252") else encoding
    return tuple(mark.encode(codec) for mark in ("<!DOCTYPE", "<!ENTITY"))


@contextmanager
def reading(path: Path, error: type[DocgenError] = UsageError):
    """Turn what python-docx raises on a structurally damaged document (a part missing that a
    relationship names, an element without the children it must have, a number that is not one)
    into error, naming the file: such a file is damaged, not a fault of docgen."""
    from docx.oxml.exceptions import InvalidXmlError  # heavy: python-docx, off the render path

    try:
        yield
    except (InvalidXmlError, LxmlError, KeyError, AttributeError, ValueError, IndexError, TypeError) as exc:
        raise error(f"{path} có phần bị hỏng hoặc thiếu ({type(exc).__name__}), docgen không đọc được. "
                    "Hãy mở tệp bằng Word, lưu lại rồi thử lại") from None


def parse(data: bytes):
    """Return the XML of a part read from a file from elsewhere, parsed by the one hardened parser:
    no entity expanded, nothing fetched, no tree deeper or larger than lxml's safe defaults. (The
    file itself was first read within the limits above: no DTD reaches this.)"""
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))


def starts(data: bytes, names: set[str]):
    """Yield each element of a part from elsewhere whose local name is in names, as its start tag is
    read (its attributes, not yet its children), through the same hardened parser as parse;
    XMLSyntaxError if the part is not XML."""

    for _, element in etree.iterparse(io.BytesIO(data), events=("start",), resolve_entities=False,
                                      no_network=True, huge_tree=False):
        if isinstance(element.tag, str) and etree.QName(element).localname in names:
            yield element


def __getattr__(name: str):
    """XMLSyntaxError: what parse and starts raise on a part that is not XML (lxml's, loaded only
    when a caller names it)."""
    if name == "XMLSyntaxError":
        from lxml.etree import XMLSyntaxError  # heavy: lxml, only when a caller names it

        return XMLSyntaxError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""One root error type; content problems carry file, line, column and field path."""

from __future__ import annotations

import errno
import re
from dataclasses import dataclass

ERROR = "lỗi"
WARNING = "cảnh báo"

# Characters that would act on a terminal rather than print: C0/C1 controls (ESC starts colour and
# cursor sequences) and the bidirectional overrides that reorder what is shown. New lines are kept.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Return text safe to print: every control character written as a visible escape (\\x1b)."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}",
                        text)


def shorten(text: str, width: int = 80) -> str:
    """Return text cut to width characters (an echo of the user's value, not a copy of it)."""
    text = str(text)
    return text if len(text) <= width else text[: width - 1] + "…"


TERMINAL_LINES = 1000  # a list longer than this is cut on a terminal (never in a file or a pipe)


def capped(lines: list[str], stream, noun: str = "lỗi") -> list[str]:
    """Return lines as a terminal should show them: at most TERMINAL_LINES, then «… và N lỗi khác».
    A file, a pipe or JSON output gets every line: a reader that scrolls is not a program that reads."""
    isatty = getattr(stream, "isatty", None)
    if len(lines) <= TERMINAL_LINES or not (isatty and isatty()):
        return lines
    more = f"… và {integer_text(len(lines) - TERMINAL_LINES)} {noun} khác (ghi ra tệp để xem hết, ví dụ: docgen … > ra.txt 2>&1)"
    return [*lines[:TERMINAL_LINES], more]


def integer_text(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a plan file, located as precisely as the source allows."""

    file: str
    line: int | None
    column: int | None
    path: str
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.path}:" if self.path else ""
        tag = " (cảnh báo)" if self.severity == WARNING else ""
        return printable(f"{where}:{field}{tag} {self.message}")


class DocgenError(Exception):
    """Root of every error that docgen reports to the user as a message (never with the raw
    control characters a file name or a YAML key may hold)."""

    exit_code = 1

    def __str__(self) -> str:
        return printable(super().__str__())


class UsageError(DocgenError):
    """The command line asks for something impossible (missing file, bad option)."""

    exit_code = 2


class ContentError(DocgenError):
    """The plan's content is invalid; carries every problem found, in file order."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=_order)
        super().__init__("\n".join(str(p) for p in self.problems))


class TemplateError(DocgenError):
    """The Word template cannot be used with this plan (a usage problem: another template is needed)."""

    exit_code = 2


def _order(p: Problem) -> tuple:
    return (p.file, p.line or 0, p.column or 0, p.path)


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

"""One root error type; content problems carry file, line, column and field path."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "lỗi"
WARNING = "cảnh báo"


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
        return f"{where}:{field}{tag} {self.message}"


class DocgenError(Exception):
    """Root of every error that docgen reports to the user as a message."""

    exit_code = 1


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

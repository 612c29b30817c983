"""The verbs of the `docgen` command, one module each, each with `run(args) -> exit code`.

What several verbs need of the command line (a file that must exist, the Word
template to use) is here, so that each verb says it the same way.
"""

from __future__ import annotations

from pathlib import Path

from docgen.errors import UsageError


def existing(path: str) -> Path:
    """Return path as a Path; UsageError if there is no such file."""
    p = Path(path)
    if not p.is_file():
        raise UsageError(f"không tìm thấy tệp {path}")
    return p


def template(name: str | None) -> Path:
    """Return the Word template named on the command line, or docgen's own."""
    from docgen.pipeline import TEMPLATE, check_template

    return check_template(existing(name)) if name else TEMPLATE

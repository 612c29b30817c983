"""The verbs of the `docgen` command, one module each, each with `run(args) -> exit code`.

What several verbs need of the command line (a file that must exist, the Word
template to use) is here, so that each verb says it the same way.
"""

from __future__ import annotations

import os
from pathlib import Path

from docgen.base.errors import UsageError, printable


def existing(path: str) -> Path:
    """Return path as a Path; UsageError if it is not a regular file that exists (a folder,
    a FIFO or a device is named as such: "not found" would send the user looking elsewhere)."""
    p = Path(path)
    if p.is_file():
        return p
    if p.is_dir():
        raise UsageError(f"{path} là một thư mục, không phải tệp; hãy ghi tên tệp")
    if p.exists():
        raise UsageError(f"{path} không phải là tệp thường (thiết bị, FIFO…); hãy ghi tên một tệp")
    raise UsageError(f"không tìm thấy tệp {path}")


def writable(path: Path, *inputs: Path | None) -> Path:
    """Return path if the command may write there: a new path, or an existing regular file
    that is none of the command's inputs. Refused before anything is written: a slip of the
    hand (`-o plan.yaml`, `-o template.docx`, `-o /dev/sda`) must never cost a file."""
    if path.exists():
        if path.is_dir():
            raise UsageError(f"{path} là một thư mục; hãy ghi tên tệp kết quả")
        if not path.is_file():
            raise UsageError(f"{path} không phải là tệp thường (thiết bị, FIFO…); docgen không ghi vào đó")
        for given in inputs:
            if given is not None and given.exists() and os.path.samefile(path, given):
                raise UsageError(f"tệp kết quả {path} chính là tệp đầu vào {given}; ghi ra đó sẽ mất tệp này. "
                                 "Hãy chọn tên khác cho tệp kết quả (-o)")
    return path


def template(name: str | None) -> Path:
    """Return the Word template named on the command line, or docgen's own. A named template is
    read, checked and prepared here: a damaged or faulty one is a TemplateError (exit 2) before
    any plan is read, and the render finds it prepared."""
    from docgen.render.engine import check_template  # lxml and docxtpl: only when a template is named
    from docgen.render.template import TEMPLATE  # importlib.resources: off the validate, check and text paths

    return check_template(existing(name)) if name else TEMPLATE


def output_path(plan: Path, output: str | None, suffix: str = ".docx") -> Path:
    """Return where plan's document goes: output/<plan><suffix> by default, FOLDER/<plan><suffix>
    for an existing folder or a name ending in a separator, else the file named."""
    out = Path(output) if output else Path("output")
    if not output or out.is_dir() or output.endswith(("/", os.sep)):
        out = out / f"{plan.stem}{suffix}"
    return out


AFTER_IMPORT = "Sau khi nhập, kế hoạch sẽ có lỗi (vị trí trong tệp YAML sau khi nhập; không ghi gì):"


def listing(title: str, lines) -> None:
    """Print title and each line indented under it (escaped: lines quote files), if there are lines:
    the lists every form of `import` reports (not placed, warnings, problems after importing)."""
    lines = list(lines)
    if lines:
        print(title)
        for line in lines:
            print(printable(f"  {line}"))

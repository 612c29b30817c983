"""`docgen template -o MAU.docx`: docgen's own Word template written out, for a user to restyle in Word.

The copy is the template docgen renders with, byte for byte; restyle the "KH …" styles in Word and
render with `--template MAU.docx`.
"""

from __future__ import annotations

from pathlib import Path

from docgen.base.errors import UsageError, printable
from docgen.commands import writable
from docgen.output.write import write_atomic
from docgen.render.template import TEMPLATE


def run(args) -> int:
    out = Path(args.output)
    if out.exists() and not args.force:
        raise UsageError(f"{out} đã có; thêm --force để ghi đè, hoặc chọn tên khác (-o)")
    write_atomic(writable(out, TEMPLATE), TEMPLATE.read_bytes())
    print(printable(f"đã tạo {out} (sửa các kiểu «KH …» trong Word, rồi dùng: docgen render KE_HOACH.yaml "
                    f"--template {out})"))
    return 0

"""`docgen import TEP.docx -o KE_HOACH.yaml`: a Kế hoạch made by hand in Word becomes a new plan.

Exit codes, as for every form of `import`: 0 written, everything placed; 4 written, something
left (listed, and written as comments at the top of the YAML); 1 nothing written; 2 usage or
file errors. A .doc or .odt is first converted by LibreOffice (when installed); a .pdf cannot be.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from docgen.base.errors import ContentError, UsageError, printable, shorten
from docgen.commands import writable
from docgen.convert import convert
from docgen.ooxml import untrusted
from docgen.output import guard
from docgen.output.pdf import INSTALL, TIMEOUT, ToolMissing, ipc_pipe, soffice
from docgen.output.write import write_atomic
from docgen.plan.build import plan_from
from docgen.plan.load import load_text

SOMETHING_LEFT = 4


def _as_docx(path: Path, work: Path) -> Path:
    """Return a .docx to read for path: itself, or LibreOffice's conversion of a .doc/.odt/.rtf."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        raise UsageError(f"{path} là tệp PDF: docgen không đọc được chữ và bảng của PDF như một văn bản Word. "
                         "Hãy lấy tệp Word (.docx, .doc, .odt) của kế hoạch; nếu chỉ có bản PDF, mở nó bằng Word "
                         "(Tệp > Mở) để chuyển thành .docx rồi nhập tệp đó")
    if suffix not in (".doc", ".odt", ".rtf", ".docm", ".dot", ".dotx", ".ott", ".fodt"):
        return path
    try:
        program = soffice()
    except ToolMissing:
        raise UsageError(f"{path} là tệp {suffix}: cần LibreOffice để chuyển sang .docx trước khi nhập. {INSTALL} "
                         f"Hoặc mở tệp bằng Word, chọn Lưu thành (Save As) «Word Document (.docx)» rồi nhập tệp "
                         ".docx đó") from None
    size = path.stat().st_size
    if size > untrusted.MAX_FILE:
        raise UsageError(f"{path} quá lớn; hãy kiểm tra đúng tệp chưa")
    source = work / f"in{suffix}"
    shutil.copyfile(path, source)
    profile = (work / "profile").as_uri()
    pipe = ipc_pipe(profile)
    try:  # under the lifeline: docgen killed mid-way leaves no office converting on, nor its folder
        guard.run([program, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to",
                   "docx:MS Word 2007 XML", "--outdir", str(work / "out"), str(source)],
                  [work, *([pipe] if pipe else [])], TIMEOUT)
    except subprocess.TimeoutExpired:  # ended, with its folder: the temporary one, its cleanup forgives it
        raise UsageError(f"LibreOffice không chuyển xong {path} sau {TIMEOUT} giây") from None
    out = work / "out" / "in.docx"
    if not out.is_file():
        raise UsageError(f"LibreOffice không chuyển được {path} sang .docx; hãy mở bằng Word và lưu thành .docx")
    return out


def run(args) -> int:
    path = Path(args.docx)
    output = Path(args.output)
    if not path.exists():
        raise UsageError(f"không tìm thấy tệp {path}")
    writable(output, path)
    if output.exists() and not args.force:
        raise UsageError(f"{output} đã có; docgen không ghi đè. Hãy chọn tên khác (-o) hoặc thêm --force để ghi đè")
    with tempfile.TemporaryDirectory(prefix="docgen-import-", ignore_cleanup_errors=True) as tmp:
        docx = _as_docx(path, Path(tmp))
        text, report = convert(docx, quotes=not args.khong_trich)
    write_atomic(output, text.encode("utf-8"))
    print(f"Nhập {path} thành kế hoạch mới {output}.")
    for note in report.notes:
        print(printable(f"  {note}"))
    if report.left:
        print(f"Chưa đặt được vào kế hoạch ({len(report.left)} chỗ; ghi thành chú thích ở đầu tệp YAML):")
        for item in report.left:
            shown = f" «{shorten(' '.join(item.text.split()))}»" if item.text.strip() else ""
            print(printable(f"  {item.where}: {item.why}{shown}"))
    try:
        plan_from(load_text(text, str(output)))
    except ContentError as exc:
        print("Tệp YAML chưa hợp lệ (docgen validate báo):")
        for p in exc.problems[:30]:
            print(printable(f"  {p}"))
        return SOMETHING_LEFT
    print(f"đã ghi {output}; tiếp theo: docgen render {output}")
    return SOMETHING_LEFT if report.left else 0

"""`docgen import SUA.docx --into KE_HOACH.yaml`: edits made in Word brought back into the plan.

The plan is rendered again (what the document said before it was edited) and compared
with the edited file (docgen.compare.edits); each edit is placed (docgen.compare.placing) and written into
the YAML in place (docgen.plan.yamledit), and the result must be a valid plan whose rendering says what the
edited file says. Tracked changes not yet accepted are listed and left out unless
--chap-nhan takes them as accepted. Whatever cannot be placed is listed with its
location and text; then nothing is written unless --force. --thu shows the change to
the YAML as a diff and writes nothing. Exit 0: imported (or nothing to import);
1: something was not imported, or the result would not be a valid plan; 2: usage.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from lxml import etree

from docgen.base.errors import ContentError, UsageError, printable, shorten

SOMETHING_LEFT = 4  # written, with something left (listed)
SHEETS = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")  # the last three get a message saying how to convert
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _document(data: bytes, name: Path) -> etree._Element:
    import zipfile
    import zlib

    from docgen.ooxml import package

    try:
        return etree.fromstring(package.read(data)["word/document.xml"], _PARSER)
    except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, EOFError):
        raise UsageError(f"{name} không phải là tệp Word (.docx) đọc được, hoặc đã bị hỏng") from None


def run(args) -> int:
    if args.into is None:
        if Path(args.docx).suffix.lower() in SHEETS:
            raise UsageError("bảng tính chỉ nhập vào một kế hoạch đã có: --into KE_HOACH.yaml --bang MA_BANG")
        if args.output is None:
            raise UsageError("cần -o KE_HOACH.yaml (tạo kế hoạch mới từ tệp Word soạn tay) hoặc --into KE_HOACH.yaml "
                             "(đưa sửa đổi trong tệp Word do docgen tạo về kế hoạch)")
        from docgen.commands.convert_docx import run as convert

        return convert(args)
    if args.output is not None:
        raise UsageError("-o và --into không dùng cùng nhau: -o tạo kế hoạch mới, --into sửa kế hoạch đã có")
    from docgen.output.write import exclusive

    sheet = Path(args.docx).suffix.lower() in SHEETS  # a spreadsheet fills an annex's rows
    if args.bang and not sheet:
        raise UsageError("--bang chỉ dùng khi nhập bảng tính (.xlsx)")
    with exclusive(Path(args.into)):  # a second import into the same plan waits, then reads this one's result
        if sheet:
            from docgen.commands import import_sheet

            return import_sheet.run(args)
        return _import(args)


def _import(args) -> int:
    from docgen.commands import existing, template, writable
    from docgen.compare import edits
    from docgen.plan import yamledit
    from docgen.compare.placing import Placer, Unplaced
    from docgen.compare.reference import rendering
    from docgen.ooxml import package, record, redline, untrusted
    from docgen.plan.build import plan_from
    from docgen.plan.load import format_path, load_bytes, read_file

    edited_path, plan_path = Path(args.docx), existing(args.into)
    if edited_path.exists() and os.path.samefile(edited_path, plan_path):
        raise UsageError(f"--into {plan_path} chính là tệp Word cần nhập; --into phải là tệp kế hoạch YAML")
    writable(plan_path)  # the plan is written in place: a regular file
    chosen = template(args.template)
    data = untrusted.read(edited_path)
    root = _document(data, edited_path)
    with untrusted.reading(edited_path):
        made_from = record.source(package.read(data))
        pending = redline.revisions(root)
        root = redline.accept(root) if args.chap_nhan else redline.reject(root)
        edited_units = edits.units(root)

    raw, size = read_file(plan_path)  # within the size limit, read once: the edits are made to its text
    source = load_bytes(raw, str(plan_path), size)
    text = source.text
    plan = plan_from(source)  # the plan must be valid before anything is placed in it
    reference = edits.units(rendering(plan, chosen).document)
    found = edits.differences(reference, edited_units)
    if found and made_from is not None and made_from != record.fingerprint(source.data) and not args.force:
        print(f"Tệp {edited_path} được tạo từ một phiên bản khác của {plan_path}: tệp YAML đã được sửa sau khi tạo "
              "tệp Word (hoặc đây là tệp Word của một kế hoạch khác). Nhập vào bản hiện tại sẽ xóa mất các sửa "
              "đổi đó. Hãy nhập vào đúng phiên bản đã dùng để tạo tệp Word (ví dụ lấy lại bằng git), hoặc thêm "
              "--force để vẫn đối chiếu với bản hiện tại.")
        return 1
    placer = Placer(source, text, edits.plan_leaves(source, plan.figures), plan.tables, reference)
    for d in found:
        if d.kind == "them":
            placer.unplaced.append(Unplaced(d.after.where, d.after.text, (
                "đoạn/ô mới thêm, không có chỗ trong YAML; hãy thêm vào tệp YAML bằng tay")))
        elif d.before.annex is not None:
            if d.kind == "sua":
                placer.cell(d)
            else:
                placer.unplaced.append(Unplaced(d.before.where, d.before.text, (
                    "ô của phụ lục bị xóa; hãy xóa dòng hoặc số liệu trong tệp YAML bằng tay")))
        elif d.kind == "sua":
            placer.paragraph(d)
        else:
            placer.removed(d)
    placed = placer.finish()
    new_text = yamledit.apply(text, [p.edit for p in placed])

    problems: list[str] = []
    new_plan = plan  # nothing placed: the plan as it is must still print what the file says
    if placed:
        try:
            new_plan = plan_from(load_bytes(new_text.encode("utf-8"), str(plan_path)))  # docgen's limits too
        except ContentError as exc:
            problems, new_plan = [str(p) for p in exc.problems], None
    if new_plan is not None:  # what the new plan prints must be what the edited file says
        again = edits.units(rendering(new_plan, chosen).document)
        reported = {u.where for u in placer.unplaced}
        for d in edits.differences(again, edited_units):
            unit = d.after or d.before
            if unit.where not in reported:
                placer.unplaced.append(Unplaced(unit.where, unit.text, edits.still_differs(d, new_plan.tables)))

    from docgen.base.worddiff import word_diff

    print(printable(f"Nhập {edited_path} vào {plan_path}:"))
    if made_from is None:
        print("  (tệp không có dấu của docgen nên không biết được tạo từ phiên bản nào; đối chiếu với bản hiện tại)")
    shown: set[tuple] = set()
    for p in placed:
        if p.path in shown:
            continue  # several words of one sentence: one line
        shown.add(p.path)
        where = f"{format_path(p.path)} (dòng {source.where(p.path)[0]})"
        if p.removed:
            print(printable(f"  xóa {where}: «{shorten(p.before)}»"))
        else:
            print(printable(f"  sửa {where}: {word_diff(p.before, p.after, 4)}"))
    if not placed:
        print("  không có thay đổi nào để nhập")
    if pending:
        verb = "đã nhập như được chấp nhận" if args.chap_nhan else "chưa được chấp nhận, không nhập (dùng --chap-nhan để nhập)"
        print(f"Theo dõi thay đổi: {len(pending)} thay đổi {verb}:")
        for r in pending[:50]:
            print(printable(f"  {r.kind} ({r.author}, {r.date[:10]}): «{shorten(r.text)}»"))
    if placer.unplaced:
        print("Không đặt được vào YAML (không nhập):")
        for u in placer.unplaced:
            print(printable(f"  {u.where}: «{shorten(u.text)}» — {u.why}"))
    if problems:
        print("Sau khi nhập, kế hoạch sẽ có lỗi (vị trí trong tệp YAML sau khi nhập; không ghi gì):")
        for line in problems:
            print(printable(f"  {line}"))

    if args.thu:
        diff = difflib.unified_diff(text.splitlines(keepends=True), new_text.splitlines(keepends=True),
                                    f"{plan_path} (hiện tại)", f"{plan_path} (sau khi nhập)")
        print(printable("".join(diff)), end="")
        print("(chạy thử: không ghi gì)")
        return 1 if placer.unplaced or problems or (pending and not args.chap_nhan) else 0
    blocked = problems or ((placer.unplaced or (pending and not args.chap_nhan)) and not args.force)
    if blocked:
        if not problems:
            print("Không ghi gì: dùng --force để vẫn ghi những thay đổi đã đặt được.")
        return 1
    if new_text != text:
        from docgen.output.write import write_atomic

        bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""  # a byte-order mark stays if the file had one
        write_atomic(plan_path, (bom + new_text).encode("utf-8"), expected=raw)
        print(f"đã ghi {plan_path}")
        return SOMETHING_LEFT if placer.unplaced or (pending and not args.chap_nhan) else 0
    return 1 if placer.unplaced or (pending and not args.chap_nhan) else 0

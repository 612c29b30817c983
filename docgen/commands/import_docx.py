"""`docgen import SUA.docx --into KE_HOACH.yaml`: edits made in Word brought back into the plan.

The plan is rendered again (what the document said before it was edited) and compared
with the edited file (docgen.compare.edits); each edit is placed (docgen.compare.placing) and written into
the YAML in place (docgen.plan.yamledit), and the result must be a valid plan whose rendering says what the
edited file says. Tracked changes not yet accepted are listed and left out unless
--chap-nhan takes them as accepted. Whatever cannot be placed is listed with its
location and text; then nothing is written unless --force. Figures docgen computes (annex
cells, quoted figures) that Word left as they were are computed again (docgen.compare.recompute).
After placing, the new plan is rendered and compared with the edited file once more; an edit
that makes it print something the file does not say is taken back and listed, so --force
never writes one. --thu shows the change to the YAML as a diff and writes nothing.

A file without docgen's record, or made from another version of the YAML, is refused (each
has its own option to import it all the same): compared with the wrong version, the import
would undo what was changed in the YAML since.

Exit codes, the same for every form: 0 written, everything placed (or nothing to import);
4 written with --force, something left (listed); 1 nothing written (the report says why);
2 usage or file errors. --thu returns what the real import would.
"""

from __future__ import annotations

import difflib
import os
import zipfile
import zlib
from pathlib import Path

from docgen.base.errors import ContentError, UsageError, printable, shorten
from docgen.base.worddiff import word_diff
from docgen.commands import AFTER_IMPORT, existing, listing, template, writable
from docgen.commands.convert_docx import run as convert
from docgen.compare import edits
from docgen.compare.placing import BREAKS, Placer, Unplaced
from docgen.compare.recompute import counterparts, judge
from docgen.compare.reference import rendering
from docgen.ooxml import package, record, redline, untrusted
from docgen.output.write import exclusive, write_atomic
from docgen.plan import yamledit
from docgen.plan.build import plan_from
from docgen.plan.load import format_path, load_bytes, read_file

SOMETHING_LEFT = 4  # written, with something left (listed)
SHEETS = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")  # the last three get a message saying how to convert


def _document(data: bytes, name: Path):
    try:
        return untrusted.parse(package.read(data)["word/document.xml"])
    except (KeyError, untrusted.XMLSyntaxError, zipfile.BadZipFile, zlib.error, EOFError):
        raise UsageError(f"{name} không phải là tệp Word (.docx) đọc được, hoặc đã bị hỏng") from None


def run(args) -> int:
    if args.into is None:
        if Path(args.docx).suffix.lower() in SHEETS:
            raise UsageError("bảng tính chỉ nhập vào một kế hoạch đã có: --into KE_HOACH.yaml --bang MA_BANG")
        if args.output is None:
            raise UsageError("cần -o KE_HOACH.yaml (tạo kế hoạch mới từ tệp Word soạn tay) hoặc --into KE_HOACH.yaml "
                             "(đưa sửa đổi trong tệp Word do docgen tạo về kế hoạch)")
        return convert(args)
    if args.output is not None:
        raise UsageError("-o và --into không dùng cùng nhau: -o tạo kế hoạch mới, --into sửa kế hoạch đã có")
    sheet = Path(args.docx).suffix.lower() in SHEETS  # a spreadsheet fills an annex's rows
    if args.bang and not sheet:
        raise UsageError("--bang chỉ dùng khi nhập bảng tính (.xlsx)")
    with exclusive(Path(args.into)):  # a second import into the same plan waits, then reads this one's result
        if sheet:
            from docgen.commands import import_sheet  # heavy: openpyxl, only to import a spreadsheet

            return import_sheet.run(args)
        return _import(args)


NO_RECORD = ("{docx} không có dấu của docgen (phần customXml ghi tệp được tạo từ kế hoạch nào): có thể dấu đã bị xóa "
             "(Word: Inspect Document ▸ Remove custom XML, hoặc lưu bằng trình soạn thảo khác), hoặc tệp được soạn "
             "tay. Không biết tệp được tạo từ phiên bản nào của {plan} thì nhập vào có thể xóa mất các sửa đổi làm "
             "trong YAML sau đó, nên docgen không nhập. Tệp soạn tay: dùng `docgen import {docx} -o MOI.yaml` để "
             "tạo kế hoạch mới từ nó. Nếu chắc chắn tệp được tạo từ đúng bản hiện tại của {plan}, thêm "
             "--without-record (--khong-dau-ban-ghi).")
OTHER_VERSION = ("{docx} được tạo từ một phiên bản khác của {plan}: tệp YAML đã được sửa sau khi tạo tệp Word (hoặc "
                 "đây là tệp Word của một kế hoạch khác). Nhập vào bản hiện tại sẽ xóa mất các sửa đổi đó. Hãy nhập "
                 "vào đúng phiên bản đã dùng để tạo tệp Word (ví dụ lấy lại bằng git), hoặc thêm --other-version "
                 "(--khac-phien-ban) để vẫn đối chiếu với bản hiện tại.")


def _import(args) -> int:
    edited_path, plan_path = Path(args.docx), existing(args.into)
    if edited_path.exists() and os.path.samefile(edited_path, plan_path):
        raise UsageError(f"--into {plan_path} chính là tệp Word cần nhập; --into phải là tệp kế hoạch YAML")
    writable(plan_path)  # the plan is written in place: a regular file
    chosen = template(args.template)
    data = untrusted.read(edited_path)
    root = _document(data, edited_path)
    with untrusted.reading(edited_path):
        made_from = record.sources(package.read(data))
        pending = redline.revisions(root)
        root = redline.accept(root) if args.chap_nhan else redline.reject(root)
        edited_units = edits.units(root)
    names = {"docx": edited_path, "plan": plan_path}
    if not made_from and not args.khong_dau_ban_ghi:
        raise UsageError(printable(NO_RECORD.format(**names)))

    raw, size = read_file(plan_path)  # within the size limit, read once: the edits are made to its text
    source = load_bytes(raw, str(plan_path), size)
    text = source.text
    plan = plan_from(source)  # the plan must be valid before anything is placed in it
    reference = edits.units(rendering(plan, chosen))
    found = edits.differences(reference, edited_units)
    if found and made_from and record.fingerprint(source.data) not in made_from and not args.khac_phien_ban:
        raise UsageError(printable(OTHER_VERSION.format(**names)))
    old_leaves = edits.plan_leaves(source, plan.figures)
    placer = Placer(source, text, old_leaves, plan.tables, reference)
    before = counterparts(reference, edited_units)
    for u in edited_units:  # a typed break or tab reads as a space: not a change of the text, but not nothing
        if u.where in before and u.marks != before[u.where].marks:
            placer.unplaced.append(Unplaced(u.where, u.text, BREAKS))
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
    check = _Check(str(plan_path), plan, source, text, edited_units, before, (reference, old_leaves), chosen,
                   placer.unplaced)
    placed, new_text, problems, left, recomputed = check.run(placed)
    unplaced = placer.unplaced + left

    print(printable(f"Nhập {edited_path} vào {plan_path}:"))
    if not made_from:
        print("  (tệp không có dấu của docgen; theo --without-record, đối chiếu với bản YAML hiện tại)")
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
    if recomputed:
        print(f"  docgen tính lại {recomputed} số liệu (ô tính, số trích trong câu) theo các ô đã sửa; "
              "Word không tự tính lại chúng")
    if pending:
        verb = "đã nhập như được chấp nhận" if args.chap_nhan else "chưa được chấp nhận, không nhập (dùng --chap-nhan để nhập)"
        print(f"Theo dõi thay đổi: {len(pending)} thay đổi {verb}:")
        for r in pending[:50]:
            print(printable(f"  {r.kind} ({r.author}, {r.date[:10]}): «{shorten(r.text)}»"))
    listing("Không đặt được vào YAML (không nhập):", (f"{u.where}: «{shorten(u.text)}» — {u.why}" for u in unplaced))
    listing(AFTER_IMPORT, problems)

    left_out = bool(unplaced or (pending and not args.chap_nhan))
    if args.thu:
        diff = difflib.unified_diff(text.splitlines(keepends=True), new_text.splitlines(keepends=True),
                                    f"{plan_path} (hiện tại)", f"{plan_path} (sau khi nhập)")
        print(printable("".join(diff)), end="")
        print("(chạy thử: không ghi gì)")
    if problems:
        return 1
    if left_out and not args.force:
        print("Không ghi gì: dùng --force để vẫn ghi những thay đổi đã đặt được.")
        return 1
    if new_text == text:
        if left_out:
            print("Không ghi gì: không có thay đổi nào đặt được.")
        return 1 if left_out else 0
    if not args.thu:
        bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""  # a byte-order mark stays if the file had one
        write_atomic(plan_path, (bom + new_text).encode("utf-8"), expected=raw)
        print(f"đã ghi {plan_path}" + (" (--force: trừ các chỗ không đặt được ở trên)" if left_out else ""))
    return SOMETHING_LEFT if left_out else 0


class _Check:
    """The plan with the edits placed, rendered and compared with the edited file once more."""

    def __init__(self, name, plan, source, text, edited, before, unchanged, chosen, reported):
        self.name, self.plan, self.source, self.text, self.chosen = name, plan, source, text, chosen
        self.edited, self.before = edited, before  # before: each edited unit's unit of the reference
        self.unchanged = unchanged  # the plan's own rendering (units) and leaves: what nothing placed gives
        self.old_leaves = {leaf.path: leaf for leaf in unchanged[1]}
        self.reported = {u.where for u in reported}

    def run(self, placed: list) -> tuple[list, str, list[str], list, int]:
        """Return the edits kept, the new YAML text, the new plan's problems (then nothing may be
        written), what still differs, and how many figures were computed again. An edit that makes
        the plan print what the file does not say is taken back, and the rest checked again."""
        taken_back: list = []
        for _ in range(5):  # each round takes back at least one edit, or ends
            new_text = yamledit.apply(self.text, [p.edit for p in placed])
            problems, left, recomputed, culprits = self._compare(placed, new_text)
            if problems or not culprits:
                break
            shown = {u.where: u.text for u in self.edited}  # what the file says there
            taken_back += [Unplaced(p.where or format_path(p.path), shown.get(p.where, p.after or p.before), (
                f"đặt vào `{format_path(p.path)}` thì văn bản tạo ra sẽ khác tệp ở {', '.join(sorted(culprits[i]))} "
                "(chữ sửa nằm trong chữ docgen tự in, hoặc chữ này còn được in ở chỗ khác); không ghi, hãy sửa "
                "trong tệp YAML"))
                           for i, p in enumerate(placed) if i in culprits]
            placed = [p for i, p in enumerate(placed) if i not in culprits]
        else:
            placed, new_text = [], self.text  # never settled: write nothing rather than a guess
            problems, left, recomputed, _ = self._compare([], new_text)
        seen = {u.where for u in taken_back}
        return placed, new_text, problems, taken_back + [u for u in left if u.where not in seen], recomputed

    def _compare(self, placed, new_text):
        plan, source = self.plan, self.source
        again, new_leaves = self.unchanged  # nothing placed: the plan as it was, already rendered
        if placed:
            try:
                source = load_bytes(new_text.encode("utf-8"), self.name)  # docgen's limits too
                plan = plan_from(source)
            except ContentError as exc:
                return [str(p) for p in exc.problems], [], 0, {}
            again = edits.units(rendering(plan, self.chosen))
            new_leaves = edits.plan_leaves(source, plan.figures)
        before = self.before
        paths = {}
        for i, p in enumerate(placed):
            paths.setdefault(p.path, set()).add(i)
        left: list = []
        recomputed, culprits = 0, {}  # culprits: which edit, and the places it makes differ
        for d in edits.differences(again, self.edited):
            unit = d.after or d.before
            if unit.where in self.reported:
                continue
            verdict = judge(d, before.get(d.after.where) if d.after else None, plan.tables, new_leaves,
                            self.old_leaves, again)
            if verdict.recomputed:
                recomputed += verdict.recomputed
                continue
            left.append(Unplaced(unit.where, unit.text, verdict.by_hand or edits.still_differs(d, plan.tables)))
            if verdict.by_hand:
                continue  # typed over a figure: the import did not cause it
            found = {i for i, p in enumerate(placed) if d.after is not None and p.where == d.after.where}
            if d.before is not None:  # an edit whose text the new rendering prints here (a list item: its texts)
                now = d.before.text
                found |= {i for path, ids in paths.items() for leaf in new_leaves if leaf.path[:len(path)] == path
                          and (leaf.printed in now or leaf.printed.upper() in now) for i in ids}
            for i in found:
                culprits.setdefault(i, set()).add(unit.where)
        return [], left, recomputed, culprits



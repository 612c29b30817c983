"""`docgen import SHEET.xlsx --into PLAN.yaml --bang ID`: an annex's rows filled from a spreadsheet.

The table is found in the workbook by its header (docgen.sheets.match), its units matched to
the plan's by name, and the plan's YAML edited in place (docgen.sheets.fill): only the lines
of the figures that changed, of the units added and removed. The result must be a valid plan.
The sheet's totals row is not imported (docgen computes the totals) but held against the
rows: a total that does not add up is a warning naming its cell. --thu shows the change to
the YAML as a diff and writes nothing.

Exit codes, as for every import: 0 written (or nothing to change), everything placed;
4 written, something of the sheet left out (listed); 1 nothing written (the table is not in
the sheet, or the result would not be a valid plan); 2 usage or file errors.
"""

from __future__ import annotations

import difflib
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from docgen.base.errors import ContentError, UsageError, printable, shorten
from docgen.base.vn import integer
from docgen.commands import AFTER_IMPORT, existing, listing, writable
from docgen.output.write import write_atomic
from docgen.plan import yamledit
from docgen.plan.build import plan_from
from docgen.plan.load import format_path, load_bytes, read_file
from docgen.plan.tables import NUMERIC
from docgen.sheets import annexes
from docgen.sheets.fill import fill
from docgen.sheets.match import Left, locate, rows
from docgen.sheets.read import NO_VALUE, number, read
from docgen.sheets.values import BLANK

LEFT = 4


def run(args) -> int:
    if args.chap_nhan or args.template:
        raise UsageError("--chap-nhan và --template chỉ dùng khi nhập tệp Word; bảng tính không cần")
    sheet_path, plan_path = Path(args.docx), existing(args.into)
    writable(plan_path)
    raw, size = read_file(plan_path)  # read once: the edits are made to these bytes, and checked against them
    source = load_bytes(raw, str(plan_path), size)
    plan = plan_from(source)  # the plan must be valid before anything is placed in it
    annex = _chosen(annexes(plan), args.bang, plan_path)
    sheets = read(sheet_path)
    found = max((f for f in (locate(s, annex) for s in sheets) if f is not None),
                key=lambda f: len(f.columns), default=None)
    titles = ", ".join(f"«{' / '.join(p)}»" for p in annex.paths)
    if found is None:
        print(printable(f"Không tìm thấy bảng của phụ lục `{annex.name}` trong {sheet_path}: không trang nào có "
                        f"hàng tiêu đề với các cột {shorten(titles, 300)}. Không ghi gì."))
        return 1
    if annex.unit not in found.columns:
        print(printable(f"Trang «{found.sheet.title}» của {sheet_path} không có cột "
                        f"«{' / '.join(annex.paths[annex.unit])}» ghi tên đơn vị, nên không biết dòng nào là "
                        "đơn vị nào. Không ghi gì."))
        return 1
    sheet_rows, left = rows(found, annex)
    filled = fill(source, annex, found, sheet_rows)
    left = found.left + left + filled.left
    left += [Left("cột", " / ".join(annex.paths[i]), "bảng tính không có cột này; giữ số liệu trong tệp YAML")
             for i in range(len(annex.columns)) if annex.is_input(i) and i not in found.columns]
    text = source.text
    if yamledit.overlapping(filled.edits):
        print("Các sửa đổi chồng lên nhau trong tệp YAML (dòng viết lạ); hãy sửa bằng tay. Không ghi gì.")
        return 1
    new_text = yamledit.apply(text, filled.edits)

    problems, warnings = [], []
    if new_text != text:
        try:
            new_plan = plan_from(load_bytes(new_text.encode("utf-8"), str(plan_path)))  # docgen's limits too
        except ContentError as exc:
            problems, new_plan = [str(p) for p in exc.problems], None
    else:
        new_plan = plan
    if new_plan is not None and filled.totals is not None:
        warnings = _totals(filled.totals, annexes(new_plan)[annex.index])

    print(printable(f"Nhập {sheet_path} (trang «{found.sheet.title}») vào phụ lục `{annex.name}` của {plan_path}:"))
    for note in found.notes:
        print(printable(f"  ({note})"))
    for c in filled.changes:
        where = f"{format_path(c.path)}, dòng {source.where(c.path)[0]}"
        print(printable(f"  sửa {c.unit}, {c.column} (ô {c.where}): {_shown(c.before)} → {_shown(c.after)}  [{where}]"))
    for name, row in filled.added:
        print(printable(f"  thêm đơn vị {name} (dòng {row} của bảng tính)"))
    for name in filled.removed:
        print(printable(f"  xóa đơn vị {name} (không có trong bảng tính)"))
    if not (filled.changes or filled.added or filled.removed):
        print("  không có thay đổi nào: số liệu trong bảng tính giống tệp YAML")
    listing("Cảnh báo (dòng tổng cộng của bảng tính; docgen tự tính dòng tổng cộng):", warnings)
    listing("Không nhập:", (f"{item.where}: «{shorten(item.text)}» — {item.why}" for item in left))
    listing(AFTER_IMPORT, problems)
    code = 1 if problems else LEFT if left or warnings else 0
    if args.thu:
        diff = difflib.unified_diff(text.splitlines(keepends=True), new_text.splitlines(keepends=True),
                                    f"{plan_path} (hiện tại)", f"{plan_path} (sau khi nhập)")
        print(printable("".join(diff)), end="")
        print("(chạy thử: không ghi gì)")
        return code
    if problems:
        return 1
    if new_text != text:
        bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""  # a byte-order mark stays if the file had one
        write_atomic(plan_path, (bom + new_text).encode("utf-8"), expected=raw)
        print(printable(f"đã ghi {plan_path}"))
    return code


def _chosen(annexes, name: str | None, plan_path: Path):
    names = ", ".join(f"`{a.name}`" for a in annexes) or "(không có)"
    if not annexes:
        raise UsageError(f"kế hoạch {plan_path} không có phụ lục (`phu_luc`) nào để nhập bảng tính vào")
    if name is None:
        if len(annexes) == 1:
            return annexes[0]
        raise UsageError(f"kế hoạch {plan_path} có {len(annexes)} phụ lục; hãy chọn một bằng --bang (các phụ lục: {names})")
    chosen = next((a for a in annexes if a.name == name), None)
    if chosen is None:
        raise UsageError(f"kế hoạch {plan_path} không có phụ lục `{name}`; các phụ lục: {names}")
    return chosen


def _shown(value) -> str:
    if value is None or value is BLANK:
        return "(trống)"
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if isinstance(value, int) and not isinstance(value, bool):
        return integer(value)
    return f"«{value}»" if isinstance(value, str) else str(value)


def _printed_number(text: str) -> Decimal | None:
    return None if text.strip() in ("", "-") else number(text)


def _totals(totals, annex) -> list[str]:
    """Return a warning for each total of the sheet that differs from what the rows give."""
    grid = annex.computed.grid
    docgen_totals = next((cells for kind, cells in grid.rows if kind == "tong"), None)
    out = []
    for i, column in enumerate(annex.columns):
        cell = totals.cells.get(i)
        if column.kind not in NUMERIC or cell is None or cell.value is NO_VALUE:
            continue
        sheet = cell.value
        if isinstance(sheet, str):
            sheet = _printed_number(sheet)
        if not isinstance(sheet, (int, Decimal)):
            continue
        if docgen_totals is not None:
            expected = _printed_number(docgen_totals[i])
        else:
            figure = annex.computed.figures.get(column.key)
            expected = None if figure is None or figure.value is None else Decimal(figure.value)
        step = Decimal(1).scaleb(-column.decimals)
        shown = Decimal(sheet).quantize(step, rounding=ROUND_HALF_UP)
        if expected is not None and shown != expected.quantize(step, rounding=ROUND_HALF_UP):
            how = "tính từ các dòng" if column.computed else "cộng các dòng"
            out.append(f"ô {cell.coordinate} (Tổng cộng, {' / '.join(annex.paths[i])}): bảng tính ghi "
                       f"{_shown(Decimal(sheet) if not isinstance(sheet, int) else sheet)}, {how} được "
                       f"{_shown(expected if column.decimals else int(expected))}; kế hoạch in số docgen tính")
    return out

"""`docgen diff`: what changed between two versions of a plan, in the document's own terms.

Compares the plans as documents, not as YAML: identity, legal basis, the
numbered body (items added, removed or reworded, word by word), the annex's
figures of each annex per unit (the figures typed in, not those computed), and the figures
the text quotes that changed as a consequence.
Exit 0 when nothing differs, 1 when something does (like `diff`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from docgen.base import vn
from docgen.base.align import align, similarity
from docgen.base.errors import UsageError, printable
from docgen.base.worddiff import word_diff
from docgen.commands import template, writable
from docgen.compare.tracked import compare as tracked
from docgen.output.write import write_atomic
from docgen.plan import annexes, quotes
from docgen.plan.build import Plan, load_plan, plan_from
from docgen.plan.consistency import texts
from docgen.plan.load import load_bytes
from docgen.plan.outline import blocks
from docgen.render import context
from docgen.render.engine import check_template


@dataclass(frozen=True)
class Change:
    section: str  # thong_tin | can_cu | noi_dung | phu_luc | chi_tieu
    kind: str  # sua | them | xoa
    where: str
    old: str | None
    new: str | None
    words: str | None = None  # word-level diff with [-old-]{+new+}


SECTIONS = {
    "thong_tin": "Thông tin chung",
    "can_cu": "Căn cứ",
    "noi_dung": "Nội dung",
    "phu_luc": "Phụ lục",
    "chi_tieu": "Số liệu trích trong văn bản (tính từ phụ lục)",
}
KINDS = {"sua": "sửa", "them": "thêm", "xoa": "xóa"}
EMPTY = "(để trống)"


# --- loading ---------------------------------------------------------------------


def plan_at_revision(path: Path, rev: str) -> Plan:
    """Return the plan as the file was at a git revision."""
    try:
        shown = subprocess.run(
            ["git", "show", f"{rev}:./{path.name}"], cwd=path.parent or ".", capture_output=True, check=True
        )
    except FileNotFoundError:
        raise UsageError("không tìm thấy lệnh git; cài git để so sánh với một phiên bản cũ") from None
    except subprocess.CalledProcessError as exc:
        detail = exc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"không lấy được {path} ở phiên bản {rev}: {detail[-1] if detail else 'lỗi git'}") from None
    return plan_from(load_bytes(shown.stdout, f"{path}@{rev}"))


# --- comparing ---------------------------------------------------------------------


CONTEXT = 6  # unchanged words kept on each side of a change when printing


def _identity(plan: Plan) -> dict[str, str]:
    m = plan.model
    out = {
        "Cơ quan chủ quản": m.co_quan_chu_quan.ten if m.co_quan_chu_quan else EMPTY,
        "Cơ quan ban hành": m.co_quan_ban_hanh.ten,
        "Số, ký hiệu": vn.document_number(m.so, m.ky_hieu),
        "Địa danh, ngày": vn.long_date(m.dia_danh, m.ngay_ban_hanh, m.nam),
        "Năm kế hoạch": str(m.nam),
        "Trích yếu": m.trich_yeu,
        "Mở đầu": m.mo_dau or EMPTY,
        "Đoạn kết": m.ket_thuc or EMPTY,
        "Người ký": " / ".join(context.signature_lines(m.nguoi_ky) + [m.nguoi_ky.ho_ten]),
        "Tên cơ quan ở đầu trang": " / ".join(context.agency_lines(m.co_quan_ban_hanh)),
    }
    for i, (table, computed) in enumerate(zip(m.phu_luc, plan.tables)):
        units = [cells[0] for kind, cells in computed.grid.rows if kind == "dong"]
        out[f"Các dòng của phụ lục {annexes.name(table, i)}"] = ", ".join(units)
    return out


def _fields(old: Plan, new: Plan) -> list[Change]:
    a, b = _identity(old), _identity(new)
    # short values read best as "old → new"; sentences as a word diff
    return [Change("thong_tin", "sua", k, a.get(k, EMPTY), b.get(k, EMPTY),
                   word_diff(a.get(k, EMPTY), b.get(k, EMPTY)) if len(b.get(k, EMPTY).split()) > 8 else None)
            for k in dict.fromkeys([*a, *b]) if a.get(k) != b.get(k)]


def _lists(section: str, a: list[tuple[str, str]], b: list[tuple[str, str]]) -> list[Change]:
    """Compare two lists of (where, text): aligned by text, each old line paired with the most
    similar later new line (at least half its words) and shown as its rewording."""
    out = []
    for s in align(a, b, lambda line: line[1], lambda o, n: similarity(o[1], n[1]), in_place=False, closest=True):
        if s.same:
            continue
        if s.new is None:
            out.append(Change(section, "xoa", s.old[0], s.old[1], None))
        elif s.old is None:
            out.append(Change(section, "them", s.new[0], None, s.new[1]))
        else:
            out.append(Change(section, "sua", s.new[0], s.old[1], s.new[1], word_diff(s.old[1], s.new[1])))
    return out


def _body(plan: Plan) -> list[tuple[str, str]]:
    """Return the body as (where, text) pairs; `where` names the part and item a line belongs to.
    Quotes stay as written (`{{ giam_ngheo.muc_giam }}`): a figure that changed is reported once,
    under the quoted figures, not as a rewording of every sentence that quotes it."""
    out, part, item = [], "", ""
    for b in blocks(plan, filled=False):
        if b.kieu == "phan":
            part, item = b.so.rstrip("."), ""
            out.append((f"phần {part}", b.tieu_de))
            continue
        if b.so:
            item = b.so
        text = {
            "muc": f"{b.tieu_de}",
            "muc_lien": f"{b.tieu_de}{b.sau}",
            "diem": b.noi_dung,
            "doan": b.noi_dung,
            "gach": f"- {b.nhan}{b.noi_dung}",
            "cong": f"+ {b.nhan}{b.noi_dung}",
            "bang": b.noi_dung,
        }[b.kieu]
        out.append((f"phần {part}, mục {item}" if item else f"phần {part}", text))
    return out


def _quoted(plan: Plan) -> dict[str, str]:
    """Return every figure the text quotes, as printed, by its quote."""
    out = {}
    for key in ("trich_yeu", "mo_dau", "phan", "ket_thuc"):
        for _, text in texts(getattr(plan.model, key), ()):
            for m in quotes.QUOTE.finditer(text):
                out[quotes.expression(m)] = quotes.fill(m.group(0), plan.figures)
    return out


def _cells(plan: Plan) -> dict[tuple[str, str], dict[str, tuple[str, str]]]:
    """Return, by (annex, unit), the typed-in cells as {column key: (column label, printed value)}."""
    out = {}
    for i, (table, computed) in enumerate(zip(plan.model.phu_luc, plan.tables)):
        grid = computed.grid
        labels = _column_labels(grid)
        for kind, cells in grid.rows:
            if kind == "dong":
                out[(annexes.name(table, i), cells[0])] = {
                    c.key: (labels[j], cells[j]) for j, c in enumerate(grid.columns) if j and not c.computed}
    return out


def _column_labels(grid) -> list[str]:
    """Return each column's name for a reader: its group's title and its own ("Số hộ thoát nghèo · Tổng số hộ")."""
    labels = [c.title for c in grid.columns]
    for row in grid.header[:-1]:
        for cell in row:
            if cell.text and cell.span > 1:
                for j in range(cell.first, cell.first + cell.span):
                    labels[j] = f"{cell.text} · {grid.columns[j].title}"
    return labels


def _annexes(old: Plan, new: Plan) -> list[Change]:
    out = []
    a, b = _cells(old), _cells(new)
    for key in [k for k in a if k not in b]:
        out.append(Change("phu_luc", "xoa", key[1], key[1], None))
    for key, row in b.items():
        if key not in a:
            out.append(Change("phu_luc", "them", key[1], None, key[1]))
            continue
        for column, (label, value) in row.items():
            before = a[key].get(column, (label, EMPTY))[1]
            if before != value:
                out.append(Change("phu_luc", "sua", f"{key[1]} · {label}", before, value))
    return out


def compare(old: Plan, new: Plan) -> list[Change]:
    """Return every difference between two plans, in document order."""
    changes = _fields(old, new)
    changes += _lists("can_cu", [("", s) for s in context.legal_basis(old.model)],
                      [("", s) for s in context.legal_basis(new.model)])
    changes += _lists("noi_dung", _body(old), _body(new))
    changes += _lists("noi_dung", [("nơi nhận", r) for r in context.recipients(old.model)],
                      [("nơi nhận", r) for r in context.recipients(new.model)])
    changes += _annexes(old, new)
    a, b = _quoted(old), _quoted(new)
    changes += [Change("chi_tieu", "sua", k, a[k], b[k]) for k in b if k in a and a[k] != b[k]]
    return changes


# --- printing ----------------------------------------------------------------------


def _colour(words: str) -> str:
    return (words.replace("[-", "\x1b[31;9m").replace("-]", "\x1b[0m")
            .replace("{+", "\x1b[32m").replace("+}", "\x1b[0m"))


def render_text(changes: list[Change], colour: bool) -> str:
    lines, section = [], None
    for c in changes:
        c = replace(c, **{k: printable(getattr(c, k)) for k in ("where", "old", "new") if getattr(c, k)})
        if c.section != section:
            section = c.section
            lines.append(f"{SECTIONS[section]}:")
        if c.section in ("phu_luc", "chi_tieu", "thong_tin") and c.kind == "sua" and c.words is None:
            lines.append(f"  {c.where}: {c.old} → {c.new}")
        elif c.kind == "sua":
            words = word_diff(c.old, c.new, CONTEXT)
            words = _colour(words) if colour else words
            lines.append(f"  {c.where}: {words}" if c.section == "thong_tin" else f"  sửa ({c.where}): {words}")
        else:
            text = c.new if c.kind == "them" else c.old
            where = f" ({c.where})" if c.where and c.section != "phu_luc" else ""
            lines.append(f"  {KINDS[c.kind]}{where}: {text}")
    return "\n".join(lines) if lines else "Không có khác biệt."


def run(args) -> int:
    old, new, rev, fmt, colour = args.old, args.new, args.rev, args.format, args.color
    first = Path(old)
    if not first.is_file():
        raise UsageError(f"không tìm thấy tệp {old}")
    if (new is None) == (rev is None):
        raise UsageError("cần hai tệp (docgen diff CU.yaml MOI.yaml) hoặc một tệp và --rev PHIÊN_BẢN")
    if rev:
        before, after = plan_at_revision(first, rev), load_plan(first)
    else:
        if not Path(new).is_file():
            raise UsageError(f"không tìm thấy tệp {new}")
        before, after = load_plan(first), load_plan(new)
    changes = compare(before, after)
    if args.docx:
        versions = [before, after]
        del before, after  # the comparison lets OLD's plan go once it is rendered
        return _tracked(args, versions, first, changes)
    if fmt == "json":
        print(json.dumps([asdict(c) for c in changes], ensure_ascii=False, indent=2))
    else:
        use_colour = colour == "always" or (colour == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
        print(render_text(changes, use_colour))
    return 1 if changes else 0


def _tracked(args, versions: list[Plan], first: Path, changes: list[Change]) -> int:
    """Write NEW's document with OLD's differences as Word's tracked changes."""
    chosen = template(args.template)
    newest = Path(args.new) if args.new else first
    default = Path("output") / f"{newest.stem}-so-sanh.docx"
    inputs = [first, Path(args.new) if args.new else None, chosen]
    out = writable(Path(args.output) if args.output else default, *inputs)
    write_atomic(out, tracked(versions, check_template(chosen)))
    print(f"đã tạo {out}: {len(changes)} thay đổi, hiện bằng chế độ theo dõi thay đổi của Word")
    return 0  # the file asked for is written: a script goes on (`diff` alone says 1 when the plans differ)

"""`docgen diff`: what changed between two versions of a plan, in the document's own terms.

Compares the plans as documents, not as YAML: identity, legal basis, the
numbered body (items added, removed or reworded, word by word), the annex's
counts per unit, and the part II targets that changed as a consequence.
Exit 0 when nothing differs, 1 when something does (like `diff`).
"""

from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from docgen import annex, context, vn
from docgen.annex import COUNT_FIELDS, FIELD_NAMES
from docgen.errors import UsageError
from docgen.outline import blocks, targets
from docgen.load import load_bytes
from docgen.pipeline import Plan, load_plan, plan_from


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
    "chi_tieu": "Chỉ tiêu (tính từ phụ lục)",
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


def word_diff(old: str, new: str, context: int | None = None) -> str:
    """Return new with word-level marks: unchanged words, [-removed-] and {+added+}.

    With `context`, long unchanged stretches are shortened to "…" around the changes.
    """
    a, b = old.split(), new.split()
    out = []
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for n, (op, i1, i2, j1, j2) in enumerate(ops):
        if op == "equal":
            words = a[i1:i2]
            if context is not None and len(words) > 2 * context:
                head = words[:context] if n > 0 else []
                tail = words[-context:] if n < len(ops) - 1 else []
                words = head + ["…"] + tail
            out.append(" ".join(words))
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)


def _identity(plan: Plan) -> dict[str, str]:
    m = plan.model
    unit_table = m.phu_luc
    return {
        "Cơ quan chủ quản": m.co_quan_chu_quan or EMPTY,
        "Cơ quan ban hành": m.co_quan_ban_hanh.ten,
        "Số, ký hiệu": vn.document_number(m.so, m.ky_hieu),
        "Địa danh, ngày": vn.long_date(m.dia_danh, m.ngay_ban_hanh, m.nam),
        "Năm kế hoạch": str(m.nam),
        "Trích yếu": m.trich_yeu,
        "Mở đầu": m.mo_dau,
        "Đoạn kết": m.ket_thuc,
        "Người ký": " / ".join(context.signature_lines(m.nguoi_ky) + [m.nguoi_ky.ho_ten]),
        "Tên cơ quan ở đầu trang": " / ".join(context.agency_lines(m.co_quan_ban_hanh)),
        "Chuẩn nghèo": m.muc_tieu.cu_the.chuan_ngheo,
        "Đơn vị trong phụ lục": f"{unit_table.don_vi} ({unit_table.viet_tat or 'không viết tắt'})",
        "Thứ tự đơn vị trong phụ lục": ", ".join(r.ten for r in unit_table.dong),
    }


def _fields(old: Plan, new: Plan) -> list[Change]:
    a, b = _identity(old), _identity(new)
    # short values read best as "old → new"; sentences as a word diff
    return [Change("thong_tin", "sua", k, a[k], b[k], word_diff(a[k], b[k]) if len(b[k].split()) > 8 else None)
            for k in a if a[k] != b[k]]


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def _lists(section: str, a: list[tuple[str, str]], b: list[tuple[str, str]]) -> list[Change]:
    """Compare two lists of (where, text): aligned by text, similar pairs shown as rewordings."""
    out = []
    matcher = difflib.SequenceMatcher(None, [t for _, t in a], [t for _, t in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        olds, news, j = a[i1:i2], b[j1:j2], 0
        for wo, to in olds:
            # pair each old line with the most similar later new line (at least half its words)
            scores = [(_similarity(to, tn), k) for k, (_, tn) in enumerate(news) if k >= j]
            best, k = max(scores, default=(0.0, None))
            if k is None or best < 0.5:
                out.append(Change(section, "xoa", wo, to, None))
                continue
            out += [Change(section, "them", w, None, t) for w, t in news[j:k]]
            wn, tn = news[k]
            out.append(Change(section, "sua", wn, to, tn, word_diff(to, tn)))
            j = k + 1
        out += [Change(section, "them", w, None, t) for w, t in news[j:]]
    return out


def _body(plan: Plan, skip: set[str]) -> list[tuple[str, str]]:
    """Return the body as (where, text) pairs; `where` names the part and item a line belongs to."""
    out, part, item = [], "", ""
    for b in blocks(plan):
        if b.kieu == "phan":
            part, item = b.so.rstrip("."), ""
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
        }[b.kieu]
        if text not in skip:
            out.append((f"phần {part}, mục {item}" if item else f"phần {part}", text))
    return out


def _targets(plan: Plan) -> dict[str, str]:
    t = plan.table

    def pct(value) -> str:
        return "-" if value is None else vn.decimal(value, 2) + "%"

    return {  # keys without the year, so that plans of two years compare
        "Tỷ lệ hộ nghèo cuối năm kế hoạch": pct(t.target_rate),
        "Mức giảm tỷ lệ hộ nghèo": pct(t.target_drop),
        "Tỷ lệ hộ nghèo DTTS giảm": pct(t.target_drop_dtts),
    }


def _target_lines(plan: Plan) -> set[str]:
    """Return part II's computed target lines: reported under the targets, not as rewordings."""
    return {f"- {line.text}" for line in targets(plan)}


def _annex(old: Plan, new: Plan) -> list[Change]:
    out = []
    a = {r.ten: r for r in old.model.phu_luc.dong}
    b = {r.ten: r for r in new.model.phu_luc.dong}

    def label(name: str) -> str:  # "Plei Nghe", but "TDP 1" for a bare number
        return annex.unit_label(new.model.phu_luc, name) if name.isdigit() else name

    for name in [n for n in a if n not in b]:
        out.append(Change("phu_luc", "xoa", name, annex.unit_label(old.model.phu_luc, name), None))
    for name, row in b.items():
        if name not in a:
            out.append(Change("phu_luc", "them", name, None, annex.unit_label(new.model.phu_luc, name)))
            continue
        for f in COUNT_FIELDS:
            x, y = getattr(a[name], f), getattr(row, f)
            if x != y:
                out.append(Change("phu_luc", "sua", f"{label(name)} · {FIELD_NAMES[f]}", str(x), str(y)))
    return out


def compare(old: Plan, new: Plan) -> list[Change]:
    """Return every difference between two plans, in document order."""
    changes = _fields(old, new)
    changes += _lists("can_cu", [("", s) for s in context.legal_basis(old.model)],
                      [("", s) for s in context.legal_basis(new.model)])
    skip = _target_lines(old) | _target_lines(new)
    changes += _lists("noi_dung", _body(old, skip), _body(new, skip))
    changes += _lists("noi_dung", [("nơi nhận", r) for r in context.recipients(old.model)],
                      [("nơi nhận", r) for r in context.recipients(new.model)])
    changes += _annex(old, new)
    a, b = _targets(old), _targets(new)
    changes += [Change("chi_tieu", "sua", k, a[k], b[k]) for k in b if k in a and a[k] != b[k]]
    return changes


# --- printing ----------------------------------------------------------------------


def _colour(words: str) -> str:
    return (words.replace("[-", "\x1b[31;9m").replace("-]", "\x1b[0m")
            .replace("{+", "\x1b[32m").replace("+}", "\x1b[0m"))


def render_text(changes: list[Change], colour: bool) -> str:
    lines, section = [], None
    for c in changes:
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
    if fmt == "json":
        print(json.dumps([asdict(c) for c in changes], ensure_ascii=False, indent=2))
    else:
        use_colour = colour == "always" or (colour == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
        print(render_text(changes, use_colour))
    return 1 if changes else 0

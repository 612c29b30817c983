"""`docgen report PLAN.yaml [--ky 6-thang|nam] -o BAO_CAO.yaml`: a starter Báo cáo on a plan.

The starter is a report (`loai_van_ban: bao_cao`) on the plan's frame: the plan's agency,
place and year, `so` and `ngay_ban_hanh` left for the clerk, a trích yếu naming the plan,
«Kính gửi» the plan's parent body when it has one, and the four parts real reports on a plan
follow (I. Kết quả thực hiện, II. Tồn tại, hạn chế và nguyên nhân, III. Phương hướng, nhiệm
vụ, IV. Kiến nghị, đề xuất). Part I has an item for the targets, whose sentences quote the
results table (`{{ ket_qua.… }}`), and an item for each part, item, project, policy and
assignment of the plan, with the plan's own sentences as YAML comments above the place to
write what was done. The annexes are the results tables (docgen.plan.kinds.ket_qua,
ket_qua_don_vi), their plan figures copied and linked to the plan (docgen.plan.link).

`docgen report --cap-nhat BAO_CAO.yaml` copies the plan's current figures into a report,
in place, with the user's comments and edits kept (round-trip YAML, as `docgen new`).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import textwrap
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString

from docgen.base import doctypes, localgov, vn
from docgen.base.errors import ContentError, UsageError, os_reason, printable
from docgen.commands import existing, writable
from docgen.output.write import write_atomic
from docgen.plan import link, quotes
from docgen.plan.annexes import name as annex_name
from docgen.plan.build import load_plan, plan_from, plan_from_text
from docgen.plan.consistency import texts
from docgen.plan.kinds import ket_qua, ket_qua_don_vi, kind_of
from docgen.plan.load import format_path, load_text
from docgen.plan.tables import DOWN, UP, Target
from docgen.plan.tables.linked import written
from docgen.plan.validate import validate

PERIODS = {"6-thang": "6_thang", "nam": "nam"}
FILL = "…"  # where the office writes what was done
WIDTH = 96  # of the comments and folded sentences the starter writes
# The plan's parts a report does not report on as tasks: their targets are part I's first item.
NOT_TASKS = re.compile(r"^\s*(mục đích|mục tiêu)", re.IGNORECASE)
# A deeper item of the plan is told in its parent's comment: the report's items stay within the
# numbering's depth (I. → 1. → 1.1. → 1.1.1.).
DEPTH = 3
QUOTED = re.compile(r"\{\{[^{}]*\}\}")


# --- YAML writing ----------------------------------------------------------------


def _yaml():
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a line: the starter folds its own sentences
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _folded(text: str, indent: int):
    """Return text as a folded block scalar (`>-`) wrapped to WIDTH, or as it is when short."""
    if len(text) + indent < WIDTH - 10:
        return text
    out = FoldedScalarString(text)
    kept = QUOTED.sub(lambda m: m.group(0).replace(" ", "\u00a0"), text)  # a quote is never folded
    lines = textwrap.wrap(kept, WIDTH - indent, break_long_words=False, break_on_hyphens=False)
    if " ".join(lines).replace("\u00a0", " ") != text:  # runs of spaces (never in tidy text) would not fold back
        return text
    out.fold_pos = [sum(len(x) + 1 for x in lines[:k + 1]) - 1 for k in range(len(lines) - 1)]
    return out


def _comment(lines: list[str], indent: int) -> str:
    """Return comment text (without «#») wrapped to WIDTH at indent."""
    out = []
    for line in lines:
        out += textwrap.wrap(line, WIDTH - indent - 2, break_long_words=False, break_on_hyphens=False) or [""]
    return "\n".join(out)


# --- the starter -------------------------------------------------------------------


def _period_words(period: str, year: int) -> str:
    return f"6 tháng đầu năm {year}" if period == "6_thang" else f"năm {year}"


def _after(subject: str, period: str, year: int) -> str:
    """Return what the trích yếu adds after the plan's subject: the period, unless the subject says it."""
    if period == "nam" and f"năm {year}" in subject:
        return ""
    return " " + _period_words(period, year)


def _next_words(period: str, year: int) -> str:
    return f"6 tháng cuối năm {year}" if period == "6_thang" else f"năm {year + 1}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:1].isupper() and not text[1:2].isupper() else text


def _plan_reference(model) -> str:
    ref = vn.document_reference(model.so, model.ky_hieu, model.ngay_ban_hanh, model.nam)
    return f"Kế hoạch {ref} của {model.co_quan_ban_hanh.ten}"


def issued_after(period: str, year: int):
    """Return the first day a report on the period can be issued (the day after the period ends)."""
    return dt.date(year, 7, 1) if period == "6_thang" else dt.date(year + 1, 1, 1)


def addressees(model, period: str) -> list[str]:
    """Return whom the report is sent to: the plan's parent body, unless the 2025 reform abolished it
    before the report is issued (a commune then reports to the province, which the plan does not name)."""
    parent = model.co_quan_chu_quan.ten if model.co_quan_chu_quan else None
    return [] if parent is None or _abolished(model, period) else [parent]


def _abolished(model, period: str) -> bool:
    """True when the plan's parent body is a unit the 2025 reform abolished before the report is issued:
    the report names it neither above the agency nor as an addressee."""
    parent = model.co_quan_chu_quan.ten if model.co_quan_chu_quan else ""
    return issued_after(period, model.nam) >= localgov.REFORM and bool(localgov.former_units(parent))


def _symbol(model) -> str:
    agency = model.ky_hieu.partition("-")[2] or "UBND"
    return f"{doctypes.BAO_CAO.prefix}-{agency}"


TargetRow = dict


def _targets(plan) -> list[TargetRow]:
    """Return a results row for each target the plan's text quotes, in the order it quotes them."""
    offered: dict[str, dict[str, Target]] = {}
    for i, (table, computed) in enumerate(zip(plan.model.phu_luc, plan.tables)):
        ask = getattr(kind_of(table), "targets", None)
        if ask is not None and computed is not None:
            offered[annex_name(table, i)] = {t.name: t for t in ask(table, computed)}
    if "kinh_phi" in plan.figures:
        offered["kinh_phi"] = {"tong": Target("tong", "Kinh phí thực hiện", "đồng", UP)}
    quoted: list[tuple[str, str]] = []
    for key in quotes.PARTS:
        for _, text in texts(getattr(plan.model, key), (key,)):
            for m in quotes.QUOTE.finditer(text):
                quoted += [r for r in quotes.references(m.group(1)) if r not in quoted]
    names = [name for _, name in quoted]
    rows = []
    for table, figure in quoted:
        target = offered.get(table, {}).get(figure)
        if target is None:
            continue
        ma = figure if names.count(figure) == 1 else f"{table}_{figure}"
        start = plan.figures[table][target.baseline] if target.baseline else None
        rows.append(ket_qua.starter_row(ma, target, f"{table}.{figure}", plan.figures[table][figure], start))
    return rows


def _unit_tables(plan, when: str) -> list[dict]:
    """Return a per-unit results table for each plan annex with a row per unit."""
    out = []
    for i, (table, computed) in enumerate(zip(plan.model.phu_luc, plan.tables)):
        ask = getattr(kind_of(table), "unit_targets", None)
        if ask is None or computed is None:
            continue
        offered = ask(table, computed)
        ma = ket_qua_don_vi.NAME if not out else f"{ket_qua_don_vi.NAME}_{len(out) + 1}"
        out.append(ket_qua_don_vi.starter(offered, ma, f"Kết quả thực hiện chỉ tiêu của từng {offered.unit} {when}",
                                          annex_name(table, i)))
    return out


LONGEST = 240  # characters of a plan's sentence in a comment: enough to know which task it is


def _short(text: str) -> str:
    return text if len(text) <= LONGEST else text[:LONGEST].rsplit(" ", 1)[0] + " …"


def _plan_sentences(item, figures) -> list[str]:
    """Return an item's own sentences as the plan prints them (quotes filled)."""
    lines = [quotes.fill(t, figures) for t in item.doan]
    for g in item.gach:
        text = ": ".join(x for x in (g.nhan, g.noi_dung) if x) if (g.nhan or g.noi_dung) else ""
        if g.du_an:
            text = f"Tổ chức thực hiện: {', '.join(g.du_an)}"
        lines.append("- " + quotes.fill(text, figures) if text else "-")
        lines += ["+ " + quotes.fill(c, figures) for c in g.chi_tiet]
    lines += [quotes.fill(t, figures) for t in getattr(item, "doan_cuoi", [])]
    return [x for x in lines if x.strip("- ")]


class _Body:
    """Builds part I's items from the plan's body, each with its comment."""

    def __init__(self, figures):
        self.figures = figures
        self.comments: list[tuple[object, str, list[str]]] = []  # (map, key, lines): set once the tree is whole

    def item(self, title: str, sentences: list[str], depth: int, children: list) -> dict:
        out = CommentedMap()
        out["tieu_de"] = _folded(title, 4 + 4 * depth + len("tieu_de: "))
        if sentences or not children:
            out["doan"] = [FILL]
        if sentences:
            self.comments.append((out, "doan", ["Kế hoạch: " + _short(s) for s in sentences], depth))
        if children:
            out["muc"] = children
        return out

    def tasks(self, m, depth: int) -> list:
        """Return the report's items for a plan item's projects, policies, assignments and sub-items."""
        out = []
        deeper = depth + 1 < DEPTH
        for p in m.du_an:
            title = f"{p.ma}: {p.ten}" if p.ma else p.ten
            out.append(self.item(title, [], depth + 1, []))
            if deeper:
                out[-1]["muc"] = [self.item(f"{s.ma}: {s.ten}" if s.ma else s.ten, [], depth + 2, [])
                                  for s in p.tieu_du_an] or None
                if out[-1]["muc"] is None:
                    del out[-1]["muc"]
        for c in m.chinh_sach:
            out.append(self.item(c.ten, _plan_sentences(c, self.figures), depth + 1, []))
        for t in m.phan_cong:
            sentences = _plan_sentences(t, self.figures)
            if t.han is not None:
                sentences.append(f"Thời hạn: {t.han}")
            out.append(self.item(t.can_bo.rstrip(" .:"), sentences, depth + 1, []))
        for child in m.muc:
            title = child.tieu_de or (_plan_sentences(child, self.figures) or [""])[0][:80]
            if not title:
                continue
            sentences = _plan_sentences(child, self.figures) if child.tieu_de else _plan_sentences(child, self.figures)[1:]
            out.append(self.item(title, sentences, depth + 1, self.tasks(child, depth + 1) if deeper else []))
        return out


def starter(plan, period: str, plan_file: str) -> tuple[str, int]:
    """Return the starter report's YAML text and how many results rows it has (fingerprint unset)."""
    model = plan.model
    year = model.nam
    when = _period_words(period, year)
    reference = _plan_reference(model)
    subject = _lower_first(model.trich_yeu)
    data = CommentedMap()
    data["loai_van_ban"] = doctypes.BAO_CAO.key
    data["chu_ky"] = period
    data["ke_hoach"] = CommentedMap([("tep", plan_file), ("ma_kiem_tra", None)])
    if model.co_quan_chu_quan is not None and not _abolished(model, period):
        data["co_quan_chu_quan"] = model.co_quan_chu_quan.ten
    data["co_quan_ban_hanh"] = model.co_quan_ban_hanh.ten
    data["so"] = None
    data["ky_hieu"] = _symbol(model)
    data["dia_danh"] = model.dia_danh
    data["ngay_ban_hanh"] = None
    data["nam"] = year
    data["trich_yeu"] = _folded(f"Kết quả thực hiện {reference} về {subject}{_after(subject, period, year)}", 2)
    data["kinh_gui"] = CommentedSeq(addressees(model, period))
    agency = model.co_quan_ban_hanh.ten
    data["mo_dau"] = _folded(f"Thực hiện {reference} về {subject}; {agency} báo cáo kết quả thực hiện {when} "
                             "như sau:", 2)

    rows = _targets(plan)
    units = _unit_tables(plan, when)
    body = _Body(plan.figures)
    results = CommentedMap()
    results["tieu_de"] = "Kết quả thực hiện các chỉ tiêu"
    sentences = ket_qua.sentences(rows)
    for table in units:
        sentences.append(f"Kết quả của từng {table['don_vi']}: {{{{ {table['ma']}.so_dat }}}}/"
                         f"{{{{ {table['ma']}.so_don_vi }}}} {table['don_vi']} đạt và vượt kế hoạch (chi tiết tại "
                         f"{{{{ {table['ma']}.phu_luc }}}} kèm theo).")
    if rows:
        results["doan"] = ["Kết quả thực hiện các chỉ tiêu của Kế hoạch (chi tiết tại {{ ket_qua.phu_luc }} kèm theo):"]
    results["gach"] = [_folded(s, 12) for s in sentences] or [FILL]
    goals = _target_sentences(plan)
    if goals:
        first = "doan" if "doan" in results else "gach"
        body.comments.append((results, first, ["Kế hoạch: " + _short(s) for s in goals], 1))
    items = [results]
    for part in model.phan:
        if NOT_TASKS.match(part.tieu_de):
            continue
        items.append(body.item(part.tieu_de, _plan_sentences(part, plan.figures), 1, body.tasks(part, 1)))

    def part(title: str, muc: list | None = None) -> dict:
        out = CommentedMap([("tieu_de", title)])
        if muc:
            out["muc"] = muc
        else:
            out["doan"] = [FILL]
        return out

    data["phan"] = [
        part("Kết quả thực hiện", items),
        part("Tồn tại, hạn chế và nguyên nhân",
             [CommentedMap([("tieu_de", "Tồn tại, hạn chế"), ("doan", [FILL])]),
              CommentedMap([("tieu_de", "Nguyên nhân"), ("doan", [FILL])])]),
        part(f"Phương hướng, nhiệm vụ {_next_words(period, year)}"),
        part("Kiến nghị, đề xuất"),
    ]
    data["ket_thuc"] = _folded(f"Trên đây là báo cáo kết quả {when} thực hiện {reference}.", 2)
    data["noi_nhan"] = list(model.noi_nhan)
    data["luu"] = model.luu
    data["nguoi_ky"] = CommentedMap((k, v) for k, v in model.nguoi_ky.model_dump().items() if v is not None)
    annexes = []
    if rows:
        title = f"Kết quả thực hiện các chỉ tiêu {when}"
        annexes.append(CommentedMap([("loai", ket_qua.NAME), ("ma", ket_qua.NAME), ("tieu_de", title),
                                     ("dong", [CommentedMap(r) for r in rows])]))
    for table in units:
        annexes.append(CommentedMap((k, [CommentedMap(x) for x in v] if k in ("chi_tieu", "dong") else v)
                                    for k, v in table.items()))
    if annexes:
        data["phu_luc"] = annexes
    _comments(data, body, model, period, plan_file)
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue(), len(rows)


def _target_sentences(plan) -> list[str]:
    """Return the plan's sentences that quote its figures, as printed (the targets it set)."""
    return [quotes.fill(text, plan.figures) for _, text in texts(plan.model.phan, ("phan",))
            if quotes.QUOTE.search(text) and not text.lstrip("(").lower().startswith("chi tiết")]


def _comments(data, body: _Body, model, period: str, plan_file: str) -> None:
    """Put the starter's comments: what to fill, and the plan's sentences beside each item."""
    top = [f"Báo cáo {_period_words(period, model.nam)} về kế hoạch {plan_file} (docgen report).",
           "Cách điền:",
           (f"- Mỗi mục của phần I có câu của kế hoạch ở dòng chú thích «# Kế hoạch: …»; thay «{FILL}» bằng kết quả "
           "đã làm."),
           ("- Điền số thực hiện (`thuc_hien`) ở phụ lục: docgen tính tỷ lệ so với kế hoạch và đánh giá (Đạt, Vượt, "
           "Không đạt); các câu trích {{ ket_qua.… }} in «…» cho đến khi có số."),
           ("- Số kế hoạch (`ke_hoach`, `dau_ky`) chép từ kế hoạch: không sửa tay. Khi kế hoạch đổi số liệu, chạy "
           "`docgen report --cap-nhat` với tệp này."),
           "- Điền `so`, `ngay_ban_hanh` khi ký."]
    data.yaml_set_start_comment(_comment(top, 0))
    if not data["kinh_gui"]:
        parent = model.co_quan_chu_quan.ten if model.co_quan_chu_quan else None
        gone = (f"{parent} không còn từ ngày {localgov.REFORM_TEXT} nên không ghi ở đây. " if parent else "")
        data.yaml_set_comment_before_after_key("kinh_gui", before=_comment([
            (f"Kính gửi: cơ quan cấp trên nhận báo cáo, ví dụ `[Ủy ban nhân dân tỉnh …]`. {gone}Từ ngày "
            f"{localgov.REFORM_TEXT} xã báo cáo lên tỉnh, không còn cấp huyện. Bỏ trống nếu không gửi cấp trên.")], 0))
    for parent, key, lines, depth in body.comments:
        indent = 4 + 4 * depth  # the keys of a part at 4; each `muc` level 4 deeper
        parent.yaml_set_comment_before_after_key(key, before=_comment(lines, indent), indent=indent)


# --- --cap-nhat ----------------------------------------------------------------------


def _units(data, model, plan) -> list[str]:
    """Bring each per-unit results table's rows to the plan's units, in the plan's order: a unit
    new in the plan gets a row to fill, a unit gone from it loses its row. Return what changed."""
    changed = []
    for i, table in enumerate(model.phu_luc):
        kind = kind_of(table)
        follows = hasattr(kind, "row") and table.nguon  # a table with a row per unit of a plan annex
        annex = link._annex(plan, table.nguon) if follows else None
        ask = getattr(kind_of(annex[1]), "unit_targets", None) if annex else None
        if ask is None or annex[2] is None:
            continue  # the link reports it
        names = [link.unit_name(name) for name, _, _ in ask(annex[1], annex[2]).rows]
        node = data["phu_luc"][i]["dong"]
        held = {link.unit_name(row.get("ten", "")): row for row in node}
        if list(held) == names or len(held) < len(node):
            continue  # in the plan's order already; or a unit written twice, which the link reports
        typed = [name for name, row in held.items() if name not in names and kind.typed(row)]
        if typed:  # never drop what the user typed: they say where it goes
            raise UsageError(
                f"{'các đơn vị' if len(typed) > 1 else 'đơn vị'} «{'», «'.join(typed)}» của phụ lục {i + 1} không còn "
                f"trong kế hoạch (đổi tên hay bỏ đi?) nhưng báo cáo đã ghi kết quả thực hiện cho "
                f"{'chúng' if len(typed) > 1 else 'nó'}. Hãy sửa `ten` theo tên trong kế hoạch (hoặc xóa dòng nếu đơn "
                "vị đã bỏ) rồi chạy lại; chưa ghi gì vào tệp.")
        rows = CommentedSeq()
        for name in names:
            row = held.pop(name, None)
            if row is None:
                row = CommentedMap(kind.row(name, [(t.ma, t.chieu == DOWN) for t in table.chi_tieu]))
                changed.append(f"phu_luc[{i}]: thêm dòng {name} (đơn vị mới của kế hoạch; điền số thực hiện)")
            rows.append(row)
        changed += [f"phu_luc[{i}]: bỏ dòng {name} (kế hoạch không còn đơn vị này)" for name in held]
        data["phu_luc"][i]["dong"] = rows
    return changed


def update(report_path: Path) -> tuple[str, list[str]]:
    """Return the report's YAML text with the plan's current figures copied, and what changed."""
    def read(text: str):
        source = load_text(text, str(report_path))
        checked = validate(source)
        if checked.model is None:
            raise ContentError(checked.problems)
        return source, checked.model

    raw = report_path.read_bytes()
    text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    source, model = read(text)
    if model.ke_hoach is None:
        raise UsageError(f"{report_path} không ghi kế hoạch được báo cáo (`ke_hoach: {{tep: …}}`); tệp này không tạo "
                         "bằng `docgen report` nên không có gì để cập nhật")
    plan = link.linked_plan(source, model.ke_hoach, plan_from)
    yaml = _yaml()
    data = yaml.load(text)
    changed = _units(data, model, plan)
    if changed:  # the rows moved: read again, so that every copy's path is the row's new place
        out = io.StringIO()
        yaml.dump(data, out)
        text = out.getvalue()
        source, model = read(text)
        data = yaml.load(text)
    found, missing = link.copies(model, plan)
    if missing:
        raise ContentError([source.problem(m.path, m.message) for m in missing])
    for c in found:
        if c.held != c.value or c.held is None:
            node = data
            for key in c.path[:-1]:
                node = node[key]
            node[c.path[-1]] = written(c.value)
            before = "trống" if c.held is None else vn.number(c.held, max(c.decimals, link._places(c.held)))
            after = "trống" if c.value is None else vn.number(c.value, c.decimals)
            changed.append(f"{format_path(c.path)} ({c.name}): {before} → {after}")
    out = io.StringIO()
    yaml.dump(data, out)
    _, model = read(out.getvalue())
    stamp = link.fingerprint(model)  # of the figures as now copied
    if data["ke_hoach"].get("ma_kiem_tra") != stamp:
        data["ke_hoach"]["ma_kiem_tra"] = stamp
        out = io.StringIO()
        yaml.dump(data, out)
    return out.getvalue(), changed


# --- the command ---------------------------------------------------------------------------


def default_output(plan_path: Path, period: str, year: int) -> Path:
    stem = f"bao-cao-6-thang-{year}" if period == "6_thang" else f"bao-cao-{year}"
    return plan_path.with_name(stem + ".yaml")


def run(args) -> int:
    if args.cap_nhat:
        if args.plan or args.output:
            raise UsageError("--cap-nhat cập nhật tại chỗ một báo cáo đã có: chỉ ghi tệp báo cáo, ví dụ "
                             "`docgen report --cap-nhat bao-cao-2024.yaml`")
        return _run_update(existing(args.cap_nhat), write_atomic)
    if not args.plan:
        raise UsageError("thiếu tệp kế hoạch: `docgen report KE_HOACH.yaml -o BAO_CAO.yaml` (hoặc `docgen report "
                         "--cap-nhat BAO_CAO.yaml` để cập nhật số liệu của một báo cáo)")
    source = existing(args.plan)
    period = PERIODS[args.ky]
    plan = load_plan(source)
    if plan.model.loai_van_ban != doctypes.DEFAULT:
        raise UsageError(f"{source} là một báo cáo; `docgen report` tạo báo cáo từ một kế hoạch")
    out = writable(Path(args.output) if args.output else default_output(source, period, plan.model.nam), source)
    if out.exists() and not args.force:
        raise UsageError(f"đã có tệp {out}; dùng --force để ghi đè hoặc -o để chọn tên khác (để cập nhật số liệu "
                         f"của báo cáo đã có, dùng `docgen report --cap-nhat {out}`)")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)  # as render does: the link is written from there
    except OSError as exc:
        raise UsageError(f"không tạo được thư mục {out.parent}: {os_reason(exc)}") from None
    try:
        relative = Path(os.path.relpath(source.resolve(), out.resolve().parent)).as_posix()
    except ValueError:  # Windows: the plan and the report on different drives
        relative = source.resolve().as_posix()
    text, count = starter(plan, period, relative)
    # the fingerprint of the figures copied, as the report holds them
    model = validate(load_text(text, str(out))).model
    found, _ = link.copies(model, plan)
    stamp = link.fingerprint(model)
    text = text.replace("  ma_kiem_tra:\n", f"  ma_kiem_tra: {stamp}\n", 1)
    report = plan_from_text(text, str(out))  # the starter must validate as it is, before anything is written
    write_atomic(out, text.encode("utf-8"))
    print(printable(f"đã tạo {out}: báo cáo {_period_words(period, plan.model.nam)} về {source} "
                    f"({count} chỉ tiêu, {len(found)} số liệu chép từ kế hoạch, mã kiểm tra {stamp})"))
    left = [w for w in report.warnings]
    if left:
        print(f"Còn phải điền ({len(left)}):")
        for w in left:
            print(printable(f"  {w}"))
    return 0


def _run_update(path: Path, write_atomic) -> int:
    text, changed = update(path)
    raw = path.read_bytes()
    original = raw.decode("utf-8-sig")
    plan_from_text(text, str(path))  # what is written must validate
    if "\r\n" in original:
        text = text.replace("\n", "\r\n")
    bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    new = (bom + text).encode("utf-8")
    if new != raw:
        write_atomic(path, new)
    if changed:
        print(printable(f"đã cập nhật {path}: {len(changed)} số liệu chép lại từ kế hoạch"))
        for line in changed:
            print(printable(f"  {line}"))
    else:
        print(printable(f"{path}: các số liệu kế hoạch đã khớp với kế hoạch" + (" (đã ghi lại mã kiểm tra)"
                                                                               if new != raw else "")))
    return 0

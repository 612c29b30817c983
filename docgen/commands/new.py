"""`docgen new`: next year's draft from this year's plan, with the file's comments and layout kept.

Round-trip YAML (ruamel.yaml) keeps comments, key order and block scalars, so the
new file reads like the old one; what the user must check is marked with
`# XEM LẠI:` comments and listed on the terminal.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import ScalarString

from docgen.base import doctypes, localgov, vn
from docgen.base.errors import UsageError, printable
from docgen.commands import existing, writable
from docgen.output.write import write_atomic
from docgen.plan.build import load_plan, plan_from_text
from docgen.plan.kinds import kind_of

REVIEW = "XEM LẠI: "
# The plan's own sentences; legal references (can_cu) and names keep their years.
OWN_TEXT = ("trich_yeu", "dong_trich_yeu", "mo_dau", "phan", "ket_thuc")
DOCUMENT_REFERENCE = re.compile(r"\bsố\s+\d+[/-]")


@dataclass
class Report:
    changed: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a line the user wrapped
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _shift(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _move_years(text: str, old: int, new: int) -> str:
    """Return text with the plan year moved, digits only (the text keeps its length and form).

    Moves "năm 2024", "31/01/2024", "tháng 12/2024", "quý I/2024"; leaves periods
    ("2021-2025", "2024 – 2025") and document numbers ("48/2024/NQ-HĐND") alone.
    """

    def leap_day(m: re.Match) -> str:  # 29/02/2024 has no 2025: the deadline becomes 28/02
        return m.group(0) if _is_date(new, int(m.group(1)), 29) else "28" + m.group(0)[2:]

    text = re.sub(rf"(?<!\d)29/(0?2)/{old}(?![\d/])", leap_day, text)
    dash = "[-–—]"
    return re.sub(rf"(?<!\d)(?<!\d{dash})(?<!\d {dash} ){old}(?![\d/])(?! ?{dash} ?\d)", str(new), text)


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _retyped(original, text: str):
    """Return text as the same kind of YAML scalar as original (folded, quoted…), folds kept."""
    if isinstance(original, ScalarString):
        out = type(original)(text)
        if hasattr(original, "fold_pos"):
            out.fold_pos = original.fold_pos
        return out
    return text


def _mark(parent, key, message: str) -> None:
    """Put `# XEM LẠI:` comment lines above parent[key], at its indentation."""
    if isinstance(parent, CommentedSeq):
        column = parent.lc.item(key)[1] - 2
    else:
        column = parent.lc.key(key)[1]
    first, *rest = message.split("\n")
    text = "\n".join([REVIEW + first] + ["  " + line for line in rest])
    parent.yaml_set_comment_before_after_key(key, before=text, indent=max(column, 0))


def _walk_text(node, old: int, new: int, path: str, report: Report, counter: list[int], only=None) -> None:
    """Move the plan year in every string and date below node (only the keys `only`, if given)."""
    items = node.items() if isinstance(node, CommentedMap) else enumerate(node) if isinstance(node, CommentedSeq) else []
    for key, value in list(items):
        if only is not None and key not in only:
            continue
        here = f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}"
        if isinstance(value, str):
            moved = _move_years(value, old, new)
            if moved != value:
                node[key] = _retyped(value, moved)
                counter[0] += 1
                if DOCUMENT_REFERENCE.search(value):
                    _mark(node, key, f"đoạn này dẫn văn bản; kiểm tra văn bản nào áp dụng cho năm {new}.")
                    report.review.append(f"{here.lstrip('.')}: đoạn có dẫn văn bản, năm đã đổi sang {new}")
        elif isinstance(value, dt.date) and value.year == old:
            node[key] = _shift(value, new - old)
            report.changed.append(f"{here.lstrip('.')}: {vn.short_date(value)} → {vn.short_date(node[key])}")
        else:
            _walk_text(value, old, new, here, report, counter)


def _year(value) -> int | None:
    """Return the year of a date written either way (2023-12-29 or 29/12/2023)."""
    if isinstance(value, dt.date):
        return value.year
    m = re.fullmatch(r"\s*\d{1,2}/\d{1,2}/(\d{4})\s*", str(value))
    return int(m.group(1)) if m else None


def _legal_basis(data: CommentedMap, old: int, new: int, report: Report) -> None:
    for i, basis in enumerate(data.get("can_cu") or []):
        if isinstance(basis, str):
            year_specific, what = str(old) in basis or str(old - 1) in basis, basis[:60]
        else:
            year = _year(basis.get("ngay"))
            year_specific = (year is not None and year >= old - 1) or str(old) in str(basis.get("noi_dung", ""))
            what = f"{basis.get('loai')} số {basis.get('so_ky_hieu')}" if "loai" in basis else str(basis.get("luat"))
        if year_specific:
            _mark(data["can_cu"], i, f"văn bản gắn với năm {old}; thay bằng văn bản cho năm {new} nếu đã có.")
            report.review.append(f"can_cu[{i}]: {what} gắn với năm {old}")


def _annexes(data: CommentedMap, plan, old: int, new: int, report: Report) -> None:
    """Roll each annex forward as its kind knows how."""
    for i, (node, table) in enumerate(zip(data.get("phu_luc") or [], plan.model.phu_luc)):
        counter = [0]  # the annex's own title says its year («Chỉ tiêu … năm 2025»)
        _walk_text(node, old, new, f"phu_luc[{i}]", report, counter, only=("tieu_de",))
        if counter[0]:
            report.changed.append(f"phu_luc[{i}].tieu_de: năm {old} → {new}")
        changed, review, comment = kind_of(table).roll_forward(node, table, old, new)
        report.changed += changed
        report.review += review
        _mark(node, "dong", comment)


def _draft(data: CommentedMap, old: int, new: int, report: Report) -> None:
    data["nam"] = new
    for key, what in (("so", "số"), ("ngay_ban_hanh", "ngày ban hành")):
        if key in data:
            data[key] = None
            data.yaml_add_eol_comment(f"# {REVIEW}dự thảo: điền {what} khi ký", key, column=29)
    report.changed.append(f"nam: {old} → {new}; số và ngày ban hành để trống (dự thảo)")


def roll_forward(text: str, plan, old: int, new: int) -> tuple[str, Report]:
    """Return next year's draft of a plan's YAML text and what was changed or needs review."""
    yaml = _yaml()
    data = yaml.load(text)
    report = Report()
    _draft(data, old, new, report)
    counter = [0]
    _walk_text(data, old, new, "", report, counter, only=OWN_TEXT)
    report.changed.insert(1, f"năm {old} → {new} trong {counter[0]} đoạn văn của kế hoạch (không đổi trong căn cứ)")
    _legal_basis(data, old, new, report)
    _annexes(data, plan, old, new, report)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue(), report


def _former_units(model, issued: dt.date) -> list[str]:
    """Return a sentence for each abolished unit (district level, thị trấn) that the draft's header,
    signature or Nơi nhận names, when the draft is issued on or after the 2025 reform; the legal
    bases are citations of their day and are not looked at."""
    if issued < localgov.REFORM:
        return []
    places = []
    for key, body in (("co_quan_chu_quan", model.co_quan_chu_quan), ("co_quan_ban_hanh", model.co_quan_ban_hanh)):
        if body is not None:
            places += [(key, text) for text in [body.ten, *(body.dong_tieu_de or [])]]
    signer = model.nguoi_ky
    places += [("nguoi_ky", getattr(signer, k)) for k in ("tm", "kt", "q", "tl", "tuq", "chuc_vu") if getattr(signer, k)]
    places += [(f"noi_nhan[{i}]", text) for i, text in enumerate(model.noi_nhan)]
    found: dict[str, str] = {}
    for key, text in places:
        for mention in localgov.former_units(text):
            found.setdefault(key, f"{key}: «{mention}»")  # one line a field: its first mention
    return list(found.values())


def default_output(source: Path, old: int, new: int) -> Path:
    """Return ke-hoach-2025.yaml for ke-hoach-2024.yaml (or NAME-2025.yaml)."""
    stem = source.stem.replace(str(old), str(new)) if str(old) in source.stem else f"{source.stem}-{new}"
    return source.with_name(stem + source.suffix)


def run(args) -> int:
    source, year, output, force = existing(args.plan), args.year, args.output, args.force

    plan = load_plan(source)
    kind = doctypes.of(plan.model.loai_van_ban)
    if kind.key != doctypes.DEFAULT:
        raise UsageError(f"{source} là một {kind.name.lower()}, không phải kế hoạch: `docgen new` chỉ làm dự thảo kế "
                         "hoạch năm sau. Báo cáo kỳ sau làm từ kế hoạch: docgen report KE_HOACH.yaml -o BAO_CAO.yaml")
    old = plan.model.nam
    if year <= old:
        raise UsageError(f"kế hoạch {source} là năm {old}; --year phải là một năm sau đó, ví dụ {old + 1}")
    out = writable(Path(output) if output else default_output(source, old, year), source)
    if out.exists() and not force:
        raise UsageError(f"đã có tệp {out}; dùng --force để ghi đè hoặc -o để chọn tên khác")
    issued = plan.model.ngay_ban_hanh
    issued = _shift(issued, year - old) if issued else dt.date(year, 1, 1)
    reform = _former_units(plan.model, issued)
    if reform:  # before anything else: the draft names units that no longer exist
        print(f"Lưu ý: từ ngày {localgov.REFORM_TEXT} chính quyền địa phương chỉ còn hai cấp, tỉnh và xã (xã, "
              "phường, đặc khu): không còn cấp huyện (huyện, quận, thị xã, thành phố thuộc tỉnh), không còn thị "
              f"trấn. Dự thảo năm {year} vẫn ghi các đơn vị đó ở tên cơ quan, chữ ký hoặc nơi nhận; hãy sửa "
              "theo đơn vị hành chính hiện nay:", file=sys.stderr)
        for line in reform:
            print(printable(f"  - {line}"), file=sys.stderr)
    raw = source.read_bytes()
    original = raw.decode("utf-8-sig")
    text, report = roll_forward(original.replace("\r\n", "\n"), plan, old, year)
    plan_from_text(text, str(out))  # the draft must validate as it is, before anything is written
    if "\r\n" in original:  # keep the file's own conventions (Windows line ends, a BOM)
        text = text.replace("\n", "\r\n")
    bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    write_atomic(out, (bom + text).encode("utf-8"))
    print(f"đã tạo {out}: dự thảo năm {year} từ {source}")
    print("Đã thay đổi:")
    for line in report.changed:
        print(f"  - {line}")
    marks = [n for n, line in enumerate(text.splitlines(), 1) if REVIEW in line]
    print(f"Cần xem lại ({len(marks)} chỗ đánh dấu «# {REVIEW.strip()}» trong tệp, các dòng {', '.join(map(str, marks))}):")
    for line in report.review + [f"{line}: đơn vị không còn từ ngày {localgov.REFORM_TEXT}" for line in reform]:
        print(printable(f"  - {line}"))
    return 0

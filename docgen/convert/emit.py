"""The converted plan written as YAML text the way the sample plans are written: block style, long
paragraphs folded (`>-`), table rows one flow mapping a line, and a comment block at the top
listing, with where it was, everything of the source the plan does not hold."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from functools import lru_cache

import yaml

# libyaml where installed: a long annex has thousands of values to write and read back
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

WIDTH = 100
FLOW_WIDTH = 120  # a table row longer than this is written one value a line


def _scalar(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return _string(value)


@lru_cache(maxsize=1 << 14)  # a table repeats its values
def _string(value: str) -> str:
    text = yaml.dump(value, Dumper=_DUMPER, allow_unicode=True, width=1 << 30).rstrip("\n")
    if text.endswith("\n..."):
        text = text[:-4].rstrip("\n")
    if "{{" in value and not text.startswith(("'", '"')):
        text = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def _flow(value) -> str:
    """A value inside a flow mapping {…}: quoted when it holds what flow style reads as syntax."""
    if isinstance(value, str) and any(c in value for c in ",:{}[]#") and _scalar(value)[:1] not in ("'", '"'):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return _scalar(value)


def _long(key_prefix: str, value: str, indent: int) -> list[str]:
    """A long string folded over lines (`>-`), when it folds back to itself."""
    if "\n" in value or value != value.strip() or "  " in value \
            or value.startswith(("#", "-", "{", "[", "'", '"', "&", "*", "!", "|", ">", "%", "@", "`")):
        return []
    kept = re.sub(r"\{\{.*?\}\}", lambda m: m.group().replace(" ", "\x00"), value)  # a quote on one line
    lines = [line.replace("\x00", " ") for line in
             textwrap.wrap(kept, WIDTH - indent - 2, break_long_words=False, break_on_hyphens=False)]
    if " ".join(lines) != value:
        return []
    pad = " " * (indent + 2)
    return [f"{key_prefix}>-"] + [pad + line for line in lines]


def _folded(text: str, indent: int, head: str) -> list[str] | None:
    """Lines writing text after head (`key: ` or `- `) folded with `>-`, or None when it fits on one line."""
    if len(head) + len(text) <= WIDTH:
        return None
    lines = _long("", text, indent)
    if not lines:
        return None
    return [f"{head}>-"] + [" " * indent + line.strip() for line in lines[1:]]


def _mapping(d: dict, indent: int, out: list[str], first: str | None = None) -> None:
    for note in d.get("#", []):  # what was left here: comments before the mapping
        out.append(f"{(first or ' ' * indent)[:len(first or ' ' * indent) - (2 if first else 0)]}# {note}"
                   .replace("\n", " "))
    d = {k: v for k, v in d.items() if k != "#"}
    for n, (k, v) in enumerate(d.items()):
        head = (first if n == 0 and first is not None else " " * indent) + f"{k}: "
        _value(k, v, indent, head, out)


def _value(k, v, indent: int, head: str, out: list[str]) -> None:
    if isinstance(v, dict):
        if not v:
            out.append(head + "{}")
            return
        out.append(head.rstrip())
        _mapping(v, indent + 2, out)
    elif isinstance(v, list):
        if not v:
            out.append(head + "[]")
            return
        out.append(head.rstrip())
        _sequence(v, indent + 2, out, flow=k in ("cot", "dong"))
    elif isinstance(v, str) and (folded := _folded(v, indent + 2, head)):
        out.extend(folded)
    else:
        out.append((head + _scalar(v)).rstrip())


def _sequence(items: list, indent: int, out: list[str], flow: bool = False) -> None:
    pad = " " * indent
    for x in items:
        flat = isinstance(x, dict) and flow and x and all(not isinstance(v, (dict, list)) for v in x.values())
        line = f"{pad}- {{{', '.join(f'{k}: {_flow(v)}' for k, v in x.items())}}}" if flat else ""
        if flat and len(line) <= FLOW_WIDTH:
            out.append(line)
        elif isinstance(x, dict):
            _mapping(x, indent + 2, out, first=pad + "- ")
        elif isinstance(x, list):
            out.append(pad + "-")
            _sequence(x, indent + 2, out)
        elif isinstance(x, str) and (folded := _folded(x, indent + 2, pad + "- ")):
            out.extend(folded)
        else:
            out.append((pad + "- " + _scalar(x)).rstrip())


def emit(fields: dict, source: str, left: list, notes: list[str]) -> str:
    """Return the YAML text of the plan's fields; left and notes become comments at the top."""
    out = ["# yaml-language-server: $schema=../schema/ke-hoach.schema.json",
           f"# Nhập từ tệp Word {source} bằng `docgen import`. Hãy đọc lại toàn bộ trước khi dùng."]
    if left:
        out.append("#")
        out.append("# CHƯA ĐẶT ĐƯỢC VÀO KẾ HOẠCH (hãy xem và xử lý bằng tay; những gì nằm trong một mục còn được ghi")
        out.append("# thành chú thích «CHƯA ĐẶT» ngay tại mục đó):")
        for item in left:
            text = f" «{' '.join(item.text.split())[:120]}»" if item.text.strip() else ""
            out.append(f"#   - {item.where}: {item.why}{text}".replace("\n", " "))
    if notes:
        out.append("#")
        out.append("# Đã nhận ra khi nhập:")
        for note in notes:
            out.append(f"#   - {note}".replace("\n", " "))
    out.append("")
    sections = {"co_quan_chu_quan": "Phần đầu văn bản", "can_cu": "Căn cứ", "phan": "Nội dung",
                "ket_thuc": "Phần cuối", "phu_luc": "Phụ lục"}
    started = set()
    for k, v in fields.items():
        title = sections.get(k)
        if k == "co_quan_ban_hanh" and "co_quan_chu_quan" not in fields:
            title = sections["co_quan_chu_quan"]
        if k == "noi_nhan" and "ket_thuc" not in fields:
            title = sections["ket_thuc"]
        if title and title not in started:
            started.add(title)
            out.append("")
            out.append(f"# {'-' * 60} {title}")
        if k == "so" and v is None:
            out.append("so:                         # để trống: dự thảo chưa có số")
            continue
        if k == "ngay_ban_hanh" and v is None:
            out.append("ngay_ban_hanh:              # để trống: dự thảo chưa có ngày")
            continue
        _value(k, v, 0, f"{k}: ", out)
    text = "\n".join(out).rstrip() + "\n"
    data = _without_comments(fields)
    if yaml.load(text, Loader=_LOADER) != data:  # never a file that says other than what was read: plain YAML then
        body = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=WIDTH)
        text = "\n".join(out[:out.index("")]) + "\n\n" + body
    return text


def _without_comments(value):
    if isinstance(value, dict):
        return {k: _without_comments(v) for k, v in value.items() if k != "#"}
    if isinstance(value, list):
        return [_without_comments(v) for v in value]
    return value

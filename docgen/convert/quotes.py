"""Figures of the text that are figures of an imported table, written as quotes (issue 19, item 4).

A number typed in a sentence («tỷ lệ hộ nghèo còn 20,28%», «sơ tán 34 hộ») that prints exactly
as one figure of the plan's tables prints (a total, a rate, a difference of totals, the sum
of the funding lines) becomes the quote of that figure (`{{ giam_ngheo.ty_le_cuoi_nam }}%`), so
that the text and the annex can no longer drift. Only a percentage, or a number of at least two
significant digits, is replaced; a number that several figures print, or that looks like a
year, is listed and left as typed. Numbers inside dates and document numbers are never touched.
"""

from __future__ import annotations

import re

from pydantic import ValidationError

from docgen.convert import Report
from docgen.plan import annexes, quotes
from docgen.plan.model import KeHoach
from docgen.plan.tables import COUNT, DECIMAL, MONEY, PERCENT

_NUMBER = re.compile(r"(?<![\w/.,])(\d{1,3}(?:\.\d{3})+|\d+)(,\d+)?(\s?%)?(?![\w/]|[.,]\d)")
_SKIP = ("so_dong", "so_khoan", "phu_luc")
LABEL = "\x00"  # keys of annex names among the printed figures
_ANNEX = re.compile(r"(?<!\w)Phụ lục(?: (?:[IVX]+|\d+))?(?!\w)")


def _figures(plan: dict) -> dict[str, list[str]]:
    """Return, by printed text, the quotes of the plan's figures; {} if the plan is not valid yet."""
    try:
        model = KeHoach.model_validate(plan)
        tables, _ = annexes.compute(model)
    except (ValidationError, ValueError, ArithmeticError, TypeError):
        return {}
    out: dict[str, list[str]] = {}
    for table, figures in annexes.figures(model, tables).items():
        if "phu_luc" in figures:  # the annex's printed name: «Phụ lục», «Phụ lục II»
            out.setdefault(LABEL + figures["phu_luc"].value, []).append(f"{{{{ {table}.phu_luc }}}}")
        for name, figure in figures.items():
            if name in _SKIP or figure.value is None or figure.kind not in (COUNT, MONEY, DECIMAL, PERCENT):
                continue
            out.setdefault(quotes.printed(figure) + ("%" if figure.kind == PERCENT else ""), []).append(
                f"{{{{ {table}.{name} }}}}")
    return out


def _significant(digits: str) -> int:
    return len(digits.replace(".", "").replace(",", "").lstrip("0"))


def _annexes(text: str, figures: dict[str, list[str]]) -> str:
    """Return text with each mention of an annex by its printed name («Phụ lục II») as its quote."""
    def one(m):
        found = figures.get(LABEL + m.group(0), [])
        return found[0] if len(found) == 1 else m.group(0)
    return _ANNEX.sub(one, text)


def _replace(text: str, figures: dict[str, list[str]], where: str, report: Report) -> str:
    text = _annexes(text, figures)
    out, last = [], 0
    for m in _NUMBER.finditer(text):
        whole, fraction, percent = m.group(1), m.group(2) or "", m.group(3)
        typed = whole + fraction
        key = typed + ("%" if percent else "")
        found = list(dict.fromkeys(figures.get(key, [])))
        if not found or (not percent and _significant(typed) < 2):
            continue
        if not percent and not fraction and "." not in whole and 1900 <= int(whole) <= 2100:
            report.notes.append(f"{where}: số «{typed}» bằng {', '.join(found)} nhưng giống một năm: giữ nguyên")
            continue
        if len(found) > 1:
            report.notes.append(f"{where}: số «{m.group(0).strip()}» bằng nhiều số liệu ({', '.join(found)}): "
                                "giữ nguyên như đã gõ")
            continue
        out.append(text[last:m.start(1)] + found[0])
        last = m.end(2) if m.group(2) else m.end(1)
        report.notes.append(f"{where}: thay «{typed}» bằng {found[0]}")
    return "".join(out) + text[last:]


def place(plan: dict, report: Report) -> None:
    """Replace, in the plan's text, numbers equal to exactly one figure of its tables by quotes."""
    figures = _figures(plan)
    if not figures:
        return
    if plan.get("mo_dau"):
        plan["mo_dau"] = _replace(plan["mo_dau"], figures, "mo_dau", report)
    for i, part in enumerate(plan.get("phan", [])):
        _item(part, f"phan[{i}]", figures, report)


def _item(item: dict, where: str, figures, report: Report) -> None:
    for key in ("tieu_de",):
        if isinstance(item.get(key), str):
            item[key] = _replace(item[key], figures, f"{where}.{key}", report)
    for key in ("doan", "doan_cuoi"):
        for k, text in enumerate(item.get(key, [])):
            item[key][k] = _replace(text, figures, f"{where}.{key}[{k}]", report)
    for k, line in enumerate(item.get("gach", [])):
        here = f"{where}.gach[{k}]"
        if isinstance(line, str):
            item["gach"][k] = _replace(line, figures, here, report)
        else:
            line["noi_dung"] = _replace(line["noi_dung"], figures, here, report)
            line["chi_tiet"] = [_replace(t, figures, f"{here}.chi_tiet[{n}]", report)
                                for n, t in enumerate(line.get("chi_tiet", []))]
    for k, entry in enumerate(item.get("phan_cong", [])):
        _item(entry, f"{where}.phan_cong[{k}]", figures, report)
    for k, child in enumerate(item.get("muc", [])):
        _item(child, f"{where}.muc[{k}]", figures, report)


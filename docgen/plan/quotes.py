"""Figures quoted in the text: `{{ giam_ngheo.ty_le_cuoi_nam }}` prints the computed value.

A sentence that quotes a figure of an annex (a total, a rate, a difference) or
the sum of the funding lines can never drift from the table: the number is
filled in at render time, printed as its column prints it. A quote of a figure
that does not exist, or that cannot be computed (a rate over zero households),
is a located error, never an empty space in a signed plan.
"""

from __future__ import annotations

import re

from docgen.base import vn
from docgen.plan.tables import COUNT, MONEY, TEXT, Figure

QUOTE = re.compile(r"(?<![\\{])\{\{\s*([a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*)\s*\}\}")
ANY_BRACES = re.compile(r"(?<![\\{])\{\{(.*?)\}\}")
# Two braces that are text, not a quote, are written `\{{`: `\{{ a.b }}` prints «{{ a.b }}».
# The one escape; `docgen import` writes braces typed in Word this way. Braces after a brace are
# text too, so that `\{{{ a.b }}}` (three typed) prints as typed.
ESCAPED = re.compile(r"\\\{\{")
PARTS = ("trich_yeu", "mo_dau", "phan", "ket_thuc")  # the parts of a plan whose text may quote figures


def escape(text: str) -> str:
    r"""Return text typed as it is to print as it is: `{{` written `\{{`."""
    return text.replace("{{", "\\{{")


def unescape(text: str) -> str:
    r"""Return text as printed: `\{{` is two braces."""
    return ESCAPED.sub("{{", text)

Figures = dict[str, dict[str, Figure]]


def printed(figure: Figure) -> str:
    """Return a figure as the text prints it: 2.737, 20,28, 15.000.000."""
    value = figure.value
    if figure.kind == TEXT:
        return str(value)
    if figure.kind in (COUNT, MONEY) and figure.decimals == 0:
        return vn.integer(int(value))
    return vn.number(value, figure.decimals)


def fill(text: str, figures: Figures) -> str:
    """Return text with every quote replaced by its figure (quotes were checked before)."""
    if "{{" not in text:
        return text
    return unescape(QUOTE.sub(lambda m: printed(figures[m.group(1)][m.group(2)]), text))


def problems(text: str, figures: Figures) -> list[str]:
    """Return what is wrong with the quotes in text: unknown names, figures without a value."""
    out = []
    for m in ANY_BRACES.finditer(text):
        quote = QUOTE.fullmatch(m.group(0))
        if quote is None:
            out.append(f"`{m.group(0)}` không phải trích số liệu; viết dạng `{{{{ ma_bang.ten_so_lieu }}}}`, "
                       "ví dụ `{{ giam_ngheo.ty_le_cuoi_nam }}`.")
            continue
        table, name = quote.groups()
        if table not in figures:
            known = ", ".join(sorted(figures)) or "(kế hoạch chưa có phụ lục hay kinh phí nào)"
            out.append(f"trích `{m.group(0)}`: không có bảng `{table}`; các tên dùng được: {known}.")
        elif name not in figures[table]:
            out.append(f"trích `{m.group(0)}`: bảng `{table}` không có số liệu `{name}`; "
                       f"các số liệu: {', '.join(sorted(figures[table]))}.")
        elif figures[table][name].value is None:
            why = figures[table][name].missing or "không tính được"
            out.append(f"trích `{m.group(0)}`: {why}, nên câu này không có số để in; hãy kiểm tra số liệu của bảng.")
    return out


def used(text: str) -> set[str]:
    """Return the names of the tables text quotes."""
    return {m.group(1) for m in QUOTE.finditer(text)}

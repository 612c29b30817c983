"""Figures quoted in the text: `{{ giam_ngheo.ty_le_cuoi_nam }}` prints the computed value.

A sentence that quotes a figure of an annex (a total, a rate, a difference) or
the sum of the funding lines can never drift from the table: the number is
filled in at render time, printed as its column prints it. A quote may also be
simple arithmetic over figures, in the bounded language of annex formulas
(docgen.tables.formula): `{{ giam_ngheo.ho_can_ngheo - giam_ngheo.cuoi_can_ngheo }}`
prints the decrease, with the decimal places of its operands. A quote of a figure
that does not exist, or that cannot be computed (a rate over zero households), is
a located error, never an empty space in a signed plan.
"""

from __future__ import annotations

import re
from decimal import Decimal

from docgen.base import vn
from docgen.plan.tables import COUNT, MONEY, TEXT, Figure, formula

NAME = r"[a-z][a-z0-9_]*"
QUOTE = re.compile(r"(?<![\\{])\{\{([^{}]*)\}\}")  # any quote; what it holds is checked by problems()
ANY_BRACES = re.compile(r"(?<![\\{])\{\{(.*?)\}\}")
# Two braces that are text, not a quote, are written `\{{`: `\{{ a.b }}` prints «{{ a.b }}».
# The one escape; `docgen import` writes braces typed in Word this way. Braces after a brace are
# text too, so that `\{{{ a.b }}}` (three typed) prints as typed.
ESCAPED = re.compile(r"\\\{\{")
PARTS = ("trich_yeu", "mo_dau", "phan", "ket_thuc")  # the parts of a plan whose text may quote figures
_ONE = re.compile(rf"\s*({NAME})\.({NAME})\s*")  # the common case, read without the parser
_REFERENCE = re.compile(rf"(?<![\w.])({NAME})\s*\.\s*({NAME})")

Figures = dict[str, dict[str, Figure]]
WAITING = "…"  # printed for a quote of a figure left to fill (a report's result not typed yet)


def printed(figure: Figure) -> str:
    """Return a figure as the text prints it: 2.737, 20,28, 15.000.000."""
    value = figure.value
    if value is None:  # only a figure left to fill gets here (others are refused by problems())
        return WAITING
    if figure.kind == TEXT:
        return str(value)
    if figure.kind in (COUNT, MONEY) and figure.decimals == 0 and value == int(value):
        return vn.integer(int(value))
    return vn.number(value, figure.decimals)


def expression(quote: re.Match) -> str:
    """Return what a quote holds, as its name in reports: `giam_ngheo.muc_giam`, `a.x - a.y`."""
    return " ".join(quote.group(1).split())


def references(text: str) -> list[tuple[str, str]]:
    """Return the (table, figure) pairs a quote's expression names, in order."""
    return [(m.group(1), m.group(2)) for m in _REFERENCE.finditer(text)]


def difference(text: str) -> tuple[tuple[str, str], tuple[str, str]] | None:
    """Return the two figures a quote is the difference of (`a.x - a.y`), if that is all it is."""
    m = re.fullmatch(rf"\s*({NAME})\.({NAME})\s*-\s*({NAME})\.({NAME})\s*", text)
    return ((m.group(1), m.group(2)), (m.group(3), m.group(4))) if m else None


def value(quote: re.Match, figures: Figures) -> Figure:
    """Return the figure a quote prints. Raise KeyError for a name that is not a figure, ValueError
    (with a Vietnamese reason) for a quote that is not one or cannot be computed."""
    one = _ONE.fullmatch(quote.group(1))
    if one:
        return figures[one.group(1)][one.group(2)]
    names = {f"{t}.{n}": f for t, table in figures.items() for n, f in table.items()}
    kinds = {k: formula.TEXT if f.kind == TEXT else formula.NUMBER for k, f in names.items()}
    try:
        parsed = formula.parse(quote.group(1), kinds, dotted=True, want=formula.NUMBER,
                               places={k: f.decimals for k, f in names.items()})
    except formula.FormulaError as exc:
        raise ValueError(str(exc)) from None
    if not parsed.names:
        raise ValueError("không trích số liệu nào; viết dạng `tên_bảng.tên_số_liệu`")
    missing = [k for k in parsed.names if names[k].value is None]
    if missing:
        raise ValueError(f"{names[missing[0]].missing or 'không tính được'} (`{missing[0]}`)")
    try:
        result = formula.evaluate(parsed, {k: names[k].value for k in parsed.names})
    except formula.FormulaError as exc:
        raise ValueError(str(exc)) from None
    if result is None:
        raise ValueError("có phép chia cho 0")
    kinds_used = {names[k].kind for k in parsed.names}
    kind = kinds_used.pop() if len(kinds_used) == 1 else "thap_phan"
    return Figure(Decimal(result), kind, parsed.places)


def _waiting(quote: re.Match, figures: Figures) -> list[str]:
    """Return the names a quote uses whose figures are left to fill (`Figure.pending`)."""
    return [f"{t}.{n}" for t, n in references(quote.group(1))
            if t in figures and n in figures[t] and figures[t][n].pending]


def fill(text: str, figures: Figures) -> str:
    """Return text with every quote replaced by its figure (quotes were checked before); a quote
    of a figure left to fill prints «…»."""
    if "{{" not in text:
        return text
    return unescape(QUOTE.sub(lambda m: WAITING if _waiting(m, figures) else printed(value(m, figures)), text))


def waiting(text: str, figures: Figures) -> list[str]:
    """Return a warning if text quotes figures left to fill: they print «…» until then."""
    found = [f"`{{{{ {expression(m)} }}}}`" for m in QUOTE.finditer(text)
             if _waiting(m, figures) and not _unknown(m.group(1), figures)]
    if not found:
        return []
    first = next(n for m in QUOTE.finditer(text) for n in _waiting(m, figures))
    table, name = first.split(".")
    return [(f"câu này trích {', '.join(found)}: {figures[table][name].missing}, nên in «{WAITING}» cho đến "
             "khi điền số.")]


def escape(text: str) -> str:
    r"""Return text typed as it is to print as it is: `{{` written `\{{`."""
    return text.replace("{{", "\\{{")


def unescape(text: str) -> str:
    r"""Return text as printed: `\{{` is two braces."""
    return ESCAPED.sub("{{", text)


def problems(text: str, figures: Figures) -> list[str]:
    """Return what is wrong with the quotes in text: unknown names, figures without a value,
    arithmetic that is not allowed or cannot be computed."""
    out = []
    for m in ANY_BRACES.finditer(text):
        quote = QUOTE.fullmatch(m.group(0))
        if quote is not None and _waiting(quote, figures) and not _unknown(quote.group(1), figures):
            continue  # a figure left to fill: a warning (waiting), not an error
        shown = f"{{{{ {expression(quote)} }}}}" if quote else m.group(0)
        if quote is None or not references(quote.group(1)):
            out.append(f"`{m.group(0)}` không phải trích số liệu; viết dạng `{{{{ ma_bang.ten_so_lieu }}}}`, "
                       "ví dụ `{{ giam_ngheo.ty_le_cuoi_nam }}`, hoặc phép tính trên các số liệu, ví dụ "
                       "`{{ giam_ngheo.ho_can_ngheo - giam_ngheo.cuoi_can_ngheo }}`.")
            continue
        unknown = _unknown(quote.group(1), figures)
        if unknown:
            out.append(f"trích `{shown}`: {unknown}")
            continue
        try:
            figure = value(quote, figures)
        except ValueError as exc:
            out.append(f"trích `{shown}`: {exc}; hãy kiểm tra số liệu của bảng hoặc phép tính.")
            continue
        if figure.value is None:
            why = figure.missing or "không tính được"
            out.append(f"trích `{shown}`: {why}, nên câu này không có số để in; hãy kiểm tra số liệu của bảng.")
    return out


def _unknown(text: str, figures: Figures) -> str:
    """Return why a quote names a table or a figure that does not exist, or ""."""
    for table, name in references(text):
        if table not in figures:
            known = ", ".join(sorted(figures)) or "(kế hoạch chưa có phụ lục hay kinh phí nào)"
            return f"không có bảng `{table}`; các tên dùng được: {known}."
        if name not in figures[table]:
            return f"bảng `{table}` không có số liệu `{name}`; các số liệu: {', '.join(sorted(figures[table]))}."
    return ""


def used(text: str) -> set[str]:
    """Return the names of the tables text quotes."""
    return {table for m in QUOTE.finditer(text) for table, _ in references(m.group(1))}

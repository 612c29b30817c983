"""Formulas over named figures: parsed once, held to a whitelist and to caps, then evaluated.

One small language serves the annex tables (`cong_thuc` and `rang_buoc` over the columns of a
row: `so_khau / so_ho`, `so_khau >= so_ho`) and the quotes of the text (`{{ giam_ngheo.ho_can_ngheo
- giam_ngheo.cuoi_can_ngheo }}` over the figures of the annexes): numbers, names, `+ - * /`,
`**` by a number written in the formula, comparisons, `and`/`or`/`not`, and the functions `min`,
`max`, `abs`, `round`. Nothing else of Python is reachable: the tree Python's own parser builds
is checked node by node against that list, every name is looked up in the caller's table (never
as an attribute of anything), and the checked tree is turned into plain closures.

Every limit is checked before anything is evaluated, so that no formula can run away: its
length and its number of parts (`MAX_NODES`), the exponents (`MAX_POWER`), the places of
`round` (`MAX_PLACES`); a table multiplies a formula's `cost` by its rows and holds the product
to a budget (docgen.tables.declared). Numbers are Decimal in a context of 28 digits whose
overflow is an error, not an infinity; a division by zero means "no value" (a rate over no
households prints "-"), as a spreadsheet shows #DIV/0!. Every failure is a `FormulaError` with
a Vietnamese message and the place in the formula; the caller adds the file, line and column.
"""

from __future__ import annotations

import ast
import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, DivisionByZero, InvalidOperation, Overflow

# What a name or an expression holds.
NUMBER, DATE, TEXT, BOOL = "số", "ngày", "chữ", "đúng/sai"

MAX_CHARS = 2_000  # Python's own parser recurses on long chains: refused before it is asked
MAX_NODES = 200
MAX_POWER = 64
MAX_PLACES = 15
# No value a formula gives may reach LIMIT: printed with up to PRINTED places, it must fit the 28
# digits Decimal rounds in (22 + 6), and what docgen prints, `docgen check` must read back.
LIMIT = Decimal(10) ** 22
PRINTED = 6
# What a power costs against a table's budget, in sums: Decimal's power by a whole number takes
# a few sums' time, by a fraction (a root) some 250 (measured: 0.3 µs a sum, 80 µs a root).
POWER_COST, ROOT_COST = 5, 300

_CONTEXT = Context(prec=28, rounding=ROUND_HALF_UP, Emax=99, Emin=-99,
                   traps=[InvalidOperation, DivisionByZero, Overflow])
_WIDE = Context(prec=28 + 2 * MAX_PLACES + 2, rounding=ROUND_HALF_UP, Emax=99, Emin=-99,
                traps=[InvalidOperation, Overflow])

FUNCTIONS = ("min", "max", "abs", "round")
_ALLOWED = "tên, số, + - * / ( ), ** với số mũ viết sẵn, so sánh < <= > >= == !=, and, or, not, min, max, abs, round"


class FormulaError(Exception):
    """A formula that cannot be used or cannot be computed; `message` is Vietnamese."""

    def __init__(self, message: str, offset: int | None = None):
        super().__init__(message)
        self.message = message
        self.offset = offset  # 0-based character in the formula, where known

    def __str__(self) -> str:
        return self.message + (f" (ở ký tự thứ {self.offset + 1})" if self.offset is not None else "")


def _too_large() -> FormulaError:
    return FormulaError(f"cho ra số quá lớn (từ 10^{LIMIT.adjusted()} trở lên)")


class _NoValue(Exception):
    """A division by zero: the formula has no value for this row."""


@dataclass(frozen=True)
class Formula:
    """A checked formula, ready to evaluate."""

    text: str
    kind: str  # NUMBER or BOOL (or DATE, TEXT: a bare name)
    names: tuple[str, ...]  # the names it uses, in the order they are written
    cost: int  # operations one evaluation takes, for a table's budget
    places: int  # decimals of its result, from its operands' (how a quote prints it), at most PRINTED
    run: Callable[[Mapping[str, object]], object]


@functools.lru_cache(maxsize=4096)
def _tree(text: str) -> ast.Expression:
    if len(text) > MAX_CHARS:
        raise FormulaError(f"quá dài ({_count(len(text))} ký tự, tối đa {_count(MAX_CHARS)}); "
                           "hãy chia thành nhiều cột")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        offset = exc.offset - 1 if exc.lineno == 1 and exc.offset else None
        raise FormulaError(f"viết sai; chỉ dùng {_ALLOWED}", offset) from None
    except (RecursionError, MemoryError, ValueError):
        raise FormulaError(f"lồng nhau quá sâu; tối đa {MAX_NODES} phần tử") from None
    nodes = sum(1 for n in ast.walk(tree) if isinstance(n, ast.expr))
    if nodes > MAX_NODES:
        raise FormulaError(f"quá nhiều phần tử ({_count(nodes)}, tối đa {MAX_NODES}); hãy chia thành nhiều cột")
    return tree


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def parse(text: str, types: Mapping[str, str], *, want: str = NUMBER, dotted: bool = False,
          places: Mapping[str, int] | None = None) -> Formula:
    """Return text checked as a formula over the names of `types` (name -> NUMBER, DATE, TEXT),
    whose value must be of kind `want`; `dotted` names are `table.figure`. Raise FormulaError."""
    tree = _tree(text.strip())
    checker = _Checker(text.strip(), types, dotted, places or {})
    kind, run, decimals = checker.visit(tree.body)
    if want == BOOL and kind != BOOL:
        raise FormulaError("phải là một điều kiện đúng hoặc sai (một phép so sánh như `a >= b`), "
                           f"không phải một giá trị {kind}")
    if want == NUMBER and kind != NUMBER:
        raise FormulaError(f"phải cho ra một số; đang cho ra một giá trị {kind}")
    names = tuple(dict.fromkeys(name for _, name in sorted(checker.used)))
    return Formula(text, kind, names, checker.cost, min(decimals, PRINTED), run)


def evaluate(formula: Formula, values: Mapping[str, object]):
    """Return the formula's value over values (numbers as int, float or Decimal; dates; text).

    None when a value it uses is missing or when it divides by zero. Raise FormulaError when
    a value is not a finite number or the result is too large."""
    given = {}
    for name in formula.names:
        value = values.get(name)
        if value is None:
            return None
        given[name] = _decimal(value, name) if isinstance(value, (int, float, Decimal)) and not isinstance(
            value, bool) else value
    try:
        result = formula.run(given)
    except _NoValue:
        return None
    except Overflow:
        raise _too_large() from None
    except InvalidOperation:
        raise FormulaError("không tính được (lũy thừa không nguyên của số âm?)") from None
    if isinstance(result, Decimal) and abs(result) >= LIMIT:
        raise _too_large()
    return result


def _decimal(value, name: str) -> Decimal:
    if isinstance(value, float):
        if not math.isfinite(value):
            raise FormulaError(f"`{name}` không phải một số hữu hạn (đang là `{value}`)")
        value = Decimal(repr(value))
    out = Decimal(value)
    if not out.is_finite() or abs(out) >= LIMIT:
        raise FormulaError(f"`{name}` không phải một số dùng được (đang là `{value}`)")
    return out


# --- checking and compiling -------------------------------------------------------

_BINARY = {
    ast.Add: _CONTEXT.add,
    ast.Sub: _CONTEXT.subtract,
    ast.Mult: _CONTEXT.multiply,
    ast.Div: _CONTEXT.divide,
}
_COMPARE = {
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
}
_SYMBOLS = {ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.LShift: "<<", ast.RShift: ">>",
            ast.BitOr: "|", ast.BitAnd: "&", ast.BitXor: "^", ast.Invert: "~", ast.Is: "is", ast.IsNot: "is not",
            ast.In: "in", ast.NotIn: "not in"}
_WHAT = {
    ast.Lambda: "hàm `lambda`",
    ast.NamedExpr: "phép gán `:=`",
    ast.ListComp: "vòng lặp `for`",
    ast.SetComp: "vòng lặp `for`",
    ast.DictComp: "vòng lặp `for`",
    ast.GeneratorExp: "vòng lặp `for`",
    ast.Subscript: "chỉ số `[…]`",
    ast.List: "danh sách `[…]`",
    ast.Tuple: "bộ giá trị `(…, …)`",
    ast.Dict: "bảng `{…}`",
    ast.Set: "tập hợp `{…}`",
    ast.IfExp: "`… if … else …`",
    ast.Starred: "dấu `*` trước tên",
    ast.JoinedStr: "chuỗi f\"…\"",
    ast.Await: "`await`",
    ast.Yield: "`yield`",
    ast.YieldFrom: "`yield`",
    ast.Slice: "chỉ số `[…]`",
}


def _mismatch(node: ast.AST, what: str, kind: str) -> FormulaError:
    return FormulaError(f"{what} cần một số; `{ast.unparse(node)}` là một giá trị {kind}", node.col_offset)


class _Checker:
    """Walk a parsed formula: refuse what is not allowed, infer each part's kind, and build the
    closure that computes it. The tree has at most MAX_NODES parts, so recursion is bounded."""

    def __init__(self, text: str, types: Mapping[str, str], dotted: bool, places: Mapping[str, int]):
        self.text, self.types, self.dotted, self.places = text, types, dotted, places
        self.used: set[tuple[int, str]] = set()
        self.cost = 0

    def visit(self, node: ast.AST) -> tuple[str, Callable, int]:
        self.cost += 1
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            what = _WHAT.get(type(node))
            if what is None and isinstance(node, ast.Attribute):
                what = "dấu chấm `.` (thuộc tính)"
            raise FormulaError(f"{what or f'`{ast.unparse(node)}`'} không dùng được trong công thức; "
                               f"chỉ dùng {_ALLOWED}", getattr(node, "col_offset", None))
        return method(node)

    def _Constant(self, node: ast.Constant):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise FormulaError(f"`{ast.unparse(node)}` không dùng được trong công thức; chỉ dùng số, ví dụ 100 "
                               "hoặc 0.5", node.col_offset)
        written = ast.get_source_segment(self.text, node) or repr(value)
        try:
            number = Decimal(written.replace("_", ""))
        except InvalidOperation:
            number = Decimal(repr(value)) if math.isfinite(value) else Decimal("Infinity")
        if not number.is_finite() or abs(number) >= LIMIT:
            raise FormulaError(f"số `{written}` quá lớn (tối đa {LIMIT.adjusted()} chữ số)", node.col_offset)
        places = max(0, -number.as_tuple().exponent) if isinstance(value, float) else 0
        return NUMBER, lambda env: number, min(places, MAX_PLACES)

    def _name(self, name: str, node: ast.AST):
        if name not in self.types:
            known = ", ".join(sorted(self.types)) or "(không có)"
            if self.dotted:
                raise FormulaError(f"không có số liệu `{name}`; các số liệu: {known}", node.col_offset)
            numbers = "số " if set(self.types.values()) == {NUMBER} else ""
            raise FormulaError(f"`{name}` không phải cột {numbers}của bảng; các cột dùng được: {known}",
                               node.col_offset)
        self.used.add((node.col_offset, name))
        return self.types[name], lambda env: env[name], self.places.get(name, 0)

    def _Name(self, node: ast.Name):
        if node.id in FUNCTIONS:
            raise FormulaError(f"`{node.id}` là hàm: viết `{node.id}(…)` với các giá trị trong ngoặc", node.col_offset)
        if self.dotted:
            raise FormulaError(f"`{node.id}`: trích số liệu viết dạng `tên_bảng.tên_số_liệu`, ví dụ "
                               "`giam_ngheo.cuoi_ho_ngheo`", node.col_offset)
        return self._name(node.id, node)

    def _Attribute(self, node: ast.Attribute):
        if not self.dotted or not isinstance(node.value, ast.Name):
            raise FormulaError("dấu chấm `.` (thuộc tính) không dùng được trong công thức; "
                               f"chỉ dùng {_ALLOWED}", node.col_offset)
        return self._name(f"{node.value.id}.{node.attr}", node)

    def _number(self, node: ast.AST, what: str):
        kind, run, places = self.visit(node)
        if kind != NUMBER:
            raise _mismatch(node, what, kind)
        return run, places

    def _UnaryOp(self, node: ast.UnaryOp):
        if isinstance(node.op, ast.Not):
            kind, run, _ = self.visit(node.operand)
            if kind != BOOL:
                raise FormulaError(f"`not` cần một điều kiện; `{ast.unparse(node.operand)}` là một giá trị {kind}",
                                   node.col_offset)
            return BOOL, lambda env: not run(env), 0
        if isinstance(node.op, (ast.USub, ast.UAdd)):
            run, places = self._number(node.operand, f"dấu `{'-' if isinstance(node.op, ast.USub) else '+'}`")
            if isinstance(node.op, ast.UAdd):
                return NUMBER, run, places
            return NUMBER, lambda env: _CONTEXT.minus(run(env)), places
        raise FormulaError(f"phép `{_SYMBOLS.get(type(node.op), '?')}` không dùng được; chỉ dùng {_ALLOWED}",
                           node.col_offset)

    def _BinOp(self, node: ast.BinOp):
        if isinstance(node.op, ast.Pow):
            return self._power(node)
        op = _BINARY.get(type(node.op))
        if op is None:
            raise FormulaError(f"phép `{_SYMBOLS.get(type(node.op), '?')}` không dùng được; chỉ dùng {_ALLOWED}",
                               node.col_offset)
        symbol = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}[type(node.op)]
        left, lp = self._number(node.left, f"phép `{symbol}`")
        right, rp = self._number(node.right, f"phép `{symbol}`")
        divide = isinstance(node.op, ast.Div)

        def run(env):
            a, b = left(env), right(env)
            if divide and not b:
                raise _NoValue
            return op(a, b)
        return NUMBER, run, max(lp, rp)

    def _power(self, node: ast.BinOp):
        exponent = _literal(node.right)
        if exponent is None:
            raise FormulaError(f"số mũ của `**` phải là một số viết sẵn trong công thức (từ −{MAX_POWER} đến "
                               f"{MAX_POWER}); đang là `{ast.unparse(node.right)}`", node.right.col_offset)
        if abs(exponent) > MAX_POWER:
            raise FormulaError(f"số mũ `{ast.unparse(node.right)}` vượt giới hạn (từ −{MAX_POWER} đến {MAX_POWER})",
                               node.right.col_offset)
        self.cost += POWER_COST if exponent == int(exponent) else ROOT_COST
        self.cost += sum(1 for n in ast.walk(node.right) if isinstance(n, ast.expr))
        base, places = self._number(node.left, "phép `**`")

        def run(env):
            value = base(env)
            if not value and exponent <= 0:
                if exponent < 0:
                    raise _NoValue
                return Decimal(1)
            return _CONTEXT.power(value, exponent)
        return NUMBER, run, places

    def _Compare(self, node: ast.Compare):
        parts = [node.left, *node.comparators]
        kinds, runs = [], []
        for part in parts:
            kind, run, _ = self.visit(part)
            kinds.append(kind)
            runs.append(run)
        tests = []
        for i, op in enumerate(node.ops):
            test = _COMPARE.get(type(op))
            if test is None:
                raise FormulaError(f"phép so sánh `{_SYMBOLS.get(type(op), '?')}` không dùng được; "
                                   "dùng < <= > >= == !=", node.col_offset)
            a, b = kinds[i], kinds[i + 1]
            if a != b or a == BOOL or (a == TEXT and not isinstance(op, (ast.Eq, ast.NotEq))):
                raise FormulaError(f"không so sánh được `{ast.unparse(parts[i])}` (giá trị {a}) với "
                                   f"`{ast.unparse(parts[i + 1])}` (giá trị {b})", parts[i].col_offset)
            tests.append(test)

        def run(env):
            values = [r(env) for r in runs]
            return all(t(values[i], values[i + 1]) for i, t in enumerate(tests))
        return BOOL, run, 0

    def _BoolOp(self, node: ast.BoolOp):
        runs = []
        word = "and" if isinstance(node.op, ast.And) else "or"
        for value in node.values:
            kind, run, _ = self.visit(value)
            if kind != BOOL:
                raise FormulaError(f"`{word}` nối các điều kiện; `{ast.unparse(value)}` là một giá trị {kind}",
                                   value.col_offset)
            runs.append(run)
        if word == "and":
            return BOOL, lambda env: all(r(env) for r in runs), 0
        return BOOL, lambda env: any(r(env) for r in runs), 0

    def _Call(self, node: ast.Call):
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name is None:
            self.visit(node.func)  # a lambda, an attribute…: refused with its own words
        if name not in FUNCTIONS:
            raise FormulaError(f"`{ast.unparse(node.func)}(…)` không dùng được; chỉ có các hàm min, max, abs, round",
                               node.col_offset)
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise FormulaError(f"`{name}(…)` chỉ nhận các giá trị cách nhau bằng dấu phẩy", node.col_offset)
        count = len(node.args)
        if name in ("min", "max") and count < 2:
            raise FormulaError(f"`{name}(…)` cần ít nhất hai giá trị, ví dụ `{name}(a, b)`", node.col_offset)
        if name == "abs" and count != 1:
            raise FormulaError("`abs(…)` cần đúng một giá trị, ví dụ `abs(a - b)`", node.col_offset)
        if name == "round":
            return self._round(node)
        args = [self._number(a, f"`{name}(…)`") for a in node.args]
        runs = [r for r, _ in args]
        places = max(p for _, p in args)
        if name == "abs":
            (only,) = runs
            return NUMBER, lambda env: _CONTEXT.abs(only(env)), places
        pick = min if name == "min" else max
        return NUMBER, lambda env: pick(r(env) for r in runs), places

    def _round(self, node: ast.Call):
        if len(node.args) not in (1, 2):
            raise FormulaError("`round(…)` cần một giá trị và số chữ số thập phân, ví dụ `round(a / b, 2)`",
                               node.col_offset)
        value, _ = self._number(node.args[0], "`round(…)`")
        digits = 0
        if len(node.args) == 2:
            given = _literal(node.args[1])
            if given is None or given != int(given):
                raise FormulaError(f"số chữ số của `round` phải là một số nguyên viết sẵn (từ −{MAX_PLACES} đến "
                                   f"{MAX_PLACES}); đang là `{ast.unparse(node.args[1])}`", node.args[1].col_offset)
            digits = int(given)
            if abs(digits) > MAX_PLACES:
                raise FormulaError(f"số chữ số của `round` ({digits}) vượt giới hạn (từ −{MAX_PLACES} đến "
                                   f"{MAX_PLACES})", node.args[1].col_offset)
            self.cost += sum(1 for n in ast.walk(node.args[1]) if isinstance(n, ast.expr))
        step = Decimal(1).scaleb(-digits)

        def run(env):
            exact = value(env)
            if abs(exact) >= LIMIT:  # more digits than rounding has room for, and too large anyway
                raise _too_large()
            return _WIDE.plus(exact).quantize(step, context=_WIDE)  # half-up, as spreadsheets round
        return NUMBER, run, max(digits, 0)


def _literal(node: ast.AST) -> Decimal | None:
    """Return the number a node writes out (`2`, `-3`, `0.5`), or None if it is not one."""
    sign = 1
    while isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        sign = -sign if isinstance(node.op, ast.USub) else sign
        node = node.operand
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        if isinstance(node.value, float) and not math.isfinite(node.value):
            return None
        if isinstance(node.value, int) and node.value.bit_length() > 64:
            return Decimal(10) ** 30  # out of every range; never converted from a huge int
        return sign * Decimal(repr(node.value))
    return None

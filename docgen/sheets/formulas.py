"""The formulas of computed columns, as a spreadsheet stores them (`=ROUND(E7/B7*100,2)`).

A kind declares each computed column as an expression over the row's columns (declared
tables' language: arithmetic, comparisons, min, max, abs, round). Here it is written in the
file format's syntax, each column replaced by its cell. docgen computes at full precision
and rounds only what it prints, so a formula that uses a rounded column (a rate) takes that
column's expression, not its rounded cell; a column whose value is exact (a count) is used by
its cell, which keeps the formulas short. A division by zero prints "-" as docgen does, and
so does a row where a value the formula needs is blank.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass

from docgen.plan.kinds import kind_of
from docgen.plan.tables import DECIMAL, PERCENT, Column

_FUNCTIONS = {"min": "MIN", "max": "MAX", "abs": "ABS", "round": "ROUND"}
_OPERATORS = {ast.Add: ("+", 1), ast.Sub: ("-", 1), ast.Mult: ("*", 2), ast.Div: ("/", 2), ast.Pow: ("^", 4)}
_COMPARE = {ast.Eq: "=", ast.NotEq: "<>", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
_ATOM = 9


def excel(expression: str, ref: Callable[[str], str]) -> str:
    """Return expression in spreadsheet syntax, each name replaced by ref(name) (an atom)."""
    return _write(ast.parse(expression, mode="eval").body, ref)[0]


def _write(node, ref) -> tuple[str, int]:
    """Return (text, precedence) of node: precedence decides where parentheses are needed."""
    if isinstance(node, ast.Name):
        return ref(node.id), _ATOM
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool):
            return ("TRUE()" if node.value else "FALSE()"), _ATOM
        return repr(node.value), _ATOM
    if isinstance(node, ast.UnaryOp):
        inner = _write(node.operand, ref)[0] if isinstance(node.operand, (ast.Name, ast.Constant)) \
            else f"({_write(node.operand, ref)[0]})"
        if isinstance(node.op, ast.Not):
            return f"NOT({_write(node.operand, ref)[0]})", _ATOM
        return ("-" if isinstance(node.op, ast.USub) else "+") + inner, 3
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.FloorDiv):
            return f"INT({_write(node.left, ref)[0]}/{_wrap(node.right, ref, 2, True)})", _ATOM
        if isinstance(node.op, ast.Mod):
            return f"MOD({_write(node.left, ref)[0]},{_write(node.right, ref)[0]})", _ATOM
        symbol, level = _OPERATORS[type(node.op)]
        left = _wrap(node.left, ref, level, level == 4)
        right = _wrap(node.right, ref, level, isinstance(node.op, (ast.Sub, ast.Div)))
        return f"{left}{symbol}{right}", level
    if isinstance(node, ast.Compare):
        parts, left = [], node.left
        for op, right in zip(node.ops, node.comparators):
            parts.append(f"{_wrap(left, ref, 0, False)}{_COMPARE[type(op)]}{_wrap(right, ref, 0, True)}")
            left = right
        return (parts[0], 0) if len(parts) == 1 else (f"AND({','.join(parts)})", _ATOM)
    if isinstance(node, ast.BoolOp):
        name = "AND" if isinstance(node.op, ast.And) else "OR"
        return f"{name}({','.join(_write(v, ref)[0] for v in node.values)})", _ATOM
    if isinstance(node, ast.IfExp):
        return f"IF({_write(node.test, ref)[0]},{_write(node.body, ref)[0]},{_write(node.orelse, ref)[0]})", _ATOM
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _FUNCTIONS:
        args = [_write(a, ref)[0] for a in node.args]
        if node.func.id == "round" and len(args) == 1:
            args.append("0")
        return f"{_FUNCTIONS[node.func.id]}({','.join(args)})", _ATOM
    raise ValueError(f"not a formula docgen writes: {ast.dump(node)}")


def _wrap(node, ref, level: int, strict: bool) -> str:
    text, own = _write(node, ref)
    return f"({text})" if own < level or (strict and own == level) else text


@dataclass(frozen=True)
class Formulas:
    """The formulas of one table's computed columns."""

    columns: list[Column]
    expressions: dict[str, str]  # by column key, the kind's formulas of the columns it shows

    def rounded(self, key: str) -> bool:
        """Whether a computed column's cell is rounded (so a formula using it takes its expression)."""
        column = next(c for c in self.columns if c.key == key)
        return column.kind in (DECIMAL, PERCENT) or "/" in self.expression(key)

    def expression(self, key: str) -> str:
        return self.expressions[key]

    def inputs(self, key: str) -> list[str]:
        """Return the typed columns a computed column depends on, through the columns it uses."""
        out: list[str] = []
        for name in _names(self.expressions[key]):
            for used in (self.inputs(name) if name in self.expressions else [name]):
                if used not in out:
                    out.append(used)
        return out

    def cell(self, key: str, cell_of: Callable[[str], str], blank: Callable[[str], bool] = lambda k: False) -> str:
        """Return the formula of column key in a row whose cells cell_of names ("=…"); blank(key)
        says which typed values of that row are empty (the formula then prints "-")."""
        text = self._written(key, cell_of)
        column = next(c for c in self.columns if c.key == key)
        if self.rounded(key):
            text = f"ROUND({text},{column.decimals})"
        if "/" in text:
            text = f'IFERROR({text},"-")'
        missing = self.inputs(key)
        if any(blank(k) for k in missing):
            cells = ",".join(cell_of(k) for k in missing)
            text = f'IF(COUNT({cells})<{len(missing)},"-",{text})'
        return "=" + text

    def _written(self, key: str, cell_of) -> str:
        """Return key's expression over cells, a rounded column it uses written as its own expression."""
        def ref(name: str) -> str:
            if name in self.expressions and self.rounded(name):
                return f"({self._written(name, cell_of)})"
            return cell_of(name)
        return excel(self.expressions[key], ref)


def of(annex) -> Formulas:
    """Return the formulas of an annex's computed columns (docgen.sheets.Annex)."""
    shown = {c.key for c in annex.columns if c.computed}
    declared = kind_of(annex.table).formulas(annex.table)
    return Formulas(annex.columns, {k: v for k, v in declared.items() if k in shown and _writable(v)})


def _writable(expression: str) -> bool:
    """Whether expression can be written as a formula (one that cannot keeps docgen's printed value)."""
    try:
        excel(expression, lambda name: name)
    except (ValueError, KeyError, SyntaxError):
        return False
    return True


def _names(expression: str) -> list[str]:
    """Return the column names an expression uses, in the order they are written (functions left out)."""
    tree = ast.parse(expression, mode="eval")
    called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    found = sorted((n.col_offset, n.id) for n in ast.walk(tree) if isinstance(n, ast.Name) and id(n) not in called)
    return list(dict.fromkeys(name for _, name in found))

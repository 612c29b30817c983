"""The plan's YAML text edited where a sheet changes an annex's rows: values rewritten in place
(docgen.plan.yamledit), a value the row did not have added to it, rows added in the style of their
neighbours (one line `- {…}` or a block of `key: value` lines), rows removed whole.

Edits that start at one place are made one edit (an added row where a removed row stood, a
key added at the end of a row followed by a new row), so that their order is never left to
chance."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import yaml

from docgen.plan import yamledit
from docgen.plan.load import Source


def scalar(value) -> str:
    """Return value written as a YAML scalar that reads back as the same value."""
    if isinstance(value, bool) or value is None:
        raise ValueError(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if yamledit._plain_safe(text) and yaml.safe_load(text) == text:
        return text
    return json.dumps(text, ensure_ascii=False)


def _row_lines(source: Source, rows: tuple, j: int, count: int) -> yamledit.Edit | None:
    """Return the whole lines of row j (as removing it would take them), or None in a flow list."""
    nxt = source.spans.get(rows + (j + 1,)) if j + 1 < count else None
    return yamledit.remove_item(source.text, source.spans[rows + (j,)], nxt)


def _flow(source: Source, path: tuple) -> bool:
    start, end, _ = source.spans[path]
    return source.text[start] == "{"


def set_value(source: Source, row_path: tuple, key: str, value, count: int) -> yamledit.Edit | None:
    """Return the edit that writes value for key in the row at row_path (the key added if absent)."""
    path = row_path + (key,)
    if path in source.spans:
        return yamledit.rewrite(source.text, source.spans[path], value if isinstance(value, str) else _Scalar(value))
    if _flow(source, row_path):
        end = source.spans[row_path][1] - 1  # the closing brace
        return yamledit.Edit(end, end, f", {key}: {scalar(value)}")
    lines = _row_lines(source, row_path[:-1], row_path[-1], count)
    if lines is None:
        return None
    indent = _key_indent(source, row_path)
    return yamledit.Edit(lines.end, lines.end, f"{' ' * indent}{key}: {scalar(value)}\n")


class _Scalar:
    """A number or a date for yamledit.rewrite, which writes str() of what is not text."""

    def __init__(self, value):
        self.text = scalar(value)

    def __str__(self) -> str:
        return self.text


def _key_indent(source: Source, row_path: tuple) -> int:
    keys = [k for k in source.keys if k[:-1] == row_path]
    line_column = source.keys[keys[0]] if keys else source.values[row_path]
    return line_column[1] - 1


def new_row(source: Source, model_path: tuple, values: dict) -> str:
    """Return the lines of a new row with values, in the style of the row at model_path."""
    line_start = source.text.rfind("\n", 0, source.spans[model_path][0]) + 1
    dash = source.text[line_start:source.spans[model_path][0]]
    indent = " " * (len(dash) - len(dash.lstrip()))
    if _flow(source, model_path):
        return f"{indent}- {{{', '.join(f'{k}: {scalar(v)}' for k, v in values.items())}}}\n"
    inner = " " * _key_indent(source, model_path)
    lines = [f"{k}: {scalar(v)}" for k, v in values.items()]
    first = f"{indent}-{' ' * max(1, len(inner) - len(indent) - 1)}{lines[0]}\n"
    return first + "".join(f"{inner}{line}\n" for line in lines[1:])


def insert_at(source: Source, rows: tuple, anchor: int | None, count: int) -> int | None:
    """Return where rows added after row anchor go (before the first row when anchor is None)."""
    if anchor is None:
        lines = _row_lines(source, rows, 0, count)
        return None if lines is None else lines.start
    lines = _row_lines(source, rows, anchor, count)
    return None if lines is None else lines.end


def remove_row(source: Source, rows: tuple, j: int, count: int) -> yamledit.Edit | None:
    return _row_lines(source, rows, j, count)


def combine(edits: list[yamledit.Edit]) -> list[yamledit.Edit]:
    """Return edits with those starting at one place made one, in the order given (insertions
    first, then what replaces text there)."""
    by_start: dict[int, list[yamledit.Edit]] = {}
    for e in edits:
        by_start.setdefault(e.start, []).append(e)
    out = []
    for start, group in by_start.items():
        inserts = [e for e in group if e.end == e.start]
        others = [e for e in group if e.end != e.start]
        if len(others) > 1:
            out += others  # overlapping: reported by the caller
            others = others[:1]
        end = others[0].end if others else start
        out.append(yamledit.Edit(start, end, "".join(e.new for e in inserts) + "".join(e.new for e in others)))
    return out

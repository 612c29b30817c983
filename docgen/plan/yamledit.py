"""Values of a plan rewritten in its YAML text, in place, touching nothing else.

`docgen import` brings edits made in Word back into the plan. The plan file is what
the user wrote: comments, key order, quoting, where long sentences are wrapped. So the
edits are made to the text itself, at the positions the loader recorded for each value
(docgen.plan.load.Source.spans): a word changed inside a folded sentence changes that line
only, a count changes its digits only, a removed "-" line removes its lines only.
`git diff` then shows exactly the edits. A round trip through ruamel.yaml would keep
comments too, but re-indents and re-quotes what it writes (a sequence's offset, a
folded block's line breaks), which is noise in the diff.

Where a value is written in a way this does not map character by character (an escape
inside a quoted string, say), the whole value is rewritten as one double-quoted string.
Every edit is checked by loading the result again.
"""

from __future__ import annotations

import itertools
import json
import unicodedata
from dataclasses import dataclass

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "/": "/", " ": " ", "0": "\0", "r": "\r"}


@dataclass(frozen=True)
class Mapped:
    """A scalar's content as docgen reads it (white space folded) and where each character stands."""

    content: str
    index: list[int]  # index in the file text where each character of content is written
    ends: list[int]  # and the index just after it (an escape `\"` or `''` takes two characters)


def mapped(text: str, span: tuple[int, int, str | None]) -> Mapped | None:
    """Return the scalar at span mapped character by character, or None if it cannot be."""
    start, end, style = span
    pieces: list[tuple[str, int, int]] = []  # (character, where it starts in text, where it ends)
    if style in ("", None):
        pieces = [(text[i], i, i + 1) for i in range(start, end)]
    elif style in (">", "|"):
        body = text.index("\n", start) + 1 if "\n" in text[start:end] else end
        pieces = [(text[i], i, i + 1) for i in range(body, end)]
    elif style == "'":
        i = start + 1
        while i < end - 1:
            if text[i] == "'" and text[i + 1] == "'":
                pieces.append(("'", i, i + 2))
                i += 2
                continue
            pieces.append((text[i], i, i + 1))
            i += 1
    elif style == '"':
        i = start + 1
        while i < end - 1:
            if text[i] == "\\":
                nxt = text[i + 1]
                if nxt not in _ESCAPES:
                    return None  # \u, \x, an escaped line break: rewrite the value whole instead
                pieces.append((_ESCAPES[nxt], i, i + 2))
                i += 2
                continue
            pieces.append((text[i], i, i + 1))
            i += 1
    else:
        return None
    content, index, ends, space = [], [], [], None
    for ch, i, j in pieces:
        if ch.isspace():
            space = i if space is None else space
            continue
        if space is not None and content:
            content.append(" ")
            index.append(space)
            ends.append(space + 1)
        space = None
        content.append(ch)
        index.append(i)
        ends.append(j)
    out = "".join(content)
    if unicodedata.normalize("NFC", out) != out:
        return None
    return Mapped(out, index, ends)


def _plain_safe(value: str) -> bool:
    """Whether value can stay a plain scalar wherever it stands (in a flow list `[a, b]` too)."""
    return (value == value.strip() and value != "" and ": " not in value and " #" not in value
            and not value.endswith(":") and value[0] not in "-?:,[]{}#&*!|>'\"%@`"
            and not any(c in value for c in ",[]{}"))


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] by new."""

    start: int
    end: int
    new: str


def replace_words(text: str, span, m: Mapped, a: int, b: int, new: str) -> Edit | None:
    """Return the edit that replaces content[a:b] of the scalar by new, in its own style; None
    when the style cannot hold new in place (the caller rewrites the value whole)."""
    style = span[2]
    value = m.content[:a] + new + m.content[b:]
    if style in ("", None) and not _plain_safe(value):
        return None
    if style in (">", "|") and ("\n" in new or (a == 0 and new[:1].isspace())):
        return None
    if style == '"':
        new = new.replace("\\", "\\\\").replace('"', '\\"')
    elif style == "'":
        new = new.replace("'", "''")
    if a < len(m.index):
        start = m.index[a]
    else:  # appending at the end of the content: after its last character, all of it (`\"`, `''`)
        start = m.ends[-1] if m.ends else span[0]
    end = m.ends[b - 1] if b > a else start
    if b > a and b < len(m.index) and m.content[b - 1] == " ":
        end = m.index[b]  # a removed space was folded from a line break: remove up to the next word
    return Edit(start, end, new)


def rewrite(text: str, span, value) -> Edit:
    """Return the edit that writes value in place of the whole scalar at span."""
    start, end, style = span
    if style in (">", "|"):
        while end > start and text[end - 1].isspace():
            end -= 1
    if isinstance(value, str):
        new = json.dumps(value, ensure_ascii=False)
    else:
        new = str(value)
    if start == end and start > 0 and text[start - 1] == ":":  # an empty value (`thuc_hien:`): `thuc_hien: 13.5`
        new = " " + new
    return Edit(start, end, new)


def remove_item(text: str, item_span, next_span=None) -> Edit | None:
    """Return the edit that removes a block sequence's item: its "- " line and the lines of its
    value, whole lines only, up to the next item's "- " line; comments and blank lines after it
    stay (they head what follows). None for an item of a flow sequence `[a, b]`."""
    start = item_span[0]
    line = text.rfind("\n", 0, start) + 1
    if not text[line:start].lstrip().startswith("-"):
        return None
    if next_span is not None:
        return _lines(text, line, text.rfind("\n", 0, next_span[0]) + 1)  # up to the next item's line
    return _lines(text, line, _line_end(text, item_span[1]))


def remove_key(text: str, key_at: int, value_span) -> Edit:
    """Return the edit that removes a mapping's key and its value (whole lines), for a list
    whose last item goes: `gach:` with nothing under it would not be a list."""
    return _lines(text, text.rfind("\n", 0, key_at) + 1, _line_end(text, value_span[1]))


def _line_end(text: str, end: int) -> int:
    """Return where the line a value ends on ends (after its newline), or end if it is a line start."""
    last = text.rfind("\n", 0, end) + 1
    if not text[last:end].strip():
        return last
    newline = text.find("\n", end)
    return len(text) if newline == -1 else newline + 1


def _lines(text: str, start: int, end: int) -> Edit:
    """Return the edit removing the whole lines text[start:end], except trailing comment and blank
    lines (they head what follows)."""
    lines = text[start:end].splitlines(keepends=True)
    while len(lines) > 1 and (not lines[-1].strip() or lines[-1].lstrip().startswith("#")):
        lines.pop()
    return Edit(start, start + sum(len(x) for x in lines), "")


def overlapping(edits: list[Edit]) -> bool:
    """Whether two of the edits touch the same characters (they cannot both be made)."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    return any(x.end > y.start for x, y in itertools.pairwise(ordered))


def apply(text: str, edits: list[Edit]) -> str:
    """Return text with every edit made (they must not overlap)."""
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[:e.start] + e.new + text[e.end:]
    return text

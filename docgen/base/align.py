"""Two sequences of blocks paired: which old block became which new one, which went, which came.

The one alignment behind every comparison docgen shows: the paragraphs and tables of two
renderings as tracked changes, and the rows of their tables (docgen.ooxml.redline), a
rendering and a file edited in Word (docgen.compare.edits: `import`, `check --plan`), and the
lines of two plans (`docgen diff`).

Blocks with equal keys anchor the alignment (difflib, without its junk heuristic, so a
sentence repeated in the body is not skipped). Between two anchors, a stretch of old blocks
replaced by a stretch of new ones is paired in reading order: each old block with a later new
block alike enough (`score` ≥ SIMILAR), the new blocks it passes over inserted, an old block
with no such partner deleted. A stretch of as many new blocks as old ones is, by default, each
block edited in place.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

Old = TypeVar("Old")
New = TypeVar("New")

SIMILAR = 0.5  # two blocks this alike (a share of their words in common) are one block edited


def similarity(a: str, b: str) -> float:
    """Return how alike two texts are, word by word: difflib's ratio, 1.0 for the same words
    (two empty texts included), 0.0 for none in common."""
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


@dataclass(frozen=True)
class Step(Generic[Old, New]):
    """One step of an alignment: old and new paired, old alone (deleted), or new alone (inserted)."""

    old: Old | None
    new: New | None
    same: bool = False  # paired by equal keys (an anchor); otherwise paired as alike, or alone


def align(olds: Sequence[Old], news: Sequence[New], key: Callable[[Old | New], Hashable],
          score: Callable[[Old, New], float], *, in_place: bool = True, closest: bool = False) -> list[Step]:
    """Return the steps that turn olds into news, in reading order.

    key: what must be equal for two blocks to anchor the alignment (their text, say).
    score: how alike an old block and a new one are; SIMILAR or more pairs them.
    in_place: a replaced stretch of as many new blocks as old ones pairs them one to one.
    closest: an old block pairs with the most alike of the later new blocks (of equal scores,
    the last), not the first alike enough.
    """
    out: list[Step] = []
    matcher = difflib.SequenceMatcher(None, [key(o) for o in olds], [key(n) for n in news], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += [Step(o, n, True) for o, n in zip(olds[i1:i2], news[j1:j2])]
        else:
            out += _replaced(olds[i1:i2], news[j1:j2], score, in_place, closest)
    return out


def _replaced(olds: Sequence, news: Sequence, score, in_place: bool, closest: bool) -> list[Step]:
    if in_place and len(olds) == len(news):
        return [Step(o, n) for o, n in zip(olds, news)]
    out: list[Step] = []
    j = 0
    for o in olds:
        k = _partner(o, news, j, score, closest)
        if k is None:
            out.append(Step(o, None))
            continue
        out += [Step(None, n) for n in news[j:k]]
        out.append(Step(o, news[k]))
        j = k + 1
    out += [Step(None, n) for n in news[j:]]
    return out


def _partner(o, news: Sequence, start: int, score, closest: bool) -> int | None:
    """Return the index, from start on, of the new block o pairs with; None if none is alike enough."""
    if closest:
        best, k = max(((score(o, news[k]), k) for k in range(start, len(news))), default=(0.0, None))
        return k if k is not None and best >= SIMILAR else None
    return next((k for k in range(start, len(news)) if score(o, news[k]) >= SIMILAR), None)

"""Two sequences compared, bounded in time: the opcodes that turn one into the other.

`opcodes(a, b)` returns what difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
returns — ("equal" | "replace" | "delete" | "insert", i1, i2, j1, j2) — but never takes long:

- short sequences (len(a) × len(b) up to SMALL) go to difflib itself, whose longest-match-first
  result reads best and which docgen's comparisons have always shown;
- longer ones, after their common head and tail are set aside, get Myers' O(ND) diff (the
  fewest insertions and deletions; time grows with the length times the number of changes);
- past `limit` changed items the search stops and the differing middle is one replacement
  (a paragraph rewritten throughout is shown deleted and inserted whole).

difflib's matcher is quadratic or worse on long sequences with repeated items (the words and
spaces of a paragraph): 4,000 words took a minute. Here 40,000 words take about a second.
"""

from __future__ import annotations

import difflib
from collections.abc import Hashable, Sequence

SMALL = 250_000  # len(a) × len(b) up to which difflib is used as it is (500 × 500 items)
LIMIT = 2_000  # changed items (inserted + deleted) past which the middle is replaced whole

Opcode = tuple[str, int, int, int, int]


def opcodes(a: Sequence[Hashable], b: Sequence[Hashable], limit: int = LIMIT) -> list[Opcode]:
    """Return the opcodes turning a into b, as difflib's get_opcodes() (see the module's note)."""
    if len(a) * len(b) <= SMALL:
        return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    head = 0
    while head < len(a) and head < len(b) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < len(a) - head and tail < len(b) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    ids: dict[Hashable, int] = {}  # items as small ints: compared faster than tuples or bytes
    x = [ids.setdefault(item, len(ids)) for item in a[head:len(a) - tail]]
    y = [ids.setdefault(item, len(ids)) for item in b[head:len(b) - tail]]
    pairs = _myers(x, y, limit)
    if pairs is None:
        pairs = []  # too different: no item of the middle is kept
    out: list[Opcode] = []
    if head:
        out.append(("equal", 0, head, 0, head))
    i = j = 0
    for pi, pj, n in pairs + [(len(x), len(y), 0)]:
        if pi > i or pj > j:
            op = "replace" if pi > i and pj > j else ("delete" if pi > i else "insert")
            out.append((op, head + i, head + pi, head + j, head + pj))
        if n:
            out.append(("equal", head + pi, head + pi + n, head + pj, head + pj + n))
        i, j = pi + n, pj + n
    if tail:
        out.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
    return out


def _myers(x: list[int], y: list[int], limit: int) -> list[tuple[int, int, int]] | None:
    """Return the matching stretches (i, j, length) of a shortest edit script from x to y, in
    order; None if it takes more than limit insertions and deletions."""
    n, m = len(x), len(y)
    top = min(n + m, limit)
    off = top + 1  # v[off + k]: the furthest i reached on diagonal k = i - j
    v = [0] * (2 * top + 3)
    trace: list[list[int]] = []  # before each round d: v[off - d - 1 … off + d + 1]
    for d in range(top + 1):
        trace.append(v[off - d - 1:off + d + 2])
        for k in range(-d, d + 1, 2):
            if k == -d or (k != d and v[off + k - 1] < v[off + k + 1]):
                i = v[off + k + 1]
            else:
                i = v[off + k - 1] + 1
            j = i - k
            while i < n and j < m and x[i] == y[j]:
                i, j = i + 1, j + 1
            v[off + k] = i
            if i >= n and j >= m:
                return _walk_back(trace, n, m, d)
    return None


def _walk_back(trace: list[list[int]], n: int, m: int, d_end: int) -> list[tuple[int, int, int]]:
    """Return the matching stretches found by _myers, from the furthest points of each round."""
    out: list[tuple[int, int, int]] = []
    i, j = n, m
    for d in range(d_end, -1, -1):
        row = trace[d]  # row[d + 1 + k] = the furthest i on diagonal k before round d
        k = i - j
        start_i, prev_i, prev_k = 0, 0, 0
        if d:
            down = k == -d or (k != d and row[d + k] < row[d + k + 2])
            prev_k = k + 1 if down else k - 1
            prev_i = row[d + 1 + prev_k]
            start_i = prev_i if down else prev_i + 1  # where round d's snake began on diagonal k
        if i > start_i:
            out.append((start_i, start_i - k, i - start_i))
        if d:
            i, j = prev_i, prev_i - prev_k
    out.reverse()
    return out

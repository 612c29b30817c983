"""Two texts compared word by word, as `diff`, `check --plan` and `import` show a change:
unchanged words, [-removed-] and {+added+}.

The comparison is Myers' O(ND) difference algorithm (the one `git diff` uses) over the two
sequences, after their common head and tail are set aside: its time grows with the length
times the number of differences, not with the square or cube of the length as difflib's
SequenceMatcher does on text with many repeated words. Past `LIMIT` differences the middle is
one replacement, so a paragraph rewritten end to end still takes a fraction of a second.
"""

from __future__ import annotations

from collections.abc import Sequence

LIMIT = 2000  # differences looked for before the middle is taken as replaced whole


def opcodes(a: Sequence, b: Sequence, limit: int = LIMIT) -> list[tuple[str, int, int, int, int]]:
    """Return how to turn a into b, as difflib's get_opcodes() does: ("equal" | "replace" |
    "delete" | "insert", i1, i2, j1, j2), in order, covering both sequences."""
    n, m = len(a), len(b)
    head = 0
    while head < n and head < m and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < n - head and tail < m - head and a[n - 1 - tail] == b[m - 1 - tail]:
        tail += 1
    matches = _myers(a[head:n - tail], b[head:m - tail], limit)
    if matches is None:  # too different: the middle is one replacement
        pairs = [(0, 0, head), (n - tail, m - tail, tail)]
    else:
        pairs = [(0, 0, head)] + [(i + head, j + head, k) for i, j, k in matches] + [(n - tail, m - tail, tail)]
    out: list[tuple[str, int, int, int, int]] = []
    i = j = 0
    for x, y, size in pairs:
        if i < x or j < y:
            tag = "replace" if i < x and j < y else "delete" if i < x else "insert"
            out.append((tag, i, x, j, y))
        if size:
            if out and out[-1][0] == "equal":
                _, i1, _, j1, _ = out.pop()
                out.append(("equal", i1, x + size, j1, y + size))
            else:
                out.append(("equal", x, x + size, y, y + size))
        i, j = x + size, y + size
    return out


def _myers(a: Sequence, b: Sequence, limit: int) -> list[tuple[int, int, int]] | None:
    """Return the runs of equal items of a shortest edit script from a to b, as (i, j, size),
    or None if it needs more than limit insertions and deletions."""
    n, m = len(a), len(b)
    if n == 0 or m == 0:
        return []
    most = min(n + m, limit)
    off = most + 1  # v[off + k]: how far diagonal k reaches
    v = [0] * (2 * most + 3)
    trace: list[list[int]] = []  # v's diagonals -d-1 … d+1 before each round d
    for d in range(most + 1):
        trace.append(v[off - d - 1:off + d + 2])
        for k in range(-d, d + 1, 2):
            if k == -d or (k != d and v[off + k - 1] < v[off + k + 1]):
                x = v[off + k + 1]
            else:
                x = v[off + k - 1] + 1
            y = x - k
            while x < n and y < m and a[x] == b[y]:
                x, y = x + 1, y + 1
            v[off + k] = x
            if x >= n and y >= m:
                return _back(trace, n, m)
    return None


def _back(trace: list[list[int]], x: int, y: int) -> list[tuple[int, int, int]]:
    runs: list[tuple[int, int, int]] = []
    for d in range(len(trace) - 1, -1, -1):
        row = trace[d]  # row[d + 1 + k] is diagonal k
        k = x - y
        down = k == -d or (k != d and row[d + k] < row[d + k + 2])
        prev = k + 1 if down else k - 1
        px = row[d + 1 + prev]
        py = px - prev
        if d == 0:
            sx, sy = 0, 0
        else:  # where the run of equal items starts: after the insertion (down) or deletion (right)
            sx, sy = (px, py + 1) if down else (px + 1, py)
        if x > sx:
            runs.append((sx, sy, x - sx))
        x, y = px, py
    runs.reverse()
    return runs


def word_diff(old: str, new: str, context: int | None = None) -> str:
    """Return new with word-level marks: unchanged words, [-removed-] and {+added+}.

    With `context`, long unchanged stretches are shortened to "…" around the changes.
    """
    a, b = old.split(), new.split()
    out = []
    ops = opcodes(a, b)
    for n, (op, i1, i2, j1, j2) in enumerate(ops):
        if op == "equal":
            words = a[i1:i2]
            if context is not None and len(words) > 2 * context:
                head = words[:context] if n > 0 else []
                tail = words[-context:] if n < len(ops) - 1 else []
                words = head + ["…"] + tail
            out.append(" ".join(words))
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)

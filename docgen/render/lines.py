"""Centred lines that never end on a lone word: the title (trích yếu) and an annex's «(Kèm theo …)».

A word processor fills each line and leaves what is left to the last: «… của Ủy ban nhân dân xã
Ia» / «Tô)». Where that would happen, docgen breaks the lines itself, as evenly as they go (the
longest line as short as it can be, with as many lines as the word processor would use), and
the template prints the breaks as line breaks within the one paragraph. Widths are Times New
Roman's (docgen.base.measure), with a margin for a reader's font a little wider.
"""

from __future__ import annotations

from itertools import pairwise

from docgen.base.measure import width_pt

SLACK = 1.04  # a line measured this much wider than its metrics: LibreOffice's and Word's fonts differ a little
SHORT = 3  # a last line of fewer words, as either font may fill the lines, is balanced


def _greedy(words: list[str], widths: list[float], space: float, available: float) -> list[list[str]]:
    lines: list[list[str]] = [[]]
    used = 0.0
    for word, w in zip(words, widths):
        if lines[-1] and used + space + w > available:
            lines.append([])
            used = 0.0
        used += (space if lines[-1] else 0) + w
        lines[-1].append(word)
    return lines


def _even(words: list[str], widths: list[float], space: float, count: int) -> list[list[str]]:
    """Return words in count lines whose longest is as short as it can be (every break tried: a title
    has a few dozen words at most)."""
    n = len(words)

    def width(i: int, j: int) -> float:
        return sum(widths[i:j]) + space * (j - i - 1)

    best: dict[tuple[int, int], tuple[float, list[int]]] = {}

    def solve(start: int, lines: int) -> tuple[float, list[int]]:
        if lines == 1:
            return width(start, n), []
        if (start, lines) not in best:
            options = []
            for end in range(start + 1, n - lines + 2):
                rest, breaks = solve(end, lines - 1)
                options.append((max(width(start, end), rest), [end] + breaks))
            best[(start, lines)] = min(options)
        return best[(start, lines)]

    cuts = [0] + solve(0, count)[1] + [n]
    return [words[a:b] for a, b in pairwise(cuts)]


def balanced(text: str, available_pt: float, size_pt: float, bold: bool = False) -> list[str]:
    """Return text as the lines to print: [text] when the word processor's own breaks leave three words
    or more on the last line (measured as either font may fill them), else the same number of lines
    made even."""
    words = text.split()
    widths = [width_pt(w, size_pt, bold) * SLACK for w in words]
    space = width_pt(" ", size_pt, bold) * SLACK
    lines = _greedy(words, widths, space, available_pt)
    # the word processor's own font may fit a little more: the last line as it would fill it then
    tight = _greedy(words, [w / SLACK for w in widths], space / SLACK, available_pt)
    if len(lines) < 2 or min(len(lines[-1]), len(tight[-1]) if len(tight) > 1 else SHORT) >= SHORT:
        return [text]
    return [" ".join(line) for line in _even(words, widths, space, len(lines))]

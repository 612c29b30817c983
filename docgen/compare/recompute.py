"""What the edited file still says differently once the edits are placed: figures Word did not
recompute, or something typed by hand where docgen computes.

No word processor recomputes docgen's figures. A user who changes one count of an annex in Word
leaves the row's rates, the totals row and the figures the text quotes (`{{ bang.so_lieu }}`) as
they were; once that count is placed in the YAML, the new plan's rendering prints them computed
again. Such a place is *recomputed*: the edited file still shows, there, exactly what the plan
printed before the import. A place docgen computes that the user changed (the edited file shows
neither the old value nor the new one) was typed by hand: it is named, and nothing is placed there.
Anything else that differs is the import's own failure and is reported by the caller.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from docgen.compare.edits import Difference, Leaf, Tracer, Unit, differences, spans
from docgen.plan.quotes import QUOTE, expression
from docgen.plan.tables import NUMBER, leaves


@dataclass(frozen=True)
class Verdict:
    recomputed: int  # figures docgen computes again (0: the difference is not one)
    by_hand: str | None = None  # why the place is docgen's and was typed over, if it was


def counterparts(reference: list[Unit], edited: list[Unit]) -> dict[str, Unit]:
    """Return, for each unit of the edited document (by where it is), the unit of the reference it
    is (unchanged) or was edited from."""
    out: dict[str, Unit] = {}
    matcher = difflib.SequenceMatcher(None, [u.text for u in reference], [u.text for u in edited], autojunk=False)
    for a, b, n in matcher.get_matching_blocks():
        out.update((edited[b + k].where, reference[a + k]) for k in range(n))
    out.update((d.after.where, d.before) for d in differences(reference, edited) if d.kind == "sua")
    return out


def computed_cell(unit: Unit, tables) -> str | None:
    """Return how a reader names an annex cell docgen computes («dòng «TDP 1», cột «Tỷ lệ %»»), or
    None for a cell the plan writes (an input) or that is no cell of an annex's body."""
    if unit.annex is None or unit.annex >= len(tables):
        return None
    grid = tables[unit.annex].grid
    r = unit.row - len(grid.header)
    if not 0 <= r < len(grid.rows) or grid.rows[r][0] == "nhom":
        return None
    columns = leaves(grid.columns)
    if unit.col is None or unit.col >= len(columns):
        return None
    column = columns[unit.col]
    if grid.rows[r][0] != "tong" and not (column.computed or column.kind == NUMBER):
        return None
    row = "dòng tổng cộng" if grid.rows[r][0] == "tong" else f"dòng «{grid.rows[r][1][0]}»"
    return f"phụ lục {unit.annex + 1}, {row}, cột «{column.title}»"


def figures(unit: Unit, new_leaves: list[Leaf], rendered: list[Unit]) -> list[tuple[int, int, Leaf, int, bool]]:
    """Return the quoted figures unit prints: (start, end, the text quoting it, which quote, in capitals)."""
    out, taken = [], []
    for o in Tracer(new_leaves, rendered).occurrences(unit):  # longest first; a text inside another is skipped
        if not o.leaf.quotes or any(a < o.end and o.at < b for a, b in taken):
            continue
        taken.append((o.at, o.end))
        out += [(o.at + qa, o.at + qb, o.leaf, k, o.upper) for k, (qa, qb) in enumerate(o.leaf.quotes)]
    return sorted(out, key=lambda f: f[0])


def stale(unit: Unit, shown: list, old_leaves: dict[tuple, Leaf]) -> tuple[str, int]:
    """Return unit (of the new rendering) as it reads with the figures the plan quoted before the
    import, what Word shows when nobody recomputed them, and how many figures differ."""
    text, count = unit.text, 0
    for a, b, leaf, k, upper in reversed(shown):
        old = old_leaves.get(leaf.path)
        if old is None or len(old.quotes) != len(leaf.quotes):
            continue
        oa, ob = old.quotes[k]
        figure = old.printed[oa:ob].upper() if upper else old.printed[oa:ob]
        count += figure != text[a:b]
        text = text[:a] + figure + text[b:]
    return text, count


def judge(d: Difference, before: Unit | None, new_tables, new_leaves: list[Leaf], old_leaves: dict[tuple, Leaf],
          rendered: list[Unit]) -> Verdict:
    """Judge a difference between the new rendering (d.before) and the edited file (d.after), given
    the reference unit the edited one came from (before)."""
    if d.kind != "sua" or before is None:
        return Verdict(0)
    now, shown = d.before, d.after
    cell = computed_cell(now, new_tables)
    if cell is not None:
        if shown.text == before.text:
            return Verdict(1)  # the old figure, left as it was: computed again
        if now.text == before.text:
            return Verdict(0, f"{cell}: docgen tính {now.text} (các ô nhập không đổi), tệp ghi {shown.text} — "
                              "ô này do docgen tính, sửa tay không được ghi; hãy sửa các ô nhập trong YAML")
        return Verdict(0, f"{cell}: docgen tính lại được {now.text} từ các ô nhập đã sửa, tệp ghi {shown.text} — "
                          "ô này do docgen tính, không ghi số sửa tay")
    if now.annex is None:
        quoted = figures(now, new_leaves, rendered)
        old, count = stale(now, quoted, old_leaves)
        if count and old == shown.text:
            return Verdict(count)
        changed = spans(now.text, shown.text)
        hit = [(a, b, leaf, k) for a, b, leaf, k, _ in quoted
               if any(s < b and a < e or (s == e and a <= s <= b) for s, e, _ in changed)]
        inside = all(any(a <= s and e <= b for a, b, _, _ in hit) for s, e, _ in changed)
        if hit and inside:  # the edit is in quoted figures only: typed over what docgen computes
            named = ", ".join(f"{{{{ {expression(list(QUOTE.finditer(leaf.value))[k])} }}}} = {now.text[a:b]}"
                              for a, b, leaf, k in hit)
            inputs = "các ô nhập không đổi" if now.text == before.text else "tính lại từ các ô nhập đã sửa"
            return Verdict(0, f"số liệu trích do docgen tính ({named}; {inputs}), tệp ghi số khác: sửa tay không "
                              "được ghi; hãy sửa số liệu của phụ lục trong YAML")
    return Verdict(0)

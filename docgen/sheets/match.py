"""An annex's table found in a sheet, and its rows matched to the plan's.

The header is found by its printed titles: the first row holding two of the annex's header
texts starts it, and it runs down through the rows its merged cells cover and the rows that
hold more of its titles. Each sheet column's path (the texts above it, top down, a merged
cell counted in every column it covers) is matched to a column of the annex: the whole path,
or the shortest end of it that names one column only («Số hộ thoát nghèo / Tổng số hộ»),
so that a sheet whose top title differs still matches. A row of column numbers under the
header («(1) (2) (3)», «A B 1 2») is passed over.

Rows are units, named in the annex's first text column, matched to the plan's units by
name (letter case, spaces and the printed prefix such as «TDP» aside). A row of one text
across the table is a group row («I. Chính quyền số»); a row named «Tổng cộng», «Cộng» or
«Tổng số» is the totals, which docgen computes: kept to be checked, it ends the table (or, as
statistical tables often print it, heads it, right under the header).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from docgen.sheets import Annex
from docgen.sheets.read import NO_VALUE, Cell, Sheet

# «Tổng cộng», «Cộng», «Tổng số», «Tổng cộng (I+II)», «Tổng toàn xã»; not a unit named «Tổng đội».
_TOTAL = re.compile(r"^(tổng cộng|tổng số|cộng|tổng)( toàn (xã|phường|thị trấn)| chung)?( [ivxl+]+)?\W*$")
_GROUP = re.compile(r"^([IVXLC]+|[A-Z])[.)]\s")
_NUMBERING = re.compile(r"^\(?(\d{1,2}|[A-Z])\)?$")


def norm(text) -> str:
    """Return a header or a name as compared: NFC, case folded, brackets and spaces evened out."""
    t = unicodedata.normalize("NFC", str(text)).casefold()
    return " ".join(re.sub(r"[()\[\]:*]", " ", t).split())


@dataclass(frozen=True)
class Left:
    """Something of the sheet (or of the plan's table) that the import does not place."""

    where: str
    text: str
    why: str


@dataclass
class Found:
    """The annex's table in a sheet: where its header is, which sheet column holds which column."""

    sheet: Sheet
    top: int
    bottom: int  # the header's last row
    body: int  # the first row after the header (and its row of column numbers)
    columns: dict[int, int] = field(default_factory=dict)  # annex column -> sheet column
    left: list[Left] = field(default_factory=list)  # sheet columns matched to nothing
    notes: list[str] = field(default_factory=list)  # what was taken as what, for the report


def _letter(column: int) -> str:
    return get_column_letter(column)


def _title(path) -> str:
    return " / ".join(path)


def locate(sheet: Sheet, annex: Annex) -> Found | None:
    """Return where the annex's table is in sheet, or None if no header of it is there."""
    known = {norm(t) for path in annex.paths for t in path}
    need = min(2, len(annex.columns))

    def hits(r: int) -> int:
        return sum(1 for _, cell in sheet.row(r) if isinstance(cell.value, str) and norm(cell.value) in known)

    rows = sorted({r for r, _ in sheet.cells})
    top = next((r for r in rows[:200] if hits(r) >= need), None)
    if top is None:
        return None
    bottom = top
    while True:
        covered = max([m[2] for m in sheet.merged if top <= m[0] <= bottom] + [bottom])
        if covered > bottom:
            bottom = covered
        elif hits(bottom + 1):
            bottom += 1
        else:
            break
    found = Found(sheet, top, bottom, bottom + 1)
    unknown = _match_columns(found, annex)
    if annex.unit is not None and annex.unit not in found.columns:
        _unit_column(found, annex, unknown)
    found.left += [Left(f"cột {_letter(c)}", _title(path), "phụ lục không có cột này; không nhập")
                   for c, path in sorted(unknown.items())]
    if _numbering(sheet, bottom + 1, found):
        found.body = bottom + 2
    return found


def _header_columns(sheet: Sheet, top: int, bottom: int) -> list[int]:
    """Return the columns that have a header cell (their own, or a merged one over them)."""
    found = {c for r in range(top, bottom + 1) for c, _ in sheet.row(r)}
    for m in sheet.merged:
        if top <= m[0] <= bottom and (m[0], m[1]) in sheet.cells:
            found |= set(range(m[1], m[3] + 1))
    return sorted(found)


def _paths(sheet: Sheet, top: int, bottom: int) -> dict[int, tuple[str, ...]]:
    out = {}
    for c in _header_columns(sheet, top, bottom):
        texts: list[str] = []
        for r in range(top, bottom + 1):
            v = sheet.value(r, c)
            if v is None or v is NO_VALUE:
                continue
            t = " ".join(str(v).split())
            if not texts or norm(texts[-1]) != norm(t):
                texts.append(t)
        out[c] = tuple(texts)
    return out


def _match_columns(found: Found, annex: Annex) -> dict[int, tuple[str, ...]]:
    """Match the sheet's columns to the annex's (in found.columns); return those matched to none."""
    targets = [tuple(norm(t) for t in p) for p in annex.paths]

    def unique_end(j: int) -> int:
        for k in range(1, len(targets[j]) + 1):
            if not any(t[-k:] == targets[j][-k:] for i, t in enumerate(targets) if i != j):
                return k
        return len(targets[j])

    ends = [unique_end(j) for j in range(len(targets))]
    unknown: dict[int, tuple[str, ...]] = {}
    for c, path in _paths(found.sheet, found.top, found.bottom).items():
        if not path:
            continue
        key = tuple(norm(t) for t in path)
        choices = [j for j, t in enumerate(targets) if t == key] or \
                  [j for j, t in enumerate(targets) if len(key) >= ends[j] and key[-ends[j]:] == t[-ends[j]:]]
        where = f"cột {_letter(c)}"
        if len(choices) > 1 and len({targets[j] for j in choices}) == 1:  # one title twice in a group
            choices = [next((j for j in choices if j not in found.columns), choices[-1])]  # («Tỷ lệ %»): in order
        if len(choices) == 1 and choices[0] not in found.columns:
            found.columns[choices[0]] = c
        elif len(choices) == 1:
            found.left.append(Left(where, _title(path), f"trùng với cột {_letter(found.columns[choices[0]])}; "
                                                        "chỉ nhập cột đầu tiên"))
        elif choices:
            found.left.append(Left(where, _title(path), "không rõ là cột nào của phụ lục (tiêu đề giống nhiều cột); "
                                                        "hãy ghi đủ các tiêu đề gộp ô phía trên"))
        else:
            unknown[c] = path
    return unknown


# Words of a header that names the units («Tên thôn», «Đơn vị», «Tổ dân phố»…), for a sheet whose
# unit column is titled otherwise than the annex's.
_UNIT_WORDS = re.compile(r"\b(thôn|làng|buôn|bản|ấp|xóm|tổ dân phố|tdp|khu phố|đơn vị|tên)\b")


def _unit_column(found: Found, annex: Annex, unknown: dict[int, tuple[str, ...]]) -> None:
    """Take the leftmost column the annex lacks whose title names units as the annex's unit column."""
    for c, path in sorted(unknown.items()):
        if _UNIT_WORDS.search(norm(_title(path))):
            found.columns[annex.unit] = c
            del unknown[c]
            found.notes.append(f"cột {_letter(c)} «{_title(path)}» được coi là cột "
                               f"«{_title(annex.paths[annex.unit])}» (tên đơn vị)")
            return


def _numbering(sheet: Sheet, r: int, found: Found) -> bool:
    """Whether row r is a row of column numbers («(1)», «(2)»…, «A», «B», «1», «2»…)."""
    cells = [(c, cell.value) for c, cell in sheet.row(r)]
    if len(cells) < 2 or not all(isinstance(v, (str, int)) and _NUMBERING.match(str(v).strip()) for _, v in cells):
        return False
    numbers = [int(m.group(1)) for _, v in cells if (m := _NUMBERING.match(str(v).strip())) and m.group(1).isdigit()]
    return all(b > a for a, b in itertools.pairwise(numbers))


# --- the rows ----------------------------------------------------------------------------


@dataclass
class SheetRow:
    kind: str  # "dong", "nhom" or "tong"
    row: int
    name: str
    cells: dict[int, Cell]  # annex column -> the sheet's cell


def rows(found: Found, annex: Annex) -> tuple[list[SheetRow], list[Left]]:
    """Return the table's rows in the sheet (units, groups, the totals last) and what is left:
    rows with no unit's name, rows below the totals."""
    sheet, out, left = found.sheet, [], []
    name_column = found.columns.get(annex.unit)
    last_column = max(list(found.columns.values()) + _header_columns(sheet, found.top, found.bottom))
    by_row: dict[int, list[tuple[int, Cell]]] = {}
    outside: dict[int, list[Cell]] = {}  # by column: cells right of the table, under no header
    for (r, c), cell in sorted(sheet.cells.items()):
        if r >= found.body and c <= last_column:
            by_row.setdefault(r, []).append((c, cell))
        elif r >= found.body:
            outside.setdefault(c, []).append(cell)
    for c, cells in sorted(outside.items()):
        left.append(Left(f"cột {_letter(c)}", str(cells[0].value)[:80],
                         f"cột không có tiêu đề, ngoài bảng ({len(cells)} ô có chữ/số); không nhập"))
    totals_seen = None
    for r, cells in sorted(by_row.items()):
        texts = [cell.value for c, cell in cells if isinstance(cell.value, str)]
        if totals_seen is not None:
            left.append(Left(f"dòng {r}", " | ".join(str(cell.value) for _, cell in cells)[:80],
                             f"nằm dưới dòng tổng cộng (dòng {totals_seen}); không nhập"))
            continue
        mine = {j: sheet.cells[(r, c)] for j, c in found.columns.items() if (r, c) in sheet.cells}
        name = sheet.value(r, name_column) if name_column else None
        if any(_TOTAL.match(norm(t)) for t in texts[:2]) and (name is None or _TOTAL.match(norm(name))
                                                              or not isinstance(name, str)):
            out.append(SheetRow("tong", r, "Tổng cộng", mine))
            if any(row.kind == "dong" for row in out):  # a totals row ends the table, unless it heads it
                totals_seen = r
            continue
        if len(cells) == 1 and isinstance(cells[0][1].value, str):
            merge = sheet.merge_of(r, cells[0][0])
            if _GROUP.match(cells[0][1].value) or (merge and merge[3] > merge[1]):
                out.append(SheetRow("nhom", r, cells[0][1].value, {}))
                continue
        if name is None or name is NO_VALUE or not str(name).strip():
            left.append(Left(f"dòng {r}", " | ".join(str(cell.value) for _, cell in cells)[:80],
                             "dòng không có tên đơn vị; không nhập"))
            continue
        out.append(SheetRow("dong", r, " ".join(str(name).split()), mine))
    return out, left


def strip_group_number(text: str) -> str:
    return _GROUP.sub("", text, count=1)

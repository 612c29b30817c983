"""What a sheet changes in an annex's rows, as edits of the plan's YAML text.

Units are matched by name (docgen.sheets.match). For a unit in both, each typed column the
sheet has is compared with the plan's value and rewritten where it differs; computed columns
are not read (docgen computes them again). A unit of the sheet that the plan lacks is added
after the row it follows in the sheet; a unit of the plan that the sheet lacks is removed.
An empty cell keeps the plan's value (and is listed, unless that is a 0: tables often leave
zeros blank), as does a cell that is not what its column holds. A group row («I. …») is matched by its name; one that is new is listed, not
added (which units it heads is the plan's to say). The plan's order of rows is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from docgen.plan import yamledit
from docgen.plan.load import Source
from docgen.plan.tables import NUMERIC
from docgen.sheets import Annex
from docgen.sheets.edit import combine, insert_at, new_row, remove_row, set_value
from docgen.sheets.match import Found, Left, SheetRow, norm, strip_group_number
from docgen.sheets.values import BLANK, same, value


@dataclass(frozen=True)
class Change:
    unit: str
    column: str  # the column's header path, as printed
    where: str  # the sheet's cell
    before: object
    after: object
    path: tuple


@dataclass
class Filled:
    """What importing a sheet does to one annex table."""

    changes: list[Change] = field(default_factory=list)
    added: list[tuple[str, int]] = field(default_factory=list)  # (unit, sheet row)
    removed: list[str] = field(default_factory=list)
    left: list[Left] = field(default_factory=list)
    edits: list[yamledit.Edit] = field(default_factory=list)
    totals: SheetRow | None = None


def _prefix(names: list[tuple[str, str]]) -> str:
    """Return what docgen prints before every unit's own name («TDP »), or ""."""
    found = {printed[:len(printed) - len(raw)] for printed, raw in names if raw and printed.endswith(raw)}
    return found.pop() if len(found) == 1 and len(names) == sum(p.endswith(r) for p, r in names if r) else ""


def fill(source: Source, annex: Annex, found: Found, sheet_rows: list[SheetRow]) -> Filled:
    """Return what the sheet's rows change in the annex's rows of the plan at source."""
    return _Filler(source, annex, found).run(sheet_rows)


class _Filler:
    def __init__(self, source: Source, annex: Annex, found: Found):
        self.source, self.annex, self.found = source, annex, found
        self.out = Filled()
        self.rows_path = ("phu_luc", annex.index, "dong")
        self.plan_rows = source.data["phu_luc"][annex.index]["dong"]
        self.grid_rows = [cells for kind, cells in annex.computed.grid.rows if kind != "tong"]
        self.unit_key = annex.columns[annex.unit].key
        self.prefix = _prefix([(cells[annex.unit], str(self.plan_rows[j].get(self.unit_key, "")))
                               for j, cells in enumerate(self.grid_rows) if not _is_group(self.plan_rows[j])])
        self.units: dict[str, list[int]] = {}  # a name written twice is two units, matched in order
        self.groups: dict[str, int] = {}
        for j, cells in enumerate(self.grid_rows):
            if _is_group(self.plan_rows[j]):
                self.groups.setdefault(norm(self.plan_rows[j]["nhom"]), j)
            else:
                for n in dict.fromkeys((norm(cells[annex.unit]), norm(str(self.plan_rows[j].get(self.unit_key, ""))))):
                    self.units.setdefault(n, []).append(j)
        self.inputs = [i for i in range(len(annex.columns))
                       if annex.is_input(i) and i in found.columns and i != annex.unit]
        self.taken: set[int] = set()
        self.additions: list[tuple[int | None, dict, str, int]] = []

    def run(self, sheet_rows: list[SheetRow]) -> Filled:
        anchor: int | None = None  # the plan's row the sheet's last matched row is
        for row in sheet_rows:
            if row.kind == "tong":
                self.out.totals = row
                continue
            j = self._group(row) if row.kind == "nhom" else self._unit(row, anchor)
            anchor = anchor if j is None else j
        self._removed()
        self._added()
        self.out.edits = combine(self.out.edits)
        return self.out

    def _left(self, where: str, row: SheetRow, i: int, why: str) -> None:
        self.out.left.append(Left(where, f"{row.name}, {_title(self.annex, i)}", why))

    def _group(self, row: SheetRow) -> int | None:
        j = self.groups.get(norm(strip_group_number(row.name)))
        if j is None or j in self.taken:
            self.out.left.append(Left(f"dòng {row.row}", row.name, "dòng nhóm không có trong phụ lục; hãy thêm "
                                                                    "`- nhom: …` vào tệp YAML bằng tay"))
            return None
        self.taken.add(j)
        return j

    def _unit(self, row: SheetRow, anchor: int | None) -> int | None:
        """Match a unit's row of the sheet; return the plan's row it is, or None (a new unit)."""
        same_name = _unit(row.name, self.units, self.prefix)
        j = next((k for k in same_name if k not in self.taken), None)
        if j is None and same_name:
            self.out.left.append(Left(f"dòng {row.row}", row.name, "đơn vị ghi hai lần trong bảng tính; "
                                                                    "chỉ nhập lần đầu"))
            return None
        if j is None:
            self._new(row, anchor)
            return None
        self.taken.add(j)
        columns = self.annex.columns
        for i in self.inputs:
            key, cell = columns[i].key, row.cells.get(i)
            got, problem = value(cell, columns[i].kind)
            old = self.plan_rows[j].get(key)
            coordinate = cell.coordinate if cell else f"{_letter(self.found.columns[i])}{row.row}"
            where = f"ô {coordinate}"
            if problem:
                self._left(where, row, i, problem + "; giữ số liệu cũ")
            elif got is BLANK and old is not None and not (columns[i].kind in NUMERIC and old == 0):
                self._left(where, row, i, f"ô trống; giữ giá trị trong tệp YAML ({old})")
            elif got is not BLANK and not same(old, got, columns[i].kind):
                self._change(row, i, j, coordinate, old, got)
        return j

    def _change(self, row: SheetRow, i: int, j: int, coordinate: str, old, got) -> None:
        key, where = self.annex.columns[i].key, f"ô {coordinate}"
        path = self.rows_path + (j, key)
        if path in self.source.shared:
            self._left(where, row, i, "giá trị trong YAML dùng bí danh (*tên) chung với chỗ khác; hãy sửa bằng tay")
            return
        edit = set_value(self.source, self.rows_path + (j,), key, got, len(self.plan_rows))
        if edit is None:
            self._left(where, row, i, _FLOW)
            return
        self.out.edits.append(edit)
        self.out.changes.append(Change(row.name, _title(self.annex, i), coordinate, old, got, path))

    def _new(self, row: SheetRow, anchor: int | None) -> None:
        values = {self.unit_key: _own_name(row.name, self.prefix)}
        for i in self.inputs:
            got, problem = value(row.cells.get(i), self.annex.columns[i].kind)
            if problem:
                self._left(f"ô {row.cells[i].coordinate}", row, i, problem)
            elif got is not BLANK:
                values[self.annex.columns[i].key] = got
        self.additions.append((anchor, values, row.name, row.row))

    def _removed(self) -> None:
        """Remove the plan's units the sheet does not have (a group row stays: listed)."""
        for j, cells in enumerate(self.grid_rows):
            if j in self.taken:
                continue
            where = f"phu_luc[{self.annex.index}].dong[{j}]"
            if _is_group(self.plan_rows[j]):
                self.out.left.append(Left(where, cells[0], "dòng nhóm không có trong bảng tính; giữ nguyên"))
                continue
            edit = remove_row(self.source, self.rows_path, j, len(self.plan_rows))
            if edit is None:
                self.out.left.append(Left(where, cells[self.annex.unit], _FLOW))
                continue
            self.out.edits.append(edit)
            self.out.removed.append(cells[self.annex.unit])

    def _added(self) -> None:
        """Add the sheet's new units, each after the plan's row the sheet has above it."""
        for at, values, name, sheet_row in self.additions:
            model = at if at is not None and not _is_group(self.plan_rows[at]) else _first_unit(self.plan_rows)
            position = insert_at(self.source, self.rows_path, at, len(self.plan_rows))
            if position is None or model is None:
                self.out.left.append(Left(f"dòng {sheet_row}", name, _FLOW))
                continue
            text = new_row(self.source, self.rows_path + (model,), values)
            self.out.edits.append(yamledit.Edit(position, position, text))
            self.out.added.append((name, sheet_row))


_FLOW = "các dòng của phụ lục viết dạng danh sách trong ngoặc [ … ]; hãy sửa bằng tay"


def _is_group(row) -> bool:
    return isinstance(row, dict) and "nhom" in row


def _first_unit(plan_rows) -> int | None:
    return next((j for j, r in enumerate(plan_rows) if not _is_group(r)), None)


def _unit(name: str, units: dict[str, list[int]], prefix: str) -> list[int]:
    """Return the plan's rows of the unit named name in the sheet («TDP 1» or «1»)."""
    key = norm(name)
    if key in units:
        return units[key]
    if prefix and key.startswith(norm(prefix) + " "):
        return units.get(key[len(norm(prefix)) + 1:], [])
    return []


def _own_name(name: str, prefix: str):
    """Return the unit's name as the plan writes it (without the printed prefix)."""
    if prefix and norm(name).startswith(norm(prefix) + " "):
        return name[len(prefix.rstrip()):].strip()
    return name


def _title(annex: Annex, i: int) -> str:
    return " / ".join(annex.paths[i])


def _letter(column: int) -> str:
    return get_column_letter(column)

"""What a sheet changes in an annex's rows, as edits of the plan's YAML text.

Units are matched by name (docgen.sheets.match). For a unit in both, each typed column the
sheet has is compared with the plan's value and rewritten where it differs; computed columns
are not read (docgen computes them again). A unit of the sheet that the plan lacks is added
after the row it follows in the sheet; a unit of the plan that the sheet lacks is removed.
An empty cell keeps the plan's value (and is listed), as does a cell that is not what its
column holds. A group row («I. …») is matched by its name; one that is new is listed, not
added (which units it heads is the plan's to say). The plan's order of rows is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docgen import yamledit
from docgen.load import Source
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
    out = Filled()
    rows_path = ("phu_luc", annex.index, "dong")
    plan_rows = source.data["phu_luc"][annex.index]["dong"]
    count = len(plan_rows)
    grid_rows = [cells for kind, cells in annex.computed.grid.rows if kind != "tong"]
    columns = annex.columns
    unit_key = columns[annex.unit].key
    names = [(cells[annex.unit], str(plan_rows[j].get(unit_key, ""))) for j, cells in enumerate(grid_rows)
             if not _is_group(plan_rows[j])]
    prefix = _prefix(names)

    units: dict[str, list[int]] = {}  # a name written twice is two units, matched in order
    groups: dict[str, int] = {}
    for j, cells in enumerate(grid_rows):
        if _is_group(plan_rows[j]):
            groups.setdefault(norm(plan_rows[j]["nhom"]), j)
        else:
            for n in dict.fromkeys((norm(cells[annex.unit]), norm(str(plan_rows[j].get(unit_key, ""))))):
                units.setdefault(n, []).append(j)

    taken: set[int] = set()
    anchor: int | None = None  # the plan's row the sheet's last matched row is
    additions: list[tuple[int | None, dict, str, int]] = []
    inputs = [i for i in range(len(columns)) if annex.is_input(i) and i in found.columns]
    for row in sheet_rows:
        if row.kind == "tong":
            out.totals = row
            continue
        if row.kind == "nhom":
            j = groups.get(norm(strip_group_number(row.name)))
            if j is None or j in taken:
                out.left.append(Left(f"dòng {row.row}", row.name, "dòng nhóm không có trong phụ lục; hãy thêm "
                                                                   "`- nhom: …` vào tệp YAML bằng tay"))
            else:
                taken.add(j)
                anchor = j
            continue
        same_name = _unit(row.name, units, prefix)
        j = next((k for k in same_name if k not in taken), None)
        if j is None and same_name:
            out.left.append(Left(f"dòng {row.row}", row.name, "đơn vị ghi hai lần trong bảng tính; chỉ nhập lần đầu"))
            continue
        if j is None:
            values = {unit_key: _own_name(row.name, prefix)}
            for i in inputs:
                got, problem = value(row.cells.get(i), columns[i].kind)
                where = row.cells[i].coordinate if i in row.cells else ""
                if problem:
                    out.left.append(Left(f"ô {where}", f"{row.name}, {_title(annex, i)}", problem))
                elif got is not BLANK and i != annex.unit:
                    values[columns[i].key] = got
            additions.append((anchor, values, row.name, row.row))
            continue
        taken.add(j)
        anchor = j
        for i in inputs:
            if i == annex.unit:
                continue  # matched by it: the plan's own spelling stays
            key = columns[i].key
            cell = row.cells.get(i)
            got, problem = value(cell, columns[i].kind)
            old = plan_rows[j].get(key)
            where = cell.coordinate if cell else f"{_letter(found.columns[i])}{row.row}"
            if problem:
                out.left.append(Left(f"ô {where}", f"{row.name}, {_title(annex, i)}", problem + "; giữ số liệu cũ"))
            elif got is BLANK and old is not None:
                out.left.append(Left(f"ô {where}", f"{row.name}, {_title(annex, i)}",
                                     f"ô trống; giữ giá trị trong tệp YAML ({old})"))
            elif not same(old, got, columns[i].kind):
                path = rows_path + (j, key)
                if path in source.shared:
                    out.left.append(Left(f"ô {where}", f"{row.name}, {_title(annex, i)}",
                                         "giá trị trong YAML dùng bí danh (*tên) chung với chỗ khác; hãy sửa bằng tay"))
                    continue
                edit = set_value(source, rows_path + (j,), key, got, count)
                if edit is None:
                    out.left.append(Left(f"ô {where}", f"{row.name}, {_title(annex, i)}", _FLOW))
                    continue
                out.edits.append(edit)
                out.changes.append(Change(row.name, _title(annex, i), where, old, got, path))

    for j, cells in enumerate(grid_rows):
        if j in taken:
            continue
        if _is_group(plan_rows[j]):
            out.left.append(Left(f"phu_luc[{annex.index}].dong[{j}]", cells[0],
                                 "dòng nhóm không có trong bảng tính; giữ nguyên"))
            continue
        edit = remove_row(source, rows_path, j, count)
        if edit is None:
            out.left.append(Left(f"phu_luc[{annex.index}].dong[{j}]", cells[annex.unit], _FLOW))
            continue
        out.edits.append(edit)
        out.removed.append(cells[annex.unit])

    inserts = []
    for at, values, name, sheet_row in additions:
        model = at if at is not None and not _is_group(plan_rows[at]) else _first_unit(plan_rows)
        position = insert_at(source, rows_path, at, count)
        if position is None or model is None:
            out.left.append(Left(f"dòng {sheet_row}", name, _FLOW))
            continue
        inserts.append(yamledit.Edit(position, position, new_row(source, rows_path + (model,), values)))
        out.added.append((name, sheet_row))
    out.edits = combine(out.edits + inserts)
    return out


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
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)

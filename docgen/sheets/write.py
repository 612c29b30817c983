"""`docgen export`: each annex table of a computed plan on its own sheet of a workbook.

The sheet is the table as the document prints it: the annex's name, title and reference line
above, the header rows merged as in the document, the units' typed figures as numbers, every
computed cell and the totals as live formulas (docgen.sheets.formulas), number formats that
each reader's locale shows in its own style (`#,##0`, `0.00`), a figure the plan leaves out an
empty cell to type it in (docgen prints «-»), the columns as wide as the document's
(docgen.render.layout) or as a short text needs, and the page set up to print landscape on A4 with the
header repeated. The workbook's bytes depend on the plan alone: the properties carry the
plan's date, and the zip is written with fixed timestamps (docgen.ooxml.package).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from docgen.base.measure import width_pt
from docgen.output.xlsx import save
from docgen.plan.kinds import kind_of
from docgen.plan.tables import COUNT, DATE, MONEY, NUMBER, NUMERIC, PERCENT, TEXT, Column
from docgen.plan.tables.declared import _date
from docgen.render.context import annex_reference
from docgen.render.layout import layout, preferred
from docgen.sheets import Annex, annexes
from docgen.sheets.formulas import Formulas, of

FONT = "Times New Roman"
FIRST_HEADER_ROW = 5  # rows 1-3: the annex's name, title and reference line; row 4 blank
PIXELS_PER_PT = 96 / 72
DIGIT_PX = 7  # the width of "0" in the workbook's default font (Calibri 11), which column widths count in
LINE = 1.25  # a line's height, in type sizes
MM = 1 / 25.4


_PRINTED = re.compile(r"-?\d[\d.]*(?:,(\d+))?%?")


def number_format(column: Column, printed: str | None = None) -> str:
    """Return the cell format of a column: thousands grouped, the column's decimals, or those of the
    figure as docgen prints it in this cell (a results table prints «559» hộ and «20,28» % in one
    column)."""
    places = column.decimals
    m = _PRINTED.fullmatch(printed.strip()) if printed and column.kind in NUMERIC else None
    if m:
        places = len(m.group(1) or "")
    if column.kind == DATE:
        return "dd/mm/yyyy"
    if column.kind in (COUNT, MONEY) and places == 0:
        return "#,##0"
    if column.kind == PERCENT:
        return "0." + "0" * places if places else "0"
    if column.kind in NUMERIC:
        return "#,##0." + "0" * places if places else "#,##0"
    if column.kind == NUMBER:
        return "0"
    return "@"


def _raw(row, key: str):
    """Return a unit's typed value of a column (rows are mappings in declared tables, models otherwise)."""
    value = row.get(key) if isinstance(row, dict) else getattr(row, key, None)
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


def _lines(text: str, width: float, size: float, bold: bool) -> int:
    """Return how many lines text takes in a cell width points wide (words wrapped, never broken)."""
    lines, used = 1, 0.0
    space = width_pt(" ", size, bold)
    for word in text.split():
        w = width_pt(word, size, bold)
        if used and used + space + w > width:
            lines, used = lines + 1, w
        else:
            used = used + space + w if used else w
    return lines


def workbook(plan) -> bytes:
    """Return the .xlsx of every annex table of plan (docgen.plan.build.Plan), one sheet each."""
    book = Workbook()
    book.remove(book.active)
    model = plan.model
    reference = _references(plan)
    for annex in annexes(plan):
        _sheet(book, annex, reference[annex.index])
    return save(book, model.ngay_ban_hanh or dt.date(model.nam, 1, 1), model.co_quan_ban_hanh.ten, model.trich_yeu)


def _references(plan) -> list[dict]:
    """Return each annex's title and reference line as the document prints them."""
    model = plan.model
    return [{"tieu_de": kind_of(table).default_title(table, model.nam).upper(), "kem_theo": annex_reference(model)}
            for table in model.phu_luc]


def _sheet(book, annex: Annex, titles: dict) -> None:
    grid = annex.computed.grid
    shape = layout(grid)
    columns = grid.columns
    n = len(columns)
    ws = book.create_sheet(title=annex.label[:31])
    # the document's widths, a short text kept on one line (a sheet has no page to fit)
    widths_pt = [max(w / 20, p) for w, p in zip(shape.widths, preferred(grid, shape.body_pt, shape.header_pt))]
    letter = [get_column_letter(i + 1) for i in range(n)]
    for i, w in enumerate(widths_pt):
        ws.column_dimensions[letter[i]].width = round(max(1.0, (w * PIXELS_PER_PT - 5) / DIGIT_PX), 2)

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    body_pt, head_pt = shape.body_pt, shape.header_pt
    full = sum(widths_pt)

    # the annex's name, title and reference line, each across the table
    for r, (text, bold, italic) in enumerate(((annex.label, True, False), (titles["tieu_de"], True, False),
                                              (titles["kem_theo"], False, True)), start=1):
        cell = ws.cell(row=r, column=1, value=text)
        cell.font = Font(name=FONT, size=13 if r < 3 else 12, bold=bold, italic=italic)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=n)
        ws.row_dimensions[r].height = _lines(text, full - 6, 13, bold) * 13 * LINE + 4

    # the header rows, merged as the document merges them
    top = FIRST_HEADER_ROW
    height = len(grid.header)
    lines_per_row = [1] * height
    for level, row in enumerate(grid.header):
        for hc in row:
            if hc.merge == "continue":
                continue
            down = 1
            while level + down < height and any(c.first == hc.first and c.merge == "continue"
                                                for c in grid.header[level + down]):
                down += 1
            r, c = top + level, hc.first + 1
            cell = ws.cell(row=r, column=c, value=hc.text)
            if hc.span > 1 or down > 1:
                ws.merge_cells(start_row=r, start_column=c, end_row=r + down - 1, end_column=c + hc.span - 1)
            for rr in range(r, r + down):
                for cc in range(c, c + hc.span):
                    ws.cell(row=rr, column=cc).border = box
            cell.font = Font(name=FONT, size=head_pt, bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            need = _lines(hc.text, sum(widths_pt[hc.first:hc.first + hc.span]) - 5, head_pt, True)
            lines_per_row[level + down - 1] = max(lines_per_row[level + down - 1], need - (down - 1))
    for level, lines in enumerate(lines_per_row):
        ws.row_dimensions[top + level].height = lines * head_pt * LINE + 4

    # the rows: typed figures as numbers, computed cells as formulas, then the totals
    first = top + height
    formulas = of(annex)
    units = iter(u for u in annex.table.dong if not (isinstance(u, dict) and "nhom" in u))  # a group row is no unit
    last = first + sum(kind != "tong" for kind, _ in grid.rows) - 1
    for offset, (kind, cells) in enumerate(grid.rows):
        r = first + offset
        bold = kind != "dong"
        if kind == "nhom":
            cell = ws.cell(row=r, column=1, value=cells[0])
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=n)
            for cc in range(1, n + 1):
                ws.cell(row=r, column=cc).border = box
            cell.font = Font(name=FONT, size=body_pt, bold=True)
            cell.alignment = Alignment(horizontal="left", vertical="center")
            ws.row_dimensions[r].height = body_pt * LINE + 4
            continue
        unit = next(units) if kind == "dong" else None
        lines = 1
        for i, (column, printed) in enumerate(zip(columns, cells)):
            value = _value(annex, formulas, i, kind, unit, printed, r, first, last, letter)
            cell = ws.cell(row=r, column=i + 1, value=value)
            cell.border = box
            cell.number_format = number_format(column, printed)
            cell.font = Font(name=FONT, size=body_pt, bold=bold)
            numeric = column.kind in NUMERIC or column.kind in (NUMBER, DATE)
            cell.alignment = Alignment(horizontal="center" if numeric else "left", vertical="center", wrap_text=True)
            if column.kind == TEXT:
                lines = max(lines, _lines(printed, widths_pt[i] - 3, body_pt, bold))
        ws.row_dimensions[r].height = lines * body_pt * LINE + 4

    unit_column = annex.unit if annex.unit is not None else 0
    ws.freeze_panes = f"{get_column_letter(unit_column + 2)}{first}"
    ws.print_title_rows = f"{top}:{first - 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    # Decree 30's margins: 20 mm top and bottom, 30 mm left, 15 mm right
    ws.page_margins.left, ws.page_margins.right = 30 * MM, 15 * MM
    ws.page_margins.top = ws.page_margins.bottom = 20 * MM


def _value(annex: Annex, formulas: Formulas, i: int, kind: str, unit, printed: str, r: int, first: int, last: int,
           letter: list[str]):
    """Return what cell i of sheet row r holds: a typed value, a formula, or the printed text."""
    column = annex.columns[i]
    keys = {c.key: j for j, c in enumerate(annex.columns)}

    def cell_of(key: str) -> str:
        return f"{letter[keys[key]]}{r}"

    if kind == "tong":
        if column.key in formulas.expressions:
            return formulas.cell(column.key, cell_of)
        if column.kind in NUMERIC and not column.computed:
            return f"=SUM({letter[i]}{first}:{letter[i]}{last})"
        return printed or None
    if column.kind == NUMBER:
        return int(printed)
    if column.key in formulas.expressions:
        return formulas.cell(column.key, cell_of, lambda k: _raw(unit, k) is None)
    if column.computed or i == annex.unit:
        return printed  # the unit as printed ("TDP 1"); a computed column no formula declares
    value = _raw(unit, column.key)
    if column.kind == DATE and isinstance(value, str):
        return _date(value) or value
    return value

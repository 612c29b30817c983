"""Task lists per unit: one sheet for each responsible unit (.xlsx), or one CSV with a unit column
for the task modules of e-office systems.

A sheet holds the unit's full name in its title row, then STT, Nhiệm vụ, Chủ trì / phối hợp,
Thời hạn, Sản phẩm and an empty «Kết quả» column to fill, sorted by deadline and set up to print
(A4 landscape, the header repeated on every page). A unit that only coordinates a duty sees it
too, marked «phối hợp». The same plan gives the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.properties import PageSetupProperties

from docgen.output.xlsx import save
from docgen.plan.build import Plan
from docgen.year.tasks import Task, fold, for_unit

HEADER = ("STT", "Nhiệm vụ", "Chủ trì / phối hợp", "Thời hạn", "Sản phẩm", "Kết quả")
WIDTHS = (6, 60, 30, 20, 34, 30)
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def units(found: list[Task]) -> list[str]:
    """Return the responsible units, each once (as first written), in the order of their first duty."""
    seen: dict[str, str] = {}
    for t in found:
        seen.setdefault(fold(t.unit), t.unit)
    return list(seen.values())


def _sheet_name(unit: str, taken: set[str]) -> str:
    """Return a sheet name for unit within Excel's 31 characters, without the characters it forbids,
    different from the names already taken (Excel compares them ignoring case)."""
    base = _SHEET_FORBIDDEN.sub(" ", unit).strip(" '") or "Đơn vị"
    name, n = base[:31], 1
    while name.casefold() in taken:
        n += 1
        suffix = f" ({n})"
        name = base[:31 - len(suffix)] + suffix
    taken.add(name.casefold())
    return name


def _cells(index: int, task: Task, coordinating: bool) -> list:
    role = f"Phối hợp (chủ trì: {task.unit})" if coordinating else "Chủ trì" + (
        f"; phối hợp: {', '.join(task.partners)}" if task.partners else "")
    return [index, task.sentence if task.what == "Nhiệm vụ được giao" else task.what, role, task.han.text(),
            task.product, ""]


def workbook(plan: Plan, found: list[Task]) -> bytes:
    """Return the .xlsx bytes: one sheet for each responsible unit."""
    from openpyxl import Workbook  # only `docgen tasks` needs it

    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for unit in units(found):
        sheet = book.create_sheet(_sheet_name(unit, taken))
        sheet.append([f"Nhiệm vụ của {unit} theo Kế hoạch số {plan.model.so or '…'}/{plan.model.ky_hieu}"])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
        sheet["A1"].font = Font(name="Times New Roman", size=13, bold=True)
        sheet["A1"].alignment = Alignment(horizontal="center", wrap_text=True)
        sheet.append(list(HEADER))
        for i, (task, coordinating) in enumerate(for_unit(found, unit), 1):
            sheet.append(_cells(i, task, coordinating))
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.border = box
                cell.font = Font(name="Times New Roman", size=12, bold=cell.row == 2)
                cell.alignment = Alignment(vertical="top", wrap_text=True,
                                           horizontal="center" if cell.row == 2 or cell.column == 1 else None)
        for col, width in enumerate(WIDTHS, 1):
            sheet.column_dimensions[chr(64 + col)].width = width
        sheet.print_title_rows = "2:2"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        sheet.freeze_panes = "A3"
    model = plan.model
    return save(book, model.ngay_ban_hanh or dt.date(model.nam, 1, 1), model.co_quan_ban_hanh.ten,
                f"Nhiệm vụ theo Kế hoạch: {model.trich_yeu}")


def csv_text(found: list[Task]) -> bytes:
    """Return one CSV (UTF-8 with a BOM, so Excel reads the diacritics) with a unit column."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Đơn vị", "Vai trò", *HEADER[1:2], "Thời hạn", "Ngày hạn", "Sản phẩm", "Kết quả"])
    for unit in units(found):
        for task, coordinating in for_unit(found, unit):
            what = task.sentence if task.what == "Nhiệm vụ được giao" else task.what
            writer.writerow([unit, "phối hợp" if coordinating else "chủ trì", what, task.han.text(),
                             f"{task.han.end:%d/%m/%Y}" if task.han.end else "", task.product, ""])
    return ("\ufeff" + out.getvalue()).encode("utf-8")

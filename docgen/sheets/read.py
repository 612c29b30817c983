"""A workbook from elsewhere, opened within limits, as plain cells.

A village's sheet arrives by e-mail like a Word file: it is a zip, and docgen.ooxml.untrusted
reads it within the same limits (size, parts, inflation ratio, no DTD) before openpyxl
parses anything; the sheets' own parts are held to a tighter bound, as openpyxl keeps every
cell in memory. openpyxl's iterators walk the whole rectangle up to the last cell a file
declares, which a hostile file sets a million rows down; so the cells are taken from the
ones the file has.

Each cell gives its value as the sheet shows it: a formula's value as the file last computed
it (none if it never was), a percentage as its number of percent (0,125 shown as 12,5%
gives 12.5), merged cells as the value of their top-left cell.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from openpyxl import load_workbook

from docgen.base.errors import UsageError
from docgen.ooxml import untrusted

MAX_SHEET_BYTES = 20 * 1024 * 1024  # the worksheets' XML once inflated: about 400,000 cells
MAX_CELLS = 200_000
MAX_MERGED = 2_000  # merged ranges of one sheet (a real table has a few dozen)
NO_VALUE = object()  # a formula the file never computed (openpyxl writes none): no value to read


@dataclass(frozen=True)
class Cell:
    value: object  # str, int, Decimal, date, or NO_VALUE
    coordinate: str  # "D7"
    formula: bool = False


@dataclass
class Sheet:
    """One worksheet: its non-empty cells by (row, column), 1-based, and its merged ranges."""

    title: str
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (top, left, bottom, right)
    _rows: dict[int, list[tuple[int, Cell]]] | None = field(default=None, repr=False)

    def row(self, r: int) -> list[tuple[int, Cell]]:
        """Return the cells of row r that the file has, left to right, as (column, cell)."""
        if self._rows is None:
            self._rows = {}
            for (row, c), cell in sorted(self.cells.items()):
                self._rows.setdefault(row, []).append((c, cell))
        return self._rows.get(r, [])

    def value(self, row: int, column: int):
        """Return the value shown at (row, column): a merged range shows its top-left cell's."""
        for top, left, bottom, right in self.merged:
            if top <= row <= bottom and left <= column <= right:
                row, column = top, left
                break
        cell = self.cells.get((row, column))
        return None if cell is None else cell.value

    def merge_of(self, row: int, column: int) -> tuple[int, int, int, int] | None:
        return next((m for m in self.merged if m[0] <= row <= m[2] and m[1] <= column <= m[3]), None)


def _reject_other_formats(path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix in (".xls", ".ods", ".csv", ".xlsb"):
        raise UsageError(f"{path}: docgen đọc bảng tính dạng .xlsx; hãy mở tệp bằng Excel hoặc LibreOffice Calc "
                         "rồi lưu lại dạng «Excel Workbook (.xlsx)»")


def read(path: Path) -> list[Sheet]:
    """Return the worksheets of the .xlsx at path; UsageError naming the file if it is not one,
    is damaged or is beyond the limits."""
    path = Path(path)
    _reject_other_formats(path)
    data = untrusted.read(path, what="bảng tính", main="xl/workbook.xml")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [i for i in z.infolist() if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")]
        size = sum(i.file_size for i in sheets)
        if size > MAX_SHEET_BYTES:
            raise UsageError(f"bảng tính {path} quá lớn ({size // 1024 // 1024} MB dữ liệu ô, giới hạn "
                             f"{MAX_SHEET_BYTES // 1024 // 1024} MB); một bảng phụ lục chỉ vài trăm dòng")
        for part in z.infolist():
            if not (part.filename.startswith("xl/") and part.filename.endswith(".xml")):
                continue
            if part.file_size > MAX_SHEET_BYTES:
                raise UsageError(f"bảng tính {path}: phần {part.filename} quá lớn ({part.file_size // 1024 // 1024} MB, "
                                 f"giới hạn {MAX_SHEET_BYTES // 1024 // 1024} MB); một bảng phụ lục chỉ vài trăm dòng")
            _ranges_within_limits(z.read(part), part.filename, path)
    try:
        with warnings.catch_warnings():  # openpyxl warns of features it drops (data validation…)
            warnings.simplefilter("ignore")
            formulas = load_workbook(io.BytesIO(data), data_only=False)
            values = load_workbook(io.BytesIO(data), data_only=True)
        return [_sheet(f, v, path) for f, v in zip(formulas.worksheets, values.worksheets)]
    except UsageError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises whatever its parsing meets in a damaged part
        raise UsageError(f"bảng tính {path} bị hỏng, docgen không đọc được ({type(exc).__name__}); hãy mở "
                         "bằng Excel hoặc LibreOffice Calc, lưu lại rồi thử lại") from None


# Elements whose range openpyxl makes an object of every cell of, when it loads a sheet: a merged
# range (every cell a MergedCell), a hyperlink or a comment over a range (every cell given it).
_EXPANDED = {"mergeCell", "hyperlink", "comment"}
_RANGE = re.compile(r"\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?")


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _ranges_within_limits(xml: bytes, name: str, path: Path) -> None:
    """Refuse a part whose ranges cover more cells than a table has (A1:XFD1048576 is 17 billion),
    read with an XML parser, so that no encoding or character reference hides one."""
    count = area = 0
    try:
        for element in untrusted.starts(xml, _EXPANDED):
            m = _RANGE.fullmatch(element.get("ref") or "")
            count += 1
            if m and m.group(3):
                area += ((abs(int(m.group(4)) - int(m.group(2))) + 1)
                         * (abs(_column(m.group(3)) - _column(m.group(1))) + 1))
            if count > MAX_MERGED or area > MAX_CELLS:
                raise UsageError(f"bảng tính {path}: phần {name} có vùng ô gộp (hay gắn liên kết, ghi chú) quá lớn "
                                 f"hoặc quá nhiều (giới hạn {MAX_MERGED:,} vùng, {MAX_CELLS:,} ô); một bảng phụ lục "
                                 "chỉ có vài chục ô gộp".replace(",", "."))
    except untrusted.XMLSyntaxError:
        raise UsageError(f"bảng tính {path}: phần {name} bị hỏng (XML sai); hãy mở bằng Excel hoặc LibreOffice "
                         "Calc, lưu lại rồi thử lại") from None


def _sheet(with_formulas, with_values, path: Path) -> Sheet:
    if not hasattr(with_formulas, "_cells"):  # a chart sheet
        return Sheet(with_formulas.title)
    if len(with_formulas._cells) > MAX_CELLS:
        raise UsageError(f"trang «{with_formulas.title}» của {path} có quá nhiều ô (giới hạn {MAX_CELLS:,})"
                         .replace(",", "."))
    sheet = Sheet(with_formulas.title)
    for (r, c), cell in with_formulas._cells.items():  # the cells the file has (see the module's note)
        raw = cell.value
        if raw is None:
            continue
        formula = cell.data_type == "f" or (isinstance(raw, str) and raw.startswith("="))
        value = with_values._cells.get((r, c)).value if formula and (r, c) in with_values._cells else raw
        if formula and value is None:
            value = NO_VALUE
        elif value is not None:
            value = _plain(value, cell.number_format or "")
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        sheet.cells[(r, c)] = Cell(value, cell.coordinate, formula)
    sheet.merged = sorted((m.min_row, m.min_col, m.max_row, m.max_col) for m in with_formulas.merged_cells.ranges)
    return sheet


def _plain(value, number_format: str):
    """Return a cell's value as docgen reads it: exact decimals, dates, text with single spaces."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)):
        number = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
        if "%" in number_format.replace('"%"', "").replace("\\%", ""):
            number *= 100
        number = _tidy(number)
        return int(number) if number == number.to_integral_value() else number
    if isinstance(value, str):
        return " ".join(value.split())
    return str(value)


def _tidy(number: Decimal) -> Decimal:
    """Return number without a binary float's tail (0.30000000000000004 -> 0.3)."""
    if number.as_tuple().exponent < -9:
        number = number.quantize(Decimal("1e-9"))
    return number.normalize() if number != 0 else Decimal(0)


_GROUPED_DOTS = re.compile(r"\d{1,3}(\.\d{3})+")
_GROUPED_COMMAS = re.compile(r"\d{1,3}(,\d{3}){2,}")


def number(text: str) -> Decimal | None:
    """Return the number typed as text in a cell, read the Vietnamese way ("1.234" is one thousand
    two hundred thirty-four, "12,5" twelve and a half, "12,5%" a percent) and the English one
    where it cannot be Vietnamese ("1,234,567", "1,234.5"); None if it is not a number."""
    t = text.strip().replace("\u00a0", "").replace(" ", "").rstrip("%")
    sign = ""
    if t[:1] in "+-":
        sign, t = t[:1], t[1:]
    if not t or not re.fullmatch(r"[\d.,]+", t) or not t[0].isdigit() or not t[-1].isdigit():
        return None
    if "." in t and "," in t:
        decimal_mark = "," if t.rfind(",") > t.rfind(".") else "."
        grouping = "." if decimal_mark == "," else ","
        whole, _, fraction = t.rpartition(decimal_mark)
        if decimal_mark in whole:
            return None
        t = whole.replace(grouping, "") + "." + fraction
    elif "," in t:
        t = t.replace(",", "") if _GROUPED_COMMAS.fullmatch(t) else t.replace(",", ".", 1) if t.count(",") == 1 else ""
    elif "." in t:
        t = t.replace(".", "") if _GROUPED_DOTS.fullmatch(t) else t if t.count(".") == 1 else ""
    try:
        return _tidy(Decimal(sign + t)) if t else None
    except InvalidOperation:
        return None

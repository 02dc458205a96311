"""Department files as rows of cells, and back.

.xlsx is read with calamine (Rust): 100,000 rows of ten columns in about a second, where
openpyxl's read-only mode takes about twenty on our machines, more than the whole import's
budget. openpyxl writes the simulator's files. .csv is read in UTF-8, UTF-8 with BOM, UTF-16
(Excel's "Unicode text") or GB18030 (Excel's CSV on Chinese Windows), comma or tab separated.
"""
import codecs
import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

SPREADSHEETS = (".xlsx",)
SUFFIXES = (*SPREADSHEETS, ".csv")
CSV_ENCODINGS = ("utf-8", "utf-8-sig", "gb18030")


class FileRefused(ValueError):
    """The file as a whole cannot be read; the message says why."""


@dataclass
class Table:
    rows: Iterator[tuple[int, list]]  # (row number as the spreadsheet shows it, cells)
    total: int | None  # rows in the file, for the progress bar
    encoding: str | None = None  # of a CSV file
    sheet: str | None = None  # of a workbook
    merged: tuple = ()  # merged ranges ((first row, first column), (last row, last column)), 0-based
    not_data: str | None = None  # why a sheet of the workbook is not read: "hidden", "a chart sheet"


def read_table(path: Path) -> Table:
    """The first visible worksheet of a workbook, or a CSV file. The importer reads every sheet (read_tables)."""
    return next(t for t in read_tables(path) if not t.not_data)


def read_tables(path: Path) -> list[Table]:
    """Every sheet of an .xlsx in workbook order, hidden sheets and chart sheets as empty tables
    saying so (`not_data`), or the one table of a .csv. Raises FileRefused, also for a workbook
    without a visible worksheet."""
    suffix = path.suffix.lower()
    if suffix in SPREADSHEETS:
        return _read_xlsx(path)
    if suffix == ".csv":
        return [_read_csv(path)]
    raise FileRefused(f"cannot import {suffix or 'files without a suffix'}: use {', '.join(SUFFIXES)}")


def _read_xlsx(path: Path) -> list[Table]:
    try:
        book = CalamineWorkbook.from_path(str(path))
        kinds = [_not_data(m) for m in book.sheets_metadata]
        if all(kinds):
            raise FileRefused("the workbook has no visible worksheet")
        return [_table(book.get_sheet_by_index(i), m.name) if not kind else
                Table(iter(()), 0, sheet=m.name, not_data=kind)
                for i, (m, kind) in enumerate(zip(book.sheets_metadata, kinds))]
    except (CalamineError, OSError, ValueError) as exc:
        if isinstance(exc, FileRefused):
            raise
        raise FileRefused(f"not a readable Excel workbook ({type(exc).__name__})") from None


def _not_data(meta) -> str | None:
    if meta.typ != SheetTypeEnum.WorkSheet:
        return "a chart sheet" if meta.typ == SheetTypeEnum.ChartSheet else "not a worksheet"
    return None if meta.visible == SheetVisibleEnum.Visible else "hidden"


def _table(sheet, name: str) -> Table:
    # iter_rows starts at row 1 (leading empty rows included), so enumerate gives the row number.
    return Table(((n, row) for n, row in enumerate(sheet.iter_rows(), start=1)),
                 sheet.end[0] + 1 if sheet.end else 0, sheet=name, merged=tuple(sheet.merged_cell_ranges or ()))


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding). A BOM decides; else UTF-8 if it decodes, else GB18030 (a superset of GBK)."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = ("utf-8-sig",)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ("utf-16",)
    else:
        candidates = ("utf-8", "gb18030")
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise FileRefused(f"the file is not text in {' or '.join(candidates)}")


def _read_csv(path: Path) -> Table:
    text, encoding = decode(path.read_bytes())
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t" if first.count("\t") > first.count(",") else ",")
    return Table(((n, row) for n, row in enumerate(reader, start=1)), text.count("\n") + 1, encoding)


def write_table(path: Path, header: list[str], rows: Iterable[list], title: str | None = None,
                encoding: str = "utf-8") -> None:
    """Write a department file: .xlsx (dates as date cells, numbers as numbers, text as text)
    or .csv in `encoding`. `title` becomes a first row above the header, as exports often have."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() in SPREADSHEETS:
        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        if title:
            sheet.append([title])
        sheet.append(header)
        for row in rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
        book.save(path)
        return
    if encoding not in CSV_ENCODINGS:
        raise ValueError(f"CSV encoding must be one of {', '.join(CSV_ENCODINGS)}")
    with open(path, "w", newline="", encoding=encoding) as f:
        writer = csv.writer(f)
        if title:
            writer.writerow([title])
        writer.writerow(header)
        writer.writerows([_csv_text(v) for v in row] for row in rows)


def _xlsx_cell(sheet, value):
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return value


def _csv_text(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)

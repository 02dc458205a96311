"""Writing a department file (the simulator's, the tests'): .xlsx with typed cells, or .csv."""
import csv
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from shared.kit.spreadsheet.files.table import SPREADSHEETS

CSV_ENCODINGS = ("utf-8", "utf-8-sig", "gb18030")


def write_table(path: Path, header: list[str], rows: Iterable[list], title: str | None = None,
                encoding: str = "utf-8") -> None:
    """Write a department file: .xlsx (dates as date cells, numbers as numbers, text as text)
    or .csv in `encoding`. `title` becomes a first row above the header, as exports often have.
    Raises ValueError for a CSV encoding not in CSV_ENCODINGS."""
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

"""Reading a department file by its suffix."""
from pathlib import Path

from shared.kit.spreadsheet.files.csv_text import read_csv
from shared.kit.spreadsheet.files.table import SPREADSHEETS, SUFFIXES, FileRefused, Table
from shared.kit.spreadsheet.files.xlsx import read_xlsx


def read_table(path: Path) -> Table:
    """The first visible worksheet of a workbook, or a CSV file. The importer reads every sheet (read_tables)."""
    return next(t for t in read_tables(path) if not t.not_data)


def read_tables(path: Path) -> list[Table]:
    """Every sheet of an .xlsx in workbook order, hidden sheets and chart sheets as empty tables
    saying so (`not_data`), or the one table of a .csv. Raises FileRefused, also for a workbook
    without a visible worksheet."""
    suffix = path.suffix.lower()
    if suffix in SPREADSHEETS:
        return read_xlsx(path)
    if suffix == ".csv":
        return [read_csv(path)]
    raise FileRefused(f"cannot import {suffix or 'files without a suffix'}: use {', '.join(SUFFIXES)}")

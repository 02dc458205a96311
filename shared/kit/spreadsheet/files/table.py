"""A sheet as rows of cells, and the file kinds the import reads."""
from collections.abc import Iterator
from dataclasses import dataclass

SPREADSHEETS = (".xlsx",)
SUFFIXES = (*SPREADSHEETS, ".csv")


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

"""A problem of an export, where it is: file, sheet, row, column (the header as the file writes
it), the cell's value and the reason. The value is personal data: it goes into the error report
beside the file, never into a log line or the printed summary."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Place:
    file: str  # the file's name
    sheet: str  # "" for a CSV file
    row: int  # as the spreadsheet shows it; 0 for the file or sheet as a whole

    def __str__(self) -> str:
        return f"{self.file}{'/' + self.sheet if self.sheet else ''} row {self.row}"


@dataclass(frozen=True, slots=True)
class ExportError:
    place: Place
    column: str
    value: str
    reason: str


class ExportRefused(Exception):
    """The export as a whole cannot be read (a missing file, no known layout); nothing applied."""

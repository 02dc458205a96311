"""What reading a row gives: an event, the row's errors, or a row that is not data."""
from dataclasses import dataclass

from shared.kit.spreadsheet.values.text import shown


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # the header as written in the file; empty when the row as a whole is wrong
    value: str
    reason: str
    sheet: str = ""  # of a workbook with several sheets


@dataclass(frozen=True)
class Skipped:
    """A totals, signature or footer row: not data, so neither an event nor a bad row."""

    row: int
    value: str  # the cell that says what the row is (合计, 制表人：...)
    reason: str


@dataclass(frozen=True)
class RowEvent:
    row: int
    event: object  # a CloudEvent of the department
    key_cells: tuple[tuple[str, object], ...]  # (header, cell) of the natural key
    resident_id: str  # normalised (shared.resident_id), for the message key
    warning: RowError | None = None  # imported, but the file should be checked (an ID a spreadsheet cut)

    @property
    def key_text(self) -> str:
        """The natural key as a clerk reads it, for messages about repeated rows."""
        return "、".join(f"{header} {shown(cell)}" for header, cell in self.key_cells)

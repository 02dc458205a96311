"""What an import did, for the summary line, the report and the caller."""
from dataclasses import dataclass, field
from pathlib import Path

from shared.kit.spreadsheet.rows.results import RowError


@dataclass
class ImportSummary:
    file: Path
    report: Path
    dry_run: bool
    layout: str = ""
    title: str = ""
    rows: int = 0  # data rows that are not blank
    published: int = 0  # events new to this department (in a dry run: events that would be sent)
    already: int = 0  # events an earlier import or post had already published
    repeated: int = 0  # rows that repeat an earlier row of this file exactly
    errors: list[RowError] = field(default_factory=list)
    skipped: list[RowError] = field(default_factory=list)  # totals, signature and footer rows (not bad rows)
    warnings: list[RowError] = field(default_factory=list)  # rows imported that the department should check
    cut_ids: list[tuple[str, int]] = field(default_factory=list)  # (sheet, row): ID looks cut by a spreadsheet
    sheets: list[str] = field(default_factory=list)  # sheets read, in workbook order (a CSV: none)
    skipped_sheets: list[tuple[str, str]] = field(default_factory=list)  # (sheet, why it was not read)
    ignored_columns: list[str] = field(default_factory=list)
    resumed_after_rows: int | None = None  # the previous run of this file stopped after this many rows
    event_ids: list[str] = field(default_factory=list)  # of the rows accepted, in file order
    waiting: int = 0  # events still in the outbox at the end (Kafka unreachable): the service publishes them
    seconds: float = 0.0

    def place(self, line: RowError) -> tuple[int, int]:
        """Sort key of a report line: sheets not read first, then by sheet in workbook order and row."""
        return (self.sheets.index(line.sheet) if line.sheet in self.sheets else -1, line.row)

    @property
    def bad_rows(self) -> int:
        return len({(e.sheet, e.row) for e in self.errors})


class ImportRefused(Exception):
    """The file as a whole could not be imported; nothing was published. The summary holds the report."""

    def __init__(self, message: str, summary: ImportSummary):
        super().__init__(message)
        self.summary = summary

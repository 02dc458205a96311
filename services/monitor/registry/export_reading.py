"""An export read whole: its sheets located, every row read and gathered, the households built
and checked. Nothing is applied here."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .rows import Household
from .export_errors import ExportError
from .export_gather import Gathering
from .export_households import Builder
from .export_layouts import ExportLayout
from .export_progress import Ticker
from .export_rows import SheetRows
from .export_sheets import located_sheets

TICK_ROWS = 5000


@dataclass
class ExportRead:
    layout: ExportLayout
    households: list[Household]  # only those without a problem
    errors: list[ExportError]
    rows: int
    households_read: int  # household numbers in the export
    persons_read: int  # member rows in the export

    @property
    def persons(self) -> int:
        return sum(h.members for h in self.households)

    @property
    def bad_rows(self) -> int:
        return len({e.place for e in self.errors})


def read_export(paths: list[Path], layouts: dict[str, ExportLayout], *, layout: str | None = None,
                income_year: int, on: date, ticker: Ticker | None = None) -> ExportRead:
    """Raises ExportRefused for files that cannot be read as an export (errors.py)."""
    chosen, sheets = located_sheets(paths, layouts, layout)
    gathering, headers = Gathering(), {}
    for sheet in sheets:
        rows = SheetRows(sheet, carry_household=chosen.one_sheet)
        for field in rows.headers:
            headers.setdefault(field, rows.header(field))
        for place, fields, errors in rows:
            gathering.add(sheet.part, place, fields, errors, rows.header)
            if ticker is not None and gathering.rows % TICK_ROWS == 0:
                ticker.rows(gathering.rows)
    builder = Builder(gathering, headers, with_household_rows=not chosen.one_sheet, income_year=income_year, on=on)
    households = list(builder.households())
    return ExportRead(chosen, households, gathering.errors, gathering.rows, len(gathering.households),
                      gathering.member_rows)

"""An export of CSV files read and checked column-wise (polars) when it is the common case: every
cell readable, every row plainly fine. Then the registry's rows come out as two frames in the
tables' columns, ready for COPY, without a Python object per row. Anything else (an .xlsx, a bad
row, an unusual file) returns None with the reason, and the caller reads the export row by row
(export_reading.read_export), which reports every problem as it always has."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl

from .export_errors import ExportRefused
from .export_fields import HOUSEHOLD_FIELDS, KEY, MEMBER_FIELDS
from .export_layouts import ExportLayout
from .export_sheets import Sheet, located_sheets
from .fast_checks import NotPlain, households_checked, members_checked
from .fast_columns import head_tables, sheet_frame, with_absent
from .fast_earner import with_main_earners
from .rows import HOUSEHOLD_COLUMNS, PERSON_COLUMNS, Household, Person


@dataclass
class Frames:
    """The registry's rows of an export that passed every check: `households` in
    HOUSEHOLD_COLUMNS, `persons` in PERSON_COLUMNS (both in the order the row-by-row path builds)."""

    households: pl.DataFrame
    persons: pl.DataFrame

    def rows(self) -> list[Household]:
        """The same rows as rows.Household objects (for a re-import as a difference)."""
        persons: dict[str, list[Person]] = {}
        for p in self.persons.iter_rows():
            persons.setdefault(p[1], []).append(Person(*p))
        at = HOUSEHOLD_COLUMNS.index("income_per_capita_yuan")
        out = []
        for r in self.households.iter_rows():
            r = r[:at] + (Decimal(r[at]),) + r[at + 1:]
            out.append(Household(*r[:at + 2], tuple(persons[r[0]]), *r[at + 2:]))
        return out


@dataclass
class FastRead:
    """What export_reading.ExportRead gives, for an export without a problem."""

    layout: ExportLayout
    households: Frames
    rows: int
    households_read: int
    persons_read: int
    errors: tuple = ()
    bad_rows: int = 0

    @property
    def persons(self) -> int:
        return self.households.persons.height


def fast_read(paths: list[Path], layouts: dict[str, ExportLayout], *, layout: str | None, income_year: int,
              on: date) -> FastRead | str:
    """The export read column-wise, or why not (no row contents; a refusal is left to the
    row-by-row reading, whose words the command prints)."""
    if any(p.suffix.lower() != ".csv" for p in paths):
        return "not CSV"
    if len({p.name for p in paths}) < len(paths):  # a sheet names its file by name only
        return "two files of one name in different folders"
    try:
        chosen, sheets = located_sheets(paths, layouts, layout, head_tables)
    except ExportRefused as exc:
        return f"refused ({exc}): the row-by-row reading says it again"
    if sum(a.part != b.part for a, b in zip(sheets, sheets[1:])) > 1:
        return "households and members sheets interleaved: households are built in the order first seen"
    parts: dict[str, list[pl.DataFrame]] = {"households": [], "members": []}
    for sheet in sheets:
        frame = sheet_frame(_path(paths, sheet), sheet)
        if frame is None:
            return f"{sheet.file}: a cell the row-by-row reading must look at"
        parts[sheet.part].append(frame)
    today = date.today()  # normalise's own bound for birth dates in resident IDs
    try:
        members = members_checked(pl.concat(parts["members"], how="diagonal_relaxed"), today)
        households = pl.concat(parts["households"], how="diagonal_relaxed") if parts["households"] else None
        h = households_checked(households, members, members_first=sheets[0].part == "members",
                               income_year=income_year, on=on)
    except NotPlain as exc:
        return exc.why
    h = with_absent(h, HOUSEHOLD_FIELDS)
    persons = with_main_earners(with_absent(members, MEMBER_FIELDS), on)
    order = h.select(KEY).with_row_index("_h")
    persons = (persons.join(order, on=KEY, maintain_order="left").sort("_h", maintain_order=True)
               .with_columns(*(pl.lit(None).alias(c) for c in PERSON_COLUMNS if c not in persons.columns))
               .select(PERSON_COLUMNS))
    village = pl.col("village_code")
    households_out = h.with_columns(county_code=village.str.slice(0, 6), township_code=village.str.slice(0, 9),
                                    members=pl.col("members").cast(pl.Int64),
                                    left_on=pl.lit(None, pl.Date)).select(HOUSEHOLD_COLUMNS)
    rows = sum(f.height for fs in parts.values() for f in fs)
    return FastRead(chosen, Frames(households_out, persons), rows, h.height, members.height)


def _path(paths: list[Path], sheet: Sheet) -> Path:
    return next(p for p in paths if p.name == sheet.file)

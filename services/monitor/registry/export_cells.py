"""A column's cells read into field values: the kit's readers (shared/kit/spreadsheet/values),
coded columns limited to their mapping's codes, booleans from 是/否. Cells of columns with few
distinct values (codes, dates, amounts, places) are read once per distinct value."""
from __future__ import annotations

from collections.abc import Callable

from shared.kit.spreadsheet.mapping.layout import Column
from shared.kit.spreadsheet.values.text import CellError

from .export_fields import BOOLEANS

NUMBER_CUT = ("stored as a number, and Excel keeps only 15 digits of it; format the column as text (文本) "
              "and export again")
#: Columns whose values are (nearly) unique per row: caching them would only cost memory.
UNIQUE = ("resident_id", "name", "household_id")
_CACHE_LIMIT = 200_000


def cell_reader(column: Column) -> Callable[[object], object]:
    """value -> field value; raises CellError (the reason for the report)."""
    allowed = frozenset(column.codes.values())
    boolean = column.name in BOOLEANS

    def read(raw):
        if isinstance(raw, float) and abs(raw) >= 1e15:
            raise CellError(NUMBER_CUT)
        value = column.read(raw)
        if allowed and value not in allowed:
            spellings = "、".join(k for k in column.values)
            raise CellError(f"unknown value; the file may write {spellings}")
        return value == "true" if boolean else value

    return read if column.name in UNIQUE else _cached(read)


def _cached(read: Callable[[object], object]) -> Callable[[object], object]:
    seen: dict[object, tuple[bool, object]] = {}

    def cached(raw):
        hit = seen.get(raw)
        if hit is None:
            try:
                hit = (True, read(raw))
            except CellError as exc:
                hit = (False, exc)
            if len(seen) < _CACHE_LIMIT:
                seen[raw] = hit
        if hit[0]:
            return hit[1]
        raise hit[1]

    return cached

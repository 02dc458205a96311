"""One data row of a sheet read into its fields, or the problems of its cells."""
from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

from shared.kit.spreadsheet.rows.summary_rows import summary_row
from shared.kit.spreadsheet.values.text import CellError, shown

from .export_cells import cell_reader
from .export_errors import ExportError, Place
from .export_fields import KEY
from .export_sheets import Sheet


class SheetRows:
    """The data rows of one sheet: (place, fields, errors) for each row that is neither blank nor
    a totals or signature row. In a one-sheet layout a blank 户编号 takes the row above's (the
    members' rows under their household number, as a merged cell leaves them)."""

    def __init__(self, sheet: Sheet, carry_household: bool):
        self.sheet, self.carry = sheet, carry_household
        located = sheet.located
        self.readers = [(field, i, cell_reader(located.layout.columns[field])) for field, i in located.positions.items()]
        self.headers = {f: located.headers.get(f, c.header) for f, c in located.layout.columns.items()}

    def header(self, field: str) -> str:
        return self.headers.get(field, field)

    def __iter__(self) -> Iterator[tuple[Place, dict, list[ExportError]]]:
        table, name = self.sheet.table, self.sheet.table.sheet or ""
        above = None
        for n, cells in chain(self.sheet.located.rest, table.rows):
            place = Place(self.sheet.file, name, n)
            fields, errors = self._read(place, cells)
            if (not fields and not errors) or (_may_be_summary(fields, errors) and summary_row(n, cells) is not None):
                continue
            if KEY not in fields and not any(e.column == self.header(KEY) for e in errors):
                if self.carry and above is not None:
                    fields[KEY] = above
                else:
                    errors.append(ExportError(place, self.header(KEY), "", "required: the cell is empty"))
            above = fields.get(KEY, above)
            yield place, fields, errors

    def _read(self, place: Place, cells: list) -> tuple[dict, list[ExportError]]:
        fields, errors, width = {}, [], len(cells)
        for field, i, read in self.readers:
            cell = cells[i] if i < width else None
            if cell is None or cell == "" or (type(cell) is str and cell.isspace()):
                continue
            try:
                fields[field] = read(cell)
            except CellError as exc:
                errors.append(ExportError(place, self.header(field), shown(cell), str(exc)))
        return fields, errors


def _may_be_summary(fields: dict, errors: list) -> bool:
    """A totals or signature row (合计, 制表人：...) is not a row of a household whose number is
    plain ASCII letters and digits and whose cells all read: only other rows are looked at closer."""
    key = fields.get(KEY)
    return bool(errors) or not (isinstance(key, str) and key.isascii() and key.isalnum())

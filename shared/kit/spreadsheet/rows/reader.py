"""The rows of one sheet whose header row matched a layout, read one at a time."""
from shared.kit.spreadsheet.mapping.folding import fold
from shared.kit.spreadsheet.mapping.layout import Layout
from shared.kit.spreadsheet.rows.cells import RowCells
from shared.kit.spreadsheet.rows.cut_ids import flag_cut_id
from shared.kit.spreadsheet.rows.event import row_event
from shared.kit.spreadsheet.rows.results import RowError, RowEvent, Skipped
from shared.kit.spreadsheet.rows.summary_rows import summary_row
from shared.kit.spreadsheet.values.resident_ids import cut_by_spreadsheet
from shared.kit.spreadsheet.values.text import CellError, shown


class RowReader:
    """Reads the rows of one file whose header row matched `layout` (positions: column -> cell index)."""

    def __init__(self, department: str, source: str, layout: Layout, positions: dict[str, int],
                 headers: dict[str, str]):
        self.department, self.source, self.layout = department, source, layout
        self.positions, self.headers = positions, headers
        self._readers = [(col, i, layout.columns[col].read) for col, i in positions.items()]
        self.cut_ids: list[int] = []  # rows whose ID looks cut by a spreadsheet (…000, a number)

    def header(self, column: str) -> str:
        return self.headers.get(column, self.layout.columns[column].header)

    def read(self, row: int, cells: list) -> RowEvent | list[RowError] | Skipped | None:
        """None for a blank row; Skipped for a totals or footer row; a list of every problem of a bad one.
        Rows whose ID cell shows what a spreadsheet leaves of a number ID are added to `cut_ids`."""
        result = self._read(row, cells)
        if not isinstance(result, RowEvent) and (skipped := summary_row(row, cells)) is not None:
            return skipped
        at = self.positions.get("resident_id")
        if at is not None and at < len(cells) and cells[at] is not None and cut_by_spreadsheet(cells[at]):
            self.cut_ids.append(row)
            return flag_cut_id(result, self.header("resident_id"), cells[at])
        return result

    def _read(self, row: int, cells: list) -> RowEvent | list[RowError] | None:
        parsed, errors, width = {}, [], len(cells)
        for col, i, read in self._readers:
            cell = cells[i] if i < width else None
            if cell is None or cell == "" or (type(cell) is str and cell.isspace()):
                continue
            try:
                parsed[col] = read(cell)
            except CellError as exc:
                errors.append(RowError(row, self.header(col), shown(cell), str(exc)))
        if not parsed and not errors:
            return None
        raw = RowCells(cells, self.positions)
        kind = self._kind(row, parsed, raw, errors)
        if errors or kind is None:
            return errors
        return row_event(self, row, kind, parsed, raw)

    def _kind(self, row, parsed, raw, errors):
        """The event kind the row's event_by cell names; None (and an error added) when it names none."""
        by = self.layout.event_by
        if by is None:
            return next(iter(self.layout.events.values()))
        if by not in parsed:
            if not any(e.column == self.header(by) for e in errors):
                errors.append(RowError(row, self.header(by), "", "required: the cell is empty"))
            return None
        kind = self.layout.events.get(fold(str(parsed[by])))
        if kind is None:
            labels = "、".join(k.label for k in self.layout.events.values())
            errors.append(RowError(row, self.header(by), shown(raw[by]), f"must be one of {labels}"))
        return kind

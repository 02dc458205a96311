"""Rows whose ID cell shows what a spreadsheet leaves of an ID stored as a number (…000, 15 digits)."""
from dataclasses import replace

from shared.kit.spreadsheet.rows.results import RowError, RowEvent
from shared.kit.spreadsheet.values.resident_ids import NUMBER_ID
from shared.kit.spreadsheet.values.text import shown

CUT_ID = ("; it ends in 000 as an ID does after a spreadsheet stored it as a number (only 15 digits kept): "
          "take the ID from the source, not from this file")


def flag_cut_id(result: RowEvent | list[RowError], header: str, cell) -> RowEvent | list[RowError]:
    """An event gets a warning; the ID column's errors say how the ID may have been cut."""
    if isinstance(result, RowEvent):
        return replace(result, warning=RowError(result.row, header, shown(cell), "warning: imported, but the ID "
                                                "may be wrong" + CUT_ID + "; the monitor does not link it on the "
                                                "ID alone"))
    return [replace(e, reason=e.reason + CUT_ID) if e.column == header and not e.reason.startswith(NUMBER_ID)
            else e for e in result] if result else result

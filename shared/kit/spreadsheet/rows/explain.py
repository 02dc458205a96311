"""A contract's validation error in the words of the file: the header instead of the field name."""
from collections.abc import Callable

from shared.kit.spreadsheet.mapping.layout import EventKind, Layout
from shared.kit.spreadsheet.rows.cells import RowCells
from shared.kit.spreadsheet.rows.results import RowError
from shared.kit.spreadsheet.values.text import shown


def explain(layout: Layout, header: Callable[[str], str], row: int, kind: EventKind, error: dict,
            raw: RowCells) -> RowError:
    """`header` gives a column's header as the file writes it; `error` is one of pydantic's errors."""
    loc = tuple(error["loc"])
    by_field = {**dict(kind.data_columns), **{("person", f): c for f, c in kind.person_columns}}
    column = {("time",): kind.time}.get(loc) or by_field.get(loc[1] if len(loc) == 2 else loc[1:3])
    message = error["msg"].removeprefix("Value error, ").replace("time must not", "the date must not")
    if error["type"] == "missing":
        message = "required: the cell is empty"
    elif column is not None and layout.columns[column].values:
        message += f" (the file may write {'、'.join(map(str, layout.columns[column].values))})"
    if column is None:  # a check across fields: name them as the file does
        for field, col in sorted(by_field.items(), key=lambda fc: -len(str(fc[0]))):
            if isinstance(field, str):
                message = message.replace(field, header(col))
        return RowError(row, "", "", message)
    return RowError(row, header(column), shown(raw.get(column)), message)

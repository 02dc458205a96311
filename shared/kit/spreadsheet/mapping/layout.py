"""A layout as the import uses it: its columns (with their readers) and the events its rows become."""
from dataclasses import dataclass

from shared.kit.spreadsheet.mapping.folding import code
from shared.kit.spreadsheet.values.amounts import parse_yuan
from shared.kit.spreadsheet.values.dates import parse_birth_date, parse_date
from shared.kit.spreadsheet.values.numbers import parse_int
from shared.kit.spreadsheet.values.resident_ids import parse_resident_id
from shared.kit.spreadsheet.values.text import parse_text

READERS = {"text": parse_text, "resident_id": parse_resident_id, "date": parse_date,
           "birth_date": parse_birth_date, "yuan": parse_yuan, "int": parse_int}


@dataclass(frozen=True)
class Column:
    name: str
    header: str  # as the mapping writes it first: what the simulator (tooling) writes and the report falls back to
    headers: tuple[str, ...]  # folded, in order of preference
    kind: str
    required: bool
    values: dict  # folded typed text -> contract value
    codes: dict  # what a cell may hold (values' keys and the contract values, upper case) -> contract value

    def read(self, raw):
        """The cell's contract value; raises CellError (values.text)."""
        if self.codes and (mapped := self.codes.get(code(raw) if isinstance(raw, str) else raw)) is not None:
            return mapped
        return READERS[self.kind](raw)


@dataclass(frozen=True)
class EventKind:
    label: str
    model: type
    type: str
    data_columns: tuple[tuple[str, str], ...]  # (data field, column)
    person_columns: tuple[tuple[str, str], ...]
    time: str
    key: tuple[str, ...]


@dataclass(frozen=True)
class Layout:
    name: str
    title: str
    columns: dict[str, Column]
    event_by: str | None
    events: dict[str, EventKind]  # by folded label

    @property
    def event_types(self) -> set[str]:
        return {k.type for k in self.events.values()}

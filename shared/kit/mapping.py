"""A department's spreadsheet layouts, read from its `import_mapping.yaml`: which Chinese headers
hold which contract field, what people type for coded values, which date is the event's business
time and which columns identify a row's event. A new layout is an edit of that file, not code.

Column types are not written in the file: they follow from the contract field a column fills
(a Yuan field is read as an amount, a date field as a date), so the file cannot contradict the
contract.
"""
import re
import types
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from shared.contracts.types import Person
from shared.kit import values as v

PERSON_FIELDS = tuple(Person.model_fields)
READERS = {"text": v.parse_text, "resident_id": v.parse_resident_id, "date": v.parse_date,
           "birth_date": v.parse_birth_date, "yuan": v.parse_yuan, "int": v.parse_int}
# A unit in brackets of any kind after a header: 医疗总费用（元）, 医疗总费用【元】, 医疗总费用（单位：元）.
YUAN_UNIT = re.compile(r"(?:[(\[【〔〈<]\s*(?:单位[:：]?)?\s*(?:人民币)?元\s*[)\]】〕〉>]|/元)$")
WAN_UNIT = re.compile(r"(?:[(\[【〔〈<]\s*(?:单位[:：]?)?\s*万元\s*[)\]】〕〉>]|/万元)$")


class MappingError(ValueError):
    """The mapping file does not fit the contracts; the message names the file and the place."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ColumnSpec(_Strict):
    headers: list[str] = Field(min_length=1, description="header as the department writes it first, then other "
                                                         "spellings seen in exports")
    required: bool = Field(default=True, description="the file is refused when no header matches")
    values: dict[str, str | int] = Field(default_factory=dict, description="what people type -> contract value")
    stand_in: list[str] = Field(default_factory=list, description="headers read only when the file has none of the "
                                                                  "others (a looser name for the same field)")

    @model_validator(mode="after")
    def _stand_ins_are_headers(self):
        if not set(self.stand_in) <= set(self.headers):
            raise ValueError(f"stand_in {self.stand_in} must be among the headers")
        return self


class EventSpec(_Strict):
    type: str = Field(description="CloudEvents type, one of the department's events")
    fields: dict[str, str] = Field(default_factory=dict, description="data field -> column, where names differ")
    time: str = Field(description="date column; the business time is noon Asia/Shanghai of that day")
    key: list[str] = Field(min_length=1, description="columns that identify the event: same key, same event ID")


class LayoutSpec(_Strict):
    title: str
    columns: dict[str, ColumnSpec]
    event_by: str | None = Field(default=None, description="column whose value picks the event")
    events: dict[str, EventSpec] = Field(min_length=1, description="by value of event_by (one entry without it)")


class MappingFile(_Strict):
    layouts: dict[str, LayoutSpec] = Field(min_length=1)


def fold(text: str) -> str:
    """Header and code-value comparison form: NFKC, no blanks, no required-marker asterisks, no
    trailing unit 元 in brackets of any kind (amounts in 万元 are not yuan and must not match)."""
    text = re.sub(r"[\s*]", "", unicodedata.normalize("NFKC", str(text)))
    return YUAN_UNIT.sub("", text)


def in_wan_yuan(folded: str) -> str | None:
    """The header without its unit when a folded header says its amounts are in 万元, else None."""
    return WAN_UNIT.sub("", folded) if WAN_UNIT.search(folded) else None


def _code(text) -> str:
    # Coded values compare without case as well: c, Ｃ, ｃ级 and C级 are one grade (issue 15).
    return fold(text).upper()


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
        if self.codes and (mapped := self.codes.get(_code(raw) if isinstance(raw, str) else raw)) is not None:
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


def load_mapping(path: Path, event_models: tuple[type, ...]) -> dict[str, Layout]:
    """Raises MappingError naming the file and what does not fit."""
    try:
        spec = MappingFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise MappingError(f"{path}: {exc}") from None
    models = {m.model_fields["type"].annotation.__args__[0]: m for m in event_models}
    try:
        return {name: _compile(name, layout, models) for name, layout in spec.layouts.items()}
    except MappingError as exc:
        raise MappingError(f"{path}: {exc}") from None


def _compile(name: str, spec: LayoutSpec, models: dict[str, type]) -> Layout:
    kinds: dict[str, set[str]] = {}
    events = {}
    for label, ev in spec.events.items():
        if ev.type not in models:
            raise MappingError(f"layout {name}: {ev.type} is not an event of this department ({', '.join(models)})")
        model = models[ev.type]
        data_model = model.model_fields["data"].annotation
        data_fields = set(data_model.model_fields) - {"person"}
        for field in ev.fields:
            if field not in data_fields:
                raise MappingError(f"layout {name}, event {label}: {data_model.__name__} has no field {field}")
        data_cols = tuple((f, ev.fields.get(f, f)) for f in sorted(data_fields) if ev.fields.get(f, f) in spec.columns)
        person_cols = tuple((f, f) for f in PERSON_FIELDS if f in spec.columns)
        for field, info in data_model.model_fields.items():
            if field != "person" and info.is_required() and field not in dict(data_cols):
                raise MappingError(f"layout {name}, event {label}: no column fills the required field {field}")
        for field, col in data_cols:
            kinds.setdefault(col, set()).add(_kind(data_model.model_fields[field].annotation))
        for field, col in person_cols:
            kinds.setdefault(col, set()).add(field if field in ("resident_id", "birth_date") else
                                             _kind(Person.model_fields[field].annotation))
        for col in (ev.time, *ev.key):
            if col not in spec.columns:
                raise MappingError(f"layout {name}, event {label}: no column {col}")
        kinds.setdefault(ev.time, set()).add("date")
        events[fold(label)] = EventKind(label, model, ev.type, data_cols, person_cols, ev.time, tuple(ev.key))
    if spec.event_by is not None:
        kinds.setdefault(spec.event_by, set()).add("text")
    elif len(events) > 1:
        raise MappingError(f"layout {name}: several events need event_by, the column that tells them apart")
    for col in ("resident_id", "name"):
        if col not in spec.columns:
            raise MappingError(f"layout {name}: no column {col} (the person's {col})")
    columns = {}
    for col, cs in spec.columns.items():
        used = kinds.get(col, set())
        if not used and not any(col in e.key for e in events.values()):
            raise MappingError(f"layout {name}: column {col} fills no field")
        if len(used) > 1:
            raise MappingError(f"layout {name}: column {col} would be read as {' and '.join(sorted(used))}")
        preferred = [h for h in cs.headers if h not in cs.stand_in] + cs.stand_in
        columns[col] = Column(col, cs.headers[0], tuple(map(fold, preferred)), next(iter(used), "text"),
                              cs.required, {fold(k) if isinstance(k, str) else k: val for k, val in cs.values.items()},
                              _codes(cs.values))
    return Layout(name, spec.title, columns, spec.event_by, events)


def _codes(values: dict) -> dict:
    """What a cell may hold -> contract value: the mapping's typed forms, and the contract values
    themselves in any case (a file may write m where the mapping lists 男, c where it lists C级)."""
    typed = {_code(k) if isinstance(k, str) else k: val for k, val in values.items()}
    return {_code(val): val for val in values.values() if isinstance(val, str)} | typed


def _kind(annotation) -> str:
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        return _kind(next(a for a in get_args(annotation) if a is not type(None)))
    if origin is Annotated:
        return _kind(get_args(annotation)[0])
    if origin is Literal or annotation is str:
        return "text"
    kinds = {Decimal: "yuan", date: "date", int: "int"}
    if annotation not in kinds:
        raise MappingError(f"no reader for fields of type {annotation!r}")
    return kinds[annotation]

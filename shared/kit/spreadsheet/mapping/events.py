"""One event of a layout checked against its contract: the columns that fill its data and its
person, and the reader kind each of those columns needs."""
from shared.contracts.types import Person
from shared.kit.spreadsheet.mapping.field_kinds import field_kind
from shared.kit.spreadsheet.mapping.layout import EventKind
from shared.kit.spreadsheet.mapping.spec import EventSpec, LayoutSpec, MappingError

PERSON_FIELDS = tuple(Person.model_fields)


def compile_event(name: str, label: str, ev: EventSpec, spec: LayoutSpec, models: dict[str, type],
                  kinds: dict[str, set[str]]) -> EventKind:
    """Adds to `kinds` (column -> reader kinds) what this event reads; raises MappingError."""
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
        kinds.setdefault(col, set()).add(field_kind(data_model.model_fields[field].annotation))
    for field, col in person_cols:
        kinds.setdefault(col, set()).add(field if field in ("resident_id", "birth_date") else
                                         field_kind(Person.model_fields[field].annotation))
    for col in (ev.time, *ev.key):
        if col not in spec.columns:
            raise MappingError(f"layout {name}, event {label}: no column {col}")
    kinds.setdefault(ev.time, set()).add("date")
    return EventKind(label, model, ev.type, data_cols, person_cols, ev.time, tuple(ev.key))

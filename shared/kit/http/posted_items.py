"""Validation of events a department system posts: every item checked, every error reported."""
from functools import cache
from typing import Annotated, Union

from pydantic import Field, TypeAdapter, ValidationError

from shared.kit.department import Department
from shared.resident_id import InvalidResidentId, normalise
from shared.sources import source_problem

MAX_BATCH = 1000
MAX_EVENT_BYTES = 900_000  # under Kafka's default 1 MiB message limit, with room for the envelope


class ItemRefused(ValueError):
    """An item the contracts accept that this service still refuses; `loc` says where in the item."""

    def __init__(self, loc: list, msg: str):
        super().__init__(msg)
        self.loc, self.msg = loc, msg


@cache
def _adapter(models: tuple[type, ...]) -> TypeAdapter:
    if len(models) == 1:
        return TypeAdapter(models[0])
    return TypeAdapter(Annotated[Union[models], Field(discriminator="type")])


def validate_items(department: Department, body) -> tuple[list, list[dict]]:
    """Returns (events, errors); errors are {index, errors: [{loc, msg}]} for each bad item.

    The resident ID is checked here too, so the sender hears of a bad check character at
    once instead of finding it later in the monitor's dead-letter topic. An event without
    one (the department does not know it) is accepted: the monitor matches it by name,
    gender, birth date and village.
    """
    items = body if isinstance(body, list) else [body]
    if not items:
        return [], [{"index": None, "errors": [{"loc": [], "msg": "empty batch"}]}]
    if len(items) > MAX_BATCH:
        return [], [{"index": None, "errors": [{"loc": [], "msg": f"at most {MAX_BATCH} events per request"}]}]
    adapter = _adapter(department.event_models)
    events, errors = [], []
    for i, item in enumerate(items):
        try:
            events.append(_checked(department, adapter, item))
        except ValidationError as exc:
            errors.append({"index": i, "errors": [{"loc": list(e["loc"]), "msg": e["msg"]}
                                                  for e in exc.errors(include_url=False, include_input=False)]})
        except ItemRefused as exc:
            errors.append({"index": i, "errors": [{"loc": exc.loc, "msg": exc.msg}]})
        except RecursionError:
            errors.append({"index": i, "errors": [{"loc": [], "msg": "nested too deeply"}]})
    return events, errors


def _checked(department: Department, adapter: TypeAdapter, item):
    """The item as an event; raises ValidationError, or ItemRefused for a source that is not the
    department's (shared.sources), an invalid resident ID or an event too large."""
    event = adapter.validate_python(item)
    if problem := source_problem(event.source, department.code):
        raise ItemRefused(["source"], f"{problem}: this service sends only {department.code}'s events")
    if event.data.person.resident_id is not None:
        try:
            normalise(event.data.person.resident_id)
        except InvalidResidentId as exc:
            raise ItemRefused(["data", "person", "resident_id"], f"{exc}; correct it, or leave resident_id out "
                              "and the monitor matches by name, gender, birth date and village") from None
    size = len(event.model_dump_json().encode())
    if size > MAX_EVENT_BYTES:
        raise ItemRefused([], f"event is {size:,} bytes; at most {MAX_EVENT_BYTES:,}")
    return event

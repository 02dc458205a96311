"""Which reader a contract field's type calls for: text, yuan, date or int."""
import types
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal, Union, get_args, get_origin

from shared.kit.spreadsheet.mapping.spec import MappingError

KINDS = {Decimal: "yuan", date: "date", int: "int"}


def field_kind(annotation) -> str:
    """Raises MappingError for a type no cell reader fills."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        return field_kind(next(a for a in get_args(annotation) if a is not type(None)))
    if origin is Annotated:
        return field_kind(get_args(annotation)[0])
    if origin is Literal or annotation is str:
        return "text"
    if annotation not in KINDS:
        raise MappingError(f"no reader for fields of type {annotation!r}")
    return KINDS[annotation]

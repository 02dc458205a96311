"""What switches a factor on and off, as the policy file declares it.

A plain on/off factor names the events that raise and clear it (`raised_by`, `cleared_by`), each
optionally with a condition on the event's data (`when: {grade: [C, D]}`) and the data field
whose amount in yuan the raised factor keeps (`amount: monthly_amount_yuan`). A factor that needs
arithmetic (a burden against income, an age) is `computed_by` one of the conditional rules in
services/monitor/rules/conditional.py; COMPUTED says which factors each of them sets.
Unknown event types, fields, values and rules are refused when the policy is loaded.
"""
import re
from decimal import Decimal
from typing import Annotated, Literal, get_args, get_origin

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, TypeAdapter, ValidationError,
                      model_validator)


ComputedBy = Literal["medical_burden", "job_loss", "dropout_by_age", "working_member_lost", "income_below_line"]
COMPUTED: dict[str, tuple[str, ...]] = {
    "medical_burden": ("medical_burden_over_income", "medical_burden_over_half_income", "medical_burden_attention"),
    "job_loss": ("main_earner_job_lost", "member_job_lost"),
    "dropout_by_age": ("dropout",),
    "working_member_lost": ("worker_died", "worker_disabled"),
    "income_below_line": ("income_below_line",),
}


class Trigger(BaseModel):
    """One event type (CloudEvents `type`) that raises or clears a factor."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    event: str
    when: dict[str, list[str]] = Field(default_factory=dict, description="data field -> the values it must have "
                                       "(a coded field, Literal, and at least one of its values)")
    amount: str | None = Field(default=None, description="data field, in yuan (Decimal), kept with the raised factor")

    @model_validator(mode="after")
    def _known(self):
        from shared.contracts.catalog import event_types  # discovered when a policy is read, not at import

        known = event_types()
        if self.event not in known:
            raise ValueError(f"unknown event type {self.event!r}; known: {', '.join(sorted(known))}")
        fields = known[self.event].model_fields["data"].annotation.model_fields
        for name, values in self.when.items():
            _check_values(self.event, fields, name, values)
        if self.amount is not None:
            _check_amount(self.event, fields, self.amount)
        return self

    def overlaps(self, other: "Trigger") -> bool:
        """True when one event could match both: the same type, and no field that both
        conditions name with values apart."""
        return self.event == other.event and all(
            set(values) & set(other.when[name]) for name, values in self.when.items() if name in other.when)

    def matches(self, event) -> bool:
        """True when `event` is of this type and its data has the values `when` asks for."""
        return event.type == self.event and all(str(getattr(event.data, f)) in v for f, v in self.when.items())

    def amount_of(self, event) -> Decimal | None:
        return getattr(event.data, self.amount) if self.amount else None


def _literal_of(annotation) -> tuple | None:
    """The values of a coded field (Literal, possibly Annotated with a validator); None otherwise."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return get_args(annotation) if get_origin(annotation) is Literal else None


def _check_values(event: str, fields: dict, name: str, values: list[str]) -> None:
    if name not in fields:
        raise ValueError(f"{event} has no field {name!r} in its data")
    if not values:
        raise ValueError(f"{event}: when.{name} needs at least one value, or the factor never matches")
    if _literal_of(fields[name].annotation) is None:
        raise ValueError(f"{event}: {values[0]!r} is not a value of {name}: {name} is not a coded field (a Literal), "
                         "and `when` compares coded values only")
    adapter = TypeAdapter(fields[name].annotation)
    for value in values:
        try:
            if str(adapter.validate_python(value)) != value:
                raise ValueError
        except (ValidationError, ValueError):
            raise ValueError(f"{event}: {value!r} is not a value of {name}") from None


def _check_amount(event: str, fields: dict, name: str) -> None:
    if name not in fields:
        raise ValueError(f"{event} has no amount field {name!r} in its data")
    if fields[name].annotation is not Decimal:
        raise ValueError(f"{event} has no amount field {name!r} in its data: {name} is not an amount in yuan "
                         "(a Decimal field such as Yuan)")


def _shorthand(value):
    return {"event": value} if isinstance(value, str) else value


TriggerItem = Annotated[Trigger, BeforeValidator(_shorthand)]


class Explain(BaseModel):
    """How the factor reads in an alert's explanation, in Chinese and in English."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    zh: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2)]
    en: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3)]

    @model_validator(mode="after")
    def _zh_is_chinese(self):
        if not CJK.search(self.zh):
            raise ValueError("zh must be written in Chinese")
        return self


CJK = re.compile(r"[\u4e00-\u9fff]")

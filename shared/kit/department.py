"""What a department folder declares: its code and how to simulate its monthly events."""
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from random import Random

from shared.contracts.catalog import DEPARTMENT_EVENTS
from shared.kit.people import SimPerson

# (people, rng, month_start, count) -> events of this department for the demo simulator
Simulator = Callable[[list[SimPerson], Random, object, int], Iterator[object]]


@dataclass(frozen=True)
class Department:
    code: str  # lower_snake_case; names its schema and topics
    name_zh: str
    simulate: Simulator
    http_port: int

    @property
    def source(self) -> str:
        return f"/kashgar/{self.code}"

    @property
    def event_models(self) -> tuple[type, ...]:
        return DEPARTMENT_EVENTS[self.code]

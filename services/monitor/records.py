"""What the monitor's core knows of a consumed record, and what decoding makes of it."""
from dataclasses import dataclass

from shared.contracts.catalog import TASK_STATUS
from shared.resident_id import NormalisedId


@dataclass(frozen=True)
class InboundRecord:
    """One record of a department events topic, as the core needs it (no Kafka client type).
    `timestamp` is the broker's, in milliseconds since the epoch; `headers` (name, bytes) pairs."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[str, bytes], ...] = ()
    timestamp: int = 0


@dataclass(frozen=True)
class Decoded:
    record: InboundRecord
    department: str
    event: object  # a CloudEvent subclass from shared.contracts
    resident_id: NormalisedId | None  # None for task status events and unusable IDs
    link: object | None = None  # the contracts Link (method, score, compared fields) once matched
    id_problem: str | None = None  # why the ID as sent cannot be looked up, e.g. "resident_id missing"

    @property
    def is_task_status(self) -> bool:
        return isinstance(self.event, TASK_STATUS)

    @property
    def person_ref(self) -> str:
        """This record's key in a batch's person lookups: the normalised ID, else the event's own ID."""
        return self.resident_id.value if self.resident_id is not None else f"event:{self.event.id}"


@dataclass(frozen=True)
class Rejected:
    """A record to dead-letter, with the reason."""

    record: InboundRecord
    reason: str

"""Turn one Kafka record into a validated department event, or a reason to dead-letter it.

Each record is validated on its own so that one bad record never rejects a batch
(STACK_NOTES.md: FastStream's batch validation would fail the whole list).
"""
from dataclasses import dataclass

from aiokafka.structs import ConsumerRecord
from pydantic import ValidationError

from shared import topics
from shared.contracts.catalog import TASK_STATUS, any_department_event_adapter
from shared.resident_id import InvalidResidentId, NormalisedId, normalise

MAX_REASON = 1000


@dataclass(frozen=True)
class Decoded:
    record: ConsumerRecord
    department: str
    event: object  # a CloudEvent subclass from shared.contracts
    resident_id: NormalisedId | None  # None for task status events
    link: object | None = None  # a contracts Link when not matched by ID (manual or probabilistic)

    @property
    def is_task_status(self) -> bool:
        return self.resident_id is None


@dataclass(frozen=True)
class Rejected:
    record: ConsumerRecord
    reason: str


def _validation_reason(exc: ValidationError) -> str:
    first = exc.errors(include_url=False, include_input=False)
    if first and first[0]["type"] == "json_invalid":
        return f"not valid JSON: {first[0]['msg']}"
    parts = [f"{'.'.join(str(p) for p in e['loc']) or '(root)'}: {e['msg']}" for e in first[:5]]
    more = f" (+{len(first) - 5} more)" if len(first) > 5 else ""
    return ("invalid event: " + "; ".join(parts) + more)[:MAX_REASON]


def decode(record: ConsumerRecord) -> Decoded | Rejected:
    """Validate against the contracts; the topic must belong to the event's department.
    Never raises: anything unexpected about one record dead-letters that record only."""
    try:
        return _decode(record)
    except Exception as exc:  # noqa: BLE001 - one bad record must not fail the batch
        return Rejected(record, f"could not decode record ({type(exc).__name__})")


def _decode(record: ConsumerRecord) -> Decoded | Rejected:
    department = topics.department_of(record.topic)
    if department is None:
        return Rejected(record, f"topic {record.topic} is not a department events topic")
    if not record.value:
        return Rejected(record, "empty message")
    try:
        event = any_department_event_adapter().validate_json(record.value)
    except ValidationError as exc:
        return Rejected(record, _validation_reason(exc))
    if isinstance(event, TASK_STATUS):
        if event.data.department != department:
            return Rejected(record, f"task status for {event.data.department} sent on {record.topic}")
        return Decoded(record, department, event, None)
    if not event.type.startswith(f"cn.kashgar.{department}."):
        return Rejected(record, f"event type {event.type} is not allowed on {record.topic}")
    try:
        rid = normalise(event.data.person.resident_id)
    except InvalidResidentId as exc:
        return Rejected(record, f"invalid resident_id ({exc.reason}): {exc}")
    return Decoded(record, department, event, rid)

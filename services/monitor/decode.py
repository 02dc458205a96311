"""Turn one Kafka record into a validated department event, or a reason to dead-letter it.

Each record is validated on its own so that one bad record never rejects a batch
(STACK_NOTES.md: FastStream's batch validation would fail the whole list).
"""
from pydantic import ValidationError

from services.monitor.records import Decoded, InboundRecord, Rejected
from shared import topics
from shared.contracts.catalog import TASK_STATUS, any_department_event_adapter
from shared.resident_id import InvalidResidentId, NormalisedId, normalise
from shared.sources import source_problem

MAX_REASON = 1000


def _validation_reason(exc: ValidationError) -> str:
    first = exc.errors(include_url=False, include_input=False)
    if first and first[0]["type"] == "json_invalid":
        return f"not valid JSON: {first[0]['msg']}"
    parts = [f"{'.'.join(str(p) for p in e['loc']) or '(root)'}: {e['msg']}" for e in first[:5]]
    more = f" (+{len(first) - 5} more)" if len(first) > 5 else ""
    return ("invalid event: " + "; ".join(parts) + more)[:MAX_REASON]


def read_resident_id(raw: str | None) -> tuple[NormalisedId | None, str | None]:
    """(normalised ID, None) or (None, why it is unusable). An unusable ID does not reject the
    event: the probabilistic matcher links it by name, sex, birth date and village (DESIGN.md section 4)."""
    if raw is None or not raw.strip():
        return None, "resident_id missing"
    try:
        return normalise(raw), None
    except InvalidResidentId as exc:
        return None, f"invalid resident_id ({exc.reason}): {exc}"


def decode(record: InboundRecord) -> Decoded | Rejected:
    """Validate against the contracts; the topic must belong to the event's department, and so
    must its `source` (shared.sources) and, for a task status, the task's department.
    Never raises: anything unexpected about one record dead-letters that record only."""
    try:
        return _decode(record)
    except Exception as exc:  # noqa: BLE001 - one bad record must not fail the batch
        return Rejected(record, f"could not decode record ({type(exc).__name__})")


def _decode(record: InboundRecord) -> Decoded | Rejected:
    department = topics.department_of(record.topic)
    if department is None:
        return Rejected(record, f"topic {record.topic} is not a department events topic")
    if not record.value:
        return Rejected(record, "empty message")
    try:
        event = any_department_event_adapter().validate_json(record.value)
    except ValidationError as exc:
        return Rejected(record, _validation_reason(exc))
    if problem := source_problem(event.source, department):
        return Rejected(record, f"{problem}: refused on {record.topic}, {department}'s topic")
    if isinstance(event, TASK_STATUS):
        if event.data.department != department:
            return Rejected(record, f"task status for {event.data.department} sent on {record.topic}")
        return Decoded(record, department, event, None)
    if not event.type.startswith(f"cn.kashgar.{department}."):
        return Rejected(record, f"event type {event.type} is not allowed on {record.topic}")
    rid, problem = read_resident_id(event.data.person.resident_id)
    return Decoded(record, department, event, rid, id_problem=problem)

"""A task from the monitor's task topic of a department: validated and kept, or dead-lettered
with its reason; a record the Kafka client cannot decode is dead-lettered with its bytes
(receive_unreadable). A database outage is waited out for as long as it lasts (the partition
waits with it), for keeping the task and for writing its dead letter alike: the task consumer
(shared/kit/service/task_consumer.py) commits the offset after the handler even when the handler
raises, so a failure that escaped here would drop the task. A task the database refuses is
dead-lettered; so is a task not from the monitor's task topic for the department or without the
monitor's source (parse_task), and nothing of it is kept; a redelivered task is kept once
(store_task ignores a task ID it has)."""
import asyncpg
import structlog
from aiokafka import ConsumerRecord
from aiokafka.structs import TopicPartition
from pydantic import ValidationError

from shared import topics
from shared.contracts import monitor as m
from shared.deadletter import dead_letter
from shared.kafka_raw.records import RawRecord
from shared.kafka_raw.unreadable import as_consumer_record, unreadable_reason
from shared.kit.department import Department
from shared.kit.store.protocol import DepartmentStore
from shared.retry import Backoff, retry
from shared.sources import MONITOR, source_problem

log = structlog.get_logger(__name__)
TASK_STORE_BACKOFF = Backoff(first_s=0.2, cap_s=10)


def parse_task(topic: str, body: bytes, department: str) -> m.AssistanceTaskAssigned:
    """The task in `body`, read from `topic`. Raises ValueError (pydantic's ValidationError is one)
    for a record not on the monitor's task topic for `department`, an invalid task, a task whose
    source is not the monitor's (shared.sources) or another department's task."""
    if topic != (expected := topics.tasks_topic(department)):
        raise ValueError(f"record on {topic}: {department} takes tasks only from {expected}")
    event = m.AssistanceTaskAssigned.model_validate_json(body)
    if problem := source_problem(event.source, MONITOR):
        raise ValueError(f"task not from the monitor: {problem}")
    if event.data.department != department:
        raise ValueError(f"task for {event.data.department} on {department}'s task topic")
    return event


def invalid_reason(exc: ValueError) -> str:
    if isinstance(exc, ValidationError):
        return f"invalid task: {exc.errors(include_url=False, include_input=False)[:3]}"
    return str(exc)


async def receive_task(store: DepartmentStore, dept: Department, record: ConsumerRecord) -> None:
    """Keep the task in `record` (its value as bytes, decoded here so that a bad one is dead-lettered)."""
    try:
        event = parse_task(record.topic, record.value or b"", dept.code)
    except ValueError as exc:
        await _waiting_out_outages(lambda: store.dead_letter(dead_letter(record, invalid_reason(exc)[:1000],
                                                                         dept.source)), "task dead letter")
        log.error("task_dead_lettered", offset=record.offset)
        return
    try:
        new = await _waiting_out_outages(lambda: store.store_task(event), "task store")
    except (asyncpg.PostgresError, asyncpg.DataError) as exc:  # not transient: refused, not away
        reason = f"task refused by the database: {type(exc).__name__}"
        await _waiting_out_outages(lambda: store.dead_letter(dead_letter(record, reason, dept.source)),
                                   "task dead letter")
        log.error("task_dead_lettered", offset=record.offset, error=type(exc).__name__)
        return
    log.info("task_received", task_id=event.data.task_id, household_id=event.data.household_id,
             task_type=event.data.task_type, new=new)


async def receive_unreadable(store: DepartmentStore, dept: Department, tp: TopicPartition, raw: RawRecord) -> None:
    """Dead-letter `raw`, a record of `tp` the Kafka client cannot decode (its `problem` set), with
    its key, value and headers as bytes (shared.kafka_raw)."""
    message = dead_letter(as_consumer_record(tp, raw), unreadable_reason(raw), dept.source, list(raw.headers))
    await _waiting_out_outages(lambda: store.dead_letter(message), "task dead letter")
    log.error("task_dead_lettered", offset=raw.offset, error="unreadable")


async def _waiting_out_outages(operation, what: str):
    """`operation()`, retried for as long as the failure is transient (shared.retry)."""
    return await retry(operation, what=what, backoff=TASK_STORE_BACKOFF, log_event="task_store_retry")

"""The department's task intake: its task topic consumed with aiokafka directly, each task kept
(or dead-lettered) by receive_task, then its partition's offset committed: at least once, and
store_task keeps a redelivered task once.

Not a FastStream subscriber: FastStream's consume loop (faststream 0.7,
kafka/subscriber/usecase.py `_run_consume_loop`) catches only KafkaError from the poll, so a record
the client cannot decode (a header name that is not UTF-8 raises UnicodeDecodeError) ended the
subscriber for good, and a restart met the record again (issue 14, part 1). Here a failed poll
that is not a transient broker failure is searched as bytes (shared.kafka_raw.unreadable): the
records up to the end of that record's batch are taken here, the unreadable one dead-lettered with
its bytes, and the offset after the batch committed; everything else is polled as always.
"""
import asyncio
from collections.abc import Awaitable

import structlog
from aiokafka import AIOKafkaConsumer
from aiokafka.errors import KafkaError

from shared import topics
from shared.kafka_raw.fetch import RawReader
from shared.kafka_raw.unreadable import as_consumer_record, skip_span, unreadable_spans
from shared.kit.department import Department
from shared.kit.service.receive_task import receive_task, receive_unreadable
from shared.kit.store.protocol import DepartmentStore
from shared.retry import Backoff, is_transient, stopped_during
from shared.kafka_security import client_options

log = structlog.get_logger(__name__)
POLL_BACKOFF = Backoff(first_s=0.5, cap_s=10)  # a failed poll: the broker away, or a record not found


def build_task_consumer(bootstrap: str, dept: Department) -> AIOKafkaConsumer:
    """The consumer of `dept`'s task topic, in the group the FastStream subscriber had (its
    committed offsets stay valid); offsets are committed by run_task_consumer only."""
    return AIOKafkaConsumer(topics.tasks_topic(dept.code), **client_options(bootstrap),
                            group_id=topics.group(f"{dept.code}-tasks"), client_id=f"{dept.code}-service",
                            enable_auto_commit=False, auto_offset_reset="earliest")


async def run_task_consumer(consumer: AIOKafkaConsumer, reader: RawReader, store: DepartmentStore, dept: Department,
                            stop: asyncio.Event) -> None:
    """Until `stop`: poll, keep each task, commit. A failed poll is retried with POLL_BACKOFF;
    unless the broker is away (transient), a record the client cannot decode is looked for and
    dead-lettered (_after_failed_poll). Cancelled mid-task, nothing of that batch is committed."""
    failures = 0
    while not stop.is_set():
        try:
            batches = await consumer.getmany(timeout_ms=500)
        except Exception as exc:  # noqa: BLE001 - nothing a record contains may stop the intake
            found = await _after_failed_poll(exc, consumer, reader, store, dept)
            failures = 0 if found else failures + 1
            if failures and await stopped_during(stop, POLL_BACKOFF.delay_s(failures)):
                return
            continue
        failures = 0
        for tp, records in batches.items():
            for record in records:
                await _handled(receive_task(store, dept, record), record.offset)
            await _commit(consumer, {tp: records[-1].offset + 1})


async def _after_failed_poll(exc: Exception, consumer: AIOKafkaConsumer, reader: RawReader, store: DepartmentStore,
                             dept: Department) -> bool:
    """True when the failed poll met records the client cannot decode, now dead-lettered, the
    readable tasks of their batches kept, and the consumer past them."""
    if is_transient(exc):
        log.warning("poll_failed", error=type(exc).__name__)
        return False
    log.error("poll_unreadable_record", error=type(exc).__name__)
    try:
        spans = await unreadable_spans(consumer, reader)
    except Exception as search:  # noqa: BLE001 - the broker went away meanwhile: tried again after the backoff
        log.warning("unreadable_search_failed", error=type(search).__name__)
        return False
    for tp, span in spans.items():
        for raw in span:
            taking = receive_unreadable(store, dept, tp, raw) if raw.problem else \
                receive_task(store, dept, as_consumer_record(tp, raw))
            await _handled(taking, raw.offset)
        await skip_span(consumer, tp, span, log)
    return bool(spans)


async def _handled(taking: Awaitable[None], offset: int) -> None:
    """Await receive_task or receive_unreadable, which wait out outages and dead-letter what they
    cannot keep; what still escapes them (a dead letter the database refuses) is logged and the
    offset committed, as FastStream's ACK policy did, so that one record cannot stop the intake."""
    try:
        await taking
    except Exception as exc:  # noqa: BLE001 - see above
        log.error("task_handler_failed", offset=offset, error=type(exc).__name__)


async def _commit(consumer: AIOKafkaConsumer, offsets: dict) -> None:
    try:
        await consumer.commit(offsets)
    except KafkaError as exc:  # a rebalance or the broker away: the next commit covers it, store_task dedups
        log.warning("commit_failed", error=type(exc).__name__, partitions=len(offsets))

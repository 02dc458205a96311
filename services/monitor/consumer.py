"""The monitor's consume loop: poll a batch, process it in one transaction, then commit offsets.

aiokafka is used directly here (not a FastStream subscriber) because the monitor must commit
exactly the offsets it processed, per partition, after the database commit: FastStream's batch
`ack()` commits every assigned partition's position and its batch validation fails the whole
list on one bad record (STACK_NOTES.md).

Nothing one record contains may stop this loop: transient failures (database or broker down)
are retried with backoff; any other failure is narrowed to the record that causes it, which is
dead-lettered with the reason.
"""
import asyncio

import asyncpg
import structlog
from aiokafka import AIOKafkaConsumer
from aiokafka.errors import CommitFailedError, KafkaError
from aiokafka.structs import ConsumerRecord

from services.monitor import metrics, repository as repo
from services.monitor.messages import SOURCE
from services.monitor.pipeline import BatchResult, process_batch
from services.monitor.policy import Policy
from shared import topics
from shared.deadletter import dead_letter
from shared.outbox import enqueue
from shared.retry import Backoff, RetryStopped, is_transient, retry

log = structlog.get_logger(__name__)
GROUP_ID = "monitor"
# Wait out an outage of the database for as long as it lasts (the offsets wait with it).
BACKOFF = Backoff(first_s=0.2, cap_s=10)


def build_consumer(bootstrap: str, *, max_records: int = 2000) -> AIOKafkaConsumer:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=topics.group(GROUP_ID), enable_auto_commit=False,
        auto_offset_reset="earliest", max_poll_records=max_records,
        metadata_max_age_ms=5000,  # pick up a new department's topic within seconds
        max_poll_interval_ms=300_000,
    )
    consumer.subscribe(pattern=topics.DEPARTMENT_EVENTS_PATTERN)
    return consumer


async def _in_transaction(pool: asyncpg.Pool, work):
    async with pool.acquire() as conn, conn.transaction():
        return await work(conn)


def _worth_retrying(exc: BaseException) -> bool:
    """Transient (shared.retry), or a unique violation: another instance processed one of these
    events concurrently, and on retry it is filtered as a duplicate."""
    return is_transient(exc) or isinstance(exc, asyncpg.UniqueViolationError)


async def _retrying(pool: asyncpg.Pool, work, stop: asyncio.Event, what: str):
    """Run `work(conn)` in a transaction, retrying transient failures; None when stopping."""
    try:
        return await retry(lambda: _in_transaction(pool, work), what=what, backoff=BACKOFF,
                           retry_if=_worth_retrying, stop=stop, log_event="batch_retry")
    except RetryStopped:
        return None


async def _dead_letter_one(conn: asyncpg.Connection, record: ConsumerRecord, reason: str) -> BatchResult:
    await repo.record_dead_letters(conn, rows=[repo.DeadLetterRow(record.topic, record.partition, record.offset, reason)])
    await enqueue(conn, "monitor", [dead_letter(record, reason, SOURCE)])
    result = BatchResult()
    result.counts["dead_lettered"] += 1
    return result


async def process_records(pool: asyncpg.Pool, records: list, policy: Policy, secret: str,
                          stop: asyncio.Event) -> BatchResult | None:
    """The whole batch in one transaction; if it fails for a reason that is not transient, each
    record alone, so that only the record that fails is dead-lettered. None when stopping."""
    try:
        return await _retrying(pool, lambda c: process_batch(c, records, policy, secret), stop, "batch")
    except Exception as exc:  # noqa: BLE001 - narrowed below, never fatal
        log.error("batch_failed_isolating", error=type(exc).__name__, records=len(records))
    total = BatchResult()
    for record in records:
        try:
            one = await _retrying(pool, lambda c: process_batch(c, [record], policy, secret), stop, "record")
        except Exception as exc:  # noqa: BLE001
            reason = f"processing failed: {type(exc).__name__}"
            log.error("record_dead_lettered", topic=record.topic, partition=record.partition, offset=record.offset,
                      error=type(exc).__name__)
            one = await _retrying(pool, lambda c: _dead_letter_one(c, record, reason), stop, "dead letter")
        if one is None:
            return None
        total.counts.update(one.counts)
        total.alerts += one.alerts
    return total


async def _skip_unreadable(consumer: AIOKafkaConsumer, pool: asyncpg.Pool, stop: asyncio.Event) -> None:
    """The client itself could not parse a record (e.g. a header key that is not UTF-8). Find the
    partition, dead-letter a note of the offset, and move past it: the bytes cannot be read."""
    for tp in sorted(consumer.assignment()):
        try:
            # Long enough for a fresh fetch of this partition (the broker waits up to 500 ms).
            await consumer.getmany(tp, timeout_ms=2000, max_records=1)
        except KafkaError:
            continue
        except Exception as exc:  # noqa: BLE001
            offset = await consumer.position(tp)
            record = ConsumerRecord(tp.topic, tp.partition, offset, 0, 0, None, None, None, 0, 0, [])
            reason = f"unreadable record ({type(exc).__name__}: headers or framing the client cannot decode)"
            await _retrying(pool, lambda c: _dead_letter_one(c, record, reason), stop, "dead letter")
            consumer.seek(tp, offset + 1)
            await consumer.commit({tp: offset + 1})
            log.error("record_unreadable_skipped", topic=tp.topic, partition=tp.partition, offset=offset)
            return
        else:
            # Records read while probing are not lost: nothing was committed, so rewind to them.
            consumer.seek(tp, (await consumer.committed(tp)) or 0)


async def run_consumer(consumer: AIOKafkaConsumer, pool: asyncpg.Pool, policy: Policy, secret: str,
                       stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            batches = await consumer.getmany(timeout_ms=500)
        except KafkaError as exc:
            log.warning("poll_failed", error=type(exc).__name__)
            await asyncio.sleep(1)
            continue
        except Exception as exc:  # noqa: BLE001 - a record the client cannot parse
            log.error("poll_unreadable_record", error=type(exc).__name__)
            await _skip_unreadable(consumer, pool, stop)
            continue
        records = [r for rs in batches.values() for r in rs]
        if not records:
            continue
        result = await process_records(pool, records, policy, secret, stop)
        if result is None:
            return  # stopping mid-retry: offsets stay uncommitted, the batch is redelivered
        metrics.observe_batch(result.counts, len(records))
        for alert in result.alerts:
            log.info("alert_raised", alert_id=alert.alert_id, household_id=alert.household_id, alert_level=alert.level,
                     factors=[f.code for f in alert.factors])
        offsets = {tp: rs[-1].offset + 1 for tp, rs in batches.items()}
        try:
            await consumer.commit(offsets)
        except (CommitFailedError, KafkaError) as exc:
            # A rebalance took the partitions: the next owner re-reads them and the database dedups.
            log.warning("commit_failed", error=type(exc).__name__, partitions=len(offsets))

"""Run a batch in one database transaction, retrying transient failures; if it fails for another
reason, each record alone, so that only the record that fails is dead-lettered. Nothing one record
contains may stop the consumer (services/monitor/consumer.py)."""
import asyncio

import asyncpg
import structlog

from services.monitor.batch import process_batch
from services.monitor.batch_result import BatchResult
from services.monitor.db_dead_letters import dead_letter_row
from services.monitor.messages import SOURCE
from services.monitor.policy import Policy
from services.monitor.ports import BatchStore
from services.monitor.records import InboundRecord
from services.monitor.store import PgStore
from shared.deadletter import dead_letter
from shared.retry import Backoff, RetryStopped, is_transient, retry

log = structlog.get_logger("services.monitor.consumer")  # the consumer's log, as before the split
# Wait out an outage of the database for as long as it lasts (the offsets wait with it).
BACKOFF = Backoff(first_s=0.2, cap_s=10)


def inbound(record) -> InboundRecord:
    """A Kafka client's record (aiokafka ConsumerRecord) as the core's InboundRecord."""
    return InboundRecord(record.topic, record.partition, record.offset, record.key, record.value,
                         tuple(record.headers or ()), record.timestamp)


async def _in_transaction(pool: asyncpg.Pool, work):
    async with pool.acquire() as conn, conn.transaction():
        return await work(conn)


def _worth_retrying(exc: BaseException) -> bool:
    """Transient (shared.retry), or a unique violation: another instance processed one of these
    events concurrently, and on retry it is filtered as a duplicate."""
    return is_transient(exc) or isinstance(exc, asyncpg.UniqueViolationError)


async def retrying(pool: asyncpg.Pool, work, stop: asyncio.Event, what: str):
    """Run `work(conn)` in a transaction, retrying transient failures; None when stopping."""
    try:
        return await retry(lambda: _in_transaction(pool, work), what=what, backoff=BACKOFF,
                           retry_if=_worth_retrying, stop=stop, log_event="batch_retry")
    except RetryStopped:
        return None


async def dead_letter_one(store: BatchStore, record: InboundRecord, reason: str,
                          raw_headers: list[tuple[bytes, bytes | None]] | None = None) -> BatchResult:
    """`raw_headers`: shared.deadletter.dead_letter's, for a record whose headers the client could not decode."""
    row = dead_letter_row(record, reason)
    if raw_headers is not None:  # the names the client could not decode, kept as bytes for a re-drive
        row = row._replace(headers=tuple(raw_headers))
    await store.record_dead_letters([row])
    message = [dead_letter(record, reason, SOURCE, raw_headers)]
    await store.enqueue(message)
    result = BatchResult()
    result.dead_lettered([reason])
    result.emitted(message)
    return result


async def process_records(pool: asyncpg.Pool, records: list, policy: Policy, secret: str,
                          stop: asyncio.Event) -> BatchResult | None:
    """`records`: the Kafka client's (converted here). The whole batch in one transaction, else each
    record alone. None when stopping."""
    return await process_inbound(pool, [inbound(r) for r in records], policy, secret, stop)


async def process_inbound(pool: asyncpg.Pool, records: list[InboundRecord], policy: Policy, secret: str,
                          stop: asyncio.Event) -> BatchResult | None:
    """process_records of records already converted."""
    if not records:
        return BatchResult()
    try:
        return await retrying(pool, lambda c: process_batch(PgStore(c), records, policy, secret), stop, "batch")
    except Exception as exc:  # noqa: BLE001 - narrowed below, never fatal
        log.error("batch_failed_isolating", error=type(exc).__name__, records=len(records))
    total = BatchResult()
    for record in records:
        try:
            one = await retrying(pool, lambda c: process_batch(PgStore(c), [record], policy, secret), stop, "record")
        except Exception as exc:  # noqa: BLE001
            reason = f"processing failed: {type(exc).__name__}"
            log.error("record_dead_lettered", topic=record.topic, partition=record.partition, offset=record.offset,
                      error=type(exc).__name__)
            one = await retrying(pool, lambda c: dead_letter_one(PgStore(c), record, reason), stop, "dead letter")
        if one is None:
            return None
        total.add(one)
    return total

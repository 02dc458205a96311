"""The monitor's consume loop: poll a batch, process it in one transaction, then commit offsets.

aiokafka is used directly here (not a FastStream subscriber) because the monitor must commit
exactly the offsets it processed, per partition, after the database commit: FastStream's batch
`ack()` commits every assigned partition's position and its batch validation fails the whole
list on one bad record (STACK_NOTES.md).
"""
import asyncio

import asyncpg
import structlog
from aiokafka import AIOKafkaConsumer
from aiokafka.errors import CommitFailedError, KafkaError

from services.monitor import metrics
from services.monitor.pipeline import process_batch
from services.monitor.policy import Policy
from shared import topics

log = structlog.get_logger(__name__)
GROUP_ID = "monitor"


def build_consumer(bootstrap: str, *, max_records: int = 2000) -> AIOKafkaConsumer:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=topics.group(GROUP_ID), enable_auto_commit=False,
        auto_offset_reset="earliest", max_poll_records=max_records,
        metadata_max_age_ms=5000,  # pick up a new department's topic within seconds
        max_poll_interval_ms=300_000,
    )
    consumer.subscribe(pattern=topics.DEPARTMENT_EVENTS_PATTERN)
    return consumer


async def _process_with_retry(pool: asyncpg.Pool, records: list, policy: Policy, secret: str, stop: asyncio.Event):
    """Retry the same batch on transient database errors; never skip a record."""
    backoff = 0.2
    while True:
        try:
            async with pool.acquire() as conn, conn.transaction():
                return await process_batch(conn, records, policy, secret)
        except (asyncpg.PostgresConnectionError, asyncpg.UniqueViolationError, asyncpg.DeadlockDetectedError,
                asyncpg.SerializationError, OSError, asyncio.TimeoutError) as exc:
            # UniqueViolation: another instance processed one of these events concurrently; on retry
            # it is filtered as a duplicate.
            log.warning("batch_retry", error=type(exc).__name__, records=len(records), backoff_s=backoff)
            if stop.is_set():
                return None
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 10)


async def run_consumer(consumer: AIOKafkaConsumer, pool: asyncpg.Pool, policy: Policy, secret: str,
                       stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            batches = await consumer.getmany(timeout_ms=500)
        except KafkaError as exc:
            log.warning("poll_failed", error=type(exc).__name__)
            await asyncio.sleep(1)
            continue
        records = [r for rs in batches.values() for r in rs]
        if not records:
            continue
        result = await _process_with_retry(pool, records, policy, secret, stop)
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

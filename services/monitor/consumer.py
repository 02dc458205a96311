"""The monitor's consume loop: poll a batch, process it in one transaction, then commit offsets.

aiokafka is used directly here (not a FastStream subscriber) because the monitor must commit
exactly the offsets it processed, per partition, after the database commit: FastStream's batch
`ack()` commits every assigned partition's position and its batch validation fails the whole
list on one bad record (STACK_NOTES.md).

Nothing one record contains may stop this loop: transient failures (database or broker down)
are retried with backoff; any other failure is narrowed to the record that causes it, which is
dead-lettered with the reason (services/monitor/isolation.py), and a record the client cannot
decode is skipped by itself (services/monitor/unreadable.py).
"""
import asyncio
import time

import asyncpg
import structlog
from aiokafka import AIOKafkaConsumer
from aiokafka.errors import CommitFailedError, KafkaError

from services.monitor import metrics
from services.monitor.batch_result import BatchResult
from services.monitor.isolation import process_records
from services.monitor.policy import Policy
from shared.kafka_raw.fetch import RawReader
from services.monitor.unreadable import skip_unreadable
from shared import topics
from shared.retry import Backoff, is_transient, stopped_during
from shared.kafka_security import client_options

log = structlog.get_logger(__name__)
GROUP_ID = "monitor"
POLL_BACKOFF = Backoff(first_s=0.5, cap_s=10)  # a failed poll: the broker away, or a record not found


def build_consumer(bootstrap: str, *, max_records: int = 2000) -> AIOKafkaConsumer:
    consumer = AIOKafkaConsumer(
        **client_options(bootstrap), group_id=topics.group(GROUP_ID), enable_auto_commit=False,
        auto_offset_reset="earliest", max_poll_records=max_records,
        metadata_max_age_ms=5000,  # pick up a new department's topic within seconds
        max_poll_interval_ms=300_000,
    )
    consumer.subscribe(pattern=topics.DEPARTMENT_EVENTS_PATTERN)
    return consumer


async def run_consumer(consumer: AIOKafkaConsumer, reader: RawReader, pool: asyncpg.Pool, policy: Policy,
                       secret: str, stop: asyncio.Event) -> None:
    """Until `stop`: poll, process, commit. A failed poll is retried with POLL_BACKOFF; unless the
    broker is away (transient), the records of the fetch are read raw and one that cannot be
    decoded is skipped (services/monitor/unreadable.py)."""
    failures = 0
    while not stop.is_set():
        try:
            batches = await consumer.getmany(timeout_ms=500)
        except Exception as exc:  # noqa: BLE001 - nothing a record contains may stop this loop
            failures = 0 if await _after_failed_poll(exc, consumer, reader, pool, policy, secret, stop) else failures + 1
            if failures and await stopped_during(stop, POLL_BACKOFF.delay_s(failures)):
                return
            continue
        failures = 0
        records = [r for rs in batches.values() for r in rs]
        if not records:
            continue
        started = time.monotonic()
        result = await process_records(pool, records, policy, secret, stop)
        if result is None:
            return  # stopping mid-retry: offsets stay uncommitted, the batch is redelivered
        _report(result, len(records), time.monotonic() - started)
        await _commit(consumer, {tp: rs[-1].offset + 1 for tp, rs in batches.items()})


async def _after_failed_poll(exc: Exception, consumer, reader, pool, policy, secret, stop) -> bool:
    """True when the failure was an unreadable record, now skipped."""
    if is_transient(exc):
        log.warning("poll_failed", error=type(exc).__name__)
        return False
    log.error("poll_unreadable_record", error=type(exc).__name__)
    started = time.monotonic()
    try:
        found = await skip_unreadable(consumer, reader, pool, policy, secret, stop)
    except Exception as search:  # noqa: BLE001 - the broker went away meanwhile: tried again after the backoff
        log.warning("unreadable_search_failed", error=type(search).__name__)
        return False
    if found is None or not found[0]:
        return False
    _report(found[1], found[0], time.monotonic() - started)
    return True


def _report(result: BatchResult, records: int, seconds: float) -> None:
    metrics.observe_batch(result, records, seconds)
    for alert in result.alerts:
        log.info("alert_raised", alert_id=alert.alert_id, household_id=alert.household_id, alert_level=alert.level,
                 factors=[f.code for f in alert.factors])


async def _commit(consumer: AIOKafkaConsumer, offsets: dict) -> None:
    try:
        await consumer.commit(offsets)
    except (CommitFailedError, KafkaError) as exc:
        # A rebalance took the partitions, or the broker is away: the next owner (or the next commit,
        # commits being cumulative) covers them, and the database dedups what is read again.
        log.warning("commit_failed", error=type(exc).__name__, partitions=len(offsets))


"""The monitor's consume loop: poll a batch, process it in one transaction, then commit offsets.

aiokafka is used directly here (not a FastStream subscriber) because the monitor must commit
exactly the offsets it processed, per partition, after the database commit: FastStream's batch
`ack()` commits every assigned partition's position and its batch validation fails the whole
list on one bad record (STACK_NOTES.md).

Nothing one record contains may stop this loop: transient failures (database or broker down)
are retried with backoff; any other failure is narrowed to the record that causes it, which is
dead-lettered with the reason (services/monitor/isolation.py).
"""
import asyncio

import asyncpg
import structlog
from aiokafka import AIOKafkaConsumer
from aiokafka.errors import CommitFailedError, KafkaError

from services.monitor import metrics
from services.monitor.isolation import process_records
from services.monitor.policy import Policy
from services.monitor.unreadable import skip_unreadable
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
            await skip_unreadable(consumer, pool, stop)
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

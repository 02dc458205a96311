"""Prometheus gauges every service samples (the monitor and each department, scraped at /metrics/):
its outbox backlog and, for the groups it is asked for, consumer lag as the broker sees it
(shared.kafka_lag). Sampled every SAMPLE_S by `sample_forever` in the service's own process, so a
scrape never waits on the database or the broker."""
import asyncio

import asyncpg
import structlog
from prometheus_client import Gauge

from shared.kafka_lag import consumer_lag
from shared.outbox.backlog import outbox_backlog
from shared.retry import stopped_during

log = structlog.get_logger(__name__)
SAMPLE_S = 15.0

OUTBOX_PENDING = Gauge("outbox_pending_messages", "outbox rows not yet published, by schema", ["schema"])
OUTBOX_OLDEST = Gauge("outbox_oldest_pending_seconds", "seconds the oldest unpublished outbox row has waited "
                      "(0: none pending)", ["schema"])
OUTBOX_PARKED = Gauge("outbox_parked_messages", "outbox rows the broker refused for good, by schema", ["schema"])
CONSUMER_LAG = Gauge("kafka_consumer_lag_records", "records between a group's committed offset and the "
                     "partition's end", ["group", "topic", "partition"])
SAMPLE_FAILURES = Gauge("metrics_sample_failed", "1 while the last sample of a source failed "
                        "(database or broker away), else 0", ["source"])


async def sample_once(pool: asyncpg.Pool, schema: str, bootstrap: str, groups: list[str]) -> None:
    """One sample of `schema`'s outbox and of `groups`' lag (none: no lag); a source that fails is
    marked in metrics_sample_failed and its gauges keep their last values."""
    try:
        async with pool.acquire() as conn:
            backlog = await outbox_backlog(conn, schema)
        OUTBOX_PENDING.labels(schema).set(backlog.pending)
        OUTBOX_OLDEST.labels(schema).set(backlog.oldest_s)
        OUTBOX_PARKED.labels(schema).set(backlog.parked)
        SAMPLE_FAILURES.labels("outbox").set(0)
    except Exception as exc:  # noqa: BLE001 - sampling must never stop a service
        SAMPLE_FAILURES.labels("outbox").set(1)
        log.warning("metrics_sample_failed", source="outbox", error=type(exc).__name__)
    if not groups:
        return
    try:
        rows = await consumer_lag(bootstrap, groups, request_timeout_ms=5000)
        for r in rows:
            CONSUMER_LAG.labels(r.group, r.topic, str(r.partition)).set(r.lag)
        SAMPLE_FAILURES.labels("lag").set(0)
    except Exception as exc:  # noqa: BLE001
        SAMPLE_FAILURES.labels("lag").set(1)
        log.warning("metrics_sample_failed", source="lag", error=type(exc).__name__)


async def sample_forever(pool: asyncpg.Pool, schema: str, bootstrap: str, groups: list[str],
                         stop: asyncio.Event, interval_s: float = SAMPLE_S) -> None:
    """sample_once every `interval_s` seconds until `stop`; a sample under way when `stop` is set is
    cancelled, so that a broker away at shutdown never holds the service's stop."""
    stopping = asyncio.ensure_future(stop.wait())
    try:
        while not stop.is_set():
            sampling = asyncio.ensure_future(sample_once(pool, schema, bootstrap, groups))
            await asyncio.wait({sampling, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if not sampling.done():
                sampling.cancel()
                await asyncio.gather(sampling, return_exceptions=True)
                return
            if await stopped_during(stop, interval_s):
                return
    finally:
        stopping.cancel()

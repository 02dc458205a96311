"""The outbox relay: publishes a schema's outbox until stopped, then drains it."""
from __future__ import annotations

import asyncio

import asyncpg
import structlog
from aiokafka import AIOKafkaProducer

from shared.retry.backoff import Backoff
from shared.retry import RetryStopped, retry, stopped_during

from .publish import publish_pending

log = structlog.get_logger("shared.outbox")

# The relay must survive everything: any failure of a batch is retried (the rows stay pending).
RELAY_BACKOFF = Backoff(first_s=0.5, cap_s=10)


def _any_failure(_exc: BaseException) -> bool:
    return True


async def run_relay(pool: asyncpg.Pool, schema: str, producer: AIOKafkaProducer, stop: asyncio.Event,
                    idle_sleep_s: float = 0.05) -> None:
    """Publish `schema`'s outbox until `stop` is set, then drain it; failures are logged (type
    only) and retried with backoff, never fatal. The drain has no deadline of its own: the
    caller bounds it (the monitor's stop abandons it in time: services/monitor/shutdown.py), and
    what it leaves stays pending for the next start."""
    while not stop.is_set():
        try:
            sent = await retry(lambda: publish_pending(pool, schema, producer), what="outbox relay", backoff=RELAY_BACKOFF,
                               retry_if=_any_failure, stop=stop, log_event="outbox_relay_retry", schema=schema)
        except RetryStopped:
            break
        if sent:
            log.debug("outbox_published", schema=schema, messages=sent)
        else:
            await stopped_during(stop, idle_sleep_s)
    # drain what is left so SIGTERM does not strand committed messages
    try:
        while await publish_pending(pool, schema, producer):
            pass
    except Exception as exc:  # noqa: BLE001
        log.warning("outbox_drain_incomplete", schema=schema, error=type(exc).__name__)


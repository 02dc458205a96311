"""The department service's running parts, opened and closed with the app: the pool (and its
schema migrated), the topics, the outbox relay and its retention, the task consumer and the
sampler of its outbox backlog for /metrics (shared.metrics)."""
import asyncio
from collections.abc import Awaitable
from contextlib import asynccontextmanager
from dataclasses import replace

import structlog
from fastapi import FastAPI

from shared import topics
from shared.closing import close_within
from shared.db import create_pool
from shared.kafka_admin import ensure_topics
from shared.kafka_raw.fetch import RawReader
from shared.kit.department import Department
from shared.readiness import Readiness
from shared.kit.service.task_consumer import build_task_consumer, run_task_consumer
from shared.kit.store.postgres import PostgresStore
from shared.kit.store.schema import migrate
from shared.metrics import sample_forever
from shared.outbox import idempotent_producer, run_relay
from shared.outbox.retention import trim_outbox
from shared.settings import InfraSettings
from shared.kafka_security import client_options

log = structlog.get_logger(__name__)

GRACE_S = 5.0  # the relay's drain and a trim pass, as the monitor's (services/monitor/shutdown.py)
CLOSE_S = 1.0  # each client


def lifespan(dept: Department, settings: InfraSettings):
    """The app's lifespan: puts the PostgreSQL store into `app.state.dependencies`."""

    @asynccontextmanager
    async def running(app: FastAPI):
        pool = await create_pool(settings.database_url, dept.code, max_size=5)
        async with pool.acquire() as conn:
            await migrate(conn, dept.code)
        await ensure_topics(settings.kafka_bootstrap_servers,
                            [topics.events_topic(dept.code), topics.tasks_topic(dept.code)], settings.topic_partitions)
        store = PostgresStore(pool)
        app.state.dependencies = replace(app.state.dependencies, store=store)
        producer = idempotent_producer(client_options(settings.kafka_bootstrap_servers))
        await producer.start()
        app.state.dependencies = replace(app.state.dependencies, readiness=Readiness(pool, producer))
        stop = asyncio.Event()
        relay = asyncio.create_task(run_relay(pool, dept.code, producer, stop))
        trim = asyncio.create_task(trim_outbox(pool, dept.code, stop))
        # its outbox backlog for /metrics; consumer lag of every group is the monitor's to sample
        sampler = asyncio.create_task(sample_forever(pool, dept.code, settings.kafka_bootstrap_servers, [], stop))
        consumer, reader = build_task_consumer(settings.kafka_bootstrap_servers, dept), \
            RawReader(settings.kafka_bootstrap_servers)
        await consumer.start()
        intake = asyncio.create_task(run_task_consumer(consumer, reader, store, dept, stop))
        log.info("department_started", department=dept.code)
        try:
            yield
        finally:
            await _stop_within(stop, [intake, relay, trim, sampler], [("consumer", consumer.stop()),
                                                            ("raw reader", reader.close()),
                                                            ("producer", producer.stop())], pool)

    return running


async def _stop_within(stop: asyncio.Event, loops: list[asyncio.Task], clients: list[tuple[str, Awaitable]],
                       pool) -> None:
    """Stop in bounded time even with the database frozen (a loop then waits on asyncpg's 60 s
    command timeout; deploy/local's supervisor SIGKILLs after 20 s): loops not done within GRACE_S
    are abandoned (the pool terminated, so nothing uncommitted commits; a task whose offset was not
    committed is read again and the outbox relayed at the next start), each client gets CLOSE_S."""
    stop.set()
    pending = (await asyncio.wait(loops, timeout=GRACE_S))[1]
    if pending:
        log.warning("stop_abandoning_work", parts=len(pending))
        pool.terminate()
        for task in pending:
            task.cancel()
        await asyncio.wait(pending, timeout=CLOSE_S)
    for name, closing in clients:
        await close_within(name, closing, CLOSE_S, log)
    if not await close_within("pool", pool.close(), CLOSE_S, log):
        pool.terminate()


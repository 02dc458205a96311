"""The department service's running parts, opened and closed with the app: the pool (and its
schema migrated), the topics, the outbox relay and its retention, and the task subscriber."""
import asyncio
import logging
from contextlib import asynccontextmanager
from dataclasses import replace

import structlog
from fastapi import FastAPI
from faststream.kafka import KafkaBroker

from shared import topics
from shared.db import create_pool
from shared.kafka_admin import ensure_topics
from shared.kit.department import Department
from shared.readiness import Readiness
from shared.kit.service.task_subscription import subscribe_tasks
from shared.kit.store.postgres import PostgresStore
from shared.kit.store.schema import migrate
from shared.outbox import idempotent_producer, run_relay
from shared.outbox.retention import trim_outbox
from shared.settings import InfraSettings

log = structlog.get_logger(__name__)


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
        # FastStream's own log lines go through the root handler, so they are masked and JSON too.
        # The broker only consumes tasks; its producer is still acks=all + idempotent like every other
        # (shared.outbox.idempotent_producer), so a publisher added later cannot lose a write to a leader change.
        broker = KafkaBroker(settings.bootstrap_list, client_id=f"{dept.code}-service", acks="all",
                             enable_idempotence=True,
                             logger=logging.getLogger(f"faststream.{dept.code}"))
        subscribe_tasks(broker, dept, store)
        producer = idempotent_producer(settings.kafka_bootstrap_servers)
        await producer.start()
        app.state.dependencies = replace(app.state.dependencies, readiness=Readiness(pool, producer))
        stop = asyncio.Event()
        relay = asyncio.create_task(run_relay(pool, dept.code, producer, stop))
        trim = asyncio.create_task(trim_outbox(pool, dept.code, stop))
        await broker.start()
        log.info("department_started", department=dept.code)
        try:
            yield
        finally:
            await broker.stop()
            stop.set()
            await relay
            await trim
            await producer.stop()
            await pool.close()

    return running

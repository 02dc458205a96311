"""The import command's job: the department's schema and topic made ready, the file imported
(shared.kit.importing.file_import) with an outbox relay beside it in a process of its own
(shared.kit.importing.relay), so that reading the file and publishing each get a core and the command
ends when Kafka has the events."""
import asyncio
import os
import sys
import time
from pathlib import Path

from shared import topics
from shared.db import create_pool
from shared.kafka_admin import ensure_topics
from shared.kafka_security import client_env, principal_for
from shared.kit.department import Department
from shared.kit.importing.file_import import CHUNK_ROWS, import_file
from shared.kit.importing.summary import ImportSummary
from shared.kit.store.schema import migrate
from shared.settings import InfraSettings


async def run_import(dept: Department, path: Path, settings: InfraSettings, *, layout: str | None = None,
                     report: Path | None = None, chunk_rows: int = CHUNK_ROWS, on_progress=None,
                     wait_s: float = 600) -> ImportSummary:
    """Import `path` and wait until its events are published. The department service's relay
    may publish some of them too; SKIP LOCKED keeps the two relays apart."""
    started = time.perf_counter()
    pool = await create_pool(settings.database_url, dept.code, min_size=1, max_size=2)
    try:
        async with pool.acquire() as conn:
            await migrate(conn, dept.code)
        principal = principal_for(dept.code)  # the department's own: it may write its own topic only
        await ensure_topics(settings.kafka_bootstrap_servers, [topics.events_topic(dept.code)],
                            settings.topic_partitions, principal)
        relay = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "shared.kit.importing.relay", dept.code, stdin=asyncio.subprocess.PIPE,
            env={**os.environ, "DATABASE_URL": settings.database_url,
                 "KAFKA_BOOTSTRAP_SERVERS": settings.kafka_bootstrap_servers, **client_env(principal)})
        try:
            summary = await import_file(dept, path, pool=pool, key_secret=settings.partition_key_secret,
                                        layout=layout, report=report, chunk_rows=chunk_rows,
                                        on_progress=on_progress)
        finally:
            relay.stdin.close()  # the relay drains the outbox, then exits
            try:
                await asyncio.wait_for(relay.wait(), wait_s)
            except asyncio.TimeoutError:
                relay.terminate()
        async with pool.acquire() as conn:
            summary.waiting = await conn.fetchval("SELECT count(*) FROM outbox "
                                                  "WHERE published_at IS NULL AND failed_at IS NULL")
    finally:
        await pool.close()
    summary.seconds = time.perf_counter() - started
    return summary

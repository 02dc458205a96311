"""PostgreSQL's ceiling for the monitor's writes: the rows a run of the monitor wrote (its state
tables and outbox), copied out of that run's database and written back by binary COPY into the
same tables of a fresh copy of the registry, in one committed transaction."""
import io
import time

import asyncpg

# Every table a batch writes, parents before the tables that reference them.
WRITTEN = ("processed_events", "household_events", "factors", "alerts", "tasks", "assessments",
           "unmatched_events", "dead_letters", "outbox")


async def copy_written(source_dsn: str, target_dsn: str) -> tuple[int, float]:
    """(rows, seconds): the WRITTEN rows of `source_dsn` read into memory first (not timed), then
    COPY into `target_dsn`'s tables (with their keys, indexes and the audit log's triggers) and COMMIT, timed."""
    source = await asyncpg.connect(source_dsn)
    tables: dict[str, bytes] = {}
    try:
        for table in WRITTEN:
            buffer = io.BytesIO()
            await source.copy_from_table(table, schema_name="monitor", output=buffer, format="binary")
            tables[table] = buffer.getvalue()
        rows = sum([await source.fetchval("SELECT count(*) FROM monitor." + t) for t in WRITTEN])  # noqa: S608 - fixed names
    finally:
        await source.close()
    target = await asyncpg.connect(target_dsn)
    try:
        started = time.perf_counter()
        async with target.transaction():
            for table, data in tables.items():
                await target.copy_to_table(table, schema_name="monitor", source=io.BytesIO(data), format="binary")
        return rows, time.perf_counter() - started
    finally:
        await target.close()

"""Retention of an outbox: published rows older than the retention go, a bounded batch at a time;
a pending row (not yet published) or a parked one (refused by the broker, kept for an operator)
never goes, however old: neither has a published_at (publish.py marks only what the broker took)."""
from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import asyncpg
import structlog

log = structlog.get_logger("shared.outbox")

OUTBOX_RETENTION_DAYS = 7  # published rows are only the record of what was sent; Kafka keeps them as long
PURGE_BATCH = 10_000

# The pending index (id, WHERE not published) does not help here: the scan starts at the oldest
# rows, which are the published ones, so the LIMIT ends it early while there is work.
_PURGE = ("DELETE FROM outbox WHERE id = ANY(ARRAY(SELECT id FROM outbox WHERE published_at < $1 "
          "ORDER BY id LIMIT $2)) RETURNING id")


async def purge_published(conn: asyncpg.Connection, schema: str, published_before: datetime,
                          limit: int) -> list[int]:
    """Delete at most `limit` rows of `schema`'s outbox published before `published_before` (aware);
    returns their IDs. Runs in the caller's transaction if any (the search_path is set for it only)."""
    async with conn.transaction():
        await conn.execute("SELECT set_config('search_path', $1, true)", schema)
        return [r["id"] for r in await conn.fetch(_PURGE, published_before, limit)]


async def trim_outbox(pool: asyncpg.Pool, schema: str, stop: asyncio.Event,
                      retention_days: float = OUTBOX_RETENTION_DAYS, interval_s: float = 3600) -> None:
    """Until `stop`: purge `schema`'s published rows older than `retention_days`, batch after batch,
    then wait `interval_s` seconds. A failure (the database away) is logged by type and tried again
    next round; never fatal. For services without the monitor's scheduler (the departments)."""
    while not stop.is_set():
        try:
            before = datetime.now(timezone.utc) - timedelta(days=retention_days)
            while True:
                async with pool.acquire() as conn:
                    if len(await purge_published(conn, schema, before, PURGE_BATCH)) < PURGE_BATCH:
                        break
        except Exception as exc:  # noqa: BLE001 - retention must never stop a service
            log.warning("outbox_trim_failed", schema=schema, error=type(exc).__name__)
        try:
            await asyncio.wait_for(stop.wait(), timeout=interval_s)
        except asyncio.TimeoutError:
            pass

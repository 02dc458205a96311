"""One batch of pending outbox rows published and marked (or parked)."""
from __future__ import annotations

import asyncio

import asyncpg
import structlog
from aiokafka import AIOKafkaProducer

from .producer import PERMANENT, queue_send

log = structlog.get_logger("shared.outbox")

MAX_BATCH = 1000

_PENDING = ("SELECT id, topic, key, value FROM outbox WHERE published_at IS NULL AND failed_at IS NULL "
            "ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED")
_PARK = "UPDATE outbox SET failed_at = now(), error = $2 WHERE id = $1"
_MARK_PUBLISHED = "UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[]) AND failed_at IS NULL"


async def publish_pending(pool: asyncpg.Pool, schema: str, producer: AIOKafkaProducer) -> int:
    """Publish one batch of pending rows and mark them; returns how many were handled. Rows stay
    locked (SKIP LOCKED) while sending, so two relays never publish the same row concurrently.
    A transient failure raises (the batch is retried); a permanent one parks that row only."""
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("SELECT set_config('search_path', $1, true)", schema)  # this transaction only
        rows = await conn.fetch(_PENDING, MAX_BATCH)
        if not rows:
            return 0
        # Queued in order, in flight together (acks=all): each is acknowledged by the broker
        # before we mark it. Awaiting the futures, not a task per row, keeps the relay's CPU low.
        queued = [await queue_send(producer, r) for r in rows]
        acks = iter(await asyncio.gather(*(q for q in queued if isinstance(q, asyncio.Future)),
                                         return_exceptions=True))
        errors = [next(acks) if isinstance(q, asyncio.Future) else q for q in queued]
        for error in errors:
            if isinstance(error, BaseException) and not isinstance(error, PERMANENT):
                raise error
        failed = [(r["id"], f"{type(e).__name__}: {e}"[:500]) for r, e in zip(rows, errors)
                  if isinstance(e, BaseException)]
        for row_id, error in failed:
            log.error("outbox_message_parked", schema=schema, outbox_id=row_id, error=error.split(":")[0])
        if failed:
            await conn.executemany(_PARK, failed)
        await conn.execute(_MARK_PUBLISHED, [r["id"] for r in rows])
        return len(rows)

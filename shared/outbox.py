"""Transactional outbox: messages written in the same transaction as the state change,
published afterwards by a relay with an idempotent producer (DESIGN.md section 7).

The table is the `outbox` of the service's schema. No statement here interpolates the schema's
name: COPY takes it as an identifier asyncpg quotes, and the relay sets it as the search_path of
its own transaction (a parameter of set_config), so any pool works."""
import asyncio
from dataclasses import dataclass

import asyncpg
import structlog
from aiokafka import AIOKafkaProducer
from aiokafka.errors import (InvalidTopicError, MessageSizeTooLargeError, RecordTooLargeError,
                             TopicAuthorizationFailedError)

from shared.retry import Backoff, RetryStopped, retry

log = structlog.get_logger(__name__)

MAX_BATCH = 1000


@dataclass(frozen=True)
class OutboxMessage:
    topic: str
    key: bytes | None
    value: bytes


async def enqueue(conn: asyncpg.Connection, schema: str | None, messages: list[OutboxMessage]) -> None:
    """Add messages to `schema`'s outbox inside the caller's transaction (one COPY, not one
    INSERT each); `schema` None: the outbox the connection's search_path finds (a department
    pool, shared.db.create_pool)."""
    if messages:
        await conn.copy_records_to_table("outbox", schema_name=schema, columns=("topic", "key", "value"),
                                         records=[(m.topic, m.key, m.value) for m in messages])


def idempotent_producer(bootstrap: str, **kw) -> AIOKafkaProducer:
    """acks=all, idempotent, with a request size limit we also enforce at the edge."""
    return AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True, acks="all",
                            linger_ms=5, max_request_size=1_048_576, **kw)


# Errors after which sending the same bytes again cannot succeed: park the row, keep the rest moving.
PERMANENT = (MessageSizeTooLargeError, RecordTooLargeError, InvalidTopicError, TopicAuthorizationFailedError)


async def _queue(producer: AIOKafkaProducer, row) -> asyncio.Future | BaseException:
    """The broker's acknowledgement to come, or the permanent error send() raised at once."""
    try:
        return await producer.send(row["topic"], value=row["value"], key=row["key"])
    except PERMANENT as exc:
        return exc


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
        queued = [await _queue(producer, r) for r in rows]
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


# The relay must survive everything: any failure of a batch is retried (the rows stay pending).
RELAY_BACKOFF = Backoff(first_s=0.5, cap_s=10)


def _any_failure(_exc: BaseException) -> bool:
    return True


async def run_relay(pool: asyncpg.Pool, schema: str, producer: AIOKafkaProducer, stop: asyncio.Event,
                    idle_sleep_s: float = 0.05) -> None:
    """Publish `schema`'s outbox until `stop` is set, then drain it; failures are logged (type
    only) and retried with backoff, never fatal."""
    while not stop.is_set():
        try:
            sent = await retry(lambda: publish_pending(pool, schema, producer), what="outbox relay", backoff=RELAY_BACKOFF,
                               retry_if=_any_failure, stop=stop, log_event="outbox_relay_retry", schema=schema)
        except RetryStopped:
            break
        if sent:
            log.debug("outbox_published", schema=schema, messages=sent)
        else:
            await _sleep_or_stop(stop, idle_sleep_s)
    # drain what is left so SIGTERM does not strand committed messages
    try:
        while await publish_pending(pool, schema, producer):
            pass
    except Exception as exc:  # noqa: BLE001
        log.warning("outbox_drain_incomplete", schema=schema, error=type(exc).__name__)


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except asyncio.TimeoutError:
        pass

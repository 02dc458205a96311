"""Outbox messages, written in the caller's transaction."""
from __future__ import annotations

from dataclasses import dataclass

import asyncpg


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

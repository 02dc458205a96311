"""monitor.dead_letters: a note of each record dead-lettered (the record itself goes out via the outbox)."""
from collections.abc import Sequence
from typing import NamedTuple

import asyncpg


class DeadLetterRow(NamedTuple):
    """A row of monitor.dead_letters."""

    source_topic: str
    partition: int
    offset: int
    reason: str


async def record_dead_letters(conn: asyncpg.Connection, *, rows: Sequence[DeadLetterRow]) -> None:
    if rows:
        await conn.executemany(
            'INSERT INTO monitor.dead_letters (source_topic, partition, "offset", reason) VALUES ($1, $2, $3, $4) '
            "ON CONFLICT DO NOTHING", rows)

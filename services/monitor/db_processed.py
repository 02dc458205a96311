"""monitor.processed_events: which event IDs the monitor has processed, with a hash of their content."""
from collections.abc import Sequence
from typing import NamedTuple

import asyncpg


class ProcessedRow(NamedTuple):
    """A row of monitor.processed_events."""

    event_id: str
    source_topic: str
    outcome: str  # task_status | unmatched | linked
    content_sha256: bytes


async def already_processed(conn: asyncpg.Connection, *, event_ids: list[str]) -> dict[str, bytes]:
    """event_id -> SHA-256 of the content processed under that ID."""
    rows = await conn.fetch("SELECT event_id, content_sha256 FROM monitor.processed_events "
                            "WHERE event_id = ANY($1::text[])", event_ids)
    return {r["event_id"]: r["content_sha256"] for r in rows}


async def mark_processed(conn: asyncpg.Connection, *, rows: Sequence[ProcessedRow]) -> None:
    """A concurrent duplicate raises
    UniqueViolation: the batch is retried and the duplicate filtered by already_processed."""
    if rows:
        await conn.copy_records_to_table("processed_events", schema_name="monitor",
                                         columns=("event_id", "source_topic", "outcome", "content_sha256"),
                                         records=rows)


async def set_outcome(conn: asyncpg.Connection, *, event_id: str, outcome: str) -> None:
    await conn.execute("UPDATE monitor.processed_events SET outcome = $2 WHERE event_id = $1", event_id, outcome)


async def purge_processed(conn: asyncpg.Connection, *, processed_before, limit: int) -> list[str]:
    """Delete at most `limit` of the oldest rows processed before `processed_before`; returns their event IDs."""
    rows = await conn.fetch(
        "DELETE FROM monitor.processed_events WHERE event_id = ANY(ARRAY(SELECT event_id FROM monitor.processed_events "
        "WHERE processed_at < $1 ORDER BY processed_at LIMIT $2)) RETURNING event_id", processed_before, limit)
    return [r["event_id"] for r in rows]

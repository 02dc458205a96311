"""monitor.processed_events: which events, by (source, event ID), the monitor has processed, with a
hash of their content (services/monitor/dedup.py; migration 014 keys the table so)."""
from collections.abc import Sequence
from typing import NamedTuple

import asyncpg

from services.monitor.dedup import UNKNOWN_SOURCE, EventKey


class ProcessedRow(NamedTuple):
    """A row of monitor.processed_events; `source` in dedup.source_key form."""

    source: str
    event_id: str
    source_topic: str
    outcome: str  # task_status | unmatched | linked
    content_sha256: bytes


async def already_processed(conn: asyncpg.Connection, *, keys: list[EventKey]) -> dict[EventKey, bytes]:
    """(source, event_id) -> SHA-256 of the content processed under it, for the `keys` processed,
    and (UNKNOWN_SOURCE, event_id) for rows kept from before migration 014 with one of their IDs."""
    rows = await conn.fetch(
        "SELECT p.source, p.event_id, p.content_sha256 FROM monitor.processed_events p "
        "JOIN unnest($1::text[], $2::text[]) AS k(source, event_id) USING (source, event_id) "
        "UNION ALL SELECT source, event_id, content_sha256 FROM monitor.processed_events "
        "WHERE source = $3 AND event_id = ANY($2::text[])",
        [s for s, _ in keys], [i for _, i in keys], UNKNOWN_SOURCE)
    return {(r["source"], r["event_id"]): r["content_sha256"] for r in rows}


async def mark_processed(conn: asyncpg.Connection, *, rows: Sequence[ProcessedRow]) -> None:
    """A concurrent duplicate raises
    UniqueViolation: the batch is retried and the duplicate filtered by already_processed."""
    if rows:
        await conn.copy_records_to_table("processed_events", schema_name="monitor",
                                         columns=ProcessedRow._fields, records=rows)


async def set_outcome(conn: asyncpg.Connection, *, key: EventKey, outcome: str) -> None:
    """The outcome of the processed event `key` (or of its row from before migration 014)."""
    await conn.execute("UPDATE monitor.processed_events SET outcome = $3 WHERE event_id = $2 "
                       "AND source IN ($1, $4)", *key, outcome, UNKNOWN_SOURCE)


async def purge_processed(conn: asyncpg.Connection, *, processed_before, limit: int) -> list[EventKey]:
    """Delete at most `limit` of the oldest rows processed before `processed_before`; returns their keys."""
    rows = await conn.fetch(
        "DELETE FROM monitor.processed_events WHERE (source, event_id) IN (SELECT source, event_id "
        "FROM monitor.processed_events WHERE processed_at < $1 ORDER BY processed_at LIMIT $2) "
        "RETURNING source, event_id", processed_before, limit)
    return [(r["source"], r["event_id"]) for r in rows]

"""monitor.unmatched_events: events held because their person was not found, and the operators'
decisions on them (the review queue)."""
import json
from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

import asyncpg

from services.monitor.db_scope import HELD_FOR_COUNTIES, codes
from shared.bulk import columns


class UnmatchedRow(NamedTuple):
    """A row of monitor.unmatched_events; the last two are JSON text."""

    event_id: str
    source_topic: str
    event_type: str
    reason: str
    payload_json: str
    candidates_json: str
    source: str  # dedup.source_key of the event's source: (source, event_id) is the key (migration 014)


async def insert_unmatched(conn: asyncpg.Connection, *, rows: Sequence[UnmatchedRow]) -> None:
    if rows:
        await conn.execute("INSERT INTO monitor.unmatched_events (event_id, source_topic, event_type, reason, "
                           "payload, candidates, source) SELECT e, t, y, r, p::jsonb, c::jsonb, s FROM unnest("
                           "$1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) "
                           "AS u(e, t, y, r, p, c, s) ON CONFLICT DO NOTHING", *columns(rows, 7))


async def list_open(conn: asyncpg.Connection, limit: int, offset: int,
                    counties: frozenset[str] | None = None) -> list[dict]:
    """Open held events, oldest first, with their candidates decoded; with `counties`, only the
    events with a candidate in them, and only those candidates (a county office reviews its own people)."""
    rows = await conn.fetch("SELECT event_id, source_topic, event_type, reason, received_at, candidates "
                            "FROM monitor.unmatched_events WHERE status = 'open' AND " + HELD_FOR_COUNTIES
                            + " ORDER BY received_at, event_id LIMIT $2 OFFSET $3", codes(counties), limit, offset)
    return [{**dict(r), "candidates": candidates_in(json.loads(r["candidates"]), counties)} for r in rows]


async def held_in_counties(conn: asyncpg.Connection, event_id: str, counties: frozenset[str] | None) -> bool:
    """Whether a held event `event_id` has a review candidate in `counties` (None: any held event)."""
    return bool(await conn.fetchval("SELECT 1 FROM monitor.unmatched_events WHERE event_id = $2 AND "
                                    + HELD_FOR_COUNTIES + " LIMIT 1", codes(counties), event_id))


def candidates_in(candidates: list[dict], counties: frozenset[str] | None) -> list[dict]:
    """The review candidates whose household is in `counties` (None: all of them)."""
    return candidates if counties is None else [c for c in candidates if c["household_id"][:6] in counties]


async def held_for_update(conn: asyncpg.Connection, event_id: str) -> asyncpg.Record | None:
    """(event_id, source, source_topic, status, payload) of a held event, locked; None when there is
    none. Two sources may each have an event held under one ID (migration 014): the open one first,
    then the oldest."""
    return await conn.fetchrow("SELECT event_id, source, source_topic, status, payload FROM monitor.unmatched_events "
                               "WHERE event_id = $1 ORDER BY status <> 'open', received_at, source LIMIT 1 FOR UPDATE",
                               event_id)


async def decide(conn: asyncpg.Connection, *, event_id: str, source: str, status: str, actor: str, reason: str,
                 resident_id: str | None, at: datetime) -> None:
    await conn.execute("UPDATE monitor.unmatched_events SET status = $2, decided_by = $3, decided_at = $4, "
                       "decision_reason = $5, linked_resident_id = $6 WHERE event_id = $1 AND source = $7",
                       event_id, status, actor, at, reason, resident_id, source)

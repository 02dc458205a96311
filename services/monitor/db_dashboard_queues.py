"""The dashboard's queues, read-only (part of MonitorReads, re-exported by db_dashboard): the review
queue with each held event's candidates beside it (review_fields.compare), and the waiting dead
letters with their counts by reason (never their bytes: they name people)."""
import json
from functools import lru_cache

import asyncpg

from services.monitor import db_dead_letters
from services.monitor.db_scope import HELD_FOR_COUNTIES, codes
from services.monitor.db_unmatched import candidates_in
from services.monitor.matching.weights import load_model
from services.monitor.review_fields import agreeing_levels, compare


@lru_cache(maxsize=1)
def _agreeing() -> dict[str, frozenset[str]]:
    return agreeing_levels(load_model().fields)


async def review_queue(conn: asyncpg.Connection, limit: int = 100, *,
                       counties: frozenset[str] | None = None) -> list[dict]:
    """Open held events, oldest first (as db_unmatched.list_open): [{event_id, source_topic,
    event_type, reason, received_at, person (the event's, as sent), fields (compare rows
    of the event alone: its column), candidates: [{resident_id,
    household_id, score, fields: review_fields.compare rows, found (in the registry now)}]}];
    with `counties`, only events with a candidate there and only those candidates (db_unmatched.list_open)."""
    held = await conn.fetch(
        "SELECT event_id, source_topic, event_type, reason, received_at, candidates, "
        "payload->'data'->'person' AS person FROM monitor.unmatched_events WHERE status = 'open' AND "
        + HELD_FOR_COUNTIES + " ORDER BY received_at, event_id LIMIT $2", codes(counties), limit)
    decoded = [(r, json.loads(r["person"] or "{}"), candidates_in(json.loads(r["candidates"] or "[]"), counties))
               for r in held]
    wanted = sorted({c["resident_id"] for _, _, cands in decoded for c in cands})
    registry = {r["resident_id"]: dict(r) for r in await conn.fetch(
        "SELECT p.resident_id, p.name, p.gender, p.birth_date, h.village_code FROM monitor.persons p "
        "JOIN monitor.households h USING (household_id) WHERE p.resident_id = ANY($1::text[])", wanted)}
    return [{"event_id": r["event_id"], "source_topic": r["source_topic"], "event_type": r["event_type"],
             "reason": r["reason"], "received_at": r["received_at"], "person": person,
             "fields": compare(person, None, {}, _agreeing()),  # the event's own column
             "candidates": [{"resident_id": c["resident_id"], "household_id": c["household_id"], "score": c["score"],
                             "found": c["resident_id"] in registry,
                             "fields": compare(person, registry.get(c["resident_id"]), c.get("compared_fields", {}),
                                               _agreeing())} for c in cands]}
            for r, person, cands in decoded]


async def dead_letter_queue(conn: asyncpg.Connection, limit: int = 200) -> dict:
    """{counts: [{reason, waiting, redriven}] most waiting first, rows: [{id, source_topic, partition,
    offset, reason, received_at, sendable}] the first `limit` waiting, oldest first; `sendable`:
    its original bytes are kept (dead-lettered after migration 013), so a re-drive can send it}."""
    counts = await db_dead_letters.counts_by_reason(conn)
    rows = await db_dead_letters.waiting(conn, limit=limit)
    return {"counts": [dict(c) for c in counts],
            "rows": [{"id": r.id, "source_topic": r.source_topic, "partition": r.partition, "offset": r.offset,
                      "reason": r.reason, "received_at": r.received_at, "sendable": r.value is not None}
                     for r in rows]}

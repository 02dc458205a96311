"""The review queue (DESIGN.md section 4): events held because their person was not found (or,
with the probabilistic matcher, matched only in the review band). An operator links one to a
registry person — its effect is then applied exactly once — or rejects it."""
import json
from datetime import datetime, timezone

import asyncpg
from aiokafka.structs import ConsumerRecord

from services.monitor.decode import Decoded, read_resident_id
from services.monitor.pipeline import BatchResult, apply_review_link
from services.monitor.policy import Policy
from shared.contracts import monitor as m
from shared.contracts.catalog import any_department_event_adapter
from shared.resident_id import normalise
from shared import topics


class ReviewConflict(ValueError):
    """The held event is not open any more (already linked or rejected)."""


async def list_open(conn: asyncpg.Connection, limit: int, offset: int) -> list[dict]:
    rows = await conn.fetch("SELECT event_id, source_topic, event_type, reason, received_at, candidates "
                            "FROM monitor.unmatched_events WHERE status = 'open' ORDER BY received_at, event_id "
                            "LIMIT $1 OFFSET $2", limit, offset)
    return [{**dict(r), "candidates": json.loads(r["candidates"])} for r in rows]


async def _held(conn: asyncpg.Connection, event_id: str) -> asyncpg.Record:
    row = await conn.fetchrow("SELECT event_id, source_topic, status, payload FROM monitor.unmatched_events "
                              "WHERE event_id = $1 FOR UPDATE", event_id)
    if row is None:
        raise LookupError("no such held event")
    if row["status"] != "open":
        raise ReviewConflict(f"the event is already {row['status']}")
    return row


async def accept(conn: asyncpg.Connection, event_id: str, resident_id: str, actor: str, reason: str,
                 policy: Policy) -> BatchResult:
    """Link the held event to `resident_id` and apply its effect once. Raises LookupError (no such
    event or person), ReviewConflict (decided already), InvalidResidentId."""
    row = await _held(conn, event_id)
    target = normalise(resident_id).value
    event = any_department_event_adapter().validate_json(row["payload"])
    record = ConsumerRecord(row["source_topic"], -1, -1, 0, 0, None, None, None, 0, 0, [])
    rid, problem = read_resident_id(event.data.person.resident_id)
    decoded = Decoded(record, topics.department_of(row["source_topic"]) or "", event, rid,
                      link=m.Link(method="manual", compared_fields=["operator_review"]), id_problem=problem)
    result = await apply_review_link(conn, decoded, target, policy)
    await _decide(conn, event_id, "linked", actor, reason, target)
    await conn.execute("UPDATE monitor.processed_events SET outcome = 'linked' WHERE event_id = $1", event_id)
    return result


async def reject(conn: asyncpg.Connection, event_id: str, actor: str, reason: str) -> None:
    await _held(conn, event_id)
    await _decide(conn, event_id, "rejected", actor, reason, None)


async def _decide(conn, event_id: str, status: str, actor: str, reason: str, resident_id: str | None) -> None:
    await conn.execute("UPDATE monitor.unmatched_events SET status = $2, decided_by = $3, decided_at = $4, "
                       "decision_reason = $5, linked_resident_id = $6 WHERE event_id = $1",
                       event_id, status, actor, datetime.now(timezone.utc), reason, resident_id)

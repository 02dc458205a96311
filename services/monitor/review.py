"""Use case: the review queue (DESIGN.md section 4): events held because their person was not
found (or, with the probabilistic matcher, matched only in the review band). An operator links
one to a registry person — its effect is then applied exactly once — or rejects it."""
from datetime import datetime, timezone

import asyncpg

from services.monitor import db_audit, db_processed, db_registry, db_unmatched, dedup
from services.monitor.batch_result import BatchResult
from services.monitor.decode import read_resident_id
from services.monitor.linked import assess_linked, keep_registry_current
from services.monitor.linking import Matched
from services.monitor.policy import Policy
from services.monitor.ports import BatchStore
from services.monitor.records import Decoded, InboundRecord
from services.monitor.store import PgStore
from shared import topics
from shared.contracts import monitor as m
from shared.contracts.catalog import any_department_event_adapter
from shared.resident_id import normalise

NO_POSITION = -1  # a held event re-applied from the database has no Kafka partition or offset


class ReviewConflict(ValueError):
    """The held event is not open any more (already linked or rejected)."""


async def _held(conn: asyncpg.Connection, event_id: str) -> asyncpg.Record:
    row = await db_unmatched.held_for_update(conn, event_id)
    if row is None:
        raise LookupError("no such held event")
    if row["status"] != "open":
        raise ReviewConflict(f"the event is already {row['status']}")
    return row


def held_event(source_topic: str, payload: str) -> Decoded:
    """A held event as the batch decoded it, linked by an operator."""
    event = any_department_event_adapter().validate_json(payload)
    rid, problem = read_resident_id(event.data.person.resident_id)
    record = InboundRecord(source_topic, NO_POSITION, NO_POSITION, None, payload.encode())
    return Decoded(record, topics.department_of(source_topic) or "", event, rid,
                   link=m.Link(method="manual", compared_fields=["operator_review"]), id_problem=problem)


async def apply_review_link(store: BatchStore, decoded: Decoded, member_resident_id: str,
                            policy: Policy) -> BatchResult:
    """Apply a held event's effect as if it had matched `member_resident_id` at first (same
    factors, alert and tasks), inside the caller's transaction. Raises LookupError for a person
    not in the registry."""
    members = await store.find_members([member_resident_id])
    if member_resident_id not in members:
        raise LookupError("no such person in the registry")
    linked = Matched(members={decoded.person_ref: members[member_resident_id]}, linked=[decoded])
    current, _ = await keep_registry_current(store, linked)  # a death or disability linked so updates him
    # The operator's decision stands: an event about a person deceased before its date is applied as linked.
    effects = await assess_linked(store, current.linked + current.held, current.members, policy)
    await store.enqueue(effects.messages)
    result = BatchResult(alerts=[a.data for a in effects.alerts])
    result.counts.update(alerts=len(effects.alerts), tasks=len(effects.tasks), linked=1)
    return result


async def accept(conn: asyncpg.Connection, event_id: str, resident_id: str, actor: str, reason: str,
                 policy: Policy, counties: frozenset[str] | None = None) -> BatchResult:
    """Link the held event to `resident_id` and apply its effect once; an operator scoped to
    `counties` links only to a person of those counties (None: any). Raises LookupError (no such
    event or person, or one outside `counties`), ReviewConflict (decided already), InvalidResidentId."""
    await db_audit.act_as(conn, actor)
    row = await _held(conn, event_id)
    target = normalise(resident_id).value
    if counties is not None and not await db_registry.person_in_counties(conn, target, counties):
        raise LookupError("no such registry person in your counties")
    held = held_event(row["source_topic"], row["payload"])
    result = await apply_review_link(PgStore(conn), held, target, policy)
    await _decide(conn, row, "linked", actor, reason, target)
    await db_processed.set_outcome(conn, key=dedup.key_of(held.event), outcome="linked")
    return result


async def reject(conn: asyncpg.Connection, event_id: str, actor: str, reason: str,
                 counties: frozenset[str] | None = None) -> None:
    """Close the held event unlinked; an operator scoped to `counties` rejects only an event with a
    candidate there. Raises LookupError (no such event, or not in `counties`), ReviewConflict."""
    await db_audit.act_as(conn, actor)
    if counties is not None and not await db_unmatched.held_in_counties(conn, event_id, counties):
        raise LookupError("no such held event in your counties")
    await _decide(conn, await _held(conn, event_id), "rejected", actor, reason, None)


async def _decide(conn, held: asyncpg.Record, status: str, actor: str, reason: str, resident_id: str | None) -> None:
    """Record the decision on the held row `held` (db_unmatched.held_for_update) only."""
    await db_unmatched.decide(conn, event_id=held["event_id"], source=held["source"], status=status, actor=actor,
                              reason=reason, resident_id=resident_id, at=datetime.now(timezone.utc))

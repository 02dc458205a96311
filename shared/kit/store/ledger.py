"""The ledger of accepted events: an event ID is published once, and an ID seen before with other
content is a conflict (the monitor would refuse it). Content is compared by meaning, as the monitor
compares it (shared.contracts.canonical)."""
from dataclasses import dataclass

import asyncpg

from shared import topics
from shared.contracts.canonical import content_digest, same_content
from shared.contracts.types import CloudEvent
from shared.keys import normalised_person_key, person_key
from shared.outbox import OutboxMessage, enqueue


@dataclass(frozen=True)
class Outgoing:
    """An accepted event ready for the outbox."""

    event_id: str
    sha256: bytes  # of the canonical form (shared.contracts.canonical): what the monitor compares for a reused ID
    message: OutboxMessage
    event: CloudEvent  # as validated: compared with a digest kept in the older, spelling-bound form


def outgoing(department: str, event, key_secret: str | None, normalised_id: str | None = None) -> Outgoing:
    """Without a key secret (a dry run, which never publishes) the message has no key."""
    value = event.model_dump_json().encode()
    if not key_secret:
        key = None
    elif normalised_id:
        key = normalised_person_key(normalised_id, key_secret)
    else:
        key = person_key(event.data.person.resident_id, key_secret)
    return Outgoing(event.id, content_digest(event), OutboxMessage(topics.events_topic(department), key, value), event)


def first_of_each_id(items: list[Outgoing]) -> tuple[dict[str, Outgoing], set[str]]:
    """(event ID -> its first item, IDs that come again in `items` with other content)."""
    first: dict[str, Outgoing] = {}
    conflicts: set[str] = set()
    for item in items:
        if first.setdefault(item.event_id, item).sha256 != item.sha256:
            conflicts.add(item.event_id)
    return first, conflicts


def reused_ids(first: dict[str, Outgoing], stored: dict[str, bytes]) -> set[str]:
    """IDs of `first` accepted before (`stored`: event ID -> the digest kept then) with other content,
    compared by meaning (shared.contracts.canonical.same_content: a row kept as first spelt too)."""
    return {i for i, item in first.items() if i in stored and not same_content(stored[i], item.event, item.sha256)}


async def publish(conn: asyncpg.Connection, items: list[Outgoing], via: str) -> tuple[set[str], set[str]]:
    """Enqueue the events not accepted before and record them. Returns (new IDs, conflicting IDs):
    an ID accepted before, or earlier in `items`, with other content is not enqueued."""
    first, conflicts = first_of_each_id(items)
    ids = list(first)
    rows = await conn.fetch(
        "INSERT INTO published_events (event_id, content_sha256, via) "
        "SELECT e, c, $3 FROM unnest($1::text[], $2::bytea[]) AS t(e, c) "
        "ON CONFLICT (event_id) DO NOTHING RETURNING event_id", ids, [first[i].sha256 for i in ids], via)
    new = {r["event_id"] for r in rows}
    if len(new) < len(ids):
        stored = await conn.fetch("SELECT event_id, content_sha256 FROM published_events "
                                  "WHERE event_id = ANY($1::text[])", [i for i in ids if i not in new])
        conflicts |= reused_ids(first, {r["event_id"]: bytes(r["content_sha256"]) for r in stored})
    await enqueue(conn, None, [first[i].message for i in ids if i in new])
    return new, conflicts

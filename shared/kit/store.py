"""A department's own tables for what it publishes: the ledger of accepted events (shared by
HTTP posts and file imports), import runs, and idempotency keys. Callers own the transaction.
Statements name the tables unqualified: the connection's pool has the department's schema as
its search_path (shared.db.create_pool)."""
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from shared import topics
from shared.db import apply_migrations
from shared.keys import normalised_person_key, person_key
from shared.outbox import OutboxMessage, enqueue

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
IDEMPOTENCY_KEY_DAYS = 7  # a department may retry the next day; a week is generous


async def migrate(conn: asyncpg.Connection, schema: str) -> list[str]:
    return await apply_migrations(conn, schema, MIGRATIONS)


@dataclass(frozen=True)
class Outgoing:
    """An accepted event ready for the outbox."""

    event_id: str
    sha256: bytes  # of the canonical JSON: what the monitor compares for a reused ID
    message: OutboxMessage


def outgoing(department: str, event, key_secret: str | None, normalised_id: str | None = None) -> Outgoing:
    """Without a key secret (a dry run, which never publishes) the message has no key."""
    value = event.model_dump_json().encode()
    if not key_secret:
        key = None
    elif normalised_id:
        key = normalised_person_key(normalised_id, key_secret)
    else:
        key = person_key(event.data.person.resident_id, key_secret)
    return Outgoing(event.id, hashlib.sha256(value).digest(), OutboxMessage(topics.events_topic(department), key, value))


async def publish(conn: asyncpg.Connection, items: list[Outgoing], via: str) -> tuple[set[str], set[str]]:
    """Enqueue the events not accepted before and record them. Returns (new IDs, conflicting IDs):
    an ID accepted before, or earlier in `items`, with other content is not enqueued."""
    first: dict[str, Outgoing] = {}
    conflicts: set[str] = set()
    for item in items:
        seen = first.setdefault(item.event_id, item)
        if seen.sha256 != item.sha256:
            conflicts.add(item.event_id)
    ids = list(first)
    rows = await conn.fetch(
        "INSERT INTO published_events (event_id, content_sha256, via) "
        "SELECT e, c, $3 FROM unnest($1::text[], $2::bytea[]) AS t(e, c) "
        "ON CONFLICT (event_id) DO NOTHING RETURNING event_id", ids, [first[i].sha256 for i in ids], via)
    new = {r["event_id"] for r in rows}
    if len(new) < len(ids):
        for r in await conn.fetch("SELECT event_id, content_sha256 FROM published_events "
                                  "WHERE event_id = ANY($1::text[])", [i for i in ids if i not in new]):
            if bytes(r["content_sha256"]) != first[r["event_id"]].sha256:
                conflicts.add(r["event_id"])
    await enqueue(conn, None, [first[i].message for i in ids if i in new])
    return new, conflicts


async def start_import(conn: asyncpg.Connection, file_name: str, file_sha256: bytes,
                       layout: str) -> tuple[int, asyncpg.Record | None]:
    """A new run; also returns the last run of the same file that never finished, if any."""
    unfinished = await conn.fetchrow(
        "SELECT import_id, started_at, rows_read, finished_at FROM imports WHERE file_sha256 = $1 "
        "ORDER BY import_id DESC LIMIT 1", file_sha256)
    import_id = await conn.fetchval(
        "INSERT INTO imports (file_name, file_sha256, layout) VALUES ($1, $2, $3) RETURNING import_id",
        file_name, file_sha256, layout)
    if unfinished is None or unfinished["finished_at"] is not None or unfinished["rows_read"] == 0:
        unfinished = None
    return import_id, unfinished


async def import_progress(conn: asyncpg.Connection, import_id: int, rows_read: int, published: int,
                          already: int) -> None:
    await conn.execute("UPDATE imports SET rows_read = $2, published = $3, already = $4 "
                       "WHERE import_id = $1", import_id, rows_read, published, already)


async def finish_import(conn: asyncpg.Connection, import_id: int, bad_rows: int) -> None:
    await conn.execute("UPDATE imports SET finished_at = now(), bad_rows = $2 WHERE import_id = $1",
                       import_id, bad_rows)


async def remembered_answer(conn: asyncpg.Connection, key: str) -> tuple[bytes, dict] | None:
    row = await conn.fetchrow("SELECT request_sha256, response FROM idempotency_keys WHERE key = $1 "
                              "AND created_at > now() - make_interval(days => $2)", key, IDEMPOTENCY_KEY_DAYS)
    return None if row is None else (bytes(row["request_sha256"]), json.loads(row["response"]))


async def remember_answer(conn: asyncpg.Connection, key: str, request_sha256: bytes,
                          response: dict) -> bool:
    """False when a concurrent request took the key first (the caller rolls back and replays)."""
    await conn.execute("DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(days => $1)",
                       IDEMPOTENCY_KEY_DAYS)
    return await conn.fetchval(
        "INSERT INTO idempotency_keys (key, request_sha256, response) VALUES ($1, $2, $3::jsonb) "
        "ON CONFLICT (key) DO NOTHING RETURNING true", key, request_sha256, json.dumps(response)) is not None

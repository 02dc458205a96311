"""monitor.dead_letters: a note of each record dead-lettered, with the original record kept whole
for a re-drive (the dead letter itself goes out via the outbox), and which re-drive sent it again."""
import base64
import json
from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

import asyncpg

from shared.bulk import columns


class DeadLetterRow(NamedTuple):
    """A row of monitor.dead_letters as written; `headers` (name, bytes) pairs as consumed."""

    source_topic: str
    partition: int
    offset: int
    reason: str
    key: bytes | None = None
    value: bytes | None = None
    headers: tuple = ()


def dead_letter_row(record, reason: str) -> DeadLetterRow:
    """The row of `record` (services.monitor.records.InboundRecord) dead-lettered for `reason`."""
    return DeadLetterRow(record.topic, record.partition, record.offset, reason, record.key, record.value,
                         tuple(record.headers or ()))


class WaitingRow(NamedTuple):
    """A dead letter not re-driven yet, as a re-drive or a listing reads it."""

    id: int
    source_topic: str
    partition: int
    offset: int
    reason: str
    received_at: datetime
    key: bytes | None
    value: bytes | None  # None: dead-lettered before migration 013, the bytes are only on the topic
    headers: list[tuple[bytes, bytes]]


def _headers_json(headers) -> str:
    """(name, value) pairs as JSON [[name base64, value base64], ...]; a name may be text or raw bytes."""
    return json.dumps([[base64.b64encode(k.encode() if isinstance(k, str) else bytes(k)).decode(),
                        base64.b64encode(v or b"").decode()] for k, v in headers])


async def record_dead_letters(conn: asyncpg.Connection, *, rows: Sequence[DeadLetterRow]) -> None:
    if rows:
        await conn.execute(
            'INSERT INTO monitor.dead_letters (source_topic, partition, "offset", reason, original_key, '
            "original_value, original_headers) SELECT t, p, o, r, k, v, h::jsonb FROM unnest($1::text[], $2::int[], "
            "$3::bigint[], $4::text[], $5::bytea[], $6::bytea[], $7::text[]) AS d(t, p, o, r, k, v, h) "
            "ON CONFLICT DO NOTHING", *columns([(*r[:4], r.key, r.value, _headers_json(r.headers)) for r in rows], 7))


_WAITING = ('SELECT id, source_topic, partition, "offset", reason, received_at, original_key, original_value, '
            "original_headers FROM monitor.dead_letters WHERE redrive_id IS NULL ")


async def waiting(conn: asyncpg.Connection, *, ids: Sequence[int] = (), reason: str | None = None,
                  limit: int | None = None, lock: bool = False) -> list[WaitingRow]:
    """Dead letters not re-driven, by ID: those of `ids`, or of `reason`, or all; `lock`: FOR UPDATE,
    so that two re-drives of one dead letter run one after the other and the second finds it sent."""
    rows = await conn.fetch(
        _WAITING + "AND (cardinality($1::bigint[]) = 0 OR id = ANY($1::bigint[])) "
        "AND ($2::text IS NULL OR reason = $2) ORDER BY id LIMIT $3" + (" FOR UPDATE" if lock else ""),
        list(ids), reason, limit)
    return [WaitingRow(r["id"], r["source_topic"], r["partition"], r["offset"], r["reason"], r["received_at"],
                       r["original_key"], r["original_value"],
                       [(base64.b64decode(k), base64.b64decode(v)) for k, v in json.loads(r["original_headers"] or "[]")])
            for r in rows]


async def counts_by_reason(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    """(reason, waiting, redriven) per reason, most waiting first."""
    return await conn.fetch(
        "SELECT reason, count(*) FILTER (WHERE redrive_id IS NULL) AS waiting, "
        "count(*) FILTER (WHERE redrive_id IS NOT NULL) AS redriven FROM monitor.dead_letters "
        "GROUP BY reason ORDER BY waiting DESC, reason")


async def existing(conn: asyncpg.Connection, *, ids: Sequence[int]) -> dict[int, int | None]:
    """Dead letter ID -> the re-drive that sent it (None: not re-driven), for those of `ids` that exist."""
    rows = await conn.fetch("SELECT id, redrive_id FROM monitor.dead_letters WHERE id = ANY($1::bigint[])", list(ids))
    return {r["id"]: r["redrive_id"] for r in rows}


async def mark_redriven(conn: asyncpg.Connection, *, ids: Sequence[int], redrive_id: int) -> None:
    await conn.execute("UPDATE monitor.dead_letters SET redrive_id = $2 WHERE id = ANY($1::bigint[])",
                       list(ids), redrive_id)

"""How far an outbox's relay is behind: rows not yet published (nor parked) and the age of the oldest."""
from dataclasses import dataclass

import asyncpg

_BACKLOG = ("SELECT count(*) AS pending, coalesce(extract(epoch FROM now() - min(created_at)), 0) AS oldest_s "
            "FROM outbox WHERE published_at IS NULL AND failed_at IS NULL")
_PARKED = "SELECT count(*) FROM outbox WHERE failed_at IS NOT NULL"


@dataclass(frozen=True)
class Backlog:
    """`pending` rows waiting for the relay; `oldest_s` seconds the oldest has waited (0 when none);
    `parked` rows the broker refused for good (shared/outbox/publish.py)."""
    pending: int
    oldest_s: float
    parked: int


async def outbox_backlog(conn: asyncpg.Connection, schema: str) -> Backlog:
    """`schema`'s outbox backlog (the pending rows are read by the relay's partial index outbox_pending).
    Raises asyncpg's errors (or OSError) when the database does not answer."""
    async with conn.transaction():
        await conn.execute("SELECT set_config('search_path', $1, true)", schema)  # this transaction only
        row = await conn.fetchrow(_BACKLOG)
        parked = await conn.fetchval(_PARKED)
    return Backlog(row["pending"], float(row["oldest_s"]), parked)

"""The audit log's rows (migration 016: triggers write one row per changing statement of a case's
tables and seal it, hash-chained, at commit): who acts in this transaction, and the chain read back."""
import asyncpg


async def act_as(conn: asyncpg.Connection, actor: str) -> None:
    """Name `actor` (an operator) as the actor of every audit row this transaction writes; without
    it the rows name 'monitor' (an automatic change)."""
    await conn.execute("SELECT set_config('monitor.actor', $1, true)", actor)


async def chain(conn: asyncpg.Connection, after_seq: int = 0, limit: int = 10_000) -> list[asyncpg.Record]:
    """Sealed rows with seq > `after_seq` in chain order, each with `canonical`, the text its hash
    is taken of (monitor.audit_canonical over the row's own columns and its stated prev_hash)."""
    return await conn.fetch(
        "SELECT seq, entity, action, actor, rows_changed, prev_hash, row_hash, "
        "       monitor.audit_canonical(seq, at, entity, action, actor, rows_changed, payload, prev_hash) AS canonical "
        "FROM monitor.audit_log WHERE seq > $1 ORDER BY seq LIMIT $2", after_seq, limit)


async def unsealed(conn: asyncpg.Connection) -> int:
    """Committed rows without a seal: none, unless the seal trigger was bypassed."""
    return await conn.fetchval("SELECT count(*) FROM monitor.audit_log WHERE seq IS NULL")

"""Idempotency keys of HTTP posts: the first answer to a key, kept for a week."""
import json

import asyncpg

IDEMPOTENCY_KEY_DAYS = 7  # a department may retry the next day; a week is generous


async def remembered_answer(conn: asyncpg.Connection, key: str) -> tuple[bytes, dict] | None:
    """(SHA-256 of the first request's body, the first answer), or None for a key not used this week."""
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

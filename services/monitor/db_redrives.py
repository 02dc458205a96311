"""monitor.redrives: the audit of dead-letter re-drives (who, when, what was chosen, which went)."""
import json
from collections.abc import Sequence

import asyncpg


async def record_redrive(conn: asyncpg.Connection, *, operator: str, selection: dict,
                         dead_letter_ids: Sequence[int]) -> int:
    """The new audit row's ID."""
    return await conn.fetchval(
        "INSERT INTO monitor.redrives (operator, selection, dead_letter_ids, sent) VALUES ($1, $2::jsonb, $3, $4) "
        "RETURNING id", operator, json.dumps(selection, ensure_ascii=False), list(dead_letter_ids),
        len(dead_letter_ids))

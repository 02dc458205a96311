"""monitor.alert_transitions: every lifecycle move of an alert, who made it, when and why."""
import json
from datetime import datetime

import asyncpg


async def insert_transition(conn: asyncpg.Connection, *, alert_id: str, from_status: str, to_status: str,
                            actor: str, reason: str, detail: dict, at: datetime) -> None:
    await conn.execute("INSERT INTO monitor.alert_transitions (alert_id, from_status, to_status, actor, reason, "
                       "detail, at) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)", alert_id, from_status, to_status,
                       actor, reason, json.dumps(detail, ensure_ascii=False, default=str), at)

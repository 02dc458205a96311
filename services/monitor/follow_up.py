"""Use case, a scheduled pass: follow-up reviews (回头看, DESIGN.md section 6) falling due. Each
alert whose risk was eliminated and whose follow_up_due date (policy lifecycle.follow_up_after_days
after the elimination) has come is flagged and announced once on monitor.alerts.v1 — in one
transaction, via the outbox. The cadres then review the household and move the alert to
followed_up or reopened.

Idempotent: an alert is flagged once per elimination (a reopened and again eliminated case is
flagged again for its new date), and concurrent passes flag it once between them.
"""
from datetime import datetime

import asyncpg

from services.monitor import db_alerts, messages
from services.monitor.local_time import local_date
from shared.contracts import monitor as m
from shared.outbox import enqueue


async def flag_follow_ups_due(conn: asyncpg.Connection, now: datetime) -> list[str]:
    """Flag every follow-up review due on or before today (Asia/Shanghai) that is not flagged yet,
    and enqueue one FollowUpFlagged each; returns the alert IDs flagged."""
    rows = await db_alerts.flag_follow_ups_due(conn, today=local_date(now), now=now)
    await enqueue(conn, "monitor", [messages.follow_up_flagged(m.FollowUpFlaggedData(
        alert_id=r["alert_id"], household_id=r["household_id"], county_code=r["county_code"],
        category=r["category"], risk_eliminated_at=r["status_changed_at"], follow_up_due=r["follow_up_due"]), now)
        for r in rows])
    return [r["alert_id"] for r in rows]

"""Waiting for the monitor: how many records it has processed (its /metrics/) and whether its
outbox is empty."""
import asyncio
import re
import time
from datetime import datetime, timezone

import asyncpg
import httpx

from deploy.demo import console
from deploy.local import services
from services.monitor.local_time import local_date

# Open tasks past their due date that the monitor's overdue pass (every 60 s) has not marked yet.
NOT_YET_MARKED = ("SELECT count(*) FROM monitor.tasks WHERE status <> 'completed' AND overdue_at IS NULL "
                  "AND due_date < $1")


def processed_so_far() -> int:
    text = httpx.get(f"http://127.0.0.1:{services.MONITOR_HTTP_PORT}/metrics/", timeout=5).text
    return int(sum(float(v) for v in re.findall(r'^monitor_records_total\{[^}]*\} ([0-9.e+]+)$', text, re.M)))


async def wait_drained(dsn: str, target: int, timeout_s: float) -> None:
    """Return once `target` records are processed and nothing waits in the outbox; raises TimeoutError."""
    deadline = time.monotonic() + timeout_s
    conn = await asyncpg.connect(dsn)
    last_report, last_done = 0.0, -1
    try:
        while time.monotonic() < deadline:
            done = processed_so_far()
            pending = await conn.fetchval("SELECT count(*) FROM monitor.outbox WHERE published_at IS NULL AND failed_at IS NULL")
            if done >= target and pending == 0:
                return
            if time.monotonic() - last_report > 5 and done != last_done:
                console.print(f"  monitor: {done:,} of {target:,} records processed, {pending:,} messages to send")
                last_report, last_done = time.monotonic(), done
            await asyncio.sleep(0.5)
    finally:
        await conn.close()
    raise TimeoutError(f"the monitor did not process {target} records within {timeout_s:.0f} s; see .local/logs/monitor.log")


async def wait_overdue_marked(dsn: str, timeout_s: float, poll_s: float = 5) -> None:
    """Return once the monitor's overdue pass has marked every open task past its due date (and
    so escalated its alert), for the summary to count them; raises TimeoutError."""
    deadline = time.monotonic() + timeout_s
    conn = await asyncpg.connect(dsn)
    try:
        while time.monotonic() < deadline:
            left = await conn.fetchval(NOT_YET_MARKED, local_date(datetime.now(timezone.utc)))
            if not left:
                return
            console.print(f"  waiting for the monitor's overdue pass: {left:,} tasks past their due date to escalate")
            await asyncio.sleep(poll_s)
    finally:
        await conn.close()
    raise TimeoutError(f"the monitor did not mark overdue tasks within {timeout_s:.0f} s; see .local/logs/monitor.log")

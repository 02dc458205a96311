"""The monitor's periodic passes, in one loop: overdue tasks escalate (overdue.py), follow-up
reviews falling due are flagged (follow_up.py), and processed IDs and published outbox rows past
their retention go (retention.py). Each pass is one transaction with its outbox
messages; a failed pass is logged and tried again next round, without holding up the other."""
import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone

import asyncpg
import structlog

from services.monitor.follow_up import flag_follow_ups_due
from services.monitor.metrics import SCHEDULER_ROUNDS
from services.monitor.overdue import mark_overdue
from services.monitor.retention import purge_expired
from shared.retry import is_transient, stopped_during

log = structlog.get_logger(__name__)

Pass = Callable[[asyncpg.Connection, datetime], Awaitable[list[str]]]  # returns the IDs it marked
PASSES: dict[str, Pass] = {"tasks_overdue": mark_overdue, "follow_ups_due": flag_follow_ups_due,
                           "retention_purged": purge_expired}


async def run_passes(pool: asyncpg.Pool, now: datetime, passes: dict[str, Pass] = PASSES) -> dict[str, list[str]]:
    """Every pass once at `now`; the IDs each one marked (a failed pass is left out)."""
    done = {}
    for name, work in passes.items():
        try:
            async with pool.acquire() as conn, conn.transaction():
                done[name] = await work(conn, now)
        except Exception as exc:  # noqa: BLE001 - a pass never stops the loop (nor the monitor); tried next round
            (log.warning if is_transient(exc) else log.error)("scheduler_pass_failed", scheduler_pass=name,
                                                               error=type(exc).__name__)
            continue
        if done[name]:
            log.info(name, count=len(done[name]))
    return done


async def run_scheduler(pool: asyncpg.Pool, stop: asyncio.Event, interval_s: float) -> None:
    """run_passes every `interval_s` seconds until `stop`."""
    while not stop.is_set():
        await run_passes(pool, datetime.now(timezone.utc))
        SCHEDULER_ROUNDS.inc()
        await stopped_during(stop, interval_s)

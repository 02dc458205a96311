"""The dashboard's system page (系统运行) reads on the monitor's own tables: events processed per minute
(monitor.processed_events, by its index processed_events_by_age), dead letters received lately and
the outbox backlog. Part of what services/monitor/dashboard_reads.py hands the dashboard
(dashboard/ports.py MonitorReads); minutes are shown in Asia/Shanghai (LOCAL_TZ)."""
from collections import Counter

import asyncpg

from services.monitor.dead_letter_kinds import reason_kind
from services.monitor.local_time import LOCAL_TZ
from shared.outbox.backlog import Backlog, outbox_backlog

MINUTES = 15  # the events-per-minute window
DEAD_LETTER_HOURS = 24


async def events_per_minute(conn: asyncpg.Connection, minutes: int = MINUTES) -> list[tuple[str, int]]:
    """[(HH:MM local, events processed in that minute)] for the last `minutes` minutes including the
    current one, oldest first, zeros kept. Duplicates and dead letters are not processed events."""
    rows = await conn.fetch(
        "SELECT to_char(m AT TIME ZONE $1, 'HH24:MI') AS minute, count(p.event_id) AS n "
        "FROM generate_series(date_trunc('minute', now()) - make_interval(mins => $2 - 1), date_trunc('minute', now()),"
        " '1 minute') m "
        "LEFT JOIN monitor.processed_events p ON p.processed_at >= m AND p.processed_at < m + interval '1 minute' "
        "GROUP BY m ORDER BY m", str(LOCAL_TZ), minutes)
    return [(r["minute"], r["n"]) for r in rows]


async def dead_letters_recent(conn: asyncpg.Connection, hours: int = DEAD_LETTER_HOURS) -> dict:
    """{"total": dead letters received in the last `hours` hours, "by_kind": [{kind, n}] most first}:
    kinds of reason (dead_letter_kinds), not the reasons' text, which can quote a record's values."""
    rows = await conn.fetch(
        "SELECT reason, count(*) AS n FROM monitor.dead_letters WHERE received_at >= now() - make_interval(hours => $1) "
        "GROUP BY reason", hours)
    kinds = Counter()
    for r in rows:
        kinds[reason_kind(r["reason"])] += r["n"]
    return {"total": sum(kinds.values()),
            "by_kind": [{"kind": k, "n": n} for k, n in sorted(kinds.items(), key=lambda kn: (-kn[1], kn[0]))]}


async def monitor_outbox(conn: asyncpg.Connection) -> Backlog:
    """The monitor's outbox backlog (shared.outbox.backlog)."""
    return await outbox_backlog(conn, "monitor")

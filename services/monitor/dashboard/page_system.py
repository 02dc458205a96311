"""System (系统运行): is the pipeline keeping up? Consumer lag of the system's groups per partition
(from the broker), events processed per minute over the last 15 minutes, the monitor's outbox backlog
and the dead letters of the last 24 hours."""
from fastapi import APIRouter, Request

from services.monitor.dashboard.ports import Pool, Reads
from services.monitor.dashboard.session import SignedIn
from services.monitor.dashboard.templating import render

router = APIRouter()


def lag_by_group(rows: list) -> list[dict]:
    """[{group, lag (records, summed), partitions: [PartitionLag]}] in the order of `rows` (shared.kafka_lag's)."""
    groups: dict[str, dict] = {}
    for r in rows:
        entry = groups.setdefault(r.group, {"group": r.group, "lag": 0, "partitions": []})
        entry["lag"] += r.lag
        entry["partitions"].append(r)
    return list(groups.values())


@router.get("/system")
async def system(request: Request, pool: Pool, reads: Reads, who: SignedIn):
    lag = await reads.consumer_lag()
    async with pool.acquire() as conn:
        per_minute = await reads.events_per_minute(conn)
        outbox = await reads.monitor_outbox(conn)
        dead = await reads.dead_letters_recent(conn)
    last_full = per_minute[-2][1] if len(per_minute) > 1 else 0  # the current minute is still filling
    return render(request, "system.html", operator=who, lag=None if lag is None else lag_by_group(lag),
                  minutes=[m for m, _ in per_minute], counts=[n for _, n in per_minute],
                  per_second=round(last_full / 60, 1), outbox=outbox, dead=dead)

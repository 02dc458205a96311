"""Live alerts: a server-sent event stream fed from monitor.alerts, polled every POLL_S (no reload).

Each SSE event is one rendered table row (templates/live_row.html). The cursor is raised_at; it
looks LOOKBACK back each time because raised_at is the inserting transaction's start, so a slow
transaction can commit a row older than one already seen; `seen` drops the repeats. The event id
is raised_at, so a reconnecting EventSource (Last-Event-ID) resumes where it stopped. A stream
ends after LIFETIME_S (the browser reconnects) so that a server shutdown never waits on it."""
import asyncio
import json
from datetime import datetime, timedelta, timezone

from fastapi import APIRouter, Header, Request
from fastapi.responses import StreamingResponse

from services.monitor.dashboard.ports import Pool, Reads
from services.monitor.dashboard.session import Scope, SignedIn
from services.monitor.dashboard.templating import helpers, render, templates

router = APIRouter()
POLL_S = 0.5
LOOKBACK = timedelta(seconds=10)
RESUME_WINDOW = timedelta(hours=1)  # a reconnecting browser catches up at most this far back
LIFETIME_S = 60.0
RECENT = 20  # rows shown when the page opens


@router.get("/live")
async def live(request: Request, pool: Pool, reads: Reads, who: SignedIn, scope: Scope):
    async with pool.acquire() as conn:
        recent = await reads.list_alerts(conn, county=None, level=None, status=None, counties=scope, limit=RECENT)
    return render(request, "live.html", operator=who, recent=recent)


def sse(event: str, data: str, event_id: str | None = None) -> str:
    """One SSE message; a multi-line `data` becomes several data: lines (the SSE format)."""
    lines = [f"event: {event}"] + ([f"id: {event_id}"] if event_id else [])
    lines += [f"data: {line}" for line in data.splitlines() or [""]]
    return "\n".join(lines) + "\n\n"


def start_of(last_event_id: str | None) -> datetime:
    """Where a stream starts: the Last-Event-ID the browser echoes (an aware raised_at this stream sent),
    kept within RESUME_WINDOW before now; anything else (absent, unparsable, without a UTC offset, in the
    future, far in the past) starts from now."""
    now = datetime.now(timezone.utc)
    try:
        since = datetime.fromisoformat(last_event_id) if last_event_id else now
    except ValueError:
        return now
    if since.tzinfo is None or since > now:
        return now
    return max(since, now - RESUME_WINDOW)


@router.get("/live/events")
async def live_events(request: Request, pool: Pool, reads: Reads, who: SignedIn, scope: Scope,
                      last_event_id: str | None = Header(None, max_length=64)):
    """text/event-stream: `event: alert` with a <tr> for each alert raised since the stream began
    (or since Last-Event-ID) in the operator's counties, then `event: bye` after LIFETIME_S."""
    row, shown_with = templates.get_template("live_row.html"), helpers(request)

    async def stream():
        cursor, seen = start_of(last_event_id), {}  # seen: alert_id -> raised_at, within the lookback
        yield sse("hello", json.dumps({"since": cursor.isoformat()}))
        loop = asyncio.get_running_loop()
        ends = loop.time() + LIFETIME_S
        while loop.time() < ends and not await request.is_disconnected():
            async with pool.acquire() as conn:
                fresh = await reads.alerts_since(conn, cursor - LOOKBACK, list(seen), counties=scope)
            for alert in fresh:
                seen[alert["alert_id"]] = alert["raised_at"]
                cursor = max(cursor, alert["raised_at"])
                yield sse("alert", row.render(a=alert, **shown_with), alert["raised_at"].isoformat())
            seen = {k: at for k, at in seen.items() if at >= cursor - LOOKBACK}  # bounded by the window
            await asyncio.sleep(POLL_S)
        yield sse("bye", "{}")

    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

"""Closing a client in bounded time at a stop: one that does not close within its time (its server
frozen or unreachable) is left, so the process still exits (issue 14, part 3; the monitor,
services/monitor/shutdown.py, and each department, shared/kit/service/lifespan.py)."""
import asyncio
from collections.abc import Awaitable


async def close_within(name: str, closing: Awaitable, seconds: float, log) -> bool:
    """Await `closing` at most `seconds`; False (logged as stop_close_incomplete, by `name` and the
    error's type) when it failed or did not finish in time."""
    try:
        await asyncio.wait_for(closing, seconds)
    except Exception as exc:  # noqa: BLE001 - a client that cannot close in time is left; the process exits
        log.warning("stop_close_incomplete", client=name, error=type(exc).__name__)
        return False
    return True

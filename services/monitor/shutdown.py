"""How the monitor's parts run and stop: SIGTERM (or SIGINT) stops intake at once, the work in
flight gets GRACE_S seconds to finish (a batch with its offsets, the relay's drain, a scheduler
pass), and whatever has not finished by then is abandoned: the pool is terminated, so a
transaction that has not committed never does, and its offsets are not committed either. Its
records are redelivered at the next start and deduplicated there. Each client is then closed
within CLOSE_S seconds, so the process exits within STOP_S seconds even with the database frozen
or the broker unreachable (issue 14, part 3).
"""
import asyncio
from collections.abc import Awaitable, Callable, Coroutine

import asyncpg
import structlog

from shared.closing import close_within

log = structlog.get_logger("services.monitor")

GRACE_S = 5.0
CLOSE_S = 1.0
STOP_S = 10.0  # GRACE_S + 1 s for abandoned work + CLOSE_S per client (three, then the pool): under it


async def run_parts(parts: dict[str, Coroutine], stop: asyncio.Event, pool: asyncpg.Pool,
                    closers: dict[str, Callable[[], Awaitable]]) -> bool:
    """Run `parts` until `stop` is set or one of them ends by itself (a crash: the others are
    stopped too), then stop as the module says; `closers` (name: close function) afterwards, in
    order, then the pool. True when every part ended cleanly."""
    tasks = [asyncio.create_task(coro, name=name) for name, coro in parts.items()]
    stopping = asyncio.create_task(stop.wait())
    await asyncio.wait([*tasks, stopping], return_when=asyncio.FIRST_COMPLETED)
    stop.set()
    stopping.cancel()
    pending = (await asyncio.wait(tasks, timeout=GRACE_S))[1] if tasks else set()
    if pending:
        log.warning("stop_abandoning_work", parts=sorted(t.get_name() for t in pending))
        pool.terminate()  # fails the awaits on the database at once; nothing uncommitted commits
        for task in pending:
            task.cancel()
        await asyncio.wait(pending, timeout=1.0)
    clean = True
    for task in tasks:
        if task.done() and not task.cancelled() and task.exception() is not None:
            clean = False
            log.error("monitor_part_failed", part=task.get_name(), error=type(task.exception()).__name__)
    for name, close in closers.items():
        await close_within(name, close(), CLOSE_S, log)
    if not await close_within("pool", pool.close(), CLOSE_S, log):
        pool.terminate()
    return clean


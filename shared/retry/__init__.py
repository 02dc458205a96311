"""The one bounded-backoff retry every loop uses; which failures it retries: transient.py; the waits: backoff.py.

Log lines of a retry carry the exception's type only, never its text: the text of a database or
broker error can quote the row (a resident ID, a name) that was being written.
"""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import structlog

from .backoff import Backoff
from .transient import is_transient

__all__ = ["Backoff", "RetryStopped", "is_transient", "retry", "stopped_during"]

log = structlog.get_logger(__name__)
T = TypeVar("T")


class RetryStopped(Exception):
    """The stop event was set while an operation waited to be retried; the operation did not succeed."""


async def retry(operation: Callable[[], Awaitable[T]], *, what: str, backoff: Backoff = Backoff(),
                retry_if: Callable[[BaseException], bool] = is_transient, stop: asyncio.Event | None = None,
                log_event: str = "retry", **log_fields) -> T:
    """Await `operation()` until it returns; a failure `retry_if` accepts is retried after a
    backoff wait, any other is raised at once.

    Raises the last failure when `backoff`'s bound is reached, and RetryStopped (from it) when
    `stop` is set before or during a wait. Each retry logs `log_event` at warning level with
    `what`, the exception's type name, the attempt number and the wait, plus `log_fields`.
    """
    loop = asyncio.get_running_loop()
    started = loop.time()
    attempts = 0
    while True:
        try:
            return await operation()
        except Exception as exc:  # noqa: BLE001 - classified just below
            attempts += 1
            if not retry_if(exc) or backoff.exhausted(attempts, loop.time() - started):
                raise
            if stop is not None and stop.is_set():
                raise RetryStopped(what) from exc
            delay = backoff.delay_s(attempts)
            log.warning(log_event, what=what, error=type(exc).__name__, attempt=attempts,
                        backoff_s=round(delay, 3), **log_fields)
            if await stopped_during(stop, delay):
                raise RetryStopped(what) from exc


async def stopped_during(stop: asyncio.Event | None, seconds: float) -> bool:
    """Sleep `seconds`, or less if `stop` is set meanwhile; True when it was (every loop's wait)."""
    if stop is None:
        await asyncio.sleep(seconds)
        return False
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except asyncio.TimeoutError:
        return False
    return True

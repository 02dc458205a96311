"""Which failures are transient, and the one bounded-backoff retry every loop uses.

A failure is transient when waiting can make the same operation succeed: the network or the
server is away for now. It is classified by what it is, never by a hand list of examples:

- Python: OSError and its network kinds (ConnectionError, TimeoutError, socket errors; in
  Python 3.11 asyncio.TimeoutError is TimeoutError); not the file-system kinds (a missing file
  stays missing).
- PostgreSQL, by SQLSTATE (PostgreSQL manual, Appendix A "PostgreSQL Error Codes"):
  class 08 connection exception; 57P operator intervention (admin/crash shutdown,
  57P03 "the database system is shutting down / starting up"); class 53 insufficient resources
  (too many connections, out of memory, disk full); 40001 serialization failure and 40P01
  deadlock (the transaction was rolled back and can run again).
- asyncpg's own InterfaceError, raised when the connection or pool it used is closed; not its
  subclasses, which report bad values or configuration (DataError, ClientConfigurationError...).
- Kafka: aiokafka errors the client marks `retriable` (KafkaConnectionError, NodeNotReadyError,
  RequestTimedOutError, NotLeaderForPartitionError...) and its KafkaTimeoutError.

Log lines of a retry carry the exception's type only, never its text: the text of a database or
broker error can quote the row (a resident ID, a name) that was being written.
"""
import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

import asyncpg
import structlog
from aiokafka.errors import KafkaError, KafkaTimeoutError

log = structlog.get_logger(__name__)
T = TypeVar("T")

_FILE_SYSTEM_ERRORS = (FileNotFoundError, FileExistsError, IsADirectoryError, NotADirectoryError, PermissionError)
_TRANSIENT_SQLSTATE_PREFIXES = ("08", "57P", "53", "40001", "40P01")


def is_transient(exc: BaseException) -> bool:
    """True when retrying the same operation later can succeed (module docstring lists the kinds)."""
    if isinstance(exc, asyncpg.PostgresError):
        return (getattr(exc, "sqlstate", None) or "").startswith(_TRANSIENT_SQLSTATE_PREFIXES)
    if isinstance(exc, asyncpg.InterfaceError):
        return type(exc) is asyncpg.InterfaceError
    if isinstance(exc, KafkaError):
        return bool(exc.retriable) or isinstance(exc, KafkaTimeoutError)
    if isinstance(exc, OSError):
        return not isinstance(exc, _FILE_SYSTEM_ERRORS)
    return False


class RetryStopped(Exception):
    """The stop event was set while an operation waited to be retried; the operation did not succeed."""


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with jitter: the n-th wait is drawn from [d/2, d], d = min(cap_s,
    first_s * factor**(n-1)), in seconds. Bounds: `max_attempts` (tries in all) and/or
    `max_elapsed_s` (no retry starts after that many seconds); None for either means no bound,
    for loops that must wait out an outage and have a stop event instead."""

    first_s: float = 0.2
    cap_s: float = 10.0
    factor: float = 2.0
    max_attempts: int | None = None
    max_elapsed_s: float | None = None

    def delay_s(self, retry_number: int) -> float:
        """Seconds to wait before retry `retry_number` (1 for the first retry)."""
        ceiling = min(self.cap_s, self.first_s * self.factor ** (retry_number - 1))
        return random.uniform(ceiling / 2, ceiling)

    def exhausted(self, attempts: int, elapsed_s: float) -> bool:
        return ((self.max_attempts is not None and attempts >= self.max_attempts)
                or (self.max_elapsed_s is not None and elapsed_s >= self.max_elapsed_s))


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
            if await _stopped_during(stop, delay):
                raise RetryStopped(what) from exc


async def _stopped_during(stop: asyncio.Event | None, seconds: float) -> bool:
    """Sleep `seconds`, or less if `stop` is set meanwhile; True when it was."""
    if stop is None:
        await asyncio.sleep(seconds)
        return False
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except asyncio.TimeoutError:
        return False
    return True

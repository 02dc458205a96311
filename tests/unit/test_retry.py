"""shared.retry: transient failures classified by kind (transient.py), and the one bounded-backoff retry."""
import asyncio
import errno
import socket

import asyncpg
import pytest
import structlog
from aiokafka import errors as kafka_errors

from shared.retry.backoff import Backoff
from shared.retry import RetryStopped, retry
from shared.retry.transient import is_transient

pytestmark = pytest.mark.unit

FAST = Backoff(first_s=0.001, cap_s=0.002)

TRANSIENT = [
    asyncpg.exceptions.CannotConnectNowError("the database system is shutting down"),  # 57P03
    asyncpg.exceptions.AdminShutdownError("terminating connection due to administrator command"),  # 57P01
    asyncpg.exceptions.CrashShutdownError("crash"),  # 57P02
    asyncpg.exceptions.PostgresConnectionError("connection exception"),  # 08000
    asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed in the middle of operation"),  # 08003
    asyncpg.exceptions.ConnectionFailureError("connection failure"),  # 08006
    asyncpg.exceptions.ClientCannotConnectError("cannot connect"),  # 08001
    asyncpg.exceptions.TooManyConnectionsError("sorry, too many clients already"),  # 53300
    asyncpg.exceptions.OutOfMemoryError("out of memory"),  # 53200
    asyncpg.exceptions.DiskFullError("could not extend file"),  # 53100
    asyncpg.exceptions.SerializationError("could not serialize access"),  # 40001
    asyncpg.exceptions.DeadlockDetectedError("deadlock detected"),  # 40P01
    asyncpg.InterfaceError("connection is closed"),
    OSError(errno.ECONNREFUSED, "Connect call failed"),
    ConnectionRefusedError(),
    ConnectionResetError(),
    BrokenPipeError(),
    TimeoutError(),
    asyncio.TimeoutError(),
    socket.gaierror(-3, "Temporary failure in name resolution"),
    kafka_errors.KafkaConnectionError("no connection"),
    kafka_errors.NodeNotReadyError(),
    kafka_errors.RequestTimedOutError(),
    kafka_errors.NotLeaderForPartitionError(),
    kafka_errors.LeaderNotAvailableError(),
    kafka_errors.KafkaTimeoutError(),
]

PERMANENT = [
    asyncpg.exceptions.UniqueViolationError("duplicate key value violates unique constraint"),  # 23505
    asyncpg.exceptions.ForeignKeyViolationError("violates foreign key constraint"),  # 23503
    asyncpg.exceptions.NotNullViolationError("null value"),  # 23502
    asyncpg.exceptions.InvalidTextRepresentationError("invalid input syntax"),  # 22P02
    asyncpg.exceptions.NumericValueOutOfRangeError("numeric field overflow"),  # 22003
    asyncpg.exceptions.DatetimeFieldOverflowError("date/time field value out of range"),  # 22008
    asyncpg.exceptions.UndefinedTableError("relation does not exist"),  # 42P01
    asyncpg.exceptions.PostgresSyntaxError("syntax error"),  # 42601
    asyncpg.exceptions.InsufficientPrivilegeError("permission denied"),  # 42501
    asyncpg.exceptions.QueryCanceledError("canceling statement due to user request"),  # 57014, not 57P
    asyncpg.exceptions.DataError("invalid input for query argument $1"),  # a bad value, client side
    asyncpg.exceptions.ClientConfigurationError("bad DSN"),
    ValueError("not a date"),
    KeyError("unsafe_housing"),
    RuntimeError("bug"),
    FileNotFoundError(errno.ENOENT, "no such file"),
    PermissionError(errno.EACCES, "denied"),
    kafka_errors.MessageSizeTooLargeError(),
    kafka_errors.InvalidTopicError(),
    kafka_errors.TopicAuthorizationFailedError(),
    kafka_errors.UnsupportedVersionError(),
]


@pytest.mark.parametrize("exc", TRANSIENT, ids=lambda e: type(e).__name__)
def test_a_failure_that_waiting_can_cure_is_transient(exc):
    assert is_transient(exc)


@pytest.mark.parametrize("exc", PERMANENT, ids=lambda e: type(e).__name__)
def test_a_failure_the_same_operation_meets_again_is_not_transient(exc):
    assert not is_transient(exc)


def test_the_shutting_down_error_is_classified_by_its_sqlstate_class():
    exc = asyncpg.exceptions.CannotConnectNowError("the database system is shutting down")
    assert exc.sqlstate == "57P03" and is_transient(exc)


@pytest.mark.parametrize("sqlstate, transient", [("08004", True), ("08P01", True), ("57P04", True), ("57P05", True),
                                                 ("53400", True), ("23514", False), ("22012", False),
                                                 ("42703", False), ("XX000", False), ("40002", False)])
def test_an_error_asyncpg_has_no_class_for_is_classified_by_its_sqlstate(sqlstate, transient):
    # asyncpg maps codes it does not know to UnknownPostgresError carrying the code.
    exc = asyncpg.exceptions.PostgresError.new({"C": sqlstate, "M": "x", "S": "ERROR"})
    assert exc.sqlstate == sqlstate
    assert is_transient(exc) is transient


class Flaky:
    """Fails with `failures` in turn, then returns "done"."""

    def __init__(self, *failures: BaseException):
        self.failures, self.calls = list(failures), 0

    async def __call__(self):
        self.calls += 1
        if self.failures:
            raise self.failures.pop(0)
        return "done"


async def test_transient_failures_are_retried_until_the_operation_succeeds():
    op = Flaky(asyncpg.exceptions.CannotConnectNowError("x"), ConnectionResetError(),
               kafka_errors.KafkaConnectionError())
    assert await retry(op, what="test", backoff=FAST) == "done"
    assert op.calls == 4


@pytest.mark.parametrize("exc", [asyncpg.exceptions.UniqueViolationError("dup"), ValueError("v"),
                                 asyncpg.exceptions.DataError("bad")], ids=lambda e: type(e).__name__)
async def test_a_permanent_failure_is_raised_at_once(exc):
    op = Flaky(exc)
    with pytest.raises(type(exc)):
        await retry(op, what="test", backoff=FAST)
    assert op.calls == 1


async def test_retries_stop_at_the_attempt_bound_with_the_last_failure():
    op = Flaky(*[ConnectionResetError() for _ in range(4)], TimeoutError())
    with pytest.raises(TimeoutError):
        await retry(op, what="test", backoff=Backoff(first_s=0.001, cap_s=0.001, max_attempts=5))
    assert op.calls == 5


async def test_retries_stop_at_the_time_bound():
    op = Flaky(*[ConnectionResetError() for _ in range(10_000)])
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(ConnectionResetError):
        await retry(op, what="test", backoff=Backoff(first_s=0.01, cap_s=0.02, max_elapsed_s=0.1))
    assert loop.time() - started < 1 and 1 < op.calls < 100


async def test_a_stop_during_the_wait_ends_the_retries():
    stop = asyncio.Event()
    op = Flaky(*[ConnectionResetError() for _ in range(10_000)])
    asyncio.get_running_loop().call_later(0.05, stop.set)
    with pytest.raises(RetryStopped):
        await retry(op, what="test", backoff=Backoff(first_s=10, cap_s=10), stop=stop)
    assert op.calls == 1


async def test_a_custom_predicate_decides_what_is_retried():
    op = Flaky(asyncpg.exceptions.UniqueViolationError("dup"))
    assert await retry(op, what="test", backoff=FAST,
                       retry_if=lambda e: isinstance(e, asyncpg.UniqueViolationError)) == "done"


@pytest.mark.parametrize("n", range(1, 12))
def test_the_waits_grow_exponentially_within_the_cap(n):
    b = Backoff(first_s=0.2, cap_s=10, factor=2)
    ceiling = min(10, 0.2 * 2 ** (n - 1))
    assert all(ceiling / 2 <= b.delay_s(n) <= ceiling for _ in range(50))


async def test_a_retry_logs_the_type_of_the_failure_never_its_text():
    secret = "Key (resident_id)=(650102199001011234) already exists, 阿依古丽"
    op = Flaky(asyncpg.exceptions.ConnectionFailureError(secret))
    with structlog.testing.capture_logs() as logs:
        await retry(op, what="test", backoff=FAST, log_event="test_retry")
    [line] = [e for e in logs if e["event"] == "test_retry"]
    assert line["error"] == "ConnectionFailureError" and line["attempt"] == 1
    assert "650102199001011234" not in repr(logs) and "阿依古丽" not in repr(logs)

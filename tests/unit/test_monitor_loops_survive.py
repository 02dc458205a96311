"""The monitor's loops never end on a failure (issue 14, part 2): a scheduler pass that fails in
any way is logged and tried next round, and a failed poll is retried with backoff; only a failure
that is not transient sends the consumer to look for a record it cannot decode."""
import asyncio
from contextlib import asynccontextmanager
from datetime import datetime, timezone

import asyncpg
import pytest
from aiokafka.errors import KafkaConnectionError

from services.monitor import consumer
from services.monitor.scheduler import run_passes

pytestmark = pytest.mark.unit


class Conn:
    def transaction(self):
        @asynccontextmanager
        async def tx():
            yield
        return tx()


class Pool:
    @asynccontextmanager
    async def acquire(self):
        yield Conn()


@pytest.mark.parametrize("failure", [asyncpg.InterfaceError("pool is closing"), KeyError("bug"),
                                     asyncpg.exceptions.CannotConnectNowError("shutting down")])
async def test_a_failing_scheduler_pass_is_left_out_and_the_others_run(failure):
    async def failing(_conn, _now):
        raise failure

    async def fine(_conn, _now):
        return ["t1"]

    done = await run_passes(Pool(), datetime.now(timezone.utc), {"failing": failing, "fine": fine})
    assert done == {"fine": ["t1"]}


class FailingPolls:
    """A consumer whose polls fail with `failure` `times` times, then stop the loop."""

    def __init__(self, failure, times, stop):
        self.failure, self.left, self.stop, self.polls = failure, times, stop, 0

    async def getmany(self, timeout_ms):
        self.polls += 1
        if self.left:
            self.left -= 1
            raise self.failure
        self.stop.set()
        return {}


@pytest.mark.parametrize("failure, looks_for_unreadable", [
    (KafkaConnectionError("broker away"), False),
    (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"), True),
])
async def test_a_failed_poll_is_retried_and_only_a_lasting_one_looks_for_an_unreadable_record(
        monkeypatch, failure, looks_for_unreadable):
    looked = []

    async def skip_unreadable(*_args):
        looked.append(1)
        return 1, consumer.BatchResult()

    monkeypatch.setattr(consumer, "skip_unreadable", skip_unreadable)
    monkeypatch.setattr(consumer, "POLL_BACKOFF", consumer.Backoff(first_s=0.001, cap_s=0.002))
    stop = asyncio.Event()
    polls = FailingPolls(failure, 3, stop)
    await asyncio.wait_for(consumer.run_consumer(polls, None, None, None, "s", stop), 5)
    assert polls.polls == 4 and bool(looked) == looks_for_unreadable

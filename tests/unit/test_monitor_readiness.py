"""services.monitor.readiness: /readyz's checks name what does not answer in time, a frozen
server included (a check that hangs is "away" after its timeout, never a hanging answer)."""
import asyncio
from contextlib import asynccontextmanager

import pytest
from aiokafka.errors import KafkaConnectionError

from shared.readiness import Readiness

pytestmark = pytest.mark.unit


class Conn:
    def __init__(self, hang: bool):
        self.hang = hang

    async def fetchval(self, _sql):
        if self.hang:
            await asyncio.Event().wait()
        return 1


class Pool:
    def __init__(self, hang=False):
        self.conn = Conn(hang)

    @asynccontextmanager
    async def acquire(self):
        yield self.conn


class Client:
    def __init__(self, fails: bool):
        self.fails = fails

    async def fetch_all_metadata(self):
        if self.fails:
            raise KafkaConnectionError("no broker")


class Producer:
    def __init__(self, fails=False):
        self.client = Client(fails)


@pytest.mark.parametrize("pool, producer, away", [
    (Pool(), Producer(), []),
    (Pool(hang=True), Producer(), ["database"]),
    (Pool(), Producer(fails=True), ["broker"]),
    (Pool(hang=True), Producer(fails=True), ["database", "broker"]),
])
async def test_what_does_not_answer_in_time_is_named_away(pool, producer, away):
    assert await asyncio.wait_for(Readiness(pool, producer, timeout_s=0.05).away(), 2) == away

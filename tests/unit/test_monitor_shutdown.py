"""services.monitor.shutdown.run_parts: after the stop, work in flight gets GRACE_S; what has not
finished is abandoned (the pool terminated first, so nothing uncommitted commits), every client
is closed within CLOSE_S, and a part that fails by itself stops the others."""
import asyncio

import pytest

from services.monitor import shutdown

pytestmark = pytest.mark.unit


class Pool:
    def __init__(self, close_hangs=False):
        self.terminated, self.close_hangs = 0, close_hangs

    def terminate(self):
        self.terminated += 1

    async def close(self):
        if self.close_hangs:
            await asyncio.Event().wait()


@pytest.fixture(autouse=True)
def short_times(monkeypatch):
    monkeypatch.setattr(shutdown, "GRACE_S", 0.2)
    monkeypatch.setattr(shutdown, "CLOSE_S", 0.1)


async def until(stop):
    await stop.wait()


async def forever():
    await asyncio.Event().wait()


async def test_work_still_in_flight_at_the_deadline_is_abandoned_after_the_pool_is_terminated():
    stop, pool, closed = asyncio.Event(), Pool(), []

    async def close():
        closed.append("consumer")

    asyncio.get_running_loop().call_later(0.05, stop.set)
    clean = await asyncio.wait_for(shutdown.run_parts({"quick": until(stop), "stalled": forever()}, stop, pool,
                                                      {"consumer": close}), 3)
    assert clean is True and pool.terminated >= 1 and closed == ["consumer"]


async def test_work_that_finishes_in_the_grace_time_is_not_abandoned():
    stop, pool = asyncio.Event(), Pool()

    async def finishing():
        await stop.wait()
        await asyncio.sleep(0.05)

    asyncio.get_running_loop().call_later(0.05, stop.set)
    assert await shutdown.run_parts({"batch": finishing()}, stop, pool, {}) is True
    assert pool.terminated == 0


async def test_a_part_that_fails_by_itself_stops_the_others_and_the_run_is_not_clean():
    stop, pool = asyncio.Event(), Pool()

    async def failing():
        raise RuntimeError("bug")

    assert await asyncio.wait_for(shutdown.run_parts({"other": until(stop), "bad": failing()}, stop, pool, {}),
                                  3) is False
    assert stop.is_set()


async def test_a_client_or_pool_that_cannot_close_in_time_is_left_and_the_pool_terminated():
    stop, pool = asyncio.Event(), Pool(close_hangs=True)
    stop.set()
    assert await asyncio.wait_for(shutdown.run_parts({}, stop, pool, {"producer": forever}), 3) is True
    assert pool.terminated == 1

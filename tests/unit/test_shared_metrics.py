"""shared.metrics' sampler: a sample that cannot reach the database or the broker marks
metrics_sample_failed and never raises, and a stop set while a sample waits on an away broker ends the
loop at once (a service's stop is bounded: services/monitor/shutdown.py)."""
import asyncio
import time

import pytest
from prometheus_client import REGISTRY

from deploy.local.process import free_port
from shared.metrics import sample_forever, sample_once

pytestmark = pytest.mark.unit


class AwayPool:
    """A pool whose database does not answer."""

    def acquire(self):
        raise ConnectionRefusedError("database away")


async def test_a_sample_of_away_sources_marks_them_failed_and_does_not_raise():
    await sample_once(AwayPool(), "monitor", f"127.0.0.1:{free_port()}", ["g"])
    assert REGISTRY.get_sample_value("metrics_sample_failed", {"source": "outbox"}) == 1
    assert REGISTRY.get_sample_value("metrics_sample_failed", {"source": "lag"}) == 1


async def test_a_stop_during_a_sample_ends_the_loop_without_waiting_for_the_broker():
    asked = asyncio.Event()

    async def silent(reader, writer):  # a "broker" that accepts and never answers
        asked.set()
        await reader.read()

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    stop = asyncio.Event()
    loop = asyncio.create_task(sample_forever(AwayPool(), "monitor", f"127.0.0.1:{port}", ["g"], stop))
    await asyncio.wait_for(asked.wait(), 5)  # the lag sample now waits on the silent broker
    started = time.monotonic()
    stop.set()
    await asyncio.wait_for(loop, 2)
    assert time.monotonic() - started < 1
    server.close()

"""Issue 14, part 2 (the monitor's side): PostgreSQL away for about 20 s during a burst: every
connection cut (tests/faults/tcp_proxy.py), then every new one answered as a server that is
shutting down answers (SQLSTATE 57P03, asyncpg's CannotConnectNowError, which the retry list once
did not know: the monitor then dead-lettered the batch record by record and exited). The monitor answers 503 on /readyz
meanwhile and 200 when the database is back, resumes by itself, stays alive, and every event is
processed exactly once after: none is isolated or dead-lettered because of the outage. The relay
publishes what was written, and the scheduler runs its passes again."""
import asyncio
import struct
import time
from contextlib import asynccontextmanager

import pytest

from tests.integration import events as ev
from tests.integration.lone_monitor import lone_monitor
from tests.integration.system import wait_log
from tests.integration.test_end_to_end import as_bytes

OUTAGE_S = 20
SHUTTING_DOWN = b"".join(tag + text + b"\0" for tag, text in (
    (b"S", b"FATAL"), (b"V", b"FATAL"), (b"C", b"57P03"), (b"M", b"the database system is shutting down"))) + b"\0"


@asynccontextmanager
async def shutting_down_server(port: int):
    """What PostgreSQL answers a new connection while it shuts down, on `port` (PostgreSQL
    manual, "Frontend/Backend Protocol": SSLRequest refused with N, then an ErrorResponse)."""
    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                size = struct.unpack(">i", await reader.readexactly(4))[0]
                code = struct.unpack(">i", (await reader.readexactly(size - 4))[:4])[0]
                if code != 80877103:  # not an SSLRequest: the startup message
                    break
                writer.write(b"N")
            writer.write(b"E" + struct.pack(">i", len(SHUTTING_DOWN) + 4) + SHUTTING_DOWN)
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", port, reuse_address=True)
    try:
        yield
    finally:
        server.close()
        await server.wait_closed()


@pytest.fixture
async def monitor(infra, tmp_path):
    async with lone_monitor(infra, tmp_path, through_proxy=True) as lone:
        lone.start()
        yield lone


async def exactly_once(monitor, events) -> None:
    """Each event processed once, one alert per household (each event is its household's only
    one), every outbox message published, no dead letter at all."""
    await monitor.wait_processed([e.id for e in events], timeout_s=120)
    households = [r["household_id"] for r in await monitor.query(
        "SELECT household_id FROM monitor.household_events WHERE event_id = ANY($1)", [e.id for e in events])]
    assert len(households) == len(set(households)) == len(events)
    alerts = await monitor.query("SELECT household_id, count(*) AS n FROM monitor.alerts WHERE household_id = ANY($1) "
                                 "GROUP BY household_id", households)
    assert {r["household_id"]: r["n"] for r in alerts} == {h: 1 for h in households}
    assert await monitor.dead_letters() == []
    assert (await monitor.query("SELECT count(*) AS n FROM monitor.dead_letters"))[0]["n"] == 0
    deadline = time.monotonic() + 60
    while (await monitor.query("SELECT count(*) AS n FROM monitor.outbox WHERE published_at IS NULL"))[0]["n"]:
        assert time.monotonic() < deadline, "the relay did not publish the outbox after the outage"
        await asyncio.sleep(0.5)


async def test_the_database_away_for_20_s_during_a_burst_is_waited_out_and_nothing_is_lost_or_doubled(monitor):
    heads = await monitor.people(160)
    events = [ev.housing(ev.person(p), "D") for p in heads]
    await monitor.send("housing", [as_bytes(e) for e in events[:80]])
    await monitor.wait_processed([e.id for e in events[:10]], timeout_s=60)
    assert await asyncio.to_thread(monitor.readyz) == 200

    monitor.proxy.cut()
    cut_at = time.monotonic()
    async with shutting_down_server(monitor.proxy.port):
        await monitor.send("housing", [as_bytes(e) for e in events[80:]])  # the burst goes on while it is away
        await monitor.wait_readyz(503, timeout_s=15)
        await asyncio.sleep(max(0.0, OUTAGE_S - (time.monotonic() - cut_at)))
        assert monitor.service.proc.poll() is None, monitor.log_text()[-3000:]
        scheduler_runs_before = monitor.log_text().count('"tasks_overdue"')
    monitor.proxy.restore()

    await monitor.wait_readyz(200, timeout_s=30)
    await exactly_once(monitor, events)
    assert monitor.service.proc.poll() is None
    log = monitor.log_text()
    assert '"error": "CannotConnectNowError", "attempt"' in log  # the outage was met, and retried, not isolated:
    assert "batch_failed_isolating" not in log and "record_dead_lettered" not in log
    assert '"outbox_relay_retry"' in log  # the relay met it too, and waited
    deadline = time.monotonic() + 30  # new tasks fall overdue (their events are dated in the past)
    while monitor.log_text().count('"tasks_overdue"') <= scheduler_runs_before:
        assert time.monotonic() < deadline, "the scheduler did not run again after the outage"
        await asyncio.sleep(0.5)


async def test_a_monitor_started_while_its_database_is_away_waits_for_it_and_then_works(infra, tmp_path):
    async with lone_monitor(infra, tmp_path, through_proxy=True) as lone:
        lone.proxy.cut()
        lone.launch()
        await asyncio.to_thread(wait_log, lone.service, '"start_waiting"', 60)
        await asyncio.sleep(3)
        assert lone.service.proc.poll() is None, lone.log_text()[-3000:]
        lone.proxy.restore()
        await asyncio.to_thread(wait_log, lone.service, "monitor_started", 60)
        event = ev.housing(ev.person((await lone.people(1))[0]), "D")
        await lone.send("housing", [as_bytes(event)])
        await lone.wait_processed([event.id])

"""Issue 12 part 3: scale-out on Kafka's own mechanism. Two monitor processes in one consumer group,
on department topics of six partitions, give the same effects as one process on the same messages:
the same household events, factors, alerts, tasks and outbox messages, each event processed once.

Events are keyed by the person as departments key them and spread over the partitions; which
instance reads which partition is Kafka's. Each household has one event: several events of one
household can raise different alerts when they come in one batch or in two (an alert shows what its
batch knew), with one instance as with two, so batch boundaries, not instances, would be compared."""
import asyncio
import json
import time
from datetime import datetime, timedelta
from decimal import Decimal

from aiokafka.admin import AIOKafkaAdminClient

from deploy.local.process import free_port
from shared.kafka_security import client_options
from shared.keys import person_key
from tests.integration import events as ev
from tests.integration.lone_monitor import LoneMonitor, lone_monitor
from tests.integration.system import start_service, wait_http, wait_log
from tests.integration.test_end_to_end import as_bytes

HOUSEHOLDS = 150


def _events(heads: list[dict]) -> dict[str, list]:
    """By department: one event of each household (its head), on three topics."""
    out = {"housing": [], "health_insurance": [], "employment": []}
    when = datetime.now(ev.TZ) - timedelta(hours=1)  # today's: no task is overdue, so the scheduler adds nothing
    for i, row in enumerate(heads):
        p = ev.person(row)
        if i % 3 == 0:
            out["housing"].append(ev.housing(p, "CD"[i % 2], when))
        elif i % 3 == 1:
            out["health_insurance"].append(ev.hospital_bill(p, Decimal(20000 + 1000 * (i % 5)), when))
        else:
            out["employment"].append(ev.job_lost(p, when=when))
    return out


async def _send(lone: LoneMonitor, batches: dict[str, list]) -> None:
    secret = lone.env["PARTITION_KEY_SECRET"]
    for department, events in batches.items():
        await lone.send(department, [as_bytes(e) for e in events],
                        keys=[person_key(e.data.person.resident_id, secret) for e in events])


async def _group_members(lone: LoneMonitor) -> int:
    admin = AIOKafkaAdminClient(**client_options(lone.bootstrap))
    await admin.start()
    try:
        [response] = await admin.describe_consumer_groups([lone.prefix + "monitor"])
        # DescribeGroups v2: groups = [(error_code, group_id, state, protocol_type, protocol, members), ...]
        [(_, _, state, _, _, members, *_)] = response.groups
        return len(members) if state == "Stable" else 0
    finally:
        await admin.close()


async def _settled(lone: LoneMonitor, event_ids: list[str]) -> None:
    await lone.wait_processed(event_ids, timeout_s=180)
    deadline = time.monotonic() + 60
    while (await lone.query("SELECT count(*) AS n FROM monitor.outbox WHERE published_at IS NULL"))[0]["n"]:
        assert time.monotonic() < deadline, "the relay did not publish the outbox"
        await asyncio.sleep(0.3)


async def _effects(lone: LoneMonitor) -> dict[str, list]:
    """Every effect, in a form that does not depend on which instance wrote it or when."""
    q = lone.query
    outbox = [(r["topic"].removeprefix(lone.prefix), r["key"], _without_clock(json.loads(r["value"])))
              for r in await q("SELECT topic, key, value FROM monitor.outbox")]
    return {
        "household_events": sorted(tuple(r) for r in await q(
            "SELECT event_id, household_id, department, event_type, amount_yuan FROM monitor.household_events")),
        "factors": sorted(tuple(r) for r in await q(
            "SELECT household_id, code, level, active, evidence_event_ids, amount_yuan FROM monitor.factors")),
        "alerts": sorted(tuple(r) for r in await q(
            "SELECT alert_id, household_id, level, factors::text, status FROM monitor.alerts")),
        "tasks": sorted(tuple(r) for r in await q(
            "SELECT task_id, alert_id, household_id, department, task_type, status, evidence_event_ids "
            "FROM monitor.tasks")),
        "processed": sorted(tuple(r) for r in await q("SELECT source, event_id, outcome FROM monitor.processed_events")),
        "outbox": sorted(json.dumps(m, sort_keys=True, default=str) for m in outbox),
        "dead_letters": [tuple(r) for r in await q("SELECT reason FROM monitor.dead_letters")],
    }


def _without_clock(message: dict) -> dict:
    """A published message without what the wall clock sets: the CloudEvents `time` of a message
    raised now (alerts and tasks carry the business time of their events in `data`)."""
    return {k: v for k, v in message.items() if k != "time"}


async def test_two_instances_in_one_group_on_six_partitions_give_the_effects_of_one(infra, tmp_path):
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
    async with lone_monitor(infra, tmp_path / "one", partitions=6) as one, \
            lone_monitor(infra, tmp_path / "two", partitions=6) as two:
        heads = await one.people(HOUSEHOLDS)
        batches = _events(heads)
        ids = [e.id for events in batches.values() for e in events]

        one.start()
        await _send(one, batches)
        await _settled(one, ids)

        first = two.start()
        second = start_service("monitor-2b", ["services.monitor"], {**two.env, "MONITOR_HTTP_PORT": str(free_port())},
                               two.log_dir, None)
        try:
            await asyncio.to_thread(wait_log, second, "monitor_started", 90)
            deadline = time.monotonic() + 60
            while await _group_members(two) != 2:
                assert time.monotonic() < deadline, "the two instances never formed one stable group"
                await asyncio.sleep(0.5)
            await _send(two, batches)
            await _settled(two, ids)
            raised = [s.log.read_text(errors="replace").count('"alert_raised"') for s in (first, second)]
        finally:
            second.stop()

        assert all(raised), f"both instances must have raised alerts (each read partitions): {raised}"
        mine, theirs = await _effects(one), await _effects(two)
        assert mine["alerts"], "the events must raise alerts, or the comparison shows nothing"
        assert len(mine["processed"]) == len(ids)
        differ = {table: (len(mine[table]), len(theirs[table]), next(
            (m, t) for m, t in zip(mine[table] + [None], theirs[table] + [None]) if m != t))
            for table in mine if mine[table] != theirs[table]}
        assert not differ, f"one instance and two differ (rows of one, of two, first difference): {differ}"

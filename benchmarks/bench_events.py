"""Department events for the end-to-end benchmark: the departments' own simulators over people drawn
from the registry, as JSON bytes keyed as the departments key them, published before the clock
starts (`publish_all`) or at a fixed rate (`publish_paced`)."""
import asyncio
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import asyncpg
from aiokafka import AIOKafkaProducer
from aiokafka.structs import TopicPartition

from services.civil_affairs.contracts import DeathRegistered, DisabilityRegistered
from shared import topics
from shared.keys import person_key
from shared.kafka_security import client_options
from tooling.simulate.departments import SIMULATED, simulator_of
from tooling.simulate.people import SimPerson

MONTH = date(2026, 10, 1)
REGISTRY_CHANGES = (DeathRegistered, DisabilityRegistered)


@dataclass(frozen=True)
class BenchEvent:
    event_id: str
    topic: str  # under the benchmark's prefix
    key: bytes | None
    value: bytes


def prefixed(prefix: str, topic: str) -> str:
    """`topic` (a shared.topics name) under another prefix."""
    return prefix + topic.removeprefix(topics.PREFIX)


async def sample_people(dsn: str, n: int, seed: int) -> list[SimPerson]:
    """`n` registry persons drawn at random (repeatably for one seed and registry)."""
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute("SELECT setseed($1)", (seed % 1000) / 1000)
        rows = await conn.fetch("SELECT p.resident_id, p.name, p.gender, p.birth_date, h.village_code, p.household_id, "
                                "p.main_earner FROM monitor.persons p TABLESAMPLE BERNOULLI (least(100, $2)) "
                                "JOIN monitor.households h USING (household_id) WHERE p.deceased_on IS NULL LIMIT $1",
                                n, 100.0 * 3 * n / max(1, await conn.fetchval(
                                    "SELECT reltuples::bigint FROM pg_class WHERE oid = 'monitor.persons'::regclass")))
    finally:
        await conn.close()
    return [SimPerson(*r) for r in rows]


def department_events(people: list[SimPerson], count: int, prefix: str, key_secret: str, seed: int) -> list[BenchEvent]:
    """`count` events spread evenly over the simulated departments, shuffled. Registrations of deaths
    and disabilities are left out: they change the registry itself, and every run here must start
    from the same registry (a copy of one template database)."""
    rng = random.Random(seed)
    per = -(-count // len(SIMULATED))
    out = []
    for code in SIMULATED:
        topic = prefixed(prefix, topics.events_topic(code))
        made = 0
        for ev in simulator_of(code)(people, rng, MONTH, per * 2):
            if isinstance(ev, REGISTRY_CHANGES):
                continue
            out.append(BenchEvent(ev.id, topic, person_key(ev.data.person.resident_id, key_secret),
                                  ev.model_dump_json().encode()))
            made += 1
            if made == per:
                break
    rng.shuffle(out)
    return out[:count]


def _producer(bootstrap: str) -> AIOKafkaProducer:
    # As a department's outbox relay sends: idempotent, acks from all in-sync replicas, batched.
    return AIOKafkaProducer(**client_options(bootstrap), enable_idempotence=True, acks="all", linger_ms=5,
                            max_batch_size=512 * 1024)


async def publish_all(bootstrap: str, events: list[BenchEvent]) -> dict[TopicPartition, int]:
    """Publish every event, waiting for all acknowledgements; returns each partition's end offset."""
    producer = _producer(bootstrap)
    await producer.start()
    ends: dict[TopicPartition, int] = {}
    try:
        futures = [await producer.send(e.topic, e.value, key=e.key) for e in events]
        for meta in await asyncio.gather(*futures):
            tp = TopicPartition(meta.topic, meta.partition)
            ends[tp] = max(ends.get(tp, 0), meta.offset + 1)
    finally:
        await producer.stop()
    return ends


async def publish_paced(bootstrap: str, events: list[BenchEvent], per_second: int,
                        sent_at: Callable[[str, float], None]) -> float:
    """Publish at `per_second` (in ticks of 10 ms), calling `sent_at(event_id, time.time())` as each
    is handed to the producer; returns the rate achieved (events per second)."""
    producer = _producer(bootstrap)
    await producer.start()
    try:
        started = time.monotonic()
        futures = []
        for i, e in enumerate(events):
            due = started + i / per_second
            if (wait := due - time.monotonic()) > 0:
                await asyncio.sleep(wait)
            sent_at(e.event_id, time.time())
            futures.append(await producer.send(e.topic, e.value, key=e.key))
        await asyncio.gather(*futures)
        return len(events) / (time.monotonic() - started)
    finally:
        await producer.stop()
